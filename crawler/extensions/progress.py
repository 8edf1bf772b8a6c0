"""A live progress display (rich) while crawling: pages, reports, cells, per site.

Only drawn on a terminal; under CI or with output redirected it stays silent and the
CLI prints the summary at the end instead.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.middlewares.site_scope import site_of


class ProgressDisplay:
    def __init__(self, stats) -> None:
        self.stats = stats
        self.console = Console(stderr=True)
        self.pages_by_site: Counter[str] = Counter()
        self.live: Live | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NIANBAO_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler.stats)
        if not extension.console.is_terminal:
            raise NotConfigured
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def spider_opened(self, spider=None) -> None:
        self.live = Live(self.render(), console=self.console, refresh_per_second=4, transient=False)
        self.live.start()

    def spider_closed(self, spider=None) -> None:
        if self.live is not None:
            self.live.update(self.render())
            self.live.stop()

    def response_received(self, response, request, spider=None) -> None:
        self.pages_by_site[request.meta.get("site") or site_of(request.url)] += 1
        self.refresh()

    def item_scraped(self, item, response, spider=None) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self.live is not None:
            self.live.update(self.render())

    def render(self) -> Table:
        table = Table(title="nianbao crawl", expand=False)
        table.add_column("site")
        table.add_column("pages", justify="right")
        for site, pages in sorted(self.pages_by_site.items()):
            table.add_row(site, str(pages))
        reports = self.stats.get_value("nianbao/reports", 0)
        cells = self.stats.get_value("nianbao/cells", 0)
        table.caption = f"reports {reports} · cells read {cells} · requests {self.stats.get_value('downloader/request_count', 0)}"
        return table

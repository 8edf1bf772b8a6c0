"""Fetch the known reports no list led to this time: the evidence for moves and deletions.

A scheduled run walks the sites from their home pages as always. When it runs out of
requests, the reports earlier runs knew on these sites (``archive.history.known_reports``)
whose pages this run has not fetched are no longer listed: they were moved, deleted or
just dropped from the list. Each such page is fetched once more so that the archive
holds what its URL answers now — a 404, a redirect (to the new URL, or to the column),
a meta refresh, or the unchanged page — and ``archive.revisions`` can say which.

The URLs are stored in ``rechecks`` before they are requested, so a report reached only
through them is known to be unlisted. Settings: ``NIANBAO_RECHECK_KNOWN`` (default
True), ``NIANBAO_DB_PATH``, ``NIANBAO_RUN_ID``.
"""

from __future__ import annotations

import logging

import scrapy
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured

from archive.db import open_db
from archive.history import known_reports, run_urls
from crawler.middlewares.site_scope import site_of

logger = logging.getLogger(__name__)


class RecheckKnownReports:
    """Extension: on the first ``spider_idle``, request the known report pages not yet fetched."""

    def __init__(self, crawler: Crawler, db_path: str, run_id: int) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.run_id = run_id
        self.done = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecheckKnownReports:
        settings = crawler.settings
        if not settings.getbool("NIANBAO_RECHECK_KNOWN", True):
            raise NotConfigured("NIANBAO_RECHECK_KNOWN is off")
        db_path, run_id = settings.get("NIANBAO_DB_PATH"), settings.get("NIANBAO_RUN_ID")
        if not (db_path and run_id):
            raise NotConfigured("rechecking known reports needs NIANBAO_DB_PATH and NIANBAO_RUN_ID")
        extension = cls(crawler, db_path, int(run_id))
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        return extension

    def pending(self, seeds: dict[str, str]) -> list[dict]:
        """Known report pages on the seeds' sites that this run has not fetched; stored in ``rechecks``."""
        db = open_db(self.db_path)
        try:
            fetched = run_urls(db, self.run_id)
            wanted: dict[str, dict] = {}
            for known in known_reports(db, before_run=self.run_id):
                url = known["page_url"] or known["url"]
                if url and site_of(url) in seeds and url not in fetched:
                    wanted.setdefault(url, known)
            with db.conn:
                db["rechecks"].upsert_all(
                    ({"run_id": self.run_id, "url": url, "report_key": known["report_key"]}
                     for url, known in wanted.items()), pk=("run_id", "url"))
            return [{"url": url, **known} for url, known in wanted.items()]
        finally:
            db.conn.close()

    def spider_idle(self, spider: Spider | None = None) -> None:
        if self.done:
            return
        self.done = True
        spider = spider or self.crawler.spider
        seeds = {site_of(seed.url): seed.url for seed in getattr(spider, "seed_list", [])}
        pending = self.pending(seeds)
        if not pending:
            return
        logger.info("rechecking %d known report pages no list led to", len(pending))
        for known in pending:
            site = site_of(known["url"])
            # No list title: a page that now redirects to its column must not pass for the report.
            meta = {"site": site, "seed": seeds[site], "phase": "detail", "recheck": True}
            self.crawler.engine.crawl(scrapy.Request(known["url"], callback=spider.parse_page, meta=meta))
        if self.crawler.stats:
            self.crawler.stats.set_value("nianbao/rechecked", len(pending))
        raise DontCloseSpider("rechecking known reports")

"""Hanweb 大汉 JCMS "jpage" lists (domain.md §2.3).

A column page holds its first group of records as CDATA inside ``<script
type="text/xml"><datastore>`` — an HTML parser sees no links there — and configures the
pager with ``totalRecord``, ``perPage``, ``groupSize``, ``proxyUrl`` and ``ajaxParam``.
Later groups come only from ``POST <proxyUrl>?startrecord=S&endrecord=E&perpage=P`` with
``ajaxParam`` as the form body, answered with the same datastore XML. We unwrap the
records of the page, then post for every further group, exactly as the browser would,
and hand every record to :meth:`ReportsSpider.follow_listed`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.links import clean_href
from crawler.platforms.js_config import number_after, object_after, pairs

logger = logging.getLogger(__name__)

DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.S | re.I)
RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
TOTAL_RECORD = re.compile(r"totalRecord\s*:\s*['\"]?(\d+)")
PROXY_URL = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+)['\"]")
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
MAX_RECORDS = 20_000  # a totalRecord beyond this is a trap or a typo
WINDOW = 3000  # characters around ``totalRecord`` searched for the rest of one jpage's settings


@dataclass(frozen=True)
class Jpage:
    """One jpage component's settings as the page writes them."""

    total: int
    per_page: int
    group_size: int
    proxy_url: str
    form: dict[str, str]

    @property
    def group(self) -> int:
        return self.per_page * self.group_size

    def groups(self, after: int) -> list[tuple[int, int]]:
        """(startrecord, endrecord) of every group after the first *after* records."""
        total = min(self.total, MAX_RECORDS)
        return [(start, start + self.group - 1) for start in range(after + 1, total + 1, self.group)]


def jpages(html: str) -> list[Jpage]:
    """Every jpage configured on the page (one per ``totalRecord``).

    Each component's settings are read from the text around its ``totalRecord``, the part
    after it first (the object's own remainder), so two components do not mix.
    """
    found = []
    starts = [m.start() for m in TOTAL_RECORD.finditer(html)]
    for i, start in enumerate(starts):
        low = max(starts[i - 1] + 1 if i else 0, start - WINDOW)
        high = starts[i + 1] if i + 1 < len(starts) else start + WINDOW
        after, around = html[start:high], html[low:high]
        body = object_after(after, "ajaxParam") or object_after(around, "ajaxParam")
        total = number_after(after, "totalRecord")
        if body is None or total is None:
            continue
        proxy = PROXY_URL.search(after) or PROXY_URL.search(around)
        found.append(Jpage(total=total, per_page=number_after(after, "perPage") or number_after(around, "perPage") or 15,
                           group_size=number_after(after, "groupSize") or number_after(around, "groupSize") or 3,
                           proxy_url=proxy.group(1) if proxy else DEFAULT_PROXY, form=pairs(body)))
    return found


def records(xml: str) -> list[str]:
    """The HTML of every ``<record>`` of the first datastore in *xml* (a page or a proxy answer)."""
    store = DATASTORE.search(xml)
    return RECORD.findall(store.group(1)) if store else []


def total_record(xml: str) -> int | None:
    """``<totalrecord>`` of a proxy answer."""
    match = re.search(r"<totalrecord>\s*(\d+)\s*</totalrecord>", xml, re.I)
    return int(match.group(1)) if match else None


def record_entries(base_url: str, fragments: Iterable[str]) -> Iterator[tuple[str, str]]:
    """``(url, title)`` of the links in record fragments; template placeholders are skipped."""
    for fragment in fragments:
        for anchor in Selector(text=fragment).css("a[href]"):
            url = clean_href(base_url, anchor.attrib.get("href"))
            if url is None:
                continue
            title = anchor.attrib.get("title") or anchor.css("span::text").get() or "".join(anchor.css("::text").getall())
            yield url, " ".join(title.split())


class HanwebAdapter:
    name = "hanweb"

    def matches(self, response: Response) -> bool:
        text = getattr(response, "text", "")
        return "<datastore>" in text or bool(TOTAL_RECORD.search(text) and "ajaxParam" in text)

    def list_requests(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        """Follow the inline records, then post for the groups after them, per component.

        The i-th datastore on the page belongs to the i-th jpage script (each component
        writes its datastore, then its script); a component without one starts at record 1.
        """
        stores = [RECORD.findall(store) for store in DATASTORE.findall(response.text)]
        for fragments in stores:
            spider.crawler.stats.inc_value("nianbao/hanweb/inline_records", len(fragments))
            yield from spider.follow_listed(response, record_entries(response.url, fragments))
        for i, jpage in enumerate(jpages(response.text)):
            for start, end in jpage.groups(after=len(stores[i]) if i < len(stores) else 0):
                yield self.group_request(response, spider, jpage, start, end)

    def group_request(self, response: Response, spider: scrapy.Spider, jpage: Jpage, start: int,
                      end: int) -> scrapy.Request:
        """The POST the browser sends for records ``start``..``end``."""
        url = urljoin(response.url, f"{jpage.proxy_url}?startrecord={start}&endrecord={end}&perpage={jpage.per_page}")
        column_url = response.meta.get("jpage_column", response.url)
        return scrapy.FormRequest(url, formdata=jpage.form, headers={"Referer": column_url},
                                  callback=self.parse_group, cb_kwargs={"spider": spider},
                                  meta=spider.child_meta(response, "column", jpage=jpage, jpage_column=column_url))

    def parse_group(self, response: Response, spider: scrapy.Spider):
        """A proxy answer: its records are list entries; a grown total asks for more groups."""
        fragments = records(response.text)
        if not fragments and total_record(response.text) is None:
            spider.crawler.stats.inc_value("nianbao/hanweb/bad_group")
            logger.warning("jpage proxy answered without a datastore: %s (status %s)", response.url, response.status)
            return
        column_url = response.meta["jpage_column"]
        yield from spider.follow_listed(response, record_entries(column_url, fragments))
        jpage: Jpage = response.meta["jpage"]
        total = total_record(response.text) or 0
        if total > jpage.total:  # the list grew while we crawled: the browser would page on
            grown = Jpage(total, jpage.per_page, jpage.group_size, jpage.proxy_url, jpage.form)
            for start, end in grown.groups(after=jpage.total):
                yield self.group_request(response, spider, grown, start, end)

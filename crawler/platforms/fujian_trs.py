"""TRS on the Fujian intensive platform: lists published "动静结合" (domain.md §2.2).

Page 1 of a column is static HTML (read by the spider as ordinary links); later pages
exist only as ``POST /fjdzapp/search`` answers. The page tells us how the browser would
ask: the ``list2.trsapi`` config names ``maxStaticIndex``, ``listArgs`` (``channelid``,
often written as ``SiteInfo.searchId``, ``classsql``, ``sortfield``) and ``pagebar``
(``prepage``, ``recordCount``). We post the same form for every dynamic page and follow
the documents of the JSON ``data`` (``chnldocurl``, else ``docpuburl``) until
``pageCount``. The endpoint itself lives in the platform's shared script, not in the
page, so it is this adapter's knowledge of the platform.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from crawler.platforms.js_config import number_after, object_after, pairs, resolve

logger = logging.getLogger(__name__)

SEARCH_PATH = "/fjdzapp/search"
MARKER = re.compile(r"list2\.trsapi|quickMode\s*:\s*[\"']动静结合")
MAX_PAGES = 500  # a pageCount beyond this is a trap or a typo


def list_form(html: str) -> dict[str, str] | None:
    """The search form of the page's list config (``listArgs`` resolved), or None."""
    body = object_after(html, "listArgs")
    if body is None:
        return None
    form = {key: resolve(value, html) for key, value in pairs(body).items()}
    return form if form.get("channelid", "").isdigit() else None


def page_size(html: str) -> int:
    pagebar = object_after(html, "pagebar") or ""
    return number_after(pagebar, "prepage") or 10


def first_dynamic_page(html: str) -> int:
    """Pages up to ``maxStaticIndex`` are in the HTML; the API serves the ones after."""
    static = number_after(html, "maxStaticIndex")
    return (static if static is not None else 1) + 1


def expected_pages(html: str, size: int) -> int | None:
    """Page count from ``pagebar.recordCount``, when the page states it."""
    records = number_after(object_after(html, "pagebar") or "", "recordCount")
    return math.ceil(records / size) if records is not None else None


def data_entries(column_url: str, answer: dict) -> Iterator[tuple[str, str]]:
    """``(url, title)`` of every document in one API answer."""
    for item in answer.get("data") or []:
        if not isinstance(item, dict):
            continue
        href = item.get("chnldocurl") or item.get("docpuburl")
        if isinstance(href, str) and href.strip():
            yield urljoin(column_url, href.strip()), str(item.get("doctitle") or "")


class FujianTrsAdapter:
    name = "fujian_trs"

    def matches(self, response: Response) -> bool:
        text = getattr(response, "text", "")
        if "list2.trsapi" not in text and "quickMode" not in text:
            return False  # neither literal the marker starts with: a substring scan settles most pages
        return bool(MARKER.search(text, 0, 300_000))  # the first 300 000 characters, in place

    def list_requests(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        form = list_form(response.text)
        if form is None:
            spider.crawler.stats.inc_value("nianbao/fujian_trs/unreadable_config")
            logger.warning("动静结合 list config without a usable listArgs: %s", response.url)
            return
        size = page_size(response.text)
        first = first_dynamic_page(response.text)
        last = min(expected_pages(response.text, size) or first, MAX_PAGES)
        for page in range(first, last + 1):
            yield self.page_request(response, spider, form, size, page, column_url=response.url)

    def page_request(self, response: Response, spider: scrapy.Spider, form: dict[str, str], size: int, page: int,
                     column_url: str) -> scrapy.Request:
        body = {**form, "page": str(page), "prepage": str(size)}
        return scrapy.FormRequest(urljoin(response.url, SEARCH_PATH), formdata=body, headers={"Referer": column_url},
                                  callback=self.parse_page, cb_kwargs={"spider": spider},
                                  meta=spider.child_meta(response, "column", trs_form=form, trs_size=size,
                                                         trs_page=page, trs_column=column_url))

    def parse_page(self, response: Response, spider: scrapy.Spider):
        """One API page: its documents are list entries; pages up to ``pageCount`` are asked for."""
        try:
            answer = json.loads(response.text)
        except (ValueError, AttributeError):
            answer = None
        if not isinstance(answer, dict):
            spider.crawler.stats.inc_value("nianbao/fujian_trs/bad_answer")
            logger.warning("search API answered with no JSON object: %s (status %s)", response.url, response.status)
            return
        column_url = response.meta["trs_column"]
        yield from spider.follow_listed(response, data_entries(column_url, answer))
        try:
            page_count = min(int(answer.get("pageCount") or 0), MAX_PAGES)
        except (TypeError, ValueError):
            page_count = 0
        form, size = response.meta["trs_form"], response.meta["trs_size"]
        for page in range(response.meta["trs_page"] + 1, page_count + 1):  # duplicates are filtered
            yield self.page_request(response, spider, form, size, page, column_url)

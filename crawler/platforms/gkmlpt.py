"""Guangdong's 政府信息公开目录 platform, gkmlpt (domain.md §2.6).

The ``…/gkmlpt/index`` page is an SPA shell: its HTML lists nothing, it only embeds
``window._CONFIG = {SID, TREE: [{id, name, parent, post_count}…]}``. The lists exist only
as JSON from ``…/gkmlpt/api/all/<columnId>?page=<n>&sid=<SID>`` (100 articles a page,
each with ``url`` and ``title``). So the adapter reads the TREE, picks the 年报 columns
(by name, with their sub-columns) — or every column when the site has no separate 年报
column and files reports among other documents — asks each for
``ceil(post_count / 100)`` pages (and one more whenever a page comes back full, in case
the count was stale) and hands the articles to :meth:`ReportsSpider.follow_listed`.

The shell is a navigation page, not a column page, so this adapter says
``reads_navigation = True``: the spider asks it on home/nav pages too.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import scrapy
from scrapy.http import Response

from crawler.page_roles import is_column_label

logger = logging.getLogger(__name__)

CONFIG_START = re.compile(r"window\._CONFIG\s*=\s*")
UNQUOTED_KEY = re.compile(r"([{,]\s*)([A-Za-z_]\w*)\s*:")
PER_PAGE = 100
MAX_PAGES = 200  # per column; a count claiming more is a trap or a typo


def _balanced_object(text: str, start: int) -> str | None:
    """The ``{…}`` literal starting at ``text[start]``, braces inside strings ignored."""
    if start >= len(text) or text[start] != "{":
        return None
    depth, quote, escaped = 0, "", False
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
    return None


def read_config(html: str) -> dict | None:
    """``window._CONFIG`` as a dict (JSON, or a JS literal with bare keys), None if absent/unreadable."""
    found = CONFIG_START.search(html)
    if not found:
        return None
    literal = _balanced_object(html, found.end())
    if literal is None:
        return None
    for candidate in (literal, UNQUOTED_KEY.sub(r'\1"\2":', literal).replace("'", '"')):
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        return value if isinstance(value, dict) else None
    return None


def report_columns(tree: list[dict]) -> list[dict]:
    """The TREE nodes to list: the 年报 columns and their descendants, else every column."""
    nodes = [n for n in tree if isinstance(n, dict) and "id" in n]
    chosen = {n["id"] for n in nodes if is_column_label(str(n.get("name") or ""))}
    if not chosen:
        return nodes
    grew = True
    while grew:
        children = {n["id"] for n in nodes if n.get("parent") in chosen} - chosen
        chosen |= children
        grew = bool(children)
    return [n for n in nodes if n["id"] in chosen]


def api_url(shell_url: str, column_id: object, page: int, sid: str) -> str:
    """``…/gkmlpt/api/all/<column>?page=<n>&sid=<sid>`` next to the shell ``…/gkmlpt/index``."""
    return urljoin(shell_url, f"api/all/{column_id}?" + urlencode({"page": page, "sid": sid}))


def page_count(node: dict) -> int:
    try:
        count = int(node.get("post_count") or 0)
    except (TypeError, ValueError):
        count = 0
    return min(max(1, math.ceil(count / PER_PAGE)), MAX_PAGES)


class GkmlptAdapter:
    name = "gkmlpt"
    reads_navigation = True

    def matches(self, response: Response) -> bool:
        text = response.text  # the first 500 000 characters, searched in place
        found = CONFIG_START.search(text, 0, 500_000)
        return bool(found) and text.find("TREE", found.end(), 500_000) >= 0

    def list_requests(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        config = read_config(response.text)
        if not config or not config.get("SID") or not isinstance(config.get("TREE"), list):
            return
        sid = str(config["SID"])
        for node in report_columns(config["TREE"]):
            for page in range(1, page_count(node) + 1):
                yield self._api_request(response, spider, api_url(response.url, node["id"], page, sid))

    def _api_request(self, response: Response, spider: scrapy.Spider, url: str) -> scrapy.Request:
        meta = spider.child_meta(response, "column", gkmlpt_shell=response.meta.get("gkmlpt_shell", response.url))
        return scrapy.Request(url, callback=self.parse_articles, cb_kwargs={"spider": spider}, meta=meta,
                              headers={"Accept": "application/json, text/plain, */*",
                                       "X-Requested-With": "XMLHttpRequest"})

    def parse_articles(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        """One API page: its articles to the spider, and the next page when this one is full."""
        try:
            data = json.loads(response.text)
        except (ValueError, AttributeError) as error:
            spider.crawler.stats.inc_value("nianbao/platform/gkmlpt_bad_json")
            logger.warning("gkmlpt list API answered non-JSON at %s: %s", response.url, error)
            return
        articles = data.get("articles") if isinstance(data, dict) else None
        if not isinstance(articles, list):
            spider.crawler.stats.inc_value("nianbao/platform/gkmlpt_bad_json")
            return
        entries = [(a.get("url") or a.get("post_url"), a.get("title") or "")
                   for a in articles if isinstance(a, dict) and (a.get("url") or a.get("post_url"))]
        yield from spider.follow_listed(response, entries)
        if len(articles) >= PER_PAGE:
            query = parse_qs(urlsplit(response.url).query)
            page = int(query.get("page", ["1"])[0] or 1)
            if page < MAX_PAGES:
                column = urlsplit(response.url).path.rstrip("/").rsplit("/", 1)[-1]
                shell = response.meta.get("gkmlpt_shell", response.url)
                sid = query.get("sid", [""])[0]
                yield self._api_request(response, spider, api_url(shell, column, page + 1, sid))

"""年报 modules keyed by (organisation, year) (domain.md §1.2 pattern 4).

Zhejiang's Hanweb xxgk module answers ``/module/xxgk/xxgkAnnualReport.jsp?fbtime=<year>
&area=<org code>``; Anhui's 政务公开平台 answers ``/public/column/<orgId>?action=detail
&title=<year>&type=3``. The pages linking them are indexes whose link text is only a year
("2023年度") beside an organisation's name ("县发改局"), so no link carries a report title
and the spider's title rule finds nothing. This adapter recognises the module's links by
their address and names each one the way its index does — organisation + year — so the
spider treats the answer as a report page: its own heading decides when it has one, and a
pair the module has no report for (暂无年报) is left to the ingest's no-report rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qs, urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.links import clean_href
from extract.titles import is_report_title

ZHEJIANG_PATH = re.compile(r"/module/xxgk/xxgkAnnualReport\.jsp$", re.I)
ANHUI_PATH = re.compile(r"/public/column/\d+$")
# A module address anywhere in the page source (parameters in any order, ``&`` or ``&amp;``):
# ``xxgkAnnualReport.jsp?…area=`` or ``/public/column/<id>?…action=detail``. Two patterns, each
# led by a character the regex engine can skip to (``?``, then the name checked behind it;
# ``/``): one case-insensitive alternation tried a match at every character of every page.
MODULE_ADDRESSES = (re.compile(r"\?(?<=xxgkAnnualReport\.jsp\?)[^\"'<>\s]*area=", re.I),
                    re.compile(r"/public/column/\d+\?[^\"'<>\s]*action=detail", re.I))
YEAR = re.compile(r"(?:19|20)\d{2}")
MAX_LEVELS = 4  # ancestors searched for the organisation's name
MAX_NAME = 40  # a longer text is a whole block of the page, not one organisation's name
TITLE_TAIL = "年政府信息公开工作年度报告"


def module_year(url: str) -> int | None:
    """The report year a module address asks for, or None when *url* is not a 年报 module address.

    Zhejiang: ``xxgkAnnualReport.jsp`` with ``fbtime`` (the year) and ``area``; Anhui:
    ``/public/column/<id>`` with ``action=detail``, ``type=3`` and ``title`` (the year).
    """
    parts = urlsplit(url)
    query = {k.lower(): v[-1] for k, v in parse_qs(parts.query).items()}
    if ZHEJIANG_PATH.search(parts.path) and query.get("area"):
        year = query.get("fbtime", "")
    elif ANHUI_PATH.search(parts.path) and query.get("action") == "detail" and query.get("type") == "3":
        year = query.get("title", "")
    else:
        return None
    return int(year) if YEAR.fullmatch(year.strip()) else None


def _own_text(node: Selector, skip: set[str], *, with_links: bool) -> str:
    """The text of *node* outside its links; *with_links* adds the labels of links other than
    the module's (an organisation's name may link to its own column, beside its years)."""
    parts = node.xpath(".//text()[not(ancestor::a) and not(ancestor::script) and not(ancestor::style)"
                       " and not(ancestor::option)]").getall()
    if with_links and not "".join(parts).strip():
        parts = ["".join(a.css("::text").getall()) for a in node.css("a[href]") if a.attrib.get("href") not in skip]
    return " ".join(" ".join(parts).split())


def organisation_of(anchor: Selector, module_hrefs: set[str]) -> str:
    """The organisation an index names beside a year link: the nearest enclosing row, item or
    block with text of its own (module links left out; other links only beside the year
    link itself), when that text is short enough to be a name."""
    node = anchor
    for level in range(MAX_LEVELS):
        parents = node.xpath("..")
        if not parents:
            break
        node = parents[0]
        text = _own_text(node, module_hrefs, with_links=level == 0)
        if text:
            return text if len(text) <= MAX_NAME else ""
    return ""


def list_title(label: str, org: str, year: int) -> str:
    """The title the index implies for a link: its own label when it is a report title,
    else organisation + year + 政府信息公开工作年度报告."""
    label = " ".join(label.split())
    if is_report_title(label):
        return label
    return f"{org}{year}{TITLE_TAIL}"


def module_entries(base_url: str, html: str | Selector) -> Iterator[tuple[str, str]]:
    """``(url, implied title)`` of every 年报 module link on a page, in page order, once each.

    *html* is the page's text, or its selector when it is parsed already (a response's).
    """
    page = html if isinstance(html, Selector) else Selector(text=html)
    anchors = []
    for anchor in page.css("a[href]"):
        url = clean_href(base_url, anchor.attrib.get("href"))
        year = module_year(url) if url else None
        if year is not None:
            anchors.append((anchor, url, year))
    hrefs = {a.attrib.get("href") for a, _, _ in anchors}
    seen: set[str] = set()
    for anchor, url, year in anchors:
        if url in seen:
            continue
        seen.add(url)
        label = anchor.attrib.get("title") or "".join(anchor.css("::text").getall())
        yield url, list_title(label, organisation_of(anchor, hrefs), year)


class XxgkModuleAdapter:
    name = "xxgk_module"
    reads_navigation = True  # an index may sit on a 政府信息公开 page itself, not only in a column

    def matches(self, response: Response) -> bool:
        text = getattr(response, "text", "")
        return any(pattern.search(text) for pattern in MODULE_ADDRESSES)

    def list_requests(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        """Every module link as a ``detail`` request named organisation + year."""
        for url, title in module_entries(response.url, response.selector):
            spider.crawler.stats.inc_value("nianbao/xxgk_module/links")
            yield response.follow(url, callback=spider.parse_page,
                                  meta=spider.child_meta(response, "detail", list_title=title))

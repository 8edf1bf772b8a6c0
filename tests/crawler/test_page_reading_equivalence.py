"""The spider's cheaper page reading answers as the parsel queries it replaced.

``page_title``, ``attachments()`` and the platform adapters' ``matches`` read compiled XPath
and pre-filtered regexes instead of ``response.css()`` and one-pass alternations; the
links of a response are computed once. Each old form is kept here as the reference and
run on the portal's own pages (a site of each kind) and on crafted look-alikes.
"""

from __future__ import annotations

import gc
import re
import weakref

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.links import page_links
from crawler.page_roles import BODY_CONTAINERS
from crawler.platforms import ADAPTERS, adapters_for
from crawler.platforms.fujian_trs import FujianTrsAdapter
from crawler.platforms.xxgk_module import XxgkModuleAdapter
from crawler.spiders.reports import ReportsSpider, page_published, page_title
from portal.sites import fujian_city, gkmlpt_city, hanweb_county, spa_district, trs_county, xxgk_module_county

OLD_MODULE_ADDRESS = re.compile(
    r"xxgkAnnualReport\.jsp\?[^\"'<>\s]*area=|/public/column/\d+\?[^\"'<>\s]*action=detail", re.I)
OLD_MARKER = re.compile(r"list2\.trsapi|quickMode\s*:\s*[\"']动静结合")


def response(url: str, body: bytes) -> HtmlResponse:
    return HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"}, request=Request(url))


@pytest.fixture(scope="module")
def pages() -> list[HtmlResponse]:
    found = []
    for build in (trs_county.build, hanweb_county.build, fujian_city.build, gkmlpt_city.build, spa_district.build,
                  xxgk_module_county.build):
        for path, resource in build(1).resources.items():
            if "html" in resource.content_type and resource.body.strip():
                found.append(response(f"http://127.0.0.1:8000{path}", resource.body))
    return found


def old_page_title(page: HtmlResponse) -> str:
    for query in ('meta[name="ArticleTitle"]::attr(content)', "h1::text", ".article-title::text", "title::text"):
        value = " ".join("".join(page.css(query).getall()).split())
        if value:
            if query == "title::text":
                for sep in ("_", " - ", "-", "|"):
                    value = value.split(sep)[0].strip() or value
            return value
    return ""


def old_page_published(page: HtmlResponse) -> str | None:
    for name in ("PubDate", "pubdate", "firstpublishedtime", "publishdate"):
        value = page.css(f'meta[name="{name}"]::attr(content)').get()
        if value and len(value.strip()) >= 10:
            return value.strip()[:10]
    return None


def old_attachments(page: HtmlResponse) -> list:
    links = [link for link in page_links(page) if link.is_attachment]
    for container in BODY_CONTAINERS:
        body = page.css(container)
        if body:
            inside = {a.attrib.get("href") for a in body.css("a[href]")}
            scoped = [link for link in links if any(h and link.url.endswith(h.lstrip("./")) for h in inside)]
            return scoped or links
    return links


def test_titles_dates_and_attachments_read_as_before(pages):
    spider = ReportsSpider(urls="http://127.0.0.1:8000/")
    assert len(pages) > 200
    assert [page_title(p) for p in pages] == [old_page_title(p) for p in pages]
    assert [page_published(p) for p in pages] == [old_page_published(p) for p in pages]
    assert [spider.attachments(p) for p in pages] == [old_attachments(p) for p in pages]
    assert sum(bool(spider.attachments(p)) for p in pages) >= 3  # the detail pages that link their PDF


def test_crafted_bodies_scope_attachments_as_before():
    spider = ReportsSpider(urls="http://h/")
    bodies = [
        '<div class="TRS_Editor"><a href="./P020.pdf">a</a></div><a href="/zn.doc">指南</a>',
        '<div class="TRS_Editor"><a href="./">x</a></div><a href="/a.pdf">a</a><a href="/b.doc">b</a>',
        '<div class="TRS_Editor"></div><a href="/a.pdf">a</a>',
        '<div id="zoom"><p><a href="">e</a><a href="b.xls">b</a></p></div><div class="content"><a href="a.pdf">a</a></div>'
        '<a href="/x/b.xls">sidebar</a>',
        '<article><a href="../f/c.docx">c</a></article><div class="article"><a href="d.pdf">d</a></div>',
        '<a href="a.pdf">no container</a>',
    ]
    for body in bodies:
        page = response("http://h/a/b/t20250101_1.html", f"<html><body>{body}</body></html>".encode())
        assert spider.attachments(page) == old_attachments(page)


def test_adapters_match_as_before(pages):
    for page in pages:
        assert adapters_for(page) == [adapter for adapter in ADAPTERS if adapter.matches(page)]
        assert XxgkModuleAdapter().matches(page) == bool(OLD_MODULE_ADDRESS.search(page.text))
        assert FujianTrsAdapter().matches(page) == bool(OLD_MARKER.search(page.text[:300_000]))
    assert {adapter.name for page in pages for adapter in adapters_for(page)} >= {"hanweb", "fujian_trs", "gkmlpt",
                                                                                  "xxgk_module"}


@pytest.mark.parametrize("text", [
    '<a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2024&amp;area=1133">', "XXGKANNUALREPORT.JSP?AREA=1",
    "xxgkannualreport.jsp?fbtime=2024&area=", "xxgkAnnualReport.jsp?", "xxgkAnnualReport.jsp?x=1 area=1",
    "AnnualReport.jsp?area=1", "axxgkAnnualReport.jsp?area=", "/public/column/123?type=3&action=detail",
    "/PUBLIC/COLUMN/9?ACTION=DETAIL", "/public/column/?action=detail", "/public/column/12?title=2024\">action=detail",
    "xxgkAnnualReport.jsp?area=\u212a", "xxgkAnnualReport.j\u017fp?area=1", "/publ\u0131c/column/1?action=detaıl",
    "list2.trsapi", "quickMode : '动静结合'", "quickMode:\"静态\"", "",
])
def test_crafted_pages_match_as_before(text):
    page = response("http://h/", f"<html><body>{text}</body></html>".encode())
    assert XxgkModuleAdapter().matches(page) == bool(OLD_MODULE_ADDRESS.search(page.text))
    assert FujianTrsAdapter().matches(page) == bool(OLD_MARKER.search(page.text[:300_000]))


def test_links_are_read_once_and_do_not_keep_the_response_alive():
    page = response("http://h/a/", b'<a href="b.html">b</a><a href="/c.pdf" title="C">c</a>')
    first = page_links(page)
    first.clear()  # a caller's edit does not reach the next caller
    assert [link.url for link in page_links(page)] == ["http://h/a/b.html", "http://h/c.pdf"]
    alive = weakref.ref(page)
    del page, first
    gc.collect()
    assert alive() is None

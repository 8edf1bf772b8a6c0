"""The browser-list adapter is a last resort: it fires on a script-filled list and nowhere else.

A browser render costs a second or more and a Chromium page, so recognising a list page
wrongly on the TRS, Hanweb, VSB, gkmlpt or Fujian sites would make every crawl slow
while finding nothing new. Every HTML page of every portal site is shown to it here.
"""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.platforms.browser_list import BrowserListAdapter, script_filled_containers
from portal.sites import build_sites


def response(url: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **meta) -> HtmlResponse:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return HtmlResponse(url, body=data, headers={"Content-Type": content_type}, request=Request(url, meta=meta))


@pytest.fixture(scope="module")
def html_pages() -> list[tuple[str, str, HtmlResponse]]:
    pages = []
    for site in build_sites():
        for path, resource in site.resources.items():
            if resource.content_type.startswith("text/html") and resource.status == 200:
                url = f"http://127.0.0.1:8000{path}"
                pages.append((site.key, path, response(url, resource.body, resource.content_type)))
    return pages


def test_only_the_script_built_list_is_recognised(html_pages):
    adapter = BrowserListAdapter()
    assert len(html_pages) > 300 and {key for key, _, _ in html_pages} >= {"qingxi", "nanling", "linhu"}
    recognised = [(key, path) for key, path, page in html_pages if adapter.matches(page)]
    assert recognised == [("linhu", "/xxgk/nb/index.html")]


def test_the_list_element_named_by_an_inline_script_is_the_one_waited_for():
    page = response("http://h/nb/", """<html><body>
<ul class="nav"></ul><div class="clear"></div>
<table><tbody id="rows"></tbody></table>
<script>var box = document.getElementById('rows'); app.render(box);</script></body></html>""")
    assert script_filled_containers(page) == ["#rows"]


def test_a_class_named_by_a_selector_in_the_script_counts_too():
    page = response("http://h/nb/", """<html><body><div class="gl-list"></div>
<script>$(".gl-list").load("/nb/data.html");</script></body></html>""")
    assert script_filled_containers(page) == ["div.gl-list"]


def test_lists_already_in_the_html_or_filled_by_an_unseen_script_are_left_alone():
    adapter = BrowserListAdapter()
    filled = response("http://h/nb/", """<html><body><ul id="nb"><li><a href="/nb/1.html">
青溪县2023年政府信息公开工作年度报告</a></li></ul><ul id="more"></ul>
<script>fill("more")</script></body></html>""")
    external_only = response("http://h/nb/", """<html><body><ul id="nbList"></ul>
<script src="/js/list.js"></script></body></html>""")
    assert not adapter.matches(filled)  # the reports are listed already: no browser needed
    assert script_filled_containers(external_only) == []  # nothing on the page ties a script to it


def test_a_rendered_page_is_never_rendered_again():
    page = response("http://h/nb/", '<html><body><ul id="nbList"></ul><script>mount("nbList")</script></body></html>',
                    playwright=True)
    assert not BrowserListAdapter().matches(page)

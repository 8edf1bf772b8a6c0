"""The browser-list adapter is a last resort: it fires on a script-filled list and nowhere else.

A browser render costs a second or more and a Chromium page, so recognising a list page
wrongly on the TRS, Hanweb, VSB, gkmlpt or Fujian sites would make every crawl slow
while finding nothing new. Every HTML page of every portal site is shown to it here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.platforms.browser_list import (
    WALK_PAGER_JS,
    BrowserListAdapter,
    pager_walk,
    script_filled_containers,
)
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


# -- paging through a click-paged list ---------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")

# A list page of our own writing: ``total`` items, ``size`` a page, drawn 60 ms after a click
# (as after an XHR), with the pager below the list drawn by ``pager(cur, pages)``; a click
# on an element carrying ``data-go`` (outside a ``.disabled`` one) shows that page.
PAGED_LIST = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div class="banner"><a href="javascript:;" data-go="2">下一页</a></div>
<div class="list"><ul id="rows"></ul><div id="bar"></div></div>
<script>
var total = %(total)d, size = %(size)d;
function go(p) {
  setTimeout(function () {
    var html = "";
    for (var i = (p - 1) * size; i < Math.min(p * size, total); i++) {
      html += '<li><a href="/nb/' + (i + 1) + '.html">第' + (i + 1) + '条 2023年政府信息公开工作年度报告</a></li>';
    }
    document.getElementById("rows").innerHTML = html;
    document.getElementById("bar").innerHTML = pager(p, Math.ceil(total / size));
  }, 60);
}
%(pager)s
document.getElementById("bar").addEventListener("click", function (e) {
  var t = e.target.closest("[data-go]");
  if (t && !t.closest(".disabled")) { e.preventDefault(); go(+t.getAttribute("data-go")); }
});
go(1);
</script></body></html>"""

PAGERS = {
    # Bootstrap-like: ‹ 1 2 3 ›, the disabled class on the <li>, not on the link
    "bootstrap": """function pager(cur, pages) {
  var h = '<ul class="pagination"><li class="' + (cur === 1 ? 'disabled' : '') + '"><a href="#" data-go="' + (cur - 1) + '">‹</a></li>';
  for (var p = 1; p <= pages; p++) {
    h += p === cur ? '<li class="active"><span>' + p + '</span></li>' : '<li><a href="#" data-go="' + p + '">' + p + '</a></li>';
  }
  return h + '<li class="' + (cur === pages ? 'disabled' : '') + '"><a href="#" data-go="' + (cur + 1) + '">›</a></li></ul>';
}""",
    # numbers only, the current one in bold: no control says "next"
    "numbers": """function pager(cur, pages) {
  var h = '';
  for (var p = 1; p <= pages; p++) { h += p === cur ? '<b class="on">' + p + '</b> ' : '<span data-go="' + p + '">' + p + '</span> '; }
  return h + '<em>共' + pages + '页</em>';
}""",
    # a real <button>, disabled on the last page, and a 尾页 that must not be taken for next
    "button": """function pager(cur, pages) {
  return '<button data-go="' + (cur + 1) + '"' + (cur === pages ? ' disabled' : '') + '>下一页 &gt;</button>'
    + '<button data-go="' + pages + '">尾页</button>';
}""",
    # next on the last page goes back to the first
    "wrapping": """function pager(cur, pages) {
  return '<a href="javascript:;" data-go="' + (cur % pages + 1) + '">下一页</a>';
}""",
    # next never does anything
    "broken": """function pager(cur, pages) { return '<a href="javascript:void(0)">下一页</a>'; }""",
    # next is a real link: a URL-paged list, which a click would navigate away from
    "link": """function pager(cur, pages) { return '<a href="list_' + (cur + 1) + '.html">下一页</a>'; }""",
}


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is installed by scripts/setup.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def walk(chromium, pager: str, total: int = 7, size: int = 3, **options) -> dict:
    """Run the adapter's pager walk in Chromium on a PAGED_LIST page with *pager*."""
    method = pager_walk(["#rows"])
    page = chromium.new_page()
    try:
        page.set_content(PAGED_LIST % {"total": total, "size": size, "pager": PAGERS[pager]})
        page.wait_for_selector("#rows a[href]", state="attached")
        return page.evaluate(WALK_PAGER_JS, {**method.args[1], "changeTimeoutMs": 1_500, **options})
    finally:
        page.close()


def hrefs(result: dict) -> list[str]:
    return [href for href, _ in result["links"]]


@pytest.mark.parametrize("pager", ["bootstrap", "numbers", "button"])
def test_the_walk_reads_every_page_and_stops_at_the_last(chromium, pager):
    result = walk(chromium, pager)
    assert hrefs(result) == [f"/nb/{i}.html" for i in range(1, 8)]
    assert result["links"][6][1] == "第7条 2023年政府信息公开工作年度报告"
    assert (result["pages"], result["stop"]) == (3, "last")


def test_a_pager_that_wraps_around_is_read_once(chromium):
    result = walk(chromium, "wrapping")
    assert hrefs(result) == [f"/nb/{i}.html" for i in range(1, 8)]
    assert (result["pages"], result["stop"]) == (3, "repeat")


def test_a_next_control_that_changes_nothing_ends_the_walk_with_page_one(chromium):
    result = walk(chromium, "broken")
    assert hrefs(result) == ["/nb/1.html", "/nb/2.html", "/nb/3.html"]
    assert (result["pages"], result["stop"]) == (1, "unchanged")


def test_a_next_link_to_another_url_is_not_clicked(chromium):
    result = walk(chromium, "link")
    assert hrefs(result) == ["/nb/1.html", "/nb/2.html", "/nb/3.html"]
    assert (result["pages"], result["stop"]) == (1, "link")


def test_an_endless_pager_stops_at_the_page_bound(chromium):
    result = walk(chromium, "bootstrap", total=1_000, maxPages=4)
    assert hrefs(result) == [f"/nb/{i}.html" for i in range(1, 13)]
    assert (result["pages"], result["stop"]) == (4, "max")
    exact = walk(chromium, "bootstrap", maxPages=3)  # the bound met on the real last page is no cut
    assert len(exact["links"]) == 7 and (exact["pages"], exact["stop"]) == (3, "last")


def rendered(meta: dict, body: str = "<html><body><ul id='nbList'></ul></body></html>") -> HtmlResponse:
    return response("http://h/nb/", body, playwright=True, browser_list_selectors=["#nbList"], **meta)


def test_every_walked_page_is_handed_to_the_spider(spider):
    method = pager_walk(["#nbList"])
    method.result = {"links": [["/nb/1.html", "临湖区2024年政府信息公开工作年度报告"], ["/nb/9.html", "工作要点"],
                               ["/nb/5.html", "临湖区2019年政府信息公开工作年度报告"]], "pages": 3, "stop": "last",
                     "error": ""}
    list(BrowserListAdapter().parse_rendered(rendered({"playwright_page_methods": [method]}), spider))
    assert spider.listed == [("/nb/1.html", "临湖区2024年政府信息公开工作年度报告"), ("/nb/9.html", "工作要点"),
                             ("/nb/5.html", "临湖区2019年政府信息公开工作年度报告")]
    stats = spider.crawler.stats
    assert stats.get_value("nianbao/browser/list_pages") == 3 and stats.get_value("nianbao/browser/listed") == 3
    assert not any(key.startswith("nianbao/browser/walk_stopped") for key in stats.get_stats())


def test_a_walk_cut_short_is_counted_and_keeps_what_it_read(spider):
    method = pager_walk(["#nbList"])
    method.result = {"links": [["/nb/1.html", "2024年政府信息公开工作年度报告"]], "pages": 1, "stop": "unchanged",
                     "error": ""}
    list(BrowserListAdapter().parse_rendered(rendered({"playwright_page_methods": [method]}), spider))
    assert spider.listed == [("/nb/1.html", "2024年政府信息公开工作年度报告")]
    assert spider.crawler.stats.get_value("nianbao/browser/walk_stopped/unchanged") == 1


def test_without_a_walk_result_the_rendered_list_is_read(spider):
    dom = '<html><body><ul id="nbList"><li><a href="/nb/3.html" title="2022年政府信息公开工作年度报告">2022…</a></li></ul></body></html>'
    for methods in ([], [pager_walk(["#nbList"])]):  # no walk asked; a walk whose answer never came
        spider.listed.clear()
        list(BrowserListAdapter().parse_rendered(rendered({"playwright_page_methods": methods}, dom), spider))
        assert spider.listed == [("/nb/3.html", "2022年政府信息公开工作年度报告")]


def test_the_rendering_asks_for_the_walk_after_the_list_is_filled(spider):
    page = response("http://h/nb/", '<html><body><ul id="nbList"></ul><script>mount("nbList")</script></body></html>')
    (request,) = BrowserListAdapter().list_requests(page, spider)
    wait, walk_method = request.meta["playwright_page_methods"]
    assert (wait.method, wait.args) == ("wait_for_selector", ("#nbList a[href]",))
    assert walk_method.method == "evaluate" and walk_method.args[0] == WALK_PAGER_JS
    assert walk_method.args[1]["selectors"] == ["#nbList"] and walk_method.args[1]["maxPages"] >= 10

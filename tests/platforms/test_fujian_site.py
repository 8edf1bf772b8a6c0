"""The Fujian TRS 动静结合 city site (闽川市) behaves as domain.md §2.2 says, and the adapter reads it.

Expected figures come from the site's plan: its 年报 column lists 26 items (22 reports,
4 look-alikes), ten per page; only page 1 is HTML, pages 2 and 3 answer ``POST
/fjdzapp/search``. From epoch 2 one report (闽川市财政局, 2020) is deleted.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from parsel import Selector
from platform_crawl import page_text, post, raw_response

from crawler.platforms.fujian_trs import (
    data_entries,
    expected_pages,
    first_dynamic_page,
    list_form,
    page_size,
)
from portal.site import Request
from portal.sites import fujian_city

KEY = "minchuan"
COLUMN = "/zwgk/zfxxgk/zfxxgknb/index.htm"
FORM = {"channelid": "200318", "classsql": "chnlid=2671", "sortfield": "-docorderpri,-docreltime"}


@pytest.fixture(scope="module")
def column_html(root) -> str:
    return page_text(root + COLUMN)


def api_page(root: str, number: int, **changes: str) -> tuple[int, dict]:
    form = {**FORM, "page": str(number), "prepage": "10", **changes}
    status, _, body = post(root + "/fjdzapp/search", urlencode(form).encode())
    return status, json.loads(body)


def test_static_block_holds_the_first_ten_items(column_html, root, truth):
    static = Selector(text=column_html).css("div.list-static dl dd a")
    assert len(static) == 10
    assert all(a.attrib["href"].startswith("./20") and a.attrib["href"].endswith(".htm") for a in static)
    titles = {r["title"] for r in truth["reports"]} | {n["title"] for n in truth["noise"]}
    assert {a.attrib["title"] for a in static} <= titles
    assert 'ms-repeat="list"' in column_html and "el.chnldocurl" in column_html and "el.doctitle" in column_html


def test_list_config_is_read_with_the_search_id_resolved(column_html):
    assert list_form(column_html) == FORM
    assert (page_size(column_html), first_dynamic_page(column_html), expected_pages(column_html, 10)) == (10, 2, 3)


def test_api_pages_cover_the_column_exactly_once(root, truth):
    listed = []
    for page in (1, 2, 3):
        status, answer = api_page(root, page)
        assert status == 200 and answer["pageCount"] == 3
        assert set(answer["data"][0]) >= {"doctitle", "docpuburl", "chnldocurl", "pubdate", "docreltime", "fileno",
                                          "docsourcename", "puborg", "idxid", "chnlid", "doctype"}
        listed += [url for url, _ in data_entries(root + COLUMN, answer)]
    assert len(listed) == 26 == len(set(listed))
    assert set(listed) == {r["page_url"] for r in truth["reports"]} | {n["url"] for n in truth["noise"]}
    _, beyond = api_page(root, 4)
    assert beyond["data"] == []


def test_api_page_one_equals_the_static_block(root, column_html):
    _, answer = api_page(root, 1)
    static = [a.attrib["href"] for a in Selector(text=column_html).css("div.list-static dl dd a")]
    assert [item["chnldocurl"].rsplit("/", 2)[-2:] for item in answer["data"]] == [h[2:].split("/") for h in static]


def test_api_refuses_bad_requests_clearly(root):
    status, _, body = raw_response(root + "/fjdzapp/search")
    assert status == 405 and json.loads(body)["data"] == []
    status, answer = api_page(root, 1, page="abc")
    assert status == 400 and answer["msg"] == "参数错误"
    _, other = api_page(root, 1, channelid="1")
    assert other["pageCount"] == 0 and other["data"] == []


def test_detail_page_has_both_tabs_and_placeholders(root, truth):
    html = page_text(truth["reports"][0]["page_url"])
    frame = Selector(text=html).css("iframe#qzbFrame::attr(src)").get()
    assert frame.startswith("/generic2/web/viewer.html?file=/zwgk/zfxxgk/zfxxgknb/") and frame.endswith(".pdf")
    assert 'href="qzbFile"' in html and 'data-url="el.url"' in html
    assert Selector(text=html).css("div.tab-wzb div.TRS_Editor table")
    status, headers, pdf = raw_response(root + frame.split("file=", 1)[1])
    assert status == 200 and pdf.startswith(b"%PDF") and dict(headers)[b"Content-Type"] == b"application/pdf"
    assert truth["reports"][0]["alternate_urls"] == [root + frame.split("file=", 1)[1]]  # the 全真版 is in the truth


def test_every_report_has_one_full_true_version_beside_its_page(truth):
    for report in truth["reports"]:
        [pdf] = report["alternate_urls"]
        assert pdf.rsplit("/", 1)[0] == report["page_url"].rsplit("/", 1)[0] and pdf.endswith(".pdf")


def test_deleted_report_refreshes_to_the_column_from_epoch_two():
    first, second = fujian_city.build(1), fujian_city.build(2)
    gone = {r.page_path for r in first.reports} - {r.page_path for r in second.reports}
    assert len(gone) == 1
    (path,) = gone
    page = second.lookup(Request("GET", path, "", {}))
    assert b'http-equiv="refresh"' in page.body and COLUMN.encode() in page.body
    answer = second.lookup(Request("POST", "/fjdzapp/search", "", {},
                                   urlencode({**FORM, "page": "1", "prepage": "500"}).encode()))
    listed = [item["chnldocurl"] for item in json.loads(answer.body)["data"]]
    assert len(listed) == 25 and path not in listed
    assert path.encode() not in second.lookup(Request("GET", COLUMN, "", {})).body

"""The Fujian 动静结合 adapter on hand-written config variants and on answers that go wrong.

Snippets are our own, modelled on domain.md §2.2 (the Pingtan list page's config): a
literal ``channelid``, no ``recordCount`` (pages are then learnt from ``pageCount``),
a config whose ``channelid`` cannot be resolved, and API answers that are not JSON.
"""

from __future__ import annotations

import json

import scrapy
from scrapy.http import HtmlResponse, TextResponse

from crawler.platforms.fujian_trs import FujianTrsAdapter, data_entries, list_form

COLUMN = "http://127.0.0.1:9/zwgk/zfxxgk/zfxxgknb/"
NO_COUNT = """<script>require(["list2.trsapi"], function (list) { list.init({ quickMode: '动静结合', maxStaticIndex: 1,
  listArgs: { channelid: 200210, classsql: 'chnlid=1813', sortfield: '-docorderpri,-docreltime' },
  pagebar: { prepage: 10, pgTemp: 'pgBar_xxgk.html' } }); });</script>"""
UNRESOLVED = """<script>list.init({ quickMode: "动静结合", listArgs: { channelid: Missing.searchId } });</script>"""


def page(html: str) -> HtmlResponse:
    return HtmlResponse(COLUMN, body=html.encode(), encoding="utf-8", request=scrapy.Request(COLUMN))


def test_literal_channel_and_no_record_count_asks_for_page_two_only(spider):
    assert list_form(NO_COUNT) == {"channelid": "200210", "classsql": "chnlid=1813",
                                   "sortfield": "-docorderpri,-docreltime"}
    (request,) = FujianTrsAdapter().list_requests(page(NO_COUNT), spider)
    assert request.method == "POST" and request.url == "http://127.0.0.1:9/fjdzapp/search"
    assert request.body == b"channelid=200210&classsql=chnlid%3D1813&sortfield=-docorderpri%2C-docreltime&page=2&prepage=10"
    assert request.headers[b"Content-Type"] == b"application/x-www-form-urlencoded"
    assert request.headers[b"Referer"] == COLUMN.encode()


def test_unresolvable_channel_is_counted_and_asks_nothing(spider):
    assert list(FujianTrsAdapter().list_requests(page(UNRESOLVED), spider)) == []
    assert spider.crawler.stats.get_value("nianbao/fujian_trs/unreadable_config") == 1


def answer(body: bytes, page_no: int = 2) -> TextResponse:
    meta = {"trs_form": {"channelid": "200210"}, "trs_size": 10, "trs_page": page_no, "trs_column": COLUMN}
    request = scrapy.Request("http://127.0.0.1:9/fjdzapp/search", method="POST", meta=meta)
    return TextResponse(request.url, body=body, encoding="utf-8", request=request)


def test_page_count_learnt_from_the_answer_and_entries_resolved(spider):
    data = {"pageCount": 4, "data": [
        {"doctitle": "平潭综合实验区2019年度政府信息公开工作年度报告", "chnldocurl": "./202001/t20200120_80576.htm"},
        {"doctitle": "某局2020年政府信息公开工作年度报告", "docpuburl": "http://127.0.0.1:9/zwgk/a/202103/t20210305_1.htm"},
        {"doctitle": "无链接"}, "not an object"]}
    out = list(FujianTrsAdapter().parse_page(answer(json.dumps(data, ensure_ascii=False).encode()), spider))
    assert spider.listed == [
        (COLUMN + "202001/t20200120_80576.htm", "平潭综合实验区2019年度政府信息公开工作年度报告"),
        ("http://127.0.0.1:9/zwgk/a/202103/t20210305_1.htm", "某局2020年政府信息公开工作年度报告")]
    assert [dict(p.split("=") for p in r.body.decode().split("&"))["page"] for r in out] == ["3", "4"]


def test_non_json_answer_is_counted_not_crashed(spider):
    assert list(FujianTrsAdapter().parse_page(answer("<html>系统繁忙</html>".encode()), spider)) == []
    assert spider.crawler.stats.get_value("nianbao/fujian_trs/bad_answer") == 1


def test_entries_of_an_empty_answer():
    assert list(data_entries(COLUMN, {"pageCount": 0})) == []

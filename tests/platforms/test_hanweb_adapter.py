"""The Hanweb adapter on hand-written page variants and on answers that go wrong.

The snippets are our own, modelled on domain.md §2.3: other key orders and spacing in the
init script, the older ``/module/jpage/dataproxy.jsp``, two jpage components on one page,
and proxy answers that are error pages or grow while the crawl runs.
"""

from __future__ import annotations

import scrapy
from scrapy.http import HtmlResponse, XmlResponse

from crawler.platforms.hanweb import HanwebAdapter, Jpage, jpages, record_entries, records

OLD_STYLE = """<div id="div1"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&webid=3&columnid=77&unitid=901"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2020/1/9/art_77_1001.html" target=_blank><span>定西市公共资源交易中心2019年政府信息公开工作年度报告</span><i>2020-01-09</i></a></li>]]></record>
<record><![CDATA[<li><a href="el.url" title="{{doc.title}}">x</a></li>]]></record></recordset></datastore></script></div>
<script>var jpage = new Jpage({ proxyUrl : "/module/jpage/dataproxy.jsp", perPage : 20, ajaxParam : { col : 1, webid : 3, columnid : 77, unitid : 901, webname : "定西市人民政府" }, totalRecord : "95" });</script>
<script>$('#div2').jpage({totalRecord:4,groupSize:2,perPage:10,proxyUrl:'/module/web/jpage/dataproxy.jsp',ajaxParam:{columnid:78,unitid:902}});</script>
"""


def test_settings_in_any_order_and_two_components():
    first, second = jpages(OLD_STYLE)
    assert (first.total, first.per_page, first.group_size, first.proxy_url) == (95, 20, 3, "/module/jpage/dataproxy.jsp")
    assert first.form == {"col": "1", "webid": "3", "columnid": "77", "unitid": "901", "webname": "定西市人民政府"}
    assert (second.total, second.per_page, second.group_size, second.form["columnid"]) == (4, 10, 2, "78")


def test_records_in_the_inner_markup_and_placeholders_skipped():
    entries = list(record_entries("http://127.0.0.1:9/col/col77/index.html", records(OLD_STYLE)))
    assert entries == [("http://127.0.0.1:9/art/2020/1/9/art_77_1001.html", "定西市公共资源交易中心2019年政府信息公开工作年度报告")]


def test_page_posts_every_group_after_the_inline_records(spider):
    url = "http://127.0.0.1:9/col/col77/index.html"
    response = HtmlResponse(url, body=OLD_STYLE.encode(), encoding="utf-8", request=scrapy.Request(url))
    requests = [r for r in HanwebAdapter().list_requests(response, spider) if isinstance(r, scrapy.Request)]
    queries = [r.url.split("?", 1)[1] for r in requests]
    # component 1: 2 records inline, then groups of 3×20 up to 95; component 2 has no datastore: 1..2×10
    assert queries == ["startrecord=3&endrecord=62&perpage=20", "startrecord=63&endrecord=122&perpage=20",
                       "startrecord=1&endrecord=20&perpage=10"]
    assert all(r.method == "POST" and r.headers[b"Referer"] == response.url.encode() for r in requests)
    assert requests[0].body == b"col=1&webid=3&columnid=77&unitid=901&webname=%E5%AE%9A%E8%A5%BF%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"


def _answer(body: bytes, meta: dict) -> XmlResponse:
    request = scrapy.Request("http://127.0.0.1:9/module/jpage/dataproxy.jsp?startrecord=3", meta=meta)
    return XmlResponse(request.url, body=body, request=request, encoding="utf-8")


def test_error_page_answer_is_counted_not_crashed(spider):
    meta = {"jpage": Jpage(95, 20, 3, "/p", {}), "jpage_column": "http://127.0.0.1:9/col/col77/index.html"}
    out = list(HanwebAdapter().parse_group(_answer(b"<html><body>500 Servlet Exception</body></html>", meta), spider))
    assert out == [] and spider.crawler.stats.get_value("nianbao/hanweb/bad_group") == 1


def test_grown_total_asks_for_the_new_groups(spider):
    jpage = Jpage(95, 20, 3, "/module/jpage/dataproxy.jsp", {"columnid": "77"})
    meta = {"jpage": jpage, "jpage_column": "http://127.0.0.1:9/col/col77/index.html"}
    xml = ("<datastore><totalrecord>130</totalrecord><totalpage>7</totalpage><recordset><record><![CDATA["
           "<li><a href='/art/2021/2/1/art_77_1200.html' title='某局2020年政府信息公开工作年度报告'>某局</a></li>"
           "]]></record></recordset></datastore>").encode()
    out = list(HanwebAdapter().parse_group(_answer(xml, meta), spider))
    assert spider.listed == [("http://127.0.0.1:9/art/2021/2/1/art_77_1200.html", "某局2020年政府信息公开工作年度报告")]
    assert [r.url.split("?", 1)[1] for r in out] == ["startrecord=96&endrecord=155&perpage=20"]

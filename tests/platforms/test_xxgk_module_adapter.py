"""The 年报-module adapter on hand-written index variants, and the ingest's "no report here" rule.

The snippets are our own, modelled on domain.md §1.1/§1.2: Zhejiang's
``xxgkAnnualReport.jsp?fbtime=&area=`` in a table, a list and a definition list, Anhui's
``/public/column/<orgId>?action=detail&title=<year>&type=3``, and addresses that only
look like the module's.
"""

from __future__ import annotations

import scrapy
from scrapy.http import HtmlResponse

from crawler.platforms.xxgk_module import XxgkModuleAdapter, module_entries, module_year
from extract.api import extract_bytes
from nianbao.ingest import shows_no_report

BASE = "http://127.0.0.1:9/col/col1229000001/index.html"
JSP = "http://127.0.0.1:9/module/xxgk/xxgkAnnualReport.jsp"

TABLE = """<table><tr><th>单位名称</th><th>2023</th><th>2022</th></tr>
<tr><td>县发改局</td><td><a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2023&amp;area=113311280012345678">2023年度</a></td>
<td>&nbsp;</td></tr>
<tr><td><span>城关镇</span></td><td><a href="/module/xxgk/xxgkAnnualReport.jsp?area=113311280087654321&amp;fbtime=2023">2023年度</a></td>
<td><a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2022&amp;area=113311280087654321">2022年度</a></td></tr></table>"""

LIST = """<ul class="nb"><li><a href="/col/col77/index.html">县财政局</a>
<a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2024&area=113311280011112222">2024年度</a>
<a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2024&area=113311280011112222">2024年度</a></li></ul>
<dl><dt>溪口镇</dt><dd><a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2021&area=113311280033334444">2021年</a></dd></dl>
<p><a title="澄溪县统计局2020年度政府信息公开工作年度报告" href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2020&area=9">2020</a></p>"""

ANHUI = """<div class="unit"><h3>田家庵区公园街道</h3><ul>
<li><a href="/public/column/118323256?action=detail&title=2020&type=3">2020年</a></li>
<li><a href="/public/column/118323256?type=4&action=list">信息公开目录</a></li></ul></div>"""

LOOK_ALIKES = """<a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2023">2023年度</a>
<a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=all&area=1133">全部</a>
<a href="/module/xxgk/search.jsp?fbtime=2023&area=1133">检索</a>
<a href="/public/column/118323256?action=detail&title=2020&type=1">2020年</a>
<a href="/public/column/118323256?action=detail&title=abc&type=3">其他</a>"""


def test_years_of_module_addresses_and_of_nothing_else():
    assert module_year(JSP + "?fbtime=2017&area=113325000026455663") == 2017
    assert module_year("https://www.tja.gov.cn/public/column/118323256?action=detail&title=2020&type=3") == 2020
    assert module_year("https://www.tja.gov.cn/public/column/118323256?type=4&action=list") is None
    assert module_year("http://x/art/2024/1/2/art_1_2.html") is None


def test_table_rows_name_the_organisation_of_each_year_link():
    assert list(module_entries(BASE, TABLE)) == [
        (JSP + "?fbtime=2023&area=113311280012345678", "县发改局2023年政府信息公开工作年度报告"),
        (JSP + "?area=113311280087654321&fbtime=2023", "城关镇2023年政府信息公开工作年度报告"),
        (JSP + "?fbtime=2022&area=113311280087654321", "城关镇2022年政府信息公开工作年度报告"),
    ]


def test_list_items_definition_lists_and_own_titles():
    assert list(module_entries(BASE, LIST)) == [
        (JSP + "?fbtime=2024&area=113311280011112222", "县财政局2024年政府信息公开工作年度报告"),
        (JSP + "?fbtime=2021&area=113311280033334444", "溪口镇2021年政府信息公开工作年度报告"),
        (JSP + "?fbtime=2020&area=9", "澄溪县统计局2020年度政府信息公开工作年度报告"),
    ]


def test_anhui_detail_links_and_not_their_list_links():
    assert list(module_entries("https://www.tja.gov.cn/public/column/118323256?type=4&action=list", ANHUI)) == [
        ("https://www.tja.gov.cn/public/column/118323256?action=detail&title=2020&type=3",
         "田家庵区公园街道2020年政府信息公开工作年度报告")]


def test_addresses_that_only_look_like_the_module_are_left_alone():
    assert list(module_entries(BASE, LOOK_ALIKES)) == []


def _response(html: str) -> HtmlResponse:
    return HtmlResponse(BASE, body=f"<html><body>{html}</body></html>".encode(), encoding="utf-8",
                        request=scrapy.Request(BASE))


def test_adapter_matches_module_indexes_only_and_asks_for_details(spider):
    adapter = XxgkModuleAdapter()
    spider.parse_page = lambda response: None  # the callback the requests name
    assert adapter.matches(_response(TABLE)) and adapter.matches(_response(ANHUI))
    assert not adapter.matches(_response('<a href="/art/2024/1/2/art_1_2.html">2023年度</a>'))
    requests = list(adapter.list_requests(_response(TABLE), spider))
    assert [r.meta["phase"] for r in requests] == ["detail"] * 3
    assert requests[0].meta["list_title"] == "县发改局2023年政府信息公开工作年度报告"
    assert spider.crawler.stats.get_value("nianbao/xxgk_module/links") == 3


EMPTY_PAGE = """<html><head><meta charset="utf-8"><title>信息公开年报</title></head><body>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <span>县统计局</span></div>
<div class="nb-detail"><div class="title"></div><table class="nb-info"><tr><td>发布机构：</td><td>澄溪县统计局</td>
<td>年度：</td><td>2021</td></tr></table><div class="nb-empty"><p>暂无年报</p></div></div></body></html>"""

PROSE_REPORT = """<html><head><meta charset="utf-8"><title>青溪县林业局2016年政府信息公开工作年度报告</title></head><body>
<div class="TRS_Editor"><p>2016年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息86条，
未收到政府信息公开申请，未发生因政府信息公开引起的行政复议和行政诉讼。</p></div></body></html>"""


def test_only_a_whole_page_with_nothing_of_a_report_shows_no_report():
    assert shows_no_report(extract_bytes(EMPTY_PAGE.encode(), content_type="text/html; charset=utf-8"))
    # the same page cut off in transfer is not evidence of an empty answer
    assert not shows_no_report(extract_bytes(EMPTY_PAGE.encode()[:200], content_type="text/html; charset=utf-8"))
    # prose without headings or tables is still a report when the page names itself one
    assert not shows_no_report(extract_bytes(PROSE_REPORT.encode(), content_type="text/html; charset=utf-8"))
    assert not shows_no_report(extract_bytes(b"", content_type="text/html"))

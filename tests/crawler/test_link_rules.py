"""The crawler's link rules on link labels and URLs as government portals print them."""

import pytest

from crawler.links import clean_href
from crawler.page_roles import is_column_label, is_detail_url, is_nav_label
from crawler.platforms.trs import list_page_urls


@pytest.mark.parametrize(
    "href",
    ["el.url", "{{el.chnldocurl}}", "qzbFile", "javascript:void(0)", "javascript:;", "#", "mailto:a@b.gov.cn",
     "${item.url}", "item.docpuburl"],
)
def test_template_placeholders_never_become_requests(href):
    assert clean_href("http://www.example.gov.cn/zwgk/zfxxgknb/index.html", href) is None


def test_relative_detail_link_is_resolved_and_loses_its_fragment():
    url = clean_href("http://h.gov.cn/zwgk/zfxxgknb/2024n/bm/index_1.html", "./202502/t20250120_1234567.html#top")
    assert url == "http://h.gov.cn/zwgk/zfxxgknb/2024n/bm/202502/t20250120_1234567.html"


@pytest.mark.parametrize("label", ["政府信息公开年报", "政府信息公开年度报告", "信息公开年报", "政务公开年报",
                                   "政府信息公开工作年度报告", "年度报告", " 政府信息公开 年报 "])
def test_column_labels(label):
    assert is_column_label(label)


@pytest.mark.parametrize("label", ["2024年政府信息公开工作年度报告", "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知",
                                   "政务公开", "2024年度", "部门", "政府信息公开指南"])
def test_not_column_labels(label):
    assert not is_column_label(label)


def test_nav_labels():
    assert is_nav_label("政务公开") and is_nav_label("政府信息公开") and not is_nav_label("互动交流")


@pytest.mark.parametrize(
    "url",
    ["http://h/zwgk/zfxxgknb/202502/t20250120_1234567.html", "http://h/art/2025/1/22/art_45469_4279894.html",
     "http://h/gkmlpt/content/4/4688/post_4688997.html", "http://h/info/1116/5946.htm",
     "http://h/zwgk/xxgknb/jbxxgknb/63ae9ee5f8fd1c4c2133970d.html"],
)
def test_detail_urls(url):
    assert is_detail_url(url)


def test_list_pages_are_not_detail_urls():
    assert not is_detail_url("http://h/zwgk/zfxxgknb/2024n/bm/index_2.html")


def test_trs_pager_call_gives_every_list_page():
    html = '<script>createPageHTML(4, 1, "index", "html");</script>'
    assert list_page_urls("http://h/a/zfxxgknb/index_1.html", html) == [
        "http://h/a/zfxxgknb/index.html", "http://h/a/zfxxgknb/index_1.html",
        "http://h/a/zfxxgknb/index_2.html", "http://h/a/zfxxgknb/index_3.html",
    ]


def test_chongqing_pager_variant_and_shtml():
    html = "//wcm分页，总记录：31\ncreatePage(2, 0, \"index\", \"shtml\");"
    assert list_page_urls("http://h/zfxxgknb_97478/index.shtml", html)[-1] == "http://h/zfxxgknb_97478/index_1.shtml"


def test_count_page_variable_without_call():
    html = "<script>var countPage = 3;</script>"
    assert list_page_urls("http://h/nb/index.htm", html)[1:] == ["http://h/nb/index_1.htm", "http://h/nb/index_2.htm"]


def test_no_pager_no_pages():
    assert list_page_urls("http://h/nb/index.html", "<p>no pager</p>") == []


def test_truncated_link_text_yields_to_the_full_title_attribute():
    from crawler.links import Link

    link = Link("http://h/a.html", "青溪县人力资源和社会保障局2024年政府信息公开工作的年度报…",
                "青溪县人力资源和社会保障局2024年政府信息公开工作的年度报告")
    assert link.label == "青溪县人力资源和社会保障局2024年政府信息公开工作的年度报告"
    assert Link("http://h/b.html", "2024年度报告全文", "").label == "2024年度报告全文"

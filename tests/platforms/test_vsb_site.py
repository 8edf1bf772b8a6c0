"""The VSB department site (云湖市交通运输局) behaves as domain.md §2.5 says, and the adapter reads it.

Expected figures come from the site module's plan: 11 reports and 5 look-alikes in one
column, 4 per page, so 4 list pages: ``zfxxgknb.htm``, then ``zfxxgknb/3.htm``, ``2.htm``,
``1.htm`` (numbered backwards); the pager links only a window of 3 numbers. Two reports
are download.jsp attachments (a DOCX, a PDF), two are ``/__local/`` PDFs that their pages
show only through a ``showVsbpdfIframe`` script call.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from parsel import Selector
from platform_crawl import page_text, raw_response
from scrapy.http import HtmlResponse

from crawler.platforms.vsb import VsbAdapter, list_page_urls, total_pages

LOCAL_PDF = re.compile(r"^/__local/[0-9A-F]/[0-9A-F]{2}/[0-9A-F]{2}/[0-9A-F]{32}_[0-9A-F]+\.pdf$")

KEY = "yunhu_jtj"


def page(root: str, path: str) -> HtmlResponse:
    status, headers, body = raw_response(root + path)
    assert status == 200, path
    return HtmlResponse(root + path, body=body, headers=dict(headers))


def test_pages_are_numbered_backwards_behind_page_one(root):
    first = page(root, "/zwgk/zfxxgknb.htm")
    assert first.css("div.pb_sys_common span.p_t::text").getall()[:2] == ["共16条", "1/4"]
    assert total_pages(first) == 4
    # page 2 of 4 is 3.htm, page 4 (the last) is 1.htm
    assert first.css("span.p_next a::attr(href)").get() == "zfxxgknb/3.htm"
    assert first.css("span.p_last a::attr(href)").get() == "zfxxgknb/1.htm"
    assert page(root, "/zwgk/zfxxgknb/1.htm").css("span.p_t::text").getall()[1] == "4/4"


def test_the_pager_window_does_not_link_every_page(root):
    first = page(root, "/zwgk/zfxxgknb.htm")
    numbers = first.css("span.p_no a::text").getall()
    assert numbers == ["2", "3"] and first.css("span.p_no_d::text").get() == "1"
    assert first.css("span.p_dot::text").get() == "..."  # page 4 is only 尾页 (1.htm), not a number


@pytest.mark.parametrize("start", ["/zwgk/zfxxgknb.htm", "/zwgk/zfxxgknb/2.htm"])
def test_adapter_names_every_list_page_from_any_page(root, start):
    urls = list_page_urls(root + start, 4)
    assert urls == [root + p for p in ("/zwgk/zfxxgknb.htm", "/zwgk/zfxxgknb/3.htm", "/zwgk/zfxxgknb/2.htm",
                                       "/zwgk/zfxxgknb/1.htm")]


def test_list_pages_together_list_every_item_once(root, truth):
    items = []
    for path in ("/zwgk/zfxxgknb.htm", "/zwgk/zfxxgknb/3.htm", "/zwgk/zfxxgknb/2.htm", "/zwgk/zfxxgknb/1.htm"):
        response = page(root, path)
        items += [response.urljoin(h) for h in response.css("li[id^=line_u7_] a::attr(href)").getall()]
    expected = {r["page_url"] for r in truth["reports"]} | {n["url"] for n in truth["noise"]}
    assert len(items) == 16 == len(set(items)) and set(items) == expected
    assert all("/info/1116/" in url and url.endswith(".htm") for url in items)


def test_adapter_gives_up_on_a_pager_that_names_pages_differently(spider):
    html = ('<div class="pb_sys_common"><span class="p_t">1/3</span>'
            '<span class="p_next"><a href="list.jsp?page=2">下页</a></span></div>')
    response = HtmlResponse("http://x/col/list.htm", body=html.encode(), encoding="utf-8")
    assert VsbAdapter().matches(response)
    assert list(VsbAdapter().list_requests(response, spider)) == []
    assert spider.crawler.stats.get_stats() == {"nianbao/platform/vsb_unrecognised_pager": 1}


def test_attachments_have_no_extension_and_a_raw_gbk_name(root, truth):
    attached = [r for r in truth["reports"] if r["source_format"] != "html" and "/__local/" not in r["url"]]
    assert sorted(r["source_format"] for r in attached) == ["docx", "pdf"]
    for report in attached:
        assert "/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1493920566&wbfileid=" in report["url"]
        status, headers, body = raw_response(report["url"])
        assert status == 200
        headers = dict(headers)
        assert headers[b"Content-Type"] == b"application/octet-stream;charset=UTF-8"
        name = f"{report['title']}.{report['source_format']}".encode("gbk")
        assert headers[b"Content-Disposition"] == b'attachment; filename="' + name + b'"'
        assert body[:4] == (b"%PDF" if report["source_format"] == "pdf" else b"PK\x03\x04")
        detail = Selector(text=page_text(report["page_url"]))
        assert detail.css("#vsb_content .v_news_content p::text").get().endswith("详见附件。")


def test_unknown_download_ids_are_not_found(root):
    status, _, _ = raw_response(root + "/system/_content/download.jsp?urltype=news.DownloadAttachUrl"
                                      "&owner=1493920566&wbfileid=1")
    assert status == 404


def test_old_column_path_redirects_permanently(root):
    status, headers, body = raw_response(root + "/xxgk/zfxxgknb.htm")
    assert status == 301 and dict(headers)[b"Location"] == b"/zwgk/zfxxgknb.htm" and body == b""
    home = page(root, "/index.htm")
    assert "xxgk/zfxxgknb.htm" in home.css("a::attr(href)").getall()


def test_report_pages_carry_the_body_and_click_counters(root, truth):
    report = next(r for r in truth["reports"] if r["source_format"] == "html")
    detail = page(root, report["page_url"].removeprefix(root))
    assert detail.css('meta[name="ArticleTitle"]::attr(content)').get() == report["title"]
    assert detail.css("#vsb_content .v_news_content table")
    assert "_showDynClicks(" in detail.text
    status, _, body = raw_response(root + "/system/resource/code/news/click/dynclicks.jsp?clickids=5946"
                                          "&owner=1493920566&clicktype=wbnews")
    assert status == 200 and body.isdigit()


def test_pdfs_in_the_body_are_named_only_in_a_script_call(root, truth):
    in_body = [r for r in truth["reports"] if "/__local/" in r["url"]]
    assert sorted((r["agency"], r["year"]) for r in in_body) == [("云湖市交通运输局", 2020),
                                                                ("云湖市交通运输综合行政执法支队", 2023)]
    for report in in_body:
        pdf_path = urlsplit(report["url"]).path
        assert report["source_format"] == "pdf" and LOCAL_PDF.match(pdf_path), report["url"]
        detail = page(root, report["page_url"].removeprefix(root))
        assert detail.css('meta[name="ArticleTitle"]::attr(content)').get() == report["title"]
        assert detail.css('meta[name="PubDate"]::attr(content)').get().startswith(report["published"])
        body = detail.css("#vsb_content .v_news_content")
        assert "".join(body.css("*:not(script)::text").getall()).strip() == ""
        assert not body.css("a, iframe, embed, object, frame")
        # nothing on the page links or frames the PDF: only the script names it
        assert not [v for v in detail.css("[href], [src], [data]").xpath("@href | @src | @data").getall()
                    if pdf_path in v]
        call = body.css("script::text").get()
        assert call.startswith(f'showVsbpdfIframe("{pdf_path}", "100%", "800"')
        status, headers, data = raw_response(report["url"])
        assert status == 200 and dict(headers)[b"Content-Type"] == b"application/pdf"
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert [link.url for link in VsbAdapter().embedded_documents(detail)] == [report["url"]]


def test_the_shared_script_builds_the_viewer_frame(root, truth):
    report = next(r for r in truth["reports"] if "/__local/" in r["url"])
    detail = page(root, report["page_url"].removeprefix(root))
    scripts = [detail.urljoin(src) for src in detail.css("script::attr(src)").getall()]
    shared = [url for url in scripts if url.endswith("/system/resource/pdfjs/vsbpdf.js")]
    assert shared, scripts
    status, headers, body = raw_response(shared[0])
    assert status == 200 and dict(headers)[b"Content-Type"].startswith(b"application/javascript")
    assert b"function showVsbpdfIframe(path, width, height" in body and b"<iframe src=" in body


def test_pages_with_text_or_download_links_embed_no_script_pdf(root, truth):
    for report in truth["reports"]:
        if "/__local/" not in report["url"]:
            detail = page(root, report["page_url"].removeprefix(root))
            assert VsbAdapter().embedded_documents(detail) == [], report["page_url"]


def test_adapter_reads_only_literal_document_paths_from_the_script_calls():
    html = """<html><head><script src="/system/resource/pdfjs/vsbpdf.js"></script></head><body>
<div id="vsb_content"><div class="v_news_content">
<p><script type="text/javascript">showVsbpdfIframe ( '/__local/1/AB/CD/EF0123_4A.pdf' ,'100%', '800','0','');</script></p>
<script>
  showVsbpdfIframe(
      "../../__local/9/0F/3C/77AA01_B2.pdf", "100%", "800", "0", "");
  showVsbpdfIframe("", "100%", "800", "0", "");
  showVsbpdfIframe("{{pdfPath}}", "100%", "800");
  showVsbpdfIframe(pdfPath, "100%", "800");
  showVsbpdfIframe("/system/resource/pdfjs/web/viewer.html", "100%", "800");
  showVsbpdfIframe("\\/__local\\/5\\/C1\\/D2\\/ABCDEF_99.pdf", "100%", "800");
  showVsbpdfIframe("/__local/1/AB/CD/EF0123_4A.pdf", "100%", "800");
</script>
<p>正文说明：showVsbpdfIframe("/__local/0/00/00/NOT_A_CALL.pdf")</p>
</div></div></body></html>"""
    response = HtmlResponse("http://jtj.example.cn/info/1116/6001.htm", body=html.encode(), encoding="utf-8")
    found = VsbAdapter().embedded_documents(response)
    assert [link.url for link in found] == ["http://jtj.example.cn/__local/1/AB/CD/EF0123_4A.pdf",
                                            "http://jtj.example.cn/__local/9/0F/3C/77AA01_B2.pdf",
                                            "http://jtj.example.cn/__local/5/C1/D2/ABCDEF_99.pdf"]
    plain = HtmlResponse("http://jtj.example.cn/info/1116/6002.htm", encoding="utf-8",
                         body=b"<script>_showDynClicks('wbnews', 1, 6002)</script>")
    assert VsbAdapter().embedded_documents(plain) == []

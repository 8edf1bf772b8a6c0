"""Documents a page embeds (viewer iframes, ``<embed>``, ``<object>``) as government pages print them."""

import pytest
from scrapy.http import HtmlResponse

from crawler.links import embedded_documents, embedded_url

PAGE = "http://www.fj.gov.cn/zwgk/zfxxgk/zfxxgknb/202501/t20250120_80311.htm"


def response(body: str, url: str = PAGE) -> HtmlResponse:
    return HtmlResponse(url, body=f"<html><body>{body}</body></html>".encode(), encoding="utf-8")


@pytest.mark.parametrize(("src", "expected"), [
    # Fujian 全真版: pdf.js resolves ``file`` against the viewer's own URL.
    ("/generic2/web/viewer.html?file=/zwgk/zfxxgknb/202501/P020250120.pdf",
     "http://www.fj.gov.cn/zwgk/zfxxgknb/202501/P020250120.pdf"),
    ("/generic2/web/viewer.html?file=../../files/P02.pdf", "http://www.fj.gov.cn/files/P02.pdf"),
    # percent-encoded once (VSB's pdf.js iframe), and decoded once only
    ("/system/resource/pdfjs/viewer.html?file=%2F_upload%2Farticle%2Ffiles%2Fa1%2Freport.pdf",
     "http://www.fj.gov.cn/_upload/article/files/a1/report.pdf"),
    ("/pdfjs/web/viewer.html?file=%252Fa%252Fb.pdf", "http://www.fj.gov.cn/pdfjs/web/%2Fa%2Fb.pdf"),
    ("viewer.html?File=download.jsp%3Fid%3D7", "http://www.fj.gov.cn/zwgk/zfxxgk/zfxxgknb/202501/download.jsp?id=7"),
    # a frame whose own URL is a document
    ("./P020250120612.pdf", "http://www.fj.gov.cn/zwgk/zfxxgk/zfxxgknb/202501/P020250120612.pdf"),
    ("/files/report.pdf?file=1", "http://www.fj.gov.cn/files/report.pdf?file=1"),
])
def test_a_viewer_or_document_frame_shows_its_document(src, expected):
    assert embedded_url(PAGE, src) == expected


@pytest.mark.parametrize("src", [
    "/generic2/web/viewer.html?file=qzbFile",  # the placeholder a script fills in
    "/generic2/web/viewer.html?file={{el.url}}",
    "/generic2/web/viewer.html",  # a viewer told no file
    "https://map.baidu.com/?l=13&c=1",  # maps, videos and widgets are not documents
    "/video/player.html?file=intro",
    "javascript:void(0)", "about:blank", "", None,
])
def test_frames_that_show_no_document(src):
    assert embedded_url(PAGE, src) is None


def test_iframe_embed_and_object_in_page_order_without_duplicates():
    links = embedded_documents(response(
        '<iframe id="qzbFrame" title="全真版" src="/generic2/web/viewer.html?file=/a/P01.pdf"></iframe>'
        '<a href="qzbFile">下载全真版</a>'
        '<object data="/b/report.docx"><embed src="/b/report.docx"></object>'
        '<embed src="/a/P01.pdf"><iframe src="/share/weibo.html"></iframe>'))
    assert [(link.url, link.label) for link in links] == [
        ("http://www.fj.gov.cn/a/P01.pdf", "全真版"), ("http://www.fj.gov.cn/b/report.docx", "")]


def test_a_page_without_frames_embeds_nothing():
    assert embedded_documents(response('<p>文字版</p><a href="/a/P01.pdf">附件</a>')) == []

"""The GBK TRS county site (凤林县) behaves as domain.md §2.1/§4.4 say.

Every HTML page says ``charset=GBK`` in the header and ``gb2312`` in its meta; titles hold
珺 and 镕, which GB2312 lacks, so only a GBK/GB18030 decode reads them. The 年报 column is
year → category; it moved from ``/xxgk/ndbg/`` without a redirect. The plan publishes 9
reports (one DOCX, one XLSX) and 4 look-alikes, 2 items per list page.
"""

from __future__ import annotations

import pytest
from parsel import Selector
from platform_crawl import page_text, raw_response

from extract.api import extract_bytes

KEY = "fenglin_gbk"
NB = "/zwgk/zfxxgk/zfxxgknb/"


def html_pages(root: str, truth: dict) -> list[str]:
    return ["/", "/zwgk/", NB, f"{NB}2023n/", f"{NB}2023n/xzjd/", f"{NB}2023n/xzf/index_1.html"] + [
        r["page_url"].removeprefix(root) for r in truth["reports"]]


def test_every_page_is_gbk_declared_gb2312(root, truth):
    for path in html_pages(root, truth):
        status, headers, body = raw_response(root + path)
        assert status == 200, path
        assert dict(headers)[b"Content-Type"] == b"text/html; charset=GBK", path
        assert b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' in body, path
        body.decode("gbk")  # really GBK (raises if not)


@pytest.mark.parametrize("name", ["珺山镇", "镕溪镇"])
def test_titles_hold_characters_gb2312_lacks(root, truth, name):
    report = next(r for r in truth["reports"] if name in r["title"])
    body = raw_response(report["page_url"])[2]
    with pytest.raises(UnicodeEncodeError):
        name.encode("gb2312")
    assert name.encode("gbk") in body
    title = Selector(text=body.decode("gb18030")).css('meta[name="ArticleTitle"]::attr(content)').get()
    assert title == report["title"]


def test_the_extractor_reads_a_gbk_page(root, truth):
    report = next(r for r in truth["reports"] if "珺山镇" in r["title"])
    status, headers, body = raw_response(report["page_url"])
    record = extract_bytes(body, content_type=dict(headers)[b"Content-Type"].decode(), url=report["url"])
    assert (record.agency, record.year, record.template) == ("凤林县珺山镇人民政府", 2023, "2021")
    assert record.cells == report["cells"]


def test_reports_as_office_attachments_named_like_trs_uploads(root, truth):
    attached = {r["source_format"]: r for r in truth["reports"] if r["source_format"] != "html"}
    assert set(attached) == {"docx", "xls"}
    expected = {"docx": (".docx", b"application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                "xls": (".xlsx", b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
    for fmt, report in attached.items():
        suffix, content_type = expected[fmt]
        name = report["url"].rsplit("/", 1)[1]
        assert name.startswith("P0") and name.endswith(suffix) and name[2:-len(suffix)].isdigit()
        status, headers, body = raw_response(report["url"])
        assert status == 200 and dict(headers)[b"Content-Type"] == content_type and body[:4] == b"PK\x03\x04"
        page = page_text(report["page_url"], "gb18030")
        assert f'href="./{name}"' in page


def test_year_category_structure_pages_two_items_at_a_time(root):
    page = page_text(f"{root}{NB}2024n/", "gb18030")
    hrefs = Selector(text=page).css("div.content-box a::attr(href)").getall()
    assert hrefs == ["./xzf/", "./bm/", "./xzjd/"]
    listing = page_text(f"{root}{NB}2024n/bm/index.html", "gb18030")
    assert 'createPageHTML(2, 0, "index", "html")' in listing
    assert "{{el.chnldocurl}}" in listing  # an avalon template left unrendered


def test_the_moved_column_is_gone_and_only_navigation_leads_to_it(root):
    status, headers, _ = raw_response(root + "/xxgk/ndbg/")
    assert status == 404 and b"Location" not in dict(headers)
    home = page_text(root + "/", "gb18030")
    assert NB not in home and "/xxgk/ndbg/" not in home
    sitemap = page_text(root + "/wzdt/", "gb18030")
    assert "xxgk/ndbg/" in sitemap  # the stale link that remains
    info = page_text(root + "/zwgk/zfxxgk/", "gb18030")
    assert Selector(text=info).css('a[href="./zfxxgknb/"]::text').get() == "政府信息公开年报"

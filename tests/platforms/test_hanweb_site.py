"""The Hanweb JCMS county site (汐川县) behaves as domain.md §2.3 says, and the adapter reads it.

Expected figures come from the site's plan as its docstring states it: the county 年报
column lists 40 items (36 reports, 4 look-alikes), 6 per page in groups of 3 pages, so
18 records are inline and the rest only answer ``POST dataproxy.jsp``; the 教育局 column
lists 8 items 2 per page (6 inline).
"""

from __future__ import annotations

from parsel import Selector
from platform_crawl import page_text, post, raw_response

from crawler.platforms.hanweb import Jpage, jpages, record_entries, records, total_record

KEY = "xichuan"
FORM = [("col", "1"), ("appid", "1"), ("webid", "27"), ("path", "/"), ("columnid", "1005"),
        ("sourceContentType", "1"), ("unitid", "58231"), ("webname", "汐川县人民政府"), ("permissiontype", "0")]


def form_body(pairs: list[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(pairs).encode("ascii")


def column_html(root: str, columnid: int) -> str:
    return page_text(f"{root}/col/col{columnid}/index.html")


def county_items(truth: dict) -> set[str]:
    """Every item of the county column (reports and look-alikes): their pages are art_1005_*."""
    pages = {r["page_url"] for r in truth["reports"]} | {n["url"] for n in truth["noise"]}
    return {url for url in pages if "/art_1005_" in url}


def test_html_parsers_see_no_record_links(root):
    html = column_html(root, 1005)
    assert Selector(text=html).css("a[href*='/art/']") == []
    assert "<script type=\"text/xml\"><datastore>" in html


def test_jpage_settings_are_read_from_the_init_script(root):
    (jpage,) = jpages(column_html(root, 1005))
    assert (jpage.total, jpage.per_page, jpage.group_size) == (40, 6, 3)
    assert jpage.proxy_url == "/module/web/jpage/dataproxy.jsp"
    assert list(jpage.form.items()) == FORM
    assert jpage.groups(after=18) == [(19, 36), (37, 54)]


def test_inline_group_and_post_groups_cover_the_column_exactly(root, truth):
    html = column_html(root, 1005)
    inline = [url for url, _ in record_entries(root + "/", records(html))]
    assert len(inline) == 18
    listed = list(inline)
    for start, end in [(19, 36), (37, 54)]:
        status, headers, body = post(f"{root}/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={end}&perpage=6",
                                     form_body(FORM), gzip_ok=True)
        assert status == 200 and headers["Content-Type"].startswith("text/xml")
        xml = body.decode("utf-8")
        assert total_record(xml) == 40
        listed += [url for url, _ in record_entries(root + "/", records(xml))]
    assert len(listed) == 40 == len(set(listed))
    assert set(listed) == county_items(truth)


def test_records_carry_full_titles_in_both_markups(root, truth):
    titles = {r["page_url"]: r["title"] for r in truth["reports"]} | {n["url"]: n["title"] for n in truth["noise"]}
    for columnid in (1005, 2005):  # 2005 writes <a><span>title</span><i>date</i></a>
        for url, title in record_entries(root + "/", records(column_html(root, columnid))):
            assert titles[url] == title


def test_proxy_answers_only_posts_of_known_columns(root):
    status, _, _ = raw_response(f"{root}/module/web/jpage/dataproxy.jsp?startrecord=19&endrecord=36&perpage=6")
    assert status == 404
    unknown = [(k, "999" if k == "columnid" else v) for k, v in FORM]
    status, _, body = post(f"{root}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=18&perpage=6",
                           form_body(unknown))
    assert status == 200 and total_record(body.decode()) == 0 and records(body.decode()) == []


def test_second_unit_column_pages_two_by_two(root):
    (jpage,) = jpages(column_html(root, 2005))
    assert (jpage.total, jpage.per_page, jpage.group_size) == (8, 2, 3)
    assert jpage.groups(after=6) == [(7, 12)]


def test_download_names_the_file_only_in_raw_gbk(root, truth):
    attached = [r for r in truth["reports"] if r["source_format"] in ("pdf", "docx")]
    assert {r["source_format"] for r in attached} == {"pdf", "docx"}
    for report in attached:
        assert "/module/download/downfile.jsp?classid=0&filename=" in report["url"]
        assert "." not in report["url"].rsplit("filename=", 1)[1]
        status, headers, body = raw_response(report["url"])
        assert status == 200
        disposition = dict(headers)[b"Content-Disposition"]
        expected = f"{report['title']}.{report['source_format']}".encode("gbk")
        assert disposition == b'attachment; filename="' + expected + b'"'
        assert body[:4] == (b"%PDF" if report["source_format"] == "pdf" else b"PK\x03\x04")


def test_unit_tree_leads_to_its_own_column(root):
    html = column_html(root, 1010)  # 部门信息公开
    units = Selector(text=html).css("ul.gk-nav a")
    assert [(a.attrib["href"], a.attrib["title"]) for a in units] == [
        ("/col/col2001/index.html", "汐川县教育局政府信息公开"), ("/col/col3001/index.html", "汐川县城关镇政府信息公开")]
    unit_home = column_html(root, 2001)
    assert "/col/col2005/index.html" in unit_home


def test_group_arithmetic_clips_at_the_total():
    jpage = Jpage(total=45, per_page=15, group_size=3, proxy_url="/p", form={})
    assert jpage.groups(after=45) == []
    assert Jpage(91, 15, 3, "/p", {}).groups(after=45) == [(46, 90), (91, 135)]


def test_article_pages_carry_template_placeholders(truth):
    """The crawl test's "no placeholder requested" means something only if pages have them."""
    status, _, body = raw_response(truth["reports"][0]["page_url"])
    assert status == 200 and b'href="el.url"' in body and b'href="{{item.url}}"' in body

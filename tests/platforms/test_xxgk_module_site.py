"""The Zhejiang county site (澄溪县) serves its 年报 the way the xxgk module does (domain.md §1.2, §2.3).

Expected figures come from the site's plan as its docstring and ``ORGS`` table state it:
ten organisations, years 2020–2024 where published; 县教育局 lacks 2020, 县市场监管局 has
only 2022–2023 (as PDFs), 县统计局 2022–2024 plus a 2021 link that answers 暂无年报,
溪口镇 2022–2024, 石门乡 2021/2023/2024, 东城街道 2023–2024: 37 reports, 38 year links.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from parsel import Selector
from platform_crawl import page_text, raw_response

from extract.titles import is_report_title

KEY = "chengxi"
INDEX = "/col/col1229530108/index.html"
YEARS_PER_ROW = {
    "县政府办公室": [2024, 2023, 2022, 2021, 2020], "县发改局": [2024, 2023, 2022, 2021, 2020],
    "县教育局": [2024, 2023, 2022, 2021], "县财政局": [2024, 2023, 2022, 2021, 2020], "县市场监管局": [2023, 2022],
    "县统计局": [2024, 2023, 2022, 2021], "城关镇": [2024, 2023, 2022, 2021, 2020], "溪口镇": [2024, 2023, 2022],
    "石门乡": [2024, 2023, 2021], "东城街道": [2024, 2023],
}


def _index(root: str) -> Selector:
    return Selector(text=page_text(root + INDEX))


def _module_links(index: Selector) -> list[tuple[str, str]]:
    return [(a.attrib["href"], a.css("::text").get()) for a in index.css("a[href*='xxgkAnnualReport.jsp']")]


def test_the_index_names_no_report_only_years(root):
    index = _index(root)
    labels = [" ".join(a.css("::text").getall()).strip() for a in index.css("a[href]")]
    assert not [label for label in labels if is_report_title(label)]
    links = _module_links(index)
    assert len(links) == 38
    assert all(re.fullmatch(r"20\d\d年度", text) for _, text in links)


def test_each_row_links_the_years_its_organisation_published(root):
    rows = _index(root).css("table.nb-table tr")
    found = {}
    for row in rows:
        name = row.css("td.nb-org::text").get()
        if name:
            found[name] = [int(parse_qs(urlsplit(href).query)["fbtime"][0]) for href in row.css("a::attr(href)").getall()]
    assert found == YEARS_PER_ROW
    areas = {row.css("td.nb-org::text").get(): {parse_qs(urlsplit(h).query)["area"][0] for h in row.css("a::attr(href)").getall()}
             for row in rows if row.css("td.nb-org")}
    assert all(len(codes) == 1 and re.fullmatch(r"11331128\d{10}", next(iter(codes))) for codes in areas.values())
    assert len({next(iter(codes)) for codes in areas.values()}) == 10


def test_the_index_links_are_the_truths_pages_plus_the_empty_one(root, truth):
    linked = {root + href for href, _ in _module_links(_index(root))}
    pages = {r["page_url"] for r in truth["reports"]}
    assert pages <= linked and len(linked - pages) == 1
    (empty,) = linked - pages
    assert parse_qs(urlsplit(empty).query)["fbtime"] == ["2021"]


def test_a_report_page_carries_its_title_in_h1_under_the_modules_own_title(root, truth):
    report = next(r for r in truth["reports"] if r["agency"] == "澄溪县发展和改革局" and r["year"] == 2023)
    page = Selector(text=page_text(report["url"]))
    assert page.css("title::text").get() == "信息公开年报"
    assert page.css("div.title h1::text").get() == report["title"] == "澄溪县发展和改革局2023年政府信息公开工作年度报告"
    assert page.css("#zoom table")


def test_pairs_without_a_report_answer_200_with_暂无年报(root, truth):
    linked = {root + href for href, _ in _module_links(_index(root))}
    (empty,) = linked - {r["page_url"] for r in truth["reports"]}
    never_linked = empty.replace("fbtime=2021", "fbtime=2019")
    for url in (empty, never_linked):
        page = Selector(text=page_text(url))
        assert page.css(".nb-empty p::text").get() == "暂无年报"
        assert page.css("h1") == [] and page.css("#zoom") == []


def test_pdf_reports_are_uploads_linked_from_their_module_page(root, truth):
    pdfs = [r for r in truth["reports"] if r["source_format"] == "pdf"]
    assert len(pdfs) == 2
    for report in pdfs:
        page = Selector(text=page_text(report["page_url"]))
        assert page.css("#zoom a::attr(href)").get() == report["url"].removeprefix(root)
        status, headers, body = raw_response(report["url"])
        assert status == 200 and body.startswith(b"%PDF-")
        assert dict(headers)[b"Content-Disposition"].decode("ascii").startswith("attachment; filename*=UTF-8''%E6%BE%84")
    missing = raw_response(root + "/module/download/downfile.jsp?classid=0&filename=" + "0" * 32 + ".pdf")
    assert missing[0] == 404


def test_look_alikes_sit_on_the_index_under_its_column_path(root, truth):
    related = _index(root).css(".nb-related a::attr(href)").getall()
    assert [root + href for href in related] == [n["url"] for n in truth["noise"]]
    assert all(href.startswith("/col/col1229530108/art/") for href in related)

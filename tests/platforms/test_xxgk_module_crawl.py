"""A real crawl of the Zhejiang county whose 年报 live in the xxgk module, from its home page alone.

No link on the way names a report: the 信息公开年报 index links each (organisation, year)
as "2023年度". Every report must still be recorded with its values — the PDF ones from
their uploads — the 暂无年报 answer must be fetched but never become a report, the
look-alikes must not even be fetched, and everything archived must replay byte-exact.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from platform_crawl import (
    lookalike_problems,
    page_text,
    replay_problems,
    replayed_with_live,
    report_mismatches,
    report_rows,
)

from archive.db import open_db
from crawler.platforms.xxgk_module import module_entries

KEY = "chengxi"


def _captures(crawled) -> list[dict]:
    db = open_db(crawled.data / "nianbao.db")
    rows = [dict(row) for row in db.query("SELECT id, url, status, page_kind FROM captures")]
    db.close()
    return rows


def _empty_url(crawled) -> str:
    """县统计局's 2021 address (the module answers 暂无年报), read off the live index by its row."""
    index = crawled.root + "col/col1229530108/index.html"
    (url,) = [u for u, title in module_entries(index, page_text(index)) if title == "县统计局2021年政府信息公开工作年度报告"]
    return url


def test_every_report_is_recorded_with_its_values(crawled):
    assert len(crawled.truth["reports"]) == 37
    assert report_mismatches(crawled) == []


def test_reports_were_reached_only_through_the_module(crawled):
    rows = report_rows(crawled.data)
    html_pages = [row for row in rows.values() if row["source_format"] == "html"]
    assert len(html_pages) == 35
    for row in html_pages:
        parts = urlsplit(row["url"])
        assert parts.path == "/module/xxgk/xxgkAnnualReport.jsp"
        query = parse_qs(parts.query)
        assert query["fbtime"] == [str(row["year"])] and len(query["area"][0]) == 18


def test_pdf_uploads_are_the_reports_not_their_module_pages(crawled):
    rows = report_rows(crawled.data)
    pdfs = [r for r in crawled.truth["reports"] if r["source_format"] == "pdf"]
    assert [(r["agency"], r["year"]) for r in pdfs] == [("澄溪县市场监督管理局", 2023), ("澄溪县市场监督管理局", 2022)]
    kinds = {c["url"]: c["page_kind"] for c in _captures(crawled)}
    for report in pdfs:
        assert rows[report["url"]]["page_url"] == report["page_url"]
        assert report["page_url"] not in rows and kinds[report["page_url"]] == "page_without_report"


def test_the_empty_answer_was_fetched_and_is_not_a_report(crawled):
    empty = _empty_url(crawled)
    captured = [c for c in _captures(crawled) if c["url"] == empty]
    assert [(c["status"], c["page_kind"]) for c in captured] == [(200, "page_without_report")]
    assert empty not in report_rows(crawled.data)


def test_look_alikes_are_not_reports_and_not_even_fetched(crawled):
    assert [n["title"] for n in crawled.truth["noise"]] == ["澄溪县2024年政务公开工作要点", "澄溪县2023年度政府信息公开工作年度报告汇总"]
    assert lookalike_problems(crawled) == []


def test_the_module_was_recognised_as_the_platform(crawled):
    db = open_db(crawled.data / "nianbao.db")
    platforms = [row["platform"] for row in db.query("SELECT platform FROM sites")]
    db.close()
    assert platforms == ["xxgk_module"]


@pytest.mark.pywb
def test_every_capture_replays_byte_exact(crawled, tmp_path, pywb_venv_path):
    replays = replayed_with_live(crawled, tmp_path / "pywb")
    replayed_urls = {r.stored.url for r, _ in replays}
    assert {r["url"] for r in crawled.truth["reports"]} | {_empty_url(crawled)} <= replayed_urls
    for r, (status, _, live) in replays:
        assert replay_problems(r, status, live) == []

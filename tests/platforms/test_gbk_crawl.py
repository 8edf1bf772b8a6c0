"""A real crawl of the GBK TRS county site from its home page alone.

The column's old path is gone, so it must be found through navigation; pages are GBK
(declared gb2312) with 珺/镕 in titles; one report is a DOCX, one an XLSX. Everything
archived must replay byte-exact in pywb, the GBK pages untouched.
"""

from __future__ import annotations

import pytest
from platform_crawl import (
    lookalike_problems,
    placeholder_requests,
    replay_problems,
    replayed_with_live,
    report_mismatches,
    report_rows,
)

KEY = "fenglin_gbk"
PLACEHOLDER_MARKS = ("{{", "}}", "%7B", "el.chnldocurl", "javascript:")


def test_every_report_is_recorded_with_its_values(crawled):
    assert len(crawled.truth["reports"]) == 9
    assert report_mismatches(crawled) == []


def test_titles_outside_gb2312_survive_into_the_database(crawled):
    rows = report_rows(crawled.data)
    titles = {row["title"] for row in rows.values()}
    assert "凤林县珺山镇人民政府2023年政府信息公开工作年度报告" in titles
    assert "凤林县镕溪镇人民政府2024年政府信息公开工作年度报告" in titles
    assert not any("\ufffd" in (row["title"] or "") + (row["agency"] or "") for row in rows.values())


def test_the_column_was_found_through_navigation_only(crawled):
    paths = [e["path"] for e in crawled.access_log]
    assert not any(p.startswith("/xxgk/") for p in paths)
    assert "/zwgk/zfxxgk/" in paths and "/zwgk/zfxxgk/zfxxgknb/" in paths


def test_second_list_pages_were_read(crawled):
    fetched = {e["path"] for e in crawled.access_log if e["status"] == 200}
    assert {"/zwgk/zfxxgk/zfxxgknb/2023n/xzf/index_1.html", "/zwgk/zfxxgk/zfxxgknb/2024n/bm/index_1.html"} <= fetched


def test_look_alikes_are_not_reports_and_not_even_fetched(crawled):
    assert len(crawled.truth["noise"]) == 4
    assert lookalike_problems(crawled) == []


def test_no_template_placeholder_became_a_request(crawled):
    assert crawled.access_log
    assert placeholder_requests(crawled, PLACEHOLDER_MARKS) == []


@pytest.mark.pywb
def test_every_capture_replays_byte_exact(crawled, tmp_path, pywb_venv_path):
    replays = replayed_with_live(crawled, tmp_path / "pywb")
    assert {r["url"] for r in crawled.truth["reports"]} <= {r.stored.url for r, _ in replays}
    gbk_pages = 0
    for r, (status, headers, live) in replays:
        assert replay_problems(r, status, live) == []
        if dict(headers).get(b"Content-Type") == b"text/html; charset=GBK":
            assert r.headers["Content-Type"] == "text/html; charset=GBK", r.stored.url
            gbk_pages += 1
    assert gbk_pages >= 20

"""Every truth report, rendered by the portal as Word-pasted HTML, extracts back exactly.

The portal's renderer (``portal/render/html.py``) imports nothing of ``extract``, so this
compares two independent worlds: the hand-written truth → markup → extractor → record.
Each report is rendered plain, with table 三 split by a page break (the results label
repeated with a restarted rowspan) and with labels broken by spaces and line breaks, then
placed in a TRS-style page (metas, breadcrumb, footer) — one variant GBK-encoded.
"""

from __future__ import annotations

from html import escape

import pytest
from extract_truth import load_truth, parse_failures, truth_failures

from extract.api import extract_bytes
from extract.checks import run_checks
from portal.render.html import render_report_html

REPORTS = load_truth()
VARIANTS = {
    "plain": {},
    "page_split": {"page_split": True},
    "split_labels": {"split_labels": True},
}


def trs_page(report: dict, fragment: str, charset: str = "utf-8") -> str:
    title = escape(report["title"])
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}-青溪县人民政府门户网站</title>
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{report["published"]} 09:30">
</head><body>
<div class="breadcrumb">当前位置：首页 › 政务公开 › 政府信息公开 › 政府信息公开年报</div>
<div class="TRS_Editor">{fragment}</div>
<div class="footer">主办：青溪县人民政府办公室</div>
</body></html>"""


def _extract(report: dict, variant: str, encoding: str = "utf-8"):
    fragment = render_report_html(report, **VARIANTS[variant])
    page = trs_page(report, fragment, "gbk" if encoding != "utf-8" else "utf-8")
    return extract_bytes(page.encode(encoding), content_type="text/html", url="http://127.0.0.1/t.html")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["id"])
def test_cells_and_facts_round_trip(report: dict, variant: str) -> None:
    record = _extract(report, variant)
    assert record.source_format == "html"
    assert record.template == report["template"]
    assert (record.agency, record.year, record.title, record.published) == (
        report["agency"], report["year"], report["title"], report["published"],
    )
    assert record.raw_cells == report.get("raw_cells", {})
    assert record.cells == report.get("cells", {})
    assert record.missing == []
    if report["template"] == "legacy":
        assert record.legacy_rows == report["legacy_rows"]
        assert record.chapters == report["chapters"]
    else:
        for key, text in report["sections"].items():
            assert record.sections.get(key, "") == text, key


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["id"])
def test_gbk_encoded_page(report: dict) -> None:
    record = _extract(report, "plain", encoding="gb18030")
    assert record.cells == report.get("cells", {})
    assert record.agency == report["agency"]
    assert "decode_errors" not in record.flags


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["id"])
def test_checks_both_readings(report: dict) -> None:
    record = _extract(report, "plain")
    layout = "single" if any(c.startswith("t3.other.") for c in record.cells) else "three"
    for key, checks, failures_key in (
        ("strict", record.checks, "expected_failures"),
        ("blank_as_zero", run_checks(record.cells, layout, blank_as_zero=True), "expected_failures_blank_as_zero"),
    ):
        expected = report["expected_checks" if key == "strict" else "expected_checks_blank_as_zero"]
        assert {rule: verdict.split(":")[0] for rule, verdict in checks.items()} == expected, key
        for rule, verdict in checks.items():
            if verdict.startswith("fail"):
                assert parse_failures(verdict) == truth_failures(report, failures_key, rule), (key, rule)

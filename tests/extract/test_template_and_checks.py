"""Template decided by labels (2019 / 2021 / hybrid / legacy) and the four consistency rules."""

from __future__ import annotations

import copy
import json

from extract_truth import REPORTS_DIR, parse_failures

from extract.api import extract_bytes
from extract.checks import run_checks
from extract.codes import T3_COLUMNS, expected_codes
from extract.template import decide_template
from portal.render.html import render_report_html


def test_hybrid_2021_columns_with_single_other_row() -> None:
    """A 2021 report that kept the 2019 single （六）其他处理 row is recorded as hybrid."""
    report = json.loads((REPORTS_DIR / "own_2021_township.json").read_text(encoding="utf-8"))
    hybrid = copy.deepcopy(report)
    for code in list(hybrid["raw_cells"]):
        if code.startswith(("t3.other_no_correction.", "t3.other_no_fee.", "t3.other_other.")):
            del hybrid["raw_cells"][code]
    single = ["0", "0", "0", "0", "0", "0", "0"]
    hybrid["raw_cells"].update({f"t3.other.{c}": v for c, v in zip(T3_COLUMNS, single, strict=True)})
    page = f"<html><body><div class='TRS_Editor'>{render_report_html(hybrid)}</div></body></html>"
    record = extract_bytes(page.encode(), content_type="text/html")
    assert record.template == "hybrid"
    assert all(record.cells[f"t3.other.{c}"] == 0 for c in T3_COLUMNS)
    assert not any(code.startswith("t3.other_") for code in record.cells)
    assert record.missing == []
    assert record.cells["t2.fees.amount"] == report["cells"]["t2.fees.amount"]


def test_decide_template() -> None:
    assert decide_template("2021", "three", True, 2022) == "2021"
    assert decide_template("2019", "single", True, 2019) == "2019"
    assert decide_template("2021", "single", True, 2021) == "hybrid"
    assert decide_template(None, None, False, 2016) == "legacy"
    assert decide_template(None, None, False, 2022) is None
    assert decide_template(None, None, False, None) is None


def test_expected_code_counts_match_the_spec() -> None:
    assert len(expected_codes("2021", "three")) == 10 + 25 * 7 + 15
    assert len(expected_codes("2019", "single")) == 22 + 23 * 7 + 15


def _cells_2021(value: int = 0) -> dict:
    return {code: value for code in expected_codes("2021", "three")}


def test_balance_failure_names_the_column_and_the_difference() -> None:
    cells = _cells_2021()
    cells["t3.new.natural"] = 5
    cells["t3.new.total"] = 5
    cells["t3.total.total"] = 5
    cells["t3.granted.total"] = 5
    checks = run_checks(cells, "three")
    assert parse_failures(checks["t3.balance"]) == [("natural", 5, 0)]
    assert checks["t3.results_sum"] == "ok"
    assert parse_failures(checks["t3.row_total"]) == [("granted", 5, 0), ("total", 5, 0)]


def test_null_and_missing_cells_skip_comparisons() -> None:
    cells = _cells_2021()
    for group in ("review", "suit_direct", "suit_after_review"):
        cells[f"t4.{group}.total"] = None
    assert run_checks(cells, "three")["t4.totals"] == "n/a"
    assert run_checks(cells, "three", blank_as_zero=True)["t4.totals"] == "ok"
    del cells["t4.review.upheld"]
    cells["t4.suit_direct.total"] = 2
    assert parse_failures(run_checks(cells, "three")["t4.totals"]) == [("suit_direct", 2, 0)]
    assert run_checks({}, None) == {rule: "n/a" for rule in ("t3.balance", "t3.results_sum", "t3.row_total", "t4.totals")}

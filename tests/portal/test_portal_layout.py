"""The neutral table layout matches the national templates as domain.md §3.2–3.5 prints them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.render.layout import Cell, Table, legacy_table, report_tables

REPORTS = Path(__file__).resolve().parents[2] / "portal" / "content" / "reports"


def content(cid: str) -> dict:
    return json.loads((REPORTS / f"{cid}.json").read_text(encoding="utf-8"))


def grid(table: Table) -> list[list[Cell]]:
    """Resolve rowspan/colspan; fails on overlaps and on holes (a malformed layout)."""
    placed: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    assert (r + dr, c + dc) not in placed, f"overlap at {(r + dr, c + dc)}"
                    placed[(r + dr, c + dc)] = cell
            c += cell.colspan
    rows = max(r for r, _ in placed) + 1
    cols = max(c for _, c in placed) + 1
    assert len(placed) == rows * cols, "the layout has holes"
    return [[placed[(r, c)] for c in range(cols)] for r in range(rows)]


@pytest.mark.parametrize(("template", "s2_cells", "s3_cells", "s3_rows"), [("2021", 10, 175, 28), ("2019", 22, 161, 26)])
def test_templates_have_the_documented_cell_counts(template, s2_cells, s3_cells, s3_rows):
    s2, s3, s4 = report_tables({"template": template, "raw_cells": {}})
    assert [t.section for t in (s2, s3, s4)] == ["s2", "s3", "s4"]
    assert len(s2.codes()) == s2_cells and len(grid(s2)[0]) == 4
    assert len(s3.codes()) == s3_cells and len(grid(s3)) == s3_rows and len(grid(s3)[0]) == 10
    assert len(s4.codes()) == 15 and len(grid(s4)) == 4 and len(grid(s4)[0]) == 15


def test_section3_header_and_spans_2021():
    s3 = report_tables({"template": "2021", "raw_cells": {}})[1]
    first = s3.rows[0][0]
    assert first.text.startswith("（本列数据的勾稽关系为") and (first.rowspan, first.colspan) == (3, 3)
    assert [c.text for c in s3.rows[1]] == ["自然人", "法人或其他组织", "总计"]
    assert [c.text for c in s3.rows[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    spans = {c.text: c.rowspan for row in s3.rows for c in row}
    assert spans["三、本年度办理结果"] == 22
    assert spans["（三）不予公开"] == 8 and spans["（四）无法提供"] == 3 and spans["（五）不予处理"] == 5
    assert spans["（六）其他处理"] == 3


def test_section3_2019_has_single_other_row():
    s3 = report_tables({"template": "2019", "raw_cells": {}})[1]
    cells = {c.text: c for row in s3.rows for c in row}
    assert cells["三、本年度办理结果"].rowspan == 20
    assert (cells["（六）其他处理"].rowspan, cells["（六）其他处理"].colspan) == (1, 2)
    assert "t3.other.total" in s3.codes() and "t3.other_other.total" not in s3.codes()


def test_section4_header_is_the_15_column_template():
    s4 = report_tables({"template": "2021", "raw_cells": {}})[2]
    g = grid(s4)
    assert [c.text for c in g[0][::5]] == ["行政复议", "行政诉讼", "行政诉讼"]
    assert g[1][5].text == "未经复议直接起诉" and g[1][10].text == "复议后起诉"
    assert [c.text for c in g[2][:5]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert s4.codes()[:5] == ["t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending",
                              "t4.review.total"]


def test_number_cells_print_the_raw_text_of_the_content_file():
    report = content("own_2019_county")  # signed deltas and an amount in 元, per its notes
    texts = {c.code: c.text for t in report_tables(report) for row in t.rows for c in row if c.code}
    assert texts["t2.licensing.change"] == "+12"
    assert texts["t2.other_services.change"] == "-3"
    assert texts["t2.procurement.amount"] == "251000元"
    assert texts["t3.new.total"] == "38" and texts["t3.carried_forward.total"] == "4"
    assert set(texts) == set(report["raw_cells"])


def test_placeholders_and_full_width_digits_are_printed_verbatim():
    report = content("own_2021_placeholders")
    texts = {c.code: c.text for t in report_tables(report) for row in t.rows for c in row if c.code}
    assert texts["t2.normative.in_force"] == "１８"
    assert texts["t2.coercion.decisions"] == "无"
    assert texts["t3.other_no_fee.total"] == "不适用"


def test_2021_report_that_kept_the_single_other_row_prints_one_row():
    raw = {f"t3.other.{c}": "1" for c in ("natural", "commercial", "research", "social", "legal", "other", "total")}
    s3 = report_tables({"template": "2021", "raw_cells": raw})[1]
    assert "t3.other.natural" in s3.codes() and "t3.other_no_fee.natural" not in s3.codes()
    assert {c.text: c.rowspan for row in s3.rows for c in row}["三、本年度办理结果"] == 20


def test_legacy_report_has_no_template_tables_but_its_appendix():
    report = content("own_2017_legacy")
    assert report_tables(report) == []
    table = legacy_table(report)
    assert table is not None and table.section == "legacy"
    assert [c.text for c in table.rows[0]] == ["指标名称", "计量单位", "2017年度"]
    assert len(table.rows) == len(report["legacy_rows"]) + 1

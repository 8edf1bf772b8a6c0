"""Flattened text: cells per line, or cells run together — split only when one reading fits."""

from __future__ import annotations

from extract_truth import FIXTURES

from extract.api import extract_path
from extract.readers.text import read


def test_cell_per_line_rows_are_rebuilt_by_width() -> None:
    text = "二、主动公开政府信息情况\n第二十条第(一)项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n规章 |\n1 |\n0 |\n2 |\n"
    doc = read(text.encode())
    assert doc.paragraphs == ["二、主动公开政府信息情况"]
    assert doc.tables == [[
        ["第二十条第(一)项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "2"],
    ]]
    assert doc.columns_aligned is False


def test_run_together_reads_only_what_has_one_reading() -> None:
    record = extract_path(FIXTURES / "run_together_ambiguous.txt")
    assert (record.agency, record.year, record.published) == ("青溪县档案馆", 2022, "2023-01-30")
    # 规章000 splits one way; 行政规范性文件2115 does not (2,1,15 / 2,11,5 / 21,1,5): missing, flagged
    assert [record.cells[f"t2.rules.{f}"] for f in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert not any(code.startswith("t2.normative") for code in record.cells)
    assert "ambiguous_split:t2.normative=2115" in record.flags
    assert record.cells["t2.licensing.decisions"] == 3
    # 121000114: both 12,1,0,0,0,1|14 and 1,2,10,0,0,1|14 make 总计 the sum — refused
    assert not any(code.startswith("t3.new.") for code in record.cells)
    assert "ambiguous_split:t3.new=121000114" in record.flags
    assert [record.cells[f"t3.granted.{c}"] for c in ("natural", "other", "total")] == [9, 0, 9]
    # 四: the only cut whose group totals add up
    assert [record.cells[f"t4.review.{o}"] for o in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 2, 0, 3]
    assert [record.cells[f"t4.suit_direct.{o}"] for o in ("upheld", "total")] == [12, 12]
    assert "t3.new.natural" in record.missing and "t3.carried_forward.total" in record.missing
    assert "incomplete_table:t3" in record.flags
    assert record.checks["t4.totals"] == "ok"

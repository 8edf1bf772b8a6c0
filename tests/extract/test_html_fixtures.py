"""Hand-written HTML pages modelled on domain.md §4.1, with expected values read off the page.

- ``trs_2021_wordpaste.html``: a TRS page (metas, breadcrumb, related links) with a
  Word-pasted 2021 report: mso styles, values in ``<p><span>`` or bare ``<span>``,
  ``<br>`` inside header labels, 处理决定数量 spanning three columns, table 三 split by a
  page break with 三、本年度办理结果 printed twice (the second time as "本年度办 理结果")
  and rowspans restarted.
- ``gbk_2019_fivecol.html``: GBK bytes declared ``gb2312`` with a GBK-only character
  (镕), a ``#zoom`` container, the 2019 template on a 5-column grid for 4 logical columns
  with ``colspan=2`` moving from row to row, signed deltas, ``1,036``, ``160.5964万元``,
  zeros written as blanks and 总计 blank on detail rows (Shanghai 2019 style), table 四
  with a 案件数量 label column, its header rows in a separate table and a blank spacer row.
- ``traditional_placeholders.html``: no CMS container (a layout table around everything),
  traditional characters throughout, placeholders (— / 無 不適用), full-width digits,
  a cell that is not a number (見附表), a closing date in Chinese numerals.
"""

from __future__ import annotations

from extract_truth import FIXTURES

from extract.api import extract_path
from extract.codes import T3_COLUMNS, T4


def _zero_t3(rows: list[str]) -> dict[str, int]:
    return {f"t3.{row}.{col}": 0 for row in rows for col in T3_COLUMNS}


ROWS_2021 = [
    "new", "carryover", "granted", "partial", "denied_secret", "denied_law", "denied_safety", "denied_third_party",
    "denied_internal", "denied_process", "denied_enforcement", "denied_inquiry", "unable_not_held",
    "unable_needs_creation", "unable_unclear", "rejected_petition", "rejected_repeated", "rejected_publication",
    "rejected_excessive", "rejected_confirm", "other_no_correction", "other_no_fee", "other_other", "total",
    "carried_forward",
]


def _row(row: str, values: list[int]) -> dict[str, int]:
    return {f"t3.{row}.{col}": v for col, v in zip(T3_COLUMNS, values, strict=True)}


def test_trs_word_pasted_2021() -> None:
    record = extract_path(FIXTURES / "trs_2021_wordpaste.html")
    expected = {
        "t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 0,
        "t2.normative.issued": 2, "t2.normative.repealed": 1, "t2.normative.in_force": 15,
        "t2.licensing.decisions": 136, "t2.penalty.decisions": 7, "t2.coercion.decisions": 0,
        "t2.fees.amount": "0.0000",
        **_zero_t3(ROWS_2021),
        **_row("new", [12, 3, 0, 1, 2, 0, 18]),
        **_row("carryover", [1, 0, 0, 0, 0, 0, 1]),
        **_row("granted", [6, 1, 0, 0, 1, 0, 8]),
        **_row("partial", [2, 0, 0, 0, 0, 0, 2]),
        **_row("denied_third_party", [1, 0, 0, 0, 0, 0, 1]),
        **_row("unable_not_held", [2, 1, 0, 1, 0, 0, 4]),
        **_row("rejected_repeated", [1, 0, 0, 0, 0, 0, 1]),
        **_row("other_other", [0, 1, 0, 0, 0, 0, 1]),
        **_row("total", [12, 3, 0, 1, 1, 0, 17]),
        **_row("carried_forward", [1, 0, 0, 0, 1, 0, 2]),
        **dict.fromkeys(T4, 0),
        "t4.review.upheld": 1, "t4.review.total": 1, "t4.suit_direct.pending": 1, "t4.suit_direct.total": 1,
    }
    assert record.cells == expected
    assert record.raw_cells["t2.fees.amount"] == "0.0000"
    assert (record.agency, record.year, record.template) == ("青溪县水利局", 2023, "2021")
    assert record.title == "青溪县水利局2023年政府信息公开工作年度报告"
    assert record.published == "2024-01-26"
    assert record.missing == [] and record.flags == []
    assert set(record.checks.values()) == {"ok"}
    assert record.sections["s6"] == "本年度未收取信息处理费。"
    assert "相关阅读" not in "".join(record.sections.values())


def test_gbk_shanghai_style_2019() -> None:
    record = extract_path(FIXTURES / "gbk_2019_fivecol.html")
    assert "decode_errors" not in record.flags
    assert "朱镕" in record.sections["s1"]  # a GBK-only character: decoded as gb18030, not gb2312
    assert (record.agency, record.year, record.template, record.published) == (
        "云湖市交通运输局", 2019, "2019", "2020-01-21",
    )
    t2 = {code: value for code, value in record.cells.items() if code.startswith("t2.")}
    assert t2 == {
        "t2.rules.new_made": None, "t2.rules.new_published": None, "t2.rules.total_published": None,
        "t2.normative.new_made": 3, "t2.normative.new_published": 3, "t2.normative.total_published": 41,
        "t2.licensing.prev_items": 52, "t2.licensing.change": 12, "t2.licensing.decisions": 1036,
        "t2.other_services.prev_items": 8, "t2.other_services.change": -3, "t2.other_services.decisions": 95,
        "t2.penalty.prev_items": 17, "t2.penalty.change": 0, "t2.penalty.decisions": 230,
        "t2.coercion.prev_items": 2, "t2.coercion.change": None, "t2.coercion.decisions": 14,
        "t2.fees.prev_items": 4, "t2.fees.change": -1,
        "t2.procurement.items": 6, "t2.procurement.amount": "160.5964",
    }
    assert record.raw_cells["t2.licensing.change"] == "+12"
    assert record.raw_cells["t2.licensing.decisions"] == "1,036"
    assert record.raw_cells["t2.procurement.amount"] == "160.5964万元"
    # zeros written as blanks stay null, not 0; the 总计 column is blank on detail rows
    assert record.cells["t3.new.research"] is None and record.raw_cells["t3.new.research"] == ""
    assert record.cells["t3.granted.total"] is None
    assert _row("granted", [9, 1, None, None, None, None, None]).items() <= record.cells.items()
    assert _row("other", [1, None, None, None, None, None, None]).items() <= record.cells.items()
    assert _row("total", [20, 2, None, None, 1, None, 23]).items() <= record.cells.items()
    assert not any(code.startswith("t3.other_") for code in record.cells)
    assert len([c for c in record.cells if c.startswith("t3.")]) == 23 * 7
    # 四: label column 案件数量, header in its own table, spacer row skipped
    assert [record.cells[f"t4.review.{o}"] for o in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 0, 0, 1]
    assert all(record.cells[c] is None for c in T4 if not c.startswith("t4.review."))
    assert record.missing == [] and record.flags == []
    assert record.checks == {"t3.balance": "ok", "t3.results_sum": "n/a", "t3.row_total": "n/a", "t4.totals": "ok"}


def test_traditional_characters_and_placeholders() -> None:
    record = extract_path(FIXTURES / "traditional_placeholders.html")
    assert (record.agency, record.year, record.template) == ("云湖市自然资源局", 2022, "2021")
    assert record.published == "2023-01-20"
    t2 = {code: (record.cells.get(code, "absent"), record.raw_cells[code]) for code in record.raw_cells if code.startswith("t2.")}
    assert t2 == {
        "t2.rules.issued": (None, "—"), "t2.rules.repealed": (None, "—"), "t2.rules.in_force": (None, "—"),
        "t2.normative.issued": (12, "１２"), "t2.normative.repealed": (3, "3"), "t2.normative.in_force": (156, "１５６"),
        "t2.licensing.decisions": (None, "不適用"), "t2.penalty.decisions": (None, "/"),
        "t2.coercion.decisions": (None, "無"), "t2.fees.amount": ("24252.311082", "24252.311082"),
    }
    assert _row("new", [5, 0, 0, 0, 0, 0, 5]).items() <= record.cells.items()
    assert _row("unable_not_held", [2, 0, 0, 0, 0, 0, 2]).items() <= record.cells.items()
    # the cell that is not a number: raw kept, value absent, listed missing and flagged
    assert record.raw_cells["t4.suit_after_review.other"] == "見附表"
    assert "t4.suit_after_review.other" not in record.cells
    assert record.missing == ["t4.suit_after_review.other"]
    assert "not_numeric:t4.suit_after_review.other" in record.flags
    assert record.sections["s6"] == "無。"

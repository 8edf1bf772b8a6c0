"""Bad input never raises: it gives a record whose flags, missing and checks say what happened."""

from __future__ import annotations

import zipfile
from io import BytesIO

from extract_truth import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.api import extract_bytes, extract_path
from extract.checks import RULES
from extract.codes import T2_2021, T4, expected_codes


def _assert_filled(record) -> None:
    assert set(record.checks) == set(RULES)
    assert isinstance(record.missing, list) and isinstance(record.flags, list)


def test_empty_bytes() -> None:
    record = extract_bytes(b"", content_type="text/html")
    _assert_filled(record)
    assert any(f.startswith("unreadable") for f in record.flags)
    assert "no_table" in record.flags
    assert record.missing == expected_codes("2021", "three")
    assert set(record.checks.values()) == {"n/a"}


def test_binary_served_as_html() -> None:
    data = bytes(range(256)) * 40
    record = extract_bytes(data, content_type="text/html; charset=utf-8", filename="report.html")
    _assert_filled(record)
    assert "unreadable: binary content, not HTML" in record.flags
    assert record.cells == {}


def test_pdf_bytes_labelled_html_go_to_the_pdf_reader() -> None:
    record = extract_bytes(b"%PDF-1.4\n%garbage, no objects\n", content_type="text/html")
    _assert_filled(record)
    assert record.source_format == "pdf"
    assert any(f.startswith("unreadable") for f in record.flags)


def test_broken_zip_and_ole_headers() -> None:
    for data, name in ((b"PK\x03\x04" + b"\x00" * 50, "a.docx"), (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, "a.doc")):
        record = extract_bytes(data, filename=name)
        _assert_filled(record)
        assert any(f.startswith("unreadable") for f in record.flags), record.flags


def test_page_without_a_table() -> None:
    page = "<html><body><div class='TRS_Editor'><p>青溪县统计局2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本年度依法公开信息。</p></div></body></html>"
    record = extract_bytes(page.encode(), content_type="text/html")
    _assert_filled(record)
    assert record.template is None and "no_table" in record.flags
    assert (record.agency, record.year) == ("青溪县统计局", 2022)
    assert record.missing == expected_codes("2021", "three")
    assert record.sections["s1"] == "本年度依法公开信息。"


def test_malformed_markup_still_reads_what_is_there() -> None:
    page = (
        "<html><body><div class=TRS_Editor><p>二、主动公开政府信息情况<table><tr><td>信息内容<td>本年制发件数"
        "<td>本年废止件数<td>现行有效件数<tr><td>规章<td>1<td>0<td>4</table><p unclosed <b>bold"
    )
    record = extract_bytes(page.encode(), content_type="text/html")
    _assert_filled(record)
    assert {k: v for k, v in record.cells.items() if k.startswith("t2.rules")} == {
        "t2.rules.issued": 1, "t2.rules.repealed": 0, "t2.rules.in_force": 4,
    }
    assert "truncated" in record.flags


def test_truncated_table_lists_what_is_missing() -> None:
    page = (FIXTURES / "trs_2021_wordpaste.html").read_bytes()
    cut = page[: page.index("（五）不予处理".encode())]  # the download stopped inside table 三
    record = extract_bytes(cut, content_type="text/html; charset=utf-8")
    _assert_filled(record)
    assert "truncated" in record.flags and "incomplete_table:t3" in record.flags
    assert "no_table:t4" in record.flags
    assert "t3.rejected_petition.natural" in record.missing and "t3.total.total" in record.missing
    assert set(T4) <= set(record.missing)
    assert record.cells["t3.granted.total"] == 8  # what was read before the cut is kept
    assert all(code in record.cells for code in T2_2021)
    assert record.checks["t4.totals"] == "n/a"


def test_missing_file() -> None:
    record = extract_path(FIXTURES / "does-not-exist.html")
    _assert_filled(record)
    assert any(f.startswith("unreadable") for f in record.flags)


def test_zip_that_is_neither_word_nor_excel() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/ofd")
    record = extract_bytes(buffer.getvalue(), filename="report.ofd")
    _assert_filled(record)
    assert record.flags == ["unreadable: unknown format", "no_table"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([None, "text/html", "text/plain", "application/pdf"]))
def test_arbitrary_bytes_never_raise(data: bytes, content_type: str | None) -> None:
    _assert_filled(extract_bytes(data, content_type=content_type))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["<table>", "<tr>", "<td rowspan=3>", "<td colspan=99999>", "</table>", "规章",
                                 "行政复议", "自然人", "0", "—", "1,2", "<br>", "三、本年度办理结果", "</td>",
                                 "信息内容", "本年制发件数", "结果维持", "总计"]), max_size=80))
def test_arbitrary_table_markup_never_raises(parts: list[str]) -> None:
    _assert_filled(extract_bytes("".join(parts).encode(), content_type="text/html"))

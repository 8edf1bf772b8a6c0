"""The attachment renderers: deterministic bytes and the structure real reports have."""

from __future__ import annotations

import io
import zipfile

import pdfplumber
import pytest
from formats_corpus import load_reports

from portal.render.docx import render_report_docx
from portal.render.layout import RESULTS_LABEL
from portal.render.pdf import render_report_pdf, render_report_pdf_scanned, render_report_pdf_split
from portal.render.xlsx import cell_value, render_report_xls, render_report_xlsx

REPORTS = load_reports()


@pytest.mark.parametrize("render", [render_report_pdf, render_report_pdf_split, render_report_pdf_scanned,
                                    render_report_docx, render_report_xlsx, render_report_xls])
def test_same_report_same_bytes(render) -> None:
    assert render(REPORTS[0]) == render(REPORTS[0])


@pytest.mark.parametrize("render", [render_report_docx, render_report_xlsx])
def test_ooxml_members_carry_no_clock_time(render) -> None:
    with zipfile.ZipFile(io.BytesIO(render(REPORTS[0]))) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and core.count("2000-01-01") >= 2


def test_pdf_text_is_chinese_and_extractable() -> None:
    report = REPORTS[0]
    with pdfplumber.open(io.BytesIO(render_report_pdf(report))) as document:
        assert document.metadata["Title"] == report["title"]
        first = document.pages[0].extract_text()
    assert report["title"] in first.replace("\n", "")


def test_split_variant_prints_the_merged_labels_again_on_the_next_page() -> None:
    with pdfplumber.open(io.BytesIO(render_report_pdf_split(REPORTS[0]))) as document:
        pages = [{(cell or "").replace("\n", "") for table in p.extract_tables() for row in table for cell in row}
                 for p in document.pages]
    with_label = [i for i, cells in enumerate(pages) if RESULTS_LABEL in cells]
    assert len(with_label) == 2 and with_label[1] == with_label[0] + 1
    assert "（三）不予公开" in pages[with_label[0]] and "（三）不予公开" in pages[with_label[1]]


def test_scanned_variant_has_images_and_no_text() -> None:
    with pdfplumber.open(io.BytesIO(render_report_pdf_scanned(REPORTS[0]))) as document:
        assert all(not p.chars and len(p.images) == 1 for p in document.pages)


def test_docx_uses_word_merges_for_the_template_spans() -> None:
    with zipfile.ZipFile(io.BytesIO(render_report_docx(REPORTS[0]))) as zf:
        xml = zf.read("word/document.xml").decode()
    assert 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    assert '<w:gridSpan w:val="15"/>' not in xml  # table 四's widest span is 10 (行政诉讼)
    assert '<w:gridSpan w:val="10"/>' in xml and '<w:gridSpan w:val="7"/>' in xml


@pytest.mark.parametrize(("text", "value"), [
    ("1234", 1234), ("0", 0), ("24252.311082", 24252.311082), ("0.50", "0.50"), ("0.0000", "0.0000"),
    ("+6", "+6"), ("-2", "-2"), ("007", "007"), ("251000元", "251000元"), ("—", "—"),
])
def test_spreadsheet_cells_are_typed_only_when_the_number_prints_back_the_same(text: str, value) -> None:
    assert cell_value(text) == value
    assert type(cell_value(text)) is type(value)

"""Reader details on small hand-written inputs (expected values written from the input)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from formats_corpus import load_reports

from extract.readers import docx, pdf, xls
from extract.readers.cell_text import join_cell_lines, join_wrapped
from extract.readers.doc import parse_antiword, parse_catdoc
from portal.render.docx import render_report_docx
from portal.render.pdf import render_report_pdf_scanned


@pytest.mark.parametrize(("value", "text"), [
    (1234.0, "1234"), (1234, "1234"), (24252.311082, "24252.311082"), (0.5, "0.5"), (0.0, "0"),
    ("+6", "+6"), ("160.5964万元", "160.5964万元"), ("", ""), (None, ""), (True, "TRUE"),
    (dt.date(2022, 1, 18), "2022-01-18"), (dt.datetime(2022, 1, 18), "2022-01-18"),
])
def test_spreadsheet_values_print_as_typed(value: object, text: str) -> None:
    assert xls.cell_text(value) == text


def test_wrapped_cell_lines_are_glued_back() -> None:
    assert join_wrapped(["社会公益", "组织"]) == "社会公益组织"
    assert join_cell_lines("24252.3110\n82") == "24252.311082"
    assert join_wrapped(["Open", "Data"]) == "Open Data"
    assert join_cell_lines(None) == ""


# antiword's rendering of a Word table: one line per row, bars where cells end; the caption
# cell spans the four columns, CJK characters are two columns wide.
ANTIWORD = """二、主动公开政府信息情况

|第二十条第（一）项                                         |
|信息内容      |本年制发件数  |本年废止件数  |现行有效件数  |
|规章          |0             |0             |3             |
|行政规范性文件|2             |              |17            |

三、收到和处理政府信息公开申请情况
"""


def test_antiword_tables_become_grids_with_spans() -> None:
    blocks = parse_antiword(ANTIWORD)
    assert blocks[0].text == "二、主动公开政府信息情况"
    assert blocks[1].grid == [
        ["第二十条第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "3"],
        ["行政规范性文件", "2", "", "17"],
    ]
    assert blocks[2].text == "三、收到和处理政府信息公开申请情况"


def test_catdoc_tab_lines_become_rows() -> None:
    blocks = parse_catdoc("四、政府信息公开行政复议、行政诉讼情况\n结果维持\t结果纠正\t总计\n2\t1\t3\n五、存在的主要问题\n")
    assert [b.text for b in blocks if b.text] == ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题"]
    assert blocks[1].grid == [["结果维持", "结果纠正", "总计"], ["2", "1", "3"]]


def _docx_with_body(body_xml: str) -> bytes:
    """A real .docx (from our renderer) whose body is replaced by ``body_xml``."""
    source = zipfile.ZipFile(io.BytesIO(render_report_docx(load_reports()[0])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                start, end = text.index("<w:body>") + len("<w:body>"), text.index("</w:body>")
                data = (text[:start] + body_xml + text[end:]).encode()
            zf.writestr(info.filename, data)
    return out.getvalue()


def _tc(text: str, span: int = 1, vmerge: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "")
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_docx_merges_and_a_sliver_column_resolve_to_logical_columns() -> None:
    # Table 四's first columns as LibreOffice writes them after a .doc round trip: a 1-twip
    # grid column 2 that "总计" spans together with column 1, while "行政诉讼" starts on it.
    rows = [
        _tc("行政复议", span=2) + _tc("行政诉讼", span=2),
        _tc("结果维持", vmerge="restart") + _tc("总计", span=2, vmerge="restart") + _tc("未经复议直接起诉"),
        _tc("", vmerge="continue") + _tc("", span=2, vmerge="continue") + _tc("结果维持"),
        _tc("2") + _tc("5", span=2) + _tc("1"),
    ]
    body = ("<w:p><w:r><w:t>四、政府信息公开行政复议、行政诉讼情况</w:t></w:r></w:p><w:tbl><w:tblGrid>"
            '<w:gridCol w:w="576"/><w:gridCol w:w="575"/><w:gridCol w:w="1"/><w:gridCol w:w="576"/></w:tblGrid>'
            + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>")
    document = docx.read(_docx_with_body(body))
    assert document.flags == []
    assert document.paragraphs == ["四、政府信息公开行政复议、行政诉讼情况"]
    assert document.tables == [[
        ["行政复议", "行政复议", "行政诉讼"],
        ["结果维持", "总计", "未经复议直接起诉"],
        ["结果维持", "总计", "结果维持"],
        ["2", "5", "1"],
    ]]


def test_scanned_pdf_needs_ocr_and_reads_nothing() -> None:
    document = pdf.read(render_report_pdf_scanned(load_reports()[0]))
    assert "needs_ocr" in document.flags
    assert document.blocks == []
    assert document.meta["ocr_pages"].split(",")[0] == "1"


@pytest.mark.parametrize(("v", "index"), [
    (-3.0, 0), (0.0, 0), (4.9, 0), (5.0, 0), (5.1, 1), (10.0, 1), (14.9, 1), (15.0, 1), (15.2, 2), (99.0, 2),
])
def test_pdf_cell_edges_snap_to_the_nearest_grid_line_the_lower_on_a_tie(v: float, index: int) -> None:
    assert pdf._index([0.0, 10.0, 20.0], v) == index

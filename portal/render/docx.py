"""A report content dict as the Word (.docx) attachment many bodies publish.

Word is where these reports are written: the template tables are Word tables whose merged
cells are ``w:gridSpan`` (across) and ``w:vMerge`` (down), exactly the structure a DOCX
reader has to resolve. The document follows :func:`~portal.render.outline.report_parts`,
so it says the same thing as the HTML page and the PDF.

Deterministic: core-property dates are fixed and the zip is re-packed with fixed member
dates (:func:`~portal.render.stable_zip.stable_zip`).
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table as DocxTable

from portal.render.layout import Table
from portal.render.outline import report_parts
from portal.render.placement import place_cells
from portal.render.stable_zip import stable_zip

_FIXED_DATE = datetime(2000, 1, 1)
_BODY_FONT = "仿宋_GB2312"
_TITLE_FONT = "方正小标宋简体"


def _set_east_asian_font(run, name: str, size: float) -> None:  # noqa: ANN001 (docx run)
    run.font.name = name
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _add_table(document, table: Table) -> DocxTable:  # noqa: ANN001 (docx Document)
    placed = place_cells(table)
    n_rows = max(p.last_row + 1 for p in placed)
    out = document.add_table(rows=n_rows, cols=table.width)
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    for p in placed:
        cell = out.cell(p.row, p.col)
        if p.cell.rowspan > 1 or p.cell.colspan > 1:
            cell = cell.merge(out.cell(p.last_row, p.last_col))
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_east_asian_font(paragraph.add_run(p.cell.text), "宋体", 9)
    return out


def render_report_docx(report: dict) -> bytes:
    """The report as a .docx: paragraphs and the template tables with their merged cells."""
    document = Document()
    for part in report_parts(report):
        if part.table is not None:
            _add_table(document, part.table)
            continue
        paragraph = document.add_paragraph()
        if part.kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_east_asian_font(paragraph.add_run(part.text), _TITLE_FONT, 18)
        elif part.kind == "closing":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_east_asian_font(paragraph.add_run(part.text), _BODY_FONT, 14)
        elif part.kind == "heading":
            run = paragraph.add_run(part.text)
            run.bold = True
            _set_east_asian_font(run, "黑体", 14)
        else:
            paragraph.paragraph_format.first_line_indent = Pt(28)
            _set_east_asian_font(paragraph.add_run(part.text), _BODY_FONT, 14)
    props = document.core_properties
    props.title = report.get("title") or ""
    props.author = props.last_modified_by = report.get("agency") or ""
    props.created = props.modified = props.last_printed = _FIXED_DATE
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return stable_zip(buf.getvalue())

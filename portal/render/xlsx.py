"""A report's template tables as the spreadsheet attachment (.xlsx, and legacy .xls).

Some bodies publish the statistics as a workbook beside (or instead of) the text: one
worksheet per template table, merged cells as merged ranges, numbers typed as numbers
where the printed text is a plain number (so a reader gets ``1234.0`` back from the cell
and must print it as ``1234``) and as text otherwise (``+6``, ``160.5964万元``, blanks).
The title goes into the workbook properties, the way Excel users leave it.

Deterministic: fixed property dates and a re-packed zip (.xlsx); xlwt writes no dates.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from portal.render.layout import Table
from portal.render.outline import report_parts
from portal.render.placement import place_cells
from portal.render.stable_zip import stable_zip

_FIXED_DATE = datetime(2000, 1, 1)
_PLAIN_NUMBER = re.compile(r"^(0|[1-9]\d{0,14})(\.\d{1,6})?$")  # what a clerk would type into a number cell
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def cell_value(text: str) -> str | int | float:
    """The value typed into the spreadsheet for the printed ``text``.

    Integers become ints and decimals floats only when the float prints back to exactly
    the same text (``"0.50"`` stays text: the trailing zero would be lost).
    """
    if not _PLAIN_NUMBER.match(text):
        return text
    if "." not in text:
        return int(text)
    number = float(text)
    return number if repr(number) == text else text


def _sheet_tables(report: dict) -> list[tuple[str, Table]]:
    """(sheet name, table) for every table of the report, named after its section heading."""
    out: list[tuple[str, Table]] = []
    heading = "附表"
    for part in report_parts(report):
        if part.kind == "heading":
            heading = part.text
        elif part.table is not None:
            name = _SHEET_NAME_BAD.sub("_", heading)[:31] or f"Sheet{len(out) + 1}"
            while name in {n for n, _ in out}:
                name = name[:28] + f"_{len(out) + 1}"
            out.append((name, part.table))
    return out


def render_report_xlsx(report: dict) -> bytes:
    """The report's tables as an .xlsx workbook (openpyxl), merged ranges kept."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.writer.excel import ExcelWriter

    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in _sheet_tables(report):
        sheet = workbook.create_sheet(name)
        for p in place_cells(table):
            cell = sheet.cell(row=p.row + 1, column=p.col + 1, value=cell_value(p.cell.text) if p.cell.text else None)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
            if p.cell.rowspan > 1 or p.cell.colspan > 1:
                sheet.merge_cells(start_row=p.row + 1, start_column=p.col + 1,
                                  end_row=p.last_row + 1, end_column=p.last_col + 1)
    props = workbook.properties
    props.title = report.get("title") or ""
    props.creator = props.lastModifiedBy = report.get("agency") or ""
    props.created = props.modified = _FIXED_DATE
    buf = io.BytesIO()
    # ExcelWriter directly: Workbook.save() would stamp properties.modified with the clock.
    ExcelWriter(workbook, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)).save()
    return stable_zip(buf.getvalue())


def render_report_xls(report: dict) -> bytes:
    """The report's tables as a BIFF8 .xls workbook (xlwt), as older offices still send."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    style = xlwt.easyxf("align: wrap on, vert centre, horiz centre; "
                        "borders: left thin, right thin, top thin, bottom thin")
    for name, table in _sheet_tables(report):
        sheet = workbook.add_sheet(name)
        for p in place_cells(table):
            value = cell_value(p.cell.text) if p.cell.text else ""
            if p.cell.rowspan > 1 or p.cell.colspan > 1:
                sheet.write_merge(p.row, p.last_row, p.col, p.last_col, value, style)
            else:
                sheet.write(p.row, p.col, value, style)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()

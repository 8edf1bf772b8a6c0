"""The labelled corpus: every hand-transcribed report rendered into every attachment format.

The truth is ``portal/content/reports/*.json`` (values transcribed from
../shared/samples and our own reports written from the research), not any reader's
output. Each report is rendered by the portal's renderers (which import nothing from
``extract``) and read back by ``extract.readers``; :func:`cell_score` compares the read
grids with the printed text of every coded cell. Used by the tests in this directory
and by ``bench/extract_accuracy.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from extract.document import Document, Grid
from extract.readers import doc, docx, pdf, wps, xls
from portal.render.doc import doc_available, render_report_doc, render_report_wps
from portal.render.docx import render_report_docx
from portal.render.layout import report_tables
from portal.render.pdf import render_report_pdf, render_report_pdf_split
from portal.render.placement import place_cells
from portal.render.xlsx import render_report_xls, render_report_xlsx

REPO = Path(__file__).resolve().parents[2]
REPORTS_DIR = REPO / "portal" / "content" / "reports"

# format name → (renderer, reader, file suffix)
FORMATS: dict[str, tuple[Callable[[dict], bytes], Callable[[bytes], Document], str]] = {
    "pdf": (render_report_pdf, pdf.read, ".pdf"),
    "pdf_split": (render_report_pdf_split, pdf.read, ".pdf"),
    "docx": (render_report_docx, docx.read, ".docx"),
    "xlsx": (render_report_xlsx, xls.read, ".xlsx"),
    "xls": (render_report_xls, xls.read, ".xls"),
}
SLOW_FORMATS: dict[str, tuple[Callable[[dict], bytes], Callable[[bytes], Document], str]] = {
    "doc": (render_report_doc, doc.read, ".doc"),
    "wps": (render_report_wps, wps.read, ".wps"),
}


def available_formats(include_slow: bool = True) -> dict[str, tuple]:
    """The formats this machine can render (DOC/WPS need LibreOffice)."""
    out = dict(FORMATS)
    if include_slow and doc_available():
        out.update(SLOW_FORMATS)
    return out


def load_reports() -> list[dict]:
    """Every content report that has template tables (legacy ones have no cell codes)."""
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(REPORTS_DIR.glob("*.json"))]
    return [r for r in reports if report_tables(r)]


def expected_grids(report: dict) -> list[Grid]:
    """The template tables as a reader must return them: merged cells fill every position."""
    grids: list[Grid] = []
    for table in report_tables(report):
        placed = place_cells(table)
        grid: Grid = [[None] * table.width for _ in range(max(p.last_row + 1 for p in placed))]
        for p in placed:
            for r in range(p.row, p.last_row + 1):
                for c in range(p.col, p.last_col + 1):
                    grid[r][c] = p.cell.text
        grids.append(grid)
    return grids


def coded_positions(report: dict) -> list[tuple[int, int, int, str]]:
    """(table index, row, col, code) of every number cell of the report's template."""
    out = []
    for t, table in enumerate(report_tables(report)):
        for p in place_cells(table):
            if p.cell.code:
                out.append((t, p.row, p.col, p.cell.code))
    return out


def cell_score(report: dict, document: Document) -> tuple[int, int, list[str]]:
    """(cells right, cells expected, codes wrong) of ``document`` against the transcription."""
    raw = report.get("raw_cells", {})
    tables = document.tables
    right, wrong = 0, []
    positions = coded_positions(report)
    for t, r, c, code in positions:
        got = None
        if t < len(tables) and r < len(tables[t]) and c < len(tables[t][r]):
            got = tables[t][r][c]
        if got == raw.get(code, ""):
            right += 1
        else:
            wrong.append(f"{code}: expected {raw.get(code, '')!r}, read {got!r}")
    return right, len(positions), wrong

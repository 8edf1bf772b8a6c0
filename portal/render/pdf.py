"""A report content dict printed as the PDF attachment a government site would serve.

Real 年报 PDFs are Word documents printed to PDF: Chinese text in an embedded font, the
template tables ruled with their merged cells, table 三 broken across a page with the
merged labels (三、本年度办理结果, （三）不予公开 …) printed again on the next page, and a
page number at the foot. This module reproduces that with reportlab so the portal can
serve it and the extraction corpus can read it back.

The bytes are deterministic (``invariant=1``, fixed metadata): the portal serves the same
file every run, so archives and digests compare across runs.

Two deliberate variants feed the corpus: :func:`render_report_pdf_scanned` (an image of
the pages, no text layer: the reader must say ``needs_ocr``) and
:func:`render_report_pdf_split` (table 三 forced across a page break in the middle of a
merged group).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as RLTable

from portal.render.html import section_heading
from portal.render.layout import Table
from portal.render.outline import report_parts
from portal.render.placement import Placed, place_cells

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"  # Debian fonts-wqy-zenhei; embedded as a subset
FONT = "WenQuanYiZenHei"
MARGIN = 20 * mm
SCAN_DPI = 100  # a cheap office scanner; enough to read, small enough for the corpus
PAGE_WIDTH, PAGE_HEIGHT = A4
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN - 2 * 6  # the frame pads 6 pt on each side

# Column widths (points) per section, in the proportions real reports use: wide label
# columns, narrow number columns. Each list sums to TEXT_WIDTH.
_S3_WIDTHS = [50, 62, 132] + [(TEXT_WIDTH - 244) / 7] * 7
_S2_WIDTHS = [TEXT_WIDTH * 0.31] + [TEXT_WIDTH * 0.23] * 3
_S4_WIDTHS = [TEXT_WIDTH / 15] * 15


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=24, alignment=TA_CENTER,
                                wordWrap="CJK", spaceAfter=10),
        "closing": ParagraphStyle("closing", fontName=font, fontSize=10.5, leading=17, alignment=TA_RIGHT,
                                  wordWrap="CJK"),
        "paragraph": ParagraphStyle("paragraph", fontName=font, fontSize=10.5, leading=17, firstLineIndent=21,
                                    wordWrap="CJK", spaceAfter=2, alignment=TA_JUSTIFY),  # Word's 两端对齐
        "heading": ParagraphStyle("heading", fontName=font, fontSize=12, leading=20, wordWrap="CJK",
                                  spaceBefore=10, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, alignment=TA_CENTER,
                               wordWrap="CJK"),
    }


def _fitting(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """The title style shrunk until ``text`` fits on one line, as authors size their titles."""
    size = style.fontSize
    while size > 10 and pdfmetrics.stringWidth(text, style.fontName, size) > TEXT_WIDTH:
        size -= 1
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=size * 1.5)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _widths(table: Table) -> list[float]:
    fixed = {"s2": _S2_WIDTHS, "s3": _S3_WIDTHS, "s4": _S4_WIDTHS}.get(table.section)
    if fixed and len(fixed) == table.width:
        return fixed
    return [TEXT_WIDTH / table.width] * table.width


def _rl_table(placed: list[Placed], n_rows: int, widths: list[float], cell_style: ParagraphStyle) -> RLTable:
    """A ruled reportlab table from anchored cells (rows 0 … n_rows-1)."""
    data: list[list[object]] = [[""] * len(widths) for _ in range(n_rows)]
    style: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for p in placed:
        data[p.row][p.col] = Paragraph(_escape(p.cell.text), cell_style)
        if p.cell.rowspan > 1 or p.cell.colspan > 1:
            style.append(("SPAN", (p.col, p.row), (p.last_col, p.last_row)))
        if p.cell.header:
            style.append(("BACKGROUND", (p.col, p.row), (p.last_col, p.last_row), colors.HexColor("#C6D9F1")))
    return RLTable(data, colWidths=list(widths), style=style)  # reportlab may adjust the list it is given


def split_placed(placed: list[Placed], at: int) -> tuple[list[Placed], list[Placed]]:
    """Cut anchored cells at grid row ``at`` the way Word breaks a table across pages.

    A merged cell that crosses the cut is kept, shortened, above it and printed again
    (same text) below it, as the label 三、本年度办理结果 appears twice in real reports.
    """
    top: list[Placed] = []
    bottom: list[Placed] = []
    for p in placed:
        c = p.cell
        if p.last_row < at:
            top.append(p)
        elif p.row >= at:
            bottom.append(Placed(p.row - at, p.col, c))
        else:
            top.append(Placed(p.row, p.col, type(c)(c.text, at - p.row, c.colspan, c.header, c.code)))
            bottom.append(Placed(0, p.col, type(c)(c.text, p.last_row - at + 1, c.colspan, c.header, c.code)))
    return top, bottom


class _BreakableTable(Flowable):
    """A template table that breaks between any two rows, even inside merged cells.

    reportlab refuses to split a table inside a row span, so a 22-row span such as
    三、本年度办理结果 would push the whole table to the next page; government reports are
    printed from Word, which breaks there and repeats the merged label.
    """

    def __init__(self, placed: list[Placed], n_rows: int, widths: list[float], cell_style: ParagraphStyle) -> None:
        super().__init__()
        self.placed, self.n_rows, self.widths, self.cell_style = placed, n_rows, widths, cell_style
        self._table = _rl_table(placed, n_rows, widths, cell_style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        return self._table.wrap(availWidth, availHeight)

    def draw(self) -> None:
        self._table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        header_rows = {p.row for p in self.placed} - {p.row for p in self.placed if not p.cell.header}
        for at in range(self.n_rows - 1, 0, -1):
            if at - 1 in header_rows or any(p.cell.header and p.row < at <= p.last_row for p in self.placed):
                continue  # Word keeps header rows together and with the row that follows them
            top, bottom = split_placed(self.placed, at)
            first = _BreakableTable(top, at, self.widths, self.cell_style)
            if first.wrap(availWidth, availHeight)[1] <= availHeight:
                return [first, _BreakableTable(bottom, self.n_rows - at, self.widths, self.cell_style)]
        return []


def _table_flowables(table: Table, cell_style: ParagraphStyle, break_at: int | None = None) -> list[Flowable]:
    """The table, or with ``break_at`` its two halves on two pages."""
    placed = place_cells(table)
    n_rows = max(p.last_row + 1 for p in placed)
    widths = _widths(table)
    if break_at is None or not 0 < break_at < n_rows:
        return [_BreakableTable(placed, n_rows, widths, cell_style)]
    top, bottom = split_placed(placed, break_at)
    return [_BreakableTable(top, break_at, widths, cell_style), PageBreak(),
            _BreakableTable(bottom, n_rows - break_at, widths, cell_style)]


def _story(report: dict, s3_break_at: int | None = None) -> list[Flowable]:
    """The report's parts (:func:`report_parts`) as reportlab flowables."""
    st = _styles()
    story: list[Flowable] = []
    for part in report_parts(report):
        if part.table is not None:
            forced = s3_break_at if part.table.section == "s3" else None
            story += _table_flowables(part.table, st["cell"], forced)
            story.append(Spacer(1, 6))
        elif part.kind == "heading" and s3_break_at is not None and part.text == section_heading(report, "s3"):
            story += [PageBreak(), Paragraph(_escape(part.text), st["heading"])]  # forced break then falls inside 三
        elif part.kind == "title":
            story.append(Paragraph(_escape(part.text), _fitting(st["title"], part.text)))
        else:
            story.append(Paragraph(_escape(part.text), st[part.kind]))
    return story


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.setFont(_font(), 9)
    canvas.drawCentredString(PAGE_WIDTH / 2, 10 * mm, f"— {doc.page} —")


def _build(report: dict, story: list[Flowable], on_page: Callable[[Canvas, SimpleDocTemplate], None]) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=report.get("title") or "", author=report.get("agency") or "", creator="nianbao portal",
        producer="nianbao portal", subject="", keywords="", invariant=1,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def render_report_pdf(report: dict) -> bytes:
    """The report as a text PDF; table 三 breaks wherever the page ends, as in Word."""
    return _build(report, _story(report), _page_number)


def render_report_pdf_split(report: dict, break_at_row: int = 12) -> bytes:
    """Variant: table 三 forced onto two pages at grid row ``break_at_row``.

    The default cuts inside （三）不予公开, so both 三、本年度办理结果 and （三）不予公开
    are printed again at the top of the second page.
    """
    return _build(report, _story(report, s3_break_at=break_at_row), _page_number)


def render_report_pdf_scanned(report: dict) -> bytes:
    """Variant: every page of :func:`render_report_pdf` as a picture, no text layer.

    Stands in for a scanned report: a reader must flag it ``needs_ocr`` and read nothing.
    """
    import pypdfium2  # a pdfplumber dependency; only this variant rasterises

    document = pypdfium2.PdfDocument(render_report_pdf(report))
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    canvas.setTitle(report.get("title") or "")
    try:
        for page in document:
            png = io.BytesIO()
            page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().save(png, format="PNG")
            canvas.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
            canvas.showPage()
    finally:
        document.close()
    canvas.save()
    return buf.getvalue()

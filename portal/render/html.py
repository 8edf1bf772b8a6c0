"""A report as the Word-pasted HTML that TRS sites publish inside ``div.TRS_Editor``.

Real 年报 pages are Word documents pasted into the CMS editor, which re-serialised them
the way Internet Explorer prints a DOM (domain.md §4.1): upper-case style properties in
IE's own order, ``class=MsoNormalTable`` tables, and every cell carrying its own borders,
padding, width and row height. Word draws each border once, so a cell below or to the
right of another has ``BORDER-TOP``/``BORDER-LEFT`` "none", which IE printed as the 3-D
face colour ``#d4d0c8`` next to an ``mso-border-*-alt``. Values sit inside
``<p style=…><span lang=EN-US style=…>`` (but not always), Word splits a paragraph into a
new run wherever the text switches between Chinese and Latin/digits, header labels are
broken with ``<br>``, blank cells hold ``&nbsp;``, caption rows are shaded, section
headings are bold paragraphs. That markup is why a real report page weighs 150–200 KB
(Pingtan 2019: 207 KB) and why extractors must read cells, not markup.

Two artefacts are reproduced on request because extractors must survive them:

* ``page_split`` — table 三 was split in two at a page break: the second table repeats
  ``三、本年度办理结果`` with a restarted rowspan, so rowspans no longer match the template;
* ``split_labels`` — labels broken by a space or a source line break
  (``三、本年度办 理结果``, ``社会公益 组织``, ``法律服务\\r\\n机构``).

Markup never changes a cell's text: runs only split text between inline spans. The
output is a fragment (no ``<html>``): the site template decides the page around it.
Rendering is deterministic: the same report and options always give the same string.
"""

from __future__ import annotations

import math
import re
import zlib
from html import escape

from portal.render.layout import (
    RESULTS_LABEL,
    SECTION_HEADINGS,
    Cell,
    Table,
    applicant_cells,
    legacy_table,
    report_tables,
    section3_header,
    section3_result_rows,
    uses_split_other,
)
from portal.render.placement import Placed, place_cells

_SOLID = "windowtext 1pt solid"
_ALT = "solid windowtext .5pt"
_IE_NONE = "#d4d0c8"  # IE's serialisation of Word's "border: none" between two cells
_CAPTION_BG = "BACKGROUND: rgb(198,217,241)"
_TEXT_WIDTH_PT = 453.6  # A4 with Word's default 3.17 cm margins: the table spans the text width
# Column widths (pt) per section, as Word sizes the templates: wide label columns, narrow numbers.
_COLUMNS_PT = {
    "s2": [120.6, 111.0, 111.0, 111.0],
    "s3": [36.0, 45.0, 108.0] + [37.8] * 7,
    "s4": [30.24] * 15,
}
# The fonts authors choose (a report keeps one): body font and size, table font and size.
_FONTS = [("仿宋_GB2312", 16, "仿宋_GB2312", 12), ("仿宋_GB2312", 16, "宋体", 10.5), ("仿宋", 15, "仿宋", 10.5),
          ("宋体", 14, "宋体", 10)]
# What a number run carries besides the table's font: cells typed, pasted from Excel and
# reformatted at different times keep the properties each edit left behind.
_RUN_EXTRAS = ["", "; mso-bidi-font-size: 10.5pt", "; mso-ascii-font-family: 宋体", "",
               "; mso-bidi-font-size: 12.0pt; mso-ascii-font-family: 'Times New Roman'"]
_LATIN = re.compile(r"[\x21-\x7e]+(?: +[\x21-\x7e]+)*")

# Labels that the "split_labels" artefact breaks, and how (a space or a source line break).
_SPLIT_LABELS = {
    RESULTS_LABEL: "三、本年度办 理结果",
    "社会公益组织": "社会公益 组织",
    "法律服务机构": "法律服务\r\n机构",
    "商业企业": "商业 企业",
}


def _stable(*parts: str) -> int:
    """A deterministic small hash used to vary markup from cell to cell."""
    return zlib.crc32("|".join(parts).encode("utf-8"))


class _Style:
    """The run styles of one report (one author, one font choice)."""

    def __init__(self, report_id: str) -> None:
        body, body_pt, cell, cell_pt = _FONTS[_stable(report_id, "font") % len(_FONTS)]
        self.body = f"FONT-FAMILY: {body}; FONT-SIZE: {body_pt}pt; mso-hansi-font-family: 宋体"
        self.body_latin = self.body + "; mso-bidi-font-family: 'Times New Roman'"
        self.heading = f"FONT-FAMILY: 黑体; FONT-SIZE: {body_pt}pt; mso-hansi-font-family: 宋体"
        self.cell = (f"FONT-FAMILY: {cell}; COLOR: black; FONT-SIZE: {cell_pt}pt; mso-bidi-font-family: 宋体; "
                     "mso-font-kerning: 0pt")
        self.cell_latin = self.cell + "; mso-hansi-font-family: 宋体"
        self.cell_pt = cell_pt


def _runs(text: str, style: str, latin_style: str, close: str = "") -> str:
    """``text`` as Word's runs: a new ``<span>`` wherever it switches to or from Latin/digits.

    ``close`` (``<o:p></o:p>``) ends the last run as Word ends a paragraph. Only the
    markup between runs differs; the concatenated text is ``text`` exactly.
    """
    out: list[str] = []
    pos = 0
    for match in _LATIN.finditer(text):
        if match.start() > pos:
            out.append(f'<span style="{style}">{escape(text[pos:match.start()])}')
        out.append(f'<span lang="EN-US" style="{latin_style}">{escape(match.group())}')
        pos = match.end()
    if pos < len(text) or not out:
        out.append(f'<span style="{style}">{escape(text[pos:])}')
    return "</span>".join(out) + close + "</span>"


def _label_markup(text: str, header: bool) -> str:
    """Escape a label; header labels of six to eight characters get Word's manual ``<br>``."""
    if header and 6 <= len(text) <= 8 and " " not in text and "\n" not in text:
        return escape(text[:3]) + "<br>" + escape(text[3:])
    return escape(text)


def _columns(section: str, width: int) -> list[float]:
    fixed = _COLUMNS_PT.get(section)
    return fixed if fixed and len(fixed) == width else [round(_TEXT_WIDTH_PT / width, 2)] * width


def _row_heights(placed: list[Placed], columns: list[float], cell_pt: float) -> dict[int, float]:
    """Each grid row's height as Word sets it: enough lines for its longest label, in 0.75 pt steps."""
    heights: dict[int, float] = {}
    for p in placed:
        if p.cell.rowspan > 1:
            continue
        width = sum(columns[p.col:p.last_col + 1]) - 10.8
        lines = max(1, math.ceil(len(p.cell.text) * cell_pt / max(width, cell_pt)))
        needed = 0.75 * math.ceil((lines * cell_pt * 1.5 + 3) / 0.75)
        heights[p.row] = max(heights.get(p.row, 15.75), needed)
    return heights


def _dragged(report_id: str, p: Placed) -> float:
    """How far off the grid a cell is: in rows where the author dragged a border, Word keeps
    each cell's own width, a few hundredths of a point from its neighbours' above."""
    if _stable(report_id, "drag", str(p.row)) % 3:
        return 0.0
    return ((_stable(report_id, str(p.row), str(p.col)) % 17) - 8) * 0.05


def _number_runs(text: str, style: str, h: int) -> str:
    """A value as its runs: usually one, two when it was corrected after typing (Word starts a
    new run at the edit); ``<o:p>`` closes the paragraph's last run."""
    run = f'<span lang="EN-US" style="{style}">'
    if len(text) > 1 and h % 11 == 0:
        cut = 1 + h % (len(text) - 1)
        edited = style + "; mso-bidi-font-size: 10.5pt"
        return (f'{run}{escape(text[:cut])}</span><span lang="EN-US" style="{edited}">{escape(text[cut:])}'
                "<o:p></o:p></span>")
    return f"{run}{escape(text)}<o:p></o:p></span>"


def _td_style(p: Placed, width_pt: float, height_pt: float, caption: bool) -> str:
    """A cell's style in IE's property order; borders already drawn by a neighbour are "none"."""
    left, top = p.col == 0, p.row == 0
    parts = [f"BORDER-BOTTOM: {_SOLID}", f"BORDER-LEFT: {_SOLID if left else _IE_NONE}", "PADDING-BOTTOM: 0cm",
             _CAPTION_BG if caption else "BACKGROUND-COLOR: transparent", "PADDING-LEFT: 5.4pt",
             f"WIDTH: {round(width_pt, 2):g}pt", "PADDING-RIGHT: 5.4pt", f"HEIGHT: {height_pt:g}pt",
             f"BORDER-TOP: {_SOLID if top else _IE_NONE}", f"BORDER-RIGHT: {_SOLID}", "PADDING-TOP: 0cm"]
    if not left:
        parts.append(f"mso-border-left-alt: {_ALT}")
    if not top:
        parts.append(f"mso-border-top-alt: {_ALT}")
    parts.append(f"mso-border-alt: {_ALT}")
    if caption:
        parts.append("mso-shading: white; mso-pattern: solid rgb(198,217,241)")
    return "; ".join(parts)


def _cell_paragraph(align: str, inner: str) -> str:
    return (f'<p style="TEXT-ALIGN: {align}; MARGIN: 0cm 0cm 0pt; mso-pagination: widow-orphan" class="MsoNormal" '
            f'align="{align}">{inner}</p>')


def _td(p: Placed, style: _Style, report_id: str, columns: list[float], height_pt: float, caption: bool,
        split_labels: bool) -> str:
    cell = p.cell
    width_pt = sum(columns[p.col:p.last_col + 1]) + _dragged(report_id, p)
    attrs = f' width="{round(width_pt * 4 / 3)}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    open_td = f'\n<td style="{_td_style(p, width_pt, height_pt, caption)}"{attrs}>'
    text = _SPLIT_LABELS.get(cell.text, cell.text) if split_labels and not cell.code else cell.text
    if cell.code is not None:
        if not text.strip():
            return f"{open_td}&nbsp;</td>"
        h = _stable(report_id, cell.code)
        run_style = style.cell_latin + _RUN_EXTRAS[h % len(_RUN_EXTRAS)]
        if h % 7 == 0:  # some number cells were typed without a paragraph
            return f'{open_td}<span lang="EN-US" style="{run_style}">{escape(text)}</span></td>'
        return f"{open_td}{_cell_paragraph('center', _number_runs(text, run_style, h >> 3))}</td>"
    if cell.header:
        inner = f'<span style="{style.cell}">{_label_markup(text, cell.header)}</span>'
    else:
        inner = _runs(text, style.cell, style.cell_latin)
    if cell.header or caption:
        inner = f"<b>{inner}</b>"
    align = "center" if cell.header or caption or cell.colspan > 2 else "left"
    return f"{open_td}{_cell_paragraph(align, inner)}</td>"


def _table(table: Table, style: _Style, report_id: str, split_labels: bool) -> str:
    columns = _columns(table.section, table.width)
    placed = place_cells(table)
    heights = _row_heights(placed, columns, style.cell_pt)
    last_row = max(p.last_row for p in placed)
    total = sum(columns)
    out = [f'<div align="center"><table style="BORDER-COLLAPSE: collapse; mso-table-layout-alt: fixed; '
           f'mso-padding-alt: 0cm 5.4pt 0cm 5.4pt; mso-yfti-tbllook: 1184; mso-border-alt: {_ALT}; '
           f'BORDER: medium none; WIDTH: {round(total, 2):g}pt" class="MsoNormalTable" border="1" cellspacing="0" '
           f'cellpadding="0" width="{round(total * 4 / 3)}"><tbody>']
    rows: dict[int, list[Placed]] = {}
    for p in placed:
        rows.setdefault(p.row, []).append(p)
    for r in range(last_row + 1):
        cells = rows.get(r, [])
        caption = len(cells) == 1 and cells[0].cell.colspan == table.width and cells[0].cell.header
        marks = "; mso-yfti-firstrow: yes" if r == 0 else "; mso-yfti-lastrow: yes" if r == last_row else ""
        height = heights.get(r, 15.75)
        tds = "".join(_td(p, style, report_id, columns, height, caption, split_labels) for p in cells)
        out.append(f'<tr style="HEIGHT: {height:g}pt; mso-yfti-irow: {r}{marks}">{tds}</tr>')
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _split_section3(report: dict, style: _Style, split_labels: bool) -> str:
    """Table 三 split in two at a page break, the results label repeated with a new rowspan."""
    raw = report.get("raw_cells", {})
    rid = str(report.get("id", ""))
    results = section3_result_rows(raw, uses_split_other(report))
    cut = 10  # after （三）不予公开's eighth item: granted, partial and the eight denied rows
    first, second = results[:cut], results[cut:]
    first[0].insert(0, Cell(RESULTS_LABEL, rowspan=len(first)))
    second[0].insert(0, Cell(RESULTS_LABEL, rowspan=len(second)))
    top = section3_header()
    top.append([Cell("一、本年新收政府信息公开申请数量", colspan=3)] + applicant_cells(raw, "new"))
    top.append([Cell("二、上年结转政府信息公开申请数量", colspan=3)] + applicant_cells(raw, "carryover"))
    second.append([Cell("四、结转下年度继续办理", colspan=3)] + applicant_cells(raw, "carried_forward"))
    page_break = ('<p class="MsoNormal"><span lang="EN-US" style="FONT-SIZE: 10.5pt"><br clear="all" '
                  'style="PAGE-BREAK-BEFORE: always; mso-break-type: section-break"></span></p>')
    return "\n".join([_table(Table("s3", top + first), style, rid, split_labels), page_break,
                      _table(Table("s3", second), style, rid, split_labels)])


_P_BODY = ("TEXT-INDENT: 32pt; LINE-HEIGHT: 28pt; MARGIN: 0cm 0cm 0pt; mso-line-height-rule: exactly; "
           "mso-char-indent-count: 2.0")


def _paragraph(line: str, style: _Style) -> str:
    line = line.strip()
    if not line:
        return ""
    bold = line[:1] in "（(" and any(c in line[:6] for c in "）)") and len(line) <= 30
    runs = _runs(line, style.body, style.body_latin, "<o:p></o:p>")
    if bold:
        runs = f"<b>{runs}</b>"
    return f'<p class="MsoNormal" style="text-indent:2em; {_P_BODY}">{runs}</p>'


def _heading(text: str, style: _Style) -> str:
    return (f'<p class="MsoNormal" style="text-indent:2em; {_P_BODY}">'
            f'<b>{_runs(text, style.heading, style.heading + "; mso-bidi-font-family: 黑体")}</b></p>')


def _blank(style: _Style) -> str:
    """The empty paragraph Word leaves between blocks."""
    return (f'<p class="MsoNormal" style="LINE-HEIGHT: 28pt; MARGIN: 0cm 0cm 0pt; mso-line-height-rule: exactly">'
            f'<span lang="EN-US" style="{style.body}"><o:p>&nbsp;</o:p></span></p>')


def _lines(text: str | None, style: _Style) -> list[str]:
    return [p for p in (_paragraph(line, style) for line in (text or "").splitlines()) if p]


def _closing(text: str | None, style: _Style) -> list[str]:
    return [f'<p class="MsoNormal" align="right" style="TEXT-ALIGN: right; LINE-HEIGHT: 28pt; MARGIN: 0cm 0cm 0pt; '
            f'mso-line-height-rule: exactly">{_runs(line.strip(), style.body, style.body_latin, "<o:p></o:p>")}</p>'
            for line in (text or "").splitlines() if line.strip()]


def section_heading(report: dict, key: str) -> str:
    """The heading printed for section ``key``: the report's own wording when it has one."""
    return (report.get("headings") or {}).get(key) or SECTION_HEADINGS.get(key, key)


def render_report_html(report: dict, *, page_split: bool = False, split_labels: bool = False,
                       with_title: bool = True) -> str:
    """The report body as Word-pasted HTML (the content of ``div.TRS_Editor``)."""
    rid = str(report.get("id", ""))
    style = _Style(rid)
    tables = {t.section: t for t in report_tables(report)}
    title_style = "FONT-FAMILY: 方正小标宋简体; FONT-SIZE: 22pt; mso-hansi-font-family: 宋体"
    out: list[str] = []
    if with_title:
        for line in (report.get("body_title") or report.get("title") or "").splitlines():
            out.append('<p class="MsoNormal" align="center" style="TEXT-ALIGN: center; LINE-HEIGHT: 28pt; '
                       'MARGIN: 0cm 0cm 0pt; mso-line-height-rule: exactly">'
                       f'<b>{_runs(line, title_style, title_style + "; mso-bidi-font-family: 宋体")}</b></p>')
        out.append(_blank(style))
    out += _lines(report.get("preamble"), style)
    sections = report.get("sections") or {}
    for key in sorted(set(sections) | set(tables)):
        out.append(_heading(section_heading(report, key), style))
        out += _lines(sections.get(key), style)
        if key == "s3" and page_split and key in tables:
            out.append(_split_section3(report, style, split_labels))
        elif key in tables:
            out.append(_table(tables[key], style, rid, split_labels))
            out.append(_blank(style))
    for chapter in report.get("chapters") or []:  # pre-2019 reports: their own chapter list
        out.append(_heading(chapter.get("heading", ""), style))
        out += _lines(chapter.get("text"), style)
    legacy = legacy_table(report)
    if legacy is not None:
        caption = report.get("legacy_table_title") or "附表"
        out.append('<p class="MsoNormal" align="center" style="TEXT-ALIGN: center; LINE-HEIGHT: 28pt">'
                   f'<b><span style="FONT-FAMILY: 黑体; FONT-SIZE: 16pt">附表：{escape(caption)}</span></b></p>')
        out.append(_table(legacy, style, rid, split_labels))
    out.append(_blank(style))
    out += _closing(report.get("closing"), style)
    return "\n".join(out)

"""A report as the Word-pasted HTML that TRS sites publish inside ``div.TRS_Editor``.

Real 年报 pages are Word documents pasted into the CMS editor (domain.md §4.1): tables are
``class=MsoNormalTable`` with per-cell mso/border styles, values sit inside
``<p style=…><span style=…>`` (but not always), header labels are broken with ``<br>``,
blank cells hold ``&nbsp;``, caption rows are coloured, section headings are bold
paragraphs. Two artefacts are reproduced on request because extractors must survive them:

* ``page_split`` — table 三 was split in two at a page break: the second table repeats
  ``三、本年度办理结果`` with a restarted rowspan, so rowspans no longer match the template;
* ``split_labels`` — labels broken by a space or a source line break
  (``三、本年度办 理结果``, ``社会公益 组织``, ``法律服务\\r\\n机构``).

The output is a fragment (no ``<html>``): the site template decides the page around it.
Rendering is deterministic: the same report and options always give the same string.
"""

from __future__ import annotations

import zlib
from html import escape

from portal.render.layout import (
    RESULTS_LABEL,
    SECTION_HEADINGS,
    Cell,
    applicant_cells,
    legacy_table,
    report_tables,
    section3_header,
    section3_result_rows,
    uses_split_other,
)

_BORDER = ("BORDER-TOP: windowtext 1pt solid; BORDER-RIGHT: windowtext 1pt solid; "
           "BORDER-BOTTOM: windowtext 1pt solid; BORDER-LEFT: windowtext 1pt solid; "
           "PADDING-BOTTOM: 0cm; PADDING-TOP: 0cm; PADDING-LEFT: 5.4pt; PADDING-RIGHT: 5.4pt; "
           "mso-border-alt: solid windowtext .5pt")
_CAPTION_BG = "BACKGROUND: rgb(198,217,241); "
_SPAN_BODY = "FONT-FAMILY: 仿宋_GB2312; FONT-SIZE: 16pt; mso-hansi-font-family: 宋体"
_SPAN_CELL = "FONT-FAMILY: 宋体; FONT-SIZE: 10.5pt; mso-bidi-font-family: 宋体; mso-font-kerning: 0pt"
_P_LINE = "LINE-HEIGHT: 15pt; MARGIN: 0cm 0cm 0pt; mso-line-height-rule: exactly"
_P_CELL = "TEXT-ALIGN: center; " + _P_LINE

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


def _label_markup(text: str, header: bool) -> str:
    """Escape a label; header labels of six or more characters get Word's manual ``<br>``."""
    if header and 6 <= len(text) <= 8 and " " not in text and "\n" not in text:
        return escape(text[:3]) + "<br>" + escape(text[3:])
    return escape(text)


def _td(cell: Cell, report_id: str, width_pt: float, caption: bool, split_labels: bool) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    style = (_CAPTION_BG if caption else "") + _BORDER + f"; WIDTH: {width_pt * cell.colspan:.1f}pt"
    width_px = round(width_pt * cell.colspan * 4 / 3)
    text = _SPLIT_LABELS.get(cell.text, cell.text) if split_labels and not cell.code else cell.text
    if cell.code is not None:
        if not text.strip():
            return f'<td style="{style}" width="{width_px}"{attrs}>&nbsp;</td>'
        span = f'<span lang="EN-US" style="{_SPAN_CELL}">{escape(text)}</span>'
        if _stable(report_id, cell.code) % 7 == 0:  # some number cells were typed without a paragraph
            return f'<td style="{style}" width="{width_px}"{attrs}>{span}</td>'
        return f'<td style="{style}" width="{width_px}"{attrs}><p align="center" style="{_P_CELL}">{span}</p></td>'
    inner = f'<span style="{_SPAN_CELL}">{_label_markup(text, cell.header)}</span>'
    if cell.header or caption:
        inner = f"<b>{inner}</b>"
    align = "center" if cell.header or caption or cell.colspan > 2 else "left"
    return (f'<td style="{style}" width="{width_px}"{attrs}>'
            f'<p align="{align}" style="TEXT-ALIGN: {align}; {_P_LINE}">{inner}</p></td>')


def _table(rows: list[list[Cell]], width: int, report_id: str, split_labels: bool) -> str:
    col_pt = round(452.0 / width, 1)
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
           'style="BORDER-COLLAPSE: collapse; BORDER-TOP: medium none; BORDER-RIGHT: medium none; '
           'BORDER-BOTTOM: medium none; BORDER-LEFT: medium none; mso-border-alt: solid windowtext .5pt; '
           'mso-yfti-tbllook: 1184; mso-padding-alt: 0cm 5.4pt 0cm 5.4pt"><tbody>']
    for i, row in enumerate(rows):
        caption = len(row) == 1 and row[0].colspan == width and row[0].header
        cells = "".join(_td(c, report_id, col_pt, caption, split_labels) for c in row)
        out.append(f'<tr style="HEIGHT: 20.25pt; mso-yfti-irow: {i}">{cells}</tr>')
    out.append("</tbody></table>")
    return "\n".join(out)


def _split_section3(report: dict, split_labels: bool) -> str:
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
    return "\n".join([_table(top + first, 10, rid, split_labels), page_break,
                      _table(second, 10, rid, split_labels)])


def _paragraph(line: str) -> str:
    line = line.strip()
    if not line:
        return ""
    bold = line[:1] in "（(" and any(c in line[:6] for c in "）)") and len(line) <= 30
    span = f'<span style="{_SPAN_BODY}">{escape(line)}<o:p></o:p></span>'
    if bold:
        span = f"<b>{span}</b>"
    return f'<p class="MsoNormal" style="text-indent:2em; LINE-HEIGHT: 28pt; MARGIN: 0cm 0cm 0pt">{span}</p>'


def _heading(text: str) -> str:
    return ('<p class="MsoNormal" style="text-indent:2em; LINE-HEIGHT: 28pt; MARGIN: 0cm 0cm 0pt">'
            f'<b><span style="FONT-FAMILY: 黑体; FONT-SIZE: 16pt; mso-hansi-font-family: 宋体">{escape(text)}'
            '</span></b></p>')


def _lines(text: str | None) -> list[str]:
    return [p for p in (_paragraph(line) for line in (text or "").splitlines()) if p]


def _closing(text: str | None) -> list[str]:
    return [f'<p class="MsoNormal" align="right" style="TEXT-ALIGN: right; LINE-HEIGHT: 28pt">'
            f'<span style="{_SPAN_BODY}">{escape(line.strip())}</span></p>'
            for line in (text or "").splitlines() if line.strip()]


def section_heading(report: dict, key: str) -> str:
    """The heading printed for section ``key``: the report's own wording when it has one."""
    return (report.get("headings") or {}).get(key) or SECTION_HEADINGS.get(key, key)


def render_report_html(report: dict, *, page_split: bool = False, split_labels: bool = False,
                       with_title: bool = True) -> str:
    """The report body as Word-pasted HTML (the content of ``div.TRS_Editor``)."""
    rid = str(report.get("id", ""))
    tables = {t.section: t for t in report_tables(report)}
    out: list[str] = []
    if with_title:
        for line in (report.get("body_title") or report.get("title") or "").splitlines():
            out.append('<p class="MsoNormal" align="center" style="TEXT-ALIGN: center; LINE-HEIGHT: 28pt">'
                       f'<b><span style="FONT-FAMILY: 方正小标宋简体; FONT-SIZE: 22pt">{escape(line)}</span></b></p>')
    out += _lines(report.get("preamble"))
    sections = report.get("sections") or {}
    for key in sorted(set(sections) | set(tables)):
        out.append(_heading(section_heading(report, key)))
        out += _lines(sections.get(key))
        if key == "s3" and page_split and key in tables:
            out.append(_split_section3(report, split_labels))
        elif key in tables:
            out.append(_table(tables[key].rows, tables[key].width, rid, split_labels))
    for chapter in report.get("chapters") or []:  # pre-2019 reports: their own chapter list
        out.append(_heading(chapter.get("heading", "")))
        out += _lines(chapter.get("text"))
    legacy = legacy_table(report)
    if legacy is not None:
        caption = report.get("legacy_table_title") or "附表"
        out.append('<p class="MsoNormal" align="center" style="TEXT-ALIGN: center; LINE-HEIGHT: 28pt">'
                   f'<b><span style="FONT-FAMILY: 黑体; FONT-SIZE: 16pt">附表：{escape(caption)}</span></b></p>')
        out.append(_table(legacy.rows, legacy.width, rid, split_labels))
    out += _closing(report.get("closing"))
    return "\n".join(out)

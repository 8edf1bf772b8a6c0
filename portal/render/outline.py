"""The running order of a report document, shared by the attachment renderers.

Every attachment (PDF, DOCX, XLSX, DOC) prints the same sequence the HTML page prints:
title lines, the preamble, each section's heading, its text and its template table, the
pre-2019 附表 if any, then the closing (agency and date). Listing that order once here
keeps the formats identical in content so the corpus compares like with like; each
renderer only decides how a title, a paragraph or a table looks.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.render.html import section_heading
from portal.render.layout import Table, legacy_table, report_tables


@dataclass(frozen=True)
class Part:
    """One piece of the document: ``kind`` is title, heading, paragraph, table or closing."""

    kind: str
    text: str = ""
    table: Table | None = None


def _lines(kind: str, text: str | None) -> list[Part]:
    return [Part(kind, line.strip()) for line in (text or "").splitlines() if line.strip()]


def report_parts(report: dict) -> list[Part]:
    """The report as an ordered list of parts (same order as ``render_report_html``)."""
    tables = {t.section: t for t in report_tables(report)}
    sections = report.get("sections") or {}
    parts = _lines("title", report.get("body_title") or report.get("title"))
    parts += _lines("paragraph", report.get("preamble"))
    for key in sorted(set(sections) | set(tables)):
        parts.append(Part("heading", section_heading(report, key)))
        parts += _lines("paragraph", sections.get(key))
        if key in tables:
            parts.append(Part("table", table=tables[key]))
    legacy = legacy_table(report)
    if legacy is not None:
        parts.append(Part("table", table=legacy))
    parts += _lines("closing", report.get("closing"))
    return parts

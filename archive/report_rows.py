"""Write extracted records into ``reports``, ``cells`` and ``checks``.

Takes the record as a plain dict (``Record.to_dict()``) so that ``archive/`` does not
depend on ``extract/``. Re-saving the record of a capture replaces the old rows: that is
how ``nianbao reextract`` improves old captures without duplicating them.

Preparing the rows (JSON encoding, cell and check tuples) is split from writing them so
that a crawl can prepare them in the extraction worker, leaving only the SQL to the
process that holds the database; the writes are plain ``executemany`` statements, which
cost a fraction of sqlite-utils' per-row introspection for the ~200 cells of a report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils


@dataclass
class PreparedReport:
    """The rows of one record, ready to insert (picklable: it crosses a process pipe)."""

    row: dict[str, Any]  # the ``reports`` row without capture_id, run_id and page_url
    cells: list[tuple[str, Any, str | None]]  # (code, value, raw), sorted by code
    checks: list[tuple[str, str]]  # (rule, result)

    @property
    def cells_with_value(self) -> int:
        return sum(value is not None for _, value, _ in self.cells)


def prepare_report(record: dict[str, Any]) -> PreparedReport:
    """The ``reports``, ``cells`` and ``checks`` rows of *record*, without touching a database."""
    checks = record.get("checks") or {}
    cells = record.get("cells") or {}
    raw = record.get("raw_cells") or {}
    row = {
        "url": record.get("url"),
        "agency": record.get("agency"),
        "year": record.get("year"),
        "template": record.get("template"),
        "title": record.get("title"),
        "published": record.get("published"),
        "source_format": record.get("source_format"),
        "sections": json.dumps(record.get("sections") or {}, ensure_ascii=False),
        "missing": json.dumps(record.get("missing") or [], ensure_ascii=False),
        "flags": json.dumps(record.get("flags") or [], ensure_ascii=False),
        "legacy_rows": json.dumps(record.get("legacy_rows") or [], ensure_ascii=False),
        "cells_found": len(cells),
        "checks_failed": sum(1 for result in checks.values() if str(result).startswith("fail")),
        "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
    }
    return PreparedReport(row, [(code, cells.get(code), raw.get(code)) for code in sorted(set(cells) | set(raw))],
                          list(checks.items()))


def delete_reports_of_capture(db: sqlite_utils.Database, capture_id: int) -> None:
    ids = [row["id"] for row in db.query("SELECT id FROM reports WHERE capture_id = ?", [capture_id])]
    for report_id in ids:
        db.execute("DELETE FROM cells WHERE report_id = ?", [report_id])
        db.execute("DELETE FROM checks WHERE report_id = ?", [report_id])
        db.execute("DELETE FROM reports WHERE id = ?", [report_id])


def write_report(
    db: sqlite_utils.Database,
    prepared: PreparedReport,
    *,
    capture_id: int | None,
    run_id: int | None,
    page_url: str | None,
) -> int:
    """Store *prepared* as the report of *capture_id* in one transaction; returns the report id."""
    row = {"capture_id": capture_id, "run_id": run_id, "page_url": page_url, **prepared.row}
    with db.conn:
        if capture_id is not None:
            delete_reports_of_capture(db, capture_id)
        cursor = db.conn.execute(f"INSERT INTO reports ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                 list(row.values()))
        report_id = cursor.lastrowid
        db.conn.executemany("INSERT INTO cells (report_id, code, value, raw) VALUES (?, ?, ?, ?)",
                            [(report_id, *cell) for cell in prepared.cells])
        db.conn.executemany("INSERT INTO checks (report_id, rule, result) VALUES (?, ?, ?)",
                            [(report_id, *check) for check in prepared.checks])
    assert report_id is not None
    return report_id


def save_report(
    db: sqlite_utils.Database,
    record: dict[str, Any],
    *,
    capture_id: int | None,
    run_id: int | None,
    page_url: str | None,
) -> int:
    """Store *record* as the report of *capture_id*; returns the report id."""
    return write_report(db, prepare_report(record), capture_id=capture_id, run_id=run_id, page_url=page_url)

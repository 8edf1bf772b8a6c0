"""Write extracted records into ``reports``, ``cells`` and ``checks``.

Takes the record as a plain dict (``Record.to_dict()``) so that ``archive/`` does not
depend on ``extract/``. Re-saving the record of a capture replaces the old rows: that is
how ``nianbao reextract`` improves old captures without duplicating them.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils


def delete_reports_of_capture(db: sqlite_utils.Database, capture_id: int) -> None:
    ids = [row["id"] for row in db.query("SELECT id FROM reports WHERE capture_id = ?", [capture_id])]
    for report_id in ids:
        db.execute("DELETE FROM cells WHERE report_id = ?", [report_id])
        db.execute("DELETE FROM checks WHERE report_id = ?", [report_id])
        db.execute("DELETE FROM reports WHERE id = ?", [report_id])


def save_report(
    db: sqlite_utils.Database,
    record: dict[str, Any],
    *,
    capture_id: int | None,
    run_id: int | None,
    page_url: str | None,
) -> int:
    """Store *record* as the report of *capture_id*; returns the report id."""
    with db.conn:
        if capture_id is not None:
            delete_reports_of_capture(db, capture_id)
        checks = record.get("checks") or {}
        row = {
            "capture_id": capture_id,
            "run_id": run_id,
            "url": record.get("url"),
            "page_url": page_url,
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
            "cells_found": len(record.get("cells") or {}),
            "checks_failed": sum(1 for result in checks.values() if str(result).startswith("fail")),
            "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
        }
        report_id = db["reports"].insert(row).last_pk
        raw = record.get("raw_cells") or {}
        codes = sorted(set(record.get("cells") or {}) | set(raw))
        db["cells"].insert_all(
            {"report_id": report_id, "code": code, "value": (record.get("cells") or {}).get(code), "raw": raw.get(code)}
            for code in codes
        )
        db["checks"].insert_all({"report_id": report_id, "rule": rule, "result": result} for rule, result in checks.items())
    return report_id

"""Exports for analysts: one record per report, in the codes of the spec.

JSON Lines keeps every field of the record as extracted (cells typed as the spec says),
plus the capture it came from. CSV has one column per cell code (the union over the
exported reports, in the spec's order) so a spreadsheet opens it directly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import IO

import sqlite_utils

FIXED_FIELDS = ["url", "agency", "year", "template", "title", "published", "source_format"]
CAPTURE_FIELDS = ["warc_file", "warc_offset", "warc_record_id", "fetched_at"]

EXPORT_SQL = """
SELECT reports.id AS report_id, reports.record, reports.page_url, captures.warc_file, captures.offset,
       captures.record_id, captures.fetched_at
FROM reports LEFT JOIN captures ON captures.id = reports.capture_id
ORDER BY reports.agency, reports.year, reports.url
"""


def export_rows(db: sqlite_utils.Database) -> Iterator[dict]:
    """Every report as its export row (a dict of the record plus its capture)."""
    for row in db.query(EXPORT_SQL):
        record = json.loads(row["record"])
        yield {
            **{field: record.get(field) for field in FIXED_FIELDS},
            "page_url": row["page_url"],
            "cells": record.get("cells") or {},
            "raw_cells": record.get("raw_cells") or {},
            "missing": record.get("missing") or [],
            "checks": record.get("checks") or {},
            "flags": record.get("flags") or [],
            "sections": record.get("sections") or {},
            "capture": {"warc_file": row["warc_file"], "offset": row["offset"],
                        "record_id": row["record_id"], "fetched_at": row["fetched_at"]},
        }


def write_jsonl(rows: Iterator[dict], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
        count += 1
    return count


def code_order(code: str) -> tuple:
    """Spec order: section 二, 三, 四; within a section, first appearance order is kept by the caller."""
    return (code.split(".", 1)[0],)


def write_csv(rows: Iterator[dict], out: IO[str]) -> int:
    rows = list(rows)
    codes: list[str] = []
    for row in rows:
        for code in row["cells"].keys() | row["raw_cells"].keys():
            if code not in codes:
                codes.append(code)
    codes.sort(key=code_order)
    writer = csv.writer(out)
    writer.writerow(FIXED_FIELDS + ["page_url", "missing", "checks", "flags"] + CAPTURE_FIELDS + codes)
    for row in rows:
        capture = row["capture"]
        writer.writerow(
            [row[f] for f in FIXED_FIELDS]
            + [row["page_url"], json.dumps(row["missing"], ensure_ascii=False),
               json.dumps(row["checks"], ensure_ascii=False), json.dumps(row["flags"], ensure_ascii=False)]
            + [capture["warc_file"], capture["offset"], capture["record_id"], capture["fetched_at"]]
            + ["" if row["cells"].get(code) is None else row["cells"][code] for code in codes]
        )
    return len(rows)


def export(db: sqlite_utils.Database, fmt: str, out: IO[str]) -> int:
    """Write every report to *out* as ``jsonl`` or ``csv``; returns the number of reports."""
    if fmt == "jsonl":
        return write_jsonl(export_rows(db), out)
    if fmt == "csv":
        return write_csv(export_rows(db), out)
    raise ValueError(f"unknown export format {fmt!r} (jsonl or csv)")


def export_text(db: sqlite_utils.Database, fmt: str) -> str:
    buffer = io.StringIO()
    export(db, fmt, buffer)
    return buffer.getvalue()

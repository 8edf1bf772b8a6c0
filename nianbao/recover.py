"""``nianbao recover URL|REPORT [--at DATE] -o FILE``: a document's bytes as archived, deleted ones too.

The point of an archive is to prove what a report said before it was revised or taken
down. The bytes come from the WARC record (a revisit is followed to its original), with
the transfer's content coding undone (``--raw`` keeps it), so the file is the document
the server published, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.history import captures_of, keys_for, states_of
from archive.revisits import resolve_original
from archive.warc_reader import read_capture
from nianbao.changes import as_utc


@dataclass
class Recovered:
    url: str
    warc_date: str  # when it was captured (the revisit's date when it was a revisit)
    capture_id: int
    original_capture_id: int
    warc_file: str
    offset: int
    body: bytes


def _before(rows: list[dict[str, Any]], at: datetime | None, date_field: str) -> list[dict[str, Any]]:
    if at is None:
        return rows
    return [row for row in rows if row[date_field] and as_utc(row[date_field]) <= at]


def capture_for_url(db: sqlite_utils.Database, url: str, at: datetime | None) -> dict[str, Any]:
    """The newest 200 capture (response or revisit) of *url* taken at or before *at*."""
    rows = [row for row in captures_of(db, url) if row["status"] in (200, 304)]
    if not rows:
        raise LookupError(f"no successful capture of {url} in the archive")
    chosen = _before(rows, at, "fetched_at")
    if not chosen:
        raise LookupError(f"{url} was first captured {rows[0]['fetched_at']}, after {at:%Y-%m-%d %H:%M:%S}")
    return chosen[-1]


def capture_for_report(db: sqlite_utils.Database, reference: str, at: datetime | None) -> dict[str, Any]:
    """The capture of the document that held report *reference* last at or before *at*."""
    keys = keys_for(db, reference)
    if not keys:
        raise LookupError(f"{reference!r} names no report URL, report id or agency|year in the archive")
    if len(keys) > 1:
        raise LookupError(f"{reference!r} names several reports: {', '.join(keys[:10])}; give one of them")
    states = [s for s in states_of(db, keys[0]) if s["report_id"]]
    chosen = _before(states, at, "run_started")
    if not chosen:
        raise LookupError(f"report {keys[0]} was not archived yet at {at}")
    report = db["reports"].get(chosen[-1]["report_id"])
    return db["captures"].get(report["capture_id"])


def recover(db: sqlite_utils.Database, warc_dir: str | Path, reference: str, at: str | None = None,
            raw: bool = False) -> Recovered:
    """The archived bytes *reference* (a captured URL, or a report) had at *at* (default: latest)."""
    moment = as_utc(at) if at else None
    if moment is not None and len(at or "") <= 10:  # a bare date means "by the end of that day"
        moment = moment.replace(hour=23, minute=59, second=59, microsecond=999999)
    is_url = "://" in reference and next(iter(db.query("SELECT 1 FROM captures WHERE url = ? LIMIT 1", [reference])),
                                         None)
    capture = capture_for_url(db, reference, moment) if is_url else capture_for_report(db, reference, moment)
    original = resolve_original(db, capture)
    stored = read_capture(warc_dir, original["warc_file"], original["offset"])
    return Recovered(url=capture["url"], warc_date=capture["fetched_at"], capture_id=capture["id"],
                     original_capture_id=original["id"], warc_file=original["warc_file"],
                     offset=original["offset"], body=stored.body if raw else stored.payload())



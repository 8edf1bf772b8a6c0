"""Capture rows: the database's pointer to each record in the WARCs.

A capture row is written only after its WARC record has been written and flushed, so a
row never points at bytes that are not on disk.

Each row is committed on its own, and this stays so although the commit is most of what a
row costs (~50 of ~60 µs, measured): batching them would leave the crawl's write transaction open while
the same thread reads or writes ``captures`` through its other connections (the ingest
pipeline looks a new row up by id, the refusal log flags challenge pages) — they would
not see the rows, or would wait on the lock the reactor thread itself holds. A kill
would lose nothing that matters (``archive.reconcile`` re-adds rows from the records of
the killed run's files), so durability is not the reason; visibility is.

Lookups go straight to the connection (:func:`first_row`): sqlite-utils' ``query`` wraps
every SELECT in a SAVEPOINT and RELEASE, three statements for one, and its table
accessors re-read the schema on each use; the crawl looks a row up for every request.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils
from sqlite_utils.db import NotFoundError

from archive.exchange import CaptureLocation, Exchange


def header_value(headers: list[tuple[bytes, bytes]], name: str) -> str | None:
    """The last value of header *name* (case-insensitive), decoded leniently."""
    wanted = name.lower().encode()
    found = None
    for key, value in headers:
        if key.lower() == wanted:
            found = value
    if found is None:
        return None
    return found.decode("latin-1").strip()


def first_row(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
    """The first row *sql* returns, as a dict of its columns, or None."""
    cursor = db.conn.execute(sql, params)
    try:
        row = cursor.fetchone()
        return None if row is None else dict(zip([column[0] for column in cursor.description], row, strict=True))
    finally:
        cursor.close()


def capture_row(db: sqlite_utils.Database, capture_id: int) -> dict[str, Any]:
    """The ``captures`` row *capture_id*; ``NotFoundError`` (as sqlite-utils' ``get``) when there is none."""
    row = first_row(db, "SELECT * FROM captures WHERE id = ?", [capture_id])
    if row is None:
        raise NotFoundError(f"no capture {capture_id}")
    return row


def record_capture(
    db: sqlite_utils.Database,
    exchange: Exchange,
    location: CaptureLocation,
    run_id: int | None,
    page_kind: str | None = None,
) -> int:
    """Insert the capture row for *exchange* stored at *location*; returns its id."""
    row = {
        "run_id": run_id,
        "url": exchange.url,
        "method": exchange.method,
        "status": exchange.status,
        "content_type": header_value(exchange.response_headers, "Content-Type"),
        "payload_digest": location.payload_digest,
        "warc_file": location.warc_file,
        "offset": location.offset,
        "length": location.length,
        "record_id": location.record_id,
        "record_type": location.record_type,
        "fetched_at": location.warc_date,
        "etag": header_value(exchange.response_headers, "ETag"),
        "last_modified": header_value(exchange.response_headers, "Last-Modified"),
        "truncated": exchange.truncated,
        "body_length": len(exchange.body),
        "page_kind": page_kind,
    }
    with db.conn:  # one plain INSERT, committed now: sqlite-utils' insert re-reads the schema every time
        cursor = db.conn.execute(f"INSERT INTO captures ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                 list(row.values()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid

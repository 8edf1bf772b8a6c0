"""Capture rows: the database's pointer to each record in the WARCs.

A capture row is written only after its WARC record has been written and flushed, so a
row never points at bytes that are not on disk.
"""

from __future__ import annotations

import sqlite_utils

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

"""The SQLite database (sqlite-utils): sites, runs, captures, reports, cells, checks.

The WARC files are the source of truth; every table here can be rebuilt from them
(``nianbao reextract``). The database exists so that people can browse and query
(Datasette) and so that a crawl can resume and compare runs.

Tables:

- ``sites``    — one row per crawled site (its root URL), with the platform recognised.
- ``runs``     — one row per crawl run: when, which seeds, its summary.
- ``captures`` — one row per archived response: where its record sits in which WARC.
- ``reports``  — one row per report document (an HTML page or an attachment) with the
  record's report-level fields, linked to the capture it was extracted from.
- ``cells``    — one row per (report, code): value and printed text.
- ``checks``   — one row per (report, rule): ``ok`` / ``fail: …`` / ``n/a``.
- ``documents`` — per captured report candidate, what the crawl knew beyond its bytes.
- ``report_revisions`` — one row per distinct normalised content of a report identity
  (agency + year): its chain of revisions (``archive.revisions``).
- ``report_states`` — one row per (run, report identity): new / changed / unchanged /
  moved / deleted in that run, with the cells and sections that changed and the evidence.
- ``rechecks`` — URLs of reports known from earlier runs that a run fetched directly
  because no list led to them any more (the evidence for moves and deletions).
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

SCHEMA_VERSION = 1


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database at *path* with the current schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables and indexes; existing data is never touched."""
    db["sites"].create(
        {"id": int, "site": str, "root_url": str, "name": str, "platform": str, "first_seen": str,
         "last_seen": str},
        pk="id", if_not_exists=True,
    )
    db["runs"].create(
        {"id": int, "started": str, "finished": str, "status": str, "seeds": str, "summary": str},
        pk="id", if_not_exists=True,
    )
    db["captures"].create(
        {
            "id": int, "run_id": int, "url": str, "method": str, "status": int, "content_type": str,
            "payload_digest": str, "warc_file": str, "offset": int, "length": int, "record_id": str,
            "record_type": str, "fetched_at": str, "etag": str, "last_modified": str,
            "truncated": str, "body_length": int, "page_kind": str,
        },
        pk="id", if_not_exists=True,
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["reports"].create(
        {
            "id": int, "capture_id": int, "run_id": int, "url": str, "page_url": str, "agency": str,
            "year": int, "template": str, "title": str, "published": str, "source_format": str,
            "sections": str, "missing": str, "flags": str, "legacy_rows": str,
            "cells_found": int, "checks_failed": int, "record": str,
        },
        pk="id", if_not_exists=True,
        foreign_keys=[("capture_id", "captures", "id"), ("run_id", "runs", "id")],
    )
    # ``value`` has no declared type on purpose: counts stay integers, money stays the
    # exact decimal string of the spec, blanks stay NULL (a TEXT column would turn 5 into '5').
    db.execute(
        "CREATE TABLE IF NOT EXISTS cells (report_id INTEGER REFERENCES reports(id), code TEXT, "
        "value, raw TEXT, PRIMARY KEY (report_id, code))"
    )
    db["checks"].create(
        {"report_id": int, "rule": str, "result": str},
        pk=("report_id", "rule"), if_not_exists=True,
        foreign_keys=[("report_id", "reports", "id")],
    )
    # What the crawl knew about a captured document besides its bytes (the title of the page
    # that listed it, its attachments): ``nianbao reextract`` needs it to decide again.
    db["documents"].create(
        {"capture_id": int, "kind": str, "title": str, "published": str, "page_url": str, "attachments": str},
        pk="capture_id", if_not_exists=True,
        foreign_keys=[("capture_id", "captures", "id")],
    )
    ensure_revision_tables(db)
    db["captures"].create_index(["url"], if_not_exists=True)
    db["captures"].create_index(["run_id"], if_not_exists=True)
    db["reports"].create_index(["agency", "year"], if_not_exists=True)
    db["reports"].create_index(["capture_id"], if_not_exists=True)


def ensure_revision_tables(db: sqlite_utils.Database) -> None:
    """The time dimension: revisions per report identity, states per run, rechecked URLs."""
    db["report_revisions"].create(
        {"id": int, "report_key": str, "number": int, "agency": str, "year": int, "fingerprint": str,
         "report_id": int, "run_id": int, "url": str},
        pk="id", if_not_exists=True,
    )
    db["report_states"].create(
        {"run_id": int, "report_key": str, "state": str, "agency": str, "year": int, "report_id": int,
         "revision_id": int, "previous_revision_id": int, "url": str, "page_url": str, "old_url": str,
         "cells_changed": str, "sections_changed": str, "evidence": str},
        pk=("run_id", "report_key"), if_not_exists=True,
    )
    db["rechecks"].create({"run_id": int, "url": str, "report_key": str}, pk=("run_id", "url"),
                          if_not_exists=True)
    db["report_revisions"].create_index(["report_key", "number"], unique=True, if_not_exists=True)
    db["report_states"].create_index(["report_key"], if_not_exists=True)

"""``nianbao reextract``: rebuild every record from the WARCs with the current extractor.

The archive is the source of truth. Each captured report candidate (a detail page whose
title was a report title, or one of its attachments) is read back from its WARC record
and decided and extracted again, so a better extractor improves old captures; rows of a
capture are replaced, never duplicated.
"""

from __future__ import annotations

import json
from collections import Counter

import sqlite_utils

from archive.report_rows import delete_reports_of_capture
from nianbao.ingest import ingest_item

CANDIDATES_SQL = """
SELECT documents.*, captures.url, captures.run_id
FROM documents JOIN captures ON captures.id = documents.capture_id
ORDER BY documents.capture_id
"""


def reextract_all(db: sqlite_utils.Database, warc_dir: str) -> Counter:
    """Re-run extraction over every report candidate; returns outcome counts."""
    outcomes: Counter = Counter()
    for row in list(db.query(CANDIDATES_SQL)):
        item = {"kind": row["kind"], "url": row["url"], "capture_id": row["capture_id"], "title": row["title"],
                "published": row["published"], "page_url": row["page_url"],
                "attachments": json.loads(row["attachments"] or "[]")}
        before = [r["id"] for r in db.query("SELECT id FROM reports WHERE capture_id = ?", [row["capture_id"]])]
        outcome = ingest_item(db, warc_dir, item, run_id=row["run_id"])
        if outcome.report_id is None and before:  # no longer a report: drop the stale rows
            with db.conn:
                delete_reports_of_capture(db, row["capture_id"])
        outcomes[outcome.kind] += 1
    return outcomes

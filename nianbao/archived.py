"""Look up an archived URL and extract its latest capture (``nianbao extract URL``)."""

from __future__ import annotations

from archive.db import open_db
from extract.record import Record
from nianbao.config import DataLayout
from nianbao.ingest import extract_capture


class ArchiveLookupError(LookupError):
    """The URL is not in this archive (or there is no archive)."""


def extract_archived_url(layout: DataLayout, url: str) -> Record:
    if not layout.db_path.is_file():
        raise ArchiveLookupError(f"no database at {layout.db_path} (crawl first, or give --data DIR)")
    db = open_db(layout.db_path)
    rows = list(db.query(
        "SELECT * FROM captures WHERE url = ? AND status = 200 AND record_type = 'response' "
        "ORDER BY fetched_at DESC LIMIT 1", [url]))
    if not rows:
        raise ArchiveLookupError(f"{url} has no archived 200 response in {layout.root}")
    return extract_capture(str(layout.warc_dir), rows[0], url)

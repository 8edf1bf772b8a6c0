"""Item pipeline: hand every archived report document to :mod:`nianbao.ingest`.

The spider yields small dicts naming a capture; the bytes are read back from the WARC
by the ingest step, which is the same code ``nianbao reextract`` runs later.
"""

from __future__ import annotations

import logging

from archive.db import open_db
from nianbao.ingest import ingest_item, record_platform, record_site

logger = logging.getLogger(__name__)


def already_ingested(db, run_id) -> set[int]:
    """Captures of *run_id* whose ingest finished before a crash (a resumed run skips them)."""
    if not run_id:
        return set()
    return {row["id"] for row in db.query(
        "SELECT id FROM captures c WHERE run_id = ? AND (page_kind IN "
        "('page_without_report', 'attachment_without_report', 'unreadable_capture') "
        "OR EXISTS (SELECT 1 FROM reports r WHERE r.capture_id = c.id))", [int(run_id)])}


class ReportIngestPipeline:
    def __init__(self, settings, stats) -> None:
        self.warc_dir = settings.get("NIANBAO_WARC_DIR")
        self.db_path = settings.get("NIANBAO_DB_PATH")
        self.run_id = settings.get("NIANBAO_RUN_ID")
        self.stats = stats
        self.db = None
        self.done: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings, crawler.stats)

    def open_spider(self, spider=None) -> None:
        self.db = open_db(self.db_path)
        self.done = already_ingested(self.db, self.run_id)

    def close_spider(self, spider=None) -> None:
        if self.db is not None:
            self.db.close()

    def process_item(self, item, spider=None):
        kind = item.get("kind")
        if kind == "site":
            record_site(self.db, item)
            return item
        if kind == "platform":
            record_platform(self.db, item["site"], item["platform"])
            return item
        if item.get("capture_id") in self.done:  # a resumed run re-reads archived pages; their reports are in
            self.stats.inc_value("nianbao/ingest/already_done")
            return item
        if item.get("capture_id") is None:
            self.stats.inc_value("nianbao/not_archived")
            logger.warning("document was not archived, nothing to extract: %s", item.get("url"))
            return item
        outcome = ingest_item(self.db, self.warc_dir, item, run_id=self.run_id)
        self.stats.inc_value(f"nianbao/ingest/{outcome.kind}")
        if outcome.report_id is not None:
            self.stats.inc_value("nianbao/reports")
            self.stats.inc_value("nianbao/cells", outcome.cells)
        return item

"""Item pipeline: hand every archived report document to :mod:`nianbao.ingest`.

The spider yields small dicts naming a capture; the bytes are read back from the WARC
by the ingest step, which is the same code ``nianbao reextract`` runs later.
"""

from __future__ import annotations

import logging

from archive.db import open_db
from nianbao.ingest import ingest_item, record_site

logger = logging.getLogger(__name__)


class ReportIngestPipeline:
    def __init__(self, settings, stats) -> None:
        self.warc_dir = settings.get("NIANBAO_WARC_DIR")
        self.db_path = settings.get("NIANBAO_DB_PATH")
        self.run_id = settings.get("NIANBAO_RUN_ID")
        self.stats = stats
        self.db = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings, crawler.stats)

    def open_spider(self, spider=None) -> None:
        self.db = open_db(self.db_path)

    def close_spider(self, spider=None) -> None:
        if self.db is not None:
            self.db.close()

    def process_item(self, item, spider=None):
        kind = item.get("kind")
        if kind == "site":
            record_site(self.db, item)
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

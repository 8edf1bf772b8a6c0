"""Item pipeline: hand every archived report document to :mod:`nianbao.ingest`.

The spider yields small dicts naming a capture; the bytes are read back from the WARC
by the ingest step, which is the same code ``nianbao reextract`` runs later.

Everything CPU-bound about a document — reading its record back and inflating it,
extracting, deciding, encoding its rows — runs in worker processes
(:func:`nianbao.ingest.decide_stored`); the crawl process only looks up the capture and
runs the SQL, so the reactor keeps every host busy while reports are parsed.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ProcessPoolExecutor

from archive.db import open_db
from nianbao.extract_pool import start_pool, stop_pool
from nianbao.ingest import Decision, decide_stored, original_of, record_platform, record_site, store_decision

logger = logging.getLogger(__name__)


def already_ingested(db, run_id) -> set[int]:
    """Captures of *run_id* whose ingest finished before a crash (a resumed run skips them)."""
    if not run_id:
        return set()
    return {row["id"] for row in db.query(
        "SELECT id FROM captures c WHERE run_id = ? AND (page_kind IN "
        "('page_without_report', 'attachment_without_report', 'alternate_form', 'unreadable_capture') "
        "OR EXISTS (SELECT 1 FROM reports r WHERE r.capture_id = c.id))", [int(run_id)])}


class ReportIngestPipeline:
    def __init__(self, settings, stats) -> None:
        self.warc_dir = settings.get("NIANBAO_WARC_DIR")
        self.db_path = settings.get("NIANBAO_DB_PATH")
        self.run_id = settings.get("NIANBAO_RUN_ID")
        self.stats = stats
        self.db = None
        self.pool: ProcessPoolExecutor | None = None
        self.workers = settings.getint("NIANBAO_EXTRACT_WORKERS")
        self.done: set[int] = set()
        self.pending: set[asyncio.Future] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings, crawler.stats)

    def open_spider(self, spider=None) -> None:
        self.pool = start_pool(self.workers)  # first: its fork server starts while the rest does
        self.db = open_db(self.db_path)
        self.done = already_ingested(self.db, self.run_id)

    async def close_spider(self, spider=None) -> None:
        while self.pending:  # documents still being extracted
            await asyncio.gather(*list(self.pending))
        if self.pool is not None:
            stop_pool(self.pool)
        if self.db is not None:
            self.db.close()

    async def process_item(self, item, spider=None):
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
        original = original_of(self.db, item)
        if isinstance(original, Decision):
            self.store(item, original)
            return item
        # The item goes back to Scrapy at once and its document is extracted meanwhile: a
        # backlog of reports must not hold their responses in the scraper, whose size limit
        # (SCRAPER_SLOT_MAX_ACTIVE_SIZE) would stop new requests to every host.
        task = asyncio.ensure_future(self.ingest(item, original))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)
        return item

    async def ingest(self, item: dict, original: dict) -> None:
        """Extract in a worker (CPU: PDF parsing above all), then store here, where the database is."""
        assert self.pool is not None
        try:
            decision = await asyncio.wrap_future(self.pool.submit(decide_stored, self.warc_dir, original, item))
            self.store(item, decision)
        except Exception:  # one document's failure is logged and counted, never the crawl's end
            logger.exception("extracting %s (capture %s) failed", item.get("url"), item.get("capture_id"))
            self.stats.inc_value("nianbao/ingest/failed")

    def store(self, item: dict, decision: Decision) -> None:
        outcome = store_decision(self.db, item, decision, run_id=self.run_id)
        self.stats.inc_value(f"nianbao/ingest/{outcome.kind}")
        if outcome.report_id is not None:
            self.stats.inc_value("nianbao/reports")
            self.stats.inc_value("nianbao/cells", outcome.cells)

"""Item pipeline: hand every archived report document to :mod:`nianbao.ingest`.

The spider yields small dicts naming a capture; the bytes are read back from the WARC
by the ingest step, which is the same code ``nianbao reextract`` runs later.

Everything CPU-bound about a document — reading its record back and inflating it,
extracting, deciding, encoding its rows — runs in worker processes
(:func:`nianbao.ingest.decide_stored`); the crawl process only looks up the capture and
runs the SQL, so the reactor keeps every host busy while reports are parsed.

A worker that dies (the kernel's OOM killer on a pathological PDF, a crash in a C
library) breaks the whole pool: every document in flight fails with it, and so would every
later one. The pipeline then starts a new pool and submits the documents again, each at
most :data:`MAX_ATTEMPTS` times; a document that is in flight at every break is stored
as ``extraction_crashed`` — a flag on its capture, not a decision, so a resumed run and
``nianbao reextract`` try it again.

A document embedded in a page (a 全真版 PDF beside the page's text) is an alternate form
when the page holds the report itself, which the page's own extraction decides. The page
comes first and is usually still being extracted when its document arrives: the document
then waits for that decision instead of having a worker read the page a second time.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from archive.db import open_db
from nianbao.extract_pool import start_pool, stop_pool
from nianbao.ingest import (
    Decision,
    decide_stored,
    embedded_decision,
    original_of,
    record_platform,
    record_site,
    store_decision,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # submissions of one document across pool breaks before it is flagged


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
        self.extracting: dict[int, asyncio.Future] = {}  # capture id → its ingest, while it runs

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
        capture_id = item["capture_id"]
        self.extracting[capture_id] = task
        task.add_done_callback(lambda _: self.extracting.pop(capture_id, None))
        return item

    async def ingest(self, item: dict, original: dict) -> None:
        """Extract in a worker (CPU: PDF parsing above all), then store here, where the database is."""
        try:
            page = self.extracting.get(item.get("page_capture_id"))
            if page is not None:  # an embedded document whose page is being decided: wait for it
                await asyncio.wait([page])
                if (known := embedded_decision(self.db, item)) is not None:
                    self.stats.inc_value("nianbao/ingest/waited_for_page")
                    self.store(item, known)
                    return
            decision = await self.extract(item, original)
            self.store(item, decision)
        except Exception:  # one document's failure is logged and counted, never the crawl's end
            logger.exception("extracting %s (capture %s) failed", item.get("url"), item.get("capture_id"))
            self.stats.inc_value("nianbao/ingest/failed")

    async def extract(self, item: dict, original: dict) -> Decision:
        """The worker's decision on *item*, through pool breaks (see the module docstring)."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            pool = self.pool
            assert pool is not None
            try:
                return await asyncio.wrap_future(pool.submit(decide_stored, self.warc_dir, original, item))
            except BrokenProcessPool:
                self.replace_broken(pool)
                logger.warning("an extraction worker died while %s (capture %s) was in flight (attempt %d of %d)",
                               item.get("url"), item.get("capture_id"), attempt, MAX_ATTEMPTS)
        self.stats.inc_value("nianbao/ingest/extraction_crashed")
        logger.error("%s (capture %s) left undecided: an extraction worker died at each of %d attempts; "
                     "`nianbao reextract` tries it again", item.get("url"), item.get("capture_id"), MAX_ATTEMPTS)
        return Decision("extraction_crashed", error=f"an extraction worker died at each of {MAX_ATTEMPTS} attempts")

    def replace_broken(self, broken: ProcessPoolExecutor) -> None:
        """A new pool for the broken one — once, however many documents saw it break."""
        if self.pool is not broken:
            return
        self.stats.inc_value("nianbao/ingest/pool_restarts")
        broken.shutdown(wait=False, cancel_futures=True)
        self.pool = start_pool(self.workers)

    def store(self, item: dict, decision: Decision) -> None:
        outcome = store_decision(self.db, item, decision, run_id=self.run_id)
        self.stats.inc_value(f"nianbao/ingest/{outcome.kind}")
        if outcome.report_id is not None:
            self.stats.inc_value("nianbao/reports")
            self.stats.inc_value("nianbao/cells", outcome.cells)

"""Item pipeline: hand every archived report document to :mod:`nianbao.ingest`.

The spider yields small dicts naming a capture; the bytes are read back from the WARC
by the ingest step, which is the same code ``nianbao reextract`` runs later.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

from archive.db import open_db
from nianbao.ingest import Outcome, extract_document, read_item, record_platform, record_site, store_item

logger = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int) -> None:
    """Worker initializer: end this worker when the crawl process dies, even by kill -9.

    Without it, workers of a killed crawl live on (and keep its output pipes open), so a
    resumed run would find them, and a caller waiting for the crawl's output would hang.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their pipe closes
        pass
    if os.getppid() != parent_pid:  # the crawl died while this worker was starting
        os._exit(1)


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
        self.pool: ProcessPoolExecutor | None = None
        self.workers = settings.getint("NIANBAO_EXTRACT_WORKERS")
        self.done: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings, crawler.stats)

    def open_spider(self, spider=None) -> None:
        self.db = open_db(self.db_path)
        # "spawn": a fork of a process running Twisted's reactor and threads is not safe.
        workers = self.workers or max(1, min(4, os.cpu_count() or 1))
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=die_with_parent, initargs=(os.getpid(),))
        self.done = already_ingested(self.db, self.run_id)

    def close_spider(self, spider=None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
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
        document = read_item(self.db, self.warc_dir, item)
        if document is None:
            outcome = Outcome("unreadable_capture")
        else:
            # Extraction is CPU work (PDF parsing above all): done in worker processes so
            # downloads keep flowing and both cores are used; the database stays here.
            record = await asyncio.wrap_future(self.pool.submit(extract_document, document))
            outcome = store_item(self.db, item, record, run_id=self.run_id)
        self.stats.inc_value(f"nianbao/ingest/{outcome.kind}")
        if outcome.report_id is not None:
            self.stats.inc_value("nianbao/reports")
            self.stats.inc_value("nianbao/cells", outcome.cells)
        return item

"""Run one crawl in this process: a ``runs`` row, Scrapy's CrawlerProcess, the summary.

``scrapy crawl reports -a seeds=FILE`` runs the same spider with the same settings; this
module adds what a user of the CLI expects around it (a run id, an index, a summary).
"""

from __future__ import annotations

import gc
import json
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

import crawler.browser  # noqa: F401 - imported here, see below
from archive.cdxj import load_indexer, write_cdxj_index
from archive.db import open_db
from archive.history import run_warc_bytes
from archive.revisions import track_run
from crawler.seeds import Seed
from crawler.spiders.reports import ReportsSpider
from nianbao.config import DataLayout
from nianbao.resume import data_dir_lock, prepare_run
from nianbao.summary import run_summary

# crawler.browser (the download handler) is imported with this module, not when Scrapy
# builds its engine: importing it there, under a deep stack, makes a deprecation shim of
# Scrapy's (inspect.stack(), reading the source of every frame) cost up to ~0.3 s of CPU.

# For the bundled portal on 127.0.0.1, which is ours to load: no delay, more parallelism.
FAST_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_DELAY_JITTER": 0,
    "NIANBAO_RETRY_BACKOFF": 0.1,
}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def crawl_settings(layout: DataLayout, run_id: int, *, fast: bool, progress: bool, overrides: dict | None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict(
        {
            "NIANBAO_DATA_DIR": str(layout.root),
            "NIANBAO_WARC_DIR": str(layout.warc_dir),
            "NIANBAO_DB_PATH": str(layout.db_path),
            "NIANBAO_RUN_ID": run_id,
            "NIANBAO_PROGRESS": progress,
            "LOG_LEVEL": "WARNING" if progress else "INFO",
        },
        priority="cmdline",
    )
    if fast:
        settings.setdict(FAST_SETTINGS, priority="cmdline")
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


def finish_run(layout: DataLayout, run_id: int, *, finished: bool) -> tuple[dict[str, int], float]:
    """The index of the run's WARCs and its report states; (state counts, CPU s of indexing).

    Both need only the closed WARC files and database, which they are once the engine
    has stopped: :func:`run_crawl` runs this in a thread from then on, while the reactor
    still waits for the browser to close (up to a second of idle waiting).
    """
    load_indexer()  # imported when the spider went idle (else now): outside the archiving CPU figure
    indexing = time.thread_time()
    write_cdxj_index(layout.warc_dir, layout.index_path)
    index_cpu = time.thread_time() - indexing
    db = open_db(layout.db_path)
    try:
        return track_run(db, layout.warc_dir, run_id, complete=finished), index_cpu  # report states of this run
    finally:
        db.close()


def run_crawl(
    seeds: list[Seed], layout: DataLayout, *, fast: bool = False, progress: bool = True, overrides: dict | None = None
) -> dict:
    """Crawl *seeds* into *layout*; returns the run's summary (also stored in ``runs``)."""
    layout.create()
    with data_dir_lock(layout), ThreadPoolExecutor(1, thread_name_prefix="run-end") as ending:
        db = open_db(layout.db_path)
        # A killed crawl left .open WARCs and a run marked "running": salvage, reconcile, resume.
        run_id = prepare_run(db, layout, [s.url for s in seeds]).run_id
        db.close()
        process = CrawlerProcess(crawl_settings(layout, run_id, fast=fast, progress=progress, overrides=overrides))
        crawler = process.create_crawler(ReportsSpider)
        end: list[Future] = []
        indexer: list[Future] = []

        def spider_idle() -> None:
            # Out of requests, the crawl waits for its last extractions and then for the
            # browser to close: the indexer's import (~0.3 s) runs now, on the run-end
            # thread, instead of ahead of the index once the engine has stopped.
            if not indexer:
                indexer.append(ending.submit(load_indexer))

        def engine_stopped() -> None:
            end.append(ending.submit(finish_run, layout, run_id,
                                     finished=crawler.stats.get_value("finish_reason") == "finished"))

        crawler.signals.connect(spider_idle, signal=signals.spider_idle, weak=False)
        crawler.signals.connect(engine_stopped, signal=signals.engine_stopped, weak=False)
        process.crawl(crawler, urls=",".join(seed.url for seed in seeds))
        # Everything imported and built so far lives until the process exits (one crawl per
        # process: Twisted's reactor does not restart): frozen, the collector no longer walks
        # it on each full collection during the crawl, nor at exit, where it cost ~0.4 CPU-s
        # (most of a second of wall time) of interpreter teardown.
        gc.freeze()
        process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        finished = stats.get("finish_reason") == "finished"
        changes, index_cpu = (end[0] if end else ending.submit(finish_run, layout, run_id, finished=finished)).result()
        archive_cpu = stats.get("nianbao/warc/cpu_seconds", 0.0) + index_cpu
        db = open_db(layout.db_path)
        summary = {**run_summary(db, layout, run_id, stats), "changes": changes,
                   "run_warc_bytes": run_warc_bytes(db, layout.warc_dir, run_id),
                   "not_modified": stats.get("nianbao/conditional/not_modified", 0),
                   "revisits": stats.get("nianbao/warc/revisit", 0),
                   "archive_cpu_seconds": round(archive_cpu, 3)}  # writing records, capture rows, the index
        status = "finished" if finished else f"stopped: {stats.get('finish_reason')}"
        db["runs"].update(run_id, {"finished": now(), "status": status,
                                   "summary": json.dumps(summary, ensure_ascii=False)})
        db.close()
    return summary

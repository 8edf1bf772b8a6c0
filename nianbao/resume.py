"""Start-up of a crawl on a data directory that a killed crawl may have left behind.

Scrapy's JOBDIR only helps after a clean stop; after ``kill -9`` the database and the
WARCs are the state. :func:`prepare_run`, called under the data directory's lock:

1. salvages every ``.open`` WARC (:mod:`archive.salvage`);
2. reconciles the ``captures`` table with the WARC files that can disagree
   (:mod:`archive.reconcile`);
3. resumes the newest run when it did not finish — ``running`` (its process died) or
   ``stopped: …`` (Ctrl-C, a close reason) — and crawled the same seeds; other runs left
   ``running`` are marked ``interrupted``; otherwise a new run starts.

A resumed run keeps its id: pages it already archived are served to the spider from the
archive instead of the network (``crawler.middlewares.resume_replay``), so they are not
fetched twice in that run, while the pages still pending are fetched.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from archive.reconcile import ReconcileResult, files_to_check, reconcile
from archive.salvage import SalvageResult, salvage_directory
from nianbao.config import DataLayout

logger = logging.getLogger(__name__)

LOCK_NAME = ".crawl.lock"


class DataDirBusy(RuntimeError):
    """Another crawl holds the data directory."""


@dataclass
class RunStart:
    """How a crawl starts: which run, and what start-up repaired."""

    run_id: int
    resumed: bool
    salvaged: list[SalvageResult] = field(default_factory=list)
    reconciled: ReconcileResult = field(default_factory=ReconcileResult)
    interrupted: list[int] = field(default_factory=list)  # dead runs closed without resuming


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def data_dir_lock(layout: DataLayout) -> Iterator[None]:
    """Hold an exclusive lock on the data directory; the OS releases it if the process dies.

    Two crawls writing one directory would interleave rows; and salvaging an ``.open``
    file another live crawl is still writing would cut its records.
    """
    layout.create()
    handle = open(layout.root / LOCK_NAME, "a+")  # noqa: SIM115 - held for the whole crawl
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DataDirBusy(f"another nianbao crawl is using {layout.root}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def same_seeds(row: dict, seeds: list[str]) -> bool:
    try:
        return sorted(json.loads(row["seeds"] or "[]")) == sorted(seeds)
    except (TypeError, ValueError):
        return False


def prepare_run(db: sqlite_utils.Database, layout: DataLayout, seeds: list[str]) -> RunStart:
    """Repair what a dead crawl left and choose the run to continue or start (hold the lock)."""
    salvaged = salvage_directory(layout.warc_dir)
    dead = list(db.query("SELECT id, seeds FROM runs WHERE status = 'running' ORDER BY id DESC"))
    names = [s.target.name for s in salvaged if s.target is not None]
    reconciled = reconcile(db, layout.warc_dir, files_to_check(db, layout.warc_dir, [r["id"] for r in dead], names))
    newest = next(iter(db.query("SELECT id, seeds, status FROM runs ORDER BY id DESC LIMIT 1")), None)
    unfinished = newest is not None and (newest["status"] == "running" or newest["status"].startswith("stopped"))
    resumable = newest if unfinished and same_seeds(newest, seeds) else None
    interrupted = [r["id"] for r in dead if resumable is None or r["id"] != resumable["id"]]
    for run_id in interrupted:
        db["runs"].update(run_id, {"status": "interrupted", "finished": now()})
    if resumable is not None:
        db["runs"].update(resumable["id"], {"status": "running", "finished": None})
        logger.warning("resuming run %d (its crawl was killed); salvaged %d WARC files", resumable["id"], len(names))
        return RunStart(resumable["id"], True, salvaged, reconciled, interrupted)
    run_id = db["runs"].insert({"started": now(), "status": "running", "seeds": json.dumps(seeds)}).last_pk
    return RunStart(run_id, False, salvaged, reconciled, interrupted)

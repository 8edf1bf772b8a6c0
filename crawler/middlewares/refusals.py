"""Why a URL was not archived: one shared log for the middlewares that refuse or give up.

A crawl of a hostile site must end with a list of what it could not archive and why
(challenge page, truncated body, size cap, trap, private address, timeout …), not with
silence. Each refusal is counted in the stats (``nianbao/refused/<reason>``), logged,
and written to the ``refusals`` table of the database (run, url, reason, detail), created
here on first use. Middlewares share one :class:`RefusalLog` per crawler.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import sqlite_utils
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from archive.db import open_db

logger = logging.getLogger(__name__)


class Refused(IgnoreRequest):
    """A request refused by one of nianbao's guards; already recorded in the refusal log."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def ensure_table(db: sqlite_utils.Database) -> None:
    db["refusals"].create(
        {"id": int, "run_id": int, "url": str, "reason": str, "detail": str, "at": str},
        pk="id", if_not_exists=True,
    )
    db["refusals"].create_index(["run_id", "reason"], if_not_exists=True)


class RefusalLog:
    """Record refusals (stats, log, database) and flag captures; one per crawler."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.run_id = crawler.settings.get("NIANBAO_RUN_ID")
        db_path = crawler.settings.get("NIANBAO_DB_PATH")
        self.db = open_db(db_path) if db_path else None
        if self.db is not None:
            ensure_table(self.db)
        self._lock = threading.Lock()

    @classmethod
    def of(cls, crawler: Crawler) -> RefusalLog:
        """The crawler's shared log, created on first use."""
        log = getattr(crawler, "_nianbao_refusals", None)
        if log is None:
            log = cls(crawler)
            crawler._nianbao_refusals = log  # type: ignore[attr-defined]
        return log

    def record(self, url: str, reason: str, detail: str = "") -> None:
        if self.stats:
            self.stats.inc_value(f"nianbao/refused/{reason}")
        logger.warning("not archived (%s): %s %s", reason, url, detail)
        if self.db is None:
            return
        with self._lock:
            self.db["refusals"].insert({"run_id": int(self.run_id) if self.run_id else None, "url": url,
                                        "reason": reason, "detail": detail[:500],
                                        "at": datetime.now(UTC).isoformat(timespec="seconds")})

    def refuse(self, url: str, reason: str, detail: str = "") -> Refused:
        """Record and return the exception to raise."""
        self.record(url, reason, detail)
        return Refused(reason, detail)

    def flag_capture(self, capture_id: int | None, page_kind: str) -> None:
        """Mark an archived capture (e.g. ``challenge``) so it never counts as a report revision."""
        if self.db is None or capture_id is None:
            return
        with self._lock:
            self.db["captures"].update(capture_id, {"page_kind": page_kind})

"""Serve pages a resumed run already archived from the archive, not the network.

After a kill the crawl restarts from its seeds with the same run id
(``nianbao.resume``). Every request whose response this run already archived — a capture
row of the run with a final answer — gets that response back from the WARC, flagged
``cached`` (so ``WarcCaptureMiddleware`` does not archive it again) and ``resumed``; the
spider parses it as if fetched and so finds the pending pages behind it, which are then
fetched for real. Nothing but the database and the WARCs is needed: unlike Scrapy's
JOBDIR, this survives ``kill -9``.

Not final, hence fetched again: retryable statuses (``RETRY_HTTP_CODES``), truncated
bodies, challenge pages. POST captures are matched by method, URL and request body.

Settings: ``NIANBAO_RUN_ID``, ``NIANBAO_DB_PATH``, ``NIANBAO_WARC_DIR``; disabled without them.
"""

from __future__ import annotations

import hashlib
import logging

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from archive.warc_reader import read_capture, resolve_warc_path

logger = logging.getLogger(__name__)

NOT_FINAL_KINDS = ("challenge",)


def replay_key(method: str, url: str, body: bytes) -> tuple[str, str, str]:
    """What identifies a request for replay: method, URL and a digest of the body."""
    return method.upper(), url, hashlib.sha1(body).hexdigest() if body else ""


def request_body_after(warc_dir: str, warc_file: str, offset: int, length: int) -> bytes:
    """The body of the request record written right after the response at *offset*."""
    path = resolve_warc_path(warc_dir, warc_file)
    with open(path, "rb") as fh:
        fh.seek(offset + length)
        for record in ArchiveIterator(fh):
            return record.content_stream().read() if record.rec_type == "request" else b""
    return b""


class ResumeReplayMiddleware:
    """Downloader middleware (before the robots and download stages) answering from the archive."""

    def __init__(self, crawler: Crawler, db_path: str, warc_dir: str, run_id: int) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.warc_dir = warc_dir
        self.run_id = run_id
        self.retry_codes = {int(c) for c in crawler.settings.getlist("RETRY_HTTP_CODES")}
        self.done: dict[tuple[str, str, str], dict] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumeReplayMiddleware:
        settings = crawler.settings
        run_id, db_path, warc_dir = (settings.get(k) for k in ("NIANBAO_RUN_ID", "NIANBAO_DB_PATH", "NIANBAO_WARC_DIR"))
        if not (run_id and db_path and warc_dir):
            raise NotConfigured("resume replay needs NIANBAO_RUN_ID, NIANBAO_DB_PATH and NIANBAO_WARC_DIR")
        middleware = cls(crawler, db_path, warc_dir, int(run_id))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider | None = None) -> None:
        self.done = self.load_done()
        if self.done:
            logger.warning("resume: %d responses of run %d are already archived and will not be fetched again",
                           len(self.done), self.run_id)

    def load_done(self) -> dict[tuple[str, str, str], dict]:
        """The newest final capture of each request this run archived."""
        db = open_db(self.db_path)
        try:
            rows = list(db.query(
                "SELECT id, url, method, status, warc_file, offset, length, truncated, page_kind FROM captures "
                "WHERE run_id = ? AND record_type = 'response' ORDER BY id", [self.run_id]))
        finally:
            db.conn.close()
        done: dict[tuple[str, str, str], dict] = {}
        for row in rows:
            if row["status"] in self.retry_codes or row["truncated"] or row["page_kind"] in NOT_FINAL_KINDS:
                continue
            body = b""
            if (row["method"] or "GET").upper() == "POST":
                try:
                    body = request_body_after(self.warc_dir, row["warc_file"], row["offset"], row["length"])
                except (OSError, ValueError) as exc:
                    logger.warning("resume: cannot read the request of capture %s (%s); it will be fetched", row["id"],
                                   exc)
                    continue
            done[replay_key(row["method"] or "GET", row["url"], body)] = row
        return done

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        if request.meta.get("playwright"):
            return None  # a render needs the browser; the archived page holds no script-built list
        row = self.done.get(replay_key(request.method, request.url, request.body or b""))
        if row is None:
            return None
        try:
            stored = read_capture(self.warc_dir, row["warc_file"], row["offset"])
        except (OSError, ValueError) as exc:
            logger.warning("resume: capture %s cannot be read back (%s); fetching %s again", row["id"], exc, request.url)
            return None
        headers = Headers()
        for name, value in stored.headers:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=stored.body)
        request.meta["capture"] = stored.location
        request.meta["capture_id"] = row["id"]
        if self.crawler.stats:
            self.crawler.stats.inc_value("nianbao/resume/replayed")
        return cls(url=request.url, status=stored.status or 200, headers=headers, body=stored.body,
                   flags=["cached", "resumed"], request=request, protocol=None)

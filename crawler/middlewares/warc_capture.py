"""Downloader middleware that archives every HTTP exchange before Scrapy decodes it.

Placed at priority 950, i.e. nearer the downloader than ``HttpCompressionMiddleware``
(590), ``RedirectMiddleware`` (600) and ``RetryMiddleware`` (550): its
``process_response`` sees each response first, with the body still content-encoded, and
sees redirects, retried errors and robots.txt fetches too (research/archiving.md §4.1).
The exchange is written to the WARC (``archive.warc_writer``), then — only once the bytes
are written — its ``captures`` row, and both locations are left in ``request.meta`` for
the spider and pipelines:

- ``request.meta["capture"]``: :class:`archive.exchange.CaptureLocation`;
- ``request.meta["capture_id"]``: the ``captures`` row id (None without a database);
- ``request.meta["capture_error"]``: a message when the write failed (the response
  still goes on to the spider; the failure is logged and counted in stats).

A response already in the archive is written as a revisit (``archive.revisits``): a 304
to a conditional request (``request.meta["conditional"]``, see ``conditional_get``) as
server-not-modified, a 200 with an earlier capture's payload digest as
identical-payload-digest.

Not archived: HttpCache hits (``cached`` flag) and scrapy-playwright responses, whose
body is a serialised DOM rather than what the server sent.

Settings: ``NIANBAO_WARC_DIR`` (required, else the middleware is disabled),
``NIANBAO_DB_PATH`` (optional), ``NIANBAO_RUN_ID`` (optional), ``NIANBAO_WARC_MAX_BYTES``,
``NIANBAO_WARC_PREFIX``, ``NIANBAO_WARC_FSYNC``.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import scrapy
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archive.captures import record_capture
from archive.db import open_db
from archive.exchange import Exchange, HeaderList
from archive.http_headers import request_target
from archive.revisits import write_capture
from archive.warc_writer import WarcWriter, default_warcinfo

logger = logging.getLogger(__name__)


def request_header_list(request: Request) -> HeaderList:
    """Request headers as sent: Scrapy's, plus ``Host`` first when Twisted added it on the wire.

    ``Content-Length`` for bodies is added by the writer from the body itself.
    """
    headers = [(bytes(name), bytes(value)) for name, values in request.headers.items() for value in values]
    if not any(name.lower() == b"host" for name, _ in headers):
        host, _ = request_target(request.url)
        headers.insert(0, (b"Host", host.encode("ascii", "replace")))
    return headers


def exchange_from(request: Request, response: Response) -> Exchange:
    """The :class:`Exchange` for a Scrapy request/response pair, body untouched."""
    truncated = None
    # "dataloss": fewer bytes than Content-Length. ("partial" only means the body ended
    # with the connection, no length given — normal for HTTP/1.0-style replies.)
    if "dataloss" in response.flags:
        truncated = "length"
    return Exchange(
        url=response.url,
        method=request.method,
        request_headers=request_header_list(request),
        request_body=request.body or b"",
        status=response.status,
        protocol=response.protocol or "HTTP/1.1",
        response_headers=[(bytes(name), bytes(value)) for name, values in response.headers.items() for value in values],
        body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None,
        truncated=truncated,
        fetched_at=datetime.now(UTC).isoformat(),
    )


def should_archive(request: Request, response: Response) -> bool:
    """False for cache hits and browser-rendered responses, which are not what the server sent."""
    if "cached" in response.flags or "playwright" in response.flags:
        return False
    return not request.meta.get("playwright")


class WarcCaptureMiddleware:
    """Write each downloaded response (and its request) to the WARC and the captures table."""

    def __init__(self, crawler: Crawler, writer: WarcWriter, db_path: str | None, run_id: int | None) -> None:
        self.crawler = crawler
        self.writer = writer
        self.db = open_db(db_path) if db_path else None
        self.run_id = run_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        settings = crawler.settings
        warc_dir = settings.get("NIANBAO_WARC_DIR")
        if not warc_dir:
            raise NotConfigured("NIANBAO_WARC_DIR is not set: nothing would be archived")
        run_id = settings.get("NIANBAO_RUN_ID")
        prefix = settings.get("NIANBAO_WARC_PREFIX", "nianbao")
        writer = WarcWriter(
            warc_dir,
            prefix=prefix,
            max_bytes=settings.getint("NIANBAO_WARC_MAX_BYTES", 1_000_000_000),
            fsync=settings.getbool("NIANBAO_WARC_FSYNC", False),
            warcinfo={
                "software": f"{default_warcinfo(prefix)['software']} Scrapy/{scrapy.__version__}",
                "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": settings.get("USER_AGENT") or "",
                # archive.reconcile re-adds rows lost in a crash to the run that wrote them.
                **({"nianbao-run-id": str(run_id)} if run_id else {}),
            },
        )
        middleware = cls(crawler, writer, settings.get("NIANBAO_DB_PATH"), int(run_id) if run_id else None)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if not should_archive(request, response):
            return response
        stats = self.crawler.stats
        started = time.thread_time()  # archiving's own CPU, measured where it is spent (the bench reports it)
        exchange = exchange_from(request, response)
        try:
            location = write_capture(self.writer, self.db, exchange, request.meta.get("conditional"))
        except OSError as exc:
            logger.error("WARC write failed for %s: %s", response.url, exc)
            request.meta["capture_error"] = f"WARC write failed: {exc}"
            if stats:
                stats.inc_value("nianbao/warc/write_error")
            return response
        request.meta["capture"] = location
        request.meta["capture_id"] = None
        if self.db is not None:
            request.meta["capture_id"] = record_capture(self.db, exchange, location, self.run_id)
        if stats:
            stats.inc_value("nianbao/warc/cpu_seconds", time.thread_time() - started, start=0.0)
            stats.inc_value(f"nianbao/warc/{location.record_type}")
            stats.inc_value("nianbao/warc/records")
            stats.inc_value("nianbao/warc/bytes", location.length)
        return response

    def spider_closed(self, spider: Spider | None = None) -> None:
        """Close (and rename) the current WARC file and the database connection."""
        self.writer.close()
        if self.db is not None:
            self.db.conn.close()
            self.db = None

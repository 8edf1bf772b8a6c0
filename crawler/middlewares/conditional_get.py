"""Conditional GET from the capture history, and 304s turned back into the archived page.

``process_request``: a GET whose URL has an earlier complete 200 capture gets
``If-None-Match`` with its ``ETag``, or, when the server gave none, ``If-Modified-Since``
with its ``Last-Modified``. Not both, by default: an origin that sees ``If-None-Match``
must ignore ``If-Modified-Since`` (RFC 9110 §13.1.3; Apache does) and nginx answers 304
only if both hold, so the date changes no origin's answer, yet it would cost every
re-checked URL ~32 stored bytes in every run's request record (the re-run budget is ≤ 5 %
of a first run). RFC 9111 §4.3.1 asks a revalidating *cache* to send both, for the sake of
intermediaries that understand only the date, and Heritrix does; a site behind such a
proxy gets both with ``NIANBAO_CONDITIONAL_DATE_WITH_ETAG = True``. The original's row
travels in ``request.meta["conditional"]`` so that ``WarcCaptureMiddleware`` can write a
304 as a server-not-modified revisit of it.

``process_response``: runs after the capture (priority below 950) and before
decompression (above 590). A 304 to our conditional request is replaced, for the spider
only, by the original 200 read back from the WARC — still content-encoded, so the
stages below decode it as if it had just been downloaded — flagged ``not_modified``.
The spider thus follows the links of an unchanged page and re-extracts an unchanged
report, while the archive holds just an empty revisit record.

Settings: ``NIANBAO_CONDITIONAL_GET`` (default True), ``NIANBAO_CONDITIONAL_DATE_WITH_ETAG``
(default False), ``NIANBAO_DB_PATH``, ``NIANBAO_WARC_DIR``; disabled without a database.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from archive.db import open_db
from archive.revisits import latest_original
from archive.warc_reader import read_capture

logger = logging.getLogger(__name__)


class ConditionalGetMiddleware:
    """Downloader middleware: validators out, archived original back in on 304."""

    def __init__(self, crawler: Crawler, db_path: str, warc_dir: str, date_with_etag: bool = False) -> None:
        self.crawler = crawler
        self.db = open_db(db_path)
        self.warc_dir = warc_dir
        self.date_with_etag = date_with_etag

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        settings = crawler.settings
        if not settings.getbool("NIANBAO_CONDITIONAL_GET", True):
            raise NotConfigured("NIANBAO_CONDITIONAL_GET is off")
        db_path, warc_dir = settings.get("NIANBAO_DB_PATH"), settings.get("NIANBAO_WARC_DIR")
        if not (db_path and warc_dir):
            raise NotConfigured("conditional GET needs NIANBAO_DB_PATH and NIANBAO_WARC_DIR")
        middleware = cls(crawler, db_path, warc_dir, settings.getbool("NIANBAO_CONDITIONAL_DATE_WITH_ETAG"))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.method != "GET" or request.meta.get("dont_conditional"):
            return None
        if b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return None
        original = latest_original(self.db, request.url)
        if original is None or not (original["etag"] or original["last_modified"]):
            return None
        if original["etag"]:
            request.headers[b"If-None-Match"] = original["etag"]
        if original["last_modified"] and (self.date_with_etag or not original["etag"]):
            request.headers[b"If-Modified-Since"] = original["last_modified"]
        request.meta["conditional"] = original
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        original = request.meta.get("conditional")
        if response.status != 304 or original is None:
            return response
        try:
            stored = read_capture(self.warc_dir, original["warc_file"], original["offset"])
        except (OSError, ValueError) as exc:
            # The archive lost the original: fetch again without validators, in full.
            logger.error("304 for %s but its original cannot be read back (%s); fetching it again", request.url, exc)
            retry = request.replace(dont_filter=True)
            for name in (b"If-None-Match", b"If-Modified-Since"):
                retry.headers.pop(name, None)
            retry.meta.pop("conditional", None)
            retry.meta["dont_conditional"] = True
            return retry
        headers = Headers()
        for name, value in stored.headers:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=stored.body)
        if self.crawler.stats:
            self.crawler.stats.inc_value("nianbao/conditional/not_modified")
        return cls(url=request.url, status=stored.status or 200, headers=headers, body=stored.body,
                   flags=["not_modified"], request=request, protocol=None)

    def spider_closed(self, spider: Spider | None = None) -> None:
        self.db.conn.close()

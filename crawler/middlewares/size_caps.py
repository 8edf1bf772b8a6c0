"""Bound what one response may cost: download size by kind of page, decompressed size.

Scrapy already cancels a download past ``DOWNLOAD_MAXSIZE`` (reported by
``failure_log``). Two things it does not do:

- an HTML page and a report attachment deserve different caps: a 30 MB "list page" is a
  trap or a mistake, a 30 MB scanned PDF is a report. Requests outside the
  ``attachment`` phase get ``NIANBAO_PAGE_MAXSIZE`` (default 16 MB) as their
  ``download_maxsize`` unless they set one;
- a small gzip body can inflate to gigabytes. Before HttpCompressionMiddleware inflates a
  body (this runs at 595, just outside it at 590) the body is inflated here in bounded
  steps, counting bytes and keeping none; past the request's cap it is refused with a
  recorded reason. The compressed bytes stay archived: they are what the server sent.
"""

from __future__ import annotations

import zlib

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.middlewares.refusals import RefusalLog

STEP = 1 << 20
# Deflate (hence gzip) cannot expand a byte of input into more than 1032 bytes (a 258-byte
# match in under two bits), so a body below limit / 1032 bytes need not be inflated to be
# known to fit: most pages, which are then inflated once (by Scrapy) instead of twice.
MAX_DEFLATE_RATIO = 1032


def inflated_size(body: bytes, coding: str, limit: int) -> int | None:
    """Size of *body* once gzip/deflate-decoded, counting no further than *limit* + 1; None if not decodable."""
    wbits = {"gzip": 47, "x-gzip": 47, "deflate": 15}.get(coding)
    if wbits is None:
        return None
    inflater = zlib.decompressobj(wbits=wbits)
    total = 0
    data = body
    try:
        while data and total <= limit:
            out = inflater.decompress(data, STEP)
            total += len(out)
            data = inflater.unconsumed_tail
            if inflater.eof:
                break
        if total <= limit and not inflater.eof:
            total += len(inflater.flush())
    except zlib.error:
        if coding == "deflate":  # raw deflate, as some servers send it
            return inflated_size_raw(body, limit)
        return None
    return total


def inflated_size_raw(body: bytes, limit: int) -> int | None:
    inflater = zlib.decompressobj(wbits=-15)
    total, data = 0, body
    try:
        while data and total <= limit:
            out = inflater.decompress(data, STEP)
            total += len(out)
            data = inflater.unconsumed_tail
    except zlib.error:
        return None
    return total


class SizeCapsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.page_max = crawler.settings.getint("NIANBAO_PAGE_MAXSIZE", 16 * 1024 * 1024)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SizeCapsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if "download_maxsize" not in request.meta and request.meta.get("phase") not in (None, "attachment"):
            request.meta["download_maxsize"] = min(self.page_max, self.max_size) if self.max_size else self.page_max
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        codings = [c.strip().lower() for v in response.headers.getlist(b"Content-Encoding")
                   for c in v.decode("latin-1").split(",") if c.strip()]
        if not codings or request.method == "HEAD":
            return response
        limit = request.meta.get("download_maxsize", self.max_size)
        if not limit or len(response.body) * MAX_DEFLATE_RATIO <= limit:
            return response  # no cap, or too few bytes to inflate past it: nothing to count
        size = inflated_size(response.body, codings[-1], limit)
        if size is not None and size > limit:
            raise RefusalLog.of(self.crawler).refuse(
                request.url, "oversize", f"{len(response.body)} bytes inflate past the {limit}-byte cap")
        return response

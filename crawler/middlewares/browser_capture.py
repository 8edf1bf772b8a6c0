"""Archive what the browser fetched for a rendered page, and the DOM as a resource record.

A scrapy-playwright response is not what a server sent: its body is ``page.content()``,
the DOM after scripts ran, with the original ``Content-Length`` (research/dependencies.md
§2). ``WarcCaptureMiddleware`` therefore skips it. What *was* sent — the page, its
scripts, the XHR that carried the list — reaches Chromium only, so this middleware,
for every request with ``meta["playwright"]``:

* listens to the page's ``response`` events and reads each body (``await
  response.body()``, already decoded by the browser), then writes it as a ``response``
  record with its request, through the same writer and ``captures`` table as every other
  capture. The body is decoded, so ``Content-Encoding``, ``Transfer-Encoding`` and the
  wire ``Content-Length`` are dropped (the writer sets the stored length). A body an
  earlier capture of the URL already holds becomes an identical-payload revisit, as on
  the Scrapy path (``archive.revisits.write_capture``);
* writes the rendered DOM as a ``resource`` record at ``urn:dom:<page url>``, linked by
  ``WARC-Concurrent-To`` to the browser's response record of the page;
* keeps the page open until those bodies are read (``playwright_include_page``) and
  closes it afterwards, on success or failure.

It sits nearer the downloader than the capture middleware (960 > 950), so it sees the
rendered response first. It writes nothing when archiving is off.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from archive.captures import record_capture
from archive.exchange import Exchange, HeaderList
from archive.revisits import write_capture
from crawler.browser import on_browser_loop
from crawler.middlewares.warc_capture import WarcCaptureMiddleware

logger = logging.getLogger(__name__)

DROPPED_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})
BODY_WAIT_SECONDS = 30.0
DOM_URI_PREFIX = "urn:dom:"


def _header_list(pairs: list[dict], drop: frozenset[bytes] = frozenset()) -> HeaderList:
    """Playwright's ``headers_array()`` as archive header pairs, order and repeats kept."""
    out = []
    for pair in pairs:
        name = pair["name"].encode("latin-1", "replace")
        if name.lower() not in drop and not name.startswith(b":"):  # no HTTP/2 pseudo-headers
            out.append((name, pair["value"].encode("utf-8")))
    return out


class BrowserRecording:
    """The responses one browser page received, read into :class:`Exchange` objects."""

    def __init__(self) -> None:
        self._tasks: list[asyncio.Task] = []
        self.exchanges: list[tuple[int, Exchange]] = []
        self.failures = 0

    def on_response(self, response) -> None:
        """Page ``response`` event: read the exchange in the background, in arrival order."""
        if not response.url.startswith(("http://", "https://")):
            return
        fetched_at = datetime.now(UTC).isoformat()
        self._tasks.append(asyncio.ensure_future(self._read(len(self._tasks), response, fetched_at)))

    async def _read(self, order: int, response, fetched_at: str) -> None:
        try:
            request = response.request
            try:
                body = await response.body()
            except Exception:  # noqa: BLE001 - redirects and aborted loads have no body
                if not 300 <= response.status < 400:
                    raise
                body = b""
            server = await response.server_addr()
            exchange = Exchange(
                url=response.url, method=request.method,
                request_headers=_header_list(await request.headers_array()),
                request_body=request.post_data_buffer or b"",
                status=response.status, protocol="HTTP/1.1",
                response_headers=_header_list(await response.headers_array(), DROPPED_HEADERS),
                body=body, ip_address=server["ipAddress"] if server else None, fetched_at=fetched_at,
            )
        except Exception as exc:  # noqa: BLE001 - one lost subresource must not lose the page
            self.failures += 1
            logger.warning("browser response %s could not be read: %s", response.url, exc)
            return
        self.exchanges.append((order, exchange))

    async def finish(self, timeout: float = BODY_WAIT_SECONDS) -> list[Exchange]:
        """Every exchange read so far (waiting up to *timeout* s for bodies still loading)."""
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=timeout)
            for task in pending:
                task.cancel()
                self.failures += 1
        return [exchange for _, exchange in sorted(self.exchanges, key=lambda pair: pair[0])]


class BrowserCaptureMiddleware:
    """Downloader middleware archiving a playwright page's network responses and its DOM."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._capture: WarcCaptureMiddleware | None | bool = False  # False: not looked up yet

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserCaptureMiddleware:
        return cls(crawler)

    def capture(self) -> WarcCaptureMiddleware | None:
        """The running capture middleware (its writer and database), None when archiving is off."""
        if self._capture is False:
            found = None
            for middleware in self.crawler.engine.downloader.middleware.middlewares:
                if isinstance(middleware, WarcCaptureMiddleware):
                    found = middleware
            self._capture = found
        return self._capture or None

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("playwright"):
            return None
        recording = BrowserRecording()
        request.meta["browser_recording"] = recording
        request.meta["playwright_include_page"] = True
        handlers = dict(request.meta.get("playwright_page_event_handlers") or {})
        handlers["response"] = recording.on_response
        request.meta["playwright_page_event_handlers"] = handlers
        return None

    async def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        recording = request.meta.pop("browser_recording", None)
        if recording is None:
            return response
        try:
            exchanges = await on_browser_loop(recording.finish())
            if "playwright" in response.flags:
                self.archive(request, response, exchanges)
        finally:
            await self._close_page(request)
        return response

    async def process_exception(self, request: Request, exception: BaseException, spider: Spider | None = None) -> None:
        recording = request.meta.pop("browser_recording", None)
        if recording is not None:
            try:
                self.archive(request, None, await on_browser_loop(recording.finish(timeout=5.0)))
            finally:
                await self._close_page(request)
        return None

    def archive(self, request: Request, response: Response | None, exchanges: list[Exchange]) -> None:
        """Write the browser's exchanges, then the DOM (when rendered) beside them."""
        capture = self.capture()
        stats = self.crawler.stats
        if capture is None:
            return
        page_record = None
        started = time.thread_time()
        try:
            for exchange in exchanges:
                location = write_capture(capture.writer, capture.db, exchange)
                if capture.db is not None:
                    record_capture(capture.db, exchange, location, capture.run_id, page_kind="browser")
                if exchange.url == (response.url if response is not None else request.url):
                    page_record = location.record_id
                stats.inc_value("nianbao/browser/responses")
            if response is not None:
                content_type = f"text/html; charset={getattr(response, 'encoding', None) or 'utf-8'}"
                capture.writer.write_resource(DOM_URI_PREFIX + response.url, response.body, content_type,
                                              concurrent_to=page_record)
                stats.inc_value("nianbao/browser/dom_records")
        except OSError as exc:
            logger.error("WARC write failed for the browser capture of %s: %s", request.url, exc)
            stats.inc_value("nianbao/warc/write_error")
        stats.inc_value("nianbao/warc/cpu_seconds", time.thread_time() - started, start=0.0)

    @staticmethod
    async def _close_page(request: Request) -> None:
        page = request.meta.pop("playwright_page", None)
        if page is not None:
            try:
                await on_browser_loop(page.close())
            except Exception as exc:  # noqa: BLE001 - the browser may already be gone
                logger.debug("closing the browser page of %s: %s", request.url, exc)

"""The browser download handler: scrapy-playwright, started only when a page needs it.

A few portals build their 年报 list in the browser from data no crawler could reasonably
ask for (``crawler/platforms/browser_list.py``). Only those list pages go through
Chromium; every other request keeps Scrapy's ordinary HTTP/1.1 handler, since
``ScrapyPlaywrightDownloadHandler`` hands any request without ``meta["playwright"]`` to
its parent class unchanged.

Stock scrapy-playwright starts its Node driver when the engine starts (about 0.5 s of
CPU and a process) even if no request ever asks for a browser. Most crawls never do, so
this subclass starts nothing until a ``playwright`` request is *scheduled*: the moment a
page that needs the browser was read. The driver, Chromium and the browser context then
start in the background while the request waits for its turn — in a polite crawl, its
host's download delay (a second or more on real sites) — and its download awaits that
start, so the two never race. A crawl that never needs a browser pays one signal receiver
call per scheduled request (about 5 µs) and no process.

Scrapy builds one download handler per scheme. Two instances of this one each heard every
rendering being scheduled, so every crawl that rendered a page started two drivers and two
Chromiums (and a crawl rendering on both schemes kept both). :meth:`from_crawler` therefore
hands ``http`` and ``https`` the same instance, whose :meth:`close` runs once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Coroutine
from contextlib import suppress
from typing import Any, TypeVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_playwright._loop import _ThreadedLoopAdapter
from scrapy_playwright.handler import DEFAULT_CONTEXT_NAME, ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)
T = TypeVar("T")

# What a list page's rendering never needs: pixels and sound.
SKIPPED_RESOURCE_TYPES = frozenset({"image", "media", "font"})


class LazyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright whose driver, browser and context start when a request first asks for them."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        crawler.signals.disconnect(self._maybe_launch_in_thread, signal=signals.engine_started)
        crawler.signals.connect(self._request_scheduled, signal=signals.request_scheduled)
        self._launched = False  # the driver (a failed browser start retries from after it)
        self._started: asyncio.Future | None = None
        self._closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LazyPlaywrightDownloadHandler:
        """The crawl's one instance, for whichever scheme Scrapy asks it for (see the module docstring)."""
        handler = _ONE_PER_CRAWL.get(crawler)
        if handler is None:
            handler = _ONE_PER_CRAWL[crawler] = cls(crawler)
        return handler

    def _request_scheduled(self, request: Request) -> None:
        """A rendering was asked for: start the browser now, not when the downloader gets to it."""
        if self._started is None and request.meta.get("playwright"):
            self._start(request)

    def _start(self, request: Request) -> asyncio.Future:
        if self._started is None:
            self._started = asyncio.ensure_future(self._maybe_future_from_coro(self._start_browser(request)))
        return self._started

    async def _start_browser(self, request: Request) -> None:
        """The driver, Chromium and the request's context: what its download would do first, in turn."""
        if not self._launched:
            self.stats.inc_value("nianbao/browser/launches")
            await self._launch()
            self._launched = True
        name = request.meta.setdefault("playwright_context", DEFAULT_CONTEXT_NAME)
        async with self.context_launch_lock:  # as _create_page takes it: one context per name
            if name not in self.context_wrappers:
                await self._create_browser_context(name=name, context_kwargs=request.meta.get("playwright_context_kwargs"))

    async def download_request(self, request: Request) -> Response:  # type: ignore[override]
        if request.meta.get("playwright"):
            started = self._start(request)
            try:
                await asyncio.shield(started)
            except Exception:
                if self._started is started:
                    self._started = None  # the next rendering tries again, as a lazy start would
                raise
        return await super().download_request(request)

    async def close(self) -> None:
        """A start still under way finishes first, so that closing stops what it started.

        Once: Scrapy closes the handler of each scheme, and both schemes have this one.
        """
        if self._closed:
            return
        self._closed = True
        if self._started is not None:
            with suppress(Exception):
                await asyncio.shield(self._started)
        await super().close()


_ONE_PER_CRAWL: WeakKeyDictionary[Crawler, LazyPlaywrightDownloadHandler] = WeakKeyDictionary()


def on_browser_loop(coro: Coroutine[Any, Any, T]) -> Awaitable[T]:
    """*coro* (a Playwright call) to await from Scrapy's loop, run on the loop Playwright runs on.

    With ``_PLAYWRIGHT_THREADED_LOOP`` the driver's connection lives on its own event loop in
    a thread: every driver message (a hundred for one rendering) is dispatched there in
    microseconds instead of waiting for turns of the crawl's busy loop, which made a
    rendering take seconds under load. Futures of that connection belong to that loop,
    so whatever Scrapy's side awaits of a page (its close, the reading of its responses)
    must run there.
    """
    loop = getattr(_ThreadedLoopAdapter, "_loop", None)
    if loop is None or not loop.is_running():
        return coro
    return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, loop))


def skip_heavy_resources(request) -> bool:
    """Images, media and fonts: never part of a list."""
    return request.resource_type in SKIPPED_RESOURCE_TYPES


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(parts.scheme)


def leaves_the_site(request) -> bool:
    """A request to another origin than the document that makes it.

    The page itself was allowed by the crawl's scope and robots.txt before Scrapy handed
    it to the browser; what its scripts then ask for was not. Government page footers
    load third-party scripts (the 党政机关 badge from dcs.conac.cn, the 找错 widget from
    zfwzgl.www.gov.cn, analytics): a crawl of one portal must not send requests there,
    and on a closed network each would only stall the rendering.
    """
    frame = request.frame
    if request.is_navigation_request() and frame.parent_frame is None:
        return False  # the page Scrapy asked for (and its redirects, which Scrapy's scope sees)
    document = frame.url if frame.url and not frame.url.startswith("about:") else (frame.page.url or "")
    return not document.startswith(("http://", "https://")) or _origin(request.url) != _origin(document)


def abort_browser_request(request) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST``: what the browser may not fetch while it renders a list."""
    return skip_heavy_resources(request) or leaves_the_site(request)

"""The browser download handler: scrapy-playwright, started only when a page needs it.

A few portals build their 年报 list in the browser from data no crawler could reasonably
ask for (``crawler/platforms/browser_list.py``). Only those list pages go through
Chromium; every other request keeps Scrapy's ordinary HTTP/1.1 handler, since
``ScrapyPlaywrightDownloadHandler`` hands any request without ``meta["playwright"]`` to
its parent class unchanged.

Stock scrapy-playwright starts its Node driver when the engine starts (about 1.5 s
and a process) even if no request ever asks for a browser. Most crawls never do, so
this subclass starts it at the first ``playwright`` request instead.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)

# What a list page's rendering never needs: pixels and sound.
SKIPPED_RESOURCE_TYPES = frozenset({"image", "media", "font"})


class LazyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright whose driver and browser start on the first request that asks for them."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        crawler.signals.disconnect(self._maybe_launch_in_thread, signal=signals.engine_started)
        self._launch_lock = asyncio.Lock()
        self._launched = False

    async def download_request(self, request: Request) -> Response:  # type: ignore[override]
        if request.meta.get("playwright") and not self._launched:
            async with self._launch_lock:
                if not self._launched:
                    await self._maybe_future_from_coro(self._launch())
                    self._launched = True
        return await super().download_request(request)


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

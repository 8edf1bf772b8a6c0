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
    """``PLAYWRIGHT_ABORT_REQUEST``: drop images, media and fonts (never part of a list)."""
    return request.resource_type in SKIPPED_RESOURCE_TYPES

"""Keep every request inside the site of the seed it came from.

A site is scheme + host + port: two portals on one host but different ports are two
sites (the bundled portal serves each site on its own port, as real portals have their
own hosts). The seed's site travels in ``request.meta["site"]``; a request without it
(robots.txt, which Scrapy schedules itself) is let through.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


def site_of(url: str) -> str:
    """The site key of *url*: ``scheme://host:port`` with the default port made explicit."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


class SiteScopeMiddleware:
    """Downloader middleware that refuses requests leaving the seed's site."""

    def __init__(self, stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_request(self, request, spider=None):
        site = request.meta.get("site")
        if site is None or site_of(request.url) == site:
            return None
        self.stats.inc_value("nianbao/offsite_refused")
        logger.debug("out of scope, not fetched: %s (site %s)", request.url, site)
        raise IgnoreRequest(f"out of scope: {request.url}")

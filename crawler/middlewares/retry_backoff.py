"""Wait before each retry, exponentially longer, instead of hammering a struggling server.

Scrapy's RetryMiddleware re-schedules a failed request at once; a government server
answering 503 in a burst needs time. This middleware (process_request, just before the
download) delays a request that carries ``retry_times`` by
``NIANBAO_RETRY_BACKOFF * 2 ** (retry_times - 1)`` seconds, capped by
``NIANBAO_RETRY_BACKOFF_MAX`` and jittered ±50 % so parallel retries spread out. Only
the retried request waits; others keep flowing.
"""

from __future__ import annotations

import asyncio
import random

from scrapy import Request, Spider
from scrapy.crawler import Crawler


def backoff_delay(retry_times: int, base: float, cap: float, rng: random.Random) -> float:
    """Seconds to wait before attempt ``retry_times + 1``."""
    if retry_times <= 0 or base <= 0:
        return 0.0
    return min(cap, base * 2 ** (retry_times - 1)) * rng.uniform(0.5, 1.5)


class RetryBackoffMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.base = crawler.settings.getfloat("NIANBAO_RETRY_BACKOFF", 2.0)
        self.cap = crawler.settings.getfloat("NIANBAO_RETRY_BACKOFF_MAX", 60.0)
        self.rng = random.Random()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        delay = backoff_delay(int(request.meta.get("retry_times", 0)), self.base, self.cap, self.rng)
        if delay > 0:
            if self.stats:
                self.stats.inc_value("nianbao/retry/backoff_waits")
            await asyncio.sleep(delay)
        return None

"""Record what a crawl finally failed to fetch, and why, once retries are spent.

Sits just inside RetryMiddleware (540 < 550): an exception reaches it only when retry
gave up (or never applied), and a response only after its last retry. Timeouts, resets,
size-cap cancellations, robots.txt refusals and error statuses other than 404/410 are
written to the refusal log (``crawler.middlewares.refusals``), so a crawl of a flaky
site ends with its list of unreachable URLs and reasons. Refusals raised by nianbao's
own guards are already recorded and are skipped.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.middlewares.refusals import RefusalLog, Refused

GONE = {404, 410}


def failure_reason(exception: BaseException) -> str:
    """A short reason for a download exception."""
    name = type(exception).__name__.lower()
    text = str(exception).lower()
    if "robots.txt" in text:
        return "robots"
    if "out of scope" in text:
        return "out_of_scope"
    if "timeout" in name or "timed out" in text:
        return "timeout"
    if "maxsize" in text or "max size" in text or "larger than" in text or "download_maxsize" in text:
        return "oversize"
    if "dataloss" in name or "data loss" in text:
        return "truncated"
    if "connection" in name or "connection" in text or "refused" in name:
        return "connection"
    return "error"


class FailureLogMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailureLogMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: BaseException, spider: Spider | None = None) -> None:
        """Record the failure; re-raise it as a :class:`Refused` — recorded, so no traceback in the log."""
        if isinstance(exception, Refused):
            return None
        reason = failure_reason(exception)
        detail = f"{type(exception).__name__}: {exception}"
        RefusalLog.of(self.crawler).record(request.url, reason, detail)
        raise Refused(reason, detail) from exception

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if response.status >= 400 and response.status not in GONE:
            RefusalLog.of(self.crawler).record(request.url, f"http_{response.status}",
                                               f"HTTP {response.status} after {request.meta.get('retry_times', 0)} retries")
        return response

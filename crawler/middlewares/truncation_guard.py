"""A truncated body is archived as such, retried, and never handed to the spider.

With ``DOWNLOAD_FAIL_ON_DATALOSS = False`` Scrapy returns a body cut short of its
``Content-Length`` flagged ``dataloss``; ``WarcCaptureMiddleware`` (950) archives it with
``WARC-Truncated: length``. This middleware sits just after it (940): it retries the
request (RetryMiddleware's rules, ``RETRY_TIMES``) and, when retries run out, records the
refusal. Either way the truncated bytes never reach extraction, so they can never become
a new (shorter, wrong) revision of a report.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response

from crawler.middlewares.refusals import RefusalLog


def is_truncated(response: Response) -> bool:
    return "dataloss" in response.flags


class TruncationGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TruncationGuardMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None):
        if not is_truncated(response):
            return response
        if self.crawler.stats:
            self.crawler.stats.inc_value("nianbao/truncated")
        retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated body")
        if retry is not None:
            return retry
        expected = response.headers.get(b"X-Crawler-Content-Length") or response.headers.get(b"Content-Length") or b"?"
        raise RefusalLog.of(self.crawler).refuse(
            request.url, "truncated", f"{len(response.body)} of {expected.decode('latin-1')} bytes after retries")

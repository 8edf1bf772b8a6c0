"""Request priorities: a host's queue hands out browser renders, then discovery, documents, details.

The requests are the crawl's own: made by the reports spider's ``child_meta`` from real
responses and by the browser-list adapter, passed through the middleware as Scrapy passes
spider output, then through Scrapy's own priority queue and its redirect and retry
derivations — what matters is the order in which a host's requests leave the scheduler.
"""

from __future__ import annotations

import pytest
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import HtmlResponse, Request
from scrapy.pqueues import ScrapyPriorityQueue
from scrapy.squeues import LifoMemoryQueue
from scrapy.utils.test import get_crawler

from crawler.middlewares.crawl_priority import CrawlPriorityMiddleware
from crawler.platforms.browser_list import BrowserListAdapter
from crawler.spiders.reports import ReportsSpider

ROOT = "http://127.0.0.1:8000/"
COLUMN = ROOT + "xxgk/nb/"


def page(url: str, body: str = "<html><body></body></html>", **meta) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"},
                        request=Request(url, meta=meta))


@pytest.fixture
def spider() -> ReportsSpider:
    return ReportsSpider.from_crawler(get_crawler(ReportsSpider), urls=ROOT)


@pytest.fixture
def middleware(spider) -> CrawlPriorityMiddleware:
    return CrawlPriorityMiddleware.from_crawler(spider.crawler)


@pytest.fixture
def walk(spider, middleware) -> dict[str, Request]:
    """One request of each kind, as the spider and the browser-list adapter make them."""
    site = {"site": ROOT.rstrip("/"), "seed": ROOT}
    home = page(ROOT, phase="home", nav_depth=0, **site)
    column = page(COLUMN, """<html><body><ul id="nbList"></ul>
<script>document.getElementById("nbList").innerHTML = render(load());</script></body></html>""",
                  phase="column", nav_depth=1, column_root=COLUMN, **site)
    detail = page(COLUMN + "content/1.html", phase="detail", nav_depth=1, column_root=COLUMN, **site)
    made = {
        "nav": Request(ROOT + "xxgk/", meta=spider.child_meta(home, "nav")),
        "column": Request(COLUMN + "index_1.html", meta=spider.child_meta(column, "column")),
        "detail": Request(COLUMN + "content/2.html", meta=spider.child_meta(column, "detail", list_title="t")),
        "attachment": Request(COLUMN + "content/1.pdf", meta=spider.child_meta(detail, "attachment")),
        "embedded": Request(COLUMN + "content/1qzb.pdf", meta=spider.child_meta(detail, "attachment", embedded=True)),
    }
    [made["browser"]] = BrowserListAdapter().list_requests(column, spider)
    out = list(middleware.process_spider_output(column, list(made.values())))
    assert out == list(made.values())  # every request passes, in order
    return made


def test_the_walk_is_ranked_browser_discovery_documents_details(walk):
    assert walk["browser"].meta["phase"] == "column" and walk["browser"].meta["playwright"]
    priority = {kind: request.priority for kind, request in walk.items()}
    assert priority["browser"] > priority["nav"] > priority["column"] > priority["attachment"] > priority["detail"]
    assert priority["embedded"] == priority["attachment"]


def test_a_host_queue_hands_them_out_in_that_order(walk, spider):
    queue = ScrapyPriorityQueue.from_crawler(spider.crawler, LifoMemoryQueue, "")
    # Queued leaves first, discovery last: as a column page is found after its host's details.
    for kind in ("attachment", "embedded", "detail", "column", "nav", "browser"):
        queue.push(walk[kind])
    popped = [queue.pop() for _ in range(len(walk))]
    assert [request.url for request in popped[:3]] == [walk[kind].url for kind in ("browser", "nav", "column")]
    assert {request.url for request in popped[3:5]} == {walk["attachment"].url, walk["embedded"].url}
    assert popped[5].url == walk["detail"].url


def test_redirects_and_retries_stay_in_their_class(walk, spider):
    redirect = RedirectMiddleware.from_crawler(spider.crawler)
    moved = HtmlResponse(walk["detail"].url, status=301, headers={"Location": "/moved/2.html"}, request=walk["detail"])
    redirected = redirect.process_response(walk["detail"], moved)
    assert isinstance(redirected, Request) and redirected.url.endswith("/moved/2.html")
    retried = get_retry_request(walk["column"], spider=spider, reason="503")
    assert walk["column"].priority > retried.priority > walk["attachment"].priority > redirected.priority
    assert redirected.priority > walk["detail"].priority


def test_a_priority_its_maker_set_is_kept(middleware, spider):
    urgent = Request(ROOT + "a.pdf", priority=-5, meta={"phase": "attachment", "site": ROOT.rstrip("/")})
    unknown = Request(ROOT + "x.html", meta={"site": ROOT.rstrip("/")})
    assert list(middleware.process_spider_output(page(ROOT), [urgent, unknown, {"kind": "site"}]))[2] == {"kind": "site"}
    assert urgent.priority == -5 and unknown.priority == 0

"""Fixtures of the platform tests, for the portal site a test module names in its ``KEY``.

``portal`` runs the bundled portal for the module; ``root`` is the site's root URL without
the trailing slash, ``truth`` the site's part of the portal's truth, and ``crawled`` one
finished crawl of the site from its home page (:func:`platform_crawl.crawl_site`).
``spider`` stands in for the reports spider in the adapters' unit tests.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from platform_crawl import SiteCrawl, crawl_site, site_truth
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from portal.server import Portal


@pytest.fixture(scope="module")
def portal():
    with Portal() as running:
        yield running


@pytest.fixture(scope="module")
def root(portal, request) -> str:
    return portal.site_root(request.module.KEY).rstrip("/")


@pytest.fixture(scope="module")
def truth(portal, request) -> dict:
    return site_truth(portal, request.module.KEY)


@pytest.fixture(scope="module")
def crawled(portal, request, tmp_path_factory) -> SiteCrawl:
    key = request.module.KEY
    return crawl_site(portal, key, tmp_path_factory.mktemp(key))


class FakeSpider:
    """Just what an adapter uses of :class:`ReportsSpider`: stats, ``follow_listed`` (recorded), ``child_meta``."""

    def __init__(self) -> None:
        self.crawler = SimpleNamespace(stats=MemoryStatsCollector(SimpleNamespace(settings=Settings())))
        self.listed: list[tuple[str, str]] = []

    def follow_listed(self, response, entries):
        self.listed += list(entries)
        return []

    def child_meta(self, response, phase, **extra):
        return {"phase": phase, **extra}


@pytest.fixture
def spider() -> FakeSpider:
    return FakeSpider()

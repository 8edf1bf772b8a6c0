"""Which validators a re-check sends: the entity tag when the server gave one, else the date.

The rows are what a first run leaves in ``captures``; the crawl-level proof (the portal
answering each kind with 304, the ETag-less site included) is tests/revisions/test_rerun.py.
"""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from archive.db import open_db
from crawler.middlewares.conditional_get import ConditionalGetMiddleware

LAST_MODIFIED = "Fri, 24 Jan 2025 01:47:00 GMT"
FIRST_RUN = {  # path -> (ETag, Last-Modified) of its 200 capture
    "/both.html": ('"ed1f1b3f-48c-gzip"', LAST_MODIFIED),
    "/date-only.html": (None, LAST_MODIFIED),
    "/etag-only.html": ('"5e2a-1f"', None),
    "/neither.jsp": (None, None),
}
BASE = "http://www.example.gov.cn"


def middleware(tmp_path, **settings) -> ConditionalGetMiddleware:
    db = open_db(tmp_path / "nianbao.db")
    for number, (path, (etag, modified)) in enumerate(FIRST_RUN.items()):
        db["captures"].insert({"run_id": 1, "url": BASE + path, "method": "GET", "status": 200,
                               "record_type": "response", "payload_digest": f"sha1:{number:032d}",
                               "warc_file": "a.warc.gz", "offset": number * 100, "length": 100,
                               "etag": etag, "last_modified": modified})
    crawler = get_crawler(settings_dict={"NIANBAO_DB_PATH": str(tmp_path / "nianbao.db"),
                                         "NIANBAO_WARC_DIR": str(tmp_path), **settings})
    return ConditionalGetMiddleware.from_crawler(crawler)


def validators(mw: ConditionalGetMiddleware, path: str, method: str = "GET") -> tuple:
    request = Request(BASE + path, method=method)
    assert mw.process_request(request) is None
    return (request.headers.get(b"If-None-Match"), request.headers.get(b"If-Modified-Since"),
            "conditional" in request.meta)


@pytest.mark.parametrize(("path", "expected"), [
    ("/both.html", (b'"ed1f1b3f-48c-gzip"', None, True)),
    ("/date-only.html", (None, LAST_MODIFIED.encode(), True)),
    ("/etag-only.html", (b'"5e2a-1f"', None, True)),
    ("/neither.jsp", (None, None, False)),
    ("/never-fetched.html", (None, None, False)),
])
def test_one_validator_by_default(tmp_path, path, expected):
    assert validators(middleware(tmp_path), path) == expected


def test_the_date_beside_the_etag_when_asked(tmp_path):
    mw = middleware(tmp_path, NIANBAO_CONDITIONAL_DATE_WITH_ETAG=True)
    assert validators(mw, "/both.html") == (b'"ed1f1b3f-48c-gzip"', LAST_MODIFIED.encode(), True)
    assert validators(mw, "/etag-only.html") == (b'"5e2a-1f"', None, True)


def test_posts_are_never_conditional(tmp_path):
    assert validators(middleware(tmp_path), "/both.html", method="POST") == (None, None, False)

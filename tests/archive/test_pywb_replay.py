"""The replay proof: pywb (its own venv) serves every capture byte-exact in ``id_`` mode.

Compared against what the fixture server really sent (``SITE``), raw and decoded, with and
without ``Accept-Encoding: gzip``; POST pages by their bodies; revisits to the original.
"""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from urllib.parse import unquote

import pytest
from fixture_site import POST_PAGES, REPORT_FILENAME, SITE

from archive.exchange import Exchange
from archive.pywb import PywbCollection
from archive.warc_reader import iter_records
from archive.warc_writer import WarcWriter

pytestmark = pytest.mark.pywb


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, *, gzip_ok: bool, data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body bytes exactly as received) for *url*; redirects not followed."""
    request = urllib.request.Request(url, data=data, headers=dict(headers or {}))
    request.add_header("Accept-Encoding", "gzip" if gzip_ok else "identity")
    try:
        with OPENER.open(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def timestamp(warc_date: str) -> str:
    return "".join(ch for ch in warc_date if ch.isdigit())[:14]


@pytest.fixture(scope="module")
def replay(fixture_crawl, pywb_venv_path, tmp_path_factory):
    collection = PywbCollection(tmp_path_factory.mktemp("pywb"), name="crawl").init()
    collection.add(fixture_crawl.warc_files)
    collection.serve()
    captures = {}
    for path in fixture_crawl.warc_files:
        for stored in iter_records(path):
            captures.setdefault(stored.url.removeprefix(fixture_crawl.base_url), []).append(stored)
    yield collection, captures
    collection.stop()


@pytest.mark.parametrize("path", ["/files/report.pdf", "/gb2312.html", "/download.jsp?id=1", "/", "/notice.html",
                                  "/robots.txt"])
@pytest.mark.parametrize("gzip_ok", [True, False], ids=["accept-gzip", "identity"])
def test_get_captures_replay_byte_exact(replay, fixture_crawl, path, gzip_ok):
    collection, captures = replay
    (stored,) = captures[path]
    status, headers, body = fetch(collection.url_for(timestamp(stored.warc_date), stored.url), gzip_ok=gzip_ok)
    assert status == 200
    resource = SITE[path]
    if headers.get("Content-Encoding") == "gzip":
        assert gzip_ok, "pywb sent gzip to a client that did not accept it"
        assert body == resource.wire  # the server's own gzip bytes
        assert gzip.decompress(body) == resource.payload
    else:
        assert body == resource.payload
    if headers.get("Content-Length"):
        assert int(headers["Content-Length"]) == len(body)


def test_gzip_pdf_is_served_as_stored_to_gzip_clients(replay):
    collection, captures = replay
    (stored,) = captures["/files/report.pdf"]
    _, headers, body = fetch(collection.url_for(timestamp(stored.warc_date), stored.url), gzip_ok=True)
    assert headers["Content-Encoding"] == "gzip" and body == SITE["/files/report.pdf"].wire


def test_post_pages_replay_their_own_bodies(replay, fixture_crawl):
    collection, captures = replay
    posts = captures["/dataproxy.jsp"]
    for page, resource in POST_PAGES.items():
        (stored,) = [p for p in posts if p.request_body == b"page=%d" % page]
        status, _, body = fetch(
            collection.url_for(timestamp(stored.warc_date), stored.url), gzip_ok=False, data=b"page=%d" % page,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 200 and body == resource.wire, f"page {page}"


def test_gbk_download_replays_with_its_filename(replay):
    collection, captures = replay
    (stored,) = captures["/download.jsp?id=1"]
    status, headers, body = fetch(collection.url_for(timestamp(stored.warc_date), stored.url), gzip_ok=False)
    assert status == 200 and body == SITE["/download.jsp?id=1"].payload
    disposition = headers["Content-Disposition"]
    assert unquote(disposition.split("''", 1)[1], encoding="utf-8") == REPORT_FILENAME


def test_redirect_replays_as_redirect(replay):
    collection, captures = replay
    (stored,) = captures["/redirect"]
    status, headers, _ = fetch(collection.url_for(timestamp(stored.warc_date), stored.url), gzip_ok=False)
    assert status == 302 and headers["Location"].endswith("/notice.html")


def test_html_in_rewrite_mode_keeps_gb2312(replay):
    collection, captures = replay
    (stored,) = captures["/gb2312.html"]
    status, headers, body = fetch(collection.url_for(timestamp(stored.warc_date), stored.url, mode="mp_"),
                                  gzip_ok=False)
    assert status == 200 and "gb2312" in headers["Content-Type"].lower()
    assert "崇川区国资办2023年政府信息公开工作年度报告" in body.decode("gb2312", errors="replace")


def test_revisits_replay_the_original(pywb_venv_path, tmp_path):
    """Both revisit profiles resolve to the original's bytes (an empty 304 block replays as 200)."""
    url = "http://www.ccq.gov.cn/ndbg/2023.pdf"
    original_body = gzip.compress(b"%PDF-1.4 original report " * 40, mtime=0)
    headers = [(b"Content-Type", b"application/pdf"), (b"Content-Encoding", b"gzip"), (b"ETag", b'"v1"')]
    warcs = tmp_path / "warcs"
    with WarcWriter(warcs) as writer:
        original = writer.write_exchange(Exchange(url=url, response_headers=headers, body=original_body,
                                                  fetched_at="2024-01-16T02:30:00Z"))
        writer.write_revisit(Exchange(url=url, response_headers=headers, body=original_body,
                                      fetched_at="2024-03-01T02:30:00Z"),
                             profile="identical-payload-digest", refers_to=original)
        writer.write_revisit(Exchange(url=url, status=304, response_headers=[(b"ETag", b'"v1"')],
                                      fetched_at="2024-06-01T02:30:00Z"),
                             profile="server-not-modified", refers_to=original)
    with PywbCollection(tmp_path / "pywb", name="revisits") as collection:
        collection.init().add(sorted(warcs.glob("*.warc.gz")))
        collection.serve()
        for stamp in ("20240116023000", "20240301023000", "20240601023000"):
            status, response_headers, body = fetch(collection.url_for(stamp, url), gzip_ok=True)
            assert status == 200, stamp
            assert response_headers.get("Content-Encoding") == "gzip" and body == original_body, stamp

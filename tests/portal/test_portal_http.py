"""The portal answers like a real government web server (headers, gzip, 304, HEAD, 404, robots)."""

from __future__ import annotations

import gzip
import http.client
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from portal_testkit import fetch


def test_every_truth_url_answers_200_with_its_content_type(truth):
    assert truth["reports"], "the portal publishes no report"
    for report in truth["reports"]:
        reply = fetch(report["url"])
        assert reply.status == 200, report["url"]
        ctype = reply.headers["content-type"]
        if report["source_format"] == "pdf":
            assert ctype == "application/pdf" and reply.body.startswith(b"%PDF-")
        else:
            assert ctype.startswith("text/html; charset="), ctype
        page = fetch(report["page_url"])
        assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    for item in truth["noise"]:
        assert fetch(item["url"]).status == 200


def test_gzip_when_accepted_and_identical_after_decompression(truth):
    url = truth["reports"][0]["page_url"]
    plain = fetch(url)
    packed = fetch(url, {"Accept-Encoding": "gzip, deflate"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) == len(packed.body) < len(plain.body)
    assert gzip.decompress(packed.body) == plain.body
    assert plain.headers["vary"] == packed.headers["vary"] == "Accept-Encoding"
    assert packed.headers["etag"] != plain.headers["etag"]  # a different representation
    refused = fetch(url, {"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers and refused.body == plain.body


def test_conditional_requests_get_304(truth):
    url = truth["reports"][0]["page_url"]
    first = fetch(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = fetch(url, {"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["etag"] == etag
    assert fetch(url, {"If-Modified-Since": modified}).status == 304
    assert fetch(url, {"If-None-Match": '"0000-0"'}).status == 200
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status == 200
    # Last-Modified is the document's own publication time, not the server's start time
    published = next(r["published"] for r in truth["reports"] if r["page_url"] == url)
    assert parsedate_to_datetime(modified).astimezone().date().isoformat() <= published


def test_if_none_match_overrides_if_modified_since(truth):
    """RFC 9110 §13.1.3: with If-None-Match present the date is ignored, whichever way it points."""
    url = truth["reports"][0]["page_url"]
    first = fetch(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert fetch(url, {"If-None-Match": '"0000-0"', "If-Modified-Since": modified}).status == 200
    assert fetch(url, {"If-None-Match": etag, "If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status == 304


def test_a_site_without_etags_answers_if_modified_since(portal):
    """The GBK county's server was told to drop ETags: only Last-Modified validates its pages."""
    root = portal.site_root("fenglin_gbk")
    first = fetch(root)
    assert first.status == 200 and "etag" not in first.headers
    modified = first.headers["last-modified"]
    again = fetch(root, {"If-Modified-Since": modified})
    assert again.status == 304 and again.body == b"" and "etag" not in again.headers
    assert fetch(root, {"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status == 200
    assert fetch(root, {"If-None-Match": "*"}).status == 304  # "*" matches any current representation
    assert fetch(root, {"If-None-Match": '"0000-0"', "If-Modified-Since": modified}).status == 200


def test_head_has_the_get_headers_and_no_body(truth):
    url = truth["reports"][0]["page_url"]
    get, head = fetch(url), fetch(url, method="HEAD")
    assert head.status == 200 and head.body == b""
    for name in ("content-type", "content-length", "etag", "last-modified", "server"):
        assert head.headers[name] == get.headers[name]


def test_keep_alive_serves_several_requests_on_one_connection(county_root):
    root = urlsplit(county_root)
    conn = http.client.HTTPConnection(root.hostname, root.port, timeout=10)
    try:
        sizes = []
        for path in ("/", "/zwgk/", "/robots.txt"):
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status == 200 and resp.version == 11
            sizes.append(len(body) == int(resp.getheader("Content-Length")))
        assert sizes == [True, True, True]
    finally:
        conn.close()


def test_robots_txt_disallows_only_the_search(county_root):
    reply = fetch(county_root + "robots.txt")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/plain")
    lines = [line for line in reply.body.decode().splitlines() if line.strip()]
    assert lines == ["User-agent: *", "Disallow: /was5/"]


def test_unknown_page_is_a_real_404_page(county_root):
    reply = fetch(county_root + "zwgk/no-such-column/index.html")
    assert reply.status == 404
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert "页面不存在" in reply.body.decode("utf-8")


def test_directory_without_slash_redirects(county_root):
    reply = fetch(county_root + "zwgk")
    assert reply.status == 301 and reply.headers["location"] == "/zwgk/"


def test_post_to_a_static_page_is_refused(county_root):
    reply = fetch(county_root + "index.html", method="POST", body=b"a=1")
    assert reply.status == 405 and "GET" in reply.headers["allow"]


def test_server_and_date_headers(county_root):
    reply = fetch(county_root)
    assert reply.headers["server"] == "TRS Web Server"
    assert parsedate_to_datetime(reply.headers["date"]) is not None


def test_access_log_records_requests_with_headers(portal, county_root):
    url = county_root + "zwgk/zfxxgk/?from=test"
    fetch(url, {"User-Agent": "portal-test/1.0"})
    entry = [e for e in portal.access_log if e["query"] == "from=test"][-1]
    assert entry["site"] == "qingxi" and entry["method"] == "GET"
    assert entry["path"] == "/zwgk/zfxxgk/" and entry["status"] == 200
    assert entry["headers"]["user-agent"] == "portal-test/1.0"


def test_two_processes_look_for_free_ports_in_different_places(monkeypatch):
    # The ports are only checked, then bound later: two sessions that both took the first
    # free block raced for it ("Address already in use").
    from portal import server

    bases = set()
    for pid in (4200, 4260):  # 60 blocks apart: different first blocks, free or not
        monkeypatch.setattr(server.os, "getpid", lambda pid=pid: pid)
        bases.add(server.free_base_port(8))
    assert len(bases) == 2
    assert all(21000 <= base < 32768 - 8 for base in bases)  # never among the ephemeral ports

"""A real Scrapy crawl through the capture middleware yields WARCs that tell the truth.

``warcio check`` only proves digests match what was stored; the structural asserts below
prove the stored HTTP messages describe their bodies (research/archiving.md §4.6).
"""

from __future__ import annotations

import re
import subprocess
import zlib
from urllib.parse import unquote

import sqlite_utils
from fixture_site import POST_PAGES, REPORT_FILENAME, SITE
from warcio.archiveiterator import ArchiveIterator

from archive.cdxj import write_cdxj_index
from archive.warc_reader import iter_records, read_capture
from archive.warc_writer import payload_digest

DIGEST_RE = re.compile(r"^sha1:[A-Z2-7]{32}$")
EXPECTED_CAPTURES = {
    ("GET", "/robots.txt", 200), ("GET", "/", 200), ("GET", "/files/report.pdf", 200),
    ("GET", "/gb2312.html", 200), ("GET", "/download.jsp?id=1", 200), ("GET", "/redirect", 302),
    ("GET", "/notice.html", 200), ("POST", "/dataproxy.jsp", 200),
}


def captures_by_path(crawl) -> dict[str, list]:
    found: dict[str, list] = {}
    for path in crawl.warc_files:
        for stored in iter_records(path):
            found.setdefault(stored.url.removeprefix(crawl.base_url), []).append(stored)
    return found


def test_warcio_check_passes(fixture_crawl, venv_bin):
    assert fixture_crawl.warc_files, "the crawl wrote no WARC file"
    assert not list(fixture_crawl.warc_dir.glob("*.open")), "file left open after spider_closed"
    result = subprocess.run([str(venv_bin / "warcio"), "check", *map(str, fixture_crawl.warc_files)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_exchange_was_archived_once(fixture_crawl):
    found = captures_by_path(fixture_crawl)
    archived = {(s.method, path, s.status) for path, items in found.items() for s in items}
    assert archived == EXPECTED_CAPTURES
    assert len(found["/dataproxy.jsp"]) == 3
    assert all(len(items) == 1 for path, items in found.items() if path != "/dataproxy.jsp")


def test_records_are_structurally_honest(fixture_crawl):
    for path in fixture_crawl.warc_files:
        with open(path, "rb") as fh:
            records = []
            for record in ArchiveIterator(fh):
                records.append((record.rec_type, record.rec_headers, record.http_headers, record.raw_stream.read()))
        assert records[0][0] == "warcinfo"
        assert {warc.protocol for _, warc, _, _ in records} == {"WARC/1.1"}
        pairs = records[1:]
        assert len(pairs) % 2 == 0
        for (rtype, rwarc, http, body), (qtype, qwarc, qhttp, qbody) in zip(pairs[::2], pairs[1::2], strict=True):
            assert (rtype, qtype) == ("response", "request")
            assert qwarc.get_header("WARC-Concurrent-To") == rwarc.get_header("WARC-Record-ID")
            assert qwarc.get_header("WARC-Target-URI") == rwarc.get_header("WARC-Target-URI")
            assert qwarc.get_header("WARC-Date") == rwarc.get_header("WARC-Date")
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", rwarc.get_header("WARC-Date"))
            assert rwarc.get_header("WARC-IP-Address") == "127.0.0.1"
            assert DIGEST_RE.match(rwarc.get_header("WARC-Block-Digest"))
            assert DIGEST_RE.match(rwarc.get_header("WARC-Payload-Digest"))
            # Our own request carries no block digest (as Heritrix writes it), and a payload
            # digest only where it has a payload (a POST body): sha1 of no bytes says nothing.
            assert qwarc.get_header("WARC-Block-Digest") is None
            assert qwarc.get_header("WARC-Payload-Digest") == (payload_digest(qbody) if qbody else None)
            assert qwarc.get_header("WARC-Warcinfo-ID") is None  # it travels with its response, in a file
            assert rwarc.get_header("WARC-Warcinfo-ID") == records[0][1].get_header("WARC-Record-ID")
            assert http.get_header("Content-Length") == str(len(body))
            assert http.get_header("Transfer-Encoding") is None
            if http.get_header("Content-Encoding") == "gzip":
                assert body.startswith(b"\x1f\x8b")
            assert qhttp.statusline.endswith(" HTTP/1.1")
            assert qhttp.get_header("Host") == fixture_crawl.base_url.removeprefix("http://")
            if qbody:
                assert qhttp.get_header("Content-Length") == str(len(qbody))
                assert qhttp.get_header("Content-Type") == "application/x-www-form-urlencoded"


def test_warc_header_blocks_are_ascii(fixture_crawl):
    """Non-latin-1 WARC headers crash pywb (#961); the raw GBK filename must not leak into them."""
    for path in fixture_crawl.warc_files:
        data, offset = path.read_bytes(), 0
        while offset < len(data):
            inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
            member = inflater.decompress(data[offset:])
            offset = len(data) - len(inflater.unused_data)
            warc_head, _, rest = member.partition(b"\r\n\r\n")
            assert warc_head.isascii()
            if b"msgtype=" in warc_head:
                assert rest.partition(b"\r\n\r\n")[0].isascii()


def test_stored_bodies_are_the_wire_bytes(fixture_crawl):
    found = captures_by_path(fixture_crawl)
    for path in ("/files/report.pdf", "/gb2312.html", "/download.jsp?id=1", "/", "/robots.txt", "/notice.html"):
        (stored,) = found[path]
        assert stored.body == SITE[path].wire, path
        assert stored.payload() == SITE[path].payload, path
    pdf = found["/files/report.pdf"][0]
    assert pdf.header("Content-Encoding") == "gzip" and pdf.payload().startswith(b"%PDF-")
    assert pdf.header("ETag") == '"5f1e-2023report"' and pdf.header("Last-Modified")


def test_gb2312_page_keeps_both_cookies_and_its_charset(fixture_crawl):
    (page,) = captures_by_path(fixture_crawl)["/gb2312.html"]
    assert page.header_values("Set-Cookie") == [
        "JSESSIONID=6F2A91C0; Path=/; HttpOnly", "SERVERID=web02|1705372200; Path=/"]
    assert page.header("X-Crawler-Transfer-Encoding") is None  # Twisted strips it before Scrapy sees it
    assert "崇川区国资办" in page.payload().decode("gb2312")


def test_gbk_download_filename_survives(fixture_crawl):
    (download,) = captures_by_path(fixture_crawl)["/download.jsp?id=1"]
    disposition = download.header("Content-Disposition")
    assert disposition.startswith("attachment; filename*=UTF-8''")
    assert unquote(disposition.split("''", 1)[1], encoding="utf-8") == REPORT_FILENAME


def test_redirect_and_robots_are_archived(fixture_crawl):
    found = captures_by_path(fixture_crawl)
    (redirect,) = found["/redirect"]
    assert redirect.status == 302 and redirect.header("Location") == "/notice.html"
    assert found["/robots.txt"][0].payload() == b"User-agent: *\nAllow: /\n"


def test_post_pages_each_keep_their_request_body(fixture_crawl):
    posts = captures_by_path(fixture_crawl)["/dataproxy.jsp"]
    by_body = {p.request_body: p for p in posts}
    assert set(by_body) == {b"page=1", b"page=2", b"page=3"}
    for page, resource in POST_PAGES.items():
        assert by_body[b"page=%d" % page].body == resource.wire


def test_meta_and_database_point_at_the_records(fixture_crawl):
    db = sqlite_utils.Database(fixture_crawl.db_path)
    rows = {row["id"]: row for row in db["captures"].rows}
    assert len(rows) == 10  # the 8 spider responses + robots.txt + the 302
    assert {row["url"].removeprefix(fixture_crawl.base_url) for row in rows.values()} >= {"/robots.txt", "/redirect"}
    # index, three POST pages, pdf, html, download, and notice.html reached through the 302
    assert len(fixture_crawl.responses) == 8
    for response in fixture_crawl.responses:
        capture, row = response["capture"], rows[response["capture_id"]]
        assert (row["url"], row["method"], row["status"]) == (response["url"], response["method"], response["status"])
        assert (row["warc_file"], row["offset"], row["record_id"]) == (
            capture["warc_file"], capture["offset"], capture["record_id"])
        stored = read_capture(fixture_crawl.warc_dir, row["warc_file"], row["offset"])
        assert stored.record_id == capture["record_id"] and stored.url == response["url"]
        assert stored.location.length == capture["length"] == row["length"]
        assert row["payload_digest"] == stored.payload_digest
        assert row["body_length"] == len(stored.body)


def test_cdxj_index_is_sorted_and_keys_post_pages_apart(fixture_crawl, tmp_path):
    index = write_cdxj_index(fixture_crawl.warc_dir, tmp_path / "index.cdxj")
    lines = index.read_bytes().splitlines()
    assert lines == sorted(lines)
    assert len(lines) == 10
    post_keys = {line.split(b" ", 1)[0] for line in lines if b"dataproxy.jsp" in line}
    assert post_keys == {b"1,0,0,127:%s)/dataproxy.jsp?__wb_method=post&page=%d" % (
        fixture_crawl.base_url.rsplit(":", 1)[1].encode(), page) for page in (1, 2, 3)}

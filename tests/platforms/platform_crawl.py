"""Helpers for the platform tests: crawl one portal site for real, read back what was archived.

A crawl runs ``nianbao crawl ROOT --fast --quiet`` in a subprocess (Twisted's reactor
starts once per process) against the running :class:`~portal.server.Portal`; results are
read from the database and the WARCs with warcio directly, so the tests check the files,
not the crawler's own bookkeeping. The checks every platform shares return their problems
as a list (empty when all is well), so a failing test names each one.
"""

from __future__ import annotations

import gzip
import http.client
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from archive.warc_reader import StoredResponse, iter_records
from portal.server import Portal

NIANBAO = [sys.executable, "-m", "nianbao"]


@dataclass
class SiteCrawl:
    """One finished crawl of one site, with the truth restricted to that site."""

    key: str
    root: str
    data: Path
    truth: dict
    access_log: list[dict]
    stdout: str
    stderr: str = ""  # the crawl's log (Scrapy's stats are dumped there at the end)


def site_truth(portal: Portal, key: str) -> dict[str, list[dict]]:
    """The portal's truth restricted to one site: its ``sites`` entry, its reports, its look-alikes."""
    full = portal.truth()
    return {part: [x for x in full[part] if x.get("site", x.get("key")) == key] for part in ("sites", "reports", "noise")}


def crawl_site(portal: Portal, key: str, data: Path) -> SiteCrawl:
    root = portal.site_root(key)
    portal.clear_access_log()
    result = subprocess.run(NIANBAO + ["crawl", root, "--data", str(data), "--fast", "--quiet"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    log = [entry for entry in portal.access_log if entry["site"] == key]
    return SiteCrawl(key, root, data, site_truth(portal, key), log, result.stdout, result.stderr)


def warc_paths(data: Path) -> list[Path]:
    """The crawl's finished WARC files, in name order."""
    return sorted((data / "warcs").glob("*.warc.gz"))


def report_rows(data: Path) -> dict[str, dict]:
    """Reports in the database by URL, each with its record decoded."""
    db = open_db(data / "nianbao.db")
    rows = {row["url"]: dict(row, record=json.loads(row["record"])) for row in db.query("SELECT * FROM reports")}
    db.close()
    return rows


def capture_count(data: Path) -> int:
    db = open_db(data / "nianbao.db")
    count = db.execute("SELECT count(*) FROM captures").fetchone()[0]
    db.close()
    return count


@dataclass
class PostPair:
    """A POST capture as the WARC holds it: the response record and the request record after it."""

    url: str
    warc_date: str
    response_id: str
    request_concurrent_to: str | None
    request_target: str
    request_headers: dict[str, str]  # lower-case names
    request_body: bytes
    response_body: bytes  # decoded payload
    content_encoding: str | None


def post_pairs(data: Path) -> list[PostPair]:
    """Every POST exchange in the crawl's WARCs, read with warcio (request must follow response)."""
    pairs = []
    for path in warc_paths(data):
        with open(path, "rb") as handle:
            records = [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                       for r in ArchiveIterator(handle)]
        for (kind, head, http_head, body), nxt in zip(records, records[1:] + [None], strict=True):
            if kind != "response" or nxt is None or nxt[0] != "request":
                continue
            _, req_head, req_http, req_body = nxt
            if req_http.protocol != "POST":
                continue
            pairs.append(PostPair(
                url=head.get_header("WARC-Target-URI"), warc_date=head.get_header("WARC-Date"),
                response_id=head.get_header("WARC-Record-ID"),
                request_concurrent_to=req_head.get_header("WARC-Concurrent-To"),
                request_target=req_head.get_header("WARC-Target-URI"),
                request_headers={k.lower(): v for k, v in req_http.headers}, request_body=req_body,
                response_body=body, content_encoding=http_head.get_header("Content-Encoding")))
    return pairs


def form_pair_problems(pair: PostPair) -> list[str]:
    """How a form POST's request record fails to pair with its response or to describe its body."""
    problems = []
    if pair.request_concurrent_to != pair.response_id or pair.request_target != pair.url:
        problems.append(f"{pair.url}: request record not paired with its response")
    if int(pair.request_headers["content-length"]) != len(pair.request_body):
        problems.append(f"{pair.url}: Content-Length {pair.request_headers['content-length']} != {len(pair.request_body)}")
    if pair.request_headers["content-type"] != "application/x-www-form-urlencoded":
        problems.append(f"{pair.url}: Content-Type {pair.request_headers['content-type']}")
    return problems


def post(url: str, body: bytes, *, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    """POST a form; (status, headers, body decoded from gzip when the server sent it)."""
    request = urllib.request.Request(url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept-Encoding": "gzip" if gzip_ok else "identity"})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            status, headers, data = reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        status, headers, data = error.code, dict(error.headers), error.read()
    if headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return status, headers, data


def raw_response(url: str, method: str = "GET") -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Status, header lines as raw bytes (no decoding at all) and body of one request."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""))
        reply = conn.getresponse()
        # http.client keeps header values as latin-1 str: encoding back gives the wire bytes.
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.getheaders()]
        return reply.status, headers, reply.read()
    finally:
        conn.close()


def page_text(url: str, encoding: str = "utf-8") -> str:
    """The HTML page at *url*, decoded; it must answer 200 as ``text/html``."""
    status, headers, body = raw_response(url)
    assert status == 200, (url, status)
    assert dict(headers)[b"Content-Type"].startswith(b"text/html"), url
    return body.decode(encoding)


def timestamp(warc_date: str) -> str:
    return "".join(ch for ch in warc_date if ch.isdigit())[:14]


@dataclass
class Replayed:
    """One GET capture and what pywb answered for it in ``id_`` mode (body as sent, still encoded)."""

    stored: StoredResponse
    status: int
    headers: dict[str, str]
    body: bytes

    def decoded(self) -> bytes:
        return gzip.decompress(self.body) if self.headers.get("Content-Encoding") == "gzip" else self.body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get_captures(data: Path) -> list[StoredResponse]:
    """Every GET response record of a crawl's WARCs."""
    return [stored for path in warc_paths(data) for stored in iter_records(path)
            if stored.record_type == "response" and (stored.method or "GET") == "GET"]


@contextmanager
def pywb_serving(data: Path, work_dir: Path) -> Iterator:
    """A running pywb collection (:class:`archive.pywb.PywbCollection`) of the crawl's WARCs."""
    from archive.pywb import PywbCollection

    with PywbCollection(work_dir) as collection:
        collection.init().add(warc_paths(data))
        collection.serve()
        yield collection


def replay_get_captures(data: Path, work_dir: Path) -> list[Replayed]:
    """Load a crawl's WARCs into a pywb collection and fetch every GET capture back (``id_``).

    The client accepts gzip, so pywb passes stored bytes through untouched; redirects are
    not followed (a 301 must replay as a 301).
    """
    opener = urllib.request.build_opener(_NoRedirect)
    replayed = []
    with pywb_serving(data, work_dir) as collection:
        for stored in get_captures(data):
            request = urllib.request.Request(collection.url_for(timestamp(stored.warc_date), stored.url),
                                             headers={"Accept-Encoding": "gzip"})
            try:
                with opener.open(request, timeout=30) as reply:
                    status, headers, body = reply.status, dict(reply.headers), reply.read()
            except urllib.error.HTTPError as error:
                status, headers, body = error.code, dict(error.headers), error.read()
            replayed.append(Replayed(stored, status, headers, body))
    return replayed


def replayed_with_live(crawled: SiteCrawl, work_dir: Path) -> list[tuple[Replayed, tuple[int, list, bytes]]]:
    """Every GET capture as pywb replays it, with what the live site answers for its URL now (raw)."""
    return [(r, raw_response(r.stored.url)) for r in replay_get_captures(crawled.data, work_dir)]


def replay_problems(r: Replayed, live_status: int, live_body: bytes) -> list[str]:
    """How pywb's answer, the capture and the live site disagree: status, payload, and gzip bytes
    that pywb did not pass through untouched."""
    url, problems = r.stored.url, []
    if not r.status == live_status == r.stored.status:
        problems.append(f"{url}: status replayed {r.status}, live {live_status}, stored {r.stored.status}")
    if not r.decoded() == live_body == r.stored.payload():
        problems.append(f"{url}: replayed, live and stored payloads differ")
    if r.headers.get("Content-Encoding") == "gzip" and r.body != r.stored.body:
        problems.append(f"{url}: gzip body re-encoded in replay")
    return problems


def replay_posts(data: Path, pairs: list[PostPair], work_dir: Path) -> list[tuple[int, bytes]]:
    """Each POST capture as pywb replays it when its form is posted again: (status, body decoded of gzip)."""
    replayed = []
    with pywb_serving(data, work_dir) as collection:
        for p in pairs:
            status, _, body = post(collection.url_for(timestamp(p.warc_date), p.url), p.request_body)
            replayed.append((status, body))
    return replayed


def lookalike_problems(crawled: SiteCrawl) -> list[str]:
    """Look-alikes of the site's lists that were recorded as reports, or even fetched."""
    rows = report_rows(crawled.data)
    fetched = {e["path"] for e in crawled.access_log}
    noise = crawled.truth["noise"]
    return ([f"recorded as a report: {item['title']} ({item['url']})" for item in noise if item["url"] in rows]
            + [f"fetched: {item['title']} ({item['url']})" for item in noise if urlsplit(item["url"]).path in fetched])


def placeholder_requests(crawled: SiteCrawl, marks: tuple[str, ...]) -> list[str]:
    """Request targets (``path?query``) of the crawl holding any of the template placeholder *marks*."""
    targets = (e["path"] + "?" + e["query"] for e in crawled.access_log)
    return [target for target in targets if any(mark in target for mark in marks)]


def report_mismatches(crawled: SiteCrawl) -> list[str]:
    """How the crawl's report rows differ from the site's truth (empty when they agree exactly)."""
    rows = report_rows(crawled.data)
    problems = []
    for report in crawled.truth["reports"]:
        row = rows.get(report["url"])
        if row is None:
            problems.append(f"missed {report['title']} at {report['url']}")
            continue
        record = row["record"]
        for name in ("agency", "year", "template", "source_format", "cells"):
            if record[name] != report[name]:
                problems.append(f"{report['url']}: {name} {record[name]!r} != {report[name]!r}")
        if row["page_url"] != report["page_url"]:
            problems.append(f"{report['url']}: page_url {row['page_url']} != {report['page_url']}")
    problems += [f"not a report of the truth: {url}" for url in set(rows) - {r["url"] for r in crawled.truth["reports"]}]
    return problems

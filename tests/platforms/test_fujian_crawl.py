"""A real crawl of the Fujian TRS 动静结合 city site from its home page alone.

Page 1 of the list is static; pages 2 and 3 exist only as ``POST /fjdzapp/search``
answers. Every report must be found with its values, no look-alike recorded, no template
placeholder requested, and the POST pages archived and replayed in pywb each with its own
body. Every report's 全真版 PDF (shown only in a viewer iframe) is archived beside its page
as an alternate form of the same report: never a second report, readable on demand.
"""

from __future__ import annotations

import json
import subprocess
from urllib.parse import parse_qsl, urlsplit

import pytest
from platform_crawl import (
    NIANBAO,
    capture_count,
    form_pair_problems,
    lookalike_problems,
    placeholder_requests,
    post,
    post_pairs,
    replay_posts,
    replay_problems,
    replayed_with_live,
    report_mismatches,
    report_rows,
)

from archive.db import open_db

KEY = "minchuan"
PLACEHOLDER_MARKS = ("el.url", "el.chnldocurl", "qzbFile", "{{", "javascript:")


def test_every_report_is_recorded_with_its_values(crawled):
    assert len(crawled.truth["reports"]) == 22
    assert report_mismatches(crawled) == []


def test_look_alikes_are_not_reports_and_not_even_fetched(crawled):
    assert len(crawled.truth["noise"]) == 4
    assert lookalike_problems(crawled) == []


def test_no_template_placeholder_became_a_request(crawled):
    assert crawled.access_log and capture_count(crawled.data) > 0
    assert placeholder_requests(crawled, PLACEHOLDER_MARKS) == []


def test_search_pages_are_archived_as_request_response_pairs(crawled):
    pairs = [p for p in post_pairs(crawled.data) if urlsplit(p.url).path == "/fjdzapp/search"]
    forms = sorted(parse_qsl(p.request_body.decode()) for p in pairs)
    assert forms == [
        [("channelid", "200318"), ("classsql", "chnlid=2671"), ("sortfield", "-docorderpri,-docreltime"),
         ("page", str(page)), ("prepage", "10")] for page in (2, 3)]
    for p in pairs:
        assert form_pair_problems(p) == []
        assert p.request_headers["referer"] == crawled.root + "zwgk/zfxxgk/zfxxgknb/"  # the column, as linked
        answer = json.loads(p.response_body)
        assert answer["pageCount"] == 3 and len(answer["data"]) == (10 if "page=2" in p.request_body.decode() else 6)


def test_reports_only_in_api_pages_were_found(crawled):
    rows = report_rows(crawled.data)
    dynamic = {item["chnldocurl"] for p in post_pairs(crawled.data) for item in json.loads(p.response_body)["data"]}
    reports = {urlsplit(r["url"]).path for r in crawled.truth["reports"]}
    assert len(dynamic) == 16 and len(dynamic & reports) >= 12
    assert dynamic & reports <= {urlsplit(url).path for url in rows}


@pytest.mark.pywb
def test_every_search_page_replays_its_own_body_in_pywb(crawled, tmp_path, pywb_venv_path):
    pairs = [p for p in post_pairs(crawled.data) if urlsplit(p.url).path == "/fjdzapp/search"]
    assert len(pairs) == 2
    for p in pairs:  # the portal is deterministic: asked again, it answers the same bytes
        status, _, body = post(p.url, p.request_body)
        assert status == 200 and body == p.response_body
    assert pairs[0].response_body != pairs[1].response_body
    assert replay_posts(crawled.data, pairs, tmp_path / "pywb") == [(200, p.response_body) for p in pairs]


def archived_documents(crawled) -> dict[str, dict]:
    """Capture rows by URL, each with what ``documents`` remembers of it (kind, page)."""
    db = open_db(crawled.data / "nianbao.db")
    rows = {row["url"]: dict(row) for row in db.query(
        "SELECT c.url, c.status, c.content_type, c.page_kind, d.kind, d.page_url "
        "FROM captures c LEFT JOIN documents d ON d.capture_id = c.id")}
    db.close()
    return rows


def test_every_full_true_version_is_archived_as_an_alternate_form(crawled):
    archived = archived_documents(crawled)
    alternates = [(url, r["page_url"]) for r in crawled.truth["reports"] for url in r["alternate_urls"]]
    assert len(alternates) == 22
    for url, page_url in alternates:
        assert archived.get(url, {}) | {"url": url} == {
            "url": url, "status": 200, "content_type": "application/pdf", "page_kind": "alternate_form",
            "kind": "embedded", "page_url": page_url}, url
    assert set(report_rows(crawled.data)).isdisjoint(url for url, _ in alternates)  # counted once, as its page
    assert sum("/generic2/web/viewer.html" in e["path"] for e in crawled.access_log) == 0  # the viewer is not needed


def test_a_full_true_version_is_read_on_demand(crawled):
    report = crawled.truth["reports"][0]
    result = subprocess.run(NIANBAO + ["extract", report["alternate_urls"][0], "--data", str(crawled.data), "--json"],
                            capture_output=True, text=True, check=True)
    record = json.loads(result.stdout)
    assert (record["source_format"], record["year"], record["cells"]) == ("pdf", report["year"], report["cells"])


@pytest.mark.pywb
def test_every_capture_replays_byte_exact(crawled, tmp_path, pywb_venv_path):
    replays = replayed_with_live(crawled, tmp_path / "pywb")
    replayed = {r.stored.url for r, _ in replays}
    assert {url for r in crawled.truth["reports"] for url in [r["url"], *r["alternate_urls"]]} <= replayed
    for r, (status, _, live) in replays:
        assert replay_problems(r, status, live) == []

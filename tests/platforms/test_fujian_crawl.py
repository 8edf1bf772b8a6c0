"""A real crawl of the Fujian TRS 动静结合 city site from its home page alone.

Page 1 of the list is static; pages 2 and 3 exist only as ``POST /fjdzapp/search``
answers. Every report must be found with its values, no look-alike recorded, no template
placeholder requested, and the POST pages archived and replayed in pywb each with its own
body.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from platform_crawl import (
    capture_count,
    form_pair_problems,
    lookalike_problems,
    placeholder_requests,
    post,
    post_pairs,
    replay_posts,
    report_mismatches,
    report_rows,
)

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

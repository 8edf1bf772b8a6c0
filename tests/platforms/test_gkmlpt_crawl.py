"""A real crawl of the gkmlpt city site from its home page alone.

No list is HTML: the adapter must read ``window._CONFIG.TREE`` from both SPA shells and
page through the JSON API (two pages for the department's 其他 column). One report is a
PDF under ``/attachment/``. Everything archived, the JSON pages included, must replay
byte-exact in pywb.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from platform_crawl import crawl_site, raw_response, replay_get_captures, report_mismatches, report_rows

from portal.server import Portal

KEY = "nanling"
PLACEHOLDER_MARKS = ("{{", "}}", "%7B", "item.url", "node.id", "javascript:")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    with Portal() as portal:
        yield crawl_site(portal, KEY, tmp_path_factory.mktemp("gkmlpt"))


def test_every_report_is_recorded_with_its_values(crawled):
    assert len(crawled.truth["reports"]) == 10
    assert report_mismatches(crawled) == []


def test_lists_came_from_the_api_with_its_sid(crawled):
    api = sorted((e["path"], parse_qs(e["query"])["page"][0], parse_qs(e["query"])["sid"][0])
                 for e in crawled.access_log if "/gkmlpt/api/all/" in e["path"])
    assert api == [("/gkmlpt/api/all/2711", "1", "755034")] + [
        (f"/nlfgj/gkmlpt/api/all/{c}", p, "755061") for c, p in
        [("3101", "1"), ("3102", "1"), ("3103", "1"), ("3104", "1"), ("3104", "2")]]
    assert all(e["status"] == 200 for e in crawled.access_log if "/api/" in e["path"])


def test_the_report_only_on_the_second_api_page_was_found(crawled):
    rows = report_rows(crawled.data)
    dept_2021 = next(r for r in crawled.truth["reports"] if "/nlfgj/" in r["url"] and r["year"] == 2021)
    assert rows[dept_2021["url"]]["agency"] == "南岭市发展和改革局"


def test_look_alikes_and_ordinary_documents_are_not_fetched(crawled):
    rows = report_rows(crawled.data)
    fetched = {e["path"] for e in crawled.access_log}
    report_pages = {urlsplit(r["page_url"]).path for r in crawled.truth["reports"]}
    assert len(crawled.truth["noise"]) == 5
    for item in crawled.truth["noise"]:
        assert item["url"] not in rows and urlsplit(item["url"]).path not in fetched, item["title"]
    posts = {p for p in fetched if "/post_" in p}
    assert posts == report_pages  # none of the 100+ ordinary documents was requested


def test_no_template_placeholder_became_a_request(crawled):
    for entry in crawled.access_log:
        target = entry["path"] + "?" + entry["query"]
        assert not any(mark in target for mark in PLACEHOLDER_MARKS), target


@pytest.mark.pywb
def test_every_capture_replays_byte_exact(crawled, tmp_path, pywb_venv_path):
    replayed = replay_get_captures(crawled.data, tmp_path / "pywb")
    urls = {r.stored.url for r in replayed}
    assert {r["url"] for r in crawled.truth["reports"]} <= urls
    assert sum("/gkmlpt/api/all/" in u for u in urls) == 6
    for r in replayed:
        status, _, live = raw_response(r.stored.url)
        assert r.status == status == r.stored.status, r.stored.url
        assert r.decoded() == live == r.stored.payload(), r.stored.url
        if r.headers.get("Content-Encoding") == "gzip":
            assert r.body == r.stored.body, r.stored.url

"""A real crawl of the gkmlpt city site from its home page alone.

No list is HTML: the adapter must read ``window._CONFIG.TREE`` from both SPA shells and
page through the JSON API (two pages for the department's 其他 column). One report is a
PDF under ``/attachment/``. Everything archived, the JSON pages included, must replay
byte-exact in pywb.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from platform_crawl import (
    lookalike_problems,
    placeholder_requests,
    replay_problems,
    replayed_with_live,
    report_mismatches,
    report_rows,
)

KEY = "nanling"
PLACEHOLDER_MARKS = ("{{", "}}", "%7B", "item.url", "node.id", "javascript:")


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
    assert len(crawled.truth["noise"]) == 5
    assert lookalike_problems(crawled) == []
    posts = {e["path"] for e in crawled.access_log if "/post_" in e["path"]}
    assert posts == {urlsplit(r["page_url"]).path for r in crawled.truth["reports"]}  # no ordinary document requested


def test_no_template_placeholder_became_a_request(crawled):
    assert crawled.access_log
    assert placeholder_requests(crawled, PLACEHOLDER_MARKS) == []


@pytest.mark.pywb
def test_every_capture_replays_byte_exact(crawled, tmp_path, pywb_venv_path):
    replays = replayed_with_live(crawled, tmp_path / "pywb")
    urls = {r.stored.url for r, _ in replays}
    assert {r["url"] for r in crawled.truth["reports"]} <= urls
    assert sum("/gkmlpt/api/all/" in u for u in urls) == 6
    for r, (status, _, live) in replays:
        assert replay_problems(r, status, live) == []

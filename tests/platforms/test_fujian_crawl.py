"""A real crawl of the Fujian TRS 动静结合 city site from its home page alone.

Page 1 of the list is static; pages 2 and 3 exist only as ``POST /fjdzapp/search``
answers. Every report must be found with its values, no look-alike recorded, no template
placeholder requested, and the POST pages archived and replayed in pywb each with its own
body.
"""

from __future__ import annotations

import gzip
import json
import urllib.request
from urllib.parse import parse_qsl, urlsplit

import pytest
from platform_crawl import capture_count, crawl_site, post, post_pairs, report_rows, timestamp

from portal.server import Portal

KEY = "minchuan"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    with Portal() as portal:
        yield crawl_site(portal, KEY, tmp_path_factory.mktemp("fujian"))


def test_every_report_is_recorded_with_its_values(crawled):
    rows = report_rows(crawled.data)
    assert len(crawled.truth["reports"]) == 22
    for report in crawled.truth["reports"]:
        assert report["url"] in rows, f"missed {report['title']} ({report['url']})"
        record = rows[report["url"]]["record"]
        assert (record["agency"], record["year"], record["template"]) == (
            report["agency"], report["year"], report["template"]), report["url"]
        assert record["cells"] == report["cells"], report["url"]
    assert set(rows) == {r["url"] for r in crawled.truth["reports"]}, "something else was recorded as a report"


def test_look_alikes_are_not_reports_and_not_even_fetched(crawled):
    rows = report_rows(crawled.data)
    fetched = {e["path"] for e in crawled.access_log}
    for item in crawled.truth["noise"]:
        assert item["url"] not in rows, item["title"]
        assert urlsplit(item["url"]).path not in fetched, item["title"]


def test_no_template_placeholder_became_a_request(crawled):
    assert crawled.access_log and capture_count(crawled.data) > 0
    for entry in crawled.access_log:
        target = entry["path"] + "?" + entry["query"]
        assert not any(p in target for p in ("el.url", "el.chnldocurl", "qzbFile", "{{", "javascript:")), target


def test_search_pages_are_archived_as_request_response_pairs(crawled):
    pairs = [p for p in post_pairs(crawled.data) if urlsplit(p.url).path == "/fjdzapp/search"]
    forms = sorted(parse_qsl(p.request_body.decode()) for p in pairs)
    assert forms == [
        [("channelid", "200318"), ("classsql", "chnlid=2671"), ("sortfield", "-docorderpri,-docreltime"),
         ("page", str(page)), ("prepage", "10")] for page in (2, 3)]
    for p in pairs:
        assert p.request_concurrent_to == p.response_id and p.request_target == p.url
        assert int(p.request_headers["content-length"]) == len(p.request_body)
        assert p.request_headers["content-type"] == "application/x-www-form-urlencoded"
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
    from archive.pywb import PywbCollection

    pairs = [p for p in post_pairs(crawled.data) if urlsplit(p.url).path == "/fjdzapp/search"]
    assert len(pairs) == 2
    for p in pairs:  # the portal is deterministic: asked again, it answers the same bytes
        status, _, body = post(p.url, p.request_body)
        assert status == 200 and body == p.response_body
    assert pairs[0].response_body != pairs[1].response_body
    with PywbCollection(tmp_path / "pywb") as collection:
        collection.init().add(sorted((crawled.data / "warcs").glob("*.warc.gz")))
        collection.serve()
        for p in pairs:
            request = urllib.request.Request(collection.url_for(timestamp(p.warc_date), p.url), data=p.request_body,
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            with urllib.request.urlopen(request, timeout=30) as reply:
                replayed = reply.read()
                if reply.headers.get("Content-Encoding") == "gzip":
                    replayed = gzip.decompress(replayed)
            assert replayed == p.response_body, p.url

"""A real crawl of the district whose 年报 list exists only after its script runs.

From the home page alone, the crawler must notice the empty, script-filled list, render
that one page in Debian's Chromium, page through the list by clicking its script-drawn
下一页 (three pages of four; the two oldest reports are on the last), follow the links the
script built on every page, and archive what the browser fetched as it was served — never
the rendered DOM as a response, which is kept as a ``resource`` record instead.
"""

from __future__ import annotations

import gzip
import subprocess

import pytest
from platform_crawl import (
    lookalike_problems,
    raw_response,
    replay_get_captures,
    report_mismatches,
    warc_paths,
)

from archive.db import open_db
from archive.warc_reader import iter_records

KEY = "linhu"
COLUMN = "xxgk/nb/"


@pytest.fixture(scope="module")
def records(crawled):
    return [r for path in warc_paths(crawled.data) for r in iter_records(path)]


def served(url: str) -> tuple[int, bytes]:
    """What the portal serves for *url* now, decoded of gzip."""
    status, headers, body = raw_response(url)
    encoding = dict((k.decode().lower(), v.decode()) for k, v in headers).get("content-encoding")
    return status, gzip.decompress(body) if encoding == "gzip" else body


def test_every_report_is_found_with_its_values(crawled):
    assert len(crawled.truth["reports"]) == 7
    assert report_mismatches(crawled) == []


def test_the_reports_listed_only_on_later_pages_are_found(crawled):
    db = open_db(crawled.data / "nianbao.db")
    found = {row["title"] for row in db.query("SELECT title FROM reports")}
    db.close()
    # read from the portal's list: page 2 holds four reports, page 3 the two oldest
    assert {"临湖区教育局2022年政府信息公开工作年度报告", "临湖区湖滨街道办事处 2021 年政府信息公开工作年度报告",
            "临湖区财政局2020年政府信息公开工作的年度报告", "临湖区人民政府2019年政府信息公开工作年度报告"} <= found
    assert len(found) == 7


def test_the_list_came_from_the_browser_running_the_script_page_by_page(crawled):
    api = [e for e in crawled.access_log if e["path"] == "/api/list.do"]
    # each page asked once, with the token the script computed; none past the last
    assert [e["query"] for e in api] == [f"chan=xxgknb&page={p}&_t=fd7483b9" for p in (1, 2, 3)]
    assert all(e["status"] == 200 for e in api)
    paths = [e["path"] for e in crawled.access_log]
    assert paths.count("/static/js/lh-list.js") == 1
    assert paths.count("/xxgk/nb/") == 2  # once plainly (no list in it), once rendered


def test_one_browser_is_launched_for_the_crawl(crawled):
    # Scrapy builds a download handler per scheme; each heard the rendering being scheduled
    # and launched a Chromium of its own, so every rendering crawl ran two.
    assert crawled.stderr.count("Launching browser chromium") == 1
    assert "'nianbao/browser/launches': 1," in crawled.stderr


def test_look_alikes_are_not_fetched(crawled):
    assert len(crawled.truth["noise"]) == 3
    assert lookalike_problems(crawled) == []


def test_no_response_record_holds_the_rendered_dom(crawled, records):
    responses = [r for r in records if r.record_type == "response"]
    assert len(responses) >= 15  # robots, 4 pages, 7 reports + the browser's 5 (page, script, 3 list pages)
    for stored in responses:
        status, live = served(stored.url)
        assert stored.status == status, stored.url
        assert stored.payload() == live, f"{stored.url}: archived body is not what the portal served"
    column = [r for r in responses if r.url == crawled.root + COLUMN]
    assert len(column) == 2
    for stored in column:
        assert b'<ul id="nbList" class="news-list"></ul>' in stored.payload()


def test_browser_responses_are_stored_decoded_with_honest_headers(crawled, records):
    browser = [r for r in records if r.record_type == "response" and "/api/list.do" in r.url]
    assert sorted(r.url.split("page=")[1][0] for r in browser) == ["1", "2", "3"]  # every page the clicks asked for
    for api in browser:
        assert api.header("Content-Encoding") is None  # the browser decoded the gzip it was sent
        assert int(api.header("Content-Length")) == len(api.body)
        assert api.body.startswith(b'{"code": 0') and api.method == "GET"
    sent = [e for e in crawled.access_log if e["path"] == "/api/list.do"]
    assert all("gzip" in e["headers"].get("accept-encoding", "") for e in sent)


def test_the_dom_is_kept_as_a_resource_record(crawled, records):
    doms = [r for r in records if r.record_type == "resource"]
    assert [r.url for r in doms] == ["urn:dom:" + crawled.root + COLUMN]
    dom = doms[0].body.decode("utf-8")
    # the DOM as the walk left it: the last page, its 下一页 disabled
    for title in ["临湖区财政局2020年政府信息公开工作的年度报告", "临湖区人民政府2019年政府信息公开工作年度报告"]:
        assert title in dom
    assert "临湖区人民政府2024年政府信息公开工作年度报告" not in dom
    assert dom.count('<li><a href="/xxgk/nb/content/') == 2 and "正在加载" not in dom  # filled by the script, loading tip removed
    assert '<a href="javascript:;" class="disabled">下一页</a>' in dom and "共3页" in dom
    _, page = served(crawled.root + COLUMN)
    assert doms[0].body != page


def test_warcio_check_passes(crawled, venv_bin):
    warcs = warc_paths(crawled.data)
    assert warcs
    result = subprocess.run([str(venv_bin / "warcio"), "check", *map(str, warcs)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.pywb
def test_every_capture_replays_as_served(crawled, tmp_path, pywb_venv_path):
    replayed = replay_get_captures(crawled.data, tmp_path / "pywb")
    assert {r["url"] for r in crawled.truth["reports"]} <= {r.stored.url for r in replayed}
    for r in replayed:
        status, live = served(r.stored.url)
        assert r.status == status == r.stored.status, r.stored.url
        assert r.decoded() == live == r.stored.payload(), r.stored.url

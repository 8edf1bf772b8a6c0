"""One crawl of the whole portal with faults on: what passes is archived, the rest is listed.

The portal's truth says which reports of the fault site are reachable and, for the
others, the reason a crawl must record; the other sites are perturbed with one-off 503
bursts and connection resets that retries must absorb. Everything is checked from the
outside: the database, the WARCs, and the portal's own access log.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from portal.faults import FaultInjector
from portal.server import Portal

RUNNER = Path(__file__).with_name("crawl_runner.py")
SHAPE_BUDGET = 30
OVERRIDES = {"DOWNLOAD_TIMEOUT": 2, "NIANBAO_TRAP_SHAPE_BUDGET": SHAPE_BUDGET, "LOG_LEVEL": "WARNING"}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    data = tmp_path_factory.mktemp("faults")
    with Portal(faults=FaultInjector(stall_seconds=5)) as portal:
        roots = [site.root_url for site in portal.sites]
        result = subprocess.run([sys.executable, str(RUNNER), str(data), json.dumps(OVERRIDES), *roots],
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-4000:]
        yield {"truth": portal.truth(), "log": portal.access_log, "data": data, "rules": dict(portal.faults.injector.rules),
               "fault_root": portal.site_root("faults")}


def rows(data: Path, sql: str) -> list[dict]:
    return list(open_db(data / "nianbao.db").query(sql))


def test_every_reachable_report_of_the_fault_site_is_archived_with_its_values(crawl):
    found = {row["url"]: json.loads(row["record"]) for row in rows(crawl["data"], "SELECT url, record FROM reports")}
    expected = [r for r in crawl["truth"]["reports"] if r["site"] == "faults"]
    assert len(expected) == 10
    for report in expected:
        assert report["url"] in found, f"{report['title']} ({report['url']}) not archived"
        record = found[report["url"]]
        assert (record["agency"], record["year"], record["cells"]) == (report["agency"], report["year"], report["cells"])


def test_every_unreachable_report_is_listed_with_its_reason_and_never_as_a_report(crawl):
    refusals = defaultdict(set)
    for row in rows(crawl["data"], "SELECT url, reason FROM refusals"):
        refusals[row["url"]].add(row["reason"])
    reports = {row["url"] for row in rows(crawl["data"], "SELECT url FROM reports")}
    unreachable = crawl["truth"]["unreachable"]
    assert {u["reason"] for u in unreachable} == {"truncated", "redirect_loop", "challenge", "robots", "oversize",
                                                  "private_address"}
    for item in unreachable:
        assert item["reason"] in refusals[item["url"]], f"{item['fault']}: {item['url']} recorded as {refusals[item['url']]}"
        assert item["url"] not in reports


def test_no_request_leaves_the_seeds_sites(crawl):
    log = crawl["log"]
    offsite_path = "/zwgk/nb/202401/t20240101_1.html"  # listed by the fault site, on every other site's port
    assert not [e for e in log if e["site"] != "faults" and e["path"] == offsite_path]
    out_of_scope = [r["url"] for r in rows(crawl["data"], "SELECT url FROM refusals WHERE reason = 'out_of_scope'")]
    assert len({u.split(";")[0] for u in out_of_scope if offsite_path in u}) == len(crawl["truth"]["sites"]) - 1
    assert not [e for e in log if e["site"] == "faults" and e["path"].startswith("/zwgk/nb/private/")]  # robots


def test_traps_stay_bounded(crawl):
    log = [e for e in crawl["log"] if e["site"] == "faults"]
    assert not [e for e in log if "jsessionid" in e["path"].lower()], "a session id reached the server"
    lists = Counter(e["path"] for e in log if e["path"] in ("/zwgk/nb/index.html", "/zwgk/nb/index_1.html"))
    assert lists == {"/zwgk/nb/index.html": 1, "/zwgk/nb/index_1.html": 1}, "list pages fetched again under new sids"
    calendar = [e for e in log if e["path"] == "/zwgk/nb/calendar.html"]
    assert 0 < len(calendar) <= SHAPE_BUDGET
    assert rows(crawl["data"], "SELECT count(*) AS n FROM refusals WHERE reason = 'trap'")[0]["n"] > 0


def test_retries_absorb_bursts_resets_stalls_and_cut_bodies(crawl):
    """Every path that suffered a passing fault was answered in full afterwards."""
    log = crawl["log"]
    hit = {(e["site"], e["path"]) for e in log if e.get("fault")}
    passing = {key for key, fault in crawl["rules"].items() if fault.times is not None}
    assert hit & passing, "no passing fault was exercised"
    for key in hit & passing:
        statuses = [e["status"] for e in log if (e["site"], e["path"]) == key and not e.get("fault")]
        assert 200 in statuses, f"{key} never recovered"
    bursts = [key for key, fault in crawl["rules"].items() if key[0] == "faults" and fault.kind == "status"]
    for key in bursts:  # two 503s, then the page: three requests, no more
        assert [e["status"] for e in log if (e["site"], e["path"]) == key] == [503, 503, 200]


def test_truncated_and_challenge_captures_are_marked_and_never_reports(crawl):
    data = crawl["data"]
    truncated = rows(data, "SELECT * FROM captures WHERE truncated IS NOT NULL")
    challenges = rows(data, "SELECT * FROM captures WHERE page_kind = 'challenge'")
    assert len(truncated) >= 2 + 4  # the two cut-once documents, the always-cut page and its retries
    assert {c["status"] for c in challenges} == {412, 521}
    report_captures = {row["capture_id"] for row in rows(data, "SELECT capture_id FROM reports")}
    for capture in truncated + challenges:
        assert capture["id"] not in report_captures
    for capture in truncated:
        with open(data / "warcs" / capture["warc_file"], "rb") as handle:
            handle.seek(capture["offset"])
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Truncated") == "length"
            assert len(record.content_stream().read()) < int(record.http_headers.get_header("X-Crawler-Content-Length")
                                                              or record.http_headers.get_header("Content-Length"))


def test_the_archive_of_a_hostile_crawl_is_valid(crawl, venv_bin):
    warcs = sorted((crawl["data"] / "warcs").glob("*.warc.gz"))
    assert warcs and not list((crawl["data"] / "warcs").glob("*.open"))
    result = subprocess.run([str(venv_bin / "warcio"), "check", *map(str, warcs)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

"""kill -9 a portal crawl at a dozen random moments, resume each time, lose nothing.

Each attempt is a real ``nianbao crawl … --fast --quiet`` subprocess on the same data
directory, killed with SIGKILL after a seeded random delay; the next attempt salvages the
``.open`` WARC, reconciles the database and resumes the run. Checked afterwards:

- every WARC passes ``warcio check`` and none is left ``.open``;
- the resumed run archived exactly the reports (and values) of an uninterrupted crawl;
- within the run, no page finished (a final capture committed) before an attempt started
  was fetched again by that attempt — from the portal's access log;
- the database and the WARCs agree (a full reconcile finds nothing to change).

Left out of the access-log check: POST requests (the log does not record bodies, and one
POST endpoint serves many pages) and requests made by Chromium for a list that exists only
in the browser (a resumed run renders such a column page again; recognised by the
``Sec-Fetch-Mode`` header only browsers send).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from archive.db import open_db
from archive.reconcile import reconcile
from portal.server import Portal

NIANBAO = [sys.executable, "-m", "nianbao"]
KILLS = 10
SEED = 20251122
RETRY_CODES = {500, 502, 503, 504, 522, 524, 408, 429}


def crawl_command(roots: list[str], data: Path) -> list[str]:
    return NIANBAO + ["crawl", *roots, "--data", str(data), "--fast", "--quiet"]


def finished_pages(data: Path) -> set[tuple[str, str]]:
    """(path, query) of every GET whose final capture is committed, as the resume logic sees them."""
    if not (data / "nianbao.db").exists():
        return set()
    db = open_db(data / "nianbao.db")
    done = set()
    for row in db.query("SELECT url, status, truncated, page_kind FROM captures WHERE method = 'GET'"):
        if row["status"] in RETRY_CODES or row["truncated"] or row["page_kind"] == "challenge":
            continue
        parts = urlsplit(row["url"])
        done.add((parts.port, unquote(parts.path) or "/", parts.query))
    db.conn.close()
    return done


def reports(data: Path) -> dict[tuple[str, str], dict]:
    """Cells by (site name, path?query): the reference crawl runs against its own portal, on other ports.

    The query is part of a report's address (a 年报 module serves every report from one path)."""
    db = open_db(data / "nianbao.db")
    sites = {row["root_url"].rstrip("/"): row["name"] for row in db.query("SELECT root_url, name FROM sites")}
    found = {}
    for row in db.query("SELECT url, record FROM reports"):
        parts = urlsplit(row["url"])
        address = parts.path + (f"?{parts.query}" if parts.query else "")
        found[(sites[f"{parts.scheme}://{parts.netloc}"], address)] = json.loads(row["record"])["cells"]
    return found


def wait_for_requests(process: subprocess.Popen, portal: Portal, count: int, limit: float = 120.0) -> bool:
    """Wait until the portal has served *count* requests of this attempt; False if the crawl ended first."""
    deadline = time.monotonic() + limit
    while len(portal.access_log) < count:
        if process.poll() is not None:
            return False
        if time.monotonic() > deadline:
            raise AssertionError(f"the crawl made no progress in {limit} s")
        time.sleep(0.01)
    return process.poll() is None


@pytest.fixture(scope="module")
def portal():
    with Portal() as running:
        yield running


def test_killed_and_resumed_crawl_loses_nothing_and_refetches_nothing(portal, tmp_path, venv_bin):
    roots = [site.root_url for site in portal.sites]
    ports = {site.key: urlsplit(site.root_url).port for site in portal.sites}
    # The uninterrupted reference crawl, against a portal of its own (other ports).
    reference = tmp_path / "reference"
    with Portal() as reference_portal:
        subprocess.run(crawl_command([s.root_url for s in reference_portal.sites], reference),
                       check=True, capture_output=True, timeout=600)
    expected = reports(reference)
    assert len(expected) > 100

    data = tmp_path / "killed"
    rng = random.Random(SEED)
    refetched: list[str] = []
    progress: list[int] = []  # pages finished before each attempt
    kills = 0
    for attempt in range(KILLS + 5):
        portal.clear_access_log()
        before = finished_pages(data)
        progress.append(len(before))
        process = subprocess.Popen(crawl_command(roots, data), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if kills < KILLS:
            # A random point of the crawl, counted in pages the server sent (a wall-clock delay
            # would often strike during start-up on a loaded machine), plus a random fraction
            # of a second so that kills land anywhere in the write → commit sequence; small
            # enough that ten kills land before a fast crawl of the whole portal is done.
            if wait_for_requests(process, portal, rng.randint(3, 25)):
                time.sleep(rng.uniform(0, 0.15))
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                kills += 1
        else:
            process.wait(timeout=600)
        stderr = process.stderr.read().decode(errors="replace")
        process.stderr.close()
        for entry in portal.access_log:
            key = (ports[entry["site"]], entry["path"], entry["query"])
            browser = "sec-fetch-mode" in entry["headers"]  # Chromium re-rendering a browser-only list
            if entry["method"] == "GET" and key in before and not browser:
                refetched.append(f"attempt {attempt}: {entry['site']} {entry['path']}?{entry['query']}")
        if process.returncode == 0:
            break
        assert process.returncode == -signal.SIGKILL, stderr[-3000:]
    assert process.returncode == 0 and kills >= 10, f"{kills} kills, last exit {process.returncode}"
    # The kills struck mid-crawl, not only during start-up: most attempts found more work done.
    assert sum(1 for a, b in zip(progress, progress[1:], strict=False) if b > a) >= KILLS // 2, progress

    assert refetched == [], "finished pages fetched again after a resume"
    warcs = sorted((data / "warcs").glob("*.warc.gz"))
    assert warcs and not list((data / "warcs").glob("*.open"))
    check = subprocess.run([str(venv_bin / "warcio"), "check", *map(str, warcs)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert reports(data) == expected
    db = open_db(data / "nianbao.db")
    assert [row["status"] for row in db.query("SELECT status FROM runs")] == ["finished"]
    assert not reconcile(db, data / "warcs").changed

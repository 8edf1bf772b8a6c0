"""An extraction worker that dies mid-crawl (OOM killer, a crash in a C library) costs no report.

A dead worker breaks Python's whole process pool: every document in flight fails with it,
and every later submission too. These tests kill workers of a real ``nianbao crawl`` of a
portal site with SIGKILL, as the kernel would, and check the database against the
portal's truth: the crawl replaces the pool and every report is still recorded; when
workers die at every attempt, the documents are flagged ``extraction_crashed`` (never
silently dropped) and ``nianbao reextract`` recovers them from the WARCs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from archive.db import open_db
from nianbao.extract_pool import parent_of
from portal.server import Portal

NIANBAO = [sys.executable, "-m", "nianbao"]


def extraction_workers(crawl_pid: int) -> list[int]:
    """Pids of the crawl's extraction workers: forks of its fork server (the crawl's child)."""
    workers = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        parent = parent_of(pid)
        if parent is None or parent == crawl_pid or parent_of(parent) != crawl_pid:
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if b"forkserver" in fh.read():
                    workers.append(pid)
        except OSError:
            continue
    return workers


class WorkerKiller(threading.Thread):
    """Kills the crawl's extraction workers as they appear: the first one only, or every one."""

    def __init__(self, process: subprocess.Popen, *, every: bool) -> None:
        super().__init__(daemon=True)
        self.process, self.every = process, every
        self.killed: set[int] = set()

    def run(self) -> None:
        while self.process.poll() is None and (self.every or not self.killed):
            for pid in extraction_workers(self.process.pid):
                if pid not in self.killed:
                    try:
                        os.kill(pid, signal.SIGKILL)
                        self.killed.add(pid)
                    except ProcessLookupError:
                        pass
            time.sleep(0.01)


def crawl_killing_workers(portal: Portal, key: str, data: Path, *, every: bool) -> tuple[set[int], str]:
    process = subprocess.Popen(NIANBAO + ["crawl", portal.site_root(key), "--data", str(data), "--fast", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killer = WorkerKiller(process, every=every)
    killer.start()
    _, stderr = process.communicate(timeout=600)
    killer.join(timeout=10)
    assert process.returncode == 0, stderr[-3000:]
    return killer.killed, stderr


def recorded_report_pages(data: Path) -> set[str]:
    """The page URLs of the reports in the database (a PDF report's page is its detail page)."""
    db = open_db(data / "nianbao.db")
    rows = {row["page_url"] or row["url"] for row in db.query("SELECT url, page_url FROM reports")}
    db.close()
    return rows


def page_kinds(data: Path) -> dict[str | None, int]:
    db = open_db(data / "nianbao.db")
    kinds = {row["page_kind"]: row["n"] for row in db.query(
        "SELECT page_kind, count(*) AS n FROM captures JOIN documents ON documents.capture_id = captures.id "
        "GROUP BY page_kind")}
    db.close()
    return kinds


@pytest.fixture(scope="module")
def portal():
    with Portal() as running:
        yield running


def truth_pages(portal: Portal, key: str) -> set[str]:
    return {report["page_url"] for report in portal.truth()["reports"] if report["site"] == key}


def test_a_worker_killed_mid_crawl_costs_no_report(portal, tmp_path):
    killed, _ = crawl_killing_workers(portal, "qingxi", tmp_path / "data", every=False)
    assert len(killed) == 1  # the first worker died as soon as it started, with a document in hand
    expected = truth_pages(portal, "qingxi")
    assert len(expected) == 87
    assert recorded_report_pages(tmp_path / "data") == expected
    assert "extraction_crashed" not in page_kinds(tmp_path / "data")


def test_documents_whose_worker_always_dies_are_flagged_then_reextracted(portal, tmp_path):
    data = tmp_path / "data"
    killed, stderr = crawl_killing_workers(portal, "nanling", data, every=True)
    assert killed
    kinds = page_kinds(data)
    assert kinds.get("extraction_crashed", 0) >= 1, kinds  # flagged on their captures, not lost
    assert "`nianbao reextract` tries it again" in stderr
    assert recorded_report_pages(data) < truth_pages(portal, "nanling")  # a worker may finish one first

    result = subprocess.run(NIANBAO + ["reextract", "--data", str(data)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert recorded_report_pages(data) == truth_pages(portal, "nanling")
    assert "extraction_crashed" not in page_kinds(data)

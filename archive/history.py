"""Read the time dimension back: runs, what a run fetched, a report's history, a URL's captures.

Queries only; the states themselves are written by :mod:`archive.revisions`. Shared by
the crawler (which known reports to recheck), the CLI (``runs``, ``history``, ``changes``,
``recover``) and the benchmark, so each question has one answer.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils


def normalise_agency(agency: str | None) -> str:
    """An agency name as identity: NFKC (full-width → half-width), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", agency or "").split())


def report_key(agency: str | None, year: int | None, url: str | None = None) -> str:
    """A report's identity: ``agency|year`` normalised; the URL when either is unknown."""
    name = normalise_agency(agency)
    if name and year:
        return f"{name}|{int(year)}"
    return f"url:{url}"


def site_root(url: str) -> str:
    """``scheme://host:port`` of *url*, the unit a run covers."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def runs(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every run, oldest first, with its stored summary decoded."""
    rows = list(db.query("SELECT * FROM runs ORDER BY id"))
    for row in rows:
        try:
            row["summary"] = json.loads(row["summary"]) if row["summary"] else {}
        except ValueError:
            row["summary"] = {}
        try:
            row["seeds"] = json.loads(row["seeds"]) if row["seeds"] else []
        except ValueError:
            row["seeds"] = []
    return rows


def run_sites(db: sqlite_utils.Database, run_id: int) -> set[str]:
    """The sites (``scheme://host:port``) run *run_id* was seeded with."""
    row = next(iter(db.query("SELECT seeds FROM runs WHERE id = ?", [run_id])), None)
    try:
        seeds = json.loads(row["seeds"]) if row and row["seeds"] else []
    except ValueError:
        seeds = []
    return {site_root(url) for url in seeds}


def run_urls(db: sqlite_utils.Database, run_id: int) -> set[str]:
    """Every URL run *run_id* archived a capture of."""
    return {row["url"] for row in db.query("SELECT DISTINCT url FROM captures WHERE run_id = ?", [run_id])}


def run_warc_files(db: sqlite_utils.Database, run_id: int) -> list[str]:
    """Names of the WARC files run *run_id* wrote (a run writes files of its own)."""
    return [row["warc_file"] for row in db.query(
        "SELECT DISTINCT warc_file FROM captures WHERE run_id = ? ORDER BY warc_file", [run_id])]


def run_warc_bytes(db: sqlite_utils.Database, warc_dir: str | Path, run_id: int) -> int:
    """Bytes on disk of the WARC files run *run_id* wrote."""
    directory = Path(warc_dir)
    return sum((directory / name).stat().st_size for name in run_warc_files(db, run_id)
               if (directory / name).exists())


def known_reports(db: sqlite_utils.Database, before_run: int) -> list[dict[str, Any]]:
    """Each report identity's latest state before *before_run*, unless that state is deleted."""
    return list(db.query(
        "SELECT s.report_key, s.url, s.page_url, s.agency, s.year, s.revision_id, r.title "
        "FROM report_states s LEFT JOIN reports r ON r.id = s.report_id "
        "WHERE s.run_id = (SELECT max(run_id) FROM report_states t WHERE t.report_key = s.report_key "
        "AND t.run_id < ?) AND s.state != 'deleted' ORDER BY s.report_key", [before_run]))


def captures_of(db: sqlite_utils.Database, url: str, run_id: int | None = None) -> list[dict[str, Any]]:
    """Capture rows of *url* (in one run, or all), oldest first."""
    if run_id is None:
        return list(db.query("SELECT * FROM captures WHERE url = ? ORDER BY id", [url]))
    return list(db.query("SELECT * FROM captures WHERE url = ? AND run_id = ? ORDER BY id", [url, run_id]))


def states_of(db: sqlite_utils.Database, key: str) -> list[dict[str, Any]]:
    """A report identity's state in every run that saw it, oldest first, with its revision number."""
    return list(db.query(
        "SELECT s.*, v.number AS revision, runs.started AS run_started FROM report_states s "
        "LEFT JOIN report_revisions v ON v.id = s.revision_id LEFT JOIN runs ON runs.id = s.run_id "
        "WHERE s.report_key = ? ORDER BY s.run_id", [key]))


def keys_for(db: sqlite_utils.Database, reference: str) -> list[str]:
    """Report identities *reference* names: a report URL (document or page), a key, an agency, a report id."""
    reference = reference.strip()
    found = [row["report_key"] for row in db.query(
        "SELECT DISTINCT report_key FROM report_states WHERE url = ? OR page_url = ? OR old_url = ? "
        "OR report_key = ?", [reference, reference, reference, reference])]
    if found:
        return found
    if reference.isdigit():
        row = next(iter(db.query("SELECT agency, year, url FROM reports WHERE id = ?", [int(reference)])), None)
        if row:
            return [report_key(row["agency"], row["year"], row["url"])]
    name, _, year = reference.replace("/", "|").replace(" ", "|").rpartition("|")
    if name and year.isdigit():
        return [key for key in [report_key(name, int(year))]
                if next(iter(db.query("SELECT 1 FROM report_states WHERE report_key = ?", [key])), None)]
    wanted = normalise_agency(reference)
    return [row["report_key"] for row in db.query(
        "SELECT DISTINCT report_key FROM report_states WHERE report_key LIKE ? ORDER BY report_key",
        [f"%{wanted}%"])] if wanted else []

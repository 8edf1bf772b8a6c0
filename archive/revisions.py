"""Revisions of a report across runs, and each report's state in a run.

A report's identity is its agency + year, normalised (``archive.history.report_key``):
it survives URL moves and attachment re-uploads. A revision is a distinct *normalised
content* — the six sections' text with whitespace and character widths normalised, and
the cells — not a distinct byte digest, so visit counters, timestamps, sidebars and a
re-encoded attachment do not make revisions.

After each run :func:`track_run` gives every identity one state:

- ``new`` — first seen (or seen again after it was deleted);
- ``changed`` — a new revision: which cells went old → new, a text diff of each section
  that changed (and ``old_url`` when it moved at the same time);
- ``unchanged`` / ``moved`` — the same revision, at the same / another URL;
- ``deleted`` — a report of a site the run covered that no list leads to any more, with
  the evidence its old URL gave: a 404/410, a redirect or meta refresh (to the column),
  or a page still there but unlisted. Only a run that finished can delete;
- ``unverified`` — gone from the lists, but the site answered its old URL (or the run)
  with a challenge page, a block, a server error or a truncated body: that is no evidence
  of deletion, so the report keeps its revision and the next run decides.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.history import captures_of, known_reports, report_key, run_sites, site_root
from archive.revisits import resolve_original
from archive.warc_reader import read_capture

STATES = ("new", "changed", "unchanged", "moved", "deleted", "unverified")
# Answers that say nothing about the document: anti-bot challenges (瑞数 412, 加速乐 521),
# blocks and rate limits, server errors.
INCONCLUSIVE_STATUS = {401, 403, 405, 408, 412, 418, 429, 521}


def inconclusive(capture: dict[str, Any]) -> bool:
    """True when a capture cannot tell whether the document still exists."""
    status = capture.get("status") or 0
    return (capture.get("page_kind") == "challenge" or bool(capture.get("truncated"))
            or status in INCONCLUSIVE_STATUS or status >= 500)


def site_was_blocked(db: sqlite_utils.Database, run_id: int, url: str | None) -> bool:
    """Whether any answer of *url*'s site in run *run_id* was a challenge, block or error."""
    if not url:
        return False
    root = site_root(url)
    return any(inconclusive(row) and site_root(row["url"]) == root
               for row in db.query("SELECT url, status, page_kind, truncated FROM captures WHERE run_id = ? "
                                   "AND (page_kind = 'challenge' OR truncated IS NOT NULL OR status >= 400)",
                                   [run_id]))
META_REFRESH = re.compile(
    rb"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["']?\s*\d*\s*;?\s*url\s*=\s*([^"'>\s]+)""",
    re.I)


def normalise_text(text: str | None) -> str:
    """Section text as compared: NFKC, whitespace removed (line breaks are layout, not content)."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def fingerprint(record: dict[str, Any]) -> str:
    """The revision identity of a record: sha1 of its normalised sections and its cells."""
    content = {
        "sections": {name: normalise_text(text) for name, text in sorted((record.get("sections") or {}).items())
                     if normalise_text(text)},
        "cells": {code: record["cells"][code] for code in sorted(record.get("cells") or {})},
    }
    return hashlib.sha1(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def cell_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """``{code: [old, new]}`` for every cell whose value differs (absent = None)."""
    return {code: [old.get(code), new.get(code)] for code in sorted(set(old) | set(new))
            if old.get(code) != new.get(code)}


def section_changes(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """``{section: unified diff}`` for every section whose normalised text differs."""
    diffs = {}
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name) or "", new.get(name) or ""
        if normalise_text(before) == normalise_text(after):
            continue
        lines = difflib.unified_diff(before.splitlines(), after.splitlines(), f"{name} (before)", f"{name} (after)",
                                     lineterm="", n=1)
        diffs[name] = "\n".join(lines)
    return diffs


def deletion_evidence(db: sqlite_utils.Database, warc_dir: str | Path, run_id: int,
                      urls: list[str], rechecked: set[str]) -> dict[str, Any] | None:
    """What the old URLs of a report answered in run *run_id*: why it counts as gone, or
    None when the answers are no evidence either way (challenge, block, error, truncation)."""
    for url in urls:
        for capture in reversed(captures_of(db, url, run_id)):
            status = capture["status"] or 0
            if inconclusive(capture):
                return None
            if status in (404, 410):
                return {"kind": "http_404" if status == 404 else "http_410", "url": url, "status": status,
                        "capture_id": capture["id"]}
            if 300 <= status < 400 and status != 304:
                stored = read_capture(warc_dir, capture["warc_file"], capture["offset"])
                return {"kind": "redirect", "url": url, "status": status, "location": stored.header("Location"),
                        "capture_id": capture["id"]}
            if status in (200, 304):
                target = meta_refresh_target(db, warc_dir, capture)
                if target:
                    return {"kind": "meta_refresh", "url": url, "target": target, "capture_id": capture["id"]}
                return {"kind": "unlisted", "url": url, "capture_id": capture["id"],
                        "detail": "the page still answers but no list links to it"}
    if site_was_blocked(db, run_id, urls[0] if urls else None):
        return None  # the list may be missing only because the site refused us
    reason = "rechecked, no answer archived" if set(urls) & rechecked else "not fetched: no list links to it"
    return {"kind": "not_listed", "url": urls[0] if urls else None, "detail": reason}


def meta_refresh_target(db: sqlite_utils.Database, warc_dir: str | Path, capture: dict[str, Any]) -> str | None:
    """The URL a page's ``<meta http-equiv="refresh">`` sends the reader to, if it has one."""
    try:
        source = resolve_original(db, capture)
        body = read_capture(warc_dir, source["warc_file"], source["offset"]).payload()[:8192]
    except (OSError, ValueError, LookupError):
        return None
    found = META_REFRESH.search(body)
    return found.group(1).decode("latin-1") if found else None


def _latest_revision(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    return next(iter(db.query("SELECT * FROM report_revisions WHERE report_key = ? ORDER BY number DESC LIMIT 1",
                              [key])), None)


def _record_of(db: sqlite_utils.Database, report_id: int | None) -> dict[str, Any]:
    row = next(iter(db.query("SELECT record FROM reports WHERE id = ?", [report_id])), None) if report_id else None
    return json.loads(row["record"]) if row and row["record"] else {}


def current_reports(db: sqlite_utils.Database, run_id: int, rechecked: set[str],
                    known: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The report document of each identity in run *run_id*, unlisted pages left out.

    One identity can have several documents: a page and its attachment both holding the
    report, or the same report published on two sites. The document at the URL known from
    earlier runs keeps the identity (so the choice does not flip between runs); otherwise
    the one with the most cells wins, then the first stored.
    """
    best: dict[str, dict[str, Any]] = {}
    for row in db.query("SELECT id, url, page_url, agency, year, cells_found FROM reports WHERE run_id = ? "
                        "ORDER BY id", [run_id]):
        if row["url"] in rechecked or (row["page_url"] and row["page_url"] in rechecked):
            continue
        key = report_key(row["agency"], row["year"], row["url"])
        held = best.get(key)
        known_url = (known.get(key) or {}).get("url")
        if held is None or (row["url"] == known_url) > (held["url"] == known_url) or (
                (row["url"] == known_url) == (held["url"] == known_url)
                and (row["cells_found"] or 0) > (held["cells_found"] or 0)):
            best[key] = row
    return best


def track_run(db: sqlite_utils.Database, warc_dir: str | Path, run_id: int, *, complete: bool) -> dict[str, int]:
    """Write ``report_states`` (and new ``report_revisions``) for run *run_id*; counts per state.

    Idempotent: a run tracked again (a resumed run) replaces its own states.
    """
    rechecked = {row["url"] for row in db.query("SELECT url FROM rechecks WHERE run_id = ?", [run_id])}
    with db.conn:
        db.execute("DELETE FROM report_states WHERE run_id = ?", [run_id])
        db.execute("DELETE FROM report_revisions WHERE run_id = ?", [run_id])
    previous = {row["report_key"]: row for row in known_reports(db, before_run=run_id)}
    current = current_reports(db, run_id, rechecked, previous)
    counts = dict.fromkeys(STATES, 0)
    rows = []
    for key, report in current.items():
        record = _record_of(db, report["id"])
        revision = _latest_revision(db, key)
        known = previous.get(key)
        state = {"run_id": run_id, "report_key": key, "agency": report["agency"], "year": report["year"],
                 "report_id": report["id"], "url": report["url"], "page_url": report["page_url"]}
        digest = fingerprint(record)
        if revision is None or revision["fingerprint"] != digest:
            number = revision["number"] + 1 if revision else 1
            state["previous_revision_id"] = revision["id"] if revision else None
            with db.conn:
                state["revision_id"] = db["report_revisions"].insert({
                    "report_key": key, "number": number, "agency": report["agency"], "year": report["year"],
                    "fingerprint": digest, "report_id": report["id"], "run_id": run_id, "url": report["url"],
                }).last_pk
            if revision is not None and known is not None:
                old = _record_of(db, revision["report_id"])
                state["state"] = "changed"
                state["cells_changed"] = json.dumps(cell_changes(old.get("cells") or {}, record.get("cells") or {}),
                                                    ensure_ascii=False)
                state["sections_changed"] = json.dumps(section_changes(old.get("sections") or {},
                                                                       record.get("sections") or {}),
                                                       ensure_ascii=False)
            else:
                state["state"] = "new"
        else:
            state["revision_id"] = revision["id"]
            state["state"] = "new" if known is None else "unchanged"
        if known is not None and known["url"] != report["url"]:
            state["old_url"] = known["url"]
            if state["state"] == "unchanged":
                state["state"] = "moved"
            state["evidence"] = json.dumps(deletion_evidence(db, warc_dir, run_id, [known["page_url"] or known["url"]],
                                                             rechecked), ensure_ascii=False)
        rows.append(state)
    if complete:
        sites = run_sites(db, run_id)
        for key, known in previous.items():
            if key in current or site_root(known["url"]) not in sites:
                continue
            urls = [u for u in dict.fromkeys([known["page_url"], known["url"]]) if u]
            evidence = deletion_evidence(db, warc_dir, run_id, urls, rechecked)
            rows.append({"run_id": run_id, "report_key": key, "state": "deleted" if evidence else "unverified",
                         "agency": known["agency"],
                         "year": known["year"], "url": known["url"], "page_url": known["page_url"],
                         "revision_id": known["revision_id"], "previous_revision_id": known["revision_id"],
                         "evidence": json.dumps(evidence or {"kind": "inconclusive", "detail": (
                             "the site answered with a challenge, block, error or truncated body")},
                             ensure_ascii=False)})
    with db.conn:
        db["report_states"].insert_all(rows, pk=("run_id", "report_key"), alter=True)
    for row in rows:
        counts[row["state"]] += 1
    return counts

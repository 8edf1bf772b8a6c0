"""``nianbao runs``, ``changes``, ``history`` and ``diff``: the time dimension, for people and scripts.

Reads what :mod:`archive.revisions` stored after each run; prints it with rich, or as
JSON (``--json``) for scripts. A change is one report identity's state in one run:
kind, where it is (and was), the cells that went old → new, a text diff of the sections
that changed, and for deletions the evidence its old URL gave.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlite_utils
from rich.console import Console
from rich.table import Table

from archive.history import runs, states_of
from archive.revisions import cell_changes, section_changes

CHANGE_KINDS = ("new", "changed", "moved", "deleted")


def as_utc(iso: str) -> datetime:
    """An ISO 8601 date or time as an aware UTC datetime (naive = UTC)."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def since_run(db: sqlite_utils.Database, since: str | None) -> int:
    """The first run to report: *since* is a run id, an ISO date (runs started at or after it), or None (latest run)."""
    all_runs = runs(db)
    if not all_runs:
        raise LookupError("no runs yet: crawl first")
    if since is None:
        return all_runs[-1]["id"]
    if since.isdigit() and len(since) < 8:
        run_id = int(since)
        if not any(r["id"] == run_id for r in all_runs):
            raise LookupError(f"no run {run_id}; runs are {all_runs[0]['id']}…{all_runs[-1]['id']}")
        return run_id
    try:
        moment = as_utc(since)
    except ValueError:
        raise LookupError(f"--since {since!r} is neither a run id nor an ISO date (2025-03-01)") from None
    later = [r["id"] for r in all_runs if r["started"] and as_utc(r["started"]) >= moment]
    if not later:
        raise LookupError(f"no run started on or after {since}")
    return later[0]


def change_rows(db: sqlite_utils.Database, first_run: int) -> list[dict[str, Any]]:
    """Every state other than ``unchanged`` from run *first_run* on, decoded."""
    rows = list(db.query(
        "SELECT * FROM report_states WHERE run_id >= ? AND state != 'unchanged' ORDER BY run_id, state, report_key",
        [first_run]))
    return [decode_state(row) for row in rows]


def decode_state(row: dict[str, Any]) -> dict[str, Any]:
    """A ``report_states`` row with its JSON columns decoded, in the shape ``--json`` prints."""
    return {
        "run": row["run_id"], "kind": row["state"], "report": row["report_key"], "agency": row["agency"],
        "year": row["year"], "url": row["url"], "page_url": row["page_url"], "old_url": row.get("old_url"),
        "report_id": row.get("report_id"),
        "cells": {code: {"old": old, "new": new}
                  for code, (old, new) in json.loads(row.get("cells_changed") or "{}").items()},
        "sections": json.loads(row.get("sections_changed") or "{}"),
        "evidence": json.loads(row.get("evidence") or "null"),
    }


def print_changes(changes: list[dict[str, Any]], console: Console | None = None) -> None:
    console = console or Console()
    if not changes:
        console.print("no changes")
        return
    for change in changes:
        where = f"{change['old_url']} → {change['url']}" if change["old_url"] else change["url"]
        console.print(f"[bold]run {change['run']} · {change['kind']}[/bold] · {change['agency']} {change['year']} · {where}",
                      highlight=False)
        for code, values in change["cells"].items():
            console.print(f"    {code}: {values['old']} → {values['new']}", highlight=False)
        for section, diff in change["sections"].items():
            console.print(f"    section {section}:", highlight=False)
            for line in diff.splitlines()[2:]:
                console.print(f"      {line}", highlight=False, markup=False)
        if change["evidence"] and change["kind"] in ("deleted", "moved"):
            evidence = change["evidence"]
            detail = evidence.get("location") or evidence.get("target") or evidence.get("detail") or ""
            console.print(f"    evidence: {evidence['kind']} {evidence.get('status') or ''} {detail}".rstrip(),
                          highlight=False)


def print_runs(db: sqlite_utils.Database, console: Console | None = None) -> None:
    table = Table(title="nianbao runs")
    for column in ("run", "started (UTC)", "status", "pages", "reports", "WARC bytes", "revisits",
                   "new", "changed", "moved", "deleted"):
        table.add_column(column)
    for run in runs(db):
        summary = run["summary"]
        states = summary.get("changes") or {}
        table.add_row(str(run["id"]), (run["started"] or "")[:19].replace("T", " "), run["status"] or "",
                      str(summary.get("pages_fetched", "")), str(summary.get("reports", "")),
                      str(summary.get("run_warc_bytes", "")), str(summary.get("revisits", "")),
                      *(str(states.get(kind, "")) for kind in ("new", "changed", "moved", "deleted")))
    (console or Console(width=max(Console().width, 140))).print(table)  # too many columns for 80


def print_history(db: sqlite_utils.Database, key: str, console: Console | None = None) -> None:
    console = console or Console()
    states = states_of(db, key)
    table = Table(title=f"history of {key}")
    for column in ("run", "started", "state", "revision", "report id", "url"):
        table.add_column(column)
    for state in states:
        table.add_row(str(state["run_id"]), state["run_started"] or "", state["state"],
                      str(state["revision"] or ""), str(state["report_id"] or ""), state["url"] or "")
    console.print(table)


def report_record(db: sqlite_utils.Database, report_id: int) -> dict[str, Any]:
    row = next(iter(db.query("SELECT record FROM reports WHERE id = ?", [report_id])), None)
    if row is None:
        raise LookupError(f"no report {report_id} (report ids are listed by `nianbao history`)")
    return json.loads(row["record"])


def report_diff(db: sqlite_utils.Database, a: int, b: int) -> dict[str, Any]:
    """Cells old → new and section text diffs between report rows *a* and *b*."""
    old, new = report_record(db, a), report_record(db, b)
    fields = {name: [old.get(name), new.get(name)] for name in ("agency", "year", "url", "title", "published")
              if old.get(name) != new.get(name)}
    return {"a": a, "b": b, "fields": fields,
            "cells": {code: {"old": o, "new": n} for code, (o, n) in
                      cell_changes(old.get("cells") or {}, new.get("cells") or {}).items()},
            "sections": section_changes(old.get("sections") or {}, new.get("sections") or {})}

"""The end-of-run summary: what was crawled, archived and extracted, and where it is."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from nianbao.config import DataLayout


def warc_files(layout: DataLayout) -> list:
    return sorted(p for p in layout.warc_dir.glob("*.warc.gz*") if p.is_file())


def run_summary(db, layout: DataLayout, run_id: int, stats: dict) -> dict:
    """Figures for run *run_id*, read from the database and the WARC directory."""

    def one(sql: str) -> int:
        return next(iter(db.execute(sql, [run_id]).fetchone() or [0])) or 0

    files = warc_files(layout)
    return {
        "run": run_id,
        "sites": len(list(db.query("SELECT DISTINCT substr(url, 1, instr(substr(url, 9), '/') + 8) AS site "
                                   "FROM captures WHERE run_id = ?", [run_id]))),
        "pages_fetched": one("SELECT count(*) FROM captures WHERE run_id = ? AND record_type = 'response'"),
        "reports": one("SELECT count(*) FROM reports WHERE run_id = ?"),
        "cells": one("SELECT count(*) FROM cells JOIN reports ON reports.id = cells.report_id "
                     "WHERE reports.run_id = ? AND cells.value IS NOT NULL"),
        "checks_failed": one("SELECT count(*) FROM checks JOIN reports ON reports.id = checks.report_id "
                             "WHERE reports.run_id = ? AND checks.result LIKE 'fail%'"),
        "warc_files": len(files),
        "warc_bytes": sum(p.stat().st_size for p in files),
        "errors": stats.get("log_count/ERROR", 0),
        "finish_reason": stats.get("finish_reason"),
        "database": str(layout.db_path),
        "warcs": str(layout.warc_dir),
        "index": str(layout.index_path),
    }


def print_summary(summary: dict, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"nianbao run {summary['run']}", show_header=False)
    labels = [
        ("sites", "sites"), ("pages fetched", "pages_fetched"), ("reports found", "reports"),
        ("cells extracted", "cells"), ("checks failed", "checks_failed"), ("WARC files", "warc_files"),
        ("WARC bytes", "warc_bytes"), ("errors logged", "errors"), ("finish reason", "finish_reason"),
        ("database", "database"), ("WARCs", "warcs"), ("CDXJ index", "index"),
    ]
    for label, key in labels:
        table.add_row(label, str(summary.get(key)))
    if summary.get("changes"):  # the time dimension (archive.revisions): states of this run's reports
        table.add_row("this run's WARC bytes", f"{summary.get('run_warc_bytes')} ({summary.get('revisits')} revisits)")
        table.add_row("report states", " · ".join(f"{state} {n}" for state, n in summary["changes"].items()))
    console.print(table)
    console.print(f"Browse it: datasette {summary['database']}  ·  "
                  f"export: nianbao export --format csv --data {summary['database'].rsplit('/', 1)[0]}")

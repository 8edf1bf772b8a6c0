"""Make the ``captures`` table and the WARC files agree again after a crash.

The WARCs are the source of truth (``archive.db``). A capture row is inserted only after
its record pair is flushed, so after a kill the two can disagree in two ways only:

- a row points at bytes that are gone: its file was salvaged (``archive.salvage``) and
  the torn tail it pointed into was cut, or the file vanished — the row is removed,
  together with any report rows extracted from it;
- a record has no row: the process died between flushing the pair and committing the
  row — the row is re-added from the record itself, with the run named in the file's
  warcinfo (``nianbao-run-id``), so a resumed run treats it as fetched.

Rows are matched to records by ``(warc_file, offset)`` and checked by record id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from archive.captures import record_capture
from archive.exchange import Exchange
from archive.report_rows import delete_reports_of_capture
from archive.warc_reader import StoredResponse, iter_records

logger = logging.getLogger(__name__)

RUN_ID_FIELD = "nianbao-run-id"
ROW_TYPES = ("response", "revisit")
WARC_SUFFIX = ".warc.gz"


@dataclass
class ReconcileResult:
    files_checked: list[str] = field(default_factory=list)
    rows_removed: list[int] = field(default_factory=list)  # capture ids whose record is gone
    rows_added: list[int] = field(default_factory=list)  # capture ids re-added from records
    unreadable_files: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.rows_removed or self.rows_added)


def warcinfo_run_id(path: str | Path) -> int | None:
    """The run id the writer put in the file's warcinfo record, if any."""
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "warcinfo":
                    return None
                for line in record.content_stream().read().decode("utf-8", "replace").splitlines():
                    name, _, value = line.partition(":")
                    if name.strip() == RUN_ID_FIELD and value.strip().isdigit():
                        return int(value.strip())
                return None
    except Exception as exc:  # noqa: BLE001 - warcio raises bare exceptions on garbage
        logger.warning("reconcile: cannot read the warcinfo of %s: %s", path, exc)
    return None


def exchange_of(stored: StoredResponse) -> Exchange:
    """An :class:`Exchange` rebuilt from a stored record, enough for a capture row."""
    return Exchange(
        url=stored.url,
        method=(stored.method or "GET").upper(),
        status=stored.status or 0,
        response_headers=[(k.encode("latin-1", "replace"), v.encode("latin-1", "replace")) for k, v in stored.headers],
        body=stored.body,
        truncated=stored.truncated,
        fetched_at=stored.warc_date,
    )


def remove_capture(db: sqlite_utils.Database, capture_id: int) -> None:
    """Delete a capture row and the report rows extracted from it."""
    with db.conn:
        delete_reports_of_capture(db, capture_id)
        db.execute("DELETE FROM captures WHERE id = ?", [capture_id])


def reconcile_file(db: sqlite_utils.Database, path: Path, result: ReconcileResult) -> None:
    """Bring the rows of one finished WARC file in line with its records."""
    name = path.name
    rows = {row["offset"]: row for row in db.query("SELECT id, offset, record_id FROM captures WHERE warc_file = ?",
                                                   [name])}
    records: dict[int, StoredResponse] = {}
    try:
        for stored in iter_records(path):
            assert stored.location is not None
            records[stored.location.offset] = stored
    except Exception as exc:  # noqa: BLE001 - a finished file that does not read is reported, rows kept
        logger.error("reconcile: %s does not read to its end (%s); its rows are left alone", name, exc)
        result.unreadable_files.append(name)
        return
    result.files_checked.append(name)
    for offset, row in rows.items():
        stored = records.get(offset)
        if stored is None or stored.record_id != row["record_id"]:
            remove_capture(db, row["id"])
            result.rows_removed.append(row["id"])
    # Only HTTP captures get rows: a ``resource`` record (a browser DOM, urn:dom:…) is
    # content the crawler made and is written without one on purpose.
    missing = [stored for offset, stored in records.items()
               if offset not in rows and stored.record_type in ROW_TYPES]
    if not missing:
        return
    run_id = warcinfo_run_id(path)
    for stored in missing:
        assert stored.location is not None
        with db.conn:
            capture_id = record_capture(db, exchange_of(stored), stored.location, run_id)
        result.rows_added.append(capture_id)


def reconcile(db: sqlite_utils.Database, warc_dir: str | Path, files: Iterable[str] | None = None) -> ReconcileResult:
    """Reconcile rows with records for *files* (names in *warc_dir*; None = every file).

    Rows naming a file that no longer exists (finished or ``.open``) are removed too.
    Start-up passes the files that can disagree (salvaged ones, those of unfinished
    runs, those no row names yet) so that a large archive is not re-read on every run.
    """
    directory = Path(warc_dir)
    result = ReconcileResult()
    present = {p.name for p in directory.glob("*" + WARC_SUFFIX)} if directory.is_dir() else set()
    open_files = {p.name.removesuffix(".open") for p in directory.glob("*.open")} if directory.is_dir() else set()
    for row in db.query("SELECT id, warc_file FROM captures"):
        if row["warc_file"] not in present and row["warc_file"] not in open_files:
            remove_capture(db, row["id"])
            result.rows_removed.append(row["id"])
    wanted = sorted(present if files is None else set(files) & present)
    for name in wanted:
        reconcile_file(db, directory / name, result)
    if result.changed:
        logger.warning("reconcile: removed %d capture rows without records, re-added %d records without rows",
                       len(result.rows_removed), len(result.rows_added))
    return result


def files_to_check(db: sqlite_utils.Database, warc_dir: str | Path, runs: Iterable[int],
                   salvaged: Iterable[str]) -> set[str]:
    """Files that can disagree with the database: salvaged, written by *runs*, or named by no row."""
    directory = Path(warc_dir)
    present = {p.name for p in directory.glob("*" + WARC_SUFFIX)} if directory.is_dir() else set()
    named = {row["warc_file"] for row in db.query("SELECT DISTINCT warc_file FROM captures")}
    run_ids = list(runs)
    of_runs: set[str] = set()
    if run_ids:
        marks = ",".join("?" * len(run_ids))
        of_runs = {row["warc_file"] for row in db.query(
            f"SELECT DISTINCT warc_file FROM captures WHERE run_id IN ({marks})", run_ids)}
    return (set(salvaged) | of_runs | (present - named)) & present

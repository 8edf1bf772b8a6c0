"""Package a run (or the whole archive) as a WACZ with py-wacz and our own ``pages.jsonl``.

A WACZ is what people hand over and open in ReplayWeb.page or import into pywb
(``wb-manager add --unpack-wacz``). py-wacz writes the sorted ZipNum index
(``indexes/index.cdx.gz`` — the name pywb's importer recognises), the datapackage and its
digest; our ``pages/pages.jsonl`` lists the report documents, the pages a reader wants.

A run's revisits refer to originals written by earlier runs, and a revisit whose
original is not in the package does not replay (research/archiving.md §4.5 item 9c), so
the package of a run also carries the WARC files holding those originals.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import sqlite_utils
from wacz.main import main as wacz_main

from archive.history import run_warc_files

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Government information disclosure reports"}


class WaczError(RuntimeError):
    """py-wacz refused to build or validate the package."""


def package_files(db: sqlite_utils.Database, warc_dir: str | Path, run_id: int | None) -> list[Path]:
    """The WARC files of run *run_id* plus those holding its revisits' originals (every file when None)."""
    directory = Path(warc_dir)
    if run_id is None:
        names = [row["warc_file"] for row in db.query("SELECT DISTINCT warc_file FROM captures ORDER BY warc_file")]
    else:
        names = run_warc_files(db, run_id)
        names += [row["warc_file"] for row in db.query(
            "SELECT DISTINCT o.warc_file FROM captures r JOIN captures o ON o.url = r.url "
            "AND o.payload_digest = r.payload_digest AND o.record_type = 'response' "
            "WHERE r.run_id = ? AND r.record_type = 'revisit'", [run_id])]
    files = [directory / name for name in sorted(set(names))]
    missing = [str(path) for path in files if not path.exists()]
    if missing:
        raise WaczError(f"WARC files named in the database are missing: {', '.join(missing)}")
    if not files:
        raise WaczError("nothing to package: no captures" + (f" in run {run_id}" if run_id else ""))
    return files


def pages(db: sqlite_utils.Database, run_id: int | None) -> list[dict]:
    """One page per report document: its URL, capture time and title."""
    where, params = ("WHERE r.run_id = ?", [run_id]) if run_id is not None else ("", [])
    rows = db.query(
        "SELECT DISTINCT c.url, c.fetched_at, r.title, c.id FROM reports r JOIN captures c ON c.id = r.capture_id "
        f"{where} ORDER BY c.id", params)
    return [{"id": f"capture-{row['id']}", "url": row["url"], "ts": row["fetched_at"], "title": row["title"] or ""}
            for row in rows]


def _run_wacz(args: list[str]) -> str:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = wacz_main(args)
    if code:
        raise WaczError(f"wacz {args[0]} failed ({code}): {output.getvalue().strip()[-2000:]}")
    return output.getvalue()


def create_wacz(db: sqlite_utils.Database, warc_dir: str | Path, output: str | Path, run_id: int | None = None,
                title: str | None = None) -> Path:
    """Write the WACZ of run *run_id* (or of everything) to *output*; returns its path."""
    files = package_files(db, warc_dir, run_id)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pages_path = Path(tmp) / "pages.jsonl"
        with open(pages_path, "w", encoding="utf-8") as fh:
            for page in [PAGES_HEADER, *pages(db, run_id)]:
                fh.write(json.dumps(page, ensure_ascii=False) + "\n")
        name = title or (f"nianbao run {run_id}" if run_id is not None else "nianbao archive")
        _run_wacz(["create", "-o", str(output), "--pages", str(pages_path), "--copy-pages", "--title", name,
                   *map(str, files)])
    return output


def validate_wacz(path: str | Path) -> str:
    """Run py-wacz's validator on *path*; returns its report, raises :class:`WaczError` when invalid."""
    return _run_wacz(["validate", "-f", str(path)])

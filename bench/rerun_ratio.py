"""What a scheduled re-run costs in archive bytes: the whole portal crawled twice, unchanged.

The second run sends conditional GETs from the capture history; the portal answers 304 for
everything unchanged, and each answer becomes a server-not-modified revisit (an empty
block plus its request record) instead of a second copy of the page. Printed:

* the first run's and the re-run's WARC bytes and their ratio (the goal is ≤ 5 %);
* the re-run's records by kind (304 revisits, identical-digest revisits, full responses),
  and its WARC bytes by WARC record type (where the bytes go: revisits vs. request records);
* the cost per URL: the first run's average stored capture, the re-run's average revisit
  pair — the ratio cannot go below the second divided by the first while every URL is
  re-checked and every check leaves a record;
* report states of the re-run (all must be ``unchanged``: no revision).

    .venv/bin/python bench/rerun_ratio.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from archive.history import run_warc_bytes, run_warc_files
from portal.server import Portal, free_base_port
from portal.sites import SITE_BUILDERS

NIANBAO = [sys.executable, "-m", "nianbao"]
GOAL = 0.05


def crawl(data: Path, port: int) -> None:
    """One crawl of every portal site at epoch 1, site i on port + i (the same URLs each time)."""
    with Portal(port=port) as portal:
        roots = [site.root_url for site in portal.sites]
        result = subprocess.run(NIANBAO + ["crawl", *roots, "--data", str(data), "--fast", "--quiet"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"crawl failed:\n{result.stderr[-3000:]}")


def bytes_by_record_type(warcs: Path, names: list[str]) -> dict[str, int]:
    """Compressed bytes of each WARC record type (gzip member lengths) in the files *names*."""
    totals: dict[str, int] = {}
    for name in names:
        with open(warcs / name, "rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                records.read_to_end(record)
                totals[record.rec_type] = totals.get(record.rec_type, 0) + records.get_record_length()
    return totals


def figures(data: Path) -> dict:
    db = open_db(data / "nianbao.db")
    warcs = data / "warcs"
    first, second = run_warc_bytes(db, warcs, 1), run_warc_bytes(db, warcs, 2)
    kinds = dict(db.execute("SELECT record_type || ' ' || status, count(*) FROM captures WHERE run_id = 2 "
                            "GROUP BY 1").fetchall())
    captures_1 = db.execute("SELECT count(*) FROM captures WHERE run_id = 1").fetchone()[0]
    captures_2 = db.execute("SELECT count(*) FROM captures WHERE run_id = 2").fetchone()[0]
    states = dict(db.execute("SELECT state, count(*) FROM report_states WHERE run_id = 2 GROUP BY 1").fetchall())
    return {"first_run_bytes": first, "rerun_bytes": second, "ratio": second / first if first else None,
            "rerun_records": kinds, "rerun_bytes_by_record_type": bytes_by_record_type(warcs, run_warc_files(db, 2)),
            "first_run_bytes_per_capture": first / captures_1 if captures_1 else None,
            "rerun_bytes_per_capture": second / captures_2 if captures_2 else None, "rerun_report_states": states}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="data directory to keep (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(args.keep or tmp) / "data"
        port = free_base_port(len(SITE_BUILDERS))
        crawl(data, port)
        crawl(data, port)
        result = figures(data)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    verdict = "met" if result["ratio"] is not None and result["ratio"] <= GOAL else "NOT met"
    print(f"re-run wrote {result['ratio']:.1%} of the first run's WARC bytes (goal ≤ {GOAL:.0%}: {verdict}); "
          f"{result['first_run_bytes_per_capture']:.0f} B per first-run capture vs "
          f"{result['rerun_bytes_per_capture']:.0f} B per re-run record pair")
    return 0


if __name__ == "__main__":
    sys.exit(main())

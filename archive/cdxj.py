"""A sorted CDXJ index of a WARC directory, the lookup table replay tools binary-search.

pywb (and the CDXJ spec) require lines sorted bytewise, ``LC_ALL=C`` style; cdxj-indexer's
library default writes them in WARC order and pywb then silently misses captures (pywb
#982). POST captures are indexed with their request body appended to the key, as
``wb-manager add`` does, so every page of a POST-paginated list has its own entry.
"""

from __future__ import annotations

import heapq
import json
import os
from pathlib import Path

INDEX_NAME = "index.cdxj"
COVERAGE_SUFFIX = ".warcs"  # beside the index: which WARC files (name → size) it covers
WARC_SUFFIXES = (".warc.gz", ".warc")


def warc_files(warc_dir: str | Path) -> list[Path]:
    """Finished WARC files of *warc_dir* (``.open`` files are still being written), sorted by name."""
    directory = Path(warc_dir)
    return sorted(p for p in directory.iterdir() if p.is_file() and p.name.endswith(WARC_SUFFIXES))


def load_indexer() -> type:
    """cdxj-indexer's ``CDXJIndexer``, imported on first use rather than with this module.

    It pulls in pyamf and pkg_resources (~0.15 CPU-s), which a crawl would otherwise pay at
    start-up for an index it writes at the end. A one-time cost like every other import,
    so a crawl loads it before it times its indexing (``nianbao.crawl.finish_run``).
    """
    from cdxj_indexer.main import CDXJIndexer

    return CDXJIndexer


def index_warcs(warc_paths: list[Path], output: str | Path, dir_root: str | Path) -> None:
    """Write the sorted CDXJ lines of *warc_paths* (filenames relative to *dir_root*) to *output*.

    cdxj-indexer's sorting writer sorts Python strings, i.e. by code point, which is the
    same order as UTF-8 bytes: the ``LC_ALL=C`` order the spec asks for. It spills to
    temporary files for large archives instead of holding every line in memory.
    """
    indexer = load_indexer()(
        str(output), [str(p) for p in warc_paths], post_append=True, sort=True, dir_root=str(dir_root)
    )
    indexer.process_all()


def write_cdxj_index(warc_dir: str | Path, output: str | Path | None = None, *, rebuild: bool = False) -> Path:
    """Bring *output* (default ``<warc_dir>/../index.cdxj``) up to date with *warc_dir*.

    A finished WARC never changes, so after each run only the new files are indexed and
    their sorted lines merged into the existing index: the cost grows with the run, not
    with the archive. A sidecar (``index.cdxj.warcs``) records which files, at which size,
    the index covers; when it is missing, or a covered file is gone or has another size
    (a salvage, a hand edit), or *rebuild* is asked, the whole directory is indexed again.
    Either way the result is byte-identical to a full rebuild. The file is written beside
    and renamed over the old one, so readers never see half an index. Returns its path.
    """
    warc_dir = Path(warc_dir)
    output = Path(output) if output else warc_dir.parent / INDEX_NAME
    output.parent.mkdir(parents=True, exist_ok=True)
    current = {p.name: p.stat().st_size for p in warc_files(warc_dir)}
    covered = {} if rebuild else _coverage(output)
    incremental = bool(covered) and output.exists() and all(current.get(n) == size for n, size in covered.items())
    new_files = [warc_dir / n for n in current if not (incremental and n in covered)]
    if incremental and not new_files:
        return output
    temporary = output.with_name(output.name + ".tmp")
    if incremental:
        fresh = output.with_name(output.name + ".new")
        index_warcs(new_files, fresh, dir_root=warc_dir)
        _merge_sorted([output, fresh], temporary)
        fresh.unlink()
    else:
        index_warcs(sorted(new_files), temporary, dir_root=warc_dir)
    _coverage_path(output).unlink(missing_ok=True)  # killed before the next line: a full rebuild next time
    os.replace(temporary, output)
    _write_coverage(output, current)
    return output


def _merge_sorted(sorted_files: list[Path], output: Path) -> None:
    """Merge already sorted CDXJ files line by line (bytewise order), holding one line of each."""
    handles = [path.open("rb") for path in sorted_files]
    try:
        with output.open("wb") as out:
            out.writelines(heapq.merge(*handles))
    finally:
        for handle in handles:
            handle.close()


def _coverage_path(index: Path) -> Path:
    return index.with_name(index.name + COVERAGE_SUFFIX)


def _coverage(index: Path) -> dict[str, int]:
    """The WARC files (name → size) *index* was built from; empty when unknown or unreadable."""
    try:
        data = json.loads(_coverage_path(index).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, int) for v in data.values()):
        return {}
    return data


def _write_coverage(index: Path, files: dict[str, int]) -> None:
    path = _coverage_path(index)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(files, indent=0, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)

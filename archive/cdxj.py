"""A sorted CDXJ index of a WARC directory, the lookup table replay tools binary-search.

pywb (and the CDXJ spec) require lines sorted bytewise, ``LC_ALL=C`` style; cdxj-indexer's
library default writes them in WARC order and pywb then silently misses captures (pywb
#982). POST captures are indexed with their request body appended to the key, as
``wb-manager add`` does, so every page of a POST-paginated list has its own entry.
"""

from __future__ import annotations

import os
from pathlib import Path

from cdxj_indexer.main import CDXJIndexer

INDEX_NAME = "index.cdxj"
WARC_SUFFIXES = (".warc.gz", ".warc")


def warc_files(warc_dir: str | Path) -> list[Path]:
    """Finished WARC files of *warc_dir* (``.open`` files are still being written), sorted by name."""
    directory = Path(warc_dir)
    return sorted(p for p in directory.iterdir() if p.is_file() and p.name.endswith(WARC_SUFFIXES))


def index_warcs(warc_paths: list[Path], output: str | Path, dir_root: str | Path) -> None:
    """Write the sorted CDXJ lines of *warc_paths* (filenames relative to *dir_root*) to *output*.

    cdxj-indexer's sorting writer sorts Python strings, i.e. by code point, which is the
    same order as UTF-8 bytes: the ``LC_ALL=C`` order the spec asks for. It spills to
    temporary files for large archives instead of holding every line in memory.
    """
    indexer = CDXJIndexer(
        str(output), [str(p) for p in warc_paths], post_append=True, sort=True, dir_root=str(dir_root)
    )
    indexer.process_all()


def write_cdxj_index(warc_dir: str | Path, output: str | Path | None = None) -> Path:
    """Index every finished WARC in *warc_dir* into *output* (default ``<warc_dir>/../index.cdxj``).

    The file is written beside and then renamed over the old one, so readers never see
    half an index. Returns the path written.
    """
    warc_dir = Path(warc_dir)
    output = Path(output) if output else warc_dir.parent / INDEX_NAME
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".tmp")
    index_warcs(warc_files(warc_dir), temporary, dir_root=warc_dir)
    os.replace(temporary, output)
    return output

"""Replay the whole archive in pywb, in place: no copy of the WARCs, our own sorted index.

``wb-manager add`` copies every WARC into a collection and re-indexes it; for an archive
that grows run after run that doubles the disk and the time. Instead a pywb config names
the archive's own ``index.cdxj`` (sorted, POST bodies appended, revisits included: see
``archive.cdxj``) and WARC directory, and ``wayback`` serves that on 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path

from archive.pywb import PywbCollection

COLLECTION = "nianbao"


def write_config(replay_dir: str | Path, index_path: str | Path, warc_dir: str | Path) -> Path:
    """Write ``config.yaml`` for a collection over *index_path* and *warc_dir*; returns the directory.

    JSON is valid YAML, so the paths are quoted exactly whatever they contain.
    """
    directory = Path(replay_dir)
    directory.mkdir(parents=True, exist_ok=True)
    index_path, warc_dir = Path(index_path).resolve(), Path(warc_dir).resolve()
    if not index_path.is_file():
        raise FileNotFoundError(f"no CDXJ index at {index_path}: crawl first (each crawl writes it)")
    config = {"collections": {COLLECTION: {"index": str(index_path), "archive_paths": str(warc_dir) + "/"}},
              "framed_replay": False}
    (directory / "config.yaml").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return directory


def archive_replay(replay_dir: str | Path, index_path: str | Path, warc_dir: str | Path) -> PywbCollection:
    """A :class:`PywbCollection` over the archive in place; call ``serve()`` on it."""
    return PywbCollection(write_config(replay_dir, index_path, warc_dir), name=COLLECTION)

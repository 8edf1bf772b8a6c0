"""Where a user's data lives: ``--data DIR``, else ``$NIANBAO_DATA``, else ``./data``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataLayout:
    root: Path

    @property
    def warc_dir(self) -> Path:
        return self.root / "warcs"

    @property
    def db_path(self) -> Path:
        return self.root / "nianbao.db"

    @property
    def index_path(self) -> Path:
        return self.root / "index.cdxj"

    def create(self) -> DataLayout:
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        return self


def data_layout(data: str | os.PathLike | None = None) -> DataLayout:
    return DataLayout(Path(data or os.environ.get("NIANBAO_DATA") or "data").resolve())

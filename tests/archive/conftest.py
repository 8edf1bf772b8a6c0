"""One real Scrapy crawl of the fixture site through the WARC middleware, shared by the tests.

The crawl runs in a subprocess (the Twisted reactor starts once per process) against the
loopback :mod:`fixture_site`; the tests then look only at what it left on disk.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from fixture_site import FixtureSite

HERE = Path(__file__).parent


@dataclass
class FixtureCrawl:
    base_url: str
    warc_dir: Path
    db_path: Path
    responses: list[dict]  # one per spider callback, with request.meta's capture
    log: str

    @property
    def warc_files(self) -> list[Path]:
        return sorted(self.warc_dir.glob("*.warc.gz"))


@pytest.fixture(scope="session")
def fixture_crawl(tmp_path_factory) -> FixtureCrawl:
    root = tmp_path_factory.mktemp("crawl")
    warc_dir, db_path, out = root / "warcs", root / "nianbao.db", root / "responses.jsonl"
    with FixtureSite() as site:
        result = subprocess.run(
            [sys.executable, str(HERE / "crawl_fixture.py"), site.base_url, str(warc_dir), str(db_path), str(out)],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    responses = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return FixtureCrawl(site.base_url, warc_dir, db_path, responses, result.stderr)

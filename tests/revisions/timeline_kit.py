"""Helpers for the revision tests: free ports, the CLI, one crawl of the portal at an epoch.

The timeline itself (see conftest.py): the portal crawled at epoch 1, again at epoch 1
(nothing changed), then at epoch 2, into one data directory, on the same ports each time.

The crawls run as the user runs them (``python -m nianbao crawl``, a subprocess each); the
tests then read only what they left on disk and what the portal says it changed.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from portal.server import Portal

NIANBAO = [sys.executable, "-m", "nianbao"]


def nianbao(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(NIANBAO + list(args), capture_output=True, text=True, timeout=timeout)


@dataclass
class Timeline:
    data: Path
    roots: dict[str, str]  # site key -> root URL (the same for every epoch)
    crawl_output: list[str]  # stdout of each crawl

    @property
    def warc_dir(self) -> Path:
        return self.data / "warcs"


def crawl_epoch(data: Path, port: int, epoch: int) -> tuple[dict[str, str], str]:
    with Portal(port=port, epoch=epoch) as portal:
        roots = {site.key: site.root_url for site in portal.sites}
        result = nianbao("crawl", *roots.values(), "--data", str(data), "--fast", "--quiet")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return roots, result.stdout

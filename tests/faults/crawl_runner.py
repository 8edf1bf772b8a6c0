"""Run ``nianbao.crawl.run_crawl`` in its own interpreter with setting overrides (tests only).

Usage: ``python crawl_runner.py DATA_DIR SETTINGS_JSON URL [URL …]``. The Twisted reactor
starts once per process, and the fault tests need settings the CLI does not expose
(a short DOWNLOAD_TIMEOUT against the portal's stalls, a small trap budget).
"""

from __future__ import annotations

import json
import sys

from crawler.seeds import Seed
from nianbao.config import data_layout
from nianbao.crawl import run_crawl

if __name__ == "__main__":
    data, overrides, *urls = sys.argv[1:]
    summary = run_crawl([Seed(url) for url in urls], data_layout(data), fast=True, progress=False,
                        overrides=json.loads(overrides))
    print(json.dumps(summary))
    sys.exit(0 if summary["finish_reason"] == "finished" else 1)

"""One timeline shared by the revision tests: the portal crawled at epoch 1, again at epoch 1
(nothing changed), then at epoch 2, into one data directory, on the same ports each time.

The crawls run as the user runs them (``python -m nianbao crawl``, a subprocess each); the
tests then read only what they left on disk and what the portal says it changed.
"""

from __future__ import annotations

import pytest
from timeline_kit import Timeline, crawl_epoch

from portal.server import free_base_port
from portal.sites import SITE_BUILDERS


@pytest.fixture(scope="session")
def timeline(tmp_path_factory) -> Timeline:
    data = tmp_path_factory.mktemp("timeline")
    port = free_base_port(len(SITE_BUILDERS))
    outputs = []
    for epoch in (1, 1, 2):
        roots, output = crawl_epoch(data, port, epoch)
        outputs.append(output)
    return Timeline(data, roots, outputs)

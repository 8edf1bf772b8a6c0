"""One running portal shared by the portal tests (starting it renders every page once)."""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

import pytest
from portal_testkit import decode, fetch, links

from portal.server import Portal


@pytest.fixture(scope="session")
def portal():
    with Portal() as running:
        yield running


COUNTY = "qingxi"  # the TRS county site these tests describe; other sites have their own tests


@pytest.fixture(scope="session")
def county_root(portal) -> str:
    return portal.site_root(COUNTY)


@pytest.fixture(scope="session")
def truth(portal):
    """The portal's truth restricted to the TRS county site."""
    full = portal.truth()
    return {
        "sites": [s for s in full["sites"] if s["key"] == COUNTY],
        "reports": [r for r in full["reports"] if r["site"] == COUNTY],
        "noise": [n for n in full["noise"] if n["site"] == COUNTY],
    }


@pytest.fixture(scope="session")
def crawl(county_root):
    """Follow every same-site link (and every pager call) from the home page, breadth first."""
    root = county_root
    host = urlsplit(root).netloc
    depth, pages, broken = {root: 0}, {}, []
    queue = deque([root])
    while queue:
        url = queue.popleft()
        reply = fetch(url)
        if reply.status != 200:
            broken.append((url, reply.status))
            continue
        pages[url] = reply
        if not reply.headers["content-type"].startswith("text/html"):
            continue
        for target in links(url, decode(reply)):
            parts = urlsplit(target)
            if parts.netloc == host and not parts.path.startswith("/was5/") and target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    return {"root": root, "pages": pages, "depth": depth, "broken": broken}

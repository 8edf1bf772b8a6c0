"""The same epoch always serves byte-identical responses, whatever the ports or start time."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from portal_testkit import fetch

from portal.server import Portal


def test_two_portals_serve_identical_bytes_and_validators(crawl, truth):
    with Portal() as second:
        other_root = second.site_root("qingxi")
        assert other_root != crawl["root"]  # really another server
        paths = sorted({urlsplit(u).path for u in crawl["pages"]})
        assert len(paths) > 100
        for path in paths:
            a = fetch(crawl["root"].rstrip("/") + path, {"Accept-Encoding": "gzip"})
            b = fetch(other_root.rstrip("/") + path, {"Accept-Encoding": "gzip"})
            assert (a.status, a.body) == (b.status, b.body), path
            for name in ("etag", "last-modified", "content-type", "content-length"):
                assert a.headers.get(name) == b.headers.get(name), (path, name)
        other_truth = second.truth()
    strip = lambda reports: [{k: v for k, v in r.items() if k not in ("url", "page_url")} for r in reports]  # noqa: E731
    assert strip(truth["reports"]) == strip(r for r in other_truth["reports"] if r["site"] == "qingxi")


def test_given_port_numbers_sites_consecutively_and_a_busy_port_is_a_clear_error(county_root):
    portal = Portal(port=urlsplit(county_root).port)  # built once, started at several base ports
    with pytest.raises(OSError):
        portal.start()
    with pytest.raises(RuntimeError):  # nothing left half-started
        portal.sites  # noqa: B018
    started = False
    for base in range(23170, 60000, 997):  # a block of consecutive free ports; others may be busy
        portal.port = base
        try:
            portal.start()
        except OSError:
            continue
        started = True
        break
    assert started, "no block of free ports"
    try:
        assert [s.root_url for s in portal.sites] == [f"http://127.0.0.1:{base + i}/" for i in range(len(portal.sites))]
        assert all(fetch(s.root_url).status in (200, 301, 302) for s in portal.sites)
    finally:
        portal.stop()

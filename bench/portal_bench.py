"""How fast the bundled portal builds and serves: prints figures, asserts nothing.

    .venv/bin/python bench/portal_bench.py [--rounds N]

Build time matters because every test session and ``nianbao demo`` starts a Portal;
serving speed matters because crawls of the whole portal run in the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import time
from urllib.parse import urlsplit

from portal.server import Portal


def _get_all(urls: list[str], headers: dict[str, str]) -> tuple[int, float]:
    """Fetch every URL over one keep-alive connection per host; returns (bytes, seconds)."""
    conns: dict[str, http.client.HTTPConnection] = {}
    total, start = 0, time.perf_counter()
    for url in urls:
        parts = urlsplit(url)
        conn = conns.setdefault(parts.netloc, http.client.HTTPConnection(parts.hostname, parts.port, timeout=10))
        conn.request("GET", parts.path, headers=headers)
        total += len(conn.getresponse().read())
    elapsed = time.perf_counter() - start
    for conn in conns.values():
        conn.close()
    return total, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    portal = Portal()
    print(f"build: {time.perf_counter() - start:.2f} s for {len(portal._sites)} site(s)")
    with portal:
        truth = portal.truth()
        urls = [r["page_url"] for r in truth["reports"]] + [r["url"] for r in truth["reports"] if r["url"] != r["page_url"]]
        for label, headers in (("identity", {}), ("gzip", {"Accept-Encoding": "gzip"})):
            for _ in range(args.rounds):
                size, secs = _get_all(urls, headers)
                print(f"{label:8s}: {len(urls)} report documents, {size / 1e6:.1f} MB in {secs:.2f} s "
                      f"= {len(urls) / secs:.0f} req/s, {size / 1e6 / secs:.0f} MB/s")


if __name__ == "__main__":
    main()

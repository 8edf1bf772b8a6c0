"""Crawl speed, CPU and memory of nianbao against wget, on the whole portal with latency.

Real government servers answer in tens to hundreds of milliseconds, not the microseconds
of a loopback test server, and a crawler's throughput is decided by how it overlaps
that wait. So every site of the portal is served here with a fixed delay before each
response (``--latency``, default 100 ms), each on its own loopback address (127.0.0.2,
127.0.0.3 …) so that per-host limits apply per site as they would on the Internet.
One run prints, for the same sites:

* nianbao with archiving and extraction (what ``nianbao crawl`` does), with archiving but
  no extraction, and with neither (the capture middleware disabled through
  ``DOWNLOADER_MIDDLEWARES``, the ingest pipeline through ``ITEM_PIPELINES``): wall time,
  pages/s, CPU seconds per page and peak memory; the difference between the last two is
  what archiving costs;
* ``wget --mirror --warc-file`` over the same sites, one site at a time as it is usually
  run (wget finds no list behind a script or an API, so it fetches other pages);
* a polite nianbao crawl (``--delay`` between requests to a host, two at a time, no
  AutoThrottle) against its bound: a host with N requests cannot finish before
  (N - 1) × delay after its first one.

Figures are printed against the goals (archiving ≤ 10 % of CPU per page, polite crawl
within 1.1× its bound, ≥ 5× wget's throughput), met or not. Nothing is asserted.

    .venv/bin/python bench/crawl_bench.py [--latency 0.1] [--delay 0.2] [--no-polite]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from portal.httpd import SiteRequestHandler, SiteServer  # noqa: E402
from portal.sites import build_sites  # noqa: E402

ARCHIVE_MIDDLEWARES = ("crawler.middlewares.warc_capture.WarcCaptureMiddleware",
                       "crawler.middlewares.browser_capture.BrowserCaptureMiddleware")


class SlowHandler(SiteRequestHandler):
    """The portal's handler, answering each request after ``server.latency`` seconds."""

    def _serve_or_fail(self) -> None:
        time.sleep(self.server.latency)  # type: ignore[attr-defined]
        super()._serve_or_fail()


@dataclass
class Served:
    roots: dict[str, str]  # site key -> root URL
    log: list[dict]
    servers: list[SiteServer]

    def entries_since(self, mark: int) -> list[dict]:
        return self.log[mark:]

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def serve_portal(latency: float) -> Served:
    """Every portal site on its own loopback address, each response delayed by *latency*."""
    log: list[dict] = []
    lock = threading.Lock()

    def record(entry: dict) -> None:
        with lock:
            log.append({**entry, "t": time.monotonic()})

    roots, servers = {}, []
    for i, site in enumerate(build_sites()):
        server = SiteServer((f"127.0.0.{i + 2}", 0), site, record)
        server.RequestHandlerClass = SlowHandler
        server.latency = latency  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, port = server.server_address[:2]
        roots[site.key] = f"http://{host}:{port}/"
        servers.append(server)
    return Served(roots, log, servers)


@dataclass
class Run:
    name: str
    pages: int
    wall: float
    cpu: float
    peak_mb: float
    note: str = ""

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu / self.pages if self.pages else 0.0


def measured(command: list[str], cwd: Path | None = None) -> tuple[int, float, float, float, str]:
    """Run *command*; (exit code, wall s, CPU s of its process tree, peak RSS MB, stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return process.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def nianbao_run(name: str, served: Served, work: Path, *, archive: bool, extract: bool,
                overrides: dict | None = None) -> tuple[Run, list[dict]]:
    data = work / name.replace(" ", "_")
    spec = {"seeds": list(served.roots.values()), "data": str(data), "archive": archive, "extract": extract,
            "overrides": overrides or {}}
    mark = len(served.log)
    code, wall, cpu, peak, out = measured([sys.executable, __file__, "--child", json.dumps(spec)])
    entries = served.entries_since(mark)
    summary = json.loads(out.strip().splitlines()[-1]) if code == 0 and out.strip() else {}
    note = f"{summary.get('reports', '?')} reports" if summary else f"exit {code}"
    return Run(name, len(entries), wall, cpu, peak, note), entries


def wget_run(served: Served, work: Path) -> Run:
    """``wget --mirror --warc-file`` on each site in turn; figures summed (peak: the largest)."""
    if not shutil.which("wget"):
        return Run("wget --mirror --warc-file", 0, 0.0, 0.0, 0.0, "wget not installed")
    mark = len(served.log)
    wall = cpu = peak = 0.0
    codes = []
    for key, root in served.roots.items():
        target = work / "wget" / key
        target.mkdir(parents=True)
        code, w, c, p, _ = measured(["wget", "--mirror", "--no-verbose", f"--warc-file={target / key}",
                                     "-P", str(target / "mirror"), root])
        wall, cpu, peak = wall + w, cpu + c, max(peak, p)
        codes.append(code)
    note = "exit codes " + ",".join(map(str, codes)) + " (8 = some 404s)"
    return Run("wget --mirror --warc-file", len(served.entries_since(mark)), wall, cpu, peak, note)


def politeness(entries: list[dict], delay: float) -> tuple[float, float, str]:
    """(longest per-host span, largest per-host bound, the host with the worst ratio)."""
    by_host: dict[str, list[float]] = {}
    for entry in entries:
        by_host.setdefault(entry["site"], []).append(entry["t"])
    span = bound = 0.0
    worst, worst_ratio = "", 0.0
    for host, times in by_host.items():
        host_span, host_bound = max(times) - min(times), (len(times) - 1) * delay
        span, bound = max(span, host_span), max(bound, host_bound)
        if host_bound and host_span / host_bound > worst_ratio:
            worst, worst_ratio = f"{host} ({len(times)} requests, {host_span:.1f} s vs {host_bound:.1f} s)", \
                host_span / host_bound
    return span, bound, worst


def child(spec: dict) -> None:
    """One crawl in this process (Twisted's reactor starts once per process)."""
    from crawler import settings as project
    from crawler.seeds import Seed
    from nianbao.config import data_layout
    from nianbao.crawl import run_crawl

    overrides = dict(spec["overrides"])
    if not spec["archive"]:
        overrides["DOWNLOADER_MIDDLEWARES"] = {**project.DOWNLOADER_MIDDLEWARES,
                                               **dict.fromkeys(ARCHIVE_MIDDLEWARES)}
    if not spec["extract"]:
        overrides["ITEM_PIPELINES"] = {}
    overrides["LOG_LEVEL"] = "ERROR"
    summary = run_crawl([Seed(url) for url in spec["seeds"]], data_layout(spec["data"]), fast=True, progress=False,
                        overrides=overrides)
    print(json.dumps({k: summary.get(k) for k in ("pages_fetched", "reports", "errors", "finish_reason")}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds before each response (default 0.1)")
    parser.add_argument("--delay", type=float, default=0.2, help="polite run: seconds between requests to a host")
    parser.add_argument("--no-polite", action="store_true", help="skip the polite run (it takes a minute or more)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return 0
    served = serve_portal(args.latency)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        work = Path(tmp)
        print(f"portal: {len(served.roots)} sites on their own loopback addresses, "
              f"{args.latency * 1000:.0f} ms before each response")
        full, _ = nianbao_run("nianbao archive+extract", served, work, archive=True, extract=True)
        archive_only, _ = nianbao_run("nianbao archive only", served, work, archive=True, extract=False)
        bare, _ = nianbao_run("nianbao no archive", served, work, archive=False, extract=False)
        wget = wget_run(served, work)
        runs += [full, archive_only, bare, wget]
        polite = None
        if not args.no_polite:
            polite_settings = {"DOWNLOAD_DELAY": args.delay, "RANDOMIZE_DOWNLOAD_DELAY": False,
                               "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
            polite_run, entries = nianbao_run("nianbao polite", served, work, archive=True, extract=True,
                                              overrides=polite_settings)
            runs.append(polite_run)
            polite = politeness(entries, args.delay)
    served.stop()

    print(f"\n{'run':28s} {'pages':>6s} {'wall s':>7s} {'pages/s':>8s} {'CPU s':>7s} {'CPU ms/page':>12s} "
          f"{'peak MB':>8s}  note")
    for run in runs:
        print(f"{run.name:28s} {run.pages:6d} {run.wall:7.2f} {run.pages_per_s:8.1f} {run.cpu:7.2f} "
              f"{run.cpu_ms_per_page:12.2f} {run.peak_mb:8.0f}  {run.note}")
    print("\n(CPU and peak memory cover each run's whole process tree, start-up and Chromium included;"
          " pages = requests the portal answered)")
    print("\ngoals:")
    if archive_only.pages and bare.pages:
        share = 1 - bare.cpu_ms_per_page / archive_only.cpu_ms_per_page if archive_only.cpu_ms_per_page else 0.0
        print(f"  archiving CPU per page: {archive_only.cpu_ms_per_page:.2f} ms with, {bare.cpu_ms_per_page:.2f} ms"
              f" without = {share:.1%} of a page's CPU (goal ≤ 10 %: {'met' if share <= 0.10 else 'NOT met'})")
    if polite is not None:
        span, bound, worst = polite
        ratio = span / bound if bound else float("inf")
        print(f"  polite crawl ({args.delay} s between requests, 2 per host): slowest host took {span:.1f} s, "
              f"bound {bound:.1f} s = {ratio:.2f}× (goal ≤ 1.1×: {'met' if ratio <= 1.1 else 'NOT met'});"
              f" worst ratio: {worst}")
    if wget.pages_per_s:
        times = full.pages_per_s / wget.pages_per_s
        print(f"  throughput: nianbao {full.pages_per_s:.1f} pages/s vs wget {wget.pages_per_s:.1f} pages/s = "
              f"{times:.1f}× (goal ≥ 5×: {'met' if times >= 5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

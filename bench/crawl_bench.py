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

The three nianbao variants run ``--repeat`` times, interleaved, and their medians are
printed (a shared machine is noisy), after one crawl that is not counted: the portal
draws its PDFs on first request, CPU that would otherwise be charged to the first run. CPU is the whole process tree's — extraction workers,
their fork server and Chromium included, also any process that outlives the crawl (this
process is their subreaper) — and, apart, the crawl process's own.

Figures are printed against the goals (archiving ≤ 10 % of CPU per page, polite crawl
within 1.1× its bound, ≥ 5× wget's throughput), met or not. Nothing is asserted.

    .venv/bin/python bench/crawl_bench.py [--latency 0.1] [--delay 0.2] [--repeat 3] [--no-polite]
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from machine import machine_reference  # noqa: E402 - bench/, beside this script

ARCHIVE_MIDDLEWARES = ("crawler.middlewares.warc_capture.WarcCaptureMiddleware",
                       "crawler.middlewares.browser_capture.BrowserCaptureMiddleware")


@dataclass
class Served:
    roots: dict[str, str]  # site key -> root URL
    log: list[dict]
    servers: list

    def entries_since(self, mark: int) -> list[dict]:
        return self.log[mark:]

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def serve_portal(latency: float) -> Served:
    """Every portal site on its own loopback address, each response delayed by *latency*.

    The portal is imported here, in the bench's own process only: a crawl child that
    imported it too would be charged for it (and so would every worker it spawned).
    """
    from portal.httpd import SiteRequestHandler, SiteServer
    from portal.sites import build_sites

    class SlowHandler(SiteRequestHandler):
        """The portal's handler, answering each request after ``server.latency`` seconds."""

        def _serve_or_fail(self) -> None:
            time.sleep(self.server.latency)  # type: ignore[attr-defined]
            super()._serve_or_fail()

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
    span: float = 0.0  # first to last request the portal answered: the crawl without start-up
    note: str = ""
    main_cpu: float = float("nan")  # CPU s of the crawl process alone (the rest: workers, browser)
    archive_cpu: float = float("nan")  # CPU s the crawl spent archiving, timed inside it (thread CPU)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    @property
    def pages_per_span_s(self) -> float:
        return self.pages / self.span if self.span else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu / self.pages if self.pages else 0.0


def measured(command: list[str]) -> tuple[int, float, float, float, str]:
    """Run *command*; (exit code, wall s, CPU s of its process tree, peak RSS MB, stdout).

    Through GNU time when present: a child forked straight from this (large) process would
    report this process's memory as its own peak, since ``ru_maxrss`` survives ``exec``.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as figures:
        timed = ["/usr/bin/time", "-f", "%U %S %M", "-o", figures.name] if os.path.exists("/usr/bin/time") else []
        process = subprocess.Popen(timed + command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if timed:
            user, system, peak_kb = figures.read().split()[-3:]
            cpu, peak = float(user) + float(system), int(peak_kb) / 1024
        else:
            cpu, peak = usage.ru_utime + usage.ru_stime, float("nan")
        orphan_cpu, orphan_peak = reap_orphans()
        cpu, peak = cpu + orphan_cpu, max(peak, orphan_peak)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return code, wall, cpu, peak, text


PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def become_subreaper() -> None:
    """Have processes a run leaves behind re-parented to this one, so their CPU is counted.

    GNU time counts the processes its child waited for. A helper that outlives the crawl
    process (a fork server, a browser) would be re-parented to init and its CPU lost.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1)
    except (OSError, AttributeError):
        pass


def reap_orphans(patience: float = 10.0) -> tuple[float, float]:
    """Wait for processes of the last run re-parented here; (their CPU s, their peak RSS MB)."""
    cpu = peak = 0.0
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
            continue
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss / 1024)
    else:
        print("warning: processes of the last run were still alive after it ended", file=sys.stderr)
    return cpu, peak


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
    return Run(name, len(entries), wall, cpu, peak, span_of(entries), note,
               summary.get("main_cpu", float("nan")), summary.get("archive_cpu") or float("nan")), entries


def median_run(runs: list[Run]) -> Run:
    """The same crawl repeated: each figure the median of the runs' (a shared machine is noisy)."""
    def median(figure) -> float:
        return statistics.median(figure(run) for run in runs)

    note = runs[0].note + (f", median of {len(runs)}" if len(runs) > 1 else "")
    return Run(runs[0].name, int(median(lambda r: r.pages)), median(lambda r: r.wall), median(lambda r: r.cpu),
               median(lambda r: r.peak_mb), median(lambda r: r.span), note, median(lambda r: r.main_cpu),
               median(lambda r: r.archive_cpu))


def wget_run(served: Served, work: Path) -> Run:
    """``wget --mirror --warc-file`` on each site in turn; figures summed (peak: the largest)."""
    if not shutil.which("wget"):
        return Run("wget --mirror --warc-file", 0, 0.0, 0.0, 0.0, "wget not installed")
    mark = len(served.log)
    wall = cpu = peak = span = 0.0
    codes = []
    for key, root in served.roots.items():
        target = work / "wget" / key
        target.mkdir(parents=True)
        site_mark = len(served.log)
        code, w, c, p, _ = measured(["wget", "--mirror", "--no-verbose", f"--warc-file={target / key}",
                                     "-P", str(target / "mirror"), root])
        wall, cpu, peak = wall + w, cpu + c, max(peak, p)
        span += span_of(served.entries_since(site_mark))
        codes.append(code)
    note = "exit codes " + ",".join(map(str, codes)) + " (8 = some 404s)"
    return Run("wget --mirror --warc-file", len(served.entries_since(mark)), wall, cpu, peak, span, note)


def span_of(entries: list[dict]) -> float:
    return max(e["t"] for e in entries) - min(e["t"] for e in entries) if entries else 0.0


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
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({**{k: summary.get(k) for k in ("pages_fetched", "reports", "errors", "finish_reason")},
                      "main_cpu": own.ru_utime + own.ru_stime, "archive_cpu": summary.get("archive_cpu_seconds")}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds before each response (default 0.1)")
    parser.add_argument("--delay", type=float, default=0.2, help="polite run: seconds between requests to a host")
    parser.add_argument("--no-polite", action="store_true", help="skip the polite run (it takes a minute or more)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each nianbao variant, interleaved; medians printed (default 3)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return 0
    become_subreaper()
    served = serve_portal(args.latency)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        work = Path(tmp)
        reference = machine_reference()
        print(f"portal: {len(served.roots)} sites on their own loopback addresses, "
              f"{args.latency * 1000:.0f} ms before each response; {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.2f} (figures are only comparable on an otherwise idle machine)")
        # The portal builds some responses on first request (PDFs drawn with reportlab, ~7
        # CPU-s), work a real server did long before on its own machine: one crawl that is
        # not counted, so that no measured run shares the CPU with it.
        warm_up, _ = nianbao_run("warm-up", served, work, archive=True, extract=False)
        print(f"warm-up crawl (not counted): {warm_up.pages} pages in {warm_up.wall:.1f} s")
        variants = {"nianbao archive+extract": (True, True), "nianbao archive only": (True, False),
                    "nianbao no archive": (False, False)}
        repeated: dict[str, list[Run]] = {name: [] for name in variants}
        for i in range(max(1, args.repeat)):
            for name, (archive, extract) in variants.items():
                run, _ = nianbao_run(name, served, work / str(i), archive=archive, extract=extract)
                repeated[name].append(run)
        full, archive_only, bare = (median_run(repeated[name]) for name in variants)
        wget = wget_run(served, work)
        runs += [full, archive_only, bare, wget]
        polite = None
        if not args.no_polite:
            polite_settings = {"DOWNLOAD_DELAY": args.delay, "DOWNLOAD_DELAY_JITTER": 0,
                               "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
            polite_run, entries = nianbao_run("nianbao polite", served, work, archive=True, extract=True,
                                              overrides=polite_settings)
            polite_bare, bare_entries = nianbao_run("nianbao polite no extract", served, work, archive=True,
                                                    extract=False, overrides=polite_settings)
            runs += [polite_run, polite_bare]
            polite = [("with extraction", politeness(entries, args.delay)),
                      ("archive only", politeness(bare_entries, args.delay))]
    served.stop()

    print(f"\n{'run':26s} {'pages':>5s} {'wall s':>7s} {'pages/s':>8s} {'span s':>7s} {'pages/s':>8s} "
          f"{'CPU s':>6s} {'main s':>6s} {'CPU ms/page':>11s} {'peak MB':>7s}  note")
    for run in runs:
        print(f"{run.name:26s} {run.pages:5d} {run.wall:7.2f} {run.pages_per_s:8.1f} {run.span:7.2f} "
              f"{run.pages_per_span_s:8.1f} {run.cpu:6.2f} {run.main_cpu:6.2f} {run.cpu_ms_per_page:11.2f} "
              f"{run.peak_mb:7.0f}  {run.note}")
    print("\npages = requests the portal answered; span = first to last of them (wall minus start-up and"
          " shut-down);\nCPU and peak memory cover each run's whole process tree, start-up, extraction workers and"
          " Chromium included;\nmain = the crawl process alone")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}; machine reference (bench/machine.py, larger ="
          f" slower): {reference:.2f} s before the runs, {machine_reference():.2f} s after; the wall times above"
          " move with it (wget's hardly: it waits on the portal's latency)")
    print("\ngoals:")
    if archive_only.pages and bare.pages:
        # Two measures of one cost. Timed inside the crawl (the WARC writes, capture rows and the
        # index, by thread CPU) it is steady; the difference of two whole runs is the check that
        # nothing was left out, but it carries both runs' noise (Chromium alone varies ±0.3 s).
        for run in (archive_only, full):
            share = run.archive_cpu / run.cpu if run.cpu else float("nan")
            print(f"  archiving CPU, timed inside the crawl ({run.name}): {run.archive_cpu:.2f} s of {run.cpu:.2f} s ="
                  f" {1000 * run.archive_cpu / run.pages:.2f} ms/page, {share:.1%} of a page's CPU"
                  f" (goal ≤ 10 %: {'met' if share <= 0.10 else 'NOT met'})")
        share = 1 - bare.cpu_ms_per_page / archive_only.cpu_ms_per_page if archive_only.cpu_ms_per_page else 0.0
        print(f"  archiving CPU, as the difference of two runs: {archive_only.cpu_ms_per_page:.2f} ms/page with,"
              f" {bare.cpu_ms_per_page:.2f} ms without = {share:.1%} (noisy: each run's own spread is of that size)")
    for label, (span, bound, worst) in polite or []:
        ratio = span / bound if bound else float("inf")
        print(f"  polite crawl, {label} ({args.delay} s between requests, 2 per host): slowest host took {span:.1f} s,"
              f" bound {bound:.1f} s = {ratio:.2f}× (goal ≤ 1.1×: {'met' if ratio <= 1.1 else 'NOT met'});"
              f" worst host: {worst}")
    if wget.pages_per_s:
        times = full.pages_per_s / wget.pages_per_s
        print(f"  throughput: nianbao {full.pages_per_s:.1f} pages/s vs wget {wget.pages_per_s:.1f} pages/s = "
              f"{times:.1f}× (goal ≥ 5×: {'met' if times >= 5 else 'NOT met'})")
        print(f"  archive only (no extraction): {archive_only.pages_per_s:.1f} pages/s = "
              f"{archive_only.pages_per_s / wget.pages_per_s:.1f}× wget")
        if wget.pages_per_span_s:
            print(f"  over the spans alone: nianbao {full.pages_per_span_s:.1f} vs wget {wget.pages_per_span_s:.1f}"
                  f" pages/s = {full.pages_per_span_s / wget.pages_per_span_s:.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction speed per core for HTML and PDF reports, and peak memory.

Reports are rendered once (portal renderers), then read repeatedly for a fixed number
of rounds; throughput is reports per CPU-second of this process (one core), so the
figure does not depend on how busy the machine is. When ``extract.api.extract_bytes``
exists the whole pipeline is timed, otherwise the reader alone. Goals: ≥100 HTML/s,
≥5 PDF/s per core.

Peak memory is reported per phase (the kernel's peak-RSS count is reset before each, on
Linux), so rendering the inputs does not hide what extraction itself holds.

The extractor memoises pure readings (label normalisation, cell values, headings). Every
round starts with those caches emptied, so repeating the same reports measures the work,
not the memo tables; within a round the distinct reports share them as a crawl's would.

    .venv/bin/python bench/extract_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import importlib.util
import pkgutil
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "extract_formats")]

from formats_corpus import load_reports  # noqa: E402
from machine import machine_reference  # noqa: E402

from portal.render.html import render_report_html  # noqa: E402
from portal.render.pdf import render_report_pdf  # noqa: E402


def _html_page(report: dict) -> bytes:
    body = render_report_html(report)
    return (f'<html><head><meta charset="utf-8"><title>{report["title"]}</title></head>'
            f'<body><div class="TRS_Editor">{body}</div></body></html>').encode()


def _extractor(kind: str) -> tuple[str, Callable[[bytes], object]]:
    if importlib.util.find_spec("extract.api") is not None:
        from extract.api import extract_bytes

        suffix = ".html" if kind == "html" else ".pdf"
        return "extract_bytes", lambda data: extract_bytes(data, filename=f"report{suffix}")
    from extract.readers import html, pdf

    return "reader only", html.read if kind == "html" else pdf.read


def _clear_caches() -> None:
    """Empty every ``functools`` cache defined in an imported ``extract`` module."""
    import extract

    for info in pkgutil.walk_packages(extract.__path__, "extract."):
        module = sys.modules.get(info.name)
        for value in vars(module).values() if module else ():
            if getattr(value, "__module__", None) == info.name and callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def _reset_peak() -> bool:
    """Restart the kernel's peak-RSS count (Linux), so a phase's peak is its own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_mb() -> float:
    """Peak RSS since the last reset (VmHWM), else since the process began."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(kind: str, payloads: list[bytes], rounds: int) -> None:
    label, extract = _extractor(kind)
    extract(payloads[0])  # warm imports
    since = "this phase" if _reset_peak() else "process start, inputs included"
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    n = 0
    for _ in range(rounds):
        _clear_caches()
        for data in payloads:
            extract(data)
            n += 1
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    size = sum(len(p) for p in payloads) / len(payloads) / 1024
    print(f"{kind:<5} {label:<14} {n:>5} reports  avg {size:7.1f} KB  {n / cpu:8.1f} reports/CPU-s"
          f"  ({n / wall:.1f}/s wall)  peak RSS {_peak_mb():.0f} MB ({since})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    reports = load_reports()
    html_pages, pdfs = [_html_page(r) for r in reports], [render_report_pdf(r) for r in reports]
    print(f"peak RSS {_peak_mb():.0f} MB after rendering the inputs")
    reference = machine_reference()
    _measure("html", html_pages, args.rounds * 4)
    _measure("pdf", pdfs, args.rounds)
    print(f"machine reference: {reference:.2f} s before, {machine_reference():.2f} s after for a fixed loop"
          " (larger = a slower machine at that moment; goals: ≥ 100 HTML/s, ≥ 5 PDF/s per core)")


if __name__ == "__main__":
    main()

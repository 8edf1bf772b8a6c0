"""Fuzz the extractors: mutated real reports and garbage in, a Record out — never an exception.

``extract.api.extract_bytes`` promises to never raise on bad input (a flag instead). This
feeds it, through hypothesis, documents of every format the portal renders from the
hand-written report content (HTML page, flattened text, PDF, DOCX, XLSX, XLS, DOC, WPS)
after random damage — truncation, flipped bytes, inserted junk, cut-out or repeated
ranges — and plain random bytes, under a content type and a file name that may lie.
A case *crashes* when extraction raises or the record does not serialise to JSON.

    .venv/bin/python bench/fuzz_extractors.py --cases 10000   # prints cases, crashes, time

Crashing inputs are written to ``--out`` (default ``bench/fuzz_crashes/``) for replay; the
case being run is kept there as ``in_flight.bin`` (+ ``.json``), so an input that aborts
the whole process (a native crash) is not lost either.
CI runs a short sample of the same cases (``tests/faults/test_fuzz_extractors.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.api import extract_bytes

CONTENT_TYPES = [None, "text/html; charset=utf-8", "text/html; charset=gbk", "text/plain", "application/pdf",
                 "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "application/vnd.ms-excel", "application/octet-stream", "text/html; charset=iso-8859-1"]
FILENAMES = [None, "report.pdf", "年报.doc", "年报.docx", "nb.xls", "nb.xlsx", "nb.wps", "nb.html", "nb.txt", "download"]


@lru_cache(maxsize=4)
def corpus(skip: frozenset[str] = frozenset()) -> list[tuple[str, bytes]]:
    """Seed documents: two reports rendered in every format the portal publishes (but *skip*).

    DOC and WPS are made by LibreOffice from the DOCX, which takes a while: skipping them
    skips rendering them too.
    """
    from portal.catalog import load
    from portal.render.doc import render_report_doc, render_report_wps
    from portal.render.docx import render_report_docx
    from portal.render.html import render_report_html
    from portal.render.pdf import render_report_pdf
    from portal.render.xlsx import render_report_xls, render_report_xlsx

    seeds = []
    for content_id in ("own_2022_township", "own_2019_bureau"):
        report = load(content_id)
        html = f"<html><head><meta charset='utf-8'><title>{report['title']}</title></head><body>" \
               f"<div class='TRS_Editor'>{render_report_html(report)}</div></body></html>"
        seeds += [("html", html.encode("utf-8")), ("html-gbk", html.replace("utf-8", "gbk").encode("gb18030"))]
        for fmt, render in (("pdf", render_report_pdf), ("docx", render_report_docx), ("xlsx", render_report_xlsx),
                            ("xls", render_report_xls), ("doc", render_report_doc), ("wps", render_report_wps)):
            if fmt not in skip:
                seeds.append((fmt, render(report)))
    for sample in sorted(Path(__file__).resolve().parents[2].glob("shared/samples/*.txt"))[:2]:
        seeds.append(("text", sample.read_bytes()))
    return seeds


# How often each kind of seed is drawn, relative to each other: DOC/WPS go through
# LibreOffice (seconds per file) and PDF through pdfplumber (about half a second), so
# they are drawn less often to keep 10 000 cases to minutes; every format is still hit.
WEIGHTS = {"doc": 1, "wps": 1, "pdf": 6}
DEFAULT_WEIGHT = 40


@lru_cache(maxsize=4)
def weighted_seeds(skip: frozenset[str] = frozenset()) -> list[tuple[str, bytes]]:
    return [seed for seed in corpus(skip) for _ in range(WEIGHTS.get(seed[0], DEFAULT_WEIGHT))]


IN_FLIGHT = "in_flight.bin"
CASE_SECONDS = 120  # a case still running after this is a hang, counted as a crash


class CaseHang(Exception):
    """An extraction that did not finish within CASE_SECONDS."""


@contextmanager
def case_time_limit(seconds: int):
    """Raise :class:`CaseHang` in the main thread after *seconds* (no-op off the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise CaseHang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def limit_memory(gib: float) -> None:
    """Cap the address space so that a runaway extraction raises MemoryError (a crash) instead of
    taking the machine down."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (int(gib * 1024**3), hard))


@dataclass
class Outcome:
    cases: int = 0
    crashes: list[dict] = field(default_factory=list)
    by_format: dict[str, int] = field(default_factory=dict)
    seconds_by_format: dict[str, float] = field(default_factory=dict)


def mutate(data: bytes, ops: list[tuple[int, int, int, bytes]]) -> bytes:
    """Apply damage: (kind, position, length, junk) with positions taken modulo the size."""
    for kind, position, length, junk in ops:
        size = len(data)
        at = position % (size + 1)
        if kind == 0:  # truncate
            data = data[:at]
        elif kind == 1 and size:  # flip bytes
            chunk = bytes(b ^ 0xFF for b in data[at:at + length])
            data = data[:at] + chunk + data[at + len(chunk):]
        elif kind == 2:  # insert junk
            data = data[:at] + junk + data[at:]
        elif kind == 3:  # cut a range out
            data = data[:at] + data[at + length * 64:]
        elif kind == 4:  # repeat a range
            data = data[:at] + data[at:at + length * 16] * 8 + data[at:]
    return data


CASE = st.one_of(
    st.tuples(st.just("random"), st.binary(max_size=4096), st.just([])),
    st.tuples(
        st.integers(min_value=0, max_value=100_000),  # which seed document (modulo the weighted corpus)
        st.just(b""),
        st.lists(st.tuples(st.integers(0, 4), st.integers(0, 1 << 30), st.integers(1, 64),
                           st.binary(max_size=64)), min_size=1, max_size=4),
    ),
)


def run_case(case: tuple, content_type: str | None, filename: str | None, outcome: Outcome, out: Path | None,
             skip: frozenset[str] = frozenset()) -> None:
    kind, raw, ops = case
    seeds = weighted_seeds(skip)
    if kind == "random":
        fmt, data = "random", raw
    else:
        fmt, base = seeds[kind % len(seeds)]
        data = mutate(base, ops)
    outcome.cases += 1
    outcome.by_format[fmt] = outcome.by_format.get(fmt, 0) + 1
    if out is not None:  # a native abort (a Rust allocation failure) leaves its input here
        out.mkdir(parents=True, exist_ok=True)
        (out / IN_FLIGHT).write_bytes(data)
        (out / (IN_FLIGHT + ".json")).write_text(json.dumps({"format": fmt, "content_type": content_type,
                                                              "filename": filename, "case": outcome.cases}))
    started = time.perf_counter()
    try:
        with case_time_limit(CASE_SECONDS):
            record = extract_bytes(data, content_type=content_type, filename=filename)
            json.dumps(record.to_dict(), ensure_ascii=False)
    except BaseException as exc:  # noqa: BLE001 - a crash is what we count (Rust panics are BaseException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        digest = hashlib.sha1(data).hexdigest()[:12]
        crash = {"format": fmt, "content_type": content_type, "filename": filename, "sha1": digest,
                 "error": f"{type(exc).__name__}: {exc}"[:300], "traceback": traceback.format_exc()[-2000:]}
        outcome.crashes.append(crash)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{digest}.bin").write_bytes(data)
            (out / f"{digest}.json").write_text(json.dumps(crash, ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        spent = time.perf_counter() - started
        outcome.seconds_by_format[fmt] = outcome.seconds_by_format.get(fmt, 0.0) + spent


def fuzz(cases: int, seed: int = 0, out: Path | None = None, skip: frozenset[str] = frozenset()) -> Outcome:
    """Run *cases* hypothesis examples (seeded: the same cases every time); never raises on a crash.

    *skip* leaves seed formats out (CI skips the LibreOffice-bound DOC/WPS seeds).
    """
    outcome = Outcome()

    @settings(max_examples=cases, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=CASE, content_type=st.sampled_from(CONTENT_TYPES), filename=st.sampled_from(FILENAMES),
           salt=st.just(seed))
    def one(case, content_type, filename, salt):
        run_case(case, content_type, filename, outcome, out, skip)

    one()
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("fuzz_crashes"))
    parser.add_argument("--memory-gib", type=float, default=4.0, help="address-space cap (MemoryError = crash)")
    parser.add_argument("--skip", default="", help="seed formats to leave out, comma-separated (e.g. doc,wps)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    skip = frozenset(f for f in args.skip.split(",") if f)
    corpus(skip)  # rendered before the cap: LibreOffice makes the DOC/WPS seeds
    limit_memory(args.memory_gib)
    outcome = fuzz(args.cases, out=args.out, skip=skip)
    elapsed = time.perf_counter() - started
    print(f"cases:   {outcome.cases}")
    print(f"crashes: {len(outcome.crashes)}")
    print(f"time:    {elapsed:.1f} s ({outcome.cases / elapsed:.0f} cases/s)")
    print("by seed format (cases, seconds): " + ", ".join(
        f"{k} {v} {outcome.seconds_by_format.get(k, 0):.0f}s" for k, v in sorted(outcome.by_format.items())))
    for crash in outcome.crashes[:20]:
        print(f"  {crash['format']:9} {crash['content_type']} {crash['filename']}: {crash['error']}")
    return 1 if outcome.crashes else 0


if __name__ == "__main__":
    sys.exit(main())

"""The worker processes a crawl extracts reports in: started early, cheaply, and dying with it.

Extraction is CPU work (PDF parsing above all), so a crawl hands it to other processes
and its reactor keeps downloading. How those processes start matters on a small machine:

* "forkserver", not "fork": forking a process that runs Twisted's reactor and threads is
  not safe. Not "spawn" either: a spawned worker starts a fresh interpreter that imports
  the parent's ``__main__`` (for ``nianbao crawl``, the whole CLI with Scrapy) and then
  the extractor, each worker again. The fork server is one clean interpreter that imports
  only :data:`PRELOAD` once; each worker is a fork of it, ready to extract.
* The fork server is started when the pipeline opens (:func:`start_pool`), so its imports
  run on the other core while Scrapy is still starting, not when the first report waits.
* Workers end with the crawl, even when it is killed with ``kill -9``
  (:func:`die_with_parent`), and :func:`stop_pool` waits for them and the fork server, so
  no process outlives a crawl that finished (and their CPU is counted as the crawl's).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WORKER_NICENESS = 5
# What a worker needs: the ingest step (and with it the extractor), the readers that
# ``extract.detect`` imports only on first use (the HTML reader compiles its selectors
# then), the libraries they use and the codecs Chinese pages need, so that no worker pays
# for them again: measured, ~0.1 CPU-s per worker, once in the fork server instead. A
# name that does not import is skipped by the fork server.
PRELOAD = ["nianbao.ingest", "nianbao.extract_pool", "pdfplumber", "docx",
           *(f"extract.readers.{name}" for name in ("html", "pdf", "docx", "doc", "wps", "xls", "text")),
           "encodings.gb18030", "encodings.gbk", "_strptime"]


def parent_of(pid: int) -> int | None:
    """The parent pid of process *pid* (from ``/proc``), or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
        return int(stat.rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def init_worker(crawl_pid: int) -> None:
    """Worker initializer: die with the crawl; yield the CPU to it; leave the inherited heap alone.

    The crawl process is what keeps every host busy; extraction is throughput work that
    can wait, so on a machine with fewer cores than processes the crawl goes first and
    the workers take the rest (``nice`` :data:`WORKER_NICENESS`).
    """
    die_with_parent(crawl_pid)
    # The heap forked from the server (the extractor's modules) lives as long as the
    # worker: frozen, the collector stops walking it on every full collection.
    gc.freeze()
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass


def die_with_parent(crawl_pid: int) -> None:
    """Worker initializer: end this worker when the crawl dies, even by kill -9.

    Without it, workers of a killed crawl live on (and keep its output pipes open), so a
    resumed run would find them, and a caller waiting for the crawl's output would hang.
    A worker's parent is the fork server, which exits when the last holder of its "alive"
    pipe does: the crawl, and — the standard library hands it on — every worker, which
    therefore closes its copy here. The worker dies with the server (``PDEATHSIG``); one
    that finds neither its parent nor its parent's parent to be the crawl was orphaned
    while it started, and leaves at once.
    """
    alive_fd = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_alive_fd", None)
    if alive_fd is not None:  # a worker never asks the fork server for processes of its own
        os.close(alive_fd)
        forkserver._forkserver._forkserver_alive_fd = None  # type: ignore[attr-defined]
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their pipe closes
        return
    parent = os.getppid()
    if parent != crawl_pid and parent_of(parent) != crawl_pid:
        os._exit(1)


def start_pool(workers: int = 0) -> ProcessPoolExecutor:
    """A pool of *workers* extraction processes (0: one per core, at most 4), its fork server started."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()  # returns at once; the server imports PRELOAD on its own
    count = workers or max(1, min(4, os.cpu_count() or 1))
    return ProcessPoolExecutor(count, mp_context=context, initializer=init_worker, initargs=(os.getpid(),))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Finish the work in hand, end the workers, and stop and reap the fork server.

    The fork server would otherwise live until this process exits. ``_stop`` is the
    standard library's own (it has kept that name since Python 3.8); without it the
    server still exits with this process. Once the workers are gone the server holds
    nothing to save, so it is terminated (SIGTERM, which it does not handle) rather than
    left to tear its interpreter down: measured, 0.2–0.5 s of waiting at the end of a
    crawl. ``_stop`` then reaps it, so its CPU is still counted as the crawl's.
    """
    pool.shutdown(wait=True, cancel_futures=True)
    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if callable(stop):
        pid = getattr(server, "_forkserver_pid", None)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        stop()

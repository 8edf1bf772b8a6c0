"""The extraction pool: workers that extract, and that never outlive the crawl.

The fork server hands its "alive" pipe to every worker it forks; a worker that kept it
would keep the server (and so itself) alive after the crawl is killed — the leak these
tests guard against.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from nianbao.extract_pool import parent_of, start_pool, stop_pool

REPO = Path(__file__).resolve().parents[2]


def worker_facts(_: int) -> tuple[int, int | None, int]:
    from multiprocessing import forkserver

    return os.getpid(), forkserver._forkserver._forkserver_alive_fd, os.nice(0)


def test_workers_run_and_stop_with_the_pool():
    pool = start_pool(2)
    facts = list(pool.map(worker_facts, range(4)))
    stop_pool(pool)
    assert all(alive_fd is None for _, alive_fd, _ in facts)  # the alive pipe was let go
    assert all(niceness > 0 for _, _, niceness in facts)  # the crawl goes first
    for pid, _, _ in facts:
        assert parent_of(pid) is None  # reaped: no process outlives the pool


def test_workers_die_when_the_crawl_is_killed(tmp_path):
    script = tmp_path / "crawl.py"
    script.write_text(
        "import os, sys\n"
        "from nianbao.extract_pool import start_pool\n"
        "def pid(_):\n    return os.getpid()\n"
        "if __name__ == '__main__':\n"
        "    pool = start_pool(2)\n"
        "    print(' '.join(map(str, sorted(set(pool.map(pid, range(8)))))), flush=True)\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    run = subprocess.run([sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    workers = [int(pid) for pid in run.stdout.split()]
    assert workers, run.stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(parent_of(pid) is not None for pid in workers):
        time.sleep(0.1)
    assert all(parent_of(pid) is None for pid in workers), "extraction workers outlived the killed crawl"


def test_every_preloaded_name_imports():
    """The fork server skips a name that fails to import: a typo would silently cost every worker."""
    import importlib

    from nianbao.extract_pool import PRELOAD

    for name in PRELOAD:
        importlib.import_module(name)

"""How fast this machine runs plain Python right now, printed beside a benchmark's figures.

On a shared virtual machine the same code runs up to a third slower from one minute to
the next (seen here: the same loop 0.86 s, then 1.16 s, ten minutes apart), and every
CPU-bound figure moves with it. The benchmarks print this reference before and after their
runs so that figures from different moments can be compared; they never adjust by it.
"""

from __future__ import annotations

import time


def machine_reference() -> float:
    """CPU seconds of a fixed pure-Python loop (10 million additions); larger = slower."""
    started, total = time.process_time(), 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - started

"""Spread per-file work over a process pool (the machine's cores), in chunks, keeping order.

Small jobs run in this process: starting workers costs more than it saves below a few dozen files.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

MIN_ITEMS_FOR_POOL = 24
CHUNK = 8


def default_jobs() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


def run_chunks(
    fn: Callable[[Sequence[Any], Any], list], items: Sequence[Any], extra: Any, jobs: int | None = None
) -> list:
    """``fn(chunk, extra)`` over ``items`` in chunks; the results of all chunks, in item order."""
    import threading

    jobs = default_jobs() if jobs is None else max(1, jobs)
    # forking a process that runs threads (GitPython may) is not safe: then work in this process
    if jobs == 1 or len(items) < MIN_ITEMS_FOR_POOL or threading.active_count() > 1:
        return fn(items, extra)
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = multiprocessing.get_context(method)
    out: list = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=ctx) as pool:
        for part in pool.map(fn, chunks, [extra] * len(chunks)):
            out.extend(part)
    return out

"""Tiny helpers shared by the benchmark modules: timing medians and the printed table's rows.

A benchmark module is ``benchmarks/bench_<topic>.py`` with
``def run(quick: bool = False, smoke: bool = False) -> list[Row]``; ``python -m benchmarks.run``
finds and runs them all and prints one table. Figures are measured, never asserted: machines are
noisy, so budgets are compared in the table, not in tests. ``smoke=True`` runs the same code at its
smallest sizes (one repetition, fewest clients, shortest durations): tests/test_benchmarks_smoke.py
runs every module that way, so that a benchmark cannot rot unnoticed; its figures mean nothing.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable


@dataclass
class Row:
    what: str
    measured: float
    unit: str
    budget: str = ""
    """The docs/DESIGN.md §4 budget as text, e.g. "≤ 20 ms", or "" when there is none."""
    ok: bool | None = None
    """Whether the measured figure meets the budget (None when there is no budget)."""
    note: str = ""


def median_time(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeat`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def rerun_time(at, widget: str, key: str, values: list, repeat: int, warmup: int = 2) -> float:
    """Median seconds of a whole-script AppTest rerun after setting the ``widget`` (``"slider"``,
    ``"radio"``, ...) with ``key`` to the next of ``values``, cycling through them."""
    state = {"i": 0}

    def move():
        state["i"] += 1
        getattr(at, widget)(key=key).set_value(values[state["i"] % len(values)]).run()

    return median_time(move, repeat=repeat, warmup=warmup)

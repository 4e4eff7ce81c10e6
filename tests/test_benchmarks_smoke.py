"""Every benchmark of benchmarks/ still runs: its smoke run (``run(smoke=True)``: the same code at
its smallest sizes, one repetition, fewest clients, shortest durations) returns rows whose
measured values are finite numbers.

Speed is never asserted here (docs/DESIGN.md §4: figures are printed by the benchmarks, not
checked by tests); this only keeps the benchmarks from rotting (at b754db6
``python -m benchmarks.bench_classes`` crashed in ``commit``). The modules are found as
``benchmarks.run`` finds them, so a new benchmark without a smoke run fails here.

Every smoke run is marked ``slow`` (seconds to a minute or two each); those that drive headless
Chromium are marked ``browser`` too and, like tests/browser/, skip without Chromium except under
``CI=true``. Each runs
in a thread of its own: the benchmarks call ``asyncio.run`` and Playwright's sync API, which refuse
to start in a thread where an event loop runs (the browser tests' session fixture keeps one
running in the main thread once a browser test has run; see tests/conftest.run_async).
"""

from __future__ import annotations

import importlib
import inspect
import math
import numbers
import os
import pkgutil
import resource
import sys
import threading
import time

import pytest

import benchmarks
from benchmarks.common import Row

EXCLUDED = {
    "bench_scenarios": "being rewritten by another developer (page 6's claims over 10 seeds)",
    "bench_first_visit_bytes": "another developer's, not on this branch",
}
"""Modules left out of this file, and why."""

CHROMIUM = {"bench_first_visit", "bench_live_page", "bench_load"}
"""Modules whose smoke run drives headless Chromium (bench_load: one student in a browser)."""

MAY_BE_NAN = {
    "bench_training": (
        "device: ",  # a label row: the device measured
        "CUDA rows",  # a note row without CUDA
        # NaN = "never within the budget": an outcome, and the smoke run trains for 1 s only
        "first time ≥ 7 of 8 modes covered",
    ),
}
"""Rows (by the start or a part of their text) whose NaN says something, not that a measurement
failed."""


def _modules() -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith("bench_"))
    return [n for n in names if n not in EXCLUDED]


def _cpu_s() -> float:
    """User + system seconds of this process and of its children that have ended."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _in_own_thread(fn):
    """``fn()`` run to its end in a fresh thread (no event loop in it); its result or its
    exception, re-raised here."""
    out: dict = {}

    def target():
        try:
            out["value"] = fn()
        except BaseException as exc:  # re-raised in the test's thread
            out["error"] = exc

    th = threading.Thread(target=target, name="benchmark-smoke", daemon=True)
    th.start()
    th.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


def _param(name: str):
    marks = [pytest.mark.slow]
    if name in CHROMIUM:
        marks.append(pytest.mark.browser)
    return pytest.param(name, marks=marks, id=name)


def test_the_benchmarks_run_finds_are_the_ones_here():
    from benchmarks.run import modules

    assert set(_modules()) == set(modules([])) - set(EXCLUDED)
    assert _modules(), "no benchmark module found"
    named_here = CHROMIUM | set(MAY_BE_NAN)
    assert named_here <= set(_modules()), f"renamed or gone: {named_here - set(_modules())}"


@pytest.fixture
def restore_torch_threads():
    """bench_training sets torch's thread count for the process; put it back afterwards."""
    import torch

    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("name", [_param(n) for n in _modules()])
def test_benchmark_smoke_run(name, restore_torch_threads):
    if name in CHROMIUM:
        from tests.browser.conftest import _need_browser

        _need_browser()
    mod = importlib.import_module(f"benchmarks.{name}")
    params = inspect.signature(mod.run).parameters
    assert "smoke" in params, (
        f"benchmarks/{name}.py has no smoke run: give run() a `smoke: bool = False` keyword that "
        "runs the same code at its smallest sizes (see benchmarks/common.py)")
    t0, cpu0 = time.perf_counter(), _cpu_s()
    try:
        rows = _in_own_thread(lambda: mod.run(smoke=True))
    finally:
        if name == "bench_training" and getattr(mod, "_PROCESS", None) is not None:
            mod._PROCESS.close()  # the app's trainer process it started
            mod._PROCESS = None
    print(f"[smoke] {name}: {len(rows)} rows in {time.perf_counter() - t0:.1f} s, CPU "
          f"{_cpu_s() - cpu0:.1f} s (this process and the servers it waited for), load "
          f"{os.getloadavg()[0]:.1f}", file=sys.stderr)
    assert isinstance(rows, list) and rows, f"{name}: no rows"
    allowed = MAY_BE_NAN.get(name, ())
    for r in rows:
        assert isinstance(r, Row), (name, r)
        assert isinstance(r.what, str) and r.what, (name, r)
        assert isinstance(r.measured, numbers.Real) and not isinstance(r.measured, bool), \
            (name, r)
        if any(a in r.what for a in allowed):
            continue
        assert math.isfinite(r.measured), f"{name}: no figure for {r.what!r} ({r.note})"

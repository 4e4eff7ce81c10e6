"""Pages 1 and 2: server-side rerun after a θ slider change (AppTest, the whole script), against the
docs/DESIGN.md §4 budget of ≤ 100 ms median.

Every move goes to a θ the session has not visited yet, so nothing that depends on θ comes from a
cache: what is measured is what a student moving the slider to a new place waits for (the curves
over θ are computed once per setting, on the first visit, and are not part of the figure).
"""

from __future__ import annotations

import os
import time

import numpy as np

from benchmarks.common import Row, median_time


def _rerun(file: str, key: str, start: float, lo: float, hi: float, step: float, rep: int,
           what: str, least: int = 10) -> Row:
    from tests.conftest import run_page

    at = run_page(file)
    if at.exception:
        raise RuntimeError(f"{file} raised: {at.exception}")
    positions = np.round(np.arange(lo, hi + step / 2, step), 10)
    rng = np.random.default_rng(0)
    fresh = [float(v) for v in rng.permutation(positions) if abs(v - start) > 1e-9]
    state = {"i": 0}

    def move():
        at.slider(key=key).set_value(fresh[state["i"] % len(fresh)]).run()
        state["i"] += 1

    n = min(max(rep, least), len(fresh) - 2)
    cpu0 = time.process_time()
    t = median_time(move, repeat=n, warmup=1)
    cpu = (time.process_time() - cpu0) / (n + 1)
    if at.exception:
        raise RuntimeError(f"{file} raised: {at.exception}")
    return Row(what, t * 1e3, "ms", "≤ 100 ms", t * 1e3 <= 100,
               note=f"{n} moves to unvisited θ; CPU {cpu * 1e3:.0f} ms/move; "
                    f"load {os.getloadavg()[0]:.1f}")


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: one timed move per page (tests/test_benchmarks_smoke.py; figures meaningless)."""
    rep = 1 if smoke else 8 if quick else 25
    least = 1 if smoke else 10
    return [
        _rerun("js_saturates.py", "w.js.theta", 0.5, -4.0, 4.0, 0.05, rep,
               "Page 1 (JS saturates): rerun after a θ change (AppTest, full script)", least),
        _rerun("low_dim_supports.py", "w.low.theta", 0.3, -1.0, 1.0, 0.01, rep,
               "Page 2 (thin supports, 300 points): rerun after a θ change (AppTest, full "
               "script)", least),
    ]

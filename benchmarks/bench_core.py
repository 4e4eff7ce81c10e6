"""Core figures of docs/DESIGN.md §4: the 1-D sweep, exact 2-D W1 and the Home page's rerun."""

from __future__ import annotations

import numpy as np

from benchmarks.common import Row, median_time, rerun_time
from divergences import Dist1D, sample_2d, sweep_1d, transform, wasserstein1

DEFAULT_2D_POINTS = 300


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: one timed call of each (tests/test_benchmarks_smoke.py; figures meaningless)."""
    rep = 1 if smoke else 5 if quick else 25
    rows = []
    off = np.linspace(0.0, 6.0, 200)
    for fam in ("gaussian", "uniform", "point", "mixture"):
        p = Dist1D(fam, 0.0, 1.0)
        t = median_time(lambda: sweep_1d(p, p, off, n=2048), repeat=rep)
        rows.append(Row(f"sweep: JS, KL×2, TV, W1 for 200 offsets, 2048-point grid ({fam})",
                        t * 1e3, "ms", "≤ 20 ms", t * 1e3 <= 20))
    x = sample_2d("lines", DEFAULT_2D_POINTS, seed=0)
    y = transform(sample_2d("lines", DEFAULT_2D_POINTS, seed=1), offset=(0.5, 0.0))
    t = median_time(lambda: wasserstein1(x, y), repeat=rep)
    rows.append(Row(f"exact 2-D W1 by POT, {DEFAULT_2D_POINTS} vs {DEFAULT_2D_POINTS} points",
                    t * 1e3, "ms", "≤ 60 ms", t * 1e3 <= 60))
    rows.append(_home_rerun(rep if smoke else max(rep, 10)))
    return rows


def _home_rerun(repeat: int) -> Row:
    """Server-side rerun of the Home page after a slider change (AppTest, the whole script)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import MAIN

    at = AppTest.from_file(MAIN, default_timeout=60).run()
    values = [round(v, 2) for v in np.linspace(0.0, 3.0, 16)]
    t = rerun_time(at, "slider", "w.home.theta", values, repeat=repeat)
    return Row("Home: server-side rerun after a slider change (AppTest, full script)", t * 1e3,
               "ms", "≤ 100 ms", t * 1e3 <= 100)

"""Page 3 (the earth mover): exact plans at the page's largest sizes and the page's server-side
rerun after a control changes (AppTest, the whole script), against the docs/DESIGN.md §4 budgets."""

from __future__ import annotations

import numpy as np

from benchmarks.common import Row, median_time, rerun_time
from divergences.earth import (MAX_BINS, MAX_POINTS, check_piles, check_points, compare_plans,
                               preset_piles, preset_points)


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: one timed call or rerun of each, warm-ups of one (tests/test_benchmarks_smoke.py;
    figures meaningless)."""
    rep = 1 if smoke else 5 if quick else 20
    warm = 1 if smoke else 2
    rows = []
    x, p, q = preset_piles("bimodal", MAX_BINS)
    pl = check_piles(p, q)
    t = median_time(lambda: compare_plans(pl.x, pl.x, pl.p, pl.q), repeat=rep, warmup=warm)
    rows.append(Row(f"earth: optimal + north-west + independent plans, {MAX_BINS} bins",
                    t * 1e3, "ms"))
    s = check_points(*preset_points("eight_ring", MAX_POINTS, 0, True))
    t = median_time(lambda: compare_plans(s.x, s.y, s.a, s.b),
                    repeat=1 if smoke else max(3, rep // 4), warmup=warm)
    rows.append(Row(f"earth: the three plans, {MAX_POINTS} vs {MAX_POINTS} weighted 2-D points",
                    t * 1e3, "ms"))
    rows += _reruns(1 if smoke else max(rep // 2, 5), smoke)
    return rows


def _reruns(rep: int, smoke: bool = False) -> list[Row]:
    """Server-side reruns of page 3 after a control change (AppTest, full script); ``smoke``:
    warm-ups of one move instead of every value."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import MAIN

    at = AppTest.from_file(MAIN, default_timeout=60).run()
    at.switch_page("../pages/earth_mover.py").run()
    at.radio(key="w.em.preset").set_value("bimodal").run()
    bins = list(range(10, 31, 2))
    # warm-up over every value: all of them cached, as after a few students have visited
    warm = 1 if smoke else None
    t_bins = rerun_time(at, "slider", "w.em.bins", bins, repeat=rep, warmup=warm or len(bins))
    t_plan = rerun_time(at, "radio", "w.em.plan", ["optimal", "north_west", "independent"],
                        repeat=rep, warmup=warm or 2)
    at.radio(key="w.em.mode").set_value("points").run()
    at.radio(key="w.em.preset2d").set_value("moons_circle").run()
    ns = [40, 80, 120, 160]
    t_n = rerun_time(at, "slider", "w.em.n", ns, repeat=rep, warmup=warm or len(ns))
    budget = "≤ 100 ms"
    at.slider(key="w.em.n").set_value(300).run()
    at.toggle(key="w.em.randw").set_value(True).run()
    t_300 = rerun_time(at, "radio", "w.em.plan2d", ["independent", "north_west", "optimal"],
                       repeat=rep, warmup=warm or 3)
    browser = ("AppTest reruns the whole script and compiles it every run; the browser reruns "
               "only the fragment: bench_fragments' protocol-client row is the server-side figure")
    return [
        Row("earth page: rerun after the bins slider (1-D, bimodal, 10–30 bins, AppTest, full "
            "script)", t_bins * 1e3, "ms", budget, t_bins * 1e3 <= 100, browser),
        Row("earth page: rerun after picking another plan (1-D, 30 bins, AppTest, full script)",
            t_plan * 1e3, "ms", budget, t_plan * 1e3 <= 100, browser),
        Row("earth page: rerun after the points slider (2-D, 40–160 points, AppTest, full "
            "script)", t_n * 1e3, "ms", budget, t_n * 1e3 <= 100),
        Row("earth page: rerun after picking another plan (2-D, 300 weighted points, AppTest, "
            "full script)", t_300 * 1e3, "ms", budget, t_300 * 1e3 <= 100,
            "the page's largest case; " + browser),
    ]

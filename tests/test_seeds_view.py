"""Page 6's "these settings, 8 seeds at once" (app/seeds_view.py): seeds, the spread across runs,
and the section on the real page (AppTest)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import numpy as np
import pytest

from app.seeds_view import (KEY, POLL_S, SETTLING_POLL_S, poll_interval, seed_configs, spread,
                             spread_figure, summary)
from divergences.training import History, TrainConfig
from tests.conftest import plotly_specs, run_page

SMALL = {"live.scenario": "own-settings", "live.width": "16", "live.depth": "2", "live.batch": "32"}
# (page 6 opens on a recorded scenario and shows the seeds view only for live training)


def _run(w1, modes, wgan=True, loss="wgan"):
    h = History(eval_iteration=[0, 10, 20][:len(w1)], w1=list(w1), modes=list(modes))
    return SimpleNamespace(history=h, is_wgan=wgan, iteration=h.eval_iteration[-1],
                           config=SimpleNamespace(loss=loss))


def test_seed_configs_are_the_panels_settings_with_consecutive_seeds():
    cfgs = {"left": TrainConfig(loss="gan", seed=5).resolved(),
            "right": TrainConfig(loss="wgan", seed=5, clip=0.05).resolved()}
    out = seed_configs(cfgs, 8)
    assert len(out) == 16
    assert [out[f"left/{k}"].seed for k in range(8)] == list(range(5, 13))
    assert all(out[f"right/{k}"].clip == 0.05 and out[f"right/{k}"].loss == "wgan"
               for k in range(8))
    assert out["left/0"] == cfgs["left"]  # seed s is the page's own run


def test_spread_is_the_median_and_range_across_runs():
    runs = [_run([1.0, 0.5, 0.2], [1, 4, 8]), _run([1.2, 0.7, 0.4], [2, 3, 5]),
            _run([0.9, 0.6, 0.3], [1, 6, 7]), _run([1.1, 0.4], [1, 2])]  # one run is behind
    its, med, lo, hi = spread(runs, "w1")
    np.testing.assert_array_equal(its, [0, 10])  # the evaluations every run has
    np.testing.assert_allclose(med, [np.median([1.0, 1.2, 0.9, 1.1]),
                                     np.median([0.5, 0.7, 0.6, 0.4])])
    np.testing.assert_allclose(lo, [0.9, 0.4])
    np.testing.assert_allclose(hi, [1.2, 0.7])
    _, mmed, mlo, mhi = spread(runs[:3], "modes")
    np.testing.assert_allclose(mmed, [1, 4, 7])
    np.testing.assert_allclose(mlo, [1, 3, 5])
    np.testing.assert_allclose(mhi, [2, 6, 8])


def test_spread_figure_draws_a_band_and_a_median_per_panel():
    panels = {"GAN": [_run([1.0, 0.5], [1, 2], False, "gan"), _run([2.0, 1.5], [3, 4], False,
                                                                   "gan")],
              "WGAN": [_run([0.8, 0.3], [5, 6]), _run([0.6, 0.1], [7, 8])]}
    fig = spread_figure(panels, "w1", "title", "W1 (data units)")
    assert len(fig.data) == 6
    band_hi, band_lo, med = fig.data[0], fig.data[1], fig.data[2]
    assert list(band_hi.y) == [2.0, 1.5] and list(band_lo.y) == [1.0, 0.5]
    assert band_lo.fill == "tonexty" and list(med.y) == [1.5, 1.0]
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text == "W1 (data units)"
    text = summary(panels, 8)
    assert "median 1.000 (range 0.500–1.500" in text and "median 7 of 8 (range 6–8)" in text


def test_the_section_polls_fast_while_a_pause_settles():
    """"Pause the seeds" waits SETTLE_S for the 16 runs' final view (TrainingJob.settle), as the
    single run's Pause does; a view that comes later was shown at the next 2 s redraw and a full
    rerun, about 3 s after the click, the iteration climbing meanwhile."""
    job = lambda busy, active: SimpleNamespace(busy=busy, is_active=active)  # noqa: E731
    assert poll_interval(None) is None and poll_interval(job(False, False)) is None
    assert poll_interval(job(True, True)) == POLL_S  # training
    assert poll_interval(job(True, False)) == SETTLING_POLL_S <= 0.25  # a pause settling


@pytest.mark.slow
def test_the_page_trains_eight_seeds_per_panel_as_one_job():
    at = run_page("live_training.py", SMALL)
    try:
        assert not at.exception
        at.button(key=f"{KEY}.start").click().run()
        job = at.session_state[f"{KEY}.job"]
        assert len(job.configs) == 16
        assert sorted({c.seed for c in job.configs.values()}) == list(range(8))
        t0 = time.monotonic()
        while time.monotonic() - t0 < 60 and not (
                job.poll().runs["right/7"].iteration >= 20
                and len(job.poll().runs["right/7"].history.w1) >= 2):
            time.sleep(0.1)
        job.pause()
        assert job.join(20)
        at.run()
        assert not at.exception
        it = job.trainers["left/0"].iteration  # the section says where the seeds stand
        assert f"Paused at iteration {it}." in [i.value for i in at.info]
        specs = plotly_specs(at)
        titles = [s["layout"]["title"]["text"] for s in specs]
        w1 = next(s for s in specs if s["layout"]["title"]["text"].startswith(
            "Exact W1 across 8 seeds"))
        assert any("Modes covered across 8 seeds" in x for x in titles)
        # the right panel's median line is the median of its 8 runs' W1 at each evaluation
        runs = [job.trainers[f"right/{k}"] for k in range(8)]
        m = min(len(r.history.w1) for r in runs)
        want = np.median([r.history.w1[:m] for r in runs], axis=0)
        med = next(d for d in w1["data"] if d.get("name", "").startswith("Right panel")
                   and d["name"].endswith("median"))
        # the chart updates in place (app/live_chart.py): its data travels as int16 steps of
        # 1/65 534 of the curve's range, so the median is exact to within half a step
        y = np.asarray(med["y"], dtype=float)
        np.testing.assert_allclose(y[:m], want, rtol=0, atol=np.ptp(y) / 65534 / 2 + 1e-6)
        assert w1["layout"]["yaxis"]["title"]["text"] == "W1 (data units)"
    finally:
        job = at.session_state[f"{KEY}.job"] if f"{KEY}.job" in at.session_state else None
        if job is not None:
            job.stop("test over")
            job.join(10)

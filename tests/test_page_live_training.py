"""Page 6 (GAN vs WGAN, live) through AppTest: the real app, buttons and the session's job.

AppTest does not fire ``run_every``, so the tests press the buttons, wait on the job object that
the page keeps in the session, and rerun the script to see what the page shows.
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import metric_values, plotly_specs, run_page

SMALL = {"live.width": "16", "live.depth": "2", "live.batch": "32"}
pytestmark = pytest.mark.slow  # the first run imports torch and builds two models (~10 s)


def texts(at) -> str:
    parts = [e.value for e in at.info] + [e.value for e in at.success] + \
        [e.value for e in at.warning] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def wait_for(cond, timeout=30.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if cond():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def at():
    at = run_page("live_training.py", SMALL)
    yield at
    job = at.session_state["live.job"] if "live.job" in at.session_state else None
    if job is not None:
        job.stop("test over")
        job.join(10)


def test_the_page_shows_both_untrained_models(at):
    assert not at.exception, [e.value for e in at.exception]
    specs = plotly_specs(at)
    titles = [s["layout"]["title"]["text"] for s in specs]
    assert len(specs) == 8, titles  # per panel: field, losses, tracking; then W1 and modes
    assert sum("Samples over" in x for x in titles) == 2
    assert "Ready: press Start" in texts(at)
    job = at.session_state["live.job"]
    assert [tr.config.loss for tr in job.trainers.values()] == ["gan", "wgan"]  # GAN left
    assert {tr.config.width for tr in job.trainers.values()} == {16}  # from the URL
    values = [v for k, v in metric_values(at).items()]
    assert any(v.endswith("units") for v in values) and any("of 8" in v for v in values)
    # the W1 shown is the trainer's exact W1 of the untrained generator
    w1 = job.trainers["right"].history.w1[0]
    assert any(v == f"{w1:.3f} units" for v in values)


def test_start_then_pause_trains_in_the_background(at):
    at.button(key="live.start").click().run()
    job = at.session_state["live.job"]
    assert job.is_active
    assert wait_for(lambda: job.poll().runs["right"].iteration >= 5)
    at.run()
    assert "Training: iteration" in texts(at)
    assert at.button(key="live.start").disabled and not at.button(key="live.pause").disabled
    at.button(key="live.pause").click().run()
    assert job.join(15)
    at.run()
    it = job.trainers["right"].iteration
    assert it >= 5 and job.status == "paused"
    assert f"Paused at iteration {it}." in texts(at)
    specs = plotly_specs(at)
    w1 = next(s for s in specs if s["layout"]["title"]["text"].startswith("Ground truth"))
    assert len(w1["data"]) == 2  # one W1 curve per panel
    assert not at.exception


def test_step_runs_ten_iterations_and_reset_starts_over(at):
    at.button(key="live.step").click().run()
    job = at.session_state["live.job"]
    assert job.join(30)
    at.run()
    assert job.trainers["left"].iteration == job.trainers["right"].iteration == 10
    assert "Paused at iteration 10." in texts(at)
    at.button(key="live.reset").click().run()
    new = at.session_state["live.job"]
    assert new is not job and new.trainers["right"].iteration == 0
    assert "Ready: press Start" in texts(at)


def test_changing_a_setting_makes_a_new_run(at):
    job = at.session_state["live.job"]
    at.selectbox(key="w.live.right.loss").set_value("wgan-gp").run()
    new = at.session_state["live.job"]
    assert new is not job and new.trainers["right"].config.loss == "wgan-gp"
    assert new.trainers["right"].config.lr_d == pytest.approx(1e-4)  # WGAN-GP's own default
    assert not at.exception


def test_bad_link_values_give_a_notice_not_an_exception():
    at = run_page("live_training.py", {**SMALL, "live.left.loss": "lsgan", "live.seed": "-5"})
    assert not at.exception
    shown = "\n".join(w.value for w in at.warning)
    assert "live.left.loss" in shown and "live.seed" in shown
    at.session_state["live.job"].stop("test over")

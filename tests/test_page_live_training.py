"""Page 6 (GAN vs WGAN, live) through AppTest: the real app, buttons and the session's job.

AppTest does not fire ``run_every``, so the tests press the buttons, wait on the job object that
the page keeps in the session, and rerun the script to see what the page shows.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from tests.conftest import metric_values, plotly_specs, run_page

SMALL = {"live.scenario": "own-settings", "live.width": "16", "live.depth": "2",
         "live.batch": "32"}
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
    # per panel: field, then (standing still) losses (its tracking chart, r, waits for the
    # guess to "which loss tracks W1?": it is the answer); then W1 and modes
    assert len(specs) == 6, titles
    assert not [x for x in titles if "follow the exact W1" in x]
    assert sum("samples over" in x for x in titles) == 2
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


def test_pause_and_step_show_their_effect_in_the_run_the_click_starts(at, monkeypatch):
    """The callbacks wait for the trainer's answer (app.jobs.SETTLE_S, made long here: this tests
    the mechanism, not this machine's speed), so the click's own rerun draws the run standing
    still and stops polling; before, it drew "Training" and the effect came one poll later."""
    import app.jobs

    monkeypatch.setattr(app.jobs, "SETTLE_S", 20.0)
    at.button(key="live.start").click().run()
    job = at.session_state["live.job"]
    assert wait_for(lambda: job.poll().runs["right"].iteration >= 5)
    at.button(key="live.pause").click().run()  # no join, no second run
    it = job.trainers["right"].iteration
    assert job.status == "paused" and not job.busy and it >= 5
    assert f"Paused at iteration {it}." in texts(at)
    assert not at.button(key="live.start").disabled and at.button(key="live.pause").disabled
    at.button(key="live.step").click().run()
    assert f"Paused at iteration {it + 10}." in texts(at)
    assert job.trainers["left"].iteration == it + 10


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


# ---- your own points as the real data ----------------------------------------------------------
def _clusters_csv(n=120, seed=0) -> tuple[bytes, "np.ndarray"]:
    import numpy as np

    rng = np.random.default_rng(seed)
    pts = np.concatenate([rng.normal((100.0, 200.0), 3.0, (n // 2, 2)),
                          rng.normal((160.0, 200.0), 3.0, (n - n // 2, 2))])
    return ("x,y\n" + "".join(f"{a:.6f},{b:.6f}\n" for a, b in pts)).encode(), pts


def _upload(at, name: str, data: bytes):
    at.radio(key="w.byod.live.real.source").set_value("upload").run()
    at.file_uploader[0].upload(name, data, "text/csv").run()
    return at


def test_an_upload_switches_both_runs_to_the_points(at):
    import numpy as np

    at.button(key="live.start").click().run()
    old = at.session_state["live.job"]
    assert old.is_active
    data, pts = _clusters_csv()
    _upload(at, "mine.csv", data)
    assert not at.exception, [e.value for e in at.exception]
    job = at.session_state["live.job"]
    assert job is not old and old.join(15)  # the data changed: the run started over
    assert "The settings changed, so the run started over." in texts(at)
    for tr in job.trainers.values():
        assert tr.config.real_points is not None and len(tr.config.real_points) == 120
        assert tr.config.data_label == "uploaded (120 points)"
    assert at.selectbox(key="w.live.dataset").disabled
    captions = "\n".join(c.value for c in at.caption)
    assert "Both panels learn your 120 points" in captions
    assert "centred on (130, 200) and divided by 21.1" in captions  # RMS radius 29.9 → √2
    # What the page draws is the points, in their units: the real dots of both fields
    fields = [s for s in plotly_specs(at) if "samples over" in s["layout"]["title"]["text"]]
    assert len(fields) == 2
    rows = {tuple(np.round(p, 6)) for p in pts}
    for spec in fields:
        real = next(tr for tr in spec["data"] if tr.get("name") == "real data")
        shown = np.column_stack([real["x"], real["y"]])
        # drawn in float32 (half the bytes): each shown point is one of the uploaded ones
        d = np.abs(shown[:, None, :] - np.asarray(pts)[None, :, :]).max(axis=2).min(axis=1)
        assert (d < 1e-3 * np.abs(pts).max()).all() and len(rows) == 120
        x0, x1 = spec["layout"]["xaxis"]["range"]
        assert x0 < 95 and x1 > 165
    # the W1 metric is the exact W1 to the points, in their units; no modes on own data
    w1 = job.trainers["right"].history.w1[0]
    assert w1 > 20
    values = list(metric_values(at).values())
    assert f"{w1:.3f} units" in values
    assert "Modes covered is not defined for your own points" in captions
    assert metric_values(at)["Modes covered (3σ)"] == "undefined"
    at.button(key="live.step").click().run()
    assert job.join(30)
    at.run()
    assert job.trainers["left"].iteration == 10 and not at.exception
    assert "Paused at iteration 10." in texts(at)


def test_a_malformed_upload_shows_the_error_and_the_page_keeps_working(at):
    _upload(at, "bad.csv", b"x,y\n1,2\n3,hello\n")
    assert not at.exception
    assert any("bad.csv" in e.value and "“hello” is not a number" in e.value for e in at.error)
    job = at.session_state["live.job"]
    assert all(tr.config.real_points is None for tr in job.trainers.values())
    assert not at.selectbox(key="w.live.dataset").disabled
    # too few points for a run: the uploader says how many are needed, both panels keep the data
    _upload(at, "few.csv", b"x,y\n0,0\n1,1\n2,0\n")
    assert not at.exception
    assert any("At least 8 points are needed" in c.value for c in at.caption)
    assert not any("Using 3 of your points" in s.value for s in at.success)
    job = at.session_state["live.job"]
    assert {tr.config.data_label for tr in job.trainers.values()} == {"8gaussians"}
    at.button(key="live.step").click().run()
    assert job.join(30)
    at.run()
    assert job.trainers["right"].iteration == 10 and not at.exception


# ---- predict, then reveal ------------------------------------------------------------------------
def test_predict_which_loss_tracks_w1_and_the_run_answers(at):
    assert at.button(key="live.start").disabled is False  # the controls are not behind the guess
    at.radio(key="w.predict.live.tracks").set_value("gan").run()
    at.button(key="predict.live.tracks.commit").click().run()
    assert any(e.value == "Not this time." for e in at.error)
    md = "\n".join(m.value for m in at.markdown)
    assert "**The WGAN's critic loss**" in md and "Press Start and watch" in md
    job = at.session_state["live.job"]
    from divergences.scenarios import MIN_EVALS_FOR_R

    from app.jobs import EVAL_EVERY

    # evaluations at fixed iterations (every EVAL_EVERY): r is shown from 8 after the start
    assert job.step(EVAL_EVERY * MIN_EVALS_FOR_R) and job.join(120)
    at.run()
    r = {s: job.trainers[s].history.tracking() for s in ("left", "right")}
    assert all(v == v for v in r.values())
    md = "\n".join(m.value for m in at.markdown)
    assert "Measured in this run so far" in md
    assert f"Left panel, GAN (minimax, log(1 − D)): r = {r['left']:.2f}" in md
    assert f"Right panel, WGAN (weight clipping): r = {r['right']:.2f}" in md
    live = [c.value for c in at.caption if c.value.startswith("Your prediction:")]
    assert len(live) == 1 and "The GAN's discriminator loss" in live[0]  # the live view too
    assert f"r = {r['right']:.2f}" in live[0]
    at.button(key="predict.live.tracks.again").click().run()
    assert not at.exception and at.radio(key="w.predict.live.tracks").value is None
    assert not [c for c in at.caption if c.value.startswith("Your prediction:")]


# ---- Chinese ---------------------------------------------------------------------------------------
def _zh_page(query: dict, drawn=None):
    """Page 6 in Chinese, with ``drawn`` points already in the session (AppTest cannot change a
    selectbox whose options are translated, so the own-data source is set before the first run)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import MAIN

    at = AppTest.from_file(MAIN, default_timeout=60)
    at.switch_page("../pages/live_training.py")
    for k, v in {**SMALL, "lang": "zh", **query}.items():
        at.query_params[k] = v
    if drawn is not None:
        at.session_state["w.byod.live.real.source"] = "draw"
        at.session_state["byod.live.real.draw"] = drawn
    return at.run()


def test_in_chinese_the_device_reason_and_headings_are_translated(monkeypatch):
    import re

    import torch

    from tests import test_i18n as ix

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)  # force the no-GPU reasons
    at = _zh_page({"live.device": "cuda"})
    try:
        assert not at.exception, [e.value for e in at.exception]
        shown = texts(at)
        assert "设备：CPU（选择了 CUDA，但没有可用的 CUDA GPU）。" in shown
        assert "左侧面板：选择了 CUDA，但 PyTorch 找不到可用的 CUDA GPU：改在 CPU 上运行" in shown
        assert not re.search(r"no CUDA GPU|as requested|running on the CPU", shown)
        heads = [s["layout"]["title"]["text"].split("<br>")[0] for s in plotly_specs(at)
                 if "样本" in s["layout"]["title"]["text"]]
        assert heads == ["左侧面板：GAN（极小极大，log(1 − D)）", "右侧面板：WGAN（权重裁剪）"]
        english = {k for k in ix.extract().keys if k not in ix.LANGUAGE_NEUTRAL}
        visible = ([e.value for kind in ("markdown", "caption", "info", "warning", "success",
                                         "error") for e in at.get(kind)]
                   + [r.label for r in at.radio] + [o for r in at.radio for o in r.options])
        assert not [s for s in visible if s in english]
        md = "\n".join([m.value for m in at.markdown] + [e.label for e in at.expander])
        assert "随着训练进行，哪条损失曲线会反映样本的质量" in md  # the (folded) prediction, in Chinese
    finally:
        at.session_state["live.job"].stop("test over")


def test_in_chinese_own_points_and_their_errors_are_translated():
    _, pts = _clusters_csv()
    at = _zh_page({}, drawn=pts)
    job = at.session_state["live.job"]
    try:
        assert not at.exception, [e.value for e in at.exception]
        assert job.trainers["left"].config.data_label == "drawn (120 points)"
        assert "两个面板都学习你的 120 个点" in "\n".join(c.value for c in at.caption)
    finally:
        job.stop("test over")
    at = _zh_page({}, drawn=pts[:5])  # too few: the uploader says how many, in Chinese
    try:
        assert not at.exception
        assert any("至少需要 8 个点" in c.value for c in at.caption), [c.value for c in at.caption]
    finally:
        at.session_state["live.job"].stop("test over")
    at = _zh_page({}, drawn=np.repeat(pts[:1], 9, axis=0))  # enough points, but no spread
    try:
        assert not at.exception
        assert any("你的点暂时还不能作为真实数据：全部 9 个点都在同一个位置" in w.value
                   for w in at.warning), [w.value for w in at.warning]
    finally:
        at.session_state["live.job"].stop("test over")


def test_the_vanishing_gradient_scenario_plots_the_generators_gradient_norm_live():
    at = run_page("live_training.py", {"live.scenario": "vanishing-gradient",
                                       "live.view": "live"})
    try:
        assert not at.exception, [e.value for e in at.exception]
        job = at.session_state["live.job"]
        at.button(key="live.step").click().run()
        assert job.settle(30)
        at.run()
        (fig,) = [s for s in plotly_specs(at)
                  if s["layout"]["title"]["text"].startswith("Generator's gradient")]
        assert fig["layout"]["yaxis"]["type"] == "log" and len(fig["data"]) == 2
        for tr, side in zip(fig["data"], ("left", "right")):
            run = job.view().runs[side]
            assert tr["x"] == pytest.approx(list(run.grad_iteration), abs=1e-6)
            assert tr["y"] == pytest.approx(list(run.grad_norm), rel=1e-3)  # int16 of log10
            assert run.grad_iteration[-1] == run.iteration == 10
    finally:
        job = at.session_state["live.job"] if "live.job" in at.session_state else None
        if job is not None:
            job.stop("test over")
            job.join(10)

"""Page 4 (the critic) through AppTest: a short training shows the estimate that
divergences.critic computes, the charts carry the exact f*, the form retrains, 2D works, bad links
and hopeless settings give messages, not exceptions."""

import numpy as np
import pytest

from app.figures_critic import fmt_sig
from divergences import Dist1D
from divergences.critic import CriticConfig, Problem1D, Problem2D, train_critic
from tests.conftest import metric_values, plotly_specs, run_page
from tests.reveal import commit, shown

SHORT = {"critic.steps": "100"}
EST, K, RATIO, W1 = ("Critic estimate (units × K)", "Measured K (slope)", "Estimate ÷ K (units)",
                     "Exact W1 (units)")


def gaussians(theta: float) -> Problem1D:
    return Problem1D(Dist1D("gaussian", 0.0, 0.5), Dist1D("gaussian", theta, 0.5))


@pytest.fixture(scope="module")
def at():  # the offset sweep is drawn once a guess is in (right: no error box)
    return commit(run_page("critic.py", query=SHORT, timeout=300), "critic.disjoint", "grows")


def test_short_training_shows_the_estimate_of_the_science_module(at):
    assert not at.exception
    assert not at.error
    expected = train_critic(gaussians(3.0), CriticConfig(steps=100))
    m = metric_values(at)
    assert m[W1] == "3.000"  # W1 of a translate by θ = 3
    assert m[EST] == fmt_sig(expected.estimate)
    assert m[K] == fmt_sig(expected.lipschitz)
    assert m[RATIO] == fmt_sig(expected.ratio)
    assert float(m[RATIO]) == pytest.approx(3.0, rel=0.10)
    assert any("100 steps" in c.value for c in at.caption)


def test_charts_show_the_exact_optimal_critic_and_have_axis_titles(at):
    specs = plotly_specs(at)
    assert len(specs) == 6
    for s in specs:
        lay = s["layout"]
        assert lay["title"]["text"]
        assert lay["xaxis"]["title"]["text"] and lay["yaxis"]["title"]["text"]
    f_chart = next(s for s in specs if "optimal critic f*" in s["layout"]["title"]["text"])
    exact = train_critic(gaussians(3.0), CriticConfig(steps=100))
    star = next(tr for tr in f_chart["data"] if tr.get("name") == "exact optimal critic f*")
    assert np.allclose(np.asarray(star["y"], dtype=float), exact.f_star)
    # the sweep's scatter reports a correlation above 0.95 in its title
    scatter = next(s for s in specs if "correlation r =" in s["layout"]["title"]["text"])
    assert float(scatter["layout"]["title"]["text"].split("=")[-1]) > 0.95


def test_the_form_retrains_with_new_settings(at):
    at.slider(key="w.critic.theta").set_value(2.0)
    at.button(key="critic.train").click().run()
    assert not at.exception
    expected = train_critic(gaussians(2.0), CriticConfig(steps=100))
    m = metric_values(at)
    assert m[W1] == "2.000"
    assert m[EST] == fmt_sig(expected.estimate)
    assert at.query_params["critic.theta"] == ["2"] or at.query_params["critic.theta"] == "2"


def test_two_dimensional_critic_shows_pot_w1_and_a_heat_map():
    at2 = run_page("critic.py", query={**SHORT, "critic.dim": "2d"}, timeout=300)
    assert not at2.exception
    expected = train_critic(Problem2D("blob", "blob", (1.5, 0.0)), CriticConfig(steps=100))
    m = metric_values(at2)
    assert m[W1] == fmt_sig(expected.w1)
    assert m[EST] == fmt_sig(expected.estimate)
    types = [tr["type"] for s in plotly_specs(at2) for tr in s["data"]]
    assert "contour" in types


def test_a_bad_link_value_gives_a_notice_and_the_default():
    at3 = run_page("critic.py", query={**SHORT, "critic.c": "abc"}, timeout=300)
    assert not at3.exception
    assert any("critic.c" in w.value for w in at3.warning)
    assert metric_values(at3)[K] == fmt_sig(train_critic(gaussians(3.0),
                                                         CriticConfig(steps=100)).lipschitz)


def test_a_hopeless_clip_says_the_critic_stayed_flat():
    at4 = run_page("critic.py", query={"critic.steps": "50", "critic.c": "0.001",
                                       "critic.depth": "6"}, timeout=300)
    assert not at4.exception
    assert any("stayed flat" in w.value for w in at4.warning)


# ---- your own data (issue 8) ------------------------------------------------------------------


def _csv(values) -> bytes:
    arr = np.asarray(values)
    if arr.ndim == 1:
        return ("x\n" + "\n".join(f"{v:.6f}" for v in arr)).encode()
    return ("x,y\n" + "\n".join(f"{u:.6f},{v:.6f}" for u, v in arr)).encode()


def _upload(at, key: str, name: str, data: bytes, index: int):
    at.radio(key=f"w.byod.{key}.source").set_value("upload").run()
    at.file_uploader[index].upload(name, data, "text/csv").run()
    return at


@pytest.mark.slow
def test_own_1d_samples_train_the_critic_against_their_exact_w1():
    from scipy.stats import wasserstein_distance

    from divergences.critic import Samples

    r = np.random.default_rng(0)
    ps, qs = r.normal(0, 0.5, 300).round(6), r.normal(2, 0.5, 200).round(6)
    at5 = run_page("critic.py", query=SHORT, timeout=300)
    commit(at5, "critic.disjoint", "grows")  # the offset sweep (and its caption) after a guess
    _upload(at5, "critic.p", "p.csv", _csv(ps), 0)
    _upload(at5, "critic.q", "q.csv", _csv(qs), 1)
    assert not at5.exception and not at5.error
    m = metric_values(at5)
    assert m[W1] == fmt_sig(wasserstein_distance(ps, qs))
    expected = train_critic(Problem1D(Samples.of(ps), Samples.of(qs)), CriticConfig(steps=100))
    assert m[EST] == fmt_sig(expected.estimate) and m[K] == fmt_sig(expected.lipschitz)
    assert float(m[RATIO]) == pytest.approx(wasserstein_distance(ps, qs), rel=0.15)
    assert any("θ moves your own Q" in c.value for c in at5.caption)
    assert at5.slider(key="w.critic.theta").disabled  # the student's Q is used where it is
    f_chart = next(s for s in plotly_specs(at5)
                   if "optimal critic f*" in s["layout"]["title"]["text"])
    assert any(tr.get("name") == "histogram of your P" for tr in f_chart["data"])


def test_a_malformed_upload_says_why_and_the_critic_keeps_the_page_data():
    at6 = run_page("critic.py", query=SHORT, timeout=300)
    _upload(at6, "critic.q", "bad.csv", b"x\n1\n2\n\x00\x01", 0)
    assert not at6.exception
    assert any("bad.csv" in e.value and "not a text file" in e.value for e in at6.error)
    assert metric_values(at6)[W1] == "3.000"  # the built-in Gaussians, θ = 3


@pytest.mark.slow
def test_own_2d_points_as_p_against_a_data_set_use_pot_w1():
    import ot

    from divergences.critic import Samples

    pts = (np.random.default_rng(4).normal(size=(150, 2)) * 0.3).round(6)
    at7 = run_page("critic.py", query={**SHORT, "critic.dim": "2d"}, timeout=300)
    _upload(at7, "critic.p2", "p.csv", _csv(pts), 0)
    assert not at7.exception and not at7.error
    expected = train_critic(Problem2D("blob", "blob", (1.5, 0.0), p_samples=Samples.of(pts)),
                            CriticConfig(steps=100))
    xq = expected.q_points
    want = ot.emd2(np.full(150, 1 / 150), np.full(len(xq), 1 / len(xq)),
                   ot.dist(pts, xq, metric="euclidean"))
    m = metric_values(at7)
    assert m[W1] == fmt_sig(want) == fmt_sig(expected.w1)
    assert m[EST] == fmt_sig(expected.estimate)


# ---- nothing revealed early (issue 22, item 3) ----------------------------------------------------

def test_before_a_guess_the_offset_sweep_and_its_notice_wait():
    page = run_page("critic.py", query=SHORT, timeout=300)  # (the fixture's runs are cached)
    assert not page.exception, page.exception
    text = shown(page)
    for spoiler in ("The critic follows W1 where JS is stuck", "keeps growing with W1",
                    "correlation r ="):
        assert spoiler not in text, spoiler
    assert "Commit your guess above to see what to notice." in text
    assert metric_values(page)[EST]  # the experiment: θ and the critic's estimate are there
    assert any("optimal critic f*" in s["layout"]["title"]["text"] for s in plotly_specs(page))
    commit(page, "critic.disjoint", "flat")
    text = shown(page)
    assert "The critic follows W1 where JS is stuck" in text and "keeps growing with W1" in text

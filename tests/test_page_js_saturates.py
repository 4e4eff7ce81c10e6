"""Page 1 (JS saturates) through the real app (AppTest): the numbers it shows and the figures it
draws, against closed forms."""

import math

import numpy as np
import pytest

from streamlit.testing.v1 import AppTest

from tests.conftest import MAIN, metric_values, plotly_specs, run_page
from tests.reveal import commit, shown

LN2 = math.log(2)
PAGE = "js_saturates.py"


def open_with(query: dict) -> AppTest:
    """Open the page with link parameters. (run_page's first run shows Home, which drops the
    parameters it does not know, so they are set only when switching to this page.)"""
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"../pages/{PAGE}").run()
    return at


def _xs(tr) -> np.ndarray:
    """A trace's x: its array, or (evenly spaced curves, sent compactly) x0 + dx·i."""
    if "x" in tr:
        return np.array(tr["x"], dtype=float)
    return tr["x0"] + tr["dx"] * np.arange(len(tr["y"]))


def _trace(spec, name):
    return next(t for t in spec["data"] if t.get("name") == name and len(_xs(t)) > 2)


def _curves(at):
    """The curves chart and its θ layer (app.ui.layered_chart) as one figure."""
    from app.figures_1d import merged

    static, layer = [s for s in plotly_specs(at)
                     if s["layout"]["title"]["text"].startswith("JS, KL")]
    return merged(static, layer)


@pytest.fixture(scope="module")
def uniforms():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    return commit(at, "js.slopes", "both0")  # the slopes are shown once a guess is in


@pytest.mark.parametrize("theta", [2.0, -1.5, 3.95])
def test_disjoint_theta_shows_ln2_and_w1_equal_to_theta(uniforms, theta):
    at = uniforms
    at.slider(key="w.js.theta").set_value(theta).run()
    assert not at.exception, at.exception
    m = metric_values(at)
    js = float(m["JS divergence"].split()[0])
    assert js == pytest.approx(LN2, abs=1e-3)
    assert m["JS divergence"] == "0.6931 nats"
    # U[-½, ½] against its translate: W1 = |θ| (the grid is aligned: exact to the last digit).
    assert float(m["W1 (Earth Mover)"].split()[0]) == pytest.approx(abs(theta), abs=1e-4)
    assert m["KL(P‖Q)"].startswith("∞") and m["KL(Q‖P)"].startswith("∞")
    assert m["TV distance"] == "1.0000"
    assert m["dJS/dθ"] == "+0.0000 nats/unit"
    assert m["dW1/dθ"] == ("+1.0000 units/unit" if theta > 0 else "-1.0000 units/unit")
    assert m["GAN loss C(G) with the optimal D"] == "0.0000 nats"


def test_figure_json_js_flat_and_w1_linear_over_the_disjoint_range(uniforms):
    at = uniforms
    at.slider(key="w.js.theta").set_value(2.0).run()
    spec = _curves(at)
    js, w1 = _trace(spec, "JS(P‖Q)"), _trace(spec, "W1(P, Q)")
    x = _xs(js)
    y_js = np.array(js["y"], dtype=float)
    y_w1 = np.array(w1["y"], dtype=float)
    disjoint = np.abs(x) >= 1.0 - 1e-9  # U[-½, ½] and U[θ-½, θ+½] are disjoint for |θ| ≥ 1
    assert disjoint.sum() > 100
    np.testing.assert_allclose(y_js[disjoint], LN2, atol=1e-12)  # flat at ln 2
    np.testing.assert_allclose(y_w1[disjoint], np.abs(x[disjoint]), atol=1e-9)  # linear, slope ±1
    np.testing.assert_allclose(y_js[~disjoint], np.abs(x[~disjoint]) * LN2, atol=1e-9)
    # The disjoint range is shaded in both panels, the current θ is marked in both, and KL = ∞
    # is drawn as a dotted line at the "∞" tick of the upper panel, never as a finite value on
    # the curve.
    rects = [s for s in spec["layout"]["shapes"] if s["type"] == "rect"]
    spans = sorted((s["xref"], round(r["x0"], 6), round(r["x1"], 6)) for r in rects
                   for s in [r])
    assert spans == [("x", -4.0, -1.0), ("x", 1.0, 4.0), ("x2", -4.0, -1.0), ("x2", 1.0, 4.0)]
    lines = [s for s in spec["layout"]["shapes"] if s["type"] == "line" and s["x0"] == s["x1"]]
    assert sorted(s["xref"] for s in lines if s["x0"] == 2.0) == ["x", "x2"]
    kl = _trace(spec, "KL(P‖Q)")
    assert all(v is None or math.isnan(v) for v, xx in zip(kl["y"], _xs(kl)) if abs(xx) > 1e-9)
    inf = next(t for t in spec["data"] if t.get("name") == "KL(P‖Q) = ∞")
    top = spec["layout"]["yaxis"]["range"][1]
    drawn = [(xx, v) for xx, v in zip(_xs(inf), inf["y"]) if v is not None and not math.isnan(v)]
    assert [xx for xx, _ in drawn] == [xx for xx in x if abs(xx) > 1e-9]  # exactly where KL = ∞
    assert inf["showlegend"] is False and inf["legendgroup"] == kl["legendgroup"]
    yaxis = spec["layout"]["yaxis"]
    inf_tick = yaxis["tickvals"][yaxis["ticktext"].index("∞")]
    assert max(v for _, v in drawn) <= top and abs(drawn[0][1] - inf_tick) < 0.05 * top
    # One legend entry per quantity, and each unit on its own axis.
    assert sorted(t["name"] for t in spec["data"] if t.get("showlegend") is not False
                  and len(_xs(t)) > 2) == sorted(
        ["JS(P‖Q)", "KL(P‖Q)", "KL(Q‖P)", "TV(P, Q)", "W1(P, Q)"])
    assert yaxis["title"]["text"] == "JS, KL (nats)"
    assert spec["layout"]["yaxis2"]["title"]["text"] == "W1 (units)"
    assert spec["layout"]["yaxis3"]["title"]["text"] == "TV (no unit)"
    assert (w1["xaxis"], w1["yaxis"]) == ("x2", "y2")
    # "supports disjoint" sits in the lower panel, away from the "ln 2" label of the upper one.
    anns = {a["text"]: a for a in spec["layout"]["annotations"]}
    assert anns["supports disjoint"]["yref"] == "y2 domain" and anns["ln 2 ≈ 0.6931"]["yref"] == "y"
    dots = [t for t in spec["data"] if t.get("mode") == "markers" and t["x"] == [2.0]]
    assert {round(d["y"][0], 6) for d in dots} == {round(LN2, 6), 1.0, 2.0}  # JS, TV, W1


def test_overlapping_theta_gives_theta_ln2(uniforms):
    at = uniforms
    at.slider(key="w.js.theta").set_value(0.25).run()
    m = metric_values(at)
    assert m["JS divergence"] == f"{0.25 * LN2:.4f} nats"
    assert m["TV distance"] == "0.2500"
    assert m["W1 (Earth Mover)"] == "0.2500 units"
    density = next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith("P and"))
    q = next(t for t in density["data"] if t.get("name") == "Q")
    ys = np.array(q["y"], dtype=float)
    xs = q["x0"] + q["dx"] * np.arange(ys.size)  # evenly spaced: sent as x0 and dx
    inside = ys > 0
    assert xs[inside].min() == pytest.approx(-0.25, abs=q["dx"])  # Q = U[θ − ½, θ + ½]
    assert xs[inside].max() == pytest.approx(0.75, abs=q["dx"])  # to one drawn step
    assert q["dx"] < 0.02


def test_gaussian_preset_kl_is_half_theta_squared():
    at = open_with({"js.preset": "gaussians", "js.theta": "1.5"})
    assert not at.exception, at.exception
    m = metric_values(at)
    assert float(m["KL(P‖Q)"].split()[0]) == pytest.approx(1.5**2 / 2, abs=2e-4)
    assert float(m["KL(Q‖P)"].split()[0]) == pytest.approx(1.5**2 / 2, abs=2e-4)
    assert m["W1 (Earth Mover)"] == "1.5000 units"
    assert m["TV distance"] == "0.5467"  # 2Φ(θ/2) − 1 for unit Gaussians
    js = float(m["JS divergence"].split()[0])
    assert 0.1 < js < LN2  # Gaussians always overlap: below ln 2
    # Choosing another preset rewrites the families (and a family change marks it "custom").
    at.selectbox(key="w.js.preset").set_value("points").run()
    assert at.selectbox(key="w.js.p_family").value == "point"
    at.slider(key="w.js.theta").set_value(0.05).run()
    m = metric_values(at)
    assert m["JS divergence"] == "0.6931 nats"  # two different points: disjoint
    assert m["W1 (Earth Mover)"] == "0.0500 units"
    at.selectbox(key="w.js.q_family").set_value("uniform").run()
    assert at.selectbox(key="w.js.preset").value == "custom"
    assert not at.exception


def test_mixture_preset_and_bad_url_values_do_not_break_the_page():
    at = open_with({"js.preset": "mixture", "js.theta": "banana",
                               "js.p_width": "1e999", "js.q_family": "<b>x</b>"})
    assert not at.exception, at.exception
    assert at.warning  # the links' bad values are reported, not raised
    assert at.slider(key="w.js.theta").value == pytest.approx(0.5)
    m = metric_values(at)
    assert np.isfinite(float(m["KL(Q‖P)"].split()[0]))  # the single mode sits inside P's support


# ---- the student's own samples (issue 8) ----------------------------------------------------------

OWN_P = np.random.default_rng(11).normal(0.0, 1.0, 250)
OWN_Q = np.random.default_rng(12).uniform(0.5, 2.0, 150)


def _csv(values, header="x") -> bytes:
    return (header + "\n" + "\n".join(repr(float(v)) for v in values) + "\n").encode()


def _upload(at, role: str, data: bytes, name: str = "mine.csv") -> None:
    at.radio(key=f"w.byod.js.{role}.source").set_value("upload").run()
    idx = 0 if role == "p" or len(at.file_uploader) == 1 else 1
    at.file_uploader[idx].upload(name, data, "text/csv").run()


@pytest.fixture(scope="module")
def own_samples():
    at = run_page(PAGE)
    _upload(at, "p", _csv(OWN_P))
    _upload(at, "q", _csv(OWN_Q, header="q"))
    assert not at.exception, at.exception
    return commit(at, "js.slopes", "both0")  # the slopes are shown once a guess is in


def test_own_samples_disjoint_theta_gives_ln2_and_w1_within_a_cell_of_scipy(own_samples):
    from scipy.spatial.distance import jensenshannon
    from scipy.stats import wasserstein_distance

    from divergences import Dist1D
    from divergences.empirical import sample_axis

    at = own_samples
    ax = sample_axis(Dist1D.from_samples(OWN_P), Dist1D.from_samples(OWN_Q))
    sl = at.slider(key="w.js.theta")
    assert sl.max == pytest.approx(ax.theta_max) and sl.step == pytest.approx(ax.step)
    assert any("your 250 samples" in c.value and "your 150 samples" in c.value
               for c in at.caption)
    for theta in (sl.max, sl.min, 0.0, round(0.7 / ax.step) * ax.step):
        at.slider(key="w.js.theta").set_value(theta).run()
        assert not at.exception, at.exception
        m = metric_values(at)
        js, w1 = float(m["JS divergence"].split()[0]), float(m["W1 (Earth Mover)"].split()[0])
        exact = wasserstein_distance(OWN_P, OWN_Q + theta)
        assert abs(w1 - exact) < ax.step + 1e-4  # binned: within one cell width h
        hp = np.histogram(OWN_P, bins=ax.grid.edges)[0]
        hq = np.histogram(OWN_Q + theta, bins=ax.grid.edges)[0]
        assert js == pytest.approx(jensenshannon(hp, hq) ** 2, abs=6e-5)  # the histograms' JS
        if abs(theta) == sl.max:  # the ends of the range: disjoint
            assert m["JS divergence"] == "0.6931 nats" and m["TV distance"] == "1.0000"
            assert m["dJS/dθ"] == "+0.0000 nats/unit"
            assert m["dW1/dθ"] in ("+1.0000 units/unit", "-1.0000 units/unit")
            assert "share no cell" in " ".join(i.value for i in at.info)
    # The density chart draws the samples as histograms of the page's cells (mass / h).
    spec = next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith("P and"))
    p = next(t for t in spec["data"] if t.get("name") == "P")
    assert p["line"]["shape"] == "hv"
    assert max(p["y"]) == pytest.approx(hp.max() / OWN_P.size / ax.grid.h, rel=1e-6)  # drawn as float32


def test_own_p_with_builtin_q_centres_q_on_the_samples():
    at = run_page(PAGE)
    _upload(at, "p", _csv(OWN_P + 20.0))
    assert not at.exception, at.exception
    cap = " ".join(c.value for c in at.caption)
    assert "P = your 250 samples; Q = uniform, centred at their mean" in cap
    assert f"{OWN_P.mean() + 20:.4g}" in cap and "binned" in cap
    at.slider(key="w.js.theta").set_value(0.0).run()
    # Q = U[m − ½, m + ½] around the samples' mean m: W1 to the samples is finite and small.
    w1 = float(metric_values(at)["W1 (Earth Mover)"].split()[0])
    assert w1 < 1.0
    at.slider(key="w.js.theta").set_value(at.slider(key="w.js.theta").max).run()
    assert metric_values(at)["JS divergence"] == "0.6931 nats"
    # Back to the page's data: the usual range and values come back.
    at.radio(key="w.byod.js.p.source").set_value("builtin").run()
    sl = at.slider(key="w.js.theta")
    assert (sl.min, sl.max, sl.step) == (-4.0, 4.0, 0.05)
    at.slider(key="w.js.theta").set_value(2.0).run()
    assert metric_values(at)["W1 (Earth Mover)"] == "2.0000 units"


def test_bad_upload_gives_a_clear_error_and_the_page_keeps_its_data():
    at = run_page(PAGE)
    _upload(at, "q", b"x\n1.0\nhello\n3\n", "bad.csv")
    assert not at.exception, at.exception
    assert any("bad.csv" in e.value and "“hello” is not a number" in e.value for e in at.error)
    m = metric_values(at)
    assert m["JS divergence"] == f"{0.5 * LN2:.4f} nats"  # the uniforms preset at θ = 0.5
    assert m["W1 (Earth Mover)"] == "0.5000 units"


def test_own_samples_in_chinese_leave_nothing_in_english():
    from tests.test_i18n import EX, _visible_texts
    from tests import test_i18n as ix

    # (AppTest formats the selectboxes' values with the page's labels in English, so the
    # uploads happen first and the switch to Chinese is the last action.)
    at = run_page(PAGE)
    _upload(at, "p", _csv(OWN_P))
    _upload(at, "q", _csv(OWN_Q))
    at.slider(key="w.js.theta").set_value(at.slider(key="w.js.theta").max).run()
    at.radio(key="w.lang").set_value("zh").run()
    assert not at.exception, at.exception
    assert "JS 散度" in metric_values(at)
    english = {k for k in EX.keys if k not in ix.LANGUAGE_NEUTRAL}
    left = sorted({s for s in _visible_texts(at) if s in english})
    assert not left, left
    assert any("你的 250 个样本" in c.value for c in at.caption), [c.value for c in at.caption]


def test_predict_the_slopes_past_disjointness_then_reveal():
    at = run_page(PAGE)
    key = "js.slopes"
    assert at.button(key=f"predict.{key}.commit").disabled  # nothing chosen yet
    at.radio(key=f"w.predict.{key}").set_value("both0").run()
    at.button(key=f"predict.{key}.commit").click().run()
    assert not at.exception, at.exception
    assert any("Not this time" in e.value for e in at.error)
    shown = [m.value for m in at.markdown]
    assert "**Both are 0: neither changes any more**" in shown  # the guess ...
    assert "**dJS/dθ = 0, while dW1/dθ = ±1**" in shown  # ... beside the answer
    assert any("gets no gradient at all" in m for m in shown)  # and why
    at.button(key=f"predict.{key}.again").click().run()
    at.radio(key=f"w.predict.{key}").set_value("js0_w1").run()
    at.button(key=f"predict.{key}.commit").click().run()
    assert any("Right." in s.value for s in at.success)
    # What the page then shows agrees with the answer (uniforms, θ = 2: disjoint).
    at.slider(key="w.js.theta").set_value(2.0).run()
    m = metric_values(at)
    assert m["dJS/dθ"] == "+0.0000 nats/unit" and m["dW1/dθ"] == "+1.0000 units/unit"


# ---- nothing revealed early (issue 22, item 3) ----------------------------------------------------

SLOPE_SPOILERS = ("dJS/dθ = 0", "dW1/dθ = +1", "its gradient is zero", "its slope is 0",
                  "slope ±1", "+0.0000 nats/unit")


def _spoilers(text: str) -> list[str]:
    return [s for s in SLOPE_SPOILERS if s in text]


def test_before_a_guess_nothing_says_what_the_slopes_are():
    at = run_page(PAGE)
    for theta in (2.0, 0.5, -3.0):  # disjoint, overlapping, disjoint on the left
        at.slider(key="w.js.theta").set_value(theta).run()
        assert not at.exception, at.exception
        text = shown(at)
        assert not _spoilers(text), (theta, _spoilers(text))
        assert "Commit your guess above to see what to notice." in text
        assert "dJS/dθ" not in metric_values(at)  # the slope numbers wait ...
        assert not [s for s in plotly_specs(at)  # ... and so does the slope chart
                    if "slope" in s["layout"]["title"]["text"].lower()]
    # the experiment itself is there: θ, JS and W1, the curves
    m = metric_values(at)
    assert m["JS divergence"] == "0.6931 nats" and m["W1 (Earth Mover)"] == "3.0000 units"
    assert _curves(at)
    # after the guess: "What to notice", the slopes, the intro and the argument
    commit(at, "js.slopes", "both1")
    text = shown(at)
    assert "dJS/dθ = 0" in text and "dW1/dθ = -1" in text  # θ = −3: disjoint, left of P
    assert "its gradient is zero" in text  # the intro
    assert metric_values(at)["dJS/dθ"] == "+0.0000 nats/unit"
    assert any("slope" in s["layout"]["title"]["text"].lower() for s in plotly_specs(at))

"""Page 1 (JS saturates) through the real app (AppTest): the numbers it shows and the figures it
draws, against closed forms."""

import math

import numpy as np
import pytest

from streamlit.testing.v1 import AppTest

from tests.conftest import MAIN, metric_values, plotly_specs, run_page

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


def _trace(spec, name):
    return next(t for t in spec["data"] if t.get("name") == name and len(t.get("x", [])) > 2)


def _curves(at):
    return next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith("JS, KL"))


@pytest.fixture(scope="module")
def uniforms():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    return at


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
    x = np.array(js["x"], dtype=float)
    y_js = np.array(js["y"], dtype=float)
    y_w1 = np.array(w1["y"], dtype=float)
    disjoint = np.abs(x) >= 1.0 - 1e-9  # U[-½, ½] and U[θ-½, θ+½] are disjoint for |θ| ≥ 1
    assert disjoint.sum() > 100
    np.testing.assert_allclose(y_js[disjoint], LN2, atol=1e-12)  # flat at ln 2
    np.testing.assert_allclose(y_w1[disjoint], np.abs(x[disjoint]), atol=1e-9)  # linear, slope ±1
    np.testing.assert_allclose(y_js[~disjoint], np.abs(x[~disjoint]) * LN2, atol=1e-9)
    # The disjoint range is shaded, the current θ is marked, and KL = ∞ is drawn as markers on
    # the top edge, never as a finite value on the curve.
    rects = [s for s in spec["layout"]["shapes"] if s["type"] == "rect"]
    assert sorted((round(r["x0"], 6), round(r["x1"], 6)) for r in rects) == [(-4.0, -1.0),
                                                                             (1.0, 4.0)]
    assert any(s["type"] == "line" and s["x0"] == s["x1"] == 2.0 for s in spec["layout"]["shapes"])
    kl = _trace(spec, "KL(P‖Q)")
    assert all(v is None for v, xx in zip(kl["y"], kl["x"]) if xx != 0.0)
    inf = next(t for t in spec["data"] if t.get("name") == "KL(P‖Q) = ∞")
    top = spec["layout"]["yaxis"]["range"][1]
    assert len(inf["x"]) == x.size - 1 and max(inf["y"]) <= top
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
    xs, ys = np.array(q["x"]), np.array(q["y"])
    inside = ys > 0
    assert xs[inside].min() == pytest.approx(-0.25, abs=0.01)  # Q = U[θ − ½, θ + ½]
    assert xs[inside].max() == pytest.approx(0.75, abs=0.01)


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

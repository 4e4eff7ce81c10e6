"""Page 5 (the generator's gradient) through the real app: it runs, and what it shows is what
divergences.gradients computes: the metrics, the curves of the gradient chart, the k-steps run
and the KL asymmetry panel; bad links give a notice, not an exception."""

import math

import numpy as np
import pytest

from app.figures_gradients import fmt_gradient
from divergences import Dist1D
from divergences.gradients import (asymmetry_cases, asymmetry_grid, generator_gradients,
                                   gradient_grid, kl_integrand, train_discriminator_steps)
from tests.conftest import metric_values, plotly_specs, run_page
from tests.reveal import commit, shown

PAGE = "generator_gradient.py"
GAUSS = Dist1D("gaussian", 0.0, 1.0)
UNIF = Dist1D("uniform", 0.5, 1.0)


def figure(at, title_start: str) -> dict:
    for spec in plotly_specs(at):
        if spec["layout"]["title"]["text"].startswith(title_start):
            return spec
    raise AssertionError(f"no figure titled {title_start!r}")


def trace(spec: dict, name_start: str) -> dict:
    for tr in spec["data"]:
        if tr.get("name", "").startswith(name_start):
            return tr
    raise AssertionError(f"no trace named {name_start!r}")


@pytest.fixture(scope="module")
def default_page():
    return commit(run_page(PAGE), "gg.minimax", "zero")  # the derivation shows after a guess


def test_page_runs_and_shows_the_science(default_page):
    at = default_page
    assert not at.exception
    assert at.title[0].value == "5 · The generator's gradient"
    m = metric_values(at)
    s = generator_gradients(GAUSS, [4.0], grid=gradient_grid(GAUSS, 10.0, 100))
    assert m["minimax gradient (nats/unit)"] == fmt_gradient(float(s.minimax_grad[0])) == "0.1372"
    assert m["−log D gradient (nats/unit)"] == fmt_gradient(float(s.nonsat_grad[0])) == "3.8628"
    assert m["WGAN gradient (unitless)"] == "1.0000"
    assert m["JS(P‖Q_θ)"] == f"{s.js[0]:.4f} nats"
    # the value identity, on screen: V(G, D*) = −log 4 + 2·JS
    assert m["V(G, D*)"] == m["−log 4 + 2·JS"] == f"{s.value[0]:.4f} nats"
    assert at.info  # the "what to notice" lines
    assert len(at.latex) >= 5  # the seed's derivation


def test_gradient_chart_draws_the_computed_curves(default_page):
    spec = figure(default_page, "How hard each loss pulls")
    off = np.round(np.arange(0.0, 10.0 + 1e-9, 0.05), 10)
    s = generator_gradients(GAUSS, off, grid=gradient_grid(GAUSS, 10.0, 100))
    mm = np.array(trace(spec, "minimax  E")["y"], dtype=float)
    wg = np.array(trace(spec, "WGAN  −E")["y"], dtype=float)
    assert np.allclose(mm[1:], np.abs(s.minimax_grad[1:]), rtol=1e-12)
    assert np.allclose(wg[1:], 1.0, atol=1e-9)
    assert mm[-1] < 1e-5  # vanished by θ = 10 ...
    assert spec["layout"]["yaxis"]["type"] == "log"
    # ... and θ = 0 (P = Q: every gradient exactly 0) is drawn on the "= 0" row, not dropped
    zero = trace(spec, "minimax: gradient = 0")
    assert np.isfinite(np.array(zero["y"], dtype=float)[0])
    assert "= 0" in spec["layout"]["yaxis"]["ticktext"]


def test_disjoint_uniforms_from_the_link():
    at = run_page(PAGE, {"gg.family": "uniform", "gg.theta": "6"})
    assert not at.exception
    m = metric_values(at)
    assert m["minimax gradient (nats/unit)"] == "0 (exactly)"
    assert m["−log D gradient (nats/unit)"] == "undefined"
    assert m["WGAN gradient (unitless)"] == "1.0000"
    assert m["JS(P‖Q_θ)"] == "0.6931 nats"
    assert m["V(G, D*)"] == "0.0000 nats"
    spec = figure(at, "How hard each loss pulls")
    zero = np.array(trace(spec, "minimax: gradient = 0")["y"], dtype=float)
    off = np.round(np.arange(0.0, 10.0 + 1e-9, 0.05), 10)
    # every θ ≥ 1 (disjoint) and θ = 0 is a zero; 0 < θ < 1 is ln 2
    assert np.array_equal(np.isfinite(zero), (off >= 1.0) | (off == 0.0))
    mm = np.array(trace(spec, "minimax  E")["y"], dtype=float)
    assert np.allclose(mm[(off > 0) & (off < 1)], math.log(2), atol=1e-12)
    undefined = np.array(trace(spec, "non-saturating: undefined")["y"], dtype=float)
    assert np.array_equal(np.isfinite(undefined), off > 0)
    assert "undefined" in spec["layout"]["yaxis"]["ticktext"]


def test_k_steps_and_asymmetry_match_the_science(default_page):
    at = default_page
    run = train_discriminator_steps(UNIF, 2.0)  # the default setup; deterministic
    m = metric_values(at)
    j = list(run.steps).index(10)
    assert m["minimax gradient, D_k (nats/unit)"] == fmt_gradient(float(run.minimax_grad[j]))
    assert m["JS implied by D_k"] == f"{run.js_estimate[j]:.4f} nats"
    spec = figure(at, "Generator gradient with a discriminator")
    y = np.array(trace(spec, "minimax  E")["y"], dtype=float)
    np.testing.assert_allclose(y, np.abs(run.minimax_grad), rtol=1e-9)

    at.select_slider(key="w.gg.k").set_value("500").run()
    assert not at.exception
    m = metric_values(at)
    assert m["minimax gradient, D_k (nats/unit)"] == fmt_gradient(float(run.minimax_grad[-1]))
    assert abs(run.minimax_grad[-1]) < 1e-3 * np.abs(run.minimax_grad).max()

    data, drop, fake = asymmetry_cases(0.3)
    g = asymmetry_grid(0.3)
    a, b = kl_integrand(drop, data, g), kl_integrand(fake, data, g)
    assert m["KL, dropped mode (nats)"] == f"{a.total:.4f}" == "0.6931"
    assert m["KL, fakes (nats)"] == f"{b.total:.4f}"
    assert m["−log D loss, dropped (nats)"] == f"{a.nonsat_loss:.4f}"
    assert m["−log D loss, fakes (nats)"] == f"{b.nonsat_loss:.4f}"
    spec = figure(at, "Makes fakes")
    y = np.array(trace(spec, "p_G·ln")["y"], dtype=float)
    assert np.nansum(y) * g.h == pytest.approx(b.total, rel=1e-9)


def test_bad_links_give_notices_not_exceptions():
    at = run_page(PAGE, {"gg.theta": "lots", "gg.family": "point", "gg.k": "7",
                         "gg.sigma": "99"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    for key in ("gg.theta", "gg.family", "gg.k", "gg.sigma"):
        assert key in text, key
    m = metric_values(at)
    assert m["WGAN gradient (unitless)"] == "1.0000"  # fell back to the defaults
    assert at.slider(key="w.gg.sigma").value == 0.6  # clamped


def test_a_theta_move_leaves_the_sweep_chart_unchanged_and_moves_its_layer():
    """The browser is sent an element again only if it changed: the gradient sweep itself must be
    byte for byte the same at every θ; its θ line lives in the layer drawn over it."""
    at = run_page(PAGE)

    def sweep_specs():
        return [e.proto.spec for e in at.get("plotly_chart")
                if "How hard each loss pulls" in e.proto.spec]

    static_before, layer_before = sweep_specs()
    at.slider(key="w.gg.theta").set_value(6.5).run()
    assert not at.exception
    static_after, layer_after = sweep_specs()
    assert static_after == static_before
    assert layer_after != layer_before and len(layer_after) < 5000 < len(static_after)
    layer = figure(at, "How hard each loss pulls")  # the static chart comes first ...
    assert not any(s.get("type") == "line" and s.get("yref") == "paper"
                   for s in layer["layout"].get("shapes", []))
    marks = [s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith("How hard")][1]
    lines = [s for s in marks["layout"]["shapes"] if s["type"] == "line"]  # ... then its layer
    assert [(s["x0"], s["x1"]) for s in lines] == [(6.5, 6.5)]
    assert [a["text"] for a in marks["layout"]["annotations"]] == ["θ = 6.5"]


# ---- nothing revealed early (issue 22, item 3) ----------------------------------------------------

GG_SPOILERS = ("minimax with D*: exactly 0", "the minimax gradient is exactly 0", "the exact 0 of D*",
               "the generator's gradient is 0", "watch the minimax gradient die",
               "with D*: 0 (exactly)")


def test_before_a_guess_nothing_says_the_minimax_gradient_is_zero():
    at = run_page(PAGE, {"gg.family": "uniform", "gg.theta": "3"})  # disjoint; k-steps: disjoint too
    assert not at.exception, at.exception
    text = shown(at)
    anns = " ".join(a.get("text", "") for s in plotly_specs(at)
                    for a in s["layout"].get("annotations", ()))
    assert not [s for s in GG_SPOILERS if s in text + anns]
    assert "Commit your guess above to see what to notice." in text
    # the experiment stays: the three gradients at θ, and the k-steps run
    assert metric_values(at)["WGAN gradient (unitless)"] == "1.0000"
    assert "minimax gradient, D_k (nats/unit)" in metric_values(at)
    commit(at, "gg.minimax", "small")
    text = shown(at)
    anns = " ".join(a.get("text", "") for s in plotly_specs(at)
                    for a in s["layout"].get("annotations", ()))
    assert "minimax with D*: exactly 0" in anns
    assert "the minimax gradient is exactly 0" in text and "the exact 0 of D*" in text
    assert "with D*: 0 (exactly)" in text and "watch the minimax gradient die" in text

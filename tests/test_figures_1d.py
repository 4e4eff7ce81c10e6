"""The cheap θ overlays of pages 1 and 2 draw exactly what the validated builders draw at that θ."""

import copy
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from app.figures import density_figure
from app.figures_1d import (ALL_QUANTITIES, compact_xy, curves_at, curves_base, curves_figure, density_at,
                            density_base, density_title, slopes_at, slopes_base)
from app.figures_2d import offsets_at, offsets_base
from divergences import Dist1D, slope, sweep_1d
from divergences.sweeps import aligned_grid

THETAS = np.round(np.arange(-2, 2 + 1e-9, 0.05), 10)


def _json(fig: go.Figure) -> dict:
    return json.loads(fig.to_json())


@pytest.mark.parametrize("pf, qf, theta", [("uniform", "uniform", 0.7),
                                           ("gaussian", "mixture", 0.0),
                                           ("point", "uniform", -1.35),
                                           ("mixture", "point", 0.7)])
def test_density_overlay_equals_the_shared_builder(pf, qf, theta):
    p, q = Dist1D(pf, 0.0, 0.5, 2.0), Dist1D(qf, 0.0, 0.8, 2.0)
    x = np.linspace(-4, 4, 301)
    base = density_base(p, q, x)
    got = _json(density_at(copy.deepcopy(base), p, q, x, theta))
    want = density_figure(p, q.shifted(theta), x, title=density_title(theta), height=430)
    want = want.update_xaxes(range=[float(x[0]), float(x[-1])])
    want = _json(go.Figure(compact_xy(want.to_dict(), x)))  # the same, light on the wire
    assert got == want
    curves = [tr for tr in got["data"] if tr.get("name") in ("P", "Q")]  # not the point masses
    assert curves and all("x" not in tr and tr["x0"] == -4.0 and tr["dx"] == pytest.approx(8 / 300)
                          for tr in curves)


@pytest.mark.parametrize("theta", [-0.35, 1.5])
def test_curve_and_slope_overlays_move_only_the_theta_parts(theta):
    p = Dist1D("uniform", 0.0, 1.0)
    sw = sweep_1d(p, p, THETAS, grid=aligned_grid(p, p, THETAS, 0.05))
    i = int(np.argmin(np.abs(THETAS - theta)))
    got = _json(curves_at(copy.deepcopy(curves_base(sw, 2.5)), sw, theta, i, 2.5))
    want = _json(go.Figure(curves_figure(sw, theta, 2.5)))
    dots = got["data"][len(want["data"]):]
    got["data"] = got["data"][: len(want["data"])]
    assert got == want
    # One dot per finite curve value at θ (JS, TV, W1 here: both KLs are ∞ off θ = 0).
    assert sorted(round(d["y"][0], 9) for d in dots) == sorted(
        round(float(getattr(sw, q)[i]), 9) for q in ALL_QUANTITIES
        if np.isfinite(getattr(sw, q)[i]))
    assert all(d["x"] == [theta] for d in dots)

    d_js, d_w1 = slope(sw.js, THETAS), slope(sw.w1, THETAS)
    spec = _json(slopes_at(copy.deepcopy(slopes_base(THETAS, d_js, d_w1, sw.overlap)),
                           d_js, d_w1, theta, i))
    lines = [s for s in spec["layout"]["shapes"] if s["type"] == "line" and s["xref"] == "x"]
    assert [(s["x0"], s["x1"]) for s in lines] == [(theta, theta)]
    assert any(a["text"] == f"θ = {theta:g}" and a["x"] == theta
               for a in spec["layout"]["annotations"])
    dots = [d for d in spec["data"] if d.get("mode") == "markers"]
    assert [d["y"][0] for d in dots] == [d_js[i], d_w1[i]]


def test_offsets_overlay_marks_theta():
    off = np.linspace(-1, 1, 21)
    curves = {"offsets": off, "js_exact": np.full(21, np.log(2)), "js": np.zeros(21),
              "tv": np.zeros(21)}
    base = offsets_base(curves, off, np.abs(off), "21×21")
    spec = _json(offsets_at(copy.deepcopy(base), -0.3, {"W1": (0.3, "W1")}))
    assert [(s["x0"], s["x1"]) for s in spec["layout"]["shapes"]
            if s["type"] == "line" and s["xref"] == "x"] == [(-0.3, -0.3)]
    assert spec["data"][-1]["x"] == [-0.3] and spec["data"][-1]["y"] == [0.3]

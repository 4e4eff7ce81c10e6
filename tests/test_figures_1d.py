"""The cheap θ overlays of pages 1 and 2 draw exactly what the validated builders draw at that θ."""

import copy
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from app.figures import density_figure
from app.figures_1d import (ALL_QUANTITIES, compact_xy, curves_at, curves_base, curves_figure, density_at,
                            density_base, density_title, merged, slopes_at, slopes_base)
from app.style import CLEAR
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
    assert got["layout"].pop("template") == {}  # no default template on the wire (3.5 KB)
    want["layout"].pop("template")
    assert got == want
    curves = [tr for tr in got["data"] if tr.get("name") in ("P", "Q")]  # not the point masses
    assert curves and all("x" not in tr and tr["x0"] == -4.0 and tr["dx"] == pytest.approx(8 / 300)
                          for tr in curves)


@pytest.mark.parametrize("theta", [-0.35, 1.5])
def test_curve_and_slope_overlays_move_only_the_theta_parts(theta):
    p = Dist1D("uniform", 0.0, 1.0)
    sw = sweep_1d(p, p, THETAS, grid=aligned_grid(p, p, THETAS, 0.05))
    i = int(np.argmin(np.abs(THETAS - theta)))
    got = _normal(merged(*curves_at(copy.deepcopy(curves_base(sw, 2.5)), sw, theta, i, 2.5)))
    want = _normal(_json(go.Figure(curves_figure(sw, theta, 2.5))))
    dots = got["data"][len(want["data"]):]
    got["data"] = got["data"][: len(want["data"])]
    assert got == want  # the chart and its layer draw what the one figure drew
    # One dot per finite curve value at θ (JS, TV, W1 here: both KLs are ∞ off θ = 0).
    assert sorted(round(d["y"][0], 9) for d in dots) == sorted(
        round(float(getattr(sw, q)[i]), 9) for q in ALL_QUANTITIES
        if np.isfinite(getattr(sw, q)[i]))
    assert all(d["x"] == [theta] for d in dots)

    d_js, d_w1 = slope(sw.js, THETAS), slope(sw.w1, THETAS)
    spec = merged(*slopes_at(copy.deepcopy(slopes_base(THETAS, d_js, d_w1, sw.overlap)),
                             d_js, d_w1, theta, i))
    lines = [s for s in spec["layout"]["shapes"] if s["type"] == "line" and s["xref"] == "x"]
    assert [(s["x0"], s["x1"]) for s in lines] == [(theta, theta)]
    assert any(a["text"] == f"θ = {theta:g}" and a["x"] == theta
               for a in spec["layout"]["annotations"])
    dots = [d for d in spec["data"] if d.get("mode") == "markers"]
    assert [d["y"][0] for d in dots] == [d_js[i], d_w1[i]]


def _normal(spec: dict) -> dict:
    """A figure dict compared as drawn: shapes and annotations in any order, no template, zoom
    (fixedrange) aside."""
    spec = json.loads(json.dumps(spec, default=lambda o: o.tolist()))
    lay = spec["layout"]
    lay.pop("template", None)
    for k in ("shapes", "annotations"):
        lay[k] = sorted(lay.get(k, []), key=lambda v: json.dumps(v, sort_keys=True))
    for k, ax in lay.items():
        if k.startswith(("xaxis", "yaxis")):
            ax.pop("fixedrange", None)
    return spec


def test_the_static_charts_do_not_change_with_theta_and_their_layers_share_their_frame():
    """On a θ move Streamlit resends an element unless it is byte for byte the same: the curves
    and slope charts must not depend on θ; their layers (θ line, dots) must lay out the same plot
    area (same size, margins, axis ranges and domains, legend entries) in no colour."""
    p = Dist1D("uniform", 0.0, 1.0)
    sw = sweep_1d(p, p, THETAS, grid=aligned_grid(p, p, THETAS, 0.05))
    d_js, d_w1 = slope(sw.js, THETAS), slope(sw.w1, THETAS)
    for make in (lambda th, i: curves_at(curves_base(sw, 2.5), sw, th, i, 2.5),
                 lambda th, i: slopes_at(slopes_base(THETAS, d_js, d_w1, sw.overlap), d_js, d_w1,
                                         th, i)):
        (s1, l1), (s2, l2) = make(-0.35, 33), make(1.5, 70)
        assert s1.to_json() == s2.to_json()
        assert l1.to_json() != l2.to_json()
        static, layer = _json(s1), _json(l2)
        assert len(l2.to_json()) < min(5000, len(s1.to_json()))
        sl, ll = static["layout"], layer["layout"]
        assert ll["height"] == sl["height"] and ll["margin"] == sl["margin"]
        assert ll["font"] == sl["font"]
        assert {k: v for k, v in ll["legend"].items() if k != "font"} == \
            {k: v for k, v in sl["legend"].items() if k != "font"}
        assert ll["legend"]["font"]["color"] == CLEAR
        axes = [k for k in sl if k.startswith(("xaxis", "yaxis"))]
        assert axes and sorted(axes) == sorted(k for k in ll if k.startswith(("xaxis", "yaxis")))
        for k in axes:
            for kk in ("range", "domain", "anchor", "side", "overlaying", "tickvals", "ticktext"):
                assert ll[k].get(kk) == sl[k].get(kk), (k, kk)
            assert ll[k]["fixedrange"] is sl[k]["fixedrange"] is True  # no zoom: frames stay one
            assert ll[k]["tickfont"]["color"] == CLEAR
        assert sl["title"]["text"] == ll["title"]["text"] and ll["title"]["font"]["color"] == CLEAR
        assert ll["paper_bgcolor"] == ll["plot_bgcolor"] == CLEAR
        legend = [tr["name"] for tr in static["data"] if tr.get("showlegend") is not False]
        phantoms = [tr for tr in layer["data"] if tr.get("x") == [None]]
        assert [tr["name"] for tr in phantoms] == legend
        assert all(tr["line"]["color"] == CLEAR for tr in phantoms)
        assert sl["template"] == {} and ll["template"] == {}
        assert not any(sh["type"] == "line" and sh["x0"] == sh["x1"] and sh["xref"] in ("x", "x2")
                       for sh in sl.get("shapes", []))  # no θ line in the static chart


def test_offsets_overlay_marks_theta():
    off = np.linspace(-1, 1, 21)
    curves = {"offsets": off, "js_exact": np.full(21, np.log(2)), "js": np.zeros(21),
              "tv": np.zeros(21)}
    base = offsets_base(curves, off, np.abs(off), "21×21")
    spec = merged(*offsets_at(copy.deepcopy(base), -0.3, {"W1": (0.3, "W1")}))
    assert [(s["x0"], s["x1"]) for s in spec["layout"]["shapes"]
            if s["type"] == "line" and s["xref"] == "x"] == [(-0.3, -0.3)]
    assert spec["data"][-1]["x"] == [-0.3] and spec["data"][-1]["y"] == [0.3]

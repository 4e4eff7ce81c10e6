"""app/live_chart.py: what page 6's in-place charts send (the browser side is in
tests/browser/test_live_scenarios.py)."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from app.live_chart import (THEME, dequantise, figure_of, payload, quantise, split)


@pytest.mark.parametrize("kind,steps", [("i16", 65534), ("u8", 254)])
def test_quantise_round_trips_within_one_step_and_keeps_nan(kind, steps):
    rng = np.random.default_rng(0)
    a = rng.normal(3.0, 2.0, 500)
    a[[5, 17]] = np.nan
    a[40] = np.inf  # not finite: sent as NaN, like a NaN
    back = dequantise(quantise(a, kind))
    ok = np.isfinite(a)
    step = (np.nanmax(a[ok]) - np.nanmin(a[ok])) / steps
    assert np.isnan(back[~ok]).all() and np.isfinite(back[ok]).all()
    assert np.max(np.abs(back[ok] - a[ok])) <= step / 2 + 1e-12
    assert back[ok].min() == pytest.approx(a[ok].min()) and back[ok].max() == pytest.approx(
        a[ok].max())


def test_a_log_axis_is_quantised_in_log10_so_tiny_values_keep_their_precision():
    g = np.array([1e-9, 3e-7, 1e-3, 0.5, 2.0, 0.0])
    back = dequantise(quantise(g, log=True))
    np.testing.assert_allclose(back[:5], g[:5], rtol=1e-3)
    assert np.isnan(back[5])  # 0 has no place on a log axis
    fig = go.Figure(go.Scatter(x=[0, 10, 20], y=[1.0, 1e-4, 1e-9]),
                    layout=dict(yaxis=dict(type="log")))
    _, dyn = split(fig)
    assert dyn[0]["y"].get("log") == 1 and "log" not in dyn[0]["x"]


def test_quantise_keeps_a_map_shape_a_constant_and_an_empty_array():
    z = np.arange(12.0).reshape(3, 4)
    q = quantise(z, "u8")
    assert q["shape"] == [3, 4] and len(q["b"]) == 16  # 12 bytes, base64
    np.testing.assert_allclose(dequantise(q), z, atol=11 / 254 / 2 + 1e-12)
    np.testing.assert_array_equal(dequantise(quantise(np.full(5, 2.5))), np.full(5, 2.5))
    assert quantise([]) == []


def _fig(shift: float = 0.0, title: str = "t") -> go.Figure:
    rng = np.random.default_rng(1)
    return go.Figure(
        [go.Heatmap(x=np.linspace(-2, 2, 40), y=np.linspace(-2, 2, 40),
                    z=rng.random((40, 40)) + shift),
         go.Scatter(x=rng.normal(size=300), y=rng.normal(size=300), mode="markers",
                    uid="static-real", name="real"),
         go.Scatter(x=rng.normal(size=500) + shift, y=rng.normal(size=500), mode="markers",
                    name="generated")],
        layout=dict(title=dict(text=title), height=380, xaxis=dict(range=[-2, 2])))


def test_split_sends_the_data_and_keeps_the_layout_and_fixed_traces_static():
    static, dyn = split(_fig())
    assert [sorted(d) for d in dyn] == [["x", "y", "z"], [], ["x", "y"]]  # real: static
    assert "x" in static["traces"][1] and "x" not in static["traces"][2]
    assert static["layout"]["title"]["text"] == "t" and static["layout"]["template"] == THEME  # 14 px
    assert static["traces"][2]["name"] == "generated" and static["traces"][2]["mode"] == "markers"


def test_the_figure_drawn_is_the_figure_given_to_within_a_step():
    fig = _fig()
    memory: dict = {}
    data = payload(fig, "k", memory)
    got = figure_of(json.loads(json.dumps(data)), memory["static"])
    for want, have in zip(fig.data, got["data"]):
        for k in ("x", "y"):
            w = np.asarray(getattr(want, k), dtype=float)
            assert np.max(np.abs(np.asarray(have[k]) - w)) <= np.ptp(w) / 65534
    z = np.asarray(fig.data[0].z)
    assert np.max(np.abs(np.asarray(got["data"][0]["z"]) - z)) <= np.ptp(z) / 254
    assert got["layout"]["height"] == 380


def test_the_static_part_goes_once_per_session_unless_the_browser_asks_again():
    memory: dict = {}
    first = payload(_fig(0.0), "k", memory)
    assert first["static"] is not None
    second = payload(_fig(0.5), "k", memory)  # new data, same layout: data only
    assert second["static"] is None and second["sh"] == first["sh"]
    assert second["traces"] != first["traces"]
    # the browser lost it (e.g. it skipped the update that carried it) and asks: sent once
    need = f"{first['sh']}:1"
    assert payload(_fig(0.5), "k", memory, need)["static"] is not None
    assert payload(_fig(0.5), "k", memory, need)["static"] is None  # the same request: done
    assert payload(_fig(0.5), "k", memory, "0123:2")["static"] is None  # another hash: ignored
    # a new layout (another title) goes with its update; another chart has its own record
    assert payload(_fig(0.5, "new"), "k", memory)["static"] is not None
    assert payload(_fig(0.5), "other", memory)["static"] is not None
    assert set(memory["static"]) == set(memory["sent"].values())  # only the current ones kept


def test_an_update_is_a_fraction_of_the_plotly_figure():
    fig = _fig()
    memory: dict = {}
    payload(fig, "k", memory)
    update = len(json.dumps(payload(_fig(0.5), "k", memory)))
    full = len(fig.to_json())
    print(f"\nupdate {update} B vs plotly JSON {full} B")
    assert update < 0.5 * full


def test_the_theme_grows_with_a_presentation_font_instead_of_shrinking_it():
    static, _ = split(go.Figure(layout=dict(font=dict(size=28))))  # twice the house's 14 px
    axis = static["layout"]["template"]["layout"]["xaxis"]
    assert axis["tickfont"]["size"] == 2 * THEME["layout"]["xaxis"]["tickfont"]["size"]
    assert axis["title"]["font"]["size"] == 28 and axis["zeroline"] is False

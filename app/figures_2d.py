"""Figure builders of page 2 (thin supports in 2D): the two point sets with the optimal matching,
the divergences over the offset θ, and the sampling view (two samples of one set, binned ever
finer).

As on page 1 (see :mod:`app.figures_1d`), the charts that follow θ come in two steps: a validated
``*_base`` dict drawn once per setting (cache it with the language and presentation mode in the
key) and a cheap ``*_at`` that adds what depends on θ.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from app.figures_1d import BASE_THETA, _anchor_theta_label, _dot, _move_theta_line, _split_theta
from app.i18n import t
from app.style import COLORS, fast_figure, no_template, style_figure
from divergences import LN2

GRID_LINE_MAX_BINS = 41
"""Draw the binning grid on the scatter only up to this many bins per axis (finer is a blur)."""


def _grid_lines(bounds, bins: int) -> dict:
    (x0, x1), (y0, y1) = bounds
    xs, ys = [], []
    for e in np.linspace(x0, x1, bins + 1):
        xs += [e, e, None]
        ys += [y0, y1, None]
    for e in np.linspace(y0, y1, bins + 1):
        xs += [x0, x1, None]
        ys += [e, e, None]
    return go.Scatter(x=xs, y=ys, mode="lines", name=t("bins"), hoverinfo="skip",
                      line=dict(color="rgba(0,0,0,0.12)", width=1))


def scatter_base(x: np.ndarray, bounds, bins: int, title: str, height: int = 460) -> dict:
    """P's points over the binning grid (drawn when it is coarse), equal axis scales."""
    fig = go.Figure()
    if bins <= GRID_LINE_MAX_BINS:
        fig.add_trace(_grid_lines(bounds, bins))
    x32 = np.asarray(x, dtype=np.float32)  # resent on every θ move: float32, finer than a pixel
    fig.add_trace(go.Scatter(x=x32[:, 0], y=x32[:, 1], mode="markers", name="P",
                               marker=dict(color=COLORS["P"], size=6)))
    style_figure(fig, title, t("x (units)"), t("y (units)"), height=height)
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(range=list(bounds[0]))
    fig.update_yaxes(range=list(bounds[1]), scaleanchor="x", scaleratio=1)
    return no_template(fig.to_dict())


def scatter_at(base: dict, x: np.ndarray, y: np.ndarray, pairs: np.ndarray) -> go.Figure:
    """Add Q's points and the optimal matching (a segment xᵢ → yⱼ for every γᵢⱼ > 0)."""
    spec = base
    seg = np.full((len(pairs) * 3, 2), np.nan, dtype=np.float32)
    seg[0::3] = x[pairs[:, 0]]
    seg[1::3] = y[pairs[:, 1]]
    matching = {"type": "scatter", "x": seg[:, 0], "y": seg[:, 1], "mode": "lines",
                "name": t("optimal matching"), "hoverinfo": "skip", "connectgaps": False,
                "line": {"color": COLORS["plan"], "width": 1}, "opacity": 0.55}
    y32 = np.asarray(y, dtype=np.float32)
    q = {"type": "scatter", "x": y32[:, 0], "y": y32[:, 1], "mode": "markers", "name": "Q",
         "marker": {"color": COLORS["Q"], "size": 6, "symbol": "diamond"}}  # not colour alone
    grid_first = bool(spec["data"]) and spec["data"][0].get("name") == t("bins")
    spec["data"].insert(1 if grid_first else 0, matching)
    spec["data"].append(q)
    return fast_figure(spec)


def offsets_base(curves: dict, w1_offsets: np.ndarray, w1: np.ndarray, coarse_label: str,
                 fine: dict | None = None, fine_label: str = "", height: int = 460,
                 exact_js: bool = True) -> dict:
    """Exact W1, exact JS of the point sets, and the binned JS and TV over θ; the ln 2 line and
    the θ line at BASE_THETA. ``curves`` has ``offsets``, ``js_exact``, ``js``, ``tv`` (the
    coarse grid); ``fine`` the same for the finer grid, or None. ``exact_js=False``: without the
    exact JS curve, under a title that does not say what it is (page 2's answer, before the
    reveal)."""
    off = curves["offsets"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=w1_offsets, y=w1, name=t("W1, exact (POT)"),
                             mode="lines+markers", line=dict(color=COLORS["W1"], width=3),
                             marker=dict(size=6)))
    if exact_js:
        fig.add_trace(go.Scatter(x=off, y=curves["js_exact"],
                                 name=t("JS of the point sets, exact"), mode="lines",
                                 line=dict(color=COLORS["JS"], width=3)))
    fig.add_trace(go.Scatter(x=off, y=curves["js"], name=t("JS binned, {g}", g=coarse_label),
                             mode="lines", line=dict(color=COLORS["JS"], width=2, dash="dot")))
    fig.add_trace(go.Scatter(x=off, y=curves["tv"], name=t("TV binned, {g}", g=coarse_label),
                             mode="lines", line=dict(color=COLORS["TV"], width=2, dash="dot")))
    if fine is not None:
        fig.add_trace(go.Scatter(x=off, y=fine["js"], name=t("JS binned, {g}", g=fine_label),
                                 mode="lines",
                                 line=dict(color=COLORS["KL_PQ"], width=2, dash="dash")))
    fig.add_hline(y=LN2, line_dash="dash", line_color=COLORS["ref"],
                  annotation_text="ln 2 ≈ 0.6931", annotation_position="bottom right")
    fig.add_vline(x=BASE_THETA, line_color="#000", line_width=2,
                  annotation_text=f"θ = {BASE_THETA:g}", annotation_position="top right")
    top = max(float(np.max(w1)), 1.0) * 1.12
    fig.update_yaxes(range=[0, top])
    lo = float(min(np.min(off), np.min(w1_offsets)))
    hi = float(max(np.max(off), np.max(w1_offsets)))
    pad = 0.015 * (hi - lo)  # room for W1's markers at the ends; a θ layer shares the range
    fig.update_xaxes(range=[lo - pad, hi + pad])
    fig = style_figure(fig, t("Over the offset θ: W1 grows, exact JS is stuck at ln 2") if exact_js
                       else t("Over the offset θ: W1 and the binned JS and TV"),
                       t("horizontal offset θ (units)"),
                       t("nats (JS) · units (W1) · no unit (TV)"), height=height)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0.0),
                      margin=dict(b=120))
    spec = fig.to_dict()
    _anchor_theta_label(spec, BASE_THETA)
    return _split_theta(spec)


def offsets_at(base: dict, theta: float,
               values: dict[str, tuple[float, str]]) -> tuple[go.Figure, go.Figure]:
    """The chart (the same at every θ) and its layer with the θ line at ``theta`` and a dot at
    (θ, value) for each ``name: (value, colour key)`` in ``values``: draw them with
    :func:`app.ui.layered_chart`."""
    spec = base["layer"]
    _move_theta_line(spec, theta)
    for name, (v, ckey) in values.items():
        if np.isfinite(v):
            spec["data"].append(_dot(theta, float(v), COLORS[ckey], name))
    return fast_figure(base["static"]), fast_figure(spec)


def sampling_figure(res: dict, marked_bins: list[int], height: int = 380) -> dict:
    """Two samples of one distribution, binned with more and more bins per axis: the binned JS,
    TV and the share of occupied bins that the two samples have in common (log x axis)."""
    b = res["bins"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=b, y=res["js"], name=t("JS binned (nats)"), mode="lines+markers",
                             line=dict(color=COLORS["JS"], width=3)))
    fig.add_trace(go.Scatter(x=b, y=res["tv"], name=t("TV binned"), mode="lines+markers",
                             line=dict(color=COLORS["TV"], width=2)))
    fig.add_trace(go.Scatter(x=b, y=res["shared_fraction"],
                             name=t("share of P's occupied bins that the other sample also hits"),
                             mode="lines+markers",
                             line=dict(color=COLORS["overlap"], width=2, dash="dot")))
    fig.add_hline(y=LN2, line_dash="dash", line_color=COLORS["ref"],
                  annotation_text="ln 2 ≈ 0.6931", annotation_position="bottom right")
    for m in marked_bins:  # a trace, not add_vline: shapes on a log axis want log10 values
        fig.add_trace(go.Scatter(x=[m, m], y=[0, 1.0], mode="lines+text", showlegend=False,
                                 text=["", t("{b}×{b} (above)", b=m)],
                                 textposition="top center", hoverinfo="skip",
                                 line=dict(color="#999", width=1, dash="dot")))
    fig.update_xaxes(type="log", range=[np.log10(b.min() / 1.5), np.log10(b.max() * 1.5)],
                     tickvals=list(b), ticktext=[str(v) for v in b])
    fig.update_yaxes(range=[0, 1.1])
    fig = style_figure(fig, t("Two samples of the same distribution, binned ever finer"),
                       t("bins per axis (log scale)"), t("nats (JS) · fraction (TV, shared bins)"),
                       height=height)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.25, xanchor="left", x=0.0),
                      margin=dict(b=110))
    return fig.to_dict()

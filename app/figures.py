"""Figure builders: one per kind of chart, shared by every page (plotly, house style).

Builders take computed values (from :mod:`divergences`) and return a ``plotly`` figure; they hold
no science beyond evaluating a density for drawing.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from app.i18n import t
from app.style import COLORS, style_figure
from divergences import LN2, Dist1D, Sweep

QUANTITY_NAMES = {
    "js": ("JS", "JS(P‖Q)"),
    "kl_pq": ("KL_PQ", "KL(P‖Q)"),
    "kl_qp": ("KL_QP", "KL(Q‖P)"),
    "tv": ("TV", "TV(P, Q)"),
    "w1": ("W1", "W1(P, Q)"),
}


def flag_spans(offsets: np.ndarray, flags: np.ndarray) -> list[tuple[float, float]]:
    """Contiguous ranges of offsets where ``flags`` is True (e.g. where the supports are
    disjoint), for shading; shared by every chart that shades such ranges."""
    spans, start, prev = [], None, None
    for x, d in zip(offsets, flags):
        if d and start is None:
            start = x
        if not d and start is not None:
            spans.append((start, prev))
            start = None
        prev = x
    if start is not None:
        spans.append((start, offsets[-1]))
    return spans


def density_figure(p: Dist1D, q: Dist1D, x: np.ndarray, title: str | None = None,
                   x_title: str | None = None, height: int = 320) -> go.Figure:
    """Densities of P and Q over ``x``, their overlap shaded; point masses drawn as spikes."""
    fig = go.Figure()
    dens = {}
    for name, d in (("P", p), ("Q", q)):
        if d.family == "point":
            continue
        dens[name] = d.pdf(x)
        fig.add_trace(go.Scatter(x=x, y=dens[name], name=name, mode="lines",  # Q also dashed:
                                 line=dict(color=COLORS[name], width=3,  # not colour alone
                                           dash="dash" if name == "Q" else "solid")))
    if len(dens) == 2:
        fig.add_trace(go.Scatter(x=x, y=np.minimum(dens["P"], dens["Q"]), name=t("overlap"),
                                 mode="lines", line=dict(width=0), fill="tozeroy",
                                 fillcolor="rgba(127,127,127,0.45)"))
    top = max([v.max() for v in dens.values()] + [1.0])
    for name, d in (("P", p), ("Q", q)):
        if d.family == "point":
            fig.add_trace(go.Scatter(x=[d.loc, d.loc], y=[0, top], name=t("{n} (point mass)", n=name),
                                     mode="lines+markers", line=dict(color=COLORS[name], width=4),
                                     marker=dict(size=[0, 12], symbol="triangle-up")))
    return style_figure(fig, title or t("Densities of P and Q"), x_title or t("x (units)"),
                        t("density (1/unit)"), height=height)


def sweep_figure(sweep: Sweep, theta: float, quantities=("js", "w1"), title: str | None = None,
                 height: int = 360, y_max: float | None = None) -> go.Figure:
    """Curves of the chosen quantities over the offset θ, with the ln 2 line, the disjoint range
    shaded, a marker at the current θ, and +∞ drawn as a labelled break (never a finite value).

    ``y_max`` (optional) fixes the top of the y-axis, e.g. so that fast-growing KL curves leave
    the chart instead of squashing JS; the ∞ markers then sit at that top edge."""
    fig = go.Figure()
    off = sweep.offsets
    for lo, hi in flag_spans(off, sweep.overlap <= 0):
        fig.add_vrect(x0=lo, x1=hi, fillcolor="rgba(213,94,0,0.08)", line_width=0,
                      annotation_text=t("supports disjoint"), annotation_position="top left")
    finite_top = 0.0
    for qname in quantities:
        ckey, label = QUANTITY_NAMES[qname]
        y = np.asarray(getattr(sweep, qname), dtype=float)
        finite = np.isfinite(y)
        if finite.any():
            finite_top = max(finite_top, float(y[finite].max()))
        fig.add_trace(go.Scatter(x=off, y=np.where(finite, y, None), name=label, mode="lines",
                                 line=dict(color=COLORS[ckey], width=3), connectgaps=False))
    top = max(finite_top, LN2) * 1.12 + 0.05 if y_max is None else float(y_max)
    for qname in quantities:
        ckey, label = QUANTITY_NAMES[qname]
        y = np.asarray(getattr(sweep, qname), dtype=float)
        inf = np.isinf(y)
        if inf.any():
            fig.add_trace(go.Scatter(x=off[inf], y=np.full(inf.sum(), top), mode="markers",
                                     name=t("{q} = ∞", q=label),
                                     marker=dict(color=COLORS[ckey], symbol="triangle-up", size=7)))
    fig.add_hline(y=LN2, line_dash="dash", line_color=COLORS["ref"],
                  annotation_text="ln 2 ≈ 0.6931", annotation_position="bottom right")
    fig.add_vline(x=theta, line_color="#000", line_width=2,
                  annotation_text=f"θ = {theta:g}", annotation_position="top right")
    fig.update_yaxes(range=[0, top * 1.05])
    return style_figure(fig, title or t("Divergences and W1 as Q moves"), t("offset θ (units)"),
                        t("nats (JS, KL) · units (W1)"), height=height)

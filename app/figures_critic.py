"""Figure builders of page 4 (the critic): learned f against f*, heat map, training curve, the
offset sweep, weight histograms and gradient norms per layer (plotly, house style).

They take computed results from :mod:`divergences.critic` and hold no science beyond evaluating
a density for drawing.
"""

from __future__ import annotations


import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.i18n import t
from app.figures import flag_spans
from app.style import COLORS, legend_below, style_figure
from app.ui import fmt_value
from divergences import LN2, Dist1D
from divergences.critic import CriticResult, CriticSweep
from divergences.points import Samples

CRITIC_COLOR = "#000000"
LAYER_COLORS = ("#CC79A7", "#8C6BB1", "#56B4E9", "#0072B2", "#E69F00", "#D55E00")


def fmt_sig(value: float | None, sig: int = 4) -> str:
    """A number with ``sig`` significant digits (:func:`app.ui.fmt_value`)."""
    return fmt_value(value, sig=sig)


def _histogram(d: Samples) -> tuple[np.ndarray, np.ndarray]:
    """A student's samples as a step outline of their histogram (density, 1/unit): √n bins,
    between 10 and 60."""
    dens, edges = np.histogram(d.values, bins=int(np.clip(np.sqrt(d.n), 10, 60)), density=True)
    return np.repeat(edges, 2)[1:-1], np.repeat(dens, 2)


def _density_traces(fig: go.Figure, d: Dist1D | Samples, name: str, x: np.ndarray,
                    top: float) -> None:
    color = COLORS[name]
    if isinstance(d, Samples):
        hx, hy = _histogram(d)
        fig.add_trace(go.Scatter(x=hx, y=hy, name=t("histogram of your {n}", n=name),
                                 mode="lines", line=dict(color=color, width=1), fill="tozeroy",
                                 opacity=0.35), secondary_y=True)
        return
    if d.family == "point":
        fig.add_trace(go.Scatter(x=[d.loc, d.loc], y=[0, top], name=t("{n} (point mass)", n=name),
                                 mode="lines", line=dict(color=color, width=4), opacity=0.6),
                      secondary_y=True)
        return
    fig.add_trace(go.Scatter(x=x, y=d.pdf(x), name=t("density of {n}", n=name), mode="lines",
                             line=dict(color=color, width=1), fill="tozeroy", opacity=0.35),
                  secondary_y=True)


def critic_1d_figure(res: CriticResult, p: Dist1D | Samples, q: Dist1D | Samples,
                     height: int = 420) -> go.Figure:
    """The learned critic f/K (aligned by a constant) and the exact f* (slope ±1) over the grid,
    with the densities of P and Q (histograms of a student's samples) shaded on a second axis."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    x = res.grid_x
    dens = [_histogram(d)[1] if isinstance(d, Samples) else d.pdf(x)
            for d in (p, q) if isinstance(d, Samples) or d.family != "point"]
    top = max([float(v.max()) for v in dens] + [1.0])
    _density_traces(fig, p, "P", x, top)
    _density_traces(fig, q, "Q", x, top)
    fig.add_trace(go.Scatter(x=x, y=res.f_star, name=t("exact optimal critic f*"), mode="lines",
                             line=dict(color=COLORS["W1"], width=4)))
    fig.add_trace(go.Scatter(x=x, y=res.f_over_k_aligned, name=t("learned critic f / K"),
                             mode="lines", line=dict(color=CRITIC_COLOR, width=2.5, dash="dash")))
    style_figure(fig, t("The learned critic (÷ K) over the exact optimal critic f*"),
                 t("x (units)"), t("critic value ÷ K (units)"), height=height)
    fig.update_yaxes(title_text=t("density (1/unit)"), secondary_y=True, showgrid=False,
                     range=[0, top * 1.05], nticks=5, tickformat=".2g")
    return legend_below(fig, rows=2, grow=True)


def critic_2d_figure(res: CriticResult, height: int = 480) -> go.Figure:
    """The learned critic f as a heat map with contour lines, P's and Q's evaluation points."""
    fig = go.Figure()
    fig.add_trace(go.Contour(
        x=res.grid_x, y=res.grid_y, z=res.f_grid, colorscale="Greys", reversescale=True,
        ncontours=18, contours=dict(coloring="heatmap", showlines=True),
        line=dict(width=0.6, color="rgba(255,255,255,0.6)"), opacity=0.85,
        colorbar=dict(title=dict(text=t("f (units × K)"), side="right")), name="f",
        hovertemplate="x=%{x:.2f}<br>y=%{y:.2f}<br>f=%{z:.4g}<extra></extra>"))
    for name, pts in (("P", res.p_points), ("Q", res.q_points)):
        fig.add_trace(go.Scatter(x=pts[:, 0], y=pts[:, 1], mode="markers", name=name,
                                 marker=dict(color=COLORS[name], size=5,
                                             line=dict(color="white", width=0.6))))
    style_figure(fig, t("The learned critic f over the plane: high on P, low on Q"),
                 t("x (units)"), t("y (units)"), height=height)
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(constrain="domain", range=[res.grid_x[0], res.grid_x[-1]])
    fig.update_yaxes(scaleanchor="x", scaleratio=1, constrain="domain",
                     range=[res.grid_y[0], res.grid_y[-1]])
    return legend_below(fig, grow=True)


def training_figure(res: CriticResult, height: int = 320) -> go.Figure:
    """The batch estimate mean f(P) − mean f(Q) during training, and the final exact value."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=res.logged_steps + 1, y=res.batch_estimate, mode="lines",
                             name=t("on the training batch"),
                             line=dict(color=CRITIC_COLOR, width=2)))
    fig.add_hline(y=res.estimate, line_dash="dash", line_color=COLORS["W1"],
                  annotation_text=t("final estimate {v}", v=fmt_sig(res.estimate)),
                  annotation_position="bottom right")
    style_figure(fig, t("The critic's estimate E_P f − E_Q f while it trains"),
                 t("critic step"), t("estimate (units × K)"), height=height)
    return legend_below(fig, grow=True)


def sweep_critic_figure(sw: CriticSweep, theta: float | None = None,
                        height: int = 400) -> go.Figure:
    """Over the offset θ: exact W1, the critic's estimate ÷ K and JS (nats), with the range where
    P and Q are disjoint shaded and the ln 2 line."""
    fig = go.Figure()
    half = float(np.min(np.diff(sw.offsets))) / 2 if len(sw.offsets) > 1 else 0.0
    for lo, hi in flag_spans(sw.offsets, sw.disjoint):
        fig.add_vrect(x0=lo - half, x1=hi, fillcolor="rgba(213,94,0,0.10)", line_width=0,
                      annotation_text=t("practically disjoint (shared mass < 0.1 %)"),
                      annotation_position="top right")
    fig.add_trace(go.Scatter(x=sw.offsets, y=sw.js, name=t("JS(P‖Q) (nats)"), mode="lines+markers",
                             line=dict(color=COLORS["JS"], width=3)))
    fig.add_trace(go.Scatter(x=sw.offsets, y=sw.w1, name=t("exact W1 (units)"),
                             mode="lines+markers", line=dict(color=COLORS["W1"], width=4)))
    fig.add_trace(go.Scatter(x=sw.offsets, y=sw.ratio, name=t("critic estimate ÷ K (units)"),
                             mode="lines+markers",
                             line=dict(color=CRITIC_COLOR, width=2, dash="dash"),
                             marker=dict(symbol="x", size=9)))
    fig.add_hline(y=LN2, line_dash="dash", line_color=COLORS["ref"],
                  annotation_text="ln 2 ≈ 0.6931", annotation_position="bottom right")
    if theta is not None:
        fig.add_vline(x=theta, line_color="#000", line_width=1,
                      annotation_text=f"θ = {theta:g}", annotation_position="bottom right")
    style_figure(fig, t("The critic follows W1 where JS is stuck"), t("offset θ (units)"),
                 t("units (W1, estimate ÷ K) · nats (JS)"), height=height)
    fig.update_xaxes(range=[float(sw.offsets[0]) - 0.1, float(sw.offsets[-1]) + 0.1])
    return legend_below(fig, grow=True)


def sweep_scatter_figure(sw: CriticSweep, height: int = 400) -> go.Figure:
    """The raw estimate against exact W1, one point per offset, with the least-squares line."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=sw.w1, y=sw.estimate, mode="markers+text", name=t("one critic"),
                             text=[f"θ={v:g}" for v in sw.offsets],
                             textposition="bottom right", textfont=dict(size=11),
                             marker=dict(color=CRITIC_COLOR, size=9)))
    r = sw.correlation
    if np.isfinite(r):
        slope, icpt = sw.fit()
        xs = np.array([0.0, float(sw.w1.max())])
        fig.add_trace(go.Scatter(x=xs, y=slope * xs + icpt, mode="lines",
                                 name=t("line: slope {k}", k=fmt_sig(slope, 3)),
                                 line=dict(color=COLORS["W1"], width=2)))
    fig.update_layout(hovermode="closest")
    style_figure(fig, t("Estimate against exact W1: correlation r = {r}",
                        r=fmt_sig(r, 4) if np.isfinite(r) else t("undefined")),
                 t("exact W1 (units)"), t("raw estimate (units × K)"), height=height)
    pad = 0.08 * float(np.ptp(sw.w1) or 1.0)
    fig.update_xaxes(range=[float(sw.w1.min()) - pad, float(sw.w1.max()) + 2 * pad])
    return legend_below(fig, grow=True)


def weights_figure(clipped: CriticResult, gp: CriticResult, height: int = 360) -> go.Figure:
    """Histograms of every parameter: the clipped critic's (piling up at ±c) and the
    gradient-penalty critic's (spread out), side by side, each on its own scale."""
    c = clipped.config.clip
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1, subplot_titles=(
        t("weight clipping, c = {c}", c=f"{c:g}"), t("gradient penalty, λ = {lam}",
                                                     lam=f"{gp.config.lam:g}")))
    h = 2 * c / 40  # 41 bins, ±c at the centres of the two end bins
    fig.add_trace(go.Histogram(x=clipped.params, xbins=dict(start=-c - h / 2, end=c + h / 2,
                                                            size=h),
                               marker_color=COLORS["GAN"], name=t("clipped critic")), 1, 1)
    fig.add_trace(go.Histogram(x=gp.params, nbinsx=41, marker_color=COLORS["WGAN"],
                               name=t("gradient-penalty critic")), 1, 2)
    style_figure(fig, t("Where the critic's parameters end up"), t("parameter value"),
                 t("number of parameters"), height=height)
    fig.update_xaxes(title_text=t("parameter value"))
    fig.update_yaxes(title_text=None, row=1, col=2)
    fig.update_xaxes(tickvals=[-c, 0, c], ticktext=[f"−{c:g}", "0", f"{c:g}"], row=1, col=1)
    fig.update_layout(showlegend=False, bargap=0.05, hovermode="closest",
                      margin=dict(l=70, r=20, t=90, b=55))
    return fig


def layer_norms_figure(runs: list[tuple[str, CriticResult]], height: int = 380) -> go.Figure:
    """The gradient norm reaching each layer (log scale), late in training, one line per run."""
    fig = go.Figure()
    for k, (label, res) in enumerate(runs):
        norms = res.late_backprop_norms()
        layers = np.arange(1, len(norms) + 1)
        is_gp = res.config.method == "gp"
        fig.add_trace(go.Scatter(
            x=layers, y=norms, name=label, mode="lines+markers",
            line=dict(color=COLORS["WGAN"] if is_gp else LAYER_COLORS[k % len(LAYER_COLORS)],
                      width=4 if is_gp else 2.5, dash=None if is_gp else "solid"),
            marker=dict(size=9, symbol="diamond" if is_gp else "circle")))
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_xaxes(dtick=1)
    fig.update_layout(hovermode="closest")
    style_figure(fig, t("Gradient reaching each layer: vanishing, exploding or steady"),
                 t("layer (1 = input layer)"), t("gradient norm (log scale)"), height=height)
    return legend_below(fig, rows=2, grow=True)

"""Figure builders for page 5, the generator's gradient (plotly, house style).

They take values computed by :mod:`divergences.gradients` and draw them; the only arithmetic here
is taking magnitudes for a log axis and placing the "= 0" / "undefined" markers, so that a zero
or undefined gradient is shown as such, never silently dropped from a log-scale chart.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from app.i18n import t
from app.figures import flag_spans
from app.style import (COLORS, PRESENT_FONT, fast_figure, fixed_axes, is_presenting,
                       layer_for, legend_below, no_template, style_figure)
from app.ui import fmt_value
from divergences.gradients import ZERO_TOL, GradientSweep, KLIntegrand, KStepsRun

OBJECTIVE_COLORS = {"minimax": COLORS["GAN"], "nonsaturating": COLORS["KL_QP"],
                    "wgan": COLORS["WGAN"]}
DSTAR_COLOR = "#222222"

def _vline(fig: go.Figure, x: float, text: str = "", right: bool = True) -> None:
    """A vertical line across the plot at data x, with a label on top (a plain shape and
    annotation: plotly's add_vline costs several times more per call)."""
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper",
                  line=dict(color="#000", width=2))
    if text:
        fig.add_annotation(x=x, xref="x", y=1.0, yref="paper", text=text, showarrow=False,
                           xanchor="left" if right else "right", yanchor="bottom")


def _band(fig: go.Figure, axis: str, a: float, b: float, color: str) -> None:
    """A shaded band between data coordinates a and b along ``axis`` ("x" or "y")."""
    if axis == "x":
        fig.add_shape(type="rect", x0=a, x1=b, y0=0, y1=1, xref="x", yref="paper",
                      fillcolor=color, line_width=0, layer="below")
    else:
        fig.add_shape(type="rect", x0=0, x1=1, y0=a, y1=b, xref="paper", yref="y",
                      fillcolor=color, line_width=0, layer="below")


def objective_label(objective: str) -> str:
    """The name of a generator loss on screen."""
    return {"minimax": t("minimax  E[log(1 − D*)]"),
            "nonsaturating": t("non-saturating  E[−log D*]"),
            "wgan": t("WGAN  −E[f*] (unitless)")}[objective]


def fmt_gradient(value: float | None, unit: str = "") -> str:
    """A gradient for the screen (:func:`app.ui.fmt_value`): 4 decimals, scientific notation
    when small ("4.46e-06"), "0 (exactly)" when zero to rounding, "undefined" for NaN/None."""
    return fmt_value(value, 4, sci=(1e-3, 1e4), unit=unit, zero_text=t("0 (exactly)"),
                     zero_tol=ZERO_TOL)


def _magnitudes(g: np.ndarray):
    """|g| where it is a positive number, and the masks of exact zeros and undefined values."""
    g = np.asarray(g, dtype=float)
    undefined = ~np.isfinite(g)
    zero = ~undefined & (np.abs(g) <= ZERO_TOL)
    mag = np.where(undefined | zero, np.nan, np.abs(g))
    return mag, zero, undefined


def _log_range(values: list[np.ndarray]) -> tuple[float, float]:
    """log10 of the smallest and largest positive finite values (1 when there is none)."""
    vals = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in values] + [np.array([1.0])])
    return math.log10(vals.min()), math.log10(vals.max())


def _sup(k: int) -> str:
    return "10<sup>" + str(k).replace("-", "−") + "</sup>"


def gradient_sweep_figure(sweep: GradientSweep, theta: float | None,
                          height: int = 520) -> go.Figure:
    """|dL/dθ| of the three losses over θ on a log axis, D* and f* held fixed at each θ, with
    the θ line at ``theta`` (None: none).

    A log axis has no 0, so exact zeros are drawn on a row of their own below the decades,
    labelled "= 0" on the axis, and undefined gradients (the −log D loss is +∞) on a row above,
    labelled "undefined"; the disjoint range is shaded."""
    fig = go.Figure()
    off = sweep.offsets
    objs = ("minimax", "nonsaturating", "wgan")
    mags = {o: _magnitudes(sweep.grad(o)) for o in objs}
    vmin, vmax = _log_range([m[0] for m in mags.values()])
    lo_dec, hi_dec = math.floor(vmin), math.ceil(vmax)
    zero_y = lo_dec - 0.8  # log10 of the "= 0" row
    undef_y = hi_dec + 0.8  # log10 of the "undefined" row
    any_undef = any(m[2].any() for m in mags.values())
    top = undef_y + 0.7 if any_undef else hi_dec + 0.6
    for a, b in flag_spans(off, sweep.overlap <= 0):
        _band(fig, "x", a, b, "rgba(213,94,0,0.08)")
        fig.add_annotation(x=a, xref="x", y=1.0, yref="paper", text=t("supports disjoint"),
                           showarrow=False, xanchor="left", yanchor="top",
                           font=dict(size=12, color="#A04000"))
    # On a log axis shapes take data coordinates (annotations take log10 ones).
    _band(fig, "y", 10 ** (zero_y - 0.45), 10 ** (zero_y + 0.4), "rgba(0,0,0,0.07)")
    if any_undef:
        _band(fig, "y", 10 ** (undef_y - 0.4), 10 ** (undef_y + 0.4), "rgba(0,0,0,0.07)")
    offsets_in_row = {"minimax": -0.2, "nonsaturating": 0.0, "wgan": 0.2}
    for obj, (mag, zero, undefined) in mags.items():
        color = OBJECTIVE_COLORS[obj]
        short = objective_label(obj).split()[0]
        fig.add_trace(go.Scatter(x=off, y=mag, name=objective_label(obj), mode="lines",
                                 line=dict(color=color, width=3,
                                           dash="dot" if obj == "nonsaturating" else "solid"),
                                 connectgaps=False))
        if zero.any():
            y = np.where(zero, 10 ** (zero_y + offsets_in_row[obj]), np.nan)
            fig.add_trace(go.Scatter(
                x=off, y=y, mode="lines+markers", connectgaps=False,
                name=t("{loss}: gradient = 0", loss=short),
                line=dict(color=color, width=3), marker=dict(color=color, size=5),
                hovertemplate=t("θ = %{x}: gradient = 0 exactly") + "<extra></extra>"))
        if undefined.any():
            y = np.where(undefined, 10 ** (undef_y + offsets_in_row[obj]), np.nan)
            fig.add_trace(go.Scatter(
                x=off, y=y, mode="lines+markers", connectgaps=False,
                name=t("{loss}: undefined (loss = +∞)", loss=short),
                line=dict(color=color, width=3, dash="dot"),
                marker=dict(color=color, size=6, symbol="x-thin-open", line=dict(width=2)),
                hovertemplate=t("θ = %{x}: the loss is +∞ (D* = 0 under Q's samples), "
                                "its gradient undefined") + "<extra></extra>"))
    decades = list(range(lo_dec, hi_dec + 1))
    step = max(1, math.ceil(len(decades) / 7))
    decades = decades[::-1][::step][::-1]
    tickvals = [10 ** zero_y] + [10.0 ** d for d in decades]
    ticktext = [t("= 0")] + [_sup(d) if d not in (0, 1) else ("1" if d == 0 else "10")
                             for d in decades]
    if any_undef:
        tickvals.append(10 ** undef_y)
        ticktext.append(t("undefined"))
    if theta is not None:
        _vline(fig, theta, f"θ = {theta:g}")
    fig.update_yaxes(type="log", range=[zero_y - 0.45, top], tickmode="array",
                     tickvals=tickvals, ticktext=ticktext)
    pad = 0.015 * float(off[-1] - off[0])  # room for the markers of the rows at the ends
    fig.update_xaxes(range=[float(off[0]) - pad, float(off[-1]) + pad])  # a θ layer shares it
    fig = style_figure(fig, t("How hard each loss pulls the generator: |dL/dθ|"),
                       t("offset θ of the generator (units)"),
                       t("|dL/dθ| (nats/unit), log scale"), height=height)
    return legend_below(fig, rows=3, font_size=12)


def gradient_sweep_layers(sweep: GradientSweep, height: int = 520) -> dict:
    """:func:`gradient_sweep_figure` as a chart that does not depend on θ and its θ layer
    (:func:`app.style.layer_for`), both as dicts: {"static": ..., "layer": ...}; cache it and
    draw it at θ with :func:`gradient_sweep_at` and :func:`app.ui.layered_chart`, so that a θ
    move resends only the layer (page 5 sent its 40 KB sweep chart on every move)."""
    static = fixed_axes(no_template(gradient_sweep_figure(sweep, None, height).to_dict()))
    fig = go.Figure()
    _vline(fig, 0.0, "θ = 0")
    marks = fig.to_dict()["layout"]
    if is_presenting():  # as style_figure sizes the chart's own annotations
        for ann in marks["annotations"]:
            ann.setdefault("font", {})["size"] = PRESENT_FONT - 2
    return {"static": static, "layer": layer_for(static, marks["shapes"], marks["annotations"])}


def gradient_sweep_at(layers: dict, theta: float) -> tuple[go.Figure, go.Figure]:
    """The sweep chart and its layer with the θ line at ``theta`` (``layers`` from
    :func:`gradient_sweep_layers`; its layer is changed in place)."""
    layer = layers["layer"]
    for sh in layer["layout"]["shapes"]:
        sh["x0"] = sh["x1"] = theta
    for ann in layer["layout"]["annotations"]:
        ann.update(x=theta, text=f"θ = {theta:g}")
    return fast_figure(layers["static"]), fast_figure(layer)


def _light(x: np.ndarray, y: np.ndarray) -> dict:
    """A curve's data light on the wire: x0/dx for evenly spaced x, y as float32."""
    x = np.asarray(x, dtype=float)
    y32 = np.asarray(y, dtype=np.float32)
    if x.size >= 3 and np.allclose(np.diff(x), x[1] - x[0], rtol=0,
                                   atol=1e-9 * max(1.0, abs(float(x[0])))):
        return dict(x0=float(x[0]), dx=float(x[1] - x[0]), y=y32)
    return dict(x=x, y=y32)


def discriminator_figure(x: np.ndarray, p_pdf: np.ndarray, q_pdf: np.ndarray,
                         x_cells: np.ndarray, dstar: np.ndarray, theta: float,
                         height: int = 520) -> go.Figure:
    """Densities of P (data) and Q_θ (generator) and the optimal discriminator D*(x) on a second
    axis in [0, 1]; D* is drawn only where P or Q has mass."""
    # Resent on every θ move: evenly spaced x as x0/dx and y as float32 (far finer than a pixel)
    # send a third of the bytes.
    fig = go.Figure()
    fig.add_trace(go.Scatter(**_light(x, p_pdf), name=t("P (data)"), mode="lines",
                             line=dict(color=COLORS["P"], width=3), fill="tozeroy",
                             fillcolor="rgba(0,114,178,0.12)"))
    fig.add_trace(go.Scatter(**_light(x, q_pdf), name=t("Q_θ (generator)"), mode="lines",
                             line=dict(color=COLORS["Q"], width=3), fill="tozeroy",
                             fillcolor="rgba(230,159,0,0.12)"))
    fig.add_trace(go.Scatter(**_light(x_cells, dstar),
                             name=t("D*(x) = p/(p + q) (right axis)"),
                             mode="lines", yaxis="y2", connectgaps=False,
                             line=dict(color=DSTAR_COLOR, width=2, dash="dash")))
    fig = style_figure(fig, t("Data, generator (θ = {theta}) and the optimal discriminator",
                              theta=f"{theta:g}"),
                       t("x (units)"), t("density (1/unit)"), height=height)
    fig.update_layout(yaxis2=dict(title=dict(text=t("D*(x) (probability)")), overlaying="y",
                                  side="right", range=[-0.02, 1.02], showgrid=False,
                                  zeroline=False, tickmode="array",
                                  tickvals=[0, 0.25, 0.5, 0.75, 1.0]))
    fig = legend_below(fig, rows=3, font_size=12)
    fig.update_layout(margin=dict(r=70))
    return fig


def _k_axis(fig: go.Figure, run: KStepsRun, k: int) -> None:
    """Log x axis over the checkpoints and a line at k. On a log axis a shape takes data
    coordinates but an annotation takes log10 ones, so the label is placed by hand."""
    lk = np.log10(run.steps.astype(float))
    fig.add_shape(type="line", x0=k, x1=k, y0=0, y1=1, xref="x", yref="paper",
                  line=dict(color="#000", width=2))
    right_half = math.log10(k) > 0.5 * (lk.min() + lk.max())
    fig.add_annotation(x=math.log10(k), xref="x", y=1.0, yref="paper", text=f" k = {k} ",
                       showarrow=False, yanchor="bottom", xanchor="right" if right_half else "left")
    fig.update_xaxes(type="log", range=[lk.min() - 0.1, lk.max() + 0.1])


def ksteps_figure(run: KStepsRun, k: int, height: int = 480) -> go.Figure:
    """|generator gradient| with a discriminator trained k steps, over k (log–log), with the
    values for D* as dashed lines (or a note when they are 0 / undefined) and a marker at k.
    Points where the gradient pushes Q away from P are drawn as crosses."""
    fig = go.Figure()
    ks = run.steps.astype(float)
    series = (("minimax", run.minimax_grad, run.exact_minimax_grad),
              ("nonsaturating", run.nonsat_grad, run.exact_nonsat_grad))
    allv = []
    for obj, g, exact in series:
        color = OBJECTIVE_COLORS[obj]
        mag, _, _ = _magnitudes(g)
        allv.append(mag)
        fig.add_trace(go.Scatter(x=ks, y=mag, name=t("{loss} with D_k", loss=objective_label(obj)),
                                 mode="lines+markers", line=dict(color=color, width=3),
                                 marker=dict(size=7)))
        wrong = np.asarray(g) < 0
        if wrong.any():
            fig.add_trace(go.Scatter(x=ks[wrong], y=mag[wrong], mode="markers",
                                     name=t("pushes Q away from P"),
                                     marker=dict(color="#000", symbol="x", size=11)))
        if math.isfinite(exact) and abs(exact) > ZERO_TOL:
            allv.append(np.array([abs(exact)]))
            fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=abs(exact), y1=abs(exact),
                          yref="y", line=dict(color=color, dash="dash", width=2))
            fig.add_annotation(x=0.01, xref="paper", y=math.log10(abs(exact)), yref="y",
                               text=t("with D*: {v}", v=fmt_gradient(exact)), showarrow=False,
                               xanchor="left", yanchor="top" if obj == "minimax" else "bottom",
                               font=dict(size=12, color=color))
    vmin, vmax = _log_range(allv)
    lo, hi = math.floor(vmin) - 0.3, math.ceil(vmax) + 0.4
    notes = []
    if math.isfinite(run.exact_minimax_grad) and abs(run.exact_minimax_grad) <= ZERO_TOL:
        notes.append(t("minimax with D*: exactly 0"))
    if not math.isfinite(run.exact_nonsat_grad):
        notes.append(t("−log D with D*: undefined (loss = +∞)"))
    if notes:
        fig.add_annotation(text=" · ".join(notes), xref="paper", yref="paper", x=0.01, y=0.02,
                           showarrow=False, xanchor="left", yanchor="bottom",
                           font=dict(size=12, color="#333"), bgcolor="rgba(255,255,255,0.8)")
    _k_axis(fig, run, k)
    fig.update_yaxes(type="log", range=[lo, hi], exponentformat="power")
    fig.update_layout(hovermode="closest")
    fig = style_figure(fig, t("Generator gradient with a discriminator trained k steps"),
                       t("discriminator steps k (log scale)"),
                       t("|dL/dθ| (nats/unit), log scale"), height=height)
    return legend_below(fig, rows=2, font_size=12)


def ksteps_js_figure(run: KStepsRun, k: int, height: int = 480) -> go.Figure:
    """How good D_k is: the JS it implies, (V(G, D_k) + log 4)/2, against the exact JS."""
    fig = go.Figure()
    ks = run.steps.astype(float)
    fig.add_trace(go.Scatter(x=ks, y=run.js_estimate, name=t("JS implied by D_k"),
                             mode="lines+markers", line=dict(color=COLORS["JS"], width=3)))
    fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=run.exact_js, y1=run.exact_js,
                  yref="y", line=dict(color=COLORS["JS"], dash="dash", width=2))
    fig.add_annotation(x=1.0, xref="paper", y=run.exact_js, yref="y", showarrow=False,
                       text=t("exact JS = {v} nats", v=f"{run.exact_js:.4f}"), xanchor="right",
                       yanchor="top", font=dict(color=COLORS["JS"]))
    _k_axis(fig, run, k)
    top = max(run.exact_js, float(np.nanmax(run.js_estimate))) * 1.15 + 0.02
    fig.update_yaxes(range=[min(0.0, float(np.nanmin(run.js_estimate))) - 0.02, top])
    fig.update_layout(hovermode="closest")
    fig = style_figure(fig, t("How good the discriminator is: the JS it implies"),
                       t("discriminator steps k (log scale)"),
                       t("(V(G, D_k) + log 4) / 2 (nats)"), height=height)
    return legend_below(fig, rows=2, font_size=12)


def kl_integrand_figure(case: KLIntegrand, x: np.ndarray, data_pdf: np.ndarray,
                        g_pdf: np.ndarray, title: str, note: str, note_at: tuple[float, float],
                        y_max: float, density_top: float, note_offset: tuple[int, int] = (0, -110),
                        height: int = 480) -> go.Figure:
    """The integrand p_G ln(p_G/p_data) of KL(P_G‖P_data) over x (filled, nats/unit) with the
    densities of the data and the generator on a second axis (1/unit), and a note with an arrow
    pointing at ``note_at`` (x, integrand value) from ``note_offset`` pixels. Give two panels
    the same ``y_max`` and ``density_top`` so that they can be compared by eye."""
    fig = go.Figure()
    dens = np.where(np.isfinite(case.density), case.density, np.nan)
    fig.add_trace(go.Scatter(x=case.x, y=dens, name=t("p_G·ln(p_G/p_data) (left axis)"),
                             mode="lines", line=dict(color=COLORS["KL_QP"], width=3),
                             fill="tozeroy", fillcolor="rgba(140,107,177,0.30)"))
    fig.add_trace(go.Scatter(x=x, y=data_pdf, name=t("p_data (right axis)"), mode="lines",
                             yaxis="y2", line=dict(color=COLORS["P"], width=2, dash="dot")))
    fig.add_trace(go.Scatter(x=x, y=g_pdf, name=t("p_G (right axis)"), mode="lines",
                             yaxis="y2", line=dict(color=COLORS["Q"], width=2, dash="dot")))
    fig.add_annotation(x=note_at[0], y=note_at[1], text=note, showarrow=True, arrowhead=2,
                       ax=note_offset[0], ay=note_offset[1], font=dict(size=12),
                       bgcolor="rgba(255,255,255,0.9)",
                       bordercolor="#999", borderwidth=1)
    fig = style_figure(fig, title, t("x (units)"), t("KL integrand (nats/unit)"), height=height)
    fig.update_layout(yaxis=dict(range=[min(0.0, float(np.nanmin(dens))) * 1.1 - 0.02 * y_max,
                                        y_max * 1.08]),
                      yaxis2=dict(title=dict(text=t("density (1/unit)")), overlaying="y",
                                  side="right", range=[0, density_top], showgrid=False,
                                  zeroline=False, tickmode="auto", nticks=6),
                      hovermode="closest")
    fig = legend_below(fig, rows=2, font_size=12)
    fig.update_layout(margin=dict(r=70))
    return fig

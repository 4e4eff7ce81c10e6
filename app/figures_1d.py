"""Figure builders of page 1 (JS saturates, 1D): the densities, the five curves over θ with dots at
the current θ, and the slopes dJS/dθ and dW1/dθ.

Every chart comes in two steps, so that moving the θ slider stays cheap: ``*_base(...)`` builds
the chart once per setting with the shared, validated builders (:func:`app.figures.density_figure`,
:func:`app.figures.sweep_figure`, :func:`app.style.style_figure`) at θ = 0 and returns it as a
plain dict (cache it, with the language and presentation mode in the key); ``*_at(base, ..., θ)``
moves what depends on θ (Q's curve, the θ line, the dots) in that dict and wraps it in a figure
without re-validating it (plotly's validation and template copy cost tens of milliseconds per
chart). ``tests/test_figures_1d.py`` checks that ``*_at`` gives exactly the figure the builders
would draw at that θ.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from app.figures import QUANTITY_NAMES, density_figure, flag_spans, sweep_figure
from app.i18n import t
from app.style import COLORS, fast_figure, style_figure
from divergences import Dist1D, Grid, Sweep, cell_masses
from divergences.distributions import EMPIRICAL

ALL_QUANTITIES = ("js", "kl_pq", "kl_qp", "tv", "w1")
BASE_THETA = 0.0
"""The θ at which the bases are drawn; ``*_at`` moves the θ line from here."""


def _move_theta_line(spec: dict, theta: float) -> None:
    """Move the vertical line drawn at θ = BASE_THETA by ``add_vline`` (and its "θ = …" label)."""
    label = f"θ = {BASE_THETA:g}"
    for shape in spec["layout"].get("shapes", ()):
        if (shape.get("type") == "line" and shape.get("xref") == "x"
                and shape.get("x0") == BASE_THETA and shape.get("x1") == BASE_THETA):
            shape["x0"] = shape["x1"] = theta
    for ann in spec["layout"].get("annotations", ()):
        if ann.get("text") == label and ann.get("xref") == "x":
            ann["x"] = theta
            ann["text"] = f"θ = {theta:g}"
    _anchor_theta_label(spec, theta)


def _anchor_theta_label(spec: dict, theta: float) -> None:
    """Put the "θ = …" label just above the chart, on the inner side of the θ line: clear of the
    curves and of the ∞ markers on the top edge, and never cut off at either end."""
    for ann in spec["layout"].get("annotations", ()):
        if ann.get("text") == f"θ = {theta:g}" and ann.get("xref") == "x":
            ann.update(xanchor="right" if theta > 0 else "left", y=1.0, yanchor="bottom")


def _dot(x: float, y: float, color: str, name: str) -> dict:
    """A dot on a curve at the current θ (a plain trace dict, as plotly's to_dict writes it)."""
    return {"type": "scatter", "x": [x], "y": [y], "mode": "markers", "showlegend": False,
            "name": name, "hovertemplate": name + " = %{y:.4f}<extra></extra>",
            "marker": {"color": color, "size": 12, "line": {"color": "white", "width": 2}}}


# ---- densities ----------------------------------------------------------------------------------

def density_title(theta: float) -> str:
    return t("P and Q at θ = {theta:g}", theta=theta)


def _drawn_density(d: Dist1D, x: np.ndarray, grid: Grid | None) -> np.ndarray:
    """What the density chart draws for ``d`` at ``x``: the pdf, or for the student's samples
    (no pdf) the histogram of the page's cells, mass/h (1/unit), the same binning the numbers
    use."""
    if d.family != EMPIRICAL or grid is None:
        return d.pdf(x)
    mass = cell_masses(d, grid) / grid.h
    k = np.floor((np.asarray(x, dtype=float) - grid.lo) / grid.h + 1e-9).astype(int)
    inside = (k >= 0) & (k < grid.n)
    return np.where(inside, mass[np.clip(k, 0, grid.n - 1)], 0.0)


def _as_histograms(spec: dict, p: Dist1D, q: Dist1D, x: np.ndarray, grid: Grid) -> None:
    """Redraw the student's samples in ``spec`` as histograms (steps) of the page's cells."""
    dens = {"P": _drawn_density(p, x, grid), "Q": _drawn_density(q, x, grid)}
    for tr in spec["data"]:
        name = tr.get("name")
        if name in dens and (p if name == "P" else q).family == EMPIRICAL:
            tr["y"] = dens[name]
            tr.setdefault("line", {})["shape"] = "hv"
        elif name == t("overlap"):
            tr["y"] = np.minimum(dens["P"], dens["Q"])
            tr.setdefault("line", {})["shape"] = "hv"
        elif name in (t("{n} (point mass)", n="P"), t("{n} (point mass)", n="Q")):
            top = max(float(dens["P"].max()), float(dens["Q"].max()), 1.0)
            tr["y"] = [0, top]


def density_base(p: Dist1D, q: Dist1D, x: np.ndarray, height: int = 430,
                 grid: Grid | None = None) -> dict:
    """P and Q (Q at θ = BASE_THETA) from the shared :func:`density_figure`, as a dict. With
    ``grid``, the student's samples are drawn as histograms of its cells."""
    fig = density_figure(p, q.shifted(BASE_THETA), x, title=density_title(BASE_THETA),
                         height=height)
    fig.update_xaxes(range=[float(x[0]), float(x[-1])])  # the same frame for every θ
    spec = fig.to_dict()
    if grid is not None and EMPIRICAL in (p.family, q.family):
        _as_histograms(spec, p, q.shifted(BASE_THETA), x, grid)
    return spec


def density_at(base: dict, p: Dist1D, q: Dist1D, x: np.ndarray, theta: float,
               grid: Grid | None = None) -> go.Figure:
    """The density chart with Q moved by θ: Q's curve, the overlap and Q's spike are redrawn
    (with ``grid``: the student's samples as histograms of its cells)."""
    spec = base
    qt = q.shifted(theta)
    q_pdf = _drawn_density(qt, x, grid) if qt.family != "point" else None
    p_pdf = _drawn_density(p, x, grid) if p.family != "point" else None
    for tr in spec["data"]:
        name = tr.get("name")
        if name == "Q" and q_pdf is not None:
            tr["y"] = q_pdf
        elif name == t("overlap") and q_pdf is not None and p_pdf is not None:
            tr["y"] = np.minimum(p_pdf, q_pdf)
        elif name == t("{n} (point mass)", n="Q"):
            tr["x"] = [qt.loc, qt.loc]
    spec["layout"]["title"]["text"] = density_title(theta)
    return fast_figure(spec)


# ---- the five curves over θ ----------------------------------------------------------------------

def curves_figure(sweep: Sweep, theta: float, y_max: float, height: int = 430) -> dict:
    """JS, both KLs, TV and W1 over the whole θ range with the θ line at ``theta``, from the
    shared :func:`sweep_figure` (validated), as a dict; no dots."""
    fig = sweep_figure(sweep, theta, ALL_QUANTITIES, height=height, y_max=y_max,
                       title=t("JS, KL, TV and W1 as Q slides along θ"))
    # Seven legend entries: below the chart, not over its title. The "supports disjoint" labels
    # go to the bottom of their shaded range, away from the ∞ markers on the top edge.
    # KL(Q‖P) = ∞ markers a little below those of KL(P‖Q), so that both rows show.
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.24, xanchor="left", x=0.0),
                      margin=dict(b=120))
    for tr in fig.data:
        if tr.name == t("{q} = ∞", q="KL(Q‖P)"):
            tr.y = np.asarray(tr.y, dtype=float) * 0.96
    spec = fig.to_dict()
    for ann in spec["layout"].get("annotations", ()):
        if ann.get("text") == t("supports disjoint"):
            ann.update(y=0, yanchor="bottom")
    _anchor_theta_label(spec, theta)
    return spec


def curves_base(sweep: Sweep, y_max: float, height: int = 430) -> dict:
    """:func:`curves_figure` at θ = BASE_THETA, to be moved by :func:`curves_at`."""
    return curves_figure(sweep, BASE_THETA, y_max, height)


def curves_at(base: dict, sweep: Sweep, theta: float, index: int, y_max: float) -> go.Figure:
    """The curves with the θ line moved to ``theta`` and a dot on every curve there (``index``
    into ``sweep.offsets``); a value above the chart or infinite gets no dot."""
    spec = base
    _move_theta_line(spec, theta)
    for q in ALL_QUANTITIES:
        ckey, label = QUANTITY_NAMES[q]
        v = float(getattr(sweep, q)[index])
        if np.isfinite(v) and v <= y_max:
            spec["data"].append(_dot(theta, v, COLORS[ckey], label))
    return fast_figure(spec)


# ---- slopes --------------------------------------------------------------------------------------

def slopes_base(offsets: np.ndarray, d_js: np.ndarray, d_w1: np.ndarray, overlap: np.ndarray,
                height: int = 330) -> dict:
    """dJS/dθ and dW1/dθ over θ (central differences of the curves), the disjoint range shaded,
    the zero line, and the θ line at BASE_THETA. Once the supports are disjoint, dJS/dθ is 0 and
    dW1/dθ is ±1."""
    fig = go.Figure()
    for lo, hi in flag_spans(offsets, overlap <= 0):
        fig.add_vrect(x0=lo, x1=hi, fillcolor="rgba(213,94,0,0.08)", line_width=0)
    for name, y, ckey in (("dJS/dθ", d_js, "JS"), ("dW1/dθ", d_w1, "W1")):
        fig.add_trace(go.Scatter(x=offsets, y=np.where(np.isfinite(y), y, None), name=name,
                                 mode="lines", line=dict(color=COLORS[ckey], width=3)))
    fig.add_hline(y=0.0, line_color=COLORS["ref"], line_width=1)
    fig.add_vline(x=BASE_THETA, line_color="#000", line_width=2,
                  annotation_text=f"θ = {BASE_THETA:g}", annotation_position="top right")
    finite = np.concatenate([d_js[np.isfinite(d_js)], d_w1[np.isfinite(d_w1)]])
    r = float(np.clip(1.1 * np.abs(finite).max(), 1.3, 2.5)) if finite.size else 1.3
    fig.update_yaxes(range=[-r, r])  # a spike where a point mass jumps may leave the chart
    fig = style_figure(fig, t("Slopes: the signal a gradient step would get"),
                       t("offset θ (units)"), t("slope (per unit of θ)"),
                       height=height)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.25, xanchor="left", x=0.0),
                      margin=dict(b=100))
    spec = fig.to_dict()
    _anchor_theta_label(spec, BASE_THETA)
    return spec


def slopes_at(base: dict, d_js: np.ndarray, d_w1: np.ndarray, theta: float,
              index: int) -> go.Figure:
    """The slope chart with the θ line at ``theta`` and dots on both curves there."""
    spec = base
    _move_theta_line(spec, theta)
    for name, y, ckey in (("dJS/dθ", d_js, "JS"), ("dW1/dθ", d_w1, "W1")):
        v = float(y[index])
        if np.isfinite(v):
            spec["data"].append(_dot(theta, v, COLORS[ckey], name))
    return fast_figure(spec)

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

The curves and the slopes over θ do not change with θ at all: only their θ line and dots move.
``curves_at`` and ``slopes_at`` therefore return two figures, the chart itself (byte for byte
the same at every θ, so that Streamlit sends the browser a reference to the copy it holds) and a
transparent layer with the θ marks, drawn over it by :func:`app.ui.layered_chart`. A θ move on
page 1 sent 62.5 KB over the websocket, now about 33 KB, most of it the density chart, which
does change (benchmarks/bench_ws_bytes.py).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from app.figures import QUANTITY_NAMES, density_figure, flag_spans, sweep_figure
from app.i18n import t
from app.style import COLORS, fast_figure, fixed_axes, layer_for, no_template, style_figure
from divergences import LN2, Dist1D, Grid, Sweep, cell_masses
from divergences.distributions import EMPIRICAL

ALL_QUANTITIES = ("js", "kl_pq", "kl_qp", "tv", "w1")
BASE_THETA = 0.0
"""The θ at which the bases are drawn; ``*_at`` moves the θ line from here."""


def _move_theta_line(spec: dict, theta: float) -> None:
    """Move the vertical line drawn at θ = BASE_THETA by ``add_vline`` (and its "θ = …" label)."""
    label = f"θ = {BASE_THETA:g}"
    for shape in spec["layout"].get("shapes", ()):
        if (shape.get("type") == "line" and shape.get("xref") in ("x", "x2")
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


def _split_theta(spec: dict) -> dict:
    """``spec`` (θ line at BASE_THETA) as the chart and its θ layer: {"static": ``spec`` without
    the θ line and its "θ = …" label, fixed axes, no template; "layer": :func:`layer_for` it,
    holding the θ line and label}. See :func:`app.ui.layered_chart`."""
    label = f"θ = {BASE_THETA:g}"
    lay = spec["layout"]

    def moving_shape(sh: dict) -> bool:
        return (sh.get("type") == "line" and sh.get("xref") in ("x", "x2")
                and sh.get("x0") == BASE_THETA and sh.get("x1") == BASE_THETA)

    def moving_ann(a: dict) -> bool:
        return a.get("text") == label and a.get("xref") == "x"

    shapes, anns = list(lay.get("shapes", ())), list(lay.get("annotations", ()))
    lay["shapes"] = [sh for sh in shapes if not moving_shape(sh)]
    lay["annotations"] = [a for a in anns if not moving_ann(a)]
    static = fixed_axes(no_template(spec))
    return {"static": static,
            "layer": layer_for(static, [sh for sh in shapes if moving_shape(sh)],
                               [a for a in anns if moving_ann(a)])}


def merged(static: go.Figure | dict, layer: go.Figure | dict) -> dict:
    """The chart and its θ layer as one figure dict (what the two draw together): the static
    chart's traces, shapes and annotations, then the layer's marks (its phantom traces left
    out). For tests and for a PNG of the whole chart."""
    s = static.to_dict() if isinstance(static, go.Figure) else static
    ly = layer.to_dict() if isinstance(layer, go.Figure) else layer
    out = {"data": list(s["data"]), "layout": dict(s["layout"])}
    out["data"] += [tr for tr in ly["data"] if list(tr.get("x", ())) not in ([], [None])]
    for k in ("shapes", "annotations"):
        out["layout"][k] = list(s["layout"].get(k, ())) + list(ly["layout"].get(k, ()))
    return out


def _dot(x: float, y: float, color: str, name: str) -> dict:
    """A dot on a curve at the current θ (a plain trace dict, as plotly's to_dict writes it)."""
    return {"type": "scatter", "x": [x], "y": [y], "mode": "markers", "showlegend": False,
            "name": name, "hovertemplate": name + " = %{y:.4f}<extra></extra>",
            "marker": {"color": color, "size": 12, "line": {"color": "white", "width": 2}}}


# ---- densities ----------------------------------------------------------------------------------

def compact_xy(spec: dict, x: np.ndarray) -> dict:
    """Make ``spec`` light on the wire: every trace drawn over the evenly spaced ``x`` gets
    ``x0``/``dx`` instead of an x array, and its y as float32 (far finer than a screen pixel).
    Plotly draws the same curve from half the bytes or less (a slider move on page 1 sent an
    88 KB density chart; benchmarks/bench_ws_bytes.py)."""
    x = np.asarray(x, dtype=float)
    if x.size < 3 or not np.allclose(np.diff(x), x[1] - x[0], rtol=0, atol=1e-9 * max(1, abs(x[0]))):
        return spec
    for tr in spec["data"]:
        tx, ty = _array(tr.get("x")), _array(tr.get("y"))
        if tx is None or ty is None or tx.shape != x.shape or not np.array_equal(tx, x):
            continue
        del tr["x"]
        tr["x0"], tr["dx"] = float(x[0]), float(x[1] - x[0])
        tr["y"] = ty.astype(np.float32)
    return spec


def _array(v) -> np.ndarray | None:
    """A trace's data as a float array: a list, an array, or plotly's typed-array dict
    (``{"dtype": "f8", "bdata": base64}``, what ``to_dict`` gives); None if not numeric."""
    if v is None:
        return None
    if isinstance(v, dict):
        if "bdata" not in v:
            return None
        import base64

        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v.get("dtype", "f8")))
        return a.astype(float).reshape(v["shape"]) if "shape" in v and isinstance(
            v["shape"], (list, tuple)) else a.astype(float)
    try:
        return np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        return None


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
    return no_template(compact_xy(spec, x))


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
            tr["y"] = q_pdf.astype(np.float32) if "x0" in tr else q_pdf
        elif name == t("overlap") and q_pdf is not None and p_pdf is not None:
            ov = np.minimum(p_pdf, q_pdf)
            tr["y"] = ov.astype(np.float32) if "x0" in tr else ov
        elif name == t("{n} (point mass)", n="Q"):
            tr["x"] = [qt.loc, qt.loc]
    spec["layout"]["title"]["text"] = density_title(theta)
    return fast_figure(spec)


# ---- the five curves over θ ----------------------------------------------------------------------

NATS = ("js", "kl_pq", "kl_qp")
"""The upper panel (nats); the lower one holds W1 (units) and TV (a probability, right axis)."""
_AXES = {"js": ("x", "y"), "kl_pq": ("x", "y"), "kl_qp": ("x", "y"), "w1": ("x2", "y2"),
         "tv": ("x2", "y3")}
INF_STYLE = {"kl_pq": 0.985, "kl_qp": 0.93}
"""Where KL = ∞ is drawn: a thick dotted line at this fraction of the upper panel's top."""


def curves_figure(sweep: Sweep, theta: float, y_max: float, height: int = 430) -> dict:
    """JS and both KLs (nats, upper panel; ln 2 dashed; KL = ∞ drawn as a thick dotted line in the
    KL's colour along the panel's top edge, labelled "KL = ∞"), W1 (units) and TV (a
    probability, right axis) in the lower panel, over the whole θ range, the disjoint range
    shaded in both, and the θ line at ``theta``; as a dict, no dots. One legend entry per
    quantity. ``y_max``: the top of the upper panel (a finite KL above it leaves the chart)."""
    from plotly.subplots import make_subplots

    off = np.asarray(sweep.offsets, dtype=float)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
                        row_heights=[0.55, 0.45], specs=[[{}], [{"secondary_y": True}]])
    disjoint = flag_spans(off, sweep.overlap <= 0)
    nats_top = float(min(y_max, max(2.0 * LN2, 1.0) * 1.6))
    w1_top = float(max(np.nanmax(np.where(np.isfinite(sweep.w1), sweep.w1, 0.0)), 1.0)) * 1.1
    for q in ALL_QUANTITIES:
        ckey, label = QUANTITY_NAMES[q]
        y = np.asarray(getattr(sweep, q), dtype=float)
        finite = np.isfinite(y)
        kw = dict(row=2, col=1, secondary_y=(q == "tv")) if q in ("w1", "tv") else dict(row=1,
                                                                                     col=1)
        fig.add_trace(go.Scatter(x=off, y=np.where(finite, y, None), name=label, mode="lines",
                                 legendgroup=q, connectgaps=False,
                                 line=dict(color=COLORS[ckey], width=3,
                                           dash="dot" if q == "tv" else None)), **kw)
        if q in INF_STYLE and (~finite).any():
            yy = np.where(np.isinf(y), nats_top * INF_STYLE[q], None)
            fig.add_trace(go.Scatter(x=off, y=yy, mode="lines", legendgroup=q, showlegend=False,
                                     name=t("{q} = ∞", q=label), connectgaps=False,
                                     hovertemplate=t("{q} = ∞", q=label) + "<extra></extra>",
                                     line=dict(color=COLORS[ckey], width=5, dash="dot")),
                          row=1, col=1)
    for lo, hi in disjoint:  # after the traces: plotly skips subplots that hold none yet
        for row in (1, 2):
            fig.add_vrect(x0=lo, x1=hi, fillcolor="rgba(213,94,0,0.08)", line_width=0,
                          row=row, col=1)
    if np.isinf(np.asarray(sweep.kl_pq)).any() or np.isinf(np.asarray(sweep.kl_qp)).any():
        fig.add_annotation(text="KL = ∞", xref="x domain", yref="y", x=0.01,
                           y=nats_top * 0.9, xanchor="left", yanchor="top", showarrow=False,
                           font=dict(color=COLORS["KL_QP"]), bgcolor="rgba(255,255,255,0.8)")
    fig.add_hline(y=LN2, line_dash="dash", line_color=COLORS["ref"], row=1, col=1)
    fig.add_annotation(text="ln 2 ≈ 0.6931", xref="x domain", yref="y", x=0.0, y=LN2,
                       xanchor="left", yanchor="bottom", showarrow=False)
    for lo, hi in disjoint:
        fig.add_annotation(text=t("supports disjoint"), xref="x2", yref="y2 domain",
                           x=(lo + hi) / 2, y=0.02, yanchor="bottom", showarrow=False,
                           font=dict(color=COLORS["JS"]))
    fig.add_vline(x=BASE_THETA, line_color="#000", line_width=2, row="all", col=1)
    fig.add_annotation(text=f"θ = {BASE_THETA:g}", xref="x", yref="y2 domain", x=BASE_THETA,
                       y=1.0, showarrow=False)  # in the gap between the panels
    fig = style_figure(fig, t("JS, KL, TV and W1 as Q slides along θ"), "", "", height=height)
    ticks = [v for v in np.arange(0.0, nats_top * 0.8, 0.5)]
    labels = [f"{v:g}" for v in ticks]
    if any(q in INF_STYLE and np.isinf(np.asarray(getattr(sweep, q))).any() for q in NATS):
        ticks.append(nats_top * (INF_STYLE["kl_pq"] + INF_STYLE["kl_qp"]) / 2)
        labels.append("∞")  # the dotted KL rows sit at "∞" on the axis, not at a number
    fig.update_yaxes(title_text=t("JS, KL (nats)"), range=[0, nats_top * 1.04], row=1, col=1,
                     tickvals=[float(v) for v in ticks], ticktext=labels)
    fig.update_yaxes(title_text=t("W1 (units)"), range=[0, w1_top], row=2, col=1,
                     secondary_y=False)
    fig.update_yaxes(title_text=t("TV (no unit)"), range=[0, 1.1], row=2, col=1,
                     secondary_y=True, showgrid=False)
    fig.update_xaxes(title_text="", row=1, col=1)
    fig.update_xaxes(title_text=t("offset θ (units)"), row=2, col=1)
    fig.update_xaxes(range=[float(off[0]), float(off[-1])])  # a θ layer shares the frame
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right",
                                  x=1.0), hovermode="x unified")
    spec = compact_xy(fig.to_dict(), off)  # x0/dx and float32 y: a θ move resends this figure
    _move_theta_line(spec, theta)
    return spec


def curves_base(sweep: Sweep, y_max: float, height: int = 430) -> dict:
    """:func:`curves_figure` at θ = BASE_THETA as the chart and its θ layer (the θ line), to be
    moved by :func:`curves_at`."""
    return _split_theta(curves_figure(sweep, BASE_THETA, y_max, height))


def curves_at(base: dict, sweep: Sweep, theta: float, index: int,
              y_max: float) -> tuple[go.Figure, go.Figure]:
    """The curves chart (the same whatever θ is) and its layer with the θ line moved to
    ``theta`` and a dot on every curve there (``index`` into ``sweep.offsets``); a value above
    its panel or infinite gets no dot. Draw them with :func:`app.ui.layered_chart`."""
    spec = base["layer"]
    _move_theta_line(spec, theta)
    tops = {"y": spec["layout"]["yaxis"]["range"][1], "y2": spec["layout"]["yaxis2"]["range"][1],
            "y3": spec["layout"]["yaxis3"]["range"][1]}
    for q in ALL_QUANTITIES:
        ckey, label = QUANTITY_NAMES[q]
        v = float(getattr(sweep, q)[index])
        xa, ya = _AXES[q]
        if np.isfinite(v) and v <= tops[ya]:
            dot = _dot(theta, v, COLORS[ckey], label)
            dot.update(xaxis=xa, yaxis=ya)
            spec["data"].append(dot)
    return fast_figure(base["static"]), fast_figure(spec)


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
    fig.update_xaxes(range=[float(offsets[0]), float(offsets[-1])])  # a θ layer shares the frame
    fig = style_figure(fig, t("Slopes: the signal a gradient step would get"),
                       t("offset θ (units)"), t("slope (per unit of θ)"),
                       height=height)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.25, xanchor="left", x=0.0),
                      margin=dict(b=100))
    spec = compact_xy(fig.to_dict(), offsets)  # x0/dx and float32 y (fewer bytes a θ move)
    _anchor_theta_label(spec, BASE_THETA)
    return _split_theta(spec)


def slopes_at(base: dict, d_js: np.ndarray, d_w1: np.ndarray, theta: float,
              index: int) -> tuple[go.Figure, go.Figure]:
    """The slope chart (the same whatever θ is) and its layer with the θ line at ``theta`` and
    dots on both curves there."""
    spec = base["layer"]
    _move_theta_line(spec, theta)
    for name, y, ckey in (("dJS/dθ", d_js, "JS"), ("dW1/dθ", d_w1, "W1")):
        v = float(y[index])
        if np.isfinite(v):
            spec["data"].append(_dot(theta, v, COLORS[ckey], name))
    return fast_figure(base["static"]), fast_figure(spec)

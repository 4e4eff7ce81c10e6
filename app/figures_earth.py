"""Figures of page 3, the earth mover: a plan as a heat map with its marginals, the moves as arrows
(1-D) or lines (2-D) whose width follows the mass, the CDFs with the area between them shaded, and
the earth moving (plotly frames with play/pause and a time slider, animated in the browser).

Builders take values computed by :mod:`divergences.earth` and hold no science.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from app.i18n import t
from app.style import COLORS, house_figure
from divergences.earth import CdfArea, Moves

MAX_ARROWS = 150
"""Most arrows or lines drawn (the largest masses); the caption says when some are left out."""
WIDTH_CLASSES = 6
PLAN_FILL = "rgba(0,158,115,0.55)"
def plan_label(name: str) -> str:
    """The on-screen name of a plan of :data:`divergences.earth.PLAN_NAMES`."""
    return {
        "optimal": t("exact optimal transport plan"),
        "north_west": t("north-west-corner plan"),
        "independent": t("independent coupling P⊗Q"),
    }[name]


def _role(name: str) -> str:
    return t("{n} (start)", n=name) if name == "P" else t("{n} (goal)", n=name)


# ------------------------------------------------------------------------------------------------
# The plan as a heat map


LARGE_PLAN_CELLS = 2500
"""Plans with more cells than this are sent to the browser as float32 (see the heat map)."""


def plan_heatmap_figure(plan: np.ndarray, a: np.ndarray, b: np.ndarray, title: str,
                        rows: np.ndarray | None = None, cols: np.ndarray | None = None,
                        row_title: str | None = None, col_title: str | None = None,
                        height: int = 470) -> go.Figure:
    """γ as a heat map (rows: P's bins or points, from the top; columns: Q's), with Q's masses
    (the column sums) as bars on top and P's (the row sums) as bars on the right."""
    n, m = plan.shape
    rows = np.arange(n) if rows is None else np.asarray(rows)
    cols = np.arange(m) if cols is None else np.asarray(cols)
    gap = 1 if max(n, m) <= 40 else 0
    # A large plan (300 × 300 points: 90 000 cells) travels as float32, half the bytes: its
    # colours and 4-digit hover cannot tell; a small one keeps every digit.
    z = np.asarray(plan, dtype=np.float32 if n * m > LARGE_PLAN_CELLS else float)
    data = [
        dict(type="heatmap", z=z, x=cols, y=rows, zmin=0, xaxis="x", yaxis="y",
             colorscale=[[0.0, "#f0f0f0"], [1.0, COLORS["plan"]]], xgap=gap, ygap=gap,
             colorbar=dict(title=dict(text=t("mass γᵢⱼ"), side="right"), x=1.01, len=0.78,
                           y=0, yanchor="bottom", thickness=14),
             hovertemplate=t("from %{y} to %{x}: mass %{z:.4f}") + "<extra></extra>"),
        dict(type="bar", x=cols, y=b, xaxis="x", yaxis="y2", marker_color=COLORS["Q"],
             name=t("Q (column sums)"), hovertemplate="Q: %{y:.4f}<extra></extra>"),
        dict(type="bar", y=rows, x=a, xaxis="x2", yaxis="y", orientation="h",
             marker_color=COLORS["P"], name=t("P (row sums)"),
             hovertemplate="P: %{x:.4f}<extra></extra>"),
    ]
    x_tick = dict(dtick=1) if m <= 15 else {}
    y_tick = dict(dtick=1) if n <= 15 else {}
    layout = dict(
        xaxis=dict(domain=[0.0, 0.79], anchor="y", **x_tick),
        yaxis=dict(domain=[0.0, 0.76], anchor="x", autorange="reversed", **y_tick),
        xaxis2=dict(domain=[0.81, 1.0], anchor="y", title=dict(text=t("mass")), nticks=3,
                    showline=True, linecolor="#999"),
        yaxis2=dict(domain=[0.78, 1.0], anchor="x", title=dict(text=t("mass")), nticks=3,
                    rangemode="tozero", showline=True, linecolor="#999"),
        bargap=0.1, showlegend=True,
    )
    layout.update(hovermode="closest", margin=dict(l=70, r=80, t=80, b=60))
    return house_figure(data, layout, title, col_title or t("to: bin of Q"),
                   row_title or t("from: bin of P"), height,
                   axes=("xaxis", "yaxis", "xaxis2", "yaxis2"))


# ------------------------------------------------------------------------------------------------
# The moves: arrows (1-D piles) and lines (2-D points)


def _segment_traces(x0, y0, x1, y1, mass, top_width: float, name: str,
                    arrows: bool = False) -> list[dict]:
    """Straight segments (x0, y0) → (x1, y1), one trace per width class (width ∝ mass, in
    :data:`WIDTH_CLASSES` steps), so that hundreds of segments cost a handful of traces. With
    ``arrows`` each segment ends in an arrowhead (a marker pointing along the segment)."""
    traces = []
    if len(mass) == 0:
        return traces
    cls = np.minimum((mass / mass.max() * WIDTH_CLASSES).astype(int), WIDTH_CLASSES - 1)
    for c in range(WIDTH_CLASSES):
        sel = np.flatnonzero(cls == c)
        if sel.size == 0:
            continue
        width = 0.6 + (top_width - 0.6) * (c + 1) / WIDTH_CLASSES
        xs = np.full(3 * sel.size, np.nan)
        ys = np.full(3 * sel.size, np.nan)
        xs[0::3], ys[0::3] = x0[sel], y0[sel]
        xs[1::3], ys[1::3] = x1[sel], y1[sel]
        tr = dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", name=name,
                  legendgroup="moves", showlegend=not traces,
                  line=dict(color="rgba(0,158,115,0.6)", width=width))
        if arrows:
            size = np.zeros(3 * sel.size)
            size[1::3] = 7 + 1.6 * width
            tr.update(mode="lines+markers",
                      marker=dict(symbol="arrow", angleref="previous", size=size,
                                  color="rgba(0,158,115,0.9)", line=dict(width=0)))
        traces.append(tr)
    return traces


def arrows_figure(x: np.ndarray, p: np.ndarray, q: np.ndarray, moves: Moves, title: str,
                  height: int = 440) -> go.Figure:
    """P's pile standing on a line at the top, Q's pile hanging from a line at the bottom (mirror
    image), and one arrow per move from x_i (P) to x_j (Q) whose width follows its mass.
    ``moves`` holds the largest moves first; at most :data:`MAX_ARROWS` are drawn."""
    top = float(max(p.max(), q.max())) or 1.0
    up, gap = 1.0, 1.0  # P's bars stand on y = 1; Q's hang from y = 0; height 1 = the top mass
    k = min(len(moves.mass), MAX_ARROWS)
    src, dst, mass = moves.src[:k], moves.dst[:k], moves.mass[:k]
    data = [
        dict(type="bar", x=x, y=p / top, base=up, width=0.8, marker_color=COLORS["P"],
             name=t("P (earth to move)"), customdata=p,
             hovertemplate=t("P at x = %{x}: mass %{customdata:.4f}") + "<extra></extra>"),
        dict(type="bar", x=x, y=-q / top, base=up - gap, width=0.8, marker_color=COLORS["Q"],
             name=t("Q (holes to fill)"), customdata=q,
             hovertemplate=t("Q at x = %{x}: mass %{customdata:.4f}") + "<extra></extra>"),
    ]
    top_w = float(np.clip(40.0 / np.sqrt(max(k, 1)), 1.5, 9.0))  # many arrows: thinner
    data += _segment_traces(x[src], np.full(k, up - 0.02), x[dst], np.full(k, up - gap + 0.06),
                            mass, top_w, t("moves (width = mass)"), arrows=True)
    if k:  # invisible markers halfway along each arrow carry its numbers for the hover
        data.append(dict(
            type="scatter", x=0.5 * (x[src] + x[dst]), y=np.full(k, up - gap / 2),
            mode="markers", marker=dict(size=12, color="rgba(0,158,115,0.01)"),
            showlegend=False, customdata=np.stack([x[src], x[dst], mass], axis=1),
            hovertemplate=t("%{customdata[0]} → %{customdata[1]}: mass %{customdata[2]:.4f}")
            + "<extra></extra>"))
    ticks = [0.0, 0.5, 1.0]
    layout = dict(
        barmode="overlay", hovermode="closest",
        annotations=[
            dict(text="P", x=x[0] - 0.55, y=up + 0.9, showarrow=False,
                 font=dict(color=COLORS["P"], size=18)),
            dict(text="Q", x=x[0] - 0.55, y=up - gap - 0.9, showarrow=False,
                 font=dict(color=COLORS["Q"], size=18)),
        ],
        yaxis=dict(tickvals=[up + v for v in ticks] + [up - gap - v for v in ticks],
                   ticktext=[f"{top * v:.2f}" for v in ticks + ticks],
                   range=[up - gap - 1.12, up + 1.12]),
        xaxis=dict(tickmode="array", tickvals=x if len(x) <= 15 else x[::2],
                   range=[x[0] - 0.7, x[-1] + 0.7]),
    )
    return house_figure(data, layout, title, t("position x (units)"),
                   t("mass per bin (P above, Q below)"), height)


def lines_figure(x: np.ndarray, a: np.ndarray, y: np.ndarray, b: np.ndarray, moves: Moves,
                 title: str, height: int = 470) -> go.Figure:
    """Two weighted point sets (marker area ∝ weight) and one line per move whose width follows
    its mass (grouped into a few widths so that hundreds of lines stay fast)."""
    k = min(len(moves.mass), MAX_ARROWS * 4)
    src, dst = moves.src[:k], moves.dst[:k]
    top_w = float(np.clip(40.0 / np.sqrt(max(k, 1)), 1.5, 8.0))  # many lines: thinner
    data = _segment_traces(x[src, 0], x[src, 1], y[dst, 0], y[dst, 1], moves.mass[:k], top_w,
                           t("moves (width = mass)"))
    for name, pts, w in (("P", x, a), ("Q", y, b)):
        top = float(np.clip(70.0 / np.sqrt(len(w)), 7.0, 24.0))  # many points: smaller
        data.append(dict(
            type="scatter", x=pts[:, 0], y=pts[:, 1], mode="markers", name=name,
            marker=dict(color=COLORS[name], size=3 + (top - 3) * np.sqrt(w / w.max()),
                        opacity=0.85, line=dict(color="white", width=0.5)),
            customdata=np.stack([np.arange(len(w)), w], axis=1),
            hovertemplate=name + " #%{customdata[0]}: (%{x:.2f}, %{y:.2f}), " + t("mass")
            + " %{customdata[1]:.4f}<extra></extra>"))
    return house_figure(data, dict(yaxis=dict(scaleanchor="x", scaleratio=1), hovermode="closest"),
                   title, t("x (units)"), t("y (units)"), height)


# ------------------------------------------------------------------------------------------------
# 1-D: the CDFs and the area between them


def cdf_figure(cdf: CdfArea, title: str, height: int = 380) -> go.Figure:
    """F_P and F_Q as step functions, the area between them shaded: that area is W1."""
    x = cdf.x
    xs = np.concatenate([[x[0] - 1.0], x, [x[-1] + 1.0]])
    fp = np.concatenate([[0.0], cdf.F_p, [1.0]])
    fq = np.concatenate([[0.0], cdf.F_q, [1.0]])
    data = [
        dict(type="scatter", x=xs, y=fp, mode="lines", line_shape="hv", name="F_P",
             line=dict(color=COLORS["P"], width=3)),
        dict(type="scatter", x=xs, y=fq, mode="lines", line_shape="hv", name="F_Q",
             line=dict(color=COLORS["Q"], width=3), fill="tonexty",
             fillcolor="rgba(0,158,115,0.30)"),
        dict(type="scatter", x=[None], y=[None], mode="markers", name=t("area = W1"),
             marker=dict(color="rgba(0,158,115,0.45)", size=12, symbol="square")),
    ]
    return house_figure(data, dict(yaxis=dict(range=[-0.03, 1.05]), legend=dict(traceorder="normal")),
                   title, t("position x (units)"), t("cumulative mass F(x)"), height)


# ------------------------------------------------------------------------------------------------
# The earth moving: plotly frames, played in the browser


def _animation_layout(names: list[str], frame_ms: int = 120) -> dict:
    """Play/pause buttons and a time slider whose steps are the frames (all in the browser)."""
    still = dict(frame=dict(duration=0, redraw=False), transition=dict(duration=0),
                 mode="immediate")
    return dict(
        updatemenus=[dict(
            type="buttons", direction="left", showactive=False, x=0.0, y=-0.24, xanchor="left",
            yanchor="top", pad=dict(r=8, t=0),
            buttons=[
                dict(label=t("▶ Play"), method="animate",
                     args=[None, dict(frame=dict(duration=frame_ms, redraw=False),
                                      transition=dict(duration=0), fromcurrent=True,
                                      mode="immediate")]),
                dict(label=t("❚❚ Pause"), method="animate", args=[[None], still]),
            ],
        )],
        sliders=[dict(
            active=0, x=0.0, len=1.0, y=-0.42, yanchor="top", pad=dict(t=0, b=0, l=0, r=0),
            currentvalue=dict(prefix=t("time t = "), visible=True, xanchor="right"),
            steps=[dict(method="animate", label=nm, args=[[nm], still]) for nm in names],
        )],
        hovermode="closest", margin=dict(l=60, r=20, t=70, b=190),
    )


FRAME_MS = {"slow": 240, "normal": 120, "fast": 45}
"""Milliseconds per frame of the earth-moving animations: 51 frames play in about 12 s, 6 s or
2.3 s (the page's speed control)."""


def earth_animation_figure(s: np.ndarray, profiles: np.ndarray, times: np.ndarray,
                           x: np.ndarray, p: np.ndarray, q: np.ndarray, title: str,
                           height: int = 520, frame_ms: int = FRAME_MS["normal"]) -> go.Figure:
    """The earth moving in 1-D: P's and Q's histograms as dashed outlines and the moving earth
    (``profiles``, one row per time) as a filled curve, with play/pause and a time slider."""
    edges = np.concatenate([x - 0.5, [x[-1] + 0.5]])
    data = [dict(type="scatter", x=edges, y=np.concatenate([w, [w[-1]]]), mode="lines",
                 line_shape="hv", name=_role(name),
                 line=dict(color=COLORS[name], width=2.5, dash=dash))
            for name, w, dash in (("P", p, "dot"), ("Q", q, "dash"))]
    data.append(dict(type="scatter", x=s, y=profiles[0], mode="lines",
                     name=t("earth on the move"), line=dict(color=COLORS["plan"], width=1.5),
                     fill="tozeroy", fillcolor=PLAN_FILL))
    names = [f"{v:.2f}" for v in times]
    prof32 = np.asarray(profiles, dtype=np.float32)  # 51 frames: float32 halves the bytes
    frames = [dict(name=nm, data=[dict(type="scatter", y=prof)], traces=[2])
              for nm, prof in zip(names, prof32)]
    top = float(max(profiles.max(), p.max(), q.max()))
    layout = _animation_layout(names, frame_ms)
    layout["yaxis"] = dict(range=[0, top * 1.12])
    return house_figure(data, layout, title, t("position x (units)"),
                   t("earth per unit length (mass/unit)"), height, frames=frames)


def points_animation_figure(positions: np.ndarray, mass: np.ndarray, times: np.ndarray,
                            x: np.ndarray, y: np.ndarray, title: str,
                            height: int = 560, frame_ms: int = FRAME_MS["normal"]) -> go.Figure:
    """The earth moving in 2-D: each clod (a non-zero γᵢⱼ, marker area ∝ mass) travels in a
    straight line from its P point to its Q point; P and Q stay as faint markers."""
    data = [dict(type="scatter", x=pts[:, 0], y=pts[:, 1], mode="markers", name=_role(name),
                 marker=dict(color=COLORS[name], size=7, opacity=0.35))
            for name, pts in (("P", x), ("Q", y))]
    top = float(np.clip(70.0 / np.sqrt(len(mass)), 6.0, 22.0))
    data.append(dict(type="scatter", x=positions[0, :, 0], y=positions[0, :, 1],
                     mode="markers", name=t("earth on the move"),
                     marker=dict(color=COLORS["plan"],
                                 size=3 + (top - 3) * np.sqrt(mass / mass.max()),
                                 opacity=0.8, line=dict(color="white", width=0.5))))
    names = [f"{v:.2f}" for v in times]
    pos32 = np.asarray(positions, dtype=np.float32)  # half the bytes; far finer than a pixel
    frames = [dict(name=nm, data=[dict(type="scatter", x=pos[:, 0], y=pos[:, 1])], traces=[2])
              for nm, pos in zip(names, pos32)]
    allp = np.concatenate([x, y])
    pad = 0.1 * float(np.ptp(allp, axis=0).max() or 1.0)
    layout = _animation_layout(names, frame_ms)
    layout["xaxis"] = dict(range=[allp[:, 0].min() - pad, allp[:, 0].max() + pad])
    layout["yaxis"] = dict(range=[allp[:, 1].min() - pad, allp[:, 1].max() + pad],
                           scaleanchor="x", scaleratio=1)
    return house_figure(data, layout, title, t("x (units)"), t("y (units)"), height, frames=frames)

"""Bring your own data: upload a CSV or draw points by clicking, in one call for a page.

::

    from app.byod import user_points

    mine = user_points("js.q", dims=1, role=t("Q"))          # 1-D samples, or None
    if mine is not None:
        q_samples = mine                                      # use them instead of the family

    real = user_points("live.real", dims=2, role=t("the real data"), bounds=(-2, 2))

The call draws an expander "Use your own data for {role}" with three choices: the page's built-in
data (the default: the call returns ``None``), "Upload a CSV" (parsed by
:func:`divergences.userdata.parse_points`: size and row caps, numbers only, NaN/∞ rows dropped with
a notice, a clear message for anything else; nothing is executed or unpickled) and "Draw by
clicking" (a grid of faint dots over the plane, or over the x axis for 1-D samples: clicking a dot
adds a point there, a box or lasso selection adds every dot inside it; "Undo" and "Clear").

It returns a float array, shape (n,) for ``dims=1`` or (n, 2) for ``dims=2``, once at least two
points are there, else ``None``. Points live in ``st.session_state["byod.<key>.*"]`` only: this
session, never the URL, never shared with another session. The student can download them as CSV.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from app.chart_text import spoken_chart
from app.i18n import t, t_msg
from app.style import COLORS, style_figure
from divergences.userdata import MAX_BYTES, UserDataError, parse_points, points_csv

SOURCES = ("builtin", "upload", "draw")
GRID_2D = 31  # dots per side of the 2-D drawing grid
GRID_1D = 61  # columns of the 1-D drawing strip
ROWS_1D = 10
MAX_DRAWN = 2000


def _k(key: str, what: str) -> str:
    return f"byod.{key}.{what}"


def grid_points(dims: int, bounds: tuple[float, float]) -> np.ndarray:
    """The clickable dots: a GRID_2D x GRID_2D lattice (2-D) or GRID_1D columns x ROWS_1D rows
    (1-D; only x counts)."""
    lo, hi = bounds
    if dims == 2:
        g = np.round(np.linspace(lo, hi, GRID_2D), 10)  # (-3, 3): steps of 0.2
        gx, gy = np.meshgrid(g, g)
        return np.column_stack([gx.ravel(), gy.ravel()])
    xs = np.round(np.linspace(lo, hi, GRID_1D), 10)  # (-3, 3): steps of 0.1
    gx, gy = np.meshgrid(xs, np.arange(ROWS_1D) + 0.5)
    return np.column_stack([gx.ravel(), gy.ravel()])


def selected_points(state, dims: int) -> list:
    """The points a plotly selection event adds: the dots of the grid (trace 0) that were clicked
    or boxed/lassoed; x only for 1-D."""
    try:
        pts = state["selection"]["points"]
    except (KeyError, TypeError):
        return []
    out = []
    for p in pts or []:
        if p.get("curve_number", 0) != 0 or p.get("x") is None:
            continue
        if dims == 1:
            out.append(float(p["x"]))
        elif p.get("y") is not None:
            out.append((float(p["x"]), float(p["y"])))
    return out


def _stacked_y(xs: np.ndarray) -> np.ndarray:
    """Heights that stack equal 1-D samples into a dot plot (0.5, 1.5, ...)."""
    ys, seen = np.empty(len(xs)), {}
    for i, x in enumerate(np.round(xs, 9)):
        ys[i] = seen.get(x, 0) + 0.5
        seen[x] = seen.get(x, 0) + 1
    return ys


def _canvas_figure(points: np.ndarray, dims: int, bounds, role: str) -> go.Figure:
    grid = grid_points(dims, bounds)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=grid[:, 0], y=grid[:, 1], mode="markers", name=t("click to add"),
                             marker=dict(size=8, color="rgba(120,120,120,0.22)"),
                             hovertemplate=t("add a point at x = %{x:.2f}") + "<extra></extra>"
                             if dims == 1 else
                             t("add a point at (%{x:.2f}, %{y:.2f})") + "<extra></extra>"))
    if len(points):
        py = _stacked_y(points) if dims == 1 else points[:, 1]
        px = points if dims == 1 else points[:, 0]
        fig.add_trace(go.Scatter(x=px, y=py, mode="markers", name=t("your points"),
                                 marker=dict(size=11, color=COLORS["P"],
                                             line=dict(width=1, color="#fff")),
                                 hoverinfo="skip"))
    title = t("Click the grey dots to add points for {role}", role=role)
    y_title = t("stack of samples (count)") if dims == 1 else t("y (units)")
    style_figure(fig, title, t("x (units)"), y_title, height=520 if dims == 2 else 320)
    # "closest" hover (not the house "x unified") so that a click picks one dot; plotly's default
    # drag and click modes: Streamlit's selection events break with dragmode="select" here.
    fig.update_layout(hovermode="closest", showlegend=False)
    if dims == 2:
        fig.update_yaxes(scaleanchor="x", scaleratio=1, constrain="domain")
        fig.update_xaxes(constrain="domain")
    else:
        top = max(ROWS_1D, float(_stacked_y(points).max()) + 0.5 if len(points) else 0)
        fig.update_yaxes(range=[0, top + 0.5])
    return fig


def _upload(key: str, dims: int) -> None:
    up = st.file_uploader(
        t("CSV file: one column of samples") if dims == 1 else
        t("CSV file: two columns, x and y"),
        type=["csv", "txt"], key=f"w.{_k(key, 'file')}", max_upload_size=1,
        help=t("Numbers only, at most {mb} MB and 20 000 rows; an optional header row. Rows with "
               "empty, NaN or infinite cells are dropped.", mb=MAX_BYTES // 1_000_000))
    store = _k(key, "upload")
    if up is None:
        st.session_state.pop(store, None)
        return
    kept = st.session_state.get(store)
    if kept is None or kept["file_id"] != up.file_id:
        try:
            data = parse_points(up.getvalue(), dims)
            kept = {"file_id": up.file_id, "name": up.name, "points": data.values,
                    "dropped": data.dropped, "error": None}
        except UserDataError as exc:
            kept = {"file_id": up.file_id, "name": up.name, "points": None, "dropped": 0,
                    "error": exc.message}
        st.session_state[store] = kept
    if kept["error"] is not None:
        st.error(t("Could not use “{name}”: {why}", name=kept["name"][:60],
                   why=t_msg(kept["error"])), icon=":material/error:")
        return
    if kept["dropped"]:
        st.warning(t("Dropped {k} rows with empty, NaN or infinite cells.", k=kept["dropped"]),
                   icon=":material/filter_alt:")


def _draw(key: str, dims: int, bounds, role: str) -> None:
    store, counter = _k(key, "draw"), _k(key, "canvas_n")
    pts = st.session_state.get(store)
    if pts is None:
        pts = np.empty((0,) if dims == 1 else (0, 2))
    n = st.session_state.get(counter, 0)
    ckey = f"w.{_k(key, 'canvas')}.{n}"
    added = selected_points(st.session_state.get(ckey), dims)
    if added:  # a click (or box) on the previous canvas: add, then show a fresh canvas
        new = np.asarray(added, dtype=float).reshape((-1,) if dims == 1 else (-1, 2))
        pts = np.concatenate([pts, new])[:MAX_DRAWN]
        st.session_state[store] = pts
        st.session_state[counter] = n = n + 1
        ckey = f"w.{_k(key, 'canvas')}.{n}"
    spoken_chart(st, _canvas_figure(pts, dims, bounds, role), key=ckey, on_select="rerun",
                    selection_mode=("points", "box", "lasso"), width="stretch",
                    config={"displaylogo": False})
    c1, c2, c3 = st.columns(3)
    c1.button(t("Undo last point"), key=_k(key, "undo"), disabled=not len(pts),
              icon=":material/undo:", on_click=_edit_drawn, args=(store, "undo"))
    c2.button(t("Clear points"), key=_k(key, "clear"), disabled=not len(pts),
              icon=":material/delete:", on_click=_edit_drawn, args=(store, "clear"))
    c3.caption(t("Points drawn: {n}", n=len(pts)))


def _edit_drawn(store: str, action: str) -> None:
    """Button callback (runs before the rerun, so the canvas shows the result at once)."""
    pts = st.session_state.get(store)
    if pts is not None and len(pts):
        st.session_state[store] = pts[:-1] if action == "undo" else pts[:0]


def current_points(key: str, min_points: int = 2) -> np.ndarray | None:
    """The points ``user_points(key, ...)`` returned last (None when built-in data is used or
    there are fewer than ``min_points``)."""
    source = st.session_state.get(f"w.{_k(key, 'source')}", "builtin")
    if source == "upload":
        kept = st.session_state.get(_k(key, "upload")) or {}
        pts = kept.get("points")
    elif source == "draw":
        pts = st.session_state.get(_k(key, "draw"))
    else:
        return None
    return pts if pts is not None and len(pts) >= max(2, min_points) else None


def user_points(key: str, dims: int, *, role: str = "P", label: str | None = None,
                bounds: tuple[float, float] = (-3.0, 3.0), expanded: bool = False,
                min_points: int = 2):
    """Let the student upload or draw points for ``role``; returns them (or None), see module doc.

    ``key``: page-prefixed ("js.q"); ``dims``: 1 (samples) or 2 (x, y points); ``bounds``: the
    range of the drawing grid on each axis (units of the page's x axis); ``min_points``: fewer
    than this many points and the page keeps its own data (and says so)."""
    if dims not in (1, 2):
        raise ValueError("dims must be 1 or 2")
    names = {"builtin": t("The page's data"), "upload": t("Upload a CSV"),
             "draw": t("Draw by clicking")}
    active = current_points(key, min_points) is not None
    with st.expander(label or t("Use your own data for {role}", role=role),
                     expanded=expanded or active, icon=":material/upload_file:"):
        source = st.radio(t("Data for {role}", role=role), SOURCES, format_func=names.get,
                          key=f"w.{_k(key, 'source')}", horizontal=True)
        if source == "upload":
            _upload(key, dims)
        elif source == "draw":
            _draw(key, dims, bounds, role)
        pts = current_points(key, min_points)
        if pts is not None:
            st.success(t("Using {n} of your points as {role}.", n=len(pts), role=role),
                       icon=":material/check:")
            st.download_button(t("Download these points (CSV)"), points_csv(pts).encode(),
                               file_name=f"{key.replace('.', '-')}-points.csv", mime="text/csv",
                               key=_k(key, "csv"), on_click="ignore", icon=":material/download:")
        elif source != "builtin":
            st.caption(t("At least {k} points are needed; until then the page uses its own data.",
                         k=max(2, min_points)))
    return pts

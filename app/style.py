"""One plotly style for every chart: fonts, sizes, and one colour per quantity.

The same colour means the same thing on every page: P is blue, Q orange, JS red, W1 green, and
so on (Okabe–Ito palette, readable by colour-blind students and on projectors).

Presentation mode (``?present=1``, see :mod:`app.shell`) sets ``st.session_state["presenting"]``;
:func:`style_figure` reads it and makes fonts, lines and markers bigger. Do not cache a styled
figure with ``st.cache_data`` (cache the numbers, build the figure each run), or the flag is lost.
"""

from __future__ import annotations

import copy
import functools

import plotly.graph_objects as go
import streamlit as st

COLORS = {
    "P": "#0072B2",  # blue
    "Q": "#E69F00",  # orange
    "JS": "#D55E00",  # vermillion
    "W1": "#009E73",  # green
    "KL_PQ": "#CC79A7",  # purple-pink
    "KL_QP": "#8C6BB1",  # violet
    "TV": "#56B4E9",  # sky blue
    "overlap": "#7F7F7F",
    "ref": "#444444",
    "plan": "#009E73",
    "GAN": "#D55E00",
    "WGAN": "#009E73",
}
FONT = dict(family="Inter, 'Noto Sans CJK SC', 'Source Sans Pro', sans-serif", size=14)


def style_figure(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 360):
    """Apply the house style: a title, axis titles (with units), legend on top, white background.

    No plotly template is named here: ``template="plotly_white"`` costs 60–150 ms per figure
    (plotly deep-copies and validates the whole template), which alone broke the 100 ms rerun
    budget. Streamlit's own chart theme gives the light look; the few settings we want on top of
    it (white plot area, light grid) are set directly.
    """
    fig.update_layout(
        title=dict(text=title, x=0.0, xanchor="left", font=dict(size=17)),
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        font=FONT,
        height=height,
        margin=dict(l=60, r=20, t=70, b=55),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
        hovermode="x unified",
    )
    fig.update_xaxes(title_text=x_title, showline=True, linecolor="#999", mirror=False,
                     gridcolor="#E5E9F0")
    fig.update_yaxes(title_text=y_title, showline=True, linecolor="#999", zeroline=False,
                     gridcolor="#E5E9F0")
    if is_presenting():
        present_figure(fig)
    return fig


def legend_below(fig: go.Figure, rows: int = 1, grow: bool = False,
                 font_size: int | None = None) -> go.Figure:
    """Put a long legend under the plot, where it cannot cover the title: horizontal, from the
    left, below the x-axis title, with a bottom margin for ``rows`` rows of entries. With ``grow``
    the figure gets taller by as much, so that the plot itself keeps its height."""
    extra = 25 * rows
    legend = dict(orientation="h", yanchor="top", y=-0.2 - 0.02 * rows, xanchor="left", x=0.0)
    if font_size is not None:
        legend["font"] = dict(size=font_size)
    fig.update_layout(legend=legend, margin=dict(b=90 + extra))
    if grow:
        fig.update_layout(height=(fig.layout.height or 360) + extra)
    return fig


PRESENT_KEY = "presenting"
PRESENT_SCALE = 1.6  # lines and markers
PRESENT_FONT = 22  # base font size in presentation mode (title: +6)
PRESENT_HEIGHT = 1.25  # taller charts


def is_presenting() -> bool:
    """True while the session is in presentation mode (False outside a Streamlit run)."""
    try:
        return bool(st.session_state.get(PRESENT_KEY, False))
    except Exception:
        return False


def _scaled(v, k: float):
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return v * k
    try:
        return [x * k if isinstance(x, (int, float)) else x for x in v]
    except TypeError:
        return v


def present_figure(fig: go.Figure) -> go.Figure:
    """Make ``fig`` readable from the back of a room: bigger fonts, thicker lines, bigger markers."""
    fig.update_layout(font=dict(size=PRESENT_FONT),
                      title=dict(font=dict(size=PRESENT_FONT + 6)),
                      margin=dict(l=80, r=30, t=90, b=75))
    if fig.layout.height:  # room for the bigger text
        fig.layout.height = int(fig.layout.height * PRESENT_HEIGHT)
    for tr in fig.data:
        line = getattr(tr, "line", None)
        if line is not None and "width" in line:
            tr.line.width = _scaled(line.width if line.width is not None else 2, PRESENT_SCALE)
        marker = getattr(tr, "marker", None)
        if marker is not None and "size" in marker:
            tr.marker.size = _scaled(marker.size if marker.size is not None else 6, PRESENT_SCALE)
    for ann in fig.layout.annotations or ():
        ann.font.size = PRESENT_FONT - 2
    return fig


# ---- a chart and its θ layer ----------------------------------------------------------------------
CLEAR = "rgba(0,0,0,0)"
_DATA_KEYS = ("x", "y", "x0", "dx", "y0", "dy", "text", "customdata", "hovertemplate", "hovertext")


def no_template(spec: dict) -> dict:
    """``spec`` without plotly's default template (an empty one, so that a figure made from it
    does not get the default back): 3.5 KB of trace-type defaults that a chart whose every
    trace has its own colours never uses; Streamlit's chart theme styles it in the browser."""
    spec.setdefault("layout", {})["template"] = {}
    return spec


def fixed_axes(spec: dict) -> dict:
    """Turn off zoom and pan on every axis of ``spec`` (hover still works): a chart with a
    layer stacked over it must keep the frame both were drawn in."""
    for k, ax in spec["layout"].items():
        if k.startswith(("xaxis", "yaxis")) and isinstance(ax, dict):
            ax["fixedrange"] = True
    return spec


def _phantom(trace: dict) -> dict:
    """``trace`` without its data and in no colour: it takes the same room in the legend."""
    tr = copy.deepcopy(trace)
    for k in _DATA_KEYS:
        tr.pop(k, None)
    tr.pop("connectgaps", None)
    tr.update(x=[None], y=[None], hoverinfo="skip")  # no point drawn, but an entry in the legend
    if "fill" in tr:
        tr["fillcolor"] = CLEAR
    for part in ("line", "marker"):
        if isinstance(tr.get(part), dict):
            tr[part]["color"] = CLEAR
            if isinstance(tr[part].get("line"), dict):
                tr[part]["line"]["color"] = CLEAR
    return tr


def layer_for(static: dict, shapes: list | None = None, annotations: list | None = None) -> dict:
    """A transparent chart to draw exactly over the chart ``static`` (:func:`app.ui.layered_chart`):
    the same layout, so that plotly lays out the same plot area (the title, the legend, the axes'
    ticks and titles are all there, in no colour, taking the same room), every trace of
    ``static`` as an empty phantom (the same legend), and only ``shapes`` and ``annotations``
    visible. Add the marks that move (dots) to its ``data``. The static chart then stays byte
    for byte the same while the layer changes, so that Streamlit sends the big chart once and a
    θ move only the small layer. Every axis of ``static`` must have its range set (the layer has
    no data to range over)."""
    unranged = [k for k, ax in static["layout"].items() if k.startswith(("xaxis", "yaxis"))
                and isinstance(ax, dict) and not ax.get("range")]
    if unranged:
        raise ValueError(f"set the range of {', '.join(unranged)}: the layer must share it")
    layout = copy.deepcopy({k: v for k, v in static["layout"].items()
                            if k not in ("shapes", "annotations")})
    layout.update(shapes=list(shapes or []), annotations=list(annotations or []),
                  paper_bgcolor=CLEAR, plot_bgcolor=CLEAR, hovermode=False, dragmode=False)
    if isinstance(layout.get("title"), dict):
        layout["title"].setdefault("font", {})["color"] = CLEAR
    layout.setdefault("legend", {}).setdefault("font", {})["color"] = CLEAR
    for k, ax in layout.items():
        if k.startswith(("xaxis", "yaxis")) and isinstance(ax, dict):
            ax.update(color=CLEAR, gridcolor=CLEAR, linecolor=CLEAR, zerolinecolor=CLEAR)
            ax.setdefault("tickfont", {})["color"] = CLEAR
            if isinstance(ax.get("title"), dict):
                ax["title"].setdefault("font", {})["color"] = CLEAR
    return fixed_axes({"data": [_phantom(tr) for tr in static["data"]
                                if tr.get("showlegend") is not False], "layout": layout})


# ---- fast figures: plain dicts, no per-property validation -------------------------------------
VALIDATE = False
"""Whether :func:`fast_figure` lets plotly check every property. Off in the app: the checks cost
most of a rerun (several times the build itself) and change nothing in a figure built from
dicts of a validated one; tests switch it on and compare (tests/test_page_earth_mover.py)."""


def fast_figure(spec: dict) -> go.Figure:
    """A figure from a plain dict (``data``, ``layout``, ``frames``), e.g. one that came from a
    validated figure's ``to_dict()``, without plotly's validation unless :data:`VALIDATE`."""
    if VALIDATE:
        return go.Figure(spec)
    return go.Figure(spec, _validate=False)


@functools.lru_cache(maxsize=64)
def _house_layout(height: int, presenting: bool) -> dict:
    """:func:`style_figure`'s layout as a dict, computed once per height and mode (applying it to
    every new figure costs tens of milliseconds a rerun)."""
    fig = style_figure(go.Figure(), "", "", "", height=height)  # reads the mode itself
    return fig.layout.to_plotly_json()


def _merge(base: dict, extra: dict) -> dict:
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _merge(base[k], v)
        else:
            base[k] = v
    return base


def house_figure(data: list[dict], layout: dict, title: str, x_title: str, y_title: str,
                 height: int, frames: list[dict] | None = None,
                 axes: tuple[str, ...] = ("xaxis", "yaxis"), legend_below: int = 0) -> go.Figure:
    """A figure in the house style from plain trace dicts, built in one step: the style's layout
    (title, axis titles with units, fonts, legend) merged under the figure's own ``layout``, then
    :func:`fast_figure`. ``axes`` are the axes that take the style of x or y (e.g. "xaxis2");
    only "xaxis" and "yaxis" get ``x_title`` and ``y_title``. ``legend_below`` > 0 puts the
    legend under the plot (half-width charts, where a legend on top covers the title) and makes
    the bottom margin and the figure that many pixels taller."""
    house = copy.deepcopy(_house_layout(height, is_presenting()))
    if legend_below:
        house["legend"] = dict(orientation="h", x=0.0, xanchor="left", y=-0.3, yanchor="top")
        house["margin"]["b"] = house["margin"].get("b", 55) + legend_below
        house["height"] = house.get("height", height) + legend_below
    house["title"]["text"] = title
    for name in axes:
        style = copy.deepcopy(house["xaxis" if name.startswith("x") else "yaxis"])
        style.setdefault("title", {})["text"] = ""
        house[name] = style
    house["xaxis"]["title"]["text"] = x_title
    house["yaxis"]["title"]["text"] = y_title
    spec = {"data": data, "layout": _merge(house, layout)}
    if frames is not None:
        spec["frames"] = frames
    return fast_figure(spec)

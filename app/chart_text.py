"""Every chart speaks (issue 23): the text a screen reader reads for a plotly chart.

Streamlit 1.67's ``st.plotly_chart(..., alt=...)`` puts ``role="figure"`` and ``aria-label`` on
the chart's container; :func:`alt_text` writes that label from the figure itself, so that it
always says what the chart shows and changes with it:

* what the chart is: its title, and its axes with their units;
* its key values: every marked point (the dots a θ layer puts on each curve, a sample, a
  critic's value at θ), "JS 0.693, W1 2.5 at θ (units) = 2.5"; and for a chart without marked
  points, what each curve spans ("W1 from 0 to 6").

A layered chart (:func:`app.ui.layered_chart`) is two charts: the static one says what the chart
is (the same text at every θ, so the browser keeps its cached copy), the layer over it says the
values at θ. Figures are plotly ``Figure`` objects or their dicts.
"""

from __future__ import annotations

import re

import numpy as np

from app.i18n import t

MAX_POINTS = 6
"""A trace with at most this many finite points is read point by point (a marked value)."""
MAX_TRACES = 8
"""At most this many traces are read (the legend's first ones)."""
_TAG = re.compile(r"<[^>]+>")


def _get(obj, *path):
    """``obj.path[0].path[1]...`` for a plotly object or a dict; None where it stops."""
    for name in path:
        if obj is None:
            return None
        if isinstance(obj, dict):
            obj = obj.get(name)
        else:
            try:
                obj = getattr(obj, name)
            except (AttributeError, ValueError):
                return None
    return obj


def _plain(text) -> str:
    if not isinstance(text, str):
        return ""
    return " ".join(_TAG.sub(" ", text.replace("<br>", " ")).split())


def _floats(values) -> np.ndarray | None:
    """``values`` as floats (None → NaN), or None when they are not numbers (categories)."""
    if values is None:
        return None
    try:
        return np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        return None


def _fmt(v: float) -> str:
    return f"{v:.3g}".replace("e+0", "e").replace("e-0", "e-")


def _layout_and_data(fig):
    if isinstance(fig, dict):
        return fig.get("layout") or {}, list(fig.get("data") or [])
    layout = getattr(fig, "layout", None)
    return (layout.to_plotly_json() if layout is not None else {},
            list(getattr(fig, "data", None) or []))


def _values(data) -> tuple[list[tuple[str, str]], list[str]]:
    """(marked points as ("name y, name y", x) grouped by x, curves as "name from a to b")."""
    points: dict[str, list[str]] = {}
    spans: list[str] = []
    for tr in data[:40]:
        name = _plain(_get(tr, "name"))
        ys = _floats(_get(tr, "y"))
        if not name or ys is None:
            continue
        ok = np.isfinite(ys)
        n = int(ok.sum())
        if n == 0:
            continue
        if n <= MAX_POINTS and "markers" in str(_get(tr, "mode") or "markers"):
            xs = _floats(_get(tr, "x"))
            for i in np.flatnonzero(ok)[:2]:
                x = xs[i] if xs is not None and i < xs.size and np.isfinite(xs[i]) else None
                points.setdefault("" if x is None else _fmt(float(x)), []).append(
                    f"{name} {_fmt(float(ys[i]))}")
        elif len(spans) < MAX_TRACES:
            spans.append(t("{name} from {lo} to {hi}", name=name, lo=_fmt(float(ys[ok].min())),
                           hi=_fmt(float(ys[ok].max()))))
    return [(", ".join(v[:MAX_TRACES]), x) for x, v in points.items()], spans


def _axis_titles(layout, letter: str) -> str:
    """The titles of the ``letter`` axes (x: xaxis, xaxis2, ...), the distinct ones, joined."""
    names = [k for k in layout if re.fullmatch(letter + r"axis\d*", k)]
    names.sort(key=lambda k: int(k[5:] or 1))
    seen: list[str] = []
    for k in names:
        text = _plain(_get(layout, k, "title", "text"))
        if text and text not in seen:
            seen.append(text)
    return "; ".join(seen)


def alt_text(fig) -> str:
    """The accessible name and short description of ``fig``: title, axes, and its marked points
    or its curves' spans. Never empty: a chart with no title is "Chart"."""
    layout, data = _layout_and_data(fig)
    title = _plain(_get(layout, "title", "text")) or t("Chart")
    parts = [title]
    x_title, y_title = _axis_titles(layout, "x"), _axis_titles(layout, "y")
    if x_title and y_title:
        parts.append(t("Horizontal axis: {x}; vertical axis: {y}", x=x_title, y=y_title))
    elif x_title or y_title:
        parts.append(t("Axis: {a}", a=x_title or y_title))
    points, spans = _values(data)
    if points:
        where = t("at {x} =", x=x_title) if x_title else t("at x =")
        parts.append(t("Marked: {v}", v="; ".join(f"{v} ({where} {x})" if x else v
                                                      for v, x in points)))
    elif spans:
        parts.append("; ".join(spans))
    return ". ".join(p.rstrip(".") for p in parts) + "."


def spoken_chart(where, fig, **kw):
    """``where.plotly_chart(fig, **kw)`` (``where``: ``st``, a column, a container) with
    :func:`alt_text` as its accessible name, for a chart not drawn by :func:`app.ui.chart`."""
    if not kw.get("alt"):
        kw["alt"] = alt_text(fig)
    return where.plotly_chart(fig, **kw)

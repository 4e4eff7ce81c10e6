"""A plotly chart that is updated in place: for page 6's live charts, redrawn every second or so.

``st.plotly_chart`` cannot do that in Streamlit 1.67: a chart's element id is computed from its
figure, and the browser keys the chart by that id, so a figure with new data is a NEW chart: the
old one is thrown away and the new one drawn from scratch (``Plotly.newPlot``), its layout and
every point sent again (bench_live_page: 0 of 4 charts kept, ~58 KB per update).

:func:`live_chart` is an ``st.components.v2`` component with a stable key: the browser keeps its
element, and the component's JavaScript calls ``Plotly.react`` on the same plot with the new data
(the layout stays, ``uirevision`` keeps a zoom). Per update it sends

- the trace arrays that change (``x``, ``y``, ``z``), quantised: points and curves as int16
  between their min and max (a step of 1/65 534 of the range, far below a pixel), the D/critic
  map as uint8 (254 colour levels), base64 in the JSON;
- the rest (layout, trace styles) only when it differs from what this session's browser already
  holds, by hash (the browser keeps it in a page-wide cache; a browser that lacks it, e.g. an
  update it skipped, asks for it again through the component's state, and the next run sends it).

plotly.js itself is the one Streamlit's own charts use: its plotly chunk
(``static/js/PlotlyChart.<hash>.js``, :func:`streamlit_plotly`), imported by URL, so that the
browser loads it once for ``st.plotly_chart`` and the live charts alike, even when a live chart
asks for it while Streamlit's own import is still under way (before, the live charts took
``window.Plotly`` if it was already there and otherwise fetched a second copy, 4.8 MB). Only if
this Streamlit build has no such chunk do they load the plotly package's
``package_data/plotly.min.js`` from Streamlit's component file route.

No Streamlit state of another session is read or written; what a session sent is kept in its own
``st.session_state``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import numpy as np
import streamlit as st

from app.chart_text import alt_text

from app.i18n import t

DYNAMIC_KEYS = ("x", "y", "z")
"""Trace properties sent with every update (the data); everything else is the static part."""
STATIC_UID = "static"
"""A trace whose ``uid`` starts with this is all static (e.g. the fixed sample of real points):
its data travels with the layout, once."""
MEMORY_KEY = "_dl.live_chart"
"""session_state: what this session's browser was sent: ``sent`` (chart key → hash of its static
part), ``static`` (hash → static part, the current ones only: tests decode updates with it) and
``served`` (the browser's requests for a static part already answered)."""

_ASSETS = None
_MUTED, _TICK = "rgba(31, 41, 51, 0.6)", "rgba(31, 41, 51, 0.8)"
_SANS = '"Source Sans", sans-serif'  # Streamlit's own font (loaded by the app's page)
THEME = {"layout": {
    "font": {"color": _TICK, "size": 12},
    "title": {"font": {"size": 16, "family": _SANS, "weight": "bold"}},
    "legend": {"font": {"size": 12, "color": _TICK}},
    "xaxis": {"zeroline": False, "automargin": True, "tickfont": {"size": 12, "color": _TICK},
              "title": {"font": {"size": 14, "color": _MUTED, "family": _SANS},
                        "standoff": 20}},
    "yaxis": {"zeroline": False, "automargin": True, "tickfont": {"size": 12, "color": _TICK},
              "ticklabelposition": "outside",
              "title": {"font": {"size": 14, "color": _MUTED, "family": _SANS},
                        "standoff": 24}},
}}
"""The few settings of Streamlit's chart theme (``st.plotly_chart(theme="streamlit")``, applied
by the browser to every other chart of the app) that the house style does not set itself: a
plot's own layout overrides them, as it does Streamlit's."""


def streamlit_plotly() -> str | None:
    """The path, relative to the app's base URL, of Streamlit's own plotly chunk
    (``static/js/PlotlyChart.<hash>.js``: the ES module that ``st.plotly_chart`` loads lazily and
    that sets ``window.Plotly`` when it runs), or None when this Streamlit build has no single
    such file (then the live charts fetch the plotly package's plotly.min.js instead)."""
    from streamlit import file_util

    found = sorted((Path(file_util.get_static_dir()) / "static" / "js").glob("PlotlyChart.*.js"))
    return f"static/js/{found[0].name}" if len(found) == 1 else None


def _asset_urls() -> tuple[str | None, str, str]:
    """The paths, relative to the app's base URL, of Streamlit's plotly chunk
    (:func:`streamlit_plotly`; None if there is none), of the plotly package's plotly.min.js and
    of app/assets/live_chart.js. The last two are on Streamlit's component file route
    (``/component/<name>/<file>``: served with a JavaScript content type and cached by the
    browser), from two folders declared as (never drawn) v1 components, only for that route."""
    global _ASSETS
    if _ASSETS is None:
        import plotly
        import streamlit.components.v1 as components_v1

        lib = components_v1.declare_component(
            "plotly_js", path=str(Path(plotly.__file__).parent / "package_data"))
        own = components_v1.declare_component("assets", path=str(Path(__file__).parent / "assets"))
        _ASSETS = (streamlit_plotly(), f"component/{lib.name}/plotly.min.js",
                   f"component/{own.name}/live_chart.js")
    return _ASSETS


JS = r"""
const me = document.querySelector('script[src*="static/js/index."]');
const base = me ? me.src.slice(0, me.src.indexOf('static/js/')) : new URL('./', location.href).href;
export default function (component) {
  const url = base + component.data.module;
  return import(url).then(m => m.default(component, base));
}
"""
"""The component's own code: a stub that loads app/assets/live_chart.js (sent with every update,
so it is kept small; the module is fetched once and cached by the browser)."""


@st.cache_resource(show_spinner=False)
def _component():
    """The component, registered once per server (its code is fixed)."""
    return st.components.v2.component("dl_live_chart", js=JS, isolate_styles=False)


def quantise(a, kind: str = "i16", log: bool = False) -> dict | list:
    """An array as ``{"q": kind, "b": base64, "lo": min, "hi": max[, "shape"][, "log"]}`` (NaN
    and ±inf kept as NaN): int16 (``kind="i16"``) or uint8 (``"u8"``) steps between the finite min
    and max; ``log``: steps of log10 of the values (for a log axis: the same relative precision
    for 1e-9 and for 1; values ≤ 0 are NaN). Empty arrays stay empty lists."""
    arr = np.asarray(a, dtype=float)
    if arr.size == 0:
        return []
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            arr = np.where(arr > 0, np.log10(np.where(arr > 0, arr, 1.0)), np.nan)
    flat = arr.ravel()
    ok = np.isfinite(flat)
    lo, hi = (float(flat[ok].min()), float(flat[ok].max())) if ok.any() else (0.0, 0.0)
    top = 254 if kind == "u8" else 65534
    scaled = np.zeros(flat.shape) if hi == lo else (np.where(ok, flat, lo) - lo) / (hi - lo) * top
    q = np.rint(scaled)
    if kind == "u8":
        raw = np.where(ok, q, 255).astype(np.uint8)
    else:
        raw = np.where(ok, q - 32767, -32768).astype("<i2")
    out = {"q": kind, "b": base64.b64encode(raw.tobytes()).decode("ascii"), "lo": lo, "hi": hi}
    if arr.ndim == 2:
        out["shape"] = list(arr.shape)
    if log:
        out["log"] = 1
    return out


def dequantise(d) -> np.ndarray | list:
    """The inverse of :func:`quantise` (for tests and for reading back what was sent)."""
    if not isinstance(d, dict) or "q" not in d:
        return d
    raw = np.frombuffer(base64.b64decode(d["b"]), dtype=np.uint8 if d["q"] == "u8" else "<i2")
    if d["q"] == "u8":
        vals = d["lo"] + raw.astype(float) * (d["hi"] - d["lo"]) / 254
        vals[raw == 255] = np.nan
    else:
        vals = d["lo"] + (raw.astype(float) + 32767) * (d["hi"] - d["lo"]) / 65534
        vals[raw == -32768] = np.nan
    if d.get("log"):
        vals = 10.0 ** vals
    return vals.reshape(d["shape"]) if "shape" in d else vals


def _plain(v):
    """JSON-ready: numpy arrays and scalars as lists and floats."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _theme(font_size) -> dict:
    """:data:`THEME` with its font sizes scaled to the figure's own (bigger in presentation
    mode, where the house style's fonts grow and the theme's must not shrink them back)."""
    scale = (float(font_size) / 14.0) if isinstance(font_size, (int, float)) else 1.0
    if abs(scale - 1.0) < 1e-9:
        return THEME

    def walk(d):
        return {k: (walk(v) if isinstance(v, dict) else
                    round(v * scale, 1) if k == "size" else v) for k, v in d.items()}
    return walk(THEME)


def split(fig) -> tuple[dict, list[dict]]:
    """(static part, per-trace data) of a plotly figure: the data is every trace's ``x``, ``y``
    and ``z`` (quantised, the map ``z`` as uint8), the static part the layout and the rest of
    each trace."""
    spec = fig if isinstance(fig, dict) else {"data": [t.to_plotly_json() for t in fig.data],
                                              "layout": fig.layout.to_plotly_json()}
    traces, dyn = [], []
    lay = spec["layout"]
    logs = {ax[0] + ax[5:] for ax, v in lay.items()  # "yaxis2" → "y2"
            if ax[:5] in ("xaxis", "yaxis") and isinstance(v, dict) and v.get("type") == "log"}
    for tr in spec["data"]:
        tr = dict(tr)
        d = {}
        fixed = str(tr.get("uid", "")).startswith(STATIC_UID)
        for k in DYNAMIC_KEYS:
            if k in tr and tr[k] is not None and not isinstance(tr[k], str):
                log = k != "z" and tr.get(f"{k}axis", k) in logs
                v = quantise(tr.pop(k), "u8" if k == "z" else "i16", log=log)
                if fixed:
                    tr[k] = v
                else:
                    d[k] = v
        traces.append(_plain(tr))
        dyn.append(d)
    layout = _plain(spec["layout"])
    layout["template"] = _theme((layout.get("font") or {}).get("size"))
    return {"layout": layout, "traces": traces}, dyn


def _hash(obj) -> str:
    return hashlib.blake2b(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode(),
                           digest_size=12).hexdigest()


def payload(fig, key: str, memory: dict, need: str | None = None,
            config: dict | None = None) -> dict:
    """What the component is sent for ``fig`` under ``key``: the quantised data always; the
    static part (layout, trace styles, fixed traces) when this session's browser was not sent it
    for ``key`` yet, or when it asks for it (``need``: ``"<hash>:<n>"``, the component's state,
    each request answered once). ``memory``: this session's record (a dict in its
    ``st.session_state``)."""
    static, dyn = split(fig)
    sh = _hash(static)
    sent = memory.setdefault("sent", {})
    store = memory.setdefault("static", {})
    served = memory.setdefault("served", set())
    asked = isinstance(need, str) and need.split(":")[0] == sh and need not in served
    streamlit_js, plotly_js, module = _asset_urls()
    out = {"streamlitPlotly": streamlit_js, "plotly": plotly_js, "module": module, "sh": sh,
           "traces": dyn,
           "config": config or {}, "static": None,
           "error": t("This chart could not be drawn in your browser:")}
    if sent.get(key) != sh or asked:
        out["static"] = static
        if asked:
            if len(served) >= 64:  # bounded, whatever a client sends
                served.clear()
            served.add(need)
        sent[key] = sh
    store[sh] = static
    for h in [h for h in store if h not in sent.values()]:  # only the current ones
        del store[h]
    return out


def _need(key: str) -> str | None:
    """The browser's request for a static part (the component's ``need`` state), if any."""
    try:
        state = st.session_state[key] if key in st.session_state else None
        need = state.get("need") if state is not None else None
    except Exception:  # noqa: BLE001 - no state yet, or not the shape expected: no request
        return None
    return need if isinstance(need, str) else None


def live_chart(fig, key: str, config: dict | None = None) -> None:
    """Draw ``fig`` (a plotly figure) as a chart that later calls with the same ``key`` update in
    place (see the module docstring)."""
    memory = st.session_state.setdefault(MEMORY_KEY, {})
    data = payload(fig, key, memory, _need(key), config)
    data["alt"] = alt_text(fig)  # the chart's accessible name, its values at this update
    _component()(key=key, data=data, on_need_change=lambda: None, height="content")


def figure_of(data: dict, statics: dict) -> dict:
    """The figure a live chart's ``data`` draws (``statics``: the ``static`` of the session's
    :data:`MEMORY_KEY`), with plain lists of numbers: for tests."""
    static = data.get("static") or statics[data["sh"]]
    traces = []
    for tr, d in zip(static["traces"], data["traces"]):
        full = dict(tr)
        for k, v in {**{k: tr[k] for k in DYNAMIC_KEYS if k in tr}, **d}.items():
            arr = dequantise(v)
            full[k] = arr.tolist() if isinstance(arr, np.ndarray) else arr
        traces.append(full)
    return {"data": traces, "layout": static["layout"]}

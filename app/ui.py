"""Shared UI pieces: page intro, explanation panel, metric strip, "what to notice" line.

Classroom features, each a one-line call for a page (see also :mod:`app.predict`,
:mod:`app.byod`, :mod:`app.shell`):

* ``chart(fig, "js_sweep")`` instead of ``st.plotly_chart`` (``chart(fig, "js_sweep", left)`` in a
  column): full width, and the modebar's camera button downloads a PNG named
  ``divergence-lab-js_sweep.png`` (2x scale).
* ``csv_download(rows_or_df_or_metrics, "js_sweep.csv")``: a "Download CSV" button for a table,
  a list of dicts, a dict of columns or a list of :class:`Metric`.
* ``with advanced_controls():`` around secondary controls: an expander normally, hidden (but still
  run, so its URL settings still apply) in presentation mode. Give ``key=`` if a page has two.

Numbers are printed with their unit and how they were computed; +∞ is printed as ∞ and an
undefined value as "undefined", never as a huge finite number.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import streamlit as st

from app.chart_text import alt_text
from app.i18n import t


def fmt_value(value: float | None, digits: int = 4, *, sig: int | None = None,
              sci: tuple[float, float] | None = None, signed: bool = False, unit: str = "",
              zero_text: str | None = None, zero_tol: float = 0.0) -> str:
    """The app's one number formatter: ∞ for +inf, −∞ for −inf, "undefined" for NaN/None.

    ``digits`` decimals, or with ``sig`` that many significant digits; outside ``sci = (lo, hi)``
    (|value| < lo or ≥ hi) scientific notation with ``sig − 1`` (default 3) decimals, and with
    ``sig`` the same outside (1e-3, 1e5) unless ``sci`` says otherwise. ``zero_text`` replaces a
    value within ``zero_tol`` of 0; ``signed`` writes "+" before positives; ``unit`` follows
    after a space."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("undefined")
    value = float(value) + 0.0  # −0.0 → 0.0
    if math.isinf(value):
        text = "∞" if value > 0 else "−∞"
    elif zero_text is not None and abs(value) <= zero_tol:
        return zero_text
    elif sig is not None and value == 0:
        text = "0"
    else:
        lo, hi = sci if sci is not None else ((1e-3, 1e5) if sig is not None else (0.0, math.inf))
        plus = "+" if signed else ""
        if not lo <= abs(value) < hi:
            text = f"{value:{plus}.{(sig or 4) - 1}e}"
        elif sig is not None:
            d = max(0, sig - 1 - int(math.floor(math.log10(abs(value)))))
            text = f"{value:{plus}.{d}f}"
        else:
            text = f"{value:{plus}.{digits}f}"
    return f"{text} {unit}" if unit else text


@dataclass
class Metric:
    """One number of a metric strip: label, value, unit (e.g. "nats") and how it was computed."""

    label: str
    value: float | None
    unit: str = ""
    how: str = ""
    digits: int = 4
    text: str | None = None
    """Shown instead of the value when there is no number yet (page 6's r: "— (5/8)", evaluations
    so far / needed)."""


def metric_strip(metrics: list[Metric], per_row: int | None = None) -> None:
    """Show the metrics side by side (``per_row`` a row, default all in one row), each with its
    unit, and "how computed" as the help text. Long labels wrap (see app/shell.py's CSS)."""
    n = per_row or len(metrics)
    if n == 1:  # one a row: no columns to lay out (two blocks a metric fewer to send)
        for m in metrics:
            _metric(st, m)
        return
    for start in range(0, len(metrics), n):
        row = metrics[start:start + n]
        cols = st.columns(n)
        for col, m in zip(cols, row):
            _metric(col, m)


def _metric(where, m: Metric) -> None:
    shown = m.text if m.text is not None else fmt_value(m.value, m.digits)
    if m.text is None and m.unit and shown not in (t("undefined"),):
        shown = f"{shown} {m.unit}"
    where.metric(m.label, shown, help=m.how or None, border=True)


def page_intro(title: str, intro: str) -> None:
    """The page title and a few sentences that say what the page is for: shown under the title
    normally, folded into "About this page" in presentation mode (the teacher says it), so that
    the experiment starts on the first screen of a projector."""
    from app.style import is_presenting

    if is_presenting():
        head, about = st.columns([3, 2], vertical_alignment="center")
        head.title(title)
        with about.expander(t("About this page"), icon=":material/info:"):
            st.markdown(intro)
    else:
        st.title(title)
        st.caption(intro)


def lead_in() -> list:
    """The row above the experiment: two columns for the folded boxes (predict first, why?),
    each one line high while folded. ``ask, why = lead_in()``."""
    return st.columns([3, 2], gap="small")


def experiment(ratio: tuple[float, float] = (1, 2)) -> list:
    """The experiment on one screen: a column for the main control and the key numbers beside a
    wider one for the key chart. ``controls, main = experiment()``."""
    return st.columns(list(ratio), gap="medium")


def explain(markdown: str, formulas: list[str] | tuple[str, ...] = (), title: str | None = None,
            expanded: bool = False) -> None:
    """An expandable explanation: the argument in words, then its formulas in LaTeX."""
    with st.expander(title or t("Why? The argument in a few lines"), expanded=expanded):
        st.markdown(markdown)
        for f in formulas:
            st.latex(f)


def notice(text: str) -> None:
    """The "what to notice" line of a page."""
    st.info("**" + t("What to notice:") + "** " + text, icon=":material/visibility:")


# ---- Classroom features: export, presentation mode -------------------------------------------------
PNG_PREFIX = "divergence-lab-"


def chart_config(key: str) -> dict:
    """The plotly config of every chart: the camera button saves ``divergence-lab-<key>.png``."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in key)[:60] or "chart"
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": PNG_PREFIX + safe, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def chart(fig, key: str, container=None, **kw):
    """Draw a plotly figure full width with the PNG download configured (use instead of
    ``st.plotly_chart``; ``container``: a column or container to draw in, e.g. ``left``; extra
    keyword arguments go to ``st.plotly_chart``, e.g. ``on_select``). ``fig`` may also be a
    :class:`ChartSpec` (:func:`shared_charts`): its JSON is sent as it is, not built again."""
    kw.setdefault("width", "stretch")
    if not kw.get("alt"):  # every chart speaks: its title, axes and key values (issue 23)
        kw["alt"] = fig.alt if isinstance(fig, ChartSpec) else alt_text(fig)
    config = chart_config(key)
    if kw.get("on_select", "ignore") != "ignore":  # selections need the select/lasso tools
        config.pop("modeBarButtonsToRemove")
    config.update(kw.pop("config", None) or {})
    if isinstance(fig, ChartSpec):
        if set(kw) <= {"width", "alt"}:
            drawn = _emit_spec(fig, key, container, config, kw["width"], kw["alt"])
            if drawn is not None:
                return drawn
        fig = json.loads(fig.spec)  # another Streamlit, or options the fast path lacks
    return (container or st).plotly_chart(fig, key=key, config=config, **kw)


# ---- Figures shared between sessions ------------------------------------------------------------
@dataclass(frozen=True)
class ChartSpec:
    """A plotly figure serialised once, exactly as ``st.plotly_chart`` serialises it (the same
    JSON, so the same element, the same ForwardMsg hash and the same browser-cache reference):
    drawing it again costs no figure building, no validation and no JSON encoding."""

    spec: str
    height: int
    alt: str = ""
    """What a screen reader reads (:func:`app.chart_text.alt_text`), in the language it was
    built in."""


def chart_spec(fig) -> ChartSpec:
    """Serialise ``fig`` (a plotly Figure or a figure dict) as ``st.plotly_chart`` does."""
    import plotly.io
    import plotly.tools

    figure = plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True)
    h = (figure.get("layout") or {}).get("height")
    height = int(h) if isinstance(h, (int, float)) and h > 0 else 450  # plotly.js's default
    return ChartSpec(plotly.io.to_json(figure, validate=False), height, alt_text(figure))


SHARED_MAX_ENTRIES = 512
"""Bound of the shared chart cache (entries; one entry is one setting's charts of one page)."""


@st.cache_resource(show_spinner=False, max_entries=SHARED_MAX_ENTRIES)
def _shared(key: tuple, _build):
    return _specs(_build())


def _specs(built):
    if isinstance(built, (tuple, list)):
        return tuple(chart_spec(f) for f in built)
    return chart_spec(built)


def shared_charts(key: tuple | None, build):
    """The charts ``build()`` returns (a figure or a tuple of figures) as :class:`ChartSpec`s,
    computed once per ``key`` for all the sessions of the server (a class of 30 following one
    teacher builds and serialises each chart once, not 30 times). ``key`` must hold everything
    the charts depend on: the page's settings, θ, the language (``current_lang()``) and the
    presentation mode; and it must be None (nothing is shared) when the charts show anything of
    one session only, e.g. a student's own data. At most :data:`SHARED_MAX_ENTRIES` keys are kept
    (least recently used dropped first); concurrent sessions asking for the same key wait for
    one computation."""
    if key is None:
        return _specs(build())
    return _shared(key, build)


_FAST_PATH: list = []


def _fast_path():
    """Streamlit's own pieces of ``st.plotly_chart`` (1.67), or None if they moved."""
    if not _FAST_PATH:
        try:
            from streamlit.delta_generator_singletons import get_dg_singleton_instance
            from streamlit.elements.lib import agent_spec
            from streamlit.elements.lib.form_utils import current_form_id
            from streamlit.elements.lib.layout_utils import LayoutConfig
            from streamlit.elements.lib.utils import compute_and_register_element_id, normalize_alt
            from streamlit.elements.plotly_chart import _plotly_data
            from streamlit.proto.PlotlyChart_pb2 import PlotlyChart

            _FAST_PATH.append((get_dg_singleton_instance, agent_spec, current_form_id,
                               LayoutConfig, compute_and_register_element_id, _plotly_data,
                               PlotlyChart, normalize_alt))
        except ImportError:
            _FAST_PATH.append(None)
    return _FAST_PATH[0]


def _emit_spec(cs: ChartSpec, key: str, container, config: dict, width, alt: str | None = None):
    """What ``st.plotly_chart(fig, key=key, config=config, width=width, alt=alt)`` draws (no selections,
    theme "streamlit", height "content"), from the serialised figure: the same proto, element id
    and layout (tests/test_shared_charts.py compares the two). None if Streamlit's pieces moved."""
    parts = _fast_path()
    if parts is None:
        return None
    (singletons, agent_spec, current_form_id, LayoutConfig, element_id, plotly_data, Proto,
     normalize_alt) = parts
    dg = container if container is not None else singletons().main_dg
    proto = Proto()
    proto.theme = "streamlit"
    proto.form_id = current_form_id(dg)
    proto.spec = cs.spec
    proto.config = json.dumps(config)
    alt = normalize_alt(alt)
    if alt is not None:
        proto.alt = alt
    proto.id = element_id("plotly_chart", user_key=key, key_as_main_identity=False, dg=dg,
                          plotly_spec=proto.spec, plotly_config=proto.config,
                          selection_mode=("points", "box", "lasso"),
                          is_selection_activated=False, theme="streamlit", width=width,
                          height="content", alt=alt)
    return dg._enqueue("plotly_chart", proto,
                       layout_config=LayoutConfig(width=width, height=cs.height),
                       agent_props=agent_spec.element("plotly_chart", key=key,
                                                      data_builder=lambda: plotly_data(proto.spec),
                                                      alt=alt))


LAYERED_PREFIX = "dl_layered_"
"""``st.container(key=LAYERED_PREFIX + key)`` stacks its two charts in one place (app/shell.py's
CSS): :func:`layered_chart`."""


def layered_chart(static, layer, key: str, container=None):
    """A chart drawn as two stacked plotly charts: ``static`` (what does not move with θ, with
    the PNG button and the hover) and over it ``layer`` (:func:`app.style.layer_for`: the θ line
    and the dots, transparent everywhere else, letting the pointer through). On a θ move the
    static chart is byte for byte the one the browser already holds, so Streamlit sends only a
    reference to it, and the layer's few kilobytes. ``static`` carries ``key`` (what tests and
    the one-screen check look for); the layer ``key + "_layer"``."""
    with (container or st).container(key=LAYERED_PREFIX + key):
        chart(static, key)
        chart(layer, key + "_layer", config={"staticPlot": True, "displayModeBar": False})


def table_csv(data) -> str:
    """CSV text of a pandas DataFrame, a list of dicts, a dict of columns, a list of
    :class:`Metric` (label, value, unit, how computed) or a 2-D array."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        df = data
    elif isinstance(data, (list, tuple)) and data and all(isinstance(m, Metric) for m in data):
        df = pd.DataFrame([{"quantity": m.label, "value": m.value, "unit": m.unit,
                            "how computed": m.how} for m in data])
    else:
        df = pd.DataFrame(data)
    return df.to_csv(index=False)


def csv_download(data, filename: str, label: str | None = None, key: str | None = None) -> None:
    """A "Download CSV" button for ``data`` (see :func:`table_csv`); nothing reruns on click. The
    CSV is written only when the button is pressed (Streamlit's deferred download), not on every
    run: on page 1 writing it was a fifth of a θ move's server CPU."""
    if not filename.lower().endswith(".csv"):
        filename += ".csv"
    if isinstance(data, (list, dict)):
        data = data.copy()  # as it is now, not as the caller may change it before the click
    st.download_button(label or t("Download CSV"), data=lambda: table_csv(data).encode("utf-8"),
                       file_name=filename, mime="text/csv", key=key or f"csv.{filename}",
                       icon=":material/download:", on_click="ignore")


HIDDEN_PREFIX = "dl_hidden_"
GONE_PREFIX = "dl_gone_"
"""``st.container(key=GONE_PREFIX + name)``: never shown (app/shell.py's CSS), but its widgets
still run, so that their link settings are kept; for a control that does not apply now (e.g.
the number of bins of a preset that fixes them)."""


def advanced_controls(label: str | None = None, key: str = "advanced"):
    """A place for secondary controls: ``with advanced_controls(): url_slider(...)``.

    An expander ("More settings") normally; in presentation mode a container that the
    presentation CSS hides, so its widgets still run and their URL values still apply."""
    from app.style import is_presenting

    if is_presenting():
        return st.container(key=HIDDEN_PREFIX + key)
    return st.expander(label or t("More settings"), icon=":material/tune:")

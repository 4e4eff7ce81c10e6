"""Shared UI pieces: page intro, explanation panel, metric strip, "what to notice" line.

Numbers are printed with their unit and how they were computed; +∞ is printed as ∞ and an
undefined value as "undefined", never as a huge finite number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from app.i18n import t


def fmt_value(value: float | None, digits: int = 4) -> str:
    """Format a number for the screen: ∞ for +inf, −∞ for −inf, "undefined" for NaN/None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("undefined")
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.{digits}f}"


@dataclass
class Metric:
    """One number of a metric strip: label, value, unit (e.g. "nats") and how it was computed."""

    label: str
    value: float | None
    unit: str = ""
    how: str = ""
    digits: int = 4


def metric_strip(metrics: list[Metric]) -> None:
    """Show the metrics side by side, each with its unit, and "how computed" as the help text."""
    cols = st.columns(len(metrics))
    for col, m in zip(cols, metrics):
        shown = fmt_value(m.value, m.digits)
        if m.unit and shown not in (t("undefined"),):
            shown = f"{shown} {m.unit}"
        col.metric(m.label, shown, help=m.how or None, border=True)


def page_intro(title: str, intro: str) -> None:
    """The page title and a few sentences that say what the page is for."""
    st.title(title)
    st.markdown(intro)


def explain(markdown: str, formulas: list[str] | tuple[str, ...] = (), title: str | None = None,
            expanded: bool = False) -> None:
    """An expandable explanation: the argument in words, then its formulas in LaTeX."""
    with st.expander(title or t("Why? The argument in a few lines"), expanded=expanded):
        st.markdown(markdown)
        for f in formulas:
            st.latex(f)


def notice(text: str) -> None:
    """The "what to notice" line of a page."""
    st.info(f"**{t('What to notice')}:** {text}", icon=":material/visibility:")


def coming_next(what: str, issue: int) -> None:
    """An honest placeholder for a page that a later piece of work builds: no fake numbers."""
    st.warning(
        t("This page is coming next (issue #{n}). Nothing on it is computed yet.", n=issue),
        icon=":material/construction:",
    )
    st.markdown(what)

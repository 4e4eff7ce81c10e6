"""Every chart speaks (issue 23): app.chart_text.alt_text reads a chart's title, axes and key
values, and every chart a page draws carries it as its accessible name (Streamlit's ``alt``:
``role="figure"`` and ``aria-label`` on the chart)."""

from __future__ import annotations

import math
import re

import plotly.graph_objects as go

from app.chart_text import alt_text


def test_title_axes_and_marked_points():
    fig = go.Figure([go.Scatter(x=[0, 1, 2], y=[0, 0.5, 0.6931], name="JS", mode="lines"),
                     go.Scatter(x=[1.5], y=[2.3026], name="W1", mode="markers"),
                     go.Scatter(x=[1.5], y=[0.6931], name="JS", mode="markers")])
    fig.update_layout(title="JS and W1 <br>over θ", xaxis_title="θ (units)",
                      yaxis_title="nats")
    text = alt_text(fig)
    assert text.startswith("JS and W1 over θ. Horizontal axis: θ (units); vertical axis: nats.")
    assert "Marked: W1 2.3, JS 0.693 (at θ (units) = 1.5)." in text
    assert alt_text(fig.to_plotly_json()) == text  # a figure dict reads the same


def test_curves_without_marks_give_their_span_and_infinities_are_skipped():
    fig = go.Figure([go.Scatter(x=[0, 1, 2, 3, 4, 5, 6], y=[0, 1, 2, 3, 4, 5, math.inf],
                                name="W1", mode="lines")])
    assert alt_text(fig) == "Chart. W1 from 0 to 5."


def test_page_1_charts_say_their_values():
    """Page 1: every chart has an accessible name; the curves' layer reads JS and W1 at θ, the
    same numbers as the metrics beside it."""
    from tests.test_page_js_saturates import open_with

    at = open_with({"js.theta": "2.5"})
    assert not at.exception
    alts = [c.proto.alt for c in at.get("plotly_chart")]
    assert len(alts) >= 3 and all(alts), alts
    js = float(next(m for m in at.metric if m.label.startswith("JS")).value.split()[0])
    layer = next(a for a in alts if "Marked:" in a and "W1" in a)
    assert re.search(rf"JS\S* {js:.3g}\b", layer) and "θ (units) = 2.5)" in layer, layer

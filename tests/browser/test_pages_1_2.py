"""Pages 1 and 2 in headless Chromium: the offset slider moves with the keyboard, the numbers and
the θ marker follow, nothing raises; a screenshot of each page is saved (and looked at)."""

import pytest

from tests.browser.conftest import (assert_no_exception, metric_text, open_app, press_slider,
                                    screenshot, wait_metric)
from tests.browser.reveal import commit_guess

pytestmark = pytest.mark.browser


def _marker_at(page, text: str) -> None:
    """The chart's θ line carries the label "θ = …" (plotly draws it as SVG text)."""
    page.wait_for_function(
        "(t) => [...document.querySelectorAll('.js-plotly-plot text')]"
        ".some(e => e.textContent.trim() === t)", arg=text, timeout=20_000)


def _full_screenshot(page, name: str) -> None:
    """Streamlit scrolls inside its own container: a tall window shows the whole page."""
    page.set_viewport_size({"width": 1400, "height": 3000})
    page.wait_for_timeout(1500)
    screenshot(page, name)


def test_page1_offset_slider_freezes_js_and_moves_w1(server, page):
    open_app(page, server, "js_saturates")
    assert_no_exception(page)
    assert metric_text(page, "W1 (Earth Mover)") == "0.5000 units"
    assert metric_text(page, "JS divergence") == "0.3466 nats"
    _marker_at(page, "θ = 0.5")
    press_slider(page, "Offset θ of Q", "End", 1)  # θ = 4: far past the point of disjointness
    press_slider(page, "Offset θ of Q", "ArrowLeft", 2)  # two steps of 0.05 back: θ = 3.9
    wait_metric(page, "W1 (Earth Mover)", "3.9000 units")
    assert metric_text(page, "JS divergence") == "0.6931 nats"
    commit_guess(page, "js.slopes", "Both are 0: neither changes any more")  # the slopes: after
    wait_metric(page, "dJS/dθ", "+0.0000 nats/unit")
    assert metric_text(page, "dJS/dθ") == "+0.0000 nats/unit"
    assert metric_text(page, "dW1/dθ") == "+1.0000 units/unit"
    _marker_at(page, "θ = 3.9")
    assert_no_exception(page)
    _full_screenshot(page, "page1_js_saturates")


def test_page2_offset_slider_moves_w1_and_keeps_exact_js_at_ln2(server, page):
    open_app(page, server, "low_dim_supports")
    assert_no_exception(page)
    assert metric_text(page, "W1, exact") == "0.3000 units"
    assert metric_text(page, "JS of the point sets, exact") == "0.6931 nats"
    press_slider(page, "Horizontal offset θ", "Home", 1)  # θ = −1
    press_slider(page, "Horizontal offset θ", "ArrowRight", 3)  # three steps of 0.01: −0.97
    wait_metric(page, "W1, exact", "0.9700 units")
    assert metric_text(page, "JS of the point sets, exact") == "0.6931 nats"
    _marker_at(page, "θ = -0.97")
    assert_no_exception(page)
    _full_screenshot(page, "page2_low_dim_supports")


LAYERS_JS = """(key) => {
  const a = document.querySelector('.st-key-' + key + ' .js-plotly-plot');
  const b = document.querySelector('.st-key-' + key + '_layer .js-plotly-plot');
  if (!a || !b || !a._fullLayout || !b._fullLayout) return null;
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };
  const legend = (e) => { const l = e.querySelector('.legend'); return l ? box(l) : null; };
  const axes = (e) => Object.keys(e._fullLayout).filter(k => /^[xy]axis\\d*$/.test(k)).sort()
    .map(k => [k, e._fullLayout[k].range.map(v => Math.round(v * 1e6) / 1e6), e._fullLayout[k]._length]);
  const size = (e) => { const s = e._fullLayout._size; return [s.l, s.r, s.t, s.b, s.w, s.h]; };
  return {chart: [box(a), size(a), legend(a), axes(a)], layer: [box(b), size(b), legend(b), axes(b)],
          pointer: getComputedStyle(b.closest('[data-testid=stElementContainer]')).pointerEvents};
}"""


@pytest.mark.parametrize("query", ["", "present=1"])
def test_page1_theta_layers_lie_exactly_over_their_charts(server, page, query):
    """Page 1 draws the θ line and dots of its sweep charts in a transparent chart stacked over
    each (app.ui.layered_chart), so that a θ move does not resend the sweep. The layer must lay out
    the very same plot area (box, margins, legend, axis ranges), let the pointer through to the
    chart below (its hover still works), and follow θ."""
    open_app(page, server, "js_saturates", query)
    assert_no_exception(page)
    commit_guess(page, "js.slopes", "Both are 0: neither changes any more")  # the slope chart
    for key in ("js_curves", "js_slopes"):
        page.wait_for_function(f"() => ({LAYERS_JS})('{key}') !== null", timeout=30_000)
        got = page.evaluate(LAYERS_JS, key)
        assert got["chart"] == got["layer"], (key, got)
        assert got["chart"][2] is not None  # the legend is drawn (and takes the same room)
        assert got["pointer"] == "none"
    _marker_at(page, "θ = 0.5")
    # The hover of the chart below answers through the layer.
    chart = page.locator(".st-key-js_curves .js-plotly-plot .nsewdrag").first
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.wait_for_function(
        "() => document.querySelector('.st-key-js_curves .hoverlayer')?.textContent.includes('JS(P')",
        timeout=10_000)
    press_slider(page, "Offset θ of Q", "ArrowRight", 2)
    wait_metric(page, "W1 (Earth Mover)", "0.6000 units")
    _marker_at(page, "θ = 0.6")
    got = page.evaluate(LAYERS_JS, "js_curves")
    assert got["chart"] == got["layer"]


def test_page2_offset_layer_lies_exactly_over_its_chart(server, page):
    """Page 2's offset chart keeps its θ line and dots in a layer over it, as page 1's do."""
    open_app(page, server, "low_dim_supports")
    assert_no_exception(page)
    page.wait_for_function(f"() => ({LAYERS_JS})('low_offsets') !== null", timeout=30_000)
    got = page.evaluate(LAYERS_JS, "low_offsets")
    assert got["chart"] == got["layer"] and got["chart"][2] is not None, got
    assert got["pointer"] == "none"
    press_slider(page, "Horizontal offset θ", "ArrowRight", 2)
    wait_metric(page, "W1, exact", "0.3200 units")
    _marker_at(page, "θ = 0.32")
    got = page.evaluate(LAYERS_JS, "low_offsets")
    assert got["chart"] == got["layer"]

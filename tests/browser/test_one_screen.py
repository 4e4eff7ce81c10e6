"""Every page's experiment on one screen: the main control, the key chart and the key numbers lie
inside the viewport without scrolling, at 1280×720 in presentation mode (a projector) and at
1400×1000 normally; and long labels wrap instead of being cut with "…".

A page joins the check with one entry of :data:`SCREENS` (its main control, its key chart and
its key numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.browser.conftest import assert_no_exception, open_app, screenshot

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Screen:
    """What must be on the first screen of a page: CSS selectors of the main control and of the
    key chart (Streamlit gives an element with ``key="a.b"`` the class ``st-key-a-b``; a chart
    keeps its underscores), and the labels of the key numbers (``st.metric``)."""

    path: str
    control: str
    chart: str
    numbers: tuple[str, ...]


SCREENS = {
    0: Screen("", ".st-key-w-home-theta", ".st-key-home_sweep", ("JS divergence", "W1 (Earth Mover)")),
    1: Screen("js_saturates", ".st-key-w-js-theta", ".st-key-js_curves",
              ("JS divergence", "W1 (Earth Mover)")),
    2: Screen("low_dim_supports", ".st-key-w-low-theta", ".st-key-low_scatter",
              ("W1, exact", "JS of the point sets, exact")),
    3: Screen("earth_mover", ".st-key-w-em-plan", ".st-key-em_arrows",
              ("W1 = cost of the optimal plan",)),
    4: Screen("critic", ".st-key-w-critic-theta", ".st-key-critic_f",
              ("Estimate ÷ K (units)", "Exact W1 (units)")),
    5: Screen("generator_gradient", ".st-key-w-gg-theta", ".st-key-gg_sweep",
              ("minimax gradient (nats/unit)", "WGAN gradient (unitless)")),
}
"""Page step → what must fit. Page 6 adds its own entry here."""

VIEWPORTS = {
    "projector": ({"width": 1280, "height": 720}, "present=1"),
    "desktop": ({"width": 1400, "height": 1000}, ""),
}


@pytest.fixture(params=list(VIEWPORTS), scope="module")
def viewport_page(request, browser):
    size, query = VIEWPORTS[request.param]
    ctx = browser.new_context(viewport=size)
    pg = ctx.new_page()
    yield request.param, size, query, pg
    ctx.close()


def _inside(box, size) -> bool:
    return (box is not None and box["width"] > 0 and box["height"] > 0
            and box["x"] >= -1 and box["y"] >= -1
            and box["x"] + box["width"] <= size["width"] + 1
            and box["y"] + box["height"] <= size["height"] + 1)


@pytest.mark.parametrize("step", sorted(SCREENS))
def test_control_chart_and_numbers_on_the_first_screen(server, viewport_page, step):
    name, size, query, page = viewport_page
    spec = SCREENS[step]
    open_app(page, server, spec.path, query)
    chart = page.locator(f"{spec.chart} .js-plotly-plot .main-svg").first
    chart.wait_for(state="visible", timeout=60_000)
    assert_no_exception(page)
    # Nothing scrolled: the app's own scroll container is at its top.
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == 0
    control = page.locator(spec.control).first
    boxes = {"main control": control.bounding_box(),
             "key chart": page.locator(spec.chart).first.bounding_box()}
    for label in spec.numbers:
        metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
        boxes[f"number “{label}”"] = metric.bounding_box()
    outside = {k: b for k, b in boxes.items() if not _inside(b, size)}
    if outside:
        screenshot(page, f"one_screen_{step}_{name}")
    assert not outside, f"{name} {size}: not on the first screen: {outside}"


@pytest.mark.parametrize("step", [1, 3])
def test_long_labels_wrap_instead_of_being_cut_in_presentation_mode(server, browser, step):
    """Metric labels ("GAN loss C(G) with the optimal D") wrap, the presets are radio buttons
    whose labels wrap (page 3's "Textbook example (5 bins, check it by hand)"), and the value of
    every select box fits its box: nothing is wider than the box that shows it (the mark of a
    cut, "…", text)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    try:
        open_app(page, server, SCREENS[step].path, "present=1")
        page.locator(f"{SCREENS[step].chart} .js-plotly-plot .main-svg").first.wait_for(
            state="visible", timeout=60_000)
        cut = page.evaluate("""() => [...document.querySelectorAll(
              '[data-testid=stMetricLabel] *, [data-testid=stRadio] label *, ' +
              '[data-testid=stSelectbox] input')]
            .filter(e => e.children.length === 0 && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.textContent || e.value)""")
        assert cut == []
        texts = page.evaluate("""() => [...document.querySelectorAll(
              '[data-testid=stMetricLabel], [data-testid=stRadio]')].map(e => e.innerText)""")
        wanted = {1: "GAN loss C(G) with the optimal D",
                  3: "Textbook example (5 bins, check it by hand)"}[step]
        assert any(wanted in s.replace("\n", " ") for s in texts), texts
    finally:
        ctx.close()


ANIMATED = ("[...document.querySelectorAll('.js-plotly-plot')].find(g => g._transitionData"
            " && g._transitionData._frames && g._transitionData._frames.length > 1)")
MIN_SAMPLES_PX = {"projector": 260, "desktop": 225}
"""Page 6: the side of the square in which each panel's samples are drawn, at least (the
recorded maps were 155 px on a projector, and the live ones started at y = 780 at 1400×1000)."""


def _plot_box(page, selector_js: str) -> dict:
    return page.evaluate(
        f"() => {{ const g = {selector_js}; const L = g._fullLayout;"
        " const r = g.getBoundingClientRect(); const s = L._size;"
        " return {x: r.x + s.l, y: r.y + s.t, width: L.xaxis._length, height: L.yaxis._length,"
        " chart: {x: r.x, y: r.y, width: r.width, height: r.height}}; }")


@pytest.mark.parametrize("view", ["recorded", "live"])
def test_page_6_samples_large_with_their_controls_and_numbers(server, viewport_page, view):
    """Page 6's first screen: the scenario's controls, both panels' samples (at least
    MIN_SAMPLES_PX square) and the key numbers (recorded: in the panel titles of the chart;
    live: the metrics under the samples, one line of text on a projector)."""
    name, size, query, page = viewport_page
    open_app(page, server, "live_training",
             "&".join(q for q in (query, "live.view=live" if view == "live" else "") if q))
    assert_no_exception(page)
    boxes = {"scenario": page.locator(".st-key-w-live-scenario").first.bounding_box(),
             "view": page.locator(".st-key-w-live-view").first.bounding_box()}
    if view == "recorded":
        page.wait_for_function(f"() => {{ const g = {ANIMATED};"
                               " return g && g.getBoundingClientRect().width > 500; }",
                               timeout=60_000)
        page.wait_for_timeout(500)
        boxes["seed"] = page.locator(".st-key-w-live-rec_seed").first.bounding_box()
        maps = [page.evaluate(f"() => {{ const L = ({ANIMATED})._fullLayout;"
                              f" return [L.xaxis{i}._length, L.yaxis{i}._length]; }}")
                for i in ("", "2")]
        boxes["chart: samples, timeline, numbers"] = _plot_box(page, ANIMATED)["chart"]
    else:
        maps = []
        for side in ("left", "right"):
            sel = f"document.querySelector('.st-key-live_field_{side} .js-plotly-plot')"
            page.wait_for_function(f"() => {{ const g = {sel}; return g && g._fullLayout"
                                   " && g.querySelector('.main-svg'); }", timeout=60_000)
            box = _plot_box(page, sel)
            maps.append([box["width"], box["height"]])
            boxes[f"{side} samples"] = box
        boxes["seed"] = page.locator(".st-key-w-live-seed").first.bounding_box()
        boxes["Start"] = page.locator(".st-key-live-start").first.bounding_box()
        if name == "projector":
            line = page.locator("[data-testid='stMarkdown']").filter(has_text="Exact W1")
            boxes["numbers, left"] = line.first.bounding_box()
            boxes["numbers, right"] = line.nth(1).bounding_box()
        else:
            for label in ("Exact W1", "Modes covered"):
                metric = page.locator("[data-testid='stMetric']").filter(has_text=label)
                boxes[f"{label}, left"] = metric.first.bounding_box()
                boxes[f"{label}, right"] = metric.nth(1).bounding_box()
    small = [m for m in maps if min(m) < MIN_SAMPLES_PX[name]]
    outside = {k: b for k, b in boxes.items() if not _inside(b, size)}
    if small or outside:
        screenshot(page, f"one_screen_6_{view}_{name}")
    assert not small, f"{name}: samples drawn {maps} px, want ≥ {MIN_SAMPLES_PX[name]}"
    assert not outside, f"{name} {size}: not on the first screen: {outside}"

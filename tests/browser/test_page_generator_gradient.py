"""Page 5 in headless Chromium: it opens, the θ slider moves with the keyboard and the numbers
follow the science, the k-steps control works, no exception; screenshots to look at."""

import pytest

from tests.browser.conftest import (assert_no_exception, metric_text, open_app, press_slider,
                                    screenshot, wait_idle)

pytestmark = pytest.mark.browser


def tall(page) -> None:
    """A viewport tall enough for the whole page (Streamlit scrolls inside its own container, so
    a full-page screenshot of a short viewport shows only the top)."""
    page.set_viewport_size({"width": 1400, "height": 3900})
    page.wait_for_timeout(800)
    wait_idle(page)


def test_generator_gradient_page(server, page):
    open_app(page, server, "generator_gradient")
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text().strip().startswith("5 · The generator's gradient")
    # Default: Gaussians at θ = 4 (values from divergences.gradients, see tests/test_gradients.py).
    assert metric_text(page, "WGAN gradient (unitless)") == "1.0000"
    assert metric_text(page, "minimax gradient (nats/unit)") == "0.1372"
    tall(page)
    screenshot(page, "generator_gradient")
    page.set_viewport_size({"width": 1400, "height": 1000})

    # θ 4 → 6 with the keyboard (40 steps of 0.05): the minimax gradient falls ~10x, WGAN stays 1.
    press_slider(page, "Offset θ of the generator", "ArrowRight", 40)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".some(e => e.innerText.trim() === '0.0125')", timeout=20_000)
    assert metric_text(page, "minimax gradient (nats/unit)") == "0.0125"
    assert metric_text(page, "WGAN gradient (unitless)") == "1.0000"
    assert_no_exception(page)

    # Uniforms: disjoint at θ = 6, so the minimax gradient is exactly 0 and −log D undefined.
    page.get_by_text("Uniforms: P = U[0, 1]").first.click()
    wait_idle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".some(e => e.innerText.trim() === '0 (exactly)')", timeout=20_000)
    assert metric_text(page, "minimax gradient (nats/unit)") == "0 (exactly)"
    assert metric_text(page, "−log D gradient (nats/unit)") == "undefined"
    assert_no_exception(page)
    tall(page)
    screenshot(page, "generator_gradient_uniform")


@pytest.mark.parametrize("query", ["", "present=1"])
def test_the_sweep_charts_theta_layer_lies_exactly_over_it(server, page, query):
    """The gradient sweep does not change with θ; its θ line is a transparent layer over it
    (app.ui.layered_chart): the same plot area, legend and axes, and the line follows θ."""
    from tests.browser.test_pages_1_2 import LAYERS_JS, _marker_at

    open_app(page, server, "generator_gradient", query)
    assert_no_exception(page)
    page.wait_for_function(f"() => ({LAYERS_JS})('gg_sweep') !== null", timeout=30_000)
    got = page.evaluate(LAYERS_JS, "gg_sweep")
    assert got["chart"] == got["layer"] and got["chart"][2] is not None, got
    assert got["pointer"] == "none"
    _marker_at(page, "θ = 4")
    press_slider(page, "Offset θ of the generator", "ArrowRight", 2)  # θ = 4.1
    _marker_at(page, "θ = 4.1")
    got = page.evaluate(LAYERS_JS, "gg_sweep")
    assert got["chart"] == got["layer"]

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

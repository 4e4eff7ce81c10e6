"""Page 4 (the critic) in headless Chromium: train once with new settings, the metrics and the
learned-critic chart update, no exception; a screenshot of the whole page."""

import pytest

from tests.browser.conftest import (assert_no_exception, metric_text, open_app, press_slider,
                                    screenshot, wait_idle)

pytestmark = pytest.mark.browser

# plotly 6 ships arrays as typed binary blobs: read the decoded values from _fullData
F_STAR = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => p.layout && p.layout.title
               && String(p.layout.title.text).includes('optimal critic'));
  if (!plot) return null;
  const tr = (plot._fullData || []).find(d => d.name === 'exact optimal critic f*');
  if (!tr) return null;
  const ys = Array.from(tr.y);
  return [ys.length, ys[0], ys[ys.length - 1]];
}"""


def test_train_once_and_the_chart_updates(server, page):
    open_app(page, server, "critic", "critic.steps=100")
    assert_no_exception(page)
    assert metric_text(page, "Exact W1 (units)") == "3.000"
    # the shipped default critic's numbers show at once; its chart is drawn a moment later
    page.wait_for_function(F_STAR, timeout=60_000)
    before = page.evaluate(F_STAR)
    assert before is not None and before[0] > 100

    # θ sits outside the settings form: moving it retrains at once (4 steps of 0.25: θ = 3 → 2).
    press_slider(page, "Offset θ of Q", "ArrowLeft", 4)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".some(e => e.innerText.trim() === '2.000')", timeout=90_000)
    wait_idle(page, timeout=90_000)
    assert metric_text(page, "Exact W1 (units)") == "2.000"
    ratio = float(metric_text(page, "Estimate ÷ K (units)"))
    assert ratio == pytest.approx(2.0, rel=0.10)
    after = page.evaluate(F_STAR)
    assert after is not None and after != before  # the chart was redrawn for θ = 2
    assert_no_exception(page)
    page.set_viewport_size({"width": 1400, "height": 3900})
    page.wait_for_timeout(800)
    screenshot(page, "critic")


def test_only_the_chosen_constraints_setting_shows(server, page):
    """Weight clipping shows the clip value c and not λ; the gradient penalty the other way
    round (the hidden one still runs, so a link's value is kept)."""
    open_app(page, server, "critic", "critic.steps=50")
    assert page.locator(".st-key-w-critic-c").first.is_visible()
    page.locator(".st-key-w-critic-lam").first.wait_for(state="hidden", timeout=30_000)
    assert page.locator(".st-key-w-critic-lam").count() == 1  # drawn, but not shown
    page.locator(".st-key-w-critic-method label").filter(has_text="gradient penalty").first.click()
    page.locator(".st-key-w-critic-lam").first.wait_for(state="visible", timeout=120_000)
    wait_idle(page, timeout=120_000)
    assert not page.locator(".st-key-w-critic-c").first.is_visible()
    assert_no_exception(page)

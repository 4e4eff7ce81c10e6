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
    before = page.evaluate(F_STAR)
    assert before is not None and before[0] > 100

    press_slider(page, "Offset θ of Q", "ArrowLeft", 4)  # 4 steps of 0.25: θ = 3 → 2 (in the form)
    assert metric_text(page, "Exact W1 (units)") == "3.000"  # a form: nothing trains yet
    page.get_by_role("button", name="Train the critic").click()
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

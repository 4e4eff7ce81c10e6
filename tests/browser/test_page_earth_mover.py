"""Page 3 in headless Chromium: it loads with the textbook numbers, the earth-moving animation
plays in the browser (the time slider advances without a server round trip), the 2-D mode draws,
and no exception box appears."""

import pytest

from tests.browser.conftest import (assert_no_exception, metric_text, open_app, screenshot,
                                    wait_idle)
from tests.browser.reveal import commit_guess

pytestmark = pytest.mark.browser

W1_LABEL = "W1 = cost of the optimal plan"


def _anim_chart(page, title: str):
    chart = page.locator("[data-testid='stPlotlyChart']").filter(has_text=title).first
    chart.scroll_into_view_if_needed()
    current_value(chart).wait_for(timeout=20_000)
    return chart


def current_value(chart):
    """The slider's "time t = …" label (plotly draws it as the slider group's own text)."""
    return chart.locator("g.slider-group > text.slider-label").first


def test_textbook_page_and_animation_plays(server, page):
    open_app(page, server, "earth_mover")
    assert_no_exception(page)
    assert metric_text(page, W1_LABEL) == "?"  # the question's answer, until a guess is in
    commit_guess(page, "em.textbook_w1")  # (the slider's default guess)
    assert metric_text(page, W1_LABEL) == "1.0000 units"
    assert metric_text(page, "independent coupling P⊗Q") == "1.5000 units"
    chart = _anim_chart(page, "The earth moving along")
    label = current_value(chart)
    assert label.text_content().strip() == "time t = 0.00"
    path_before = chart.locator("g.scatterlayer g.trace").nth(2).locator("path").first \
        .get_attribute("d")
    chart.locator(".updatemenu-button").filter(has_text="Play").first.click()
    # 51 frames at 60 ms: the label must move on within a few seconds, then reach t = 1.00.
    page.wait_for_function(
        "(el) => el.textContent.trim() !== 'time t = 0.00'", arg=label.element_handle(),
        timeout=10_000)
    page.wait_for_function(
        "(el) => el.textContent.trim() === 'time t = 1.00'", arg=label.element_handle(),
        timeout=20_000)
    path_after = chart.locator("g.scatterlayer g.trace").nth(2).locator("path").first \
        .get_attribute("d")
    assert path_after != path_before  # the earth really moved on screen
    assert_no_exception(page)
    screenshot(page, "earth_mover")


def test_points_mode_draws(server, page):
    open_app(page, server, "earth_mover", "em.mode=points&em.preset2d=moons_circle&em.n=60")
    assert_no_exception(page)
    assert metric_text(page, W1_LABEL).endswith(" units")
    chart = _anim_chart(page, "The earth moving along")
    chart.locator(".updatemenu-button").filter(has_text="Play").first.click()
    label = current_value(chart)
    page.wait_for_function(
        "(el) => el.textContent.trim() !== 'time t = 0.00'", arg=label.element_handle(),
        timeout=10_000)
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "earth_mover_2d")


def test_the_bins_slider_shows_only_where_the_bins_can_change(server, page):
    """The textbook example fixes 5 bins: no bins slider beside it; another preset shows it. The
    animation has a speed control."""
    open_app(page, server, "earth_mover")
    assert page.locator(".st-key-w-em-bins").count() == 1
    page.locator(".st-key-w-em-bins").first.wait_for(state="hidden", timeout=30_000)
    assert page.locator(".st-key-w-em-speed").first.is_visible()
    page.locator(".st-key-w-em-preset label").filter(has_text="Two Gaussians").first.click()
    page.locator(".st-key-w-em-bins").first.wait_for(state="visible", timeout=60_000)
    wait_idle(page)
    assert_no_exception(page)

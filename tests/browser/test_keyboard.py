"""The keyboard alone (issue 23, item 4): from the top of each page, Tab reaches the page's main
slider, which shows a focus ring and moves with the arrow keys (the page answers); on page 6 Tab
reaches the recording's Play button, and Enter plays it; a teacher starts a class with Tab and
Enter."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_app, wait_idle

SLIDER_PAGES = ("", "js_saturates", "low_dim_supports", "critic", "generator_gradient")

FOCUS = """() => {
  const el = document.activeElement;
  if (!el) return null;
  const inMain = !!el.closest('[data-testid="stMain"]');
  if (el.matches('input[type="range"]')) {
    const thumb = el.parentElement && el.parentElement.parentElement;
    const cs = getComputedStyle(thumb);
    return {kind: 'slider', inMain, label: el.getAttribute('aria-label'),
            value: el.getAttribute('aria-valuetext') || el.value,
            ring: (cs.boxShadow && cs.boxShadow !== 'none') ||
                  (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0)};
  }
  if (el.matches('input[type="radio"]')) {
    const group = el.closest('[role="radiogroup"]');
    const on = group && group.querySelector('input[type="radio"]:checked');
    return {kind: 'radio', inMain, label: group && group.getAttribute('aria-label'),
            value: on ? on.value : null};
  }
  if (el.matches('.updatemenu-button')) {
    const cs = getComputedStyle(el.querySelector('rect'));
    return {kind: 'play', inMain, label: el.getAttribute('aria-label'),
            ring: parseFloat(cs.strokeWidth) >= 3};
  }
  return {kind: el.tagName.toLowerCase(), inMain, label: (el.innerText || '').slice(0, 40)};
}"""


def _tab_to(page, want, limit: int = 150):
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUS)
        if f and want(f):
            return f
    raise AssertionError("Tab never reached it")


@pytest.mark.parametrize("path", SLIDER_PAGES)
def test_tab_reaches_the_main_slider_and_the_arrows_move_it(server, page, path):
    open_app(page, server, path)
    f = _tab_to(page, lambda f: f["kind"] == "slider" and f["inMain"])
    assert f["ring"], f  # a visible focus ring on the handle
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    after = page.evaluate(FOCUS)
    assert after["kind"] == "slider" and after["label"] == f["label"], after  # focus kept
    assert after["value"] != f["value"], (f, after)


def test_page_3_plan_picker_moves_with_the_arrows(server, page):
    """Page 3's experiment is driven by radio buttons (the data, the plan): Tab reaches the
    first one in the page and the arrow keys pick the next option (the page answers)."""
    open_app(page, server, "earth_mover")
    f = _tab_to(page, lambda f: f["kind"] == "radio" and f["inMain"])
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    after = page.evaluate(FOCUS)
    assert after["kind"] == "radio" and after["value"] != f["value"], (f, after)


def test_page_6_plays_the_recording_from_the_keyboard(server, page):
    open_app(page, server, "live_training")
    page.wait_for_selector(".st-key-dl_rec_box .js-plotly-plot", timeout=60_000)
    page.wait_for_timeout(500)
    it = "() => document.querySelector('.st-key-dl_rec_box .js-plotly-plot')" \
         ".layout.annotations.filter(a => a.name === 'iteration')[0].text"
    before = page.evaluate(it)
    f = _tab_to(page, lambda f: f["kind"] == "play", limit=250)
    assert "Play" in f["label"] and f["ring"], f
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    assert page.evaluate(it) != before  # the recording plays from its start


def test_a_teacher_starts_a_class_from_the_keyboard(server, page):
    open_app(page, server, "class")
    _tab_to(page, lambda f: f["kind"] == "button" and f["inMain"]
            and "Start a class" in f["label"])
    page.keyboard.press("Enter")
    page.wait_for_selector(".dl-join-code", timeout=30_000)
    assert len(page.locator(".dl-join-code").inner_text().strip()) == 9  # XXXX-XXXX

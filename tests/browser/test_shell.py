"""The real app in headless Chromium: every page opens from the navigation, the Home teaser reacts
to the keyboard."""

import pytest

from app.navigation import PAGES
from tests.browser.conftest import assert_no_exception, metric_text, open_app, press_slider, screenshot, wait_idle

pytestmark = pytest.mark.browser


def test_every_page_opens_from_the_navigation(server, page):
    open_app(page, server)
    assert_no_exception(page)
    for info in PAGES[1:]:
        link = page.locator("[data-testid='stSidebarNav'] a").filter(has_text=info.title).first
        link.click()
        page.wait_for_url(f"**/{info.url_path}**", timeout=30_000)
        wait_idle(page)
        assert_no_exception(page)
        assert page.locator("h1").first.inner_text().strip().startswith(info.title)


def test_home_slider_moves_with_keyboard(server, page):
    open_app(page, server)
    before = metric_text(page, "W1 (Earth Mover)")
    assert before == "0.5000 units"
    press_slider(page, "Offset θ of Q", "ArrowRight", 10)  # 10 steps of 0.05: θ = 0.5 → 1.0
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        ".some(e => e.innerText.trim() === '1.0000 units')", timeout=20_000)
    assert metric_text(page, "W1 (Earth Mover)") == "1.0000 units"
    assert metric_text(page, "JS divergence") == "0.6931 nats"
    assert_no_exception(page)
    screenshot(page, "home")


def test_a_two_level_path_shows_page_not_found_not_a_blank_page(server, page):
    """``/js_saturates/extra`` loaded index.html whose relative assets resolved under
    ``/js_saturates/``: a blank white page. It now says "Page not found" and opens Home, as an
    unknown one-level path does (app.serve.redirect_nested_paths; a server started with
    ``streamlit run`` applies it at its first run, which open_app makes sure of)."""
    open_app(page, server)
    for path, query in (("nosuchpage", ""), ("js_saturates/extra", "lang=zh")):
        open_app(page, server, path, query)
        page.get_by_text("Page not found").first.wait_for(timeout=30_000)
        assert_no_exception(page)
        home = "散度实验室" if query else "Divergence Lab"
        assert page.locator("h1").first.inner_text().strip().startswith(home)
        assert "/js_saturates" not in page.url and ("lang=zh" in page.url) is bool(query)

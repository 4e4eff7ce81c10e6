"""Classroom features in headless Chromium: Home in Chinese from a link (CJK glyphs really drawn),
presentation mode, the share link's copy button, and the PNG download of a chart."""

import re

import pytest

from tests.browser.conftest import (assert_no_exception, metric_text, open_app, screenshot,
                                    wait_charts, wait_idle)

pytestmark = pytest.mark.browser

# Draw two different CJK characters and an unassigned code point with the page's own font: if
# the browser had no CJK font, all three would come out as the same "missing glyph" box.
GLYPHS_DIFFER = """(sel) => {
  const el = document.querySelector(sel);
  const font = getComputedStyle(el).font;
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 64; c.height = 64;
    const x = c.getContext('2d'); x.font = font.replace(/\\d+(\\.\\d+)?px/, '48px');
    x.fillStyle = '#000'; x.fillText(ch, 4, 52);
    return Array.from(x.getImageData(0, 0, 64, 64).data).join(',');
  };
  const a = draw('散'), b = draw('度'), tofu = draw('\\u0378');
  const ink = (s) => s.split(',').filter((v, i) => i % 4 === 3 && v !== '0').length;
  return {differ: a !== b, notTofu: a !== tofu && b !== tofu, ink: ink(a)};
}"""


def _tall(page):
    page.set_viewport_size({"width": 1400, "height": 1900})


def test_home_in_chinese_from_a_link(server, page):
    _tall(page)
    open_app(page, server, "", "lang=zh")
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == "散度实验室"
    assert metric_text(page, "JS 散度") == "0.3466 奈特"
    assert metric_text(page, "W1（推土机距离）") == "0.5000 单位"
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "1 · JS 散度饱和" in nav and "首页" in nav
    # the charts are in Chinese too (plotly draws its own text)
    wait_charts(page, 2)
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    # before a guess the teaser's title says nothing of where JS ends up (the answer)
    assert any("Q 移动时的各散度与 W1" in s for s in titles), titles
    assert not any("ln 2" in s for s in titles), titles
    glyphs = page.evaluate(GLYPHS_DIFFER, "h1")
    assert glyphs["differ"] and glyphs["notTofu"] and glyphs["ink"] > 100, glyphs
    shot = screenshot(page, "home_zh")
    assert shot.stat().st_size > 50_000
    assert re.search(r"[?&]lang=zh(&|$)", page.url), page.url  # the link keeps the language


def test_copy_link_button_copies_the_current_view(server, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    open_app(page, server, "", "lang=zh&home.theta=1.5")
    page.locator("#dl-share-copy").click()
    page.wait_for_function("() => document.getElementById('dl-share-done').innerText !== ''",
                           timeout=10_000)
    assert page.locator("#dl-share-done").inner_text() == "已复制！"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url
    assert "lang=zh" in copied and "home.theta=1.5" in copied and "present=0" in copied


def test_presentation_mode_from_a_link(server, page):
    _tall(page)
    open_app(page, server, "", "present=1")
    assert_no_exception(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.bounding_box()["width"] < 5  # collapsed
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    wait_charts(page, 2)
    sizes = page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].map(g => g.layout.font.size)")
    assert sizes == [22, 22]
    assert metric_text(page, "W1 (Earth Mover)") == "0.5000 units"  # same numbers, bigger
    screenshot(page, "home_present")


def test_presentation_toggle_collapses_the_sidebar(server, page):
    open_app(page, server)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.bounding_box()["width"] > 200
    sidebar.locator("label").filter(has_text="Presentation mode").first.click()
    page.wait_for_url("**present=1**", timeout=20_000)
    wait_idle(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().width < 5",
        timeout=10_000)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"


def test_chart_downloads_as_png(server, page):
    open_app(page, server)
    plot = page.locator(".st-key-home_sweep [data-testid='stPlotlyChart']").first
    plot.hover()
    with page.expect_download(timeout=20_000) as info:
        plot.locator(".modebar-btn[data-title='Download plot as a PNG']").first.click()
    download = info.value
    assert download.suggested_filename == "divergence-lab-home_sweep.png"
    with open(download.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"

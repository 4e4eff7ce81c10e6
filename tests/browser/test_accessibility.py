"""Every student, every device (issue 23): axe-core (WCAG 2.0/2.1, A and AA) finds no serious
or critical violation on any page, in English and Chinese, at 1400×1000 and on a phone (390×844,
touch), with the question open, on page 1 after the reveal and on page 6 while the recording
plays; and every chart on every page
has an accessible name that says what it shows (app/chart_text.py)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_app
from tests.browser.reveal import commit_guess

PAGES = ("", "js_saturates", "low_dim_supports", "earth_mover", "critic", "generator_gradient",
         "live_training", "class")
VIEWPORTS = {"desktop": dict(viewport={"width": 1400, "height": 1000}),
             "phone": dict(viewport={"width": 390, "height": 844}, has_touch=True,
                           is_mobile=True)}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GUESS = {"en": ("Both are 0: neither changes any more", "Commit my guess"),
         "zh": ("两者都是 0：都不再变化", "提交我的猜测")}

CHARTS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => {
  const fig = el.closest('[role="figure"][aria-label]');
  return fig ? fig.getAttribute('aria-label').trim() : '';
})"""


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    res = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes, e.g. "
            f"{v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:200]}"
            for v in res.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_no_serious_axe_violation_and_every_chart_named(server, browser, device, lang):
    ctx = browser.new_context(**VIEWPORTS[device])
    page = ctx.new_page()
    found: dict[str, list[str]] = {}
    unnamed: dict[str, int] = {}
    charts = 0
    try:
        for path in PAGES:
            open_app(page, server, path, f"lang={lang}")
            page.wait_for_timeout(500)  # the charts draw after the run
            found[path or "home"] = _serious(page)
            labels = page.evaluate(CHARTS_JS)
            charts += len(labels)
            unnamed[path or "home"] = sum(1 for x in labels if len(x) < 8)
        open_app(page, server, "js_saturates", f"lang={lang}")  # the question answered
        commit_guess(page, "js.slopes", *GUESS[lang])
        page.wait_for_timeout(500)
        found["js_saturates, revealed"] = _serious(page)
        open_app(page, server, "live_training", f"lang={lang}")  # page 6 playing
        page.wait_for_selector(".st-key-dl_rec_box .updatemenu-button", timeout=60_000)
        page.locator(".st-key-dl_rec_box .updatemenu-button").first.dispatch_event("click")
        page.wait_for_timeout(800)
        found["live_training, playing"] = _serious(page)
    finally:
        ctx.close()
    assert not any(found.values()), {k: v for k, v in found.items() if v}
    assert charts >= 15 and not any(unnamed.values()), (charts, unnamed)

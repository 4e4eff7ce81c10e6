"""A first visit on the wire (issue 23): from ``python -m app.serve`` Streamlit's JavaScript and CSS
come back compressed and cacheable for a year, page 6's live charts load no second plotly.js, and
benchmarks/bench_first_visit_bytes.py runs (one page; no figure asserted)."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import start_server, stop_server, wait_charts, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(browser):  # the browser fixture first: it checks Chromium is there
    proc, base = start_server(launcher="app.serve")
    yield base
    stop_server(proc)


def test_static_javascript_and_css_come_back_compressed_and_cached_for_a_year(served, browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    seen = []
    page.on("response", lambda r: seen.append(r) if "/static/" in r.url else None)
    try:
        page.goto(served + "/")
        wait_charts(page, 1, timeout=120_000)
        wait_idle(page)
        text = [r for r in seen if r.url.split("?")[0].endswith((".js", ".css"))]
        assert len(text) > 20, [r.url for r in seen]
        big = []
        for r in text:
            h = r.all_headers()
            assert "max-age=31536000" in h.get("cache-control", "") and "immutable" in h.get(
                "cache-control", ""), (r.url, h)
            size = int(h.get("content-length") or 0)
            if h.get("content-encoding") is None:
                # only files too small to be worth it go out as they are
                assert size < 512, (r.url, h)
            else:
                assert h["content-encoding"] in ("gzip", "br"), (r.url, h)
                big.append(r.url)
        assert any("PlotlyChart." in u for u in big) and any("/index." in u for u in big)
        fonts = [r for r in seen if r.url.endswith(".woff2")]
        assert fonts and all("immutable" in r.all_headers().get("cache-control", "")
                             for r in fonts)
    finally:
        ctx.close()


def test_live_charts_load_no_second_plotly_even_before_streamlits_is_there(served, browser):
    """Streamlit's plotly chunk held back 3 s: the live charts ask for plotly.js before it has
    run, and still wait for that one download rather than fetching the plotly package's."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "lotly" in r.url else None)

    def slow(route):
        time.sleep(3)
        route.continue_()

    page.route("**/static/js/PlotlyChart.*.js", slow)
    try:
        page.goto(served + "/live_training?live.view=live")
        page.wait_for_function(
            "() => document.querySelectorAll('.dl-live-chart .main-svg').length >= 2",
            timeout=120_000)
        wait_idle(page)
        assert not [u for u in asked if "plotly.min.js" in u], asked
        assert len([u for u in asked if "PlotlyChart." in u]) == 1, asked
        # one plotly on the page: the live charts' is Streamlit's
        assert page.evaluate("() => window.__dlLiveChart.plotly.then(P => P === window.Plotly)")
    finally:
        ctx.close()


def test_the_bytes_benchmark_runs_on_one_page(browser):
    from benchmarks.bench_first_visit_bytes import BUDGET_BYTES, measure, rows

    got = measure(pages=(0,), vias=("serve",), settle_s=0, browser=browser)
    r = got[("serve", 0)]
    assert r["requests"] > 20 and 100_000 < r["bytes"] < 20_000_000
    assert r["compressed"] > 0
    out = rows(got)
    assert any(row.budget == f"≤ {BUDGET_BYTES / 1e6:g} MB" for row in out)
    assert any("model" in row.what for row in out)

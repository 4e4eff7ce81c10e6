"""Page 6 in headless Chromium: start training, see the charts change, pause; a second browser
session (its own context: its own cookies and Streamlit session) does not see the first one's run.
"""

import re

import pytest

from tests.browser.conftest import (assert_no_exception, metric_text, open_app, screenshot,
                                    wait_idle)

pytestmark = pytest.mark.browser

# Small networks train fast; redrawing every 2 s keeps the software-rendered headless Chromium on a
# busy 2-core CI machine responsive (every redraw of the eight charts costs it up to a second).
QUERY = "live.scenario=own-settings&live.width=32&live.depth=2&live.batch=64&live.redraw=2"
STATUS = "[data-testid='stAlert']"


def status_text(page) -> str:
    return "\n".join(page.locator(STATUS).all_inner_texts())


def iteration_shown(page) -> int:
    m = re.search(r"(?:Training: iteration|Paused at iteration) (\d+)", status_text(page))
    return int(m.group(1)) if m else -1


FIELD_READY = ("() => { const g = document.querySelectorAll('.js-plotly-plot')[0];"
               " return !!(g && g._fullData && g._fullData.some(d => d.name === 'generated')); }")


def field_points(page) -> str:
    """The generated points of the first field chart, as plotly holds them in the browser."""
    page.wait_for_function(FIELD_READY, timeout=30_000)
    return page.evaluate(
        "() => { const g = document.querySelectorAll('.js-plotly-plot')[0];"
        " const tr = g._fullData.find(d => d.name === 'generated');"
        " return JSON.stringify(Array.from(tr.x).slice(0, 20)); }")


def test_start_see_the_charts_change_pause_and_a_second_session_sees_nothing(server, browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    open_app(page, server, "live_training", QUERY)
    assert_no_exception(page)
    assert "Ready: press Start" in status_text(page)
    w1_before = metric_text(page, "Exact W1")
    pts_before = field_points(page)
    assert len(pts_before) > 20  # the generated points are there

    page.get_by_role("button", name="Start", exact=True).first.click()
    page.wait_for_function("() => document.body.innerText.includes('Training: iteration')",
                           timeout=30_000)
    first = iteration_shown(page)
    # The fragment polls the worker: the numbers and the charts move while we only watch.
    page.wait_for_function(
        "(n) => { const m = document.body.innerText.match(/Training: iteration (\\d+)/);"
        " return m && +m[1] >= n; }", arg=max(first, 0) + 20, timeout=45_000)
    page.wait_for_timeout(1200)
    assert field_points(page) != pts_before
    # W1 is evaluated every 40 iterations (app/jobs.py EVAL_EVERY): wait for the next evaluation
    page.wait_for_function(
        "(before) => { const m = [...document.querySelectorAll(\"[data-testid='stMetric']\")]"
        ".find(e => e.innerText.includes('Exact W1'));"
        " return m && !m.innerText.includes(before); }", arg=w1_before, timeout=30_000)
    assert metric_text(page, "Exact W1") != w1_before
    assert_no_exception(page)

    page.get_by_role("button", name="Pause", exact=True).first.click()
    page.wait_for_function("() => document.body.innerText.includes('Paused at iteration')",
                           timeout=30_000)
    paused_at = iteration_shown(page)
    assert paused_at > first
    page.wait_for_timeout(1500)
    assert iteration_shown(page) == paused_at  # it really stopped
    assert page.get_by_role("button", name="Start", exact=True).first.is_enabled()
    page.set_viewport_size({"width": 1400, "height": 3000})  # the app scrolls inside: show all
    page.wait_for_timeout(800)
    screenshot(page, "live_training")

    other_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = other_ctx.new_page()
    open_app(other, server, "live_training", QUERY)
    assert "Ready: press Start" in status_text(other)
    assert "Paused" not in status_text(other) and "Training" not in status_text(other)
    assert metric_text(other, "Exact W1") == w1_before  # same seed, untrained: not the first run
    assert_no_exception(other)
    other_ctx.close()
    ctx.close()


def _clusters_csv() -> bytes:
    import numpy as np

    rng = np.random.default_rng(0)
    pts = np.concatenate([rng.normal((100.0, 200.0), 3.0, (60, 2)),
                          rng.normal((160.0, 200.0), 3.0, (60, 2))])
    return ("x,y\n" + "".join(f"{a:.4f},{b:.4f}\n" for a, b in pts)).encode()


@pytest.mark.slow
def test_upload_own_points_and_train_on_them(server, page):
    """A student uploads a CSV of 2-D points (far from the data sets' scale): both panels show
    and learn those points, in their units; a step trains them."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_app(page, server, "live_training", QUERY)
    page.get_by_text("Use your own data for the real data").click()
    page.locator("label").filter(has_text="Upload a CSV").first.click()
    wait_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        files=[{"name": "mine.csv", "mimeType": "text/csv", "buffer": _clusters_csv()}])
    page.wait_for_function("() => document.body.innerText.includes('Both panels learn your "
                           "120 points')", timeout=30_000)
    wait_idle(page)
    assert "Using 120 of your points as the real data." in page.locator("body").inner_text()
    # the field charts show the uploaded points, in their units (x from about 90 to 170)
    page.wait_for_function(FIELD_READY, timeout=30_000)
    xs = page.evaluate(
        "() => { const g = document.querySelectorAll('.js-plotly-plot')[0];"
        " const tr = g._fullData.find(d => d.name === 'real data');"
        " return [Math.min(...tr.x), Math.max(...tr.x), g._fullLayout.xaxis.range]; }")
    assert 85 < xs[0] < 100 and 160 < xs[1] < 175, xs
    assert xs[2][0] < xs[0] and xs[2][1] > xs[1]
    page.get_by_role("button", name="Step (+10 iterations)").click()
    page.wait_for_function("() => document.body.innerText.includes('Paused at iteration 10')",
                           timeout=30_000)
    assert_no_exception(page)
    page.set_viewport_size({"width": 1400, "height": 3400})
    page.wait_for_timeout(800)
    screenshot(page, "live_training_own_data")

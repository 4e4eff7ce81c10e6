"""Drawing your own points by clicking, in headless Chromium (a tiny app around app/byod.py):
the click really reaches the server and adds the point, 1-D samples stack, Undo works."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, _free_port, _need_browser, assert_no_exception, open_app, wait_idle

pytestmark = pytest.mark.browser

# Screen position of the data point (x, y) on the i-th plotly chart.
WHERE = """([i, x, y]) => {
  const gd = document.querySelectorAll('.js-plotly-plot')[i];
  const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
  return [r.left + gd._fullLayout.xaxis.l2p(x), r.top + gd._fullLayout.yaxis.l2p(y)];
}"""


@pytest.fixture(scope="module")
def byod_server():
    _need_browser()
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(Path(__file__).with_name("byod_app.py")),
         f"--server.port={port}", "--server.headless=true", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def _click(page, chart: int, x: float, y: float) -> None:
    pos = page.evaluate(WHERE, [chart, x, y])
    page.mouse.move(*pos)
    page.wait_for_timeout(150)
    page.mouse.click(*pos)
    page.wait_for_timeout(600)
    wait_idle(page)


def _result(page, key: str) -> str:
    return page.locator("[data-testid='stMarkdown']").filter(has_text=f"RESULT {key}:").first.inner_text()


@pytest.mark.slow
def test_click_to_draw_points(byod_server, page):
    page.set_viewport_size({"width": 1200, "height": 1700})
    open_app(page, byod_server)
    for i in (0, 1):
        page.locator("label").filter(has_text="Draw by clicking").nth(i).click()
        wait_idle(page)
    _click(page, 0, 0.0, 0.0)
    assert _result(page, "b.q") == "RESULT b.q: none"  # one point is not enough yet
    _click(page, 0, 1.0, -2.0)
    assert _result(page, "b.q") == "RESULT b.q: [[0.0, 0.0], [1.0, -2.0]]"
    # 1-D: the row clicked does not matter, only x; equal samples stack
    _click(page, 1, 0.5, 0.5)
    _click(page, 1, 0.5, 3.5)
    _click(page, 1, -1.0, 0.5)
    assert _result(page, "b.p") == "RESULT b.p: [0.5, 0.5, -1.0]"
    page.locator("button").filter(has_text="Undo last point").nth(1).click()
    wait_idle(page)
    assert _result(page, "b.p") == "RESULT b.p: [0.5, 0.5]"
    assert_no_exception(page)

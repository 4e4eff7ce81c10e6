"""Browser fixtures: the real server on 127.0.0.1 and Debian's headless Chromium via Playwright.

Without Chromium the browser tests skip on a laptop, but fail under ``CI=true``: CI must prove
that the pages render in a real browser.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"
CHROMIUM = os.environ.get("DL_CHROMIUM", "/usr/bin/chromium")
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36")
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
             device_scale_factor=2, user_agent=PHONE_UA)
"""A phone as the browser tests and the screenshots see it: 390×844, touch, a phone's user
agent (the server lays page 6's recording out for it, app/a11y.on_phone)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        missing.append(f"Chromium at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package")
    if missing:
        msg = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg + " (CI=true: a missing browser is a failure)", pytrace=False)
        pytest.skip(msg)


def start_server(port: int | None = None, extra: list[str] | None = None,
                 launcher: str | None = None):
    """Start ``streamlit run app/main.py`` (``launcher="app.serve"``: ``python -m app.serve``) on
    127.0.0.1; returns (process, base URL)."""
    port = port or _free_port()
    start = ([sys.executable, "-m", launcher] if launcher
             else [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "main.py")])
    cmd = [*start, f"--server.port={port}", "--server.headless=true", "--server.address=127.0.0.1",
           "--browser.gatherUsageStats=false", *(extra or [])]
    env = dict(os.environ)
    env.setdefault("DL_WARM", "0")  # the automatic warm-up would compete with the tests' own runs
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("streamlit exited: " + proc.stdout.read().decode()[-2000:])
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def server():
    _need_browser()
    proc, base = start_server()
    yield base
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic", "--disable-dev-shm-usage"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the app has finished its script run (and a little for charts to draw)."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)


def open_app(page, base: str, path: str = "", query: str = "") -> None:
    page.goto(f"{base}/{path}{('?' + query) if query else ''}")
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    wait_idle(page)


def assert_no_exception(page) -> None:
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()[:2000]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/browser/artifacts/ (and docs/screenshots/ when
    ``DL_SCREENSHOTS=1``, to refresh the README's pictures)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(out), full_page=True)
    if os.environ.get("DL_SCREENSHOTS") == "1":
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copy(out, docs / f"{name}.png")
    return out


def metric_text(page, label: str) -> str:
    """The value shown by the st.metric whose label is ``label``."""
    m = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return m.locator("[data-testid='stMetricValue']").inner_text()


def slider_input(page, label: str | None = None):
    """The keyboard-focusable range input of the st.slider labelled ``label`` (first if None)."""
    sliders = page.locator("[data-testid='stSlider']")
    if label is not None:
        sliders = sliders.filter(has_text=label)
    return sliders.first.locator("input[type='range']").first


def press_slider(page, label: str | None, key: str, times: int) -> None:
    """Move a slider with the keyboard (``key`` is "ArrowRight", "ArrowLeft", "End", ...)."""
    inp = slider_input(page, label)
    inp.focus()
    for _ in range(times):
        inp.press(key)
    page.wait_for_timeout(400)
    wait_idle(page)


def wait_charts(page, n: int, timeout: float = 30_000) -> None:
    """Wait until at least ``n`` plotly charts are drawn (plotly's code loads lazily and draws
    after the script run ends, later still on a busy machine)."""
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter(g => g.layout && g.querySelector('.main-svg')).length >= n", arg=n,
        timeout=timeout)


def upload_own_data(page, tmp_path, role: str, text: str) -> None:
    """Open the "Use your own data for <role>" expander (app/byod.py), pick "Upload a CSV" and send
    ``text`` as a CSV file through the real file input; waits for the rerun."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    exp = page.locator("[data-testid='stExpander']").filter(
        has_text=f"Use your own data for {role}").first
    if not exp.locator("label").filter(has_text="Upload a CSV").first.is_visible():
        exp.locator("summary").first.click()
    file_input = exp.locator("input[type='file']").first
    for _ in range(3):  # a click during the previous upload's rerun can be lost: try again
        exp.locator("label").filter(has_text="Upload a CSV").first.click()
        wait_idle(page)
        try:
            file_input.wait_for(state="attached", timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    f = tmp_path / f"{role}.csv"
    f.write_text(text)
    file_input.set_input_files(str(f))
    page.wait_for_timeout(500)
    wait_idle(page)


def wait_metric(page, label: str, value: str, timeout: float = 30_000) -> None:
    """Wait until the st.metric whose label contains ``label`` shows exactly ``value``."""
    page.wait_for_function(
        """([label, value]) => [...document.querySelectorAll('[data-testid=stMetric]')]
             .some(m => m.innerText.includes(label) &&
                   m.querySelector('[data-testid=stMetricValue]').innerText.trim() === value)""",
        arg=[label, value], timeout=timeout)


def start_class(page, base: str) -> str:
    """Open Home and press "Teach a class" in the sidebar, as a teacher does; returns the join
    code shown on the Class page (without its dash)."""
    import re

    open_app(page, base)
    page.locator("[data-testid='stSidebar']").get_by_role(
        "button", name=re.compile("Teach a class")).click()
    page.wait_for_url("**/class**", timeout=30_000)
    wait_idle(page)
    return page.locator(".dl-join-code").inner_text().strip().replace("-", "")

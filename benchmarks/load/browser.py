"""Students in real headless Chromium: one browser process, one context (a private window) each.

The latency of a slider move is measured inside the page, on the page's own clock
(``performance.now()``), so that Python's polling of many pages adds nothing to it:

* ``t0``: the ``keydown`` of the arrow key on the slider;
* the run: the app's root element ``[data-testid=stApp]`` switches its ``data-test-script-state``
  to ``running`` and back to ``notRunning`` (observed with a MutationObserver, old values kept);
  a run so short that React never draws "running" is recognised by its changed metric;
* the result: a metric's text differs from what it was at ``t0``, and the plotly charts redraw
  (the last mutation inside a ``.js-plotly-plot`` after ``t0``, read after a 300 ms quiet window).

latency = max(back to notRunning, metric changed, last chart mutation) − t0.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

from tests.browser.conftest import CHROMIUM, IDLE

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-quic", "--disable-dev-shm-usage",
               # every context must keep running and painting although none has the focus
               "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
               "--disable-backgrounding-occluded-windows"]

MAIN_SLIDERS = "[data-testid='stMain'] [data-testid='stSlider']"

INSTRUMENT = r"""
(() => {
  const D = window.__dl = {t0: null, sawRun: false, idleAt: null, metricAt: null, plotAt: null,
                           sig0: null, done: null, hasMetrics: false};
  const sig = () => [...document.querySelectorAll('[data-testid=stMetricValue]')]
                      .map(e => e.innerText).join('|');
  D.sig = sig;
  document.addEventListener('keydown', () => {
    D.t0 = performance.now(); D.sawRun = false; D.idleAt = null; D.metricAt = null;
    D.plotAt = null; D.done = null; D.sig0 = sig(); D.hasMetrics = D.sig0.length > 0;
  }, true);
  const check = (records) => {
    if (D.t0 === null || D.done !== null) return;
    const now = performance.now();
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-test-script-state') {
        if (r.oldValue === 'running' || r.target.getAttribute('data-test-script-state') === 'running')
          D.sawRun = true;
      } else {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (el && el.closest && el.closest('.js-plotly-plot')) D.plotAt = now;
      }
    }
    if (D.hasMetrics && D.metricAt === null && sig() !== D.sig0) D.metricAt = now;
    const app = document.querySelector('[data-testid=stApp]');
    const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
    // A fast run may never show "running" in the DOM (React batches the two state changes);
    // a changed metric proves the run happened.
    if ((D.sawRun || D.metricAt !== null) && idle) {
      if (D.idleAt === null) D.idleAt = now;
      if (!D.hasMetrics || D.metricAt !== null) D.done = now;
    } else { D.idleAt = null; }
  };
  const start = () => {
    if (!document.body) { setTimeout(start, 20); return; }
    new MutationObserver(check).observe(document.body, {subtree: true, childList: true,
      attributes: true, attributeOldValue: true, characterData: true});
  };
  start();
})();
"""


@dataclass
class BrowserStudent:
    """One student's page; ``latencies`` in seconds, ``errors`` as short texts."""

    name: str
    latencies: list[float] = field(default_factory=list)
    open_s: float = float("nan")
    errors: list[str] = field(default_factory=list)


async def launch(pw):
    return await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)


async def open_student(browser, base: str, url_path: str, name: str, timeout_ms: float = 60_000,
                       query: str = ""):
    """A new context and page at ``/<url_path>``, waited until its main-area slider is drawn and
    the script is idle (the app is "notRunning" for a moment before its first run starts)."""
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    await ctx.add_init_script(INSTRUMENT)
    page = await ctx.new_page()
    st = BrowserStudent(name)
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    await page.goto(f"{base}/{url_path}" + (f"?{query}" if query else ""), timeout=timeout_ms)
    # a visible one: a prediction's guess slider may come first, folded away until opened
    await page.wait_for_selector(MAIN_SLIDERS + " >> visible=true", timeout=timeout_ms)
    await page.wait_for_selector(IDLE, timeout=timeout_ms)
    await page.wait_for_timeout(300)
    await page.wait_for_selector(IDLE, timeout=timeout_ms)
    st.open_s = loop.time() - t0
    return ctx, page, st


async def slider_of(page, label: str | None = None, index: int = 0, timeout_ms: float = 60_000):
    """The range input of the main-area slider labelled ``label`` (its rendered text), else the
    ``index``-th main-area slider; None when the page has no enabled slider there."""
    sliders = page.locator(MAIN_SLIDERS)
    await sliders.nth(max(index, 0)).wait_for(state="attached", timeout=timeout_ms)
    candidates = []
    if label:
        candidates.append(sliders.filter(has_text=label).first)
    candidates.append(sliders.nth(max(index, 0)))
    for c in candidates:
        if await c.count():
            inp = c.locator("input[type='range']:not([disabled])")
            if await inp.count():
                return inp.first
    return None


async def move_once(page, handle, rng: random.Random, timeout_ms: float = 30_000) -> float:
    """Press one arrow key on the slider (random direction, bouncing at the ends) and return the
    in-page latency in seconds. Raises on timeout."""
    v, a, b = await handle.evaluate("e => [+e.value, +e.min, +e.max]")
    key = rng.choice(("ArrowRight", "ArrowLeft"))
    if key == "ArrowRight" and v >= b:
        key = "ArrowLeft"
    elif key == "ArrowLeft" and v <= a:
        key = "ArrowRight"
    await handle.focus()
    await handle.press(key)
    await page.wait_for_function("() => window.__dl && window.__dl.done !== null",
                                 timeout=timeout_ms, polling=50)
    await page.wait_for_timeout(300)  # let the charts finish redrawing
    ms = await page.evaluate(
        "() => Math.max(__dl.done, __dl.metricAt || 0, __dl.plotAt || 0) - __dl.t0")
    return ms / 1000.0


async def has_exception(page) -> str:
    boxes = page.locator("[data-testid='stException']")
    if await boxes.count():
        return (await boxes.first.inner_text())[:300]
    return ""

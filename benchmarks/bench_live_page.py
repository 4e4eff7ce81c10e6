"""Page 6 in headless Chromium while a run trains: how fast Pause, Step and Reset show, how many
bytes each update sends, and whether the charts are updated in place (DESIGN.md §5: Pause /
Reset / Step ≤ 1 s in the browser).

    python -m benchmarks.run live_page
    DL_BENCH_ROOT=/path/to/another/checkout python -m benchmarks.run live_page   # e.g. "before"

It starts the app from ``DL_BENCH_ROOT`` (default: this repository) on a free loopback port,
opens "your own settings" with small networks (width 32, depth 2, batch 64) at the page's default
redraw rate, presses Start, then measures for ``WATCH_S`` seconds the websocket bytes the browser
receives and the updates it shows (distinct "Training: iteration N"), then the seconds from a
click to the browser showing its effect: Pause → "Paused at iteration", Step → "+10", Start and
Reset → "Ready". The browser time includes the server's (the click's callback runs at the start
of the server's rerun), so it bounds the server-side time from above. Needs Chromium and
Playwright; prints a note and no rows without them.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from benchmarks.common import Row

WATCH_S = 10.0
QUERY = "live.scenario=own-settings&live.width=32&live.depth=2&live.batch=64"
STATUS_JS = ("() => [...document.querySelectorAll(\"[data-testid='stAlert']\")]"
             ".map(e => e.innerText).join('\\n')")


def _iteration(text: str) -> int | None:
    m = re.search(r"(?:Training: iteration|Paused at iteration) (\d+)", text)
    return int(m.group(1)) if m else None


def measure(browser, base: str, query: str = QUERY, watch_s: float = WATCH_S) -> dict:
    """The figures of one session (see the module docstring): a dict of seconds and bytes."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    frames: list[int] = []

    def on_ws(ws):
        ws.on("framereceived", lambda payload: frames.append(
            len(payload) if isinstance(payload, (bytes, bytearray)) else len(payload.encode())))

    page.on("websocket", on_ws)
    page.set_default_timeout(180_000)
    out: dict = {}
    try:
        page.goto(f"{base}/live_training?{query}")
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                               timeout=120_000)
        page.get_by_role("button", name="Start", exact=True).first.click()
        page.wait_for_function("() => document.body.innerText.includes('Training: iteration')",
                               timeout=120_000)
        page.wait_for_timeout(1500)
        # charts kept across updates? tag the plotly nodes, look again after a few updates
        page.evaluate("() => document.querySelectorAll('.js-plotly-plot')"
                      ".forEach(g => g.__dl_tag = 1)")
        n_charts = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
        frames.clear()
        seen, t0 = set(), time.perf_counter()
        while time.perf_counter() - t0 < watch_s:
            it = _iteration(page.evaluate(STATUS_JS))
            if it is not None:
                seen.add(it)
            page.wait_for_timeout(100)
        kept = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')]"
                             ".filter(g => g.__dl_tag === 1).length")
        updates = max(len(seen) - 1, 1)
        out.update(bytes_total=sum(frames), updates=updates,
                   bytes_per_update=sum(frames) / updates,
                   updates_per_s=updates / watch_s, charts=n_charts, charts_kept=kept)
        print(f"[live_page] {out}", flush=True)

        def timed(button: str, js_cond: str, arg=None) -> float:
            t = time.perf_counter()
            page.get_by_role("button", name=button, exact=True).first.click()
            page.wait_for_function(js_cond, arg=arg, timeout=180_000)
            dt = time.perf_counter() - t
            print(f"[live_page] {button}: {dt:.2f} s", flush=True)
            return dt

        out["pause_s"] = timed(
            "Pause", "() => document.body.innerText.includes('Paused at iteration')")
        page.wait_for_timeout(500)
        paused_at = _iteration(page.evaluate(STATUS_JS)) or 0
        out["step_s"] = timed(
            "Step (+10 iterations)",
            "(n) => document.body.innerText.includes('Paused at iteration ' + n)", paused_at + 10)
        out["start_s"] = timed(
            "Start", "() => document.body.innerText.includes('Training: iteration')")
        page.wait_for_timeout(3000)
        out["reset_s"] = timed(
            "Reset", "() => document.body.innerText.includes('Ready: press Start')")
    finally:
        ctx.close()
    return out


def run(quick: bool = False) -> list[Row]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("[live_page] Playwright is not installed: no rows")
        return []
    from tests.browser.conftest import CHROMIUM, start_server, stop_server

    root = os.environ.get("DL_BENCH_ROOT")
    if root:  # another checkout: start its app (start_server runs ROOT's; patch the path)
        import tests.browser.conftest as conf

        conf.ROOT = Path(root)
    if not Path(CHROMIUM).exists():
        print(f"[live_page] no Chromium at {CHROMIUM}: no rows")
        return []
    proc, base = start_server()
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                   args=["--no-sandbox", "--disable-gpu",
                                         "--disable-background-networking"])
            try:
                m = measure(b, base, watch_s=5.0 if quick else WATCH_S)
            finally:
                b.close()
    finally:
        stop_server(proc)
    print(f"[live_page] {m}")
    where = f" ({root})" if root else ""
    return [
        Row("page 6: Pause → shown in the browser" + where, m["pause_s"], "s", "≤ 1 s",
            m["pause_s"] <= 1.0, "while training; includes the server's time"),
        Row("page 6: Step (+10) → shown in the browser" + where, m["step_s"], "s", "≤ 1 s",
            m["step_s"] <= 1.0),
        Row("page 6: Reset → shown in the browser" + where, m["reset_s"], "s", "≤ 1 s",
            m["reset_s"] <= 1.0, "while training"),
        Row("page 6: bytes per live update" + where, m["bytes_per_update"], "B", "",
            None, f"{m['updates_per_s']:.2f} updates/s over {m['updates']} updates"),
        Row("page 6: charts kept across updates" + where, m["charts_kept"],
            f"of {m['charts']}", "all", m["charts_kept"] == m["charts"]),
    ]

"""Page 6 in headless Chromium while a run trains: how fast Pause, Step and Reset show, how many
bytes each update sends, and whether the charts are updated in place (DESIGN.md §5: Pause /
Reset / Step ≤ 1 s in the browser).

    python -m benchmarks.run live_page
    python -m benchmarks.run live_page --smoke   # 2 s of watching (figures meaningless)
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


# In the page: every websocket frame with its arrival (or sending) time, so that the server's
# share of a click can be read off the wire (see _server_s).
WS_LOG_INIT = r"""
window.__dlws = [];
(() => {
  const Orig = window.WebSocket;
  const b64 = (buf) => { const b = new Uint8Array(buf); let s = '';
    for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
    return btoa(s); };
  function Logged(url, proto) {
    const ws = new Orig(url, proto);
    ws.addEventListener('message', ev => {
      const t = performance.now();
      if (window.__dlwsOn && ev.data instanceof ArrayBuffer) window.__dlws.push([t, 'in', b64(ev.data)]);
    });
    const send = ws.send.bind(ws);
    ws.send = (x) => { if (window.__dlwsOn) window.__dlws.push([performance.now(), 'out',
      x instanceof ArrayBuffer ? b64(x) : (ArrayBuffer.isView(x) ? b64(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength)) : '')]);
      return send(x); };
    return ws;
  }
  Logged.prototype = Orig.prototype;
  Object.assign(Logged, Orig);
  window.WebSocket = Logged;
})();
"""


def _server_s(log: list, want: str) -> float | None:
    """Seconds from the browser sending the click (the first BackMsg that carries a button's
    trigger) to the arrival of the first element whose text contains ``want``: the server's rerun
    up to the status line, and the wire, but none of the browser's drawing."""
    import base64

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    t_click = None
    for t, way, data in log:
        raw = base64.b64decode(data) if data else b""
        if way == "out" and t_click is None and raw:
            bm = BackMsg()
            bm.ParseFromString(raw)
            if bm.WhichOneof("type") == "rerun_script" and any(
                    w.WhichOneof("value") == "trigger_value" and w.trigger_value
                    for w in bm.rerun_script.widget_states.widgets):
                t_click = t
        elif way == "in" and t_click is not None:
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            if fm.WhichOneof("type") == "delta" and want.encode() in raw:
                return (t - t_click) / 1000
    return None


def _iteration(text: str) -> int | None:
    m = re.search(r"(?:Training: iteration|Paused at iteration) (\d+)", text)
    return int(m.group(1)) if m else None


def _settled_iteration(page, timeout_s: float = 60.0) -> int:
    """The iteration a paused run stands at, once the page has shown the same "Paused at
    iteration N" twice 0.5 s apart. The text can show before the pause's final view is here (on
    a busy machine seconds later, a few iterations on): a Step timed from a number read too soon
    waited for an iteration the run never stops at."""
    last, end = None, time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        page.wait_for_timeout(500)
        text = page.evaluate(STATUS_JS)
        it = _iteration(text) if "Paused at iteration" in text else None
        if it is not None and it == last:
            return it
        last = it
    return last or 0


def measure(browser, base: str, query: str = QUERY, watch_s: float = WATCH_S) -> dict:
    """The figures of one session (see the module docstring): a dict of seconds and bytes."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    frames: list[int] = []

    runs: list[int] = []  # script runs finished (full or fragment): the server's updates

    def on_frame(payload) -> None:
        raw = payload if isinstance(payload, (bytes, bytearray)) else payload.encode()
        frames.append(len(raw))
        if len(raw) < 200:  # script_finished is a tiny message
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            fm = ForwardMsg()
            try:
                fm.ParseFromString(bytes(raw))
            except Exception:  # noqa: BLE001 - not a ForwardMsg: not counted
                return
            if fm.WhichOneof("type") == "script_finished":
                runs.append(len(frames))

    def on_ws(ws):
        ws.on("framereceived", on_frame)

    page.on("websocket", on_ws)
    page.add_init_script(WS_LOG_INIT)
    page.set_default_timeout(180_000)
    out: dict = {}
    try:
        page.goto(f"{base}/live_training?{query}")
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                               timeout=120_000)
        page.get_by_role("button", name="Start", exact=True).first.click()
        # training for real (the trainer process may still be starting: spawn, torch, its
        # calibration take seconds on a busy machine, and a click waits for it)
        page.wait_for_function("() => /Training: iteration [1-9]/.test(document.body.innerText)",
                               timeout=120_000)
        page.wait_for_timeout(1500)
        # charts kept across updates? tag the plotly nodes, look again after a few updates
        page.evaluate("() => document.querySelectorAll('.js-plotly-plot')"
                      ".forEach(g => g.__dl_tag = 1)")
        n_charts = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
        frames.clear()
        runs.clear()
        seen, t0 = set(), time.perf_counter()
        while time.perf_counter() - t0 < watch_s:
            it = _iteration(page.evaluate(STATUS_JS))
            if it is not None:
                seen.add(it)
            page.wait_for_timeout(100)
        kept = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')]"
                             ".filter(g => g.__dl_tag === 1).length")
        updates = max(len(seen) - 1, 1)
        n_runs = max(len(runs), 1)
        out.update(bytes_total=sum(frames), updates=updates,
                   bytes_per_update=sum(frames) / updates,
                   updates_per_s=updates / watch_s, server_updates=len(runs),
                   bytes_per_server_update=sum(frames) / n_runs,
                   watch_s=watch_s, charts=n_charts, charts_kept=kept)
        print(f"[live_page] {out}", flush=True)

        def timed(button: str, want: str) -> tuple[float, float | None]:
            page.evaluate("() => { window.__dlws.length = 0; window.__dlwsOn = true; }")
            t = time.perf_counter()
            page.get_by_role("button", name=button, exact=True).first.click()
            page.wait_for_function("(w) => document.body.innerText.includes(w)", arg=want,
                                   timeout=180_000)
            dt = time.perf_counter() - t
            log = page.evaluate("() => { window.__dlwsOn = false; return window.__dlws; }")
            server = _server_s(log, want)
            print(f"[live_page] {button}: {dt:.2f} s in the browser, "
                  f"{'?' if server is None else f'{server:.3f}'} s click → server's answer",
                  flush=True)
            return dt, server

        out["pause_s"], out["pause_server_s"] = timed("Pause", "Paused at iteration")
        paused_at = _settled_iteration(page)
        out["step_s"], out["step_server_s"] = timed(
            "Step (+10 iterations)", f"Paused at iteration {paused_at + 10}")
        out["start_s"], out["start_server_s"] = timed("Start", "Training: iteration")
        page.wait_for_timeout(3000)
        out["reset_s"], out["reset_server_s"] = timed("Reset", "Ready: press Start")
    finally:
        ctx.close()
    return out


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: the same session, watching 2 s (tests/test_benchmarks_smoke.py)."""
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
                m = measure(b, base, watch_s=2.0 if smoke else 5.0 if quick else WATCH_S)
            finally:
                b.close()
    finally:
        stop_server(proc)
    print(f"[live_page] {m}")
    where = f" ({root})" if root else ""
    rows = []
    for key, what, note in (("pause", "Pause", "while training"), ("step", "Step (+10)", ""),
                            ("reset", "Reset", "while training")):
        srv = m.get(f"{key}_server_s")
        if srv is not None:
            rows.append(Row(f"page 6: {what} → the server's answer on the wire" + where, srv,
                            "s", "≤ 0.5 s", srv <= 0.5,
                            "from the click's message leaving the browser to the new status "
                            "arriving"))
        rows.append(Row(f"page 6: {what} → shown in the browser" + where, m[f"{key}_s"], "s",
                        "≤ 1 s", m[f"{key}_s"] <= 1.0,
                        "from the click to the text on screen" + (f"; {note}" if note else "")))
    return rows + [
        Row("page 6: bytes per live update shown" + where, m["bytes_per_update"], "B", "",
            None, f"{m['updates_per_s']:.2f} updates/s shown over {m['updates']} updates"),
        Row("page 6: bytes per update the server sent" + where, m["bytes_per_server_update"],
            "B", "", None, f"{m['server_updates']} script runs in {m['watch_s']:.0f} s"),
        Row("page 6: charts kept across updates" + where, m["charts_kept"],
            f"of {m['charts']}", "all", m["charts_kept"] == m["charts"]),
    ]

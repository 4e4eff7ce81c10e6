"""First visits: how long a newcomer waits for each page on a freshly started server.

    python -m benchmarks.run first_visit             # 3 fresh servers per page and way in
    python -m benchmarks.run first_visit --quick     # 1
    python -m benchmarks.run first_visit --smoke     # 1, page 4 only, a failure raises
    python -m benchmarks.bench_first_visit --root /path/to/another/checkout --reps 3

For every page and each of two ways in, a fresh server is started (``python -m app.serve``, the
README's command; ``--launcher streamlit``: ``streamlit run app/main.py``); the
clock starts when it answers ``/_stcore/health`` and stops when the page's key chart (the one
tests/browser/test_one_screen.py requires on the first screen; page 6: its first chart, the
recorded run it opens on) is drawn
in headless Chromium (a new private window: no cached JavaScript):

* **link**: the page's address typed in (a pasted link) as soon as the server is healthy;
* **navigation**: Home opened as soon as the server is healthy, then the page's entry in the
  sidebar clicked; the time counts from healthy to the page's chart (Home's load included).

Page 4's "first results" is the same clock stopped when the trained critic's numbers show.
Printed as the median over the fresh servers (DESIGN.md §5: ≤ 2 s after healthy). The servers
start with the automatic warm-up on (what a newcomer gets); ``--no-warm`` (``DL_WARM=0``) turns
it off for a comparison.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks.common import Row

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 2.0
PAGES = (0, 1, 2, 3, 4, 5, 6)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LAUNCHERS = ("serve", "streamlit")
"""``serve``: ``python -m app.serve`` (the README's command: libraries imported before the server
listens, warm-up from healthy); ``streamlit``: ``streamlit run app/main.py``."""
STARTED: list[float] = []
"""Seconds from process start to healthy, one per server started (printed with the rows)."""


def start(root: Path, warm: bool, launcher: str = "serve") -> tuple[subprocess.Popen, str, float]:
    """A fresh server from ``root``; returns (process, base URL, perf_counter when healthy)."""
    port = _port()
    env = dict(os.environ, DL_WARM="1" if warm else "0")
    if launcher == "serve" and not (root / "app" / "serve.py").exists():
        launcher = "streamlit"  # an older checkout
    cmd = ([sys.executable, "-m", "app.serve"] if launcher == "serve"
           else [sys.executable, "-m", "streamlit", "run", str(root / "app" / "main.py")])
    t_start = time.perf_counter()
    proc = subprocess.Popen(
        cmd + [f"--server.port={port}", "--server.headless=true", "--server.address=127.0.0.1",
               "--browser.gatherUsageStats=false"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    now = time.perf_counter()
                    STARTED.append(now - t_start)
                    return proc, base, now
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not become healthy")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)  # reaped: no zombie left behind (a loaded machine's exit takes 9 s)


def key_chart(step: int) -> str:
    """The selector of what counts as the page's first meaningful paint."""
    from tests.browser.test_one_screen import SCREENS

    if step in SCREENS:
        return f"{SCREENS[step].chart} .js-plotly-plot .main-svg"
    # page 6 opens on a recorded run (no Start needed): its first chart, the recording's
    return "[data-testid='stMain'] .js-plotly-plot .main-svg"


def visit(browser, root: Path, step: int, how: str, warm: bool, launcher: str = "serve") -> dict:
    """One fresh server, one visit; seconds from healthy to the key chart (and, on page 4, to the
    critic's numbers)."""
    from app.navigation import PAGES as INFO

    info = INFO[step]
    proc, base, healthy = start(root, warm, launcher)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    out = {}
    try:
        if how == "link":
            page.goto(f"{base}/{info.url_path if step else ''}")
        else:
            page.goto(base + "/")
            if step:
                page.wait_for_selector("[data-testid='stSidebarNav'] a", timeout=90_000)
                page.locator("[data-testid='stSidebarNav'] a").nth(step).click()
        page.locator(key_chart(step)).first.wait_for(state="visible", timeout=120_000)
        out["paint"] = time.perf_counter() - healthy
        if step == 4:
            page.locator("[data-testid='stMetric']").filter(
                has_text="Exact W1").first.wait_for(state="visible", timeout=120_000)
            out["results"] = time.perf_counter() - healthy
    finally:
        ctx.close()
        stop(proc)
    return out


def floor(browser, root: Path, pages=PAGES, launcher: str = "serve",
          strict: bool = False) -> dict:
    """The same visit (a pasted link, a new private window) to a server that has already served
    every page once: what the browser itself needs to load Streamlit and draw the chart on this
    machine now. A first visit cannot be faster; the rows compare with it."""
    from app.navigation import PAGES as INFO

    proc, base, _ = start(root, False, launcher)
    out = {}
    try:
        for rep in range(2):  # the first round fills the server's caches; the second is timed
            for step in pages:
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = ctx.new_page()
                try:
                    t0 = time.perf_counter()
                    page.goto(f"{base}/{INFO[step].url_path if step else ''}")
                    page.locator(key_chart(step)).first.wait_for(state="visible", timeout=120_000)
                    if rep:
                        out[step] = time.perf_counter() - t0
                except Exception as exc:
                    print(f"[first visit] floor page {step}: FAILED ({type(exc).__name__})",
                          file=sys.stderr, flush=True)
                    if strict:
                        raise
                finally:
                    ctx.close()
    finally:
        stop(proc)
    return out


def measure(root: Path = ROOT, reps: int = 3, warm: bool = True, pages=PAGES,
            launcher: str = "serve", strict: bool = False) -> dict:
    """{(step, how): [seconds, ...]} and page 4's results, over ``reps`` fresh servers each;
    ``strict``: a visit that fails raises (else it is reported and left out)."""
    from playwright.sync_api import sync_playwright

    from benchmarks.load.browser import LAUNCH_ARGS
    from tests.browser.conftest import CHROMIUM

    got: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            for step, secs in floor(browser, root, pages, launcher, strict).items():
                print(f"[first visit] floor page {step}: {secs:.2f} s", file=sys.stderr, flush=True)
                got[(step, "floor")] = [secs]
            for _ in range(reps):
                for step in pages:
                    for how in ("link", "navigation"):
                        try:
                            r = visit(browser, root, step, how, warm, launcher)
                        except Exception as exc:  # a page that never drew: say so, go on
                            print(f"[first visit] page {step} {how}: FAILED "
                                  f"({type(exc).__name__})", file=sys.stderr, flush=True)
                            if strict:
                                raise
                            continue
                        print(f"[first visit] page {step} {how}: "
                              + ", ".join(f"{k} {v:.2f} s" for k, v in r.items()),
                              file=sys.stderr, flush=True)
                        got.setdefault((step, how), []).append(r["paint"])
                        if "results" in r:
                            got.setdefault((step, how + " results"), []).append(r["results"])
        finally:
            browser.close()
    return got


def rows(got: dict, label: str = "") -> list[Row]:
    from app.navigation import PAGES as INFO

    out = []
    for (step, how), secs in sorted(got.items()):
        med = statistics.median(secs)
        if how == "floor":
            out.append(Row(f"warm-server floor, page {step} ({INFO[step].url_path}): link → key "
                           "chart", med, "s", "", None,
                           "a server that already served the page: the browser's own share"
                           + (f"; {label}" if label else "")))
            continue
        what = (f"first visit, page {step} ({INFO[step].url_path}), {how}: healthy → "
                + ("critic's numbers" if how.endswith("results") else "key chart"))
        out.append(Row(what, med, "s", f"≤ {BUDGET_S:g} s", med <= BUDGET_S,
                       f"median of {len(secs)} fresh servers ({', '.join(f'{s:.2f}' for s in secs)})"
                       + (f"; {label}" if label else "")))
    for step in sorted({s for s, _ in got}):
        link, nav = got.get((step, "link")), got.get((step, "navigation"))
        fl = got.get((step, "floor"))
        if link and fl:
            ratio = statistics.median(link) / fl[0]
            out.append(Row(f"first visit, page {step}: pasted link ÷ warm-server floor", ratio, "×",
                           "", None, "1 = a fresh server costs nothing extra"
                           + (f"; {label}" if label else "")))
        if link and nav:
            ratio = statistics.median(link) / statistics.median(nav)
            out.append(Row(f"first visit, page {step}: pasted link ÷ navigation", ratio, "×",
                           "≤ 1 (a link no slower)", ratio <= 1.0 + 0.1,
                           "within 10 % counts as no slower" + (f"; {label}" if label else "")))
    return out


SMOKE_PAGES = (4,)
"""The smoke run's page: page 4 goes through every branch (sidebar click, the critic's numbers)."""


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: one fresh server a way for page 4 only, and a failed visit raises
    (tests/test_benchmarks_smoke.py; figures meaningless)."""
    if smoke:
        return rows(measure(reps=1, pages=SMOKE_PAGES, strict=True), "automatic warm-up on")
    return rows(measure(reps=1 if quick else 3), "automatic warm-up on")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app is served")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-warm", action="store_true", help="DL_WARM=0: no automatic warm-up")
    ap.add_argument("--pages", default=",".join(map(str, PAGES)))
    ap.add_argument("--launcher", choices=LAUNCHERS, default="serve",
                    help="how the server is started (default: python -m app.serve)")
    args = ap.parse_args(argv)
    got = measure(args.root.resolve(), args.reps, not args.no_warm,
                  tuple(int(p) for p in args.pages.split(",")), args.launcher)
    from benchmarks.run import print_table

    print_table(rows(got, f"root {args.root}, {args.launcher}, "
                          f"warm-up {'off' if args.no_warm else 'on'}"))
    if STARTED:
        print(f"process start → healthy: median {statistics.median(STARTED):.2f} s over "
              f"{len(STARTED)} servers ({args.launcher})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

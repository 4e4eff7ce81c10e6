"""First visits on the wire: how many bytes and requests a newcomer's browser downloads per page,
and what that means for a class of 30 on one school link.

    python -m benchmarks.run first_visit_bytes             # every page, python -m app.serve and nginx
    python -m benchmarks.run first_visit_bytes --quick     # Home, page 6 (both views), app.serve
    python -m benchmarks.bench_first_visit_bytes --pages 0,6 --via serve,nginx --root /other/checkout

Each visit is a new private window (a fresh browser context: nothing cached) in headless Chromium,
opening the page's address (a pasted link) on a server that has already run the page once (so
that the figure is the network's, not a cold server's). Bytes are what Chromium's network events
report as received for each HTTP response (``Network.loadingFinished``'s ``encodedDataLength``:
headers plus the body as it travelled, compressed or not), counted from the page's address until
the page's key chart is drawn and the network has been quiet for a second (a lazily loaded chunk
after the chart counts). The websocket's bytes (the app's own messages) are printed apart; they
are the same whatever serves the static files.

Ways in (``--via``): ``serve`` is the README's ``python -m app.serve``; ``streamlit`` is plain
``streamlit run app/main.py``; ``nginx`` is the deploy's configuration (``deploy/render_nginx.py``)
in front of one ``streamlit run`` replica, as ``deploy/replicas.sh`` starts them. ``--root``
serves another checkout's app (for a before/after comparison; nginx's configuration is always
this checkout's: run the module from the other checkout to measure its own).

**A class on one link** is a model, not a measurement: 30 cold browsers that start together share
a 20 Mbit/s school link, so the last of them has its first chart after about
``30 × bytes × 8 / 20 Mbit/s`` (the class's bytes through the link) plus the single visit's own
time measured here (server and browser work, on localhost). Budget (DESIGN.md §4, issue 23):
a first visit to any page costs ≤ 2 MB (2 000 000 bytes) on the wire.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Row

ROOT = Path(__file__).resolve().parent.parent
BUDGET_BYTES = 2_000_000
CLASS_SIZE = 30
LINK_MBIT = 20.0
PAGES = (0, 1, 2, 3, 4, 5, 6, "6live")
"""The pages by number; ``"6live"`` is page 6 opened on its live view (``?live.view=live``, as a
teacher's link or a student following the teacher opens it), whose first chart is a live chart
(app/live_chart.py), drawn with Streamlit's plotly chunk."""
LIVE_VIEW = "live.view=live"


def _where(step) -> tuple[str, str, str]:
    """(the page's address relative to the app, the selector of its key chart, its name)."""
    from app.navigation import PAGES as INFO
    from benchmarks.bench_first_visit import key_chart

    if step == "6live":
        return (f"{INFO[6].url_path}?{LIVE_VIEW}", ".dl-live-chart .main-svg",
                f"{INFO[6].url_path}?{LIVE_VIEW}")
    return INFO[step].url_path if step else "", key_chart(step), INFO[step].url_path
VIAS = ("serve", "streamlit", "nginx")
QUIET_S = 1.0
"""The network counts as quiet after this long without a request starting or ending."""


def class_seconds(nbytes: float, single_s: float, n: int = CLASS_SIZE,
                  mbit: float = LINK_MBIT) -> float:
    """The model: seconds until the last of ``n`` cold browsers sharing a ``mbit`` Mbit/s link has
    its first chart, when one visit downloads ``nbytes`` and takes ``single_s`` on its own."""
    return n * nbytes * 8 / (mbit * 1e6) + single_s


def visit(browser, url: str, chart: str, timeout_ms: float = 300_000) -> dict:
    """One first visit in a new private window: bytes on the wire, requests, what was compressed,
    the websocket's bytes and the seconds from the address to the key chart."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    reqs: dict[str, dict] = {}
    ws = {"bytes": 0}
    last = {"t": time.perf_counter()}

    def started(p):
        reqs.setdefault(p["requestId"], {"url": p["request"]["url"], "done": False, "bytes": 0})
        last["t"] = time.perf_counter()

    def responded(p):
        r = reqs.setdefault(p["requestId"], {"url": p["response"]["url"], "done": False,
                                             "bytes": 0})
        h = {k.lower(): v for k, v in p["response"]["headers"].items()}
        r.update(status=p["response"]["status"], type=p.get("type", ""),
                 encoding=h.get("content-encoding", ""), cache=h.get("cache-control", ""),
                 cached=bool(p["response"].get("fromDiskCache")))

    def finished(p):
        r = reqs.setdefault(p["requestId"], {"url": "?", "bytes": 0})
        r.update(done=True, bytes=int(p.get("encodedDataLength", 0)))
        last["t"] = time.perf_counter()

    def failed(p):
        reqs.setdefault(p["requestId"], {"url": "?", "bytes": 0})["done"] = True
        last["t"] = time.perf_counter()

    def frame(p):
        data = p["response"].get("payloadData", "")
        ws["bytes"] += len(data) * 3 // 4 if p["response"].get("opcode") == 2 else len(data)

    cdp.on("Network.requestWillBeSent", started)
    cdp.on("Network.responseReceived", responded)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failed)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.send("Network.enable")
    try:
        t0 = time.perf_counter()
        page.goto(url)
        page.locator(chart).first.wait_for(state="visible", timeout=timeout_ms)
        chart_s = time.perf_counter() - t0
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            busy = any(not r.get("done") for r in reqs.values()
                       if not r["url"].startswith(("ws:", "wss:")))
            if not busy and time.perf_counter() - last["t"] >= QUIET_S:
                break
            page.wait_for_timeout(100)
    finally:
        ctx.close()
    http = [r for r in reqs.values() if not r["url"].startswith(("ws:", "wss:", "data:"))]
    static = [r for r in http if "/static/" in r["url"] or "/component/" in r["url"]]
    text = [r for r in static if r["url"].split("?")[0].endswith((".js", ".css"))]
    return {
        "bytes": sum(r["bytes"] for r in http),
        "requests": len(http),
        "ws_bytes": ws["bytes"],
        "chart_s": chart_s,
        "compressed": sum(1 for r in text if r.get("encoding") in ("gzip", "br", "zstd")),
        "text_assets": len(text),
        "largest": sorted(((r["bytes"], r["url"].rsplit("/", 1)[-1]) for r in http),
                          reverse=True)[:5],
        "static_urls": [r["url"] for r in static if "/static/" in r["url"]],
    }


def settle(urls: list[str], timeout: float = 240.0) -> float:
    """Wait until a server that compresses in the background (``python -m app.serve``: brotli
    copies, app/compress.py) sends every one of ``urls`` brotli'd, as it does once it has run a
    while; returns the seconds waited (``timeout`` if it never did)."""
    import urllib.request

    t0 = time.perf_counter()
    todo = [u for u in urls if u.split("?")[0].endswith((".js", ".css"))]
    while todo and time.perf_counter() - t0 < timeout:
        left = []
        for u in todo:
            req = urllib.request.Request(u, method="HEAD", headers={"Accept-Encoding": "br, gzip"})
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    small = int(r.headers.get("Content-Length") or 0) < 512
                    if r.headers.get("Content-Encoding") != "br" and not small:
                        left.append(u)
            except OSError:
                left.append(u)
        todo = left
        if todo:
            time.sleep(1.0)
    return time.perf_counter() - t0


class _Served:
    """A server (and for ``nginx``, nginx in front of it) for one way in; ``base`` its address."""

    def __init__(self, root: Path, via: str):
        from tests.browser.conftest import start_server

        self.root, self.via, self.nginx, self.prefix = root, via, None, None
        launcher = "app.serve" if via == "serve" and (root / "app" / "serve.py").exists() else None
        if root == ROOT:
            self.proc, self.base = start_server(launcher=launcher)
        else:  # another checkout (a before/after comparison): its own server, same options
            self.proc, self.base = _start_at(root, launcher)
        if via == "nginx":
            from tests.test_deploy import start_nginx

            exe = shutil.which("nginx") or "/usr/sbin/nginx"
            self.prefix = Path(tempfile.mkdtemp(prefix="dl-bench-nginx-"))
            self.prefix.chmod(0o755)
            self.nginx, self.base = start_nginx(exe, self.prefix, [self.base])

    def close(self) -> None:
        from tests.test_deploy import stop_nginx_and_servers

        stop_nginx_and_servers(self.nginx, [self.proc])
        if self.prefix is not None:
            shutil.rmtree(self.prefix, ignore_errors=True)


def _start_at(root: Path, launcher: str | None):
    import subprocess
    import urllib.request

    from tests.browser.conftest import _free_port

    port = _free_port()
    start = ([sys.executable, "-m", launcher] if launcher
             else [sys.executable, "-m", "streamlit", "run", str(root / "app" / "main.py")])
    proc = subprocess.Popen(
        [*start, f"--server.port={port}", "--server.headless=true", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false"], cwd=root, env=dict(os.environ, DL_WARM="0"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"the server of {root} did not become healthy")


def measure(root: Path = ROOT, pages=PAGES, vias=("serve",), settle_s: float = 240.0,
            browser=None, warm_visit: bool = True) -> dict:
    """{(via, step): visit(...)}: one first visit per page and way in, each on a server that
    has already run the page once (a throwaway visit first) and, for ``serve``, has made the
    brotli copies of what it loads (waiting up to ``settle_s``; 0: no wait, the smoke test).
    ``browser``: a Playwright Chromium to use (a new one is launched without it).
    ``warm_visit=False``: no throwaway visit (the bytes are the same; the time is a cold
    server's), for a quicker before/after of the bytes alone."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        from benchmarks.load.browser import LAUNCH_ARGS
        from tests.browser.conftest import CHROMIUM

        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            try:
                return measure(root, pages, vias, settle_s, b, warm_visit)
            finally:
                b.close()

    got: dict = {}
    for via in vias:
        if via == "nginx" and not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
            print("[first visit bytes] nginx is not installed: skipped", file=sys.stderr)
            continue
        served = _Served(root, via)
        try:
            for step in pages:
                path, chart, _ = _where(step)
                url = f"{served.base}/{path}"
                try:
                    first = visit(browser, url, chart) if warm_visit else None  # a first run
                    if first is not None and via == "serve" and settle_s > 0:
                        waited = settle(first["static_urls"], settle_s)
                        print(f"[first visit bytes] {via} page {step}: brotli copies ready "
                              f"after {waited:.0f} s", file=sys.stderr, flush=True)
                    r = visit(browser, url, chart)
                    r["warm_server"] = warm_visit
                except Exception as exc:  # a page that never drew: say so, go on
                    print(f"[first visit bytes] {via} page {step}: FAILED "
                          f"({type(exc).__name__}: {exc})", file=sys.stderr, flush=True)
                    continue
                got[(via, step)] = r
                print(f"[first visit bytes] {via} page {step}: {r['bytes'] / 1e6:.2f} MB "
                      f"in {r['requests']} requests, {r['compressed']}/{r['text_assets']} "
                      f"JS/CSS compressed, websocket {r['ws_bytes'] / 1e3:.0f} kB, chart "
                      f"{r['chart_s']:.2f} s; largest "
                      + ", ".join(f"{n} {b / 1e3:.0f} kB" for b, n in r["largest"][:3]),
                      file=sys.stderr, flush=True)
        finally:
            served.close()
    return got


def rows(got: dict, label: str = "") -> list[Row]:
    out = []
    note_end = f"; {label}" if label else ""
    for (via, step), r in sorted(got.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        name = f"first visit bytes, page {step} ({_where(step)[2]}), {via}"
        out.append(Row(name, r["bytes"] / 1e6, "MB", f"≤ {BUDGET_BYTES / 1e6:g} MB",
                       r["bytes"] <= BUDGET_BYTES,
                       f"{r['requests']} requests; {r['compressed']} of {r['text_assets']} JS/CSS "
                       f"compressed; websocket {r['ws_bytes'] / 1e3:.0f} kB apart{note_end}"))
        out.append(Row(f"first visit requests, page {step}, {via}", r["requests"], "requests",
                       "", None, "HTTP requests until the key chart and a quiet second" + note_end))
    for via in sorted({v for v, _ in got}):
        mine = {s: r for (v, s), r in got.items() if v == via}
        heaviest = max(mine, key=lambda s: mine[s]["bytes"])
        link = class_seconds(mine[heaviest]["bytes"], 0.0)
        out.append(Row(f"{CLASS_SIZE} cold browsers on one {LINK_MBIT:g} Mbit/s link: the class's "
                       f"bytes through it (model), {via}", link, "s", "", None,
                       f"heaviest page {heaviest}: {CLASS_SIZE} × "
                       f"{mine[heaviest]['bytes'] / 1e6:.2f} MB × 8 / {LINK_MBIT:g} Mbit/s, the "
                       f"link's share of the wait whatever the machine's load{note_end}"))
        worst = max(mine, key=lambda s: class_seconds(mine[s]["bytes"], mine[s]["chart_s"]))
        r = mine[worst]
        secs = class_seconds(r["bytes"], r["chart_s"])
        out.append(Row(f"{CLASS_SIZE} cold browsers on one {LINK_MBIT:g} Mbit/s link: last first "
                       f"chart (model), {via}", secs, "s", "", None,
                       f"worst page {worst}: {CLASS_SIZE} × {r['bytes'] / 1e6:.2f} MB × 8 / "
                       f"{LINK_MBIT:g} Mbit/s + its measured visit {r['chart_s']:.2f} s"
                       f"{'' if r.get('warm_server', True) else ' (a cold server)'} "
                       f"(a model from the measured bytes, not a measurement){note_end}"))
    return out


def run(quick: bool = False) -> list[Row]:
    if quick:
        return rows(measure(pages=(0, 6, "6live"), vias=("serve",)))
    return rows(measure(vias=("serve", "nginx")))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app is served")
    ap.add_argument("--pages", default=",".join(map(str, PAGES)))
    ap.add_argument("--settle", type=float, default=240.0,
                    help="seconds to wait for app.serve's brotli copies before the measured "
                         "visit (0: none; a checkout without them)")
    ap.add_argument("--no-warm-visit", action="store_true",
                    help="no throwaway visit first: the same bytes, a cold server's time")
    ap.add_argument("--via", default="serve,nginx",
                    help=f"comma-separated ways in, of {', '.join(VIAS)} (default serve,nginx)")
    args = ap.parse_args(argv)
    vias = tuple(v for v in args.via.split(",") if v)
    bad = [v for v in vias if v not in VIAS]
    if bad:
        ap.error(f"unknown --via {bad}")
    pages = tuple(p if p == "6live" else int(p) for p in args.pages.split(","))
    got = measure(args.root.resolve(), pages, vias, args.settle,
                  warm_visit=not args.no_warm_visit)
    from benchmarks.run import print_table

    print_table(rows(got, f"root {args.root}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

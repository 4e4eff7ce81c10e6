"""Warm a freshly started server's caches before the class arrives.

    python -m deploy.warm_caches http://127.0.0.1:8501 [http://127.0.0.1:8502 ...]

Opens every analytic page once, as a student would, and walks the θ slider of each through all
its values (page 4 in 1D and in 2D), over Streamlit's own websocket protocol (the client of the
load benchmark, deploy/protocol.py). The results land in the server's ``st.cache_data``
caches, which every session shares; nothing of a session is kept.

Why: page 4 trains critics the first time a setting is seen (four of them per offset, 1-8 s of
CPU). Thirty students moving its θ slider at once made every other student's page wait (the load
benchmark measured a p95 of 1.4 s at N = 20 against 0.6 s without that page). Its default
settings' critics, at every offset, now ship with the app (divergences/critic_defaults.py: built
by ``python -m divergences.critic_defaults``, rebuilt from their parameters in milliseconds), so
the walk over page 4 only fills the shared cache with them; only students who change the
critic's own settings wait for training, behind a progress bar. Should the shipped files be
missing or out of date, the walk trains the defaults as before (about a minute of one core per
server). deploy/replicas.sh runs it after the replicas are healthy (``DL_WARM=0`` skips it).

Only 127.0.0.1 / localhost is accepted (the protocol client refuses anything else).

**Automatic.** A server also warms itself: app/main.py calls :func:`start_in_background` on every
run, which starts this walk once per server process, in a daemon thread, against the server's
own port, after the first session's first run has begun (Streamlit runs no code of the app before
a first visitor arrives); ``python -m app.serve`` starts it as soon as the server is healthy
(:func:`start_when_healthy`). It never blocks a page: every warm rerun is an ordinary session of the
server, and it yields to visitors: it reruns a page only when no visitor's page run has been going
on for :data:`QUIET_S` (at most :data:`MAX_YIELD_S` of waiting per rerun), so that the first
visitor's run does not share the interpreter and the cores with it. Order:
every view at its defaults first (Home, then page 4, whose critics are the slowest to train
when they are not shipped), then the θ sliders (page 4's first). ``DL_WARM=0`` turns it off (the browser tests do).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time

from app.navigation import PAGES
from deploy.protocol import ProtocolSession, choose_slider

MAX_VALUES = 200
"""At most this many values per slider (every page's θ slider has fewer)."""
VIEWS = [(p.url_path if p.step else "", "") for p in PAGES if p.file != "live_training.py"]
VIEWS.append(("critic", "critic.dim=2d"))
AUTO_ORDER = sorted(VIEWS, key=lambda v: (v[0] != "", v[0] != "critic"))
"""The automatic warm-up's order: Home, page 4 (1D, then 2D), then the other pages."""
PAUSE_S = 0.05
"""The automatic warm-up's pause between two reruns: other sessions' runs go first."""
WARM_HEADER = "X-Divergence-Lab-Warm-Up"
"""The handshake header of the automatic warm-up's own sessions: app/main.py does not count their
runs as a visitor's (:func:`visitor_run`)."""
QUIET_S = 1.5
"""The automatic warm-up reruns a page only when no visitor's run has been going on for this
long: on a 2-core server a first visitor arriving while the warm-up ran pages at full speed
waited 3.8 s for page 1's chart instead of 2.7 s (``bench_first_visit``, quiet machine), since
its run and the warm-up's shared the interpreter and the cores."""
START_DELAY_S = 3.0
"""At a server's start the warm-up first waits this long: a visitor who opens the page as soon as
the server is healthy spends about 1.5 s loading Streamlit's front end before the first page run
(which the warm-up then yields to); a warm-up running pages meanwhile took the cores from that
browser."""
MAX_YIELD_S = 5.0
"""...but after waiting this long it reruns one page anyway, so that a busy class still gets its
caches warmed, one page run every few seconds."""

_visitors = {"running": 0, "last": float("-inf"), "yielded": 0.0}
"""Visitors' page runs going on, when the last began or ended, and the seconds the warm-up has
waited for them (printed when it is done)."""
_visitors_lock = threading.Lock()


class visitor_run:
    """``with visitor_run(is_warm_up):`` around a visitor's page run (app/main.py): the automatic
    warm-up waits while one is going on and for :data:`QUIET_S` after it (:func:`quiet`)."""

    def __init__(self, is_warm_up: bool = False):
        self.counts = not is_warm_up

    def __enter__(self):
        if self.counts:
            with _visitors_lock:
                _visitors["running"] += 1
                _visitors["last"] = time.monotonic()
        return self

    def __exit__(self, *exc):
        if self.counts:
            with _visitors_lock:
                _visitors["running"] -= 1
                _visitors["last"] = time.monotonic()
        return False


def visitors_quiet(now: float | None = None) -> bool:
    """Whether no visitor's run is going on or ended less than :data:`QUIET_S` ago."""
    now = time.monotonic() if now is None else now
    with _visitors_lock:
        return _visitors["running"] == 0 and now - _visitors["last"] >= QUIET_S


async def quiet(max_wait: float = MAX_YIELD_S, poll: float = 0.05) -> float:
    """Wait until :func:`visitors_quiet` (at most ``max_wait`` seconds); returns the seconds
    waited."""
    t0 = time.monotonic()
    while not visitors_quiet() and time.monotonic() - t0 < max_wait:
        await asyncio.sleep(poll)
    waited = time.monotonic() - t0
    _visitors["yielded"] += waited
    return waited


def slider_values(s) -> list[float]:
    """Every value of the slider ``s`` from its minimum to its maximum, at most MAX_VALUES."""
    if s.n_options:
        return [float(i) for i in range(min(s.n_options, MAX_VALUES))]
    n = int(round((s.hi - s.lo) / s.step)) + 1 if s.step > 0 else 1
    return [round(s.lo + i * s.step, 10) for i in range(min(max(n, 1), MAX_VALUES))]


async def warm_view(base: str, url_path: str, query: str, timeout: float,
                    walk: bool = True, pause: float = 0.0,
                    yield_to_visitors: bool = False) -> tuple[int, int]:
    """Open one view and (``walk``) walk its θ slider, ``pause`` seconds between reruns
    (``yield_to_visitors``: and after :func:`quiet`); returns (reruns done, reruns failed)."""
    s = ProtocolSession(base, url_path, query=query, timeout=timeout,
                        headers={WARM_HEADER: "1"} if yield_to_visitors else None)
    done = failed = 0
    try:
        if yield_to_visitors:
            await quiet()
        res = await s.open()
        done += 1
        if not res.ok:
            return done, failed + 1
        sl = choose_slider(s.sliders) if walk else None
        if sl is None:
            return done, failed
        for v in slider_values(sl):
            if abs(v - sl.value) < 1e-12:
                continue
            if pause:
                await asyncio.sleep(pause)
            if yield_to_visitors:
                await quiet()
            r = await s.set_slider(sl, v)
            done += 1
            failed += not r.ok
    finally:
        await s.close()
    return done, failed


TRAINING_VIEWS = [v for v in VIEWS if v[0] == "critic"]
"""The views whose first visit trains networks (the rest take ~50 ms a rerun, warm or not)."""


async def warm(base: str, timeout: float = 120.0, views=None) -> int:
    """Warm ``views`` (default: all of :data:`VIEWS`) of the server at ``base``; returns the
    number of page runs that failed."""
    t0 = time.perf_counter()
    total = bad = 0
    for url_path, query in (VIEWS if views is None else views):
        t1 = time.perf_counter()
        done, failed = await warm_view(base, url_path, query, timeout)
        total, bad = total + done, bad + failed
        name = (url_path or "home") + (f"?{query}" if query else "")
        print(f"  {name}: {done} runs, {failed} failed, {time.perf_counter() - t1:.1f} s",
              file=sys.stderr)
    print(f"warmed {base}: {total} page runs in {time.perf_counter() - t0:.1f} s"
          f"{f', {bad} FAILED' if bad else ''}", file=sys.stderr)
    return bad


async def warm_auto(base: str, timeout: float = 300.0) -> int:
    """The automatic warm-up: every view once at its defaults, then every θ walk (see
    :data:`AUTO_ORDER`); returns the number of failed runs."""
    t0 = time.perf_counter()
    bad = 0
    await asyncio.sleep(START_DELAY_S)
    for walk in (False, True):
        for url_path, query in AUTO_ORDER:
            _, failed = await warm_view(base, url_path, query, timeout, walk=walk, pause=PAUSE_S,
                                        yield_to_visitors=True)
            bad += failed
        if not walk:
            print(f"warm-up: every page at its defaults after {time.perf_counter() - t0:.1f} s",
                  file=sys.stderr)
    print(f"warm-up: done in {time.perf_counter() - t0:.1f} s (waited "
          f"{_visitors['yielded']:.1f} s for visitors' runs)"
          f"{f', {bad} runs FAILED' if bad else ''}", file=sys.stderr)
    return bad


_started = threading.Lock()


def start_in_background(port: int | None = None) -> bool:
    """Start the automatic warm-up of this server (see the module's docstring), once per process;
    returns True when this call started it. Does nothing under ``DL_WARM=0``, outside a running
    server (AppTest, a notebook) or once started."""
    if os.environ.get("DL_WARM", "1") == "0":
        return False
    try:
        from streamlit import runtime

        if not runtime.exists():
            return False
        if port is None:
            import streamlit as st

            port = int(st.get_option("server.port"))
    except Exception:  # no server here: nothing to warm
        return False
    if not _started.acquire(blocking=False):
        return False
    base = f"http://127.0.0.1:{port}"

    def work() -> None:
        try:
            asyncio.run(warm_auto(base))
        except Exception as exc:  # a warm-up that fails must never take the server down
            print(f"warm-up: stopped ({type(exc).__name__}: {exc})", file=sys.stderr)

    threading.Thread(target=work, name="dl-warm-up", daemon=True).start()
    return True


def start_when_healthy(poll_s: float = 0.05, give_up_s: float = 600.0) -> None:
    """From a launcher (app/serve.py), before the server starts: a daemon thread that waits for
    the server to answer ``/_stcore/health`` and then starts :func:`start_in_background`, so
    that the warm-up does not wait for a first visitor."""
    if os.environ.get("DL_WARM", "1") == "0":
        return

    def wait() -> None:
        import urllib.request

        from streamlit import runtime

        deadline = time.monotonic() + give_up_s
        while time.monotonic() < deadline:
            if runtime.exists():
                try:
                    import streamlit as st

                    port = int(st.get_option("server.port"))
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                                timeout=2) as r:
                        if r.status == 200:
                            start_in_background(port)
                            return
                except Exception:  # not listening yet
                    pass
            time.sleep(poll_s)

    threading.Thread(target=wait, name="dl-warm-up-wait", daemon=True).start()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base", nargs="+", help="server URL(s), e.g. http://127.0.0.1:8501")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per page run")
    ap.add_argument("--training-only", action="store_true",
                    help="warm only the views that train networks (page 4)")
    args = ap.parse_args(argv)
    bad = 0
    for base in args.base:
        bad += asyncio.run(warm(base, args.timeout,
                                TRAINING_VIEWS if args.training_only else None))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

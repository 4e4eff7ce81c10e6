"""Warm a freshly started server's caches before the class arrives.

    python -m deploy.warm_caches http://127.0.0.1:8501 [http://127.0.0.1:8502 ...]

Opens every analytic page once, as a student would, and walks the θ slider of each through all
its values (page 4 in 1D and in 2D), over Streamlit's own websocket protocol (the client of the
load benchmark, deploy/protocol.py). The results land in the server's ``st.cache_data``
caches, which every session shares; nothing of a session is kept.

Why: page 4 trains critics the first time a setting is seen (four of them per offset, 1-8 s of
CPU). Thirty students moving its θ slider at once made every other student's page wait (the load
benchmark measured a p95 of 1.4 s at N = 20 against 0.6 s without that page). With the defaults'
offsets trained beforehand, only students who change the critic's own settings wait for training,
behind a progress bar. Warming takes about a minute of one core per server; deploy/replicas.sh
runs it after the replicas are healthy (``DL_WARM=0`` skips it).

Only 127.0.0.1 / localhost is accepted (the protocol client refuses anything else).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from app.navigation import PAGES
from deploy.protocol import ProtocolSession, choose_slider

MAX_VALUES = 200
"""At most this many values per slider (every page's θ slider has fewer)."""
VIEWS = [(p.url_path if p.step else "", "") for p in PAGES if p.file != "live_training.py"]
VIEWS.append(("critic", "critic.dim=2d"))


def slider_values(s) -> list[float]:
    """Every value of the slider ``s`` from its minimum to its maximum, at most MAX_VALUES."""
    if s.n_options:
        return [float(i) for i in range(min(s.n_options, MAX_VALUES))]
    n = int(round((s.hi - s.lo) / s.step)) + 1 if s.step > 0 else 1
    return [round(s.lo + i * s.step, 10) for i in range(min(max(n, 1), MAX_VALUES))]


async def warm_view(base: str, url_path: str, query: str, timeout: float) -> tuple[int, int]:
    """Open one view and walk its θ slider; returns (reruns done, reruns failed)."""
    s = ProtocolSession(base, url_path, query=query, timeout=timeout)
    done = failed = 0
    try:
        res = await s.open()
        done += 1
        if not res.ok:
            return done, failed + 1
        sl = choose_slider(s.sliders)
        if sl is None:
            return done, failed
        for v in slider_values(sl):
            if abs(v - sl.value) < 1e-12:
                continue
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

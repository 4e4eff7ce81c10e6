"""The rerun a browser actually triggers: a slider inside an ``st.fragment`` reruns only that
fragment, which AppTest (whole-script reruns) cannot show.

    python -m benchmarks.run fragments
    python -m benchmarks.run fragments --smoke   # 2 values a slider, 1 timed round of picks

A fresh server (no warm-up); one protocol session per view (deploy/protocol.py sends
exactly what the browser sends on a slider's release: the widget's value and the fragment's id)
walks the slider through its values twice; the second walk is timed (every value then cached, as
after the first students), from the message sent to the run's end on the server, websocket
included. These are the server-side figures for DESIGN.md §5's "≤ 100 ms median" rows whose
AppTest full-script figures (bench_earth, bench_gradients) include the page's static part.
"""

from __future__ import annotations

import asyncio
import statistics

from benchmarks.common import Row

VIEWS = (
    # (what, url path, query, slider label contains, values or None for the slider's own steps)
    ("earth page: bins slider (1-D, bimodal, 10–30 bins)", "earth_mover", "em.preset=bimodal",
     "Number of bins", [float(v) for v in range(10, 31, 2)]),
    ("page 5: θ slider (Gaussians)", "generator_gradient", "", "Offset θ", None),
    ("page 1: θ slider (uniforms)", "js_saturates", "", "Offset θ", None),
    ("Home: θ slider", "", "", "Offset θ", None),
)

RADIO_VIEWS = (
    # (what, url path, query, radio label starts with): every option is picked in turn
    ("earth page: plan picker (1-D, bimodal, 30 bins)", "earth_mover",
     "em.preset=bimodal&em.bins=30", "Plan to draw"),
    ("earth page: plan picker (2-D, 300 weighted points)", "earth_mover",
     "em.mode=points&em.preset2d=moons_circle&em.n=300&em.randw=1", "Plan to draw"),
)
"""Pages whose control is a radio button: the browser sends the option's text."""


async def _pick(base: str, path: str, query: str, label: str, rounds: int = 3) -> list[float]:
    from deploy.protocol import ProtocolSession

    s = ProtocolSession(base, path, query=query, timeout=120)
    try:
        res = await s.open()
        if not res.ok:
            raise RuntimeError(f"{path}: {res.exceptions or res.error}")
        radio = next(r for r in s.radios if r[1].startswith(label))
        if not radio[3]:
            raise RuntimeError(f"{path}: the radio {label!r} is not in a fragment")
        options = list(radio[2])
        times = []
        for timed in (False,) + (True,) * rounds:
            for o in options[1:] + options[:1]:
                r = await s.set_radio(label, o)
                if not r.ok:
                    raise RuntimeError(f"{path}: {r.exceptions or r.error}")
                if timed:
                    times.append(r.latency_s)
        return times
    finally:
        await s.close()


async def _walk(base: str, path: str, query: str, label: str, values,
                most: int | None = None) -> list[float]:
    from deploy.protocol import ProtocolSession

    s = ProtocolSession(base, path, query=query, timeout=120)
    try:
        res = await s.open()
        if not res.ok:
            raise RuntimeError(f"{path}: {res.exceptions or res.error}")
        sl = next(x for x in s.sliders if label in x.label and not x.disabled)
        if values is None:
            n = int(round((sl.hi - sl.lo) / sl.step))
            values = [round(sl.lo + i * sl.step, 10) for i in range(0, n + 1, max(1, n // 12))]
        values = values[:most]
        times = []
        for timed in (False, True):
            for v in values:
                r = await s.set_slider(sl, v)
                if timed and r.ok:
                    times.append(r.latency_s)
        if not sl.fragment_id:
            raise RuntimeError(f"{path}: the slider {label!r} is not in a fragment")
        return times
    finally:
        await s.close()


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: every view, but 2 values a slider and one timed round of picks
    (tests/test_benchmarks_smoke.py; figures meaningless)."""
    from benchmarks.bench_first_visit import ROOT, start, stop

    proc, base, _ = start(ROOT, warm=False)
    rows = []
    try:
        for what, path, query, label, values in VIEWS:
            times = asyncio.run(_walk(base, path, query, label, values, 2 if smoke else None))
            med = statistics.median(times) * 1e3
            rows.append(Row(f"{what}: server-side fragment rerun (protocol client, as the "
                            "browser sends it)", med, "ms", "≤ 100 ms", med <= 100,
                            f"median of {len(times)} moves, values cached"))
        for what, path, query, label in RADIO_VIEWS:
            times = asyncio.run(_pick(base, path, query, label, 1 if smoke else 3))
            med = statistics.median(times) * 1e3
            rows.append(Row(f"{what}: server-side fragment rerun (protocol client, as the "
                            "browser sends it)", med, "ms", "≤ 100 ms", med <= 100,
                            f"median of {len(times)} picks, every plan cached"))
    finally:
        stop(proc)
    return rows

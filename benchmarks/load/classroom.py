"""A classroom against one server: N students moving sliders on the analytic pages.

Each student opens one analytic page (round robin over the pages that have a slider when the run
starts), waits until everybody's page is open, then moves that page's first slider one keyboard
step at a time, ``moves`` times, thinking ``pace`` seconds (uniform) between moves. Most students
are protocol clients (deploy/protocol.py); ``n_browsers`` of them are real headless
Chromium pages (benchmarks/load/browser.py), so the two kinds of figure come from the same load.

Bounded: a fixed number of students and moves, a timeout on every wait, a deadline on the whole
run, and the server is on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import numpy as np

from app.navigation import PAGES
from benchmarks.load import browser as B
from benchmarks.load.monitor import Monitor, cpu_seconds, loadavg
from deploy.protocol import ProtocolSession

ANALYTIC = [p for p in PAGES if p.file != "live_training.py"]
"""Pages 0–5; the live training page runs jobs and is measured elsewhere."""
TRAINS_ON_NEW_SETTING = {"critic"}
"""Pages whose slider trains a network the first time a setting is seen (then cached): reported
apart as well, since one such move costs seconds of CPU by design."""
QUERIES = {"earth_mover": "em.preset=gaussians"}
"""The link each student opens a page with, where its defaults show no slider to move: page 3's
textbook preset fixes 5 bins and hides the bins slider (only the prediction's guess slider is
there, which choose_slider skips), so students open it on the Gaussians preset."""


@dataclass
class Target:
    url_path: str
    title: str
    slider_label: str
    main_index: int
    query: str = ""

    @property
    def name(self) -> str:
        return self.url_path or "home"


@dataclass
class Outcome:
    n: int
    n_browsers: int
    proto_lat: list[float] = field(default_factory=list)
    browser_lat: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    """Every rerun latency (protocol and browser) by page."""
    timeline: list[tuple[float, str, str, float]] = field(default_factory=list)
    """(seconds since the first student arrived at the end of the move, page, kind, latency)."""
    t_start: float = field(default_factory=time.monotonic)
    open_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    moves_planned: int = 0
    peak_rss_mib: float = float("nan")
    rss_before_mib: float = float("nan")
    cpu_pct: float = float("nan")
    cpu_ms_per_rerun: float = float("nan")
    wall_s: float = float("nan")
    load_before: float = float("nan")
    targets: list[str] = field(default_factory=list)
    n_trainers: int = 0
    train_polls: list[tuple[float, int, str, float]] = field(default_factory=list)
    """(seconds since start, trainer, "running" | "queued" | other status, poll latency)."""
    pause_latencies: list[float] = field(default_factory=list)
    """Seconds from a training student's Pause click to the page saying "Paused at iteration"."""
    train_rates: dict[int, float] = field(default_factory=dict)
    """Each trainer's last "… iterations/s" as its page showed it."""
    busy_reports: list[tuple[int, int]] = field(default_factory=list)
    """(runs going, cap) as the "Busy: n of cap" message of a queued session said it."""

    def summary(self) -> dict:
        def q(xs, p):
            return np.percentile(xs, p) * 1e3 if xs else float("nan")
        return {
            "N": self.n, "browsers": self.n_browsers, "protocol": self.n - self.n_browsers,
            "pages": self.targets,
            "protocol_p50_ms": q(self.proto_lat, 50), "protocol_p95_ms": q(self.proto_lat, 95),
            "protocol_max_ms": q(self.proto_lat, 100), "protocol_moves": len(self.proto_lat),
            "browser_p50_ms": q(self.browser_lat, 50), "browser_p95_ms": q(self.browser_lat, 95),
            "browser_max_ms": q(self.browser_lat, 100), "browser_moves": len(self.browser_lat),
            "all_p50_ms": q(self.proto_lat + self.browser_lat, 50),
            "all_p95_ms": q(self.proto_lat + self.browser_lat, 95),
            "open_p50_s": np.percentile(self.open_s, 50) if self.open_s else float("nan"),
            "open_max_s": max(self.open_s) if self.open_s else float("nan"),
            "moves_planned": self.moves_planned, "errors": len(self.errors),
            "error_samples": self.errors[:5],
            "server_rss_before_mib": self.rss_before_mib, "server_peak_rss_mib": self.peak_rss_mib,
            "server_cpu_pct_of_one_core": self.cpu_pct,
            "server_cpu_ms_per_rerun": self.cpu_ms_per_rerun,
            "wall_s": self.wall_s, "loadavg_before": self.load_before,
            "by_page": {k: {"p50_ms": q(v, 50), "p95_ms": q(v, 95), "moves": len(v)}
                        for k, v in sorted(self.by_page.items())},
            "timeline": self.timeline,
            **self._without_training(q),
            **self._training(q),
        }

    def _training(self, q) -> dict:
        """What the training students saw: the most runs going at once (each trainer's latest
        status, replayed in time order), who was told "Busy", and the page-6 poll latencies."""
        if not self.n_trainers:
            return {}
        latest: dict[int, str] = {}
        most = 0
        for _, i, status, _ in sorted(self.train_polls):
            latest[i] = status
            most = max(most, sum(1 for v in latest.values() if v == "running"))
        ran = {i for _, i, st, _ in self.train_polls if st == "running"}
        queued = {i for _, i, st, _ in self.train_polls if st == "queued"}
        lat = [x for *_, x in self.train_polls]
        return {"trainers": self.n_trainers, "training_most_running_seen": most,
                "training_sessions_ran": len(ran), "training_sessions_told_busy": len(queued),
                "training_busy_reports_max": max((n for n, _ in self.busy_reports), default=0),
                "training_cap_reported": max((c for _, c in self.busy_reports), default=None),
                "training_poll_p50_ms": q(lat, 50), "training_poll_p95_ms": q(lat, 95),
                "training_polls": len(lat),
                "training_it_per_s": sorted(self.train_rates.values()),
                "training_pause_s": sorted(self.pause_latencies)}

    def _without_training(self, q) -> dict:
        out = {}
        for kind, name in (("proto", "protocol"), ("browser", "browser")):
            xs = [lat for _, page, k, lat in self.timeline
                  if k == kind and page not in TRAINS_ON_NEW_SETTING]
            out[f"{name}_p50_ms_without_training"] = q(xs, 50)
            out[f"{name}_p95_ms_without_training"] = q(xs, 95)
        return out

    def record(self, page: str, kind: str, latency: float) -> None:
        (self.proto_lat if kind == "proto" else self.browser_lat).append(latency)
        self.by_page.setdefault(page, []).append(latency)
        self.timeline.append((round(time.monotonic() - self.t_start, 3), page, kind,
                              round(latency, 4)))


async def discover(base: str, timeout: float = 60.0) -> list[Target]:
    """Open every analytic page once over the protocol (this also warms the server's caches) and
    keep those that have a slider, with the label of their first slider."""
    found = []
    for info in ANALYTIC:
        url_path = "" if info.step == 0 else info.url_path
        query = QUERIES.get(url_path, "")
        s = ProtocolSession(base, url_path, query=query, timeout=timeout)
        try:
            res = await s.open()
            sl = s.first_slider()
            if res.ok and sl is not None:
                found.append(Target(s.url_path, info.title, sl.label, sl.main_index, query))
        finally:
            await s.close()
    return found


async def _proto_student(i, base, target, moves, pace, rng, ready, go, out, deadline):
    s = ProtocolSession(base, target.url_path, query=target.query)
    try:
        try:
            res = await s.open()
        except Exception as exc:  # noqa: BLE001 - any failure to connect is an error to count
            out.errors.append(f"proto {i} open: {type(exc).__name__}: {exc}"[:200])
            return
        if not res.ok or s.first_slider() is None:
            out.errors.append(f"proto {i} open: {res.error or res.exceptions or 'no slider'}"[:200])
            return
        out.open_s.append(res.latency_s)
        ready()
        await go.wait()
        for _ in range(moves):
            await asyncio.sleep(rng.uniform(*pace))
            if time.monotonic() > deadline:
                out.errors.append(f"proto {i}: run deadline reached")
                return
            sl = s.first_slider()
            r = await s.set_slider(sl, s.next_value(sl, rng))
            if r.ok and (r.metrics or r.charts):
                out.record(target.name, "proto", r.latency_s)
            else:
                out.errors.append(f"proto {i} move: {r.error or r.exceptions or 'nothing redrawn'}"
                                  [:200])
    finally:
        ready()
        await s.close()


TRAINING_PAGE = "live_training"
TRAINING_QUERY = "live.scenario=own-settings"
"""Page 6 opens on a recorded scenario; the trainers train "your own settings" live."""


def _train_status(alerts: list[str], out: "Outcome", trainer: int | None = None) -> str:
    """The status a training page shows (English): its first alert starts with "Training:" while
    the run goes, "Busy: n of cap ..." while it is queued."""
    import re

    for text in alerts:
        if text.startswith("Training:"):
            m = re.match(r"Training: iteration \d+, ([\d.]+) iterations/s", text)
            if m and trainer is not None:
                out.train_rates[trainer] = float(m.group(1))
            return "running"
        if text.startswith("Busy:"):
            m = re.match(r"Busy: (\d+) of (\d+)", text)
            if m:
                out.busy_reports.append((int(m.group(1)), int(m.group(2))))
            return "queued"
    return "other"


PAUSE_AFTER_S = 15.0
"""A training student presses Pause after this long of training (then Start again)."""


async def _pause_and_go_on(i, s, out) -> None:
    """Press Pause and time it until the page says "Paused at iteration" (polling as the page's
    timer does): the student's Pause latency under the classroom's load. Then Start again."""
    t0 = time.monotonic()
    r = await s.click("Pause")
    while time.monotonic() - t0 < 60:
        if r is not None and any("Paused at iteration" in a for a in r.alerts):
            out.pause_latencies.append(time.monotonic() - t0)
            out.train_polls.append((time.monotonic() - out.t_start, i, "other", r.latency_s))
            break
        await asyncio.sleep(0.1)
        r = await s.auto_rerun()
        if r is None:  # no timer any more: the last full run should have said it
            break
    else:
        out.errors.append(f"trainer {i}: Pause did not show within 60 s")
    r = await s.click("Start")
    if r.ok:
        out.train_polls.append((time.monotonic() - out.t_start, i, _train_status(r.alerts, out, i),
                                r.latency_s))


async def _trainer(i, base, ready, go, stop, out, deadline, pause_after=PAUSE_AFTER_S):
    """A student on the live training page: press Start, then let the page's timer poll the run
    (as the browser does, every ``run_every`` seconds) until the analytic students are done."""
    s = ProtocolSession(base, TRAINING_PAGE, TRAINING_QUERY)
    try:
        try:
            res = await s.open()
        except Exception as exc:  # noqa: BLE001
            out.errors.append(f"trainer {i} open: {type(exc).__name__}: {exc}"[:200])
            return
        if not res.ok:
            out.errors.append(f"trainer {i} open: {res.error or res.exceptions}"[:200])
            return
        ready()
        await go.wait()
        r = await s.click("Start")
        if not r.ok:
            out.errors.append(f"trainer {i} start: {r.error or r.exceptions}"[:200])
            return
        out.train_polls.append((time.monotonic() - out.t_start, i, _train_status(r.alerts, out, i),
                                r.latency_s))
        t_running = None
        paused_once = False
        while not stop.is_set() and time.monotonic() < deadline:
            if t_running is None and out.train_polls and out.train_polls[-1][1:3] == (i, "running"):
                t_running = time.monotonic()
            if (not paused_once and t_running is not None
                    and time.monotonic() - t_running >= pause_after):
                paused_once = True
                await _pause_and_go_on(i, s, out)
            interval = next(iter(s.auto_reruns.values()), 0.5)
            try:
                await asyncio.wait_for(stop.wait(), interval)
                break
            except asyncio.TimeoutError:
                pass
            r = await s.auto_rerun()
            if r is None:
                out.errors.append(f"trainer {i}: the page stopped polling its run")
                return
            if not r.ok:
                out.errors.append(f"trainer {i} poll: {r.error or r.exceptions}"[:200])
                continue
            out.train_polls.append((time.monotonic() - out.t_start, i,
                                    _train_status(r.alerts, out, i), r.latency_s))
    finally:
        ready()
        await s.close()


async def _browser_student(i, browser, base, target, moves, pace, rng, ready, go, out, deadline):
    ctx = None
    try:
        try:
            ctx, page, st = await B.open_student(browser, base, target.url_path, f"browser {i}",
                                                 query=target.query)
            handle = await B.slider_of(page, target.slider_label, target.main_index)
            if handle is None:
                raise RuntimeError("no slider on the page")
        except Exception as exc:  # noqa: BLE001
            out.errors.append(f"browser {i} open: {type(exc).__name__}: {exc}"[:200])
            return
        out.open_s.append(st.open_s)
        ready()
        await go.wait()
        for _ in range(moves):
            await asyncio.sleep(rng.uniform(*pace))
            if time.monotonic() > deadline:
                out.errors.append(f"browser {i}: run deadline reached")
                return
            try:
                out.record(target.name, "browser", await B.move_once(page, handle, rng))
            except Exception as exc:  # noqa: BLE001
                out.errors.append(f"browser {i} move: {type(exc).__name__}: {exc}"[:200])
            exc_text = await B.has_exception(page)
            if exc_text:
                out.errors.append(f"browser {i} exception box: {exc_text}")
                return
    finally:
        ready()
        if ctx is not None:
            await ctx.close()


async def classroom(base: str, server_pid: int, n: int, n_browsers: int, targets: list[Target],
                    moves: int, pace: tuple[float, float] = (1.5, 4.5), seed: int = 0,
                    max_s: float = 240.0, browser=None, n_trainers: int = 0,
                    pause_after: float = PAUSE_AFTER_S) -> Outcome:
    """Run one classroom of ``n`` students (``n_browsers`` of them in Chromium); ``n_trainers``
    more students open the live training page, press Start and watch their runs while the others
    move sliders (the server's cap on runs decides how many train and how many queue); each
    presses Pause once after ``pause_after`` seconds of training (then Start again)."""
    if not targets:
        raise RuntimeError("no analytic page has a slider")
    n_browsers = min(n_browsers, n)
    out = Outcome(n, n_browsers, moves_planned=n * moves,
                  targets=[t.name for t in targets], n_trainers=n_trainers)
    stop_training = asyncio.Event()
    deadline = time.monotonic() + max_s
    go = asyncio.Event()
    opened = {"n": 0}

    def ready():
        opened["n"] += 1
        if opened["n"] >= n + n_trainers:
            go.set()

    from benchmarks.load.monitor import rss_mib
    out.rss_before_mib = rss_mib(server_pid)
    out.load_before = loadavg()
    master = random.Random(seed)
    tasks = []
    with Monitor(server_pid, max_s=max_s + 30) as mon:
        for i in range(n):
            target = targets[i % len(targets)]
            rng = random.Random(master.random())
            if i < n_browsers:
                coro = _browser_student(i, browser, base, target, moves, pace, rng, ready, go, out,
                                        deadline)
            else:
                coro = _proto_student(i, base, target, moves, pace, rng, ready, go, out, deadline)
            tasks.append(asyncio.create_task(coro))
            await asyncio.sleep(0.05)  # students arrive within a second or two, not all at once
        trainers = [asyncio.create_task(_trainer(n + j, base, ready, go, stop_training, out,
                                                 deadline, pause_after))
                    for j in range(n_trainers)]
        try:
            await asyncio.wait_for(go.wait(), timeout=max(1.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            out.errors.append("not every page opened before the deadline")
            go.set()
        cpu0, t0 = cpu_seconds(server_pid), time.monotonic()
        done, pending = await asyncio.wait(tasks, timeout=max(1.0, deadline - time.monotonic()))
        for t in pending:
            t.cancel()
            out.errors.append("a student was cancelled at the deadline")
        if pending:
            await asyncio.wait(pending, timeout=10)
        cpu1, t1 = cpu_seconds(server_pid), time.monotonic()
        stop_training.set()
        if trainers:
            done_t, pending_t = await asyncio.wait(trainers, timeout=30)
            for t in pending_t:
                t.cancel()
                out.errors.append("a training student did not stop")
            done |= done_t
        for t in done:
            if t.exception() is not None:
                out.errors.append(f"student crashed: {t.exception()!r}"[:200])
    out.wall_s = t1 - t0
    out.peak_rss_mib = mon.peak_mib
    out.cpu_pct = 100.0 * (cpu1 - cpu0) / max(t1 - t0, 1e-9)
    reruns = len(out.proto_lat) + len(out.browser_lat)
    out.cpu_ms_per_rerun = 1e3 * (cpu1 - cpu0) / reruns if reruns else float("nan")
    return out


async def solo(base: str, server_pid: int, targets: list[Target], moves: int = 8,
               seed: int = 0) -> dict[str, dict]:
    """One protocol session per page, alone on the server, moving its slider ``moves`` times
    back to back: rerun latency p50 and the server's CPU time per rerun. CPU per rerun is what
    sets a process's capacity: one process runs Python on one core at a time (the GIL), so it
    serves at most about (think time) / (CPU per rerun) students."""
    rng = random.Random(seed)
    out = {}
    for target in targets:
        s = ProtocolSession(base, target.url_path, query=target.query)
        try:
            res = await s.open()
            sl = s.first_slider()
            if not res.ok or sl is None:
                continue
            lat = []
            cpu0 = cpu_seconds(server_pid)
            for _ in range(moves):
                r = await s.set_slider(sl, s.next_value(sl, rng))
                if r.ok:
                    lat.append(r.latency_s)
            cpu1 = cpu_seconds(server_pid)
            out[target.name] = {
                "p50_ms": np.percentile(lat, 50) * 1e3 if lat else float("nan"),
                "cpu_ms_per_rerun": 1e3 * (cpu1 - cpu0) / max(len(lat), 1),
                "moves": len(lat), "slider": sl.label,
            }
        finally:
            await s.close()
    return out

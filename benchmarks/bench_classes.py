"""A class on one server: 30 protocol-level students follow one teacher.

    python -m benchmarks.run classes            # 30 students
    python -m benchmarks.run classes --quick    # 10 students, fewer actions
    python -m benchmarks.run classes --smoke    # 2 students, 1 move, short phases (no figure)
    python -m benchmarks.bench_classes --n 30 --moves 8      # one setting, JSON out
    python -m benchmarks.bench_classes --n 30 --postgres     # the same on a throwaway PostgreSQL

A fresh server starts on 127.0.0.1 with its own SQLite data folder (the default storage) and
``DL_DB_STATS_S=1``, so the class store prints how many statements it has sent, once a second.

1. **Without the class**: a few "solo" students (not in the class) move the θ slider of pages 1,
   2 and 3 one step every 0.4–1.2 s; their rerun latency is the baseline.
2. **With the class**: the teacher (a protocol session holding the teacher's token) opens page 1;
   N students open the join link ``/?class=CODE`` (their view follows the teacher to page 1) and
   keep their sidebar's poll going as a browser's ``run_every`` timer does (every
   ``app.classroom.POLL_S`` = 0.5 s). The
   same solo students move the same sliders again: the analytic rerun p95 with the class beside
   the one without.
3. **Teacher actions**: each student commits a guess to page 1's question; the teacher moves θ
   ``moves`` times (one step, 3 s apart) and then presses "Reveal to the class". For each action
   and each student: the time from the teacher sending the action to that student's view showing
   it (its θ slider at the new value; "Right."/"Not this time." beside its guess), p50/p95.
4. **Database load and server CPU**: statements per second over a steady 10 s (students polling,
   no action), the server's CPU per poll, and its CPU per θ move (the teacher's rerun and the 30
   students' reruns that follow it). On a shared machine the latencies depend on what else runs
   (the load average is printed); the CPU figures do not: a move's CPU, serialised in one Python
   process, plus the poll interval bounds the delay on an idle machine.

5. **Following** (:func:`follow`, ``--follow`` alone), on one server: students that behave like
   a browser tab where following depends on it (benchmarks/load/follow.py: the sidebar's poll
   sent by a timer even while a run is still arriving, Streamlit 1.67's browser message cache
   and its fatal "Cached ForwardMsg MISS" modelled). The teacher on page 1; 30 students, then 30
   more (60): at each size the steady polling CPU (15 s), then 16 θ moves, each waited for until every
   student shows it: the server's CPU per move with the steady polling subtracted (the
   followers' reruns and the teacher's), per follower, and the move → every student delay.
   Then θ back and forth 16 times 1 s apart (a teacher trying a value twice, the followers'
   previous run still arriving) and the students left stuck (not showing the teacher's last θ
   20 s later, or dead on a MISS); then the same with new students, 5 real Chromium tabs
   (Playwright, /usr/bin/chromium) and 25 protocol students.

   ``DL_BENCH_APP_ROOT=/path/to/checkout`` serves another checkout's app with these clients
   (the before/after below: main's code exported with ``git archive``).

Measured 2026-12-07 (issue 22), ``--follow``, one server each, one after the other on the shared
2-core machine with nothing else running (load average 1.4–1.9), the server's warm-up off.
BEFORE = main at 7e85b0f (``git archive``, ``DL_BENCH_APP_ROOT``), AFTER = main with the
fragment-scoped follow (a θ move reruns page 1's θ fragment only), the deferred CSV and the
lighter metric strip:

=================================================  ============  ============
following, page 1 (16 moves at each size)          BEFORE        AFTER
=================================================  ============  ============
30: server CPU per θ move, polls subtracted        1.10 s        0.22 s
30: the same per follower                          36.6 ms       7.5 ms
30: server CPU per θ move, gross (with polls)      1.70 s        0.59 s
30: CPU per poll (steady)                          4.9 ms        5.7 ms
30: move → every student, p50 / p95                1.41 / 1.68 s 0.31 / 0.55 s
30: kB a student receives per move                 54.3          37.6
60: server CPU per θ move, polls subtracted        2.07 s        0.50 s
60: the same per follower                          34.5 ms       8.4 ms
60: move → every student, p50 / p95                3.62 / 5.94 s 1.00 / 1.65 s
θ back and forth ×16, 1 s apart, 60 students:      0 stuck       0 stuck
students left stuck (Cached ForwardMsg MISS)       (0 MISS)      (0 MISS)
mixed, 5 Chromium + 25 protocol, the same ×16:     0 stuck       0 stuck
students left stuck
=================================================  ============  ============

The goals (≤ 0.3 s of CPU per move for 30, ≤ 10 ms a follower; p95 ≤ 1 s for 30, ≤ 2 s for 60)
are met. The per-move figure is a difference (the run's CPU minus the steady polling's over the
same time) and moves by about ±20 % between runs of this machine (0.22–0.31 s for 30 in four
runs of the AFTER code, 8 or 16 moves). A follower's rerun is now page 1's θ fragment (the
slider, six numbers, three charts shared by the class, what to notice); what remains is mostly
Streamlit's own cost per element and per run. (Earlier figures in this file's history were
measured with the warm-up running in the same process, which counted its CPU as the class's.)

Every wait has a timeout and the whole run a deadline; the clients only talk to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
from math import nan

from benchmarks.common import Row

ROOT = Path(__file__).resolve().parent.parent
THETA = "Offset θ of Q"
from app.classroom import POLL_S  # noqa: E402 - the browser timer the students imitate
SOLO_PAGES = ("js_saturates", "low_dim_supports", "earth_mover")


def _start(data_dir: Path, database_url: str = "", warm: bool = True):
    from tests.browser.conftest import _free_port

    # DL_BENCH_APP_ROOT: serve another checkout (main's code, for a before/after) with this
    # benchmark's clients
    app_root = Path(os.environ.get("DL_BENCH_APP_ROOT") or ROOT)
    port = _free_port()
    env = dict(os.environ, DL_DATA_DIR=str(data_dir), DL_DB_STATS_S="1")
    if not warm:
        env["DL_WARM"] = "0"
    env.pop("DL_DATABASE_URL", None)
    if database_url:
        env["DL_DATABASE_URL"] = database_url
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_root / "app" / "main.py"),
           f"--server.port={port}", "--server.headless=true", "--server.address=127.0.0.1",
           "--browser.gatherUsageStats=false"]
    proc = subprocess.Popen(cmd, cwd=app_root, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    stats: list[tuple[float, int]] = []
    tail: list[str] = []

    def drain():
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            m = re.match(r"dl-db-stats t=([\d.]+) statements=(\d+)", line)
            if m:
                stats.append((float(m.group(1)), int(m.group(2))))
            else:
                tail.append(line)
                del tail[:-200]

    threading.Thread(target=drain, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                return proc, base, stats, tail
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not start: " + "\n".join(tail[-20:]))


def _session_class():
    """A protocol session that also reads every markdown text it is sent and which fragment drew
    each button (radios: the base class's ``radios``, (id, label, options, fragment id))."""
    from deploy.protocol import ProtocolSession

    class ClassSession(ProtocolSession):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self.fragment_of: dict[str, str] = {}
            """Button id → the id of the fragment that drew it (a browser's click on a button in
            a fragment reruns only that fragment)."""

        def _absorb(self, fm, res):
            if fm.WhichOneof("type") == "delta" and \
                    fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                kind = el.WhichOneof("type")
                if kind == "button" and fm.delta.fragment_id:
                    self.fragment_of[el.button.id] = fm.delta.fragment_id
                elif kind == "markdown":
                    res.alerts.append(el.markdown.body)
            return super()._absorb(fm, res)

        async def commit(self, option_index: int):
            """Pick an option of the page's question, then press "Commit my guess" (enabled
            once an option is picked), as a browser does: two reruns."""
            from streamlit.proto.BackMsg_pb2 import BackMsg

            rid, _, options, _ = next(r for r in self.radios if r[1] == "Your guess")
            res = None
            for press in (False, True):
                msg = BackMsg()
                cs = msg.rerun_script
                cs.query_string = self.query
                cs.page_script_hash = self.page_hash
                w = cs.widget_states.widgets.add()
                w.id = rid
                w.string_value = options[option_index]  # a radio sends its option's text
                if press:
                    bid = next(b[0] for b in self.buttons if b[1].startswith("Commit my guess"))
                    w = cs.widget_states.widgets.add()
                    w.id = bid
                    w.trigger_value = True
                res = await self._send_and_collect(msg, time.perf_counter())
                if not res.ok:
                    return res
                self.sliders, self.buttons = res.sliders, res.buttons
            return res

        async def click_in_fragment(self, label: str):
            """Press a button as the browser does: a rerun of its fragment only, if it has one."""
            from streamlit.proto.BackMsg_pb2 import BackMsg

            found = next((b for b in self.buttons if b[1].startswith(label) and not b[2]), None)
            if found is None or found[0] not in self.fragment_of:
                return await self.click(label)
            msg = BackMsg()
            cs = msg.rerun_script
            cs.query_string = self.query
            cs.page_script_hash = self.page_hash
            cs.fragment_id = self.fragment_of[found[0]]
            w = cs.widget_states.widgets.add()
            w.id = found[0]
            w.trigger_value = True
            return await self._send_and_collect(msg, time.perf_counter())

    return ClassSession


def _pct(xs, q: float) -> float:
    return float(np.percentile(xs, q)) if len(xs) else float("nan")


def _theta(res) -> float | None:
    s = next((s for s in res.sliders if s.label.startswith(THETA)), None)
    return None if s is None else round(s.value, 6)


async def _solo(base, page, stop: asyncio.Event, lat: list, errors: list, seed: int):
    from deploy.protocol import ProtocolSession

    rng = random.Random(seed)
    s = ProtocolSession(base, page, timeout=60)
    try:
        res = await s.open()
        if not res.ok:
            errors.append(f"solo {page} open: {res.error or res.exceptions}"[:200])
            return
        while not stop.is_set():
            await asyncio.sleep(rng.uniform(0.4, 1.2))
            sl = s.first_slider()
            r = await s.set_slider(sl, s.next_value(sl, rng))
            if r.ok:
                lat.append(r.latency_s)
            else:
                errors.append(f"solo {page} move: {r.error or r.exceptions}"[:200])
    finally:
        await s.close()


async def _solo_phase(base, seconds: float, errors: list) -> list[float]:
    lat: list[float] = []
    stop = asyncio.Event()
    tasks = [asyncio.create_task(_solo(base, p, stop, lat, errors, i))
             for i, p in enumerate(SOLO_PAGES)]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks)
    return lat


class Student:
    def __init__(self, i, base, code, Session):
        self.i = i
        self.s = Session(base, "", f"class={code}", timeout=60)
        self.theta: float | None = None
        self.seen: list[tuple[float, str]] = []
        """(perf_counter time, what): when this student's view first showed a change."""
        self.poll_lat: list[float] = []
        self.errors: list[str] = []
        self.polling = True

    async def open(self):
        res = await self.s.open()
        if not res.ok:
            self.errors.append(f"student {self.i} open: {res.error or res.exceptions}"[:200])
        self.theta = _theta(res)
        return res

    def _look(self, res):
        now = time.perf_counter()
        th = _theta(res)
        if th is not None and th != self.theta:
            self.theta = th
            self.seen.append((now, f"theta={th}"))
        if any(a.startswith(("Right.", "Not this time.")) for a in res.alerts):
            if not any(w == "reveal" for _, w in self.seen):
                self.seen.append((now, "reveal"))

    async def poll_loop(self, deadline: float):
        while self.polling and time.perf_counter() < deadline:
            t0 = time.perf_counter()
            res = await self.s.auto_rerun()
            if res is None:
                self.errors.append(f"student {self.i}: no timed poll registered")
                return
            if res.ok:
                self.poll_lat.append(res.latency_s)
                self._look(res)
            else:
                self.errors.append(f"student {self.i} poll: {res.error or res.exceptions}"[:200])
            await asyncio.sleep(max(0.0, POLL_S - (time.perf_counter() - t0)))


def _rate(stats, t0: float, t1: float) -> float:
    inside = [(t, n) for t, n in stats if t0 <= t <= t1]
    if len(inside) < 2:
        return float("nan")
    (ta, na), (tb, nb) = inside[0], inside[-1]
    return (nb - na) / (tb - ta) if tb > ta else float("nan")


async def _run(n: int, moves: int, solo_s: float, database_url: str = "",
               steady_s: float = 10.0) -> dict:
    from app.classes import ClassStore

    Session = _session_class()
    tmp = Path(tempfile.mkdtemp(prefix="dl-bench-classes-"))
    proc, base, stats, tail = _start(tmp, database_url)
    errors: list[str] = []
    out: dict = {"N": n, "moves": moves, "database": "postgresql" if database_url else "sqlite"}
    students: list[Student] = []
    teacher = None
    try:
        # warm the solo pages, then the baseline without a class
        await _solo_phase(base, 3, [])
        before = await _solo_phase(base, solo_s, errors)
        store = ClassStore(database_url or f"sqlite:///{tmp / 'classes.sqlite3'}")
        code, token = store.create()
        teacher = Session(base, "js_saturates", f"class={code}&teacher={token}", timeout=60)
        res = await teacher.open()
        assert res.ok, (res.error, res.exceptions)
        students = [Student(i, base, code, Session) for i in range(n)]
        opened = []
        for st_ in students:  # join one after another, as a class scanning a QR code does
            r = await st_.open()
            opened.append(r.latency_s)
        out["join_p50_s"] = _pct(opened, 50)
        out["join_max_s"] = max(opened)
        # each student commits a guess (index 0 or 1) to page 1's question
        for st_ in students:
            r = await st_.s.commit(st_.i % 2)
            if r.ok and not any(a.startswith("Committed.") for a in r.alerts):
                errors.append(f"student {st_.i} commit not shown: {r.alerts[3:]}"[:900])
            if not r.ok:
                errors.append(f"student {st_.i} commit: {r.error or r.exceptions}"[:200])
        deadline = time.perf_counter() + 600
        loops = [asyncio.create_task(st_.poll_loop(deadline)) for st_ in students]
        await asyncio.sleep(3)
        # steady state: statements per second with everybody polling, and the server's CPU
        from benchmarks.load.monitor import cpu_seconds, loadavg

        t0, cpu0 = time.time(), cpu_seconds(proc.pid)
        polls0 = sum(len(st_.poll_lat) for st_ in students)
        await asyncio.sleep(steady_s)
        cpu1, polls1 = cpu_seconds(proc.pid), sum(len(st_.poll_lat) for st_ in students)
        out["db_statements_per_s"] = _rate(stats, t0, time.time())
        out["server_cpu_pct_steady"] = 100 * (cpu1 - cpu0) / (time.time() - t0)
        out["server_cpu_ms_per_poll"] = 1e3 * (cpu1 - cpu0) / max(1, polls1 - polls0)
        out["loadavg"] = loadavg()
        # the analytic pages with the class running
        with_class = await _solo_phase(base, solo_s, errors)
        # teacher actions
        lat_theta: list[float] = []
        lat_reveal: list[float] = []
        slider = next(s for s in teacher.sliders if s.label.startswith(THETA))
        rng = random.Random(1)
        cpu_a = cpu_seconds(proc.pid)
        for _ in range(moves):
            value = teacher.next_value(slider, rng)
            t_act = time.perf_counter()
            r = await teacher.set_slider(slider, value)
            if not r.ok:
                errors.append(f"teacher move: {r.error or r.exceptions}"[:200])
                continue
            want = f"theta={round(value, 6)}"
            await _wait_all(students, want, t_act, lat_theta, errors)
        out["server_cpu_s_per_theta_move"] = (cpu_seconds(proc.pid) - cpu_a) / max(1, moves)
        t_act = time.perf_counter()
        r = await teacher.click_in_fragment("Reveal to the class")
        if not r.ok:
            errors.append(f"teacher reveal: {r.error or r.exceptions}"[:200])
        else:
            await _wait_all(students, "reveal", t_act, lat_reveal, errors)
        out["revealed_in_db"] = store.revealed(code, "js.slopes")
        out["answers_in_db"] = sum(store.tally(code, "js.slopes").values())
        for st_ in students:
            st_.polling = False
        await asyncio.gather(*loops)
        polls = [x for st_ in students for x in st_.poll_lat]
        both = lat_theta + lat_reveal
        out.update({
            "theta_p50_s": _pct(lat_theta, 50), "theta_p95_s": _pct(lat_theta, 95),
            "theta_samples": len(lat_theta),
            "reveal_p50_s": _pct(lat_reveal, 50), "reveal_p95_s": _pct(lat_reveal, 95),
            "reveal_samples": len(lat_reveal),
            "action_p50_s": _pct(both, 50), "action_p95_s": _pct(both, 95),
            "poll_p50_ms": _pct(polls, 50) * 1e3, "poll_p95_ms": _pct(polls, 95) * 1e3,
            "analytic_p95_ms_without_class": _pct(before, 95) * 1e3,
            "analytic_p95_ms_with_class": _pct(with_class, 95) * 1e3,
            "analytic_p50_ms_without_class": _pct(before, 50) * 1e3,
            "analytic_p50_ms_with_class": _pct(with_class, 50) * 1e3,
            "analytic_moves": [len(before), len(with_class)],
        })
        store.dispose()
    finally:
        for st_ in students:
            errors.extend(st_.errors)
            await st_.s.close()
        if teacher is not None:
            await teacher.close()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    out["errors"] = len(errors)
    out["error_samples"] = errors[:5]
    out["server_tail"] = [line for line in tail if "Error" in line][-5:]
    return out


async def _wait_all(students, want: str, t_act: float, lat: list, errors: list,
                    timeout: float = 20.0):
    """Wait until every student's view showed ``want``; record each one's delay."""
    end = time.perf_counter() + timeout
    pending = set(range(len(students)))
    while pending and time.perf_counter() < end:
        for i in list(pending):
            hit = next((t for t, w in students[i].seen if w == want and t >= t_act), None)
            if hit is not None:
                lat.append(hit - t_act)
                pending.discard(i)
        await asyncio.sleep(0.02)
    if pending:
        errors.append(f"{len(pending)} students never showed {want} within {timeout:.0f} s")


# ---- following: CPU per move, 30 and 60 students, stuck students --------------------------------
def _theta_slider(session):
    return next(s for s in session.sliders if s.label.startswith(THETA))


async def _wait_theta(students, value: float, t_act: float, lat: list, timeout: float = 30.0):
    """Wait until every student still following shows θ = ``value``; record each delay."""
    want = round(value, 6)
    end = time.perf_counter() + timeout
    pending = {s for s in students if not s.stuck}
    while pending and time.perf_counter() < end:
        for s in list(pending):
            hit = next((t for t, v in s.seen if v == want and t >= t_act), None)
            if hit is not None:
                lat.append(hit - t_act)
                pending.discard(s)
            elif s.stuck:
                pending.discard(s)
        await asyncio.sleep(0.02)
    return len(pending)


async def _moves(teacher, students, moves: int, rng, pid: int, steady_rate: float) -> dict:
    """``moves`` θ moves of the teacher, each waited for until every student shows it (then one
    poll interval): the server's CPU per move, gross and without the steady polling, the
    delays, the bytes each student received per move."""
    from benchmarks.load.monitor import cpu_seconds

    slider = _theta_slider(teacher)
    lat: list[float] = []
    late = 0
    b0 = sum(s.bytes_in for s in students)
    c0, t0 = cpu_seconds(pid), time.perf_counter()
    for _ in range(moves):
        value = teacher.next_value(slider, rng)
        t_act = time.perf_counter()
        r = await teacher.set_slider(slider, value)
        if not r.ok:
            raise RuntimeError(f"teacher move: {r.error or r.exceptions}")
        late += await _wait_theta(students, value, t_act, lat)
        await asyncio.sleep(POLL_S)
    cpu, dt = cpu_seconds(pid) - c0, time.perf_counter() - t0
    n = len(students)
    net = max(0.0, cpu - steady_rate * dt) / moves
    return {"students": n, "moves": moves, "cpu_s_per_move": cpu / moves,
            "cpu_s_per_move_net": net, "cpu_ms_per_follower_rerun": 1e3 * net / max(1, n),
            "p50_s": _pct(lat, 50), "p95_s": _pct(lat, 95), "max_s": max(lat, default=nan),
            "samples": len(lat), "late": late,
            "kb_per_student_per_move": (sum(s.bytes_in for s in students) - b0) / 1e3
            / max(1, n * moves),
            "stuck": sum(1 for s in students if s.stuck)}


async def _back_and_forth(teacher, moves: int, gap_s: float) -> float:
    """The teacher steps θ right and back ``moves`` times, ``gap_s`` apart (a class watching
    the teacher try a value twice): the followers' previous run is often still arriving when
    the next one starts. Returns the last θ."""
    slider = _theta_slider(teacher)
    base = slider.value
    step = slider.step if slider.value + slider.step <= slider.hi else -slider.step
    for k in range(moves):
        value = round(base + (step if k % 2 == 0 else 0.0), 10)
        r = await teacher.set_slider(slider, value)
        if not r.ok:
            raise RuntimeError(f"teacher move: {r.error or r.exceptions}")
        await asyncio.sleep(gap_s)
    return slider.value


async def _settle(students, tabs, value: float, timeout: float = 20.0) -> dict:
    """After the last move: who still does not show θ = ``value`` after ``timeout`` s (stuck)."""
    from benchmarks.load.follow import chromium_theta

    want = round(value, 6)
    end = time.perf_counter() + timeout
    while True:
        proto_bad = [s for s in students if s.stuck or s.theta != want]
        tab_state = [await chromium_theta(p) for _, p in tabs]
        tab_bad = [st_ for st_ in tab_state if st_[1] or st_[0] is None
                   or round(st_[0], 6) != want]
        if (not proto_bad and not tab_bad) or time.perf_counter() > end:
            break
        await asyncio.sleep(0.5)
    reasons = [s.stuck or f"shows θ={s.theta}" for s in proto_bad]
    reasons += [err or f"tab shows θ={th}" for th, err in tab_bad]
    return {"stuck_protocol": len(proto_bad), "stuck_chromium": len(tab_bad),
            "stuck": len(proto_bad) + len(tab_bad),
            "misses": sum(1 for s in students if "MISS" in s.stuck),
            "stuck_reasons": reasons[:5]}


async def _follow(sizes=(30, 60), moves: int = 16, race_moves: int = 16, race_gap_s: float = 1.0,
                  mixed: tuple[int, int] = (25, 5), steady_s: float = 15.0) -> dict:
    """One server: the teacher on page 1; ``sizes`` browser-like protocol students
    (benchmarks/load/follow.py) join in steps; at each size the steady polling CPU, then
    ``moves`` θ moves (CPU per move, delays); then θ back and forth ``race_moves`` times
    ``race_gap_s`` apart and who is left stuck; then the mixed class: ``mixed`` = (protocol
    students, Chromium tabs), new ones, the same back and forth, and who is left stuck."""
    from app.classes import ClassStore
    from benchmarks.load.follow import FollowStudent
    from benchmarks.load.monitor import cpu_seconds, loadavg
    from deploy.protocol import ProtocolSession

    tmp = Path(tempfile.mkdtemp(prefix="dl-bench-follow-"))
    # No automatic warm-up (DL_WARM=0): on a 2-core machine it walks every page's θ for more
    # than 4 minutes, in the server's own process, and its CPU would be counted as the class's.
    # The teacher's first visit to each θ builds that θ's figures (counted: it is the teacher's).
    proc, base, stats, tail = _start(tmp, warm=False)
    out: dict = {"app_root": os.environ.get("DL_BENCH_APP_ROOT") or str(ROOT)}
    students: list = []
    teacher = None
    pw = browser = None
    tabs: list = []
    rng = random.Random(3)
    try:
        store = ClassStore(f"sqlite:///{tmp / 'classes.sqlite3'}")
        code, token = store.create()
        store.dispose()
        teacher = ProtocolSession(base, "js_saturates", f"class={code}&teacher={token}",
                                  timeout=180)
        res = await teacher.open()
        assert res.ok, (res.error, res.exceptions)
        for n in sizes:
            try:
                while len(students) < n:
                    s = FollowStudent(len(students), base, code, POLL_S)
                    await s.start()
                    students.append(s)
                await asyncio.sleep(3)
                c0, t0 = cpu_seconds(proc.pid), time.perf_counter()
                p0 = sum(s.polls for s in students)
                await asyncio.sleep(steady_s)
                rate = (cpu_seconds(proc.pid) - c0) / (time.perf_counter() - t0)
                polls = sum(s.polls for s in students) - p0
                row = await _moves(teacher, students, moves, rng, proc.pid, rate)
                row.update(steady_cpu_pct=100 * rate, cpu_ms_per_poll=1e3 * rate * steady_s
                           / max(1, polls), loadavg=loadavg())
            except Exception as exc:  # an overloaded server: say so, go on with the rest
                row = {"students": len(students), "error": f"{type(exc).__name__}: {exc}"[:300]}
            out[f"n{n}"] = row
            print(f"follow n{n}: {row}", file=sys.stderr, flush=True)
        if students:
            try:
                last = await _back_and_forth(teacher, race_moves, race_gap_s)
                out["race"] = {"students": len(students), "moves": race_moves,
                               "gap_s": race_gap_s, **await _settle(students, [], last)}
            except Exception as exc:
                out["race"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            print(f"follow race: {out['race']}", file=sys.stderr, flush=True)
        for s in students:
            await s.stop()
        students = []
        await asyncio.sleep(5)  # the server lets the closed sessions go
        n_proto, n_tabs = mixed
        try:
            for _ in range(n_proto):
                s = FollowStudent(len(students), base, code, POLL_S)
                await s.start()
                students.append(s)
            if n_tabs:
                from playwright.async_api import async_playwright

                from benchmarks.load.follow import chromium_students

                pw = await async_playwright().start()
                browser, tabs = await chromium_students(pw, base, code, n_tabs)
            await asyncio.sleep(3)
            last = await _back_and_forth(teacher, race_moves, race_gap_s)
            out["mixed"] = {"protocol": n_proto, "chromium": n_tabs, "moves": race_moves,
                            "gap_s": race_gap_s, **await _settle(students, tabs, last)}
        except Exception as exc:
            out["mixed"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(f"follow mixed: {out['mixed']}", file=sys.stderr, flush=True)
    finally:
        for s in students:
            await s.stop()
        if teacher is not None:
            await teacher.close()
        if browser is not None:
            await browser.close()
        if pw is not None:
            await pw.stop()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    out["server_tail"] = [line for line in tail if "Error" in line or "MISS" in line][-5:]
    return out


def follow(smoke: bool = False, quick: bool = False) -> dict:
    """The following suite (:func:`_follow`); ``smoke``: 2 then 3 students, 2 moves, no
    Chromium."""
    if smoke:
        return asyncio.run(_follow((2, 3), 2, 4, 1.0, (2, 0), 2.0))
    if quick:
        return asyncio.run(_follow((10, 20), 4, 8, 1.0, (8, 2), 5.0))
    return asyncio.run(_follow())


def measure(n: int, moves: int, solo_s: float, postgres: bool = False,
            steady_s: float = 10.0) -> dict:
    """One run; ``postgres``: against a throwaway PostgreSQL cluster (tests/postgres.py) instead
    of SQLite; ``steady_s``: the steady state over which statements/s and CPU are measured."""
    if not postgres:
        return asyncio.run(_run(n, moves, solo_s, steady_s=steady_s))
    from tests.postgres import postgres_cluster, postgres_missing

    why = postgres_missing()
    if why:
        raise SystemExit(why)
    with postgres_cluster() as url:
        return asyncio.run(_run(n, moves, solo_s, url, steady_s))


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: the same run at its smallest (2 students, 1 move, 6 s solo phases, 4 s steady
    state), for tests/test_benchmarks_smoke.py: its figures mean nothing."""
    n, moves, solo = (2, 1, 6.0) if smoke else (10, 3, 8.0) if quick else (30, 8, 20.0)
    r = measure(n, moves, solo, steady_s=4.0 if smoke else 10.0)
    print(json.dumps(r, indent=2), file=sys.stderr)
    f = follow(smoke=smoke, quick=quick)
    print(json.dumps(f, indent=2), file=sys.stderr)
    note = f"{r['errors']} errors" + (f": {r['error_samples'][:2]}" if r["errors"] else "")
    return _follow_rows(f) + [
        Row(f"class of {n}: teacher moves θ → every student's view, p50", r["theta_p50_s"], "s",
            note=f"{r['theta_samples']} samples"),
        Row(f"class of {n}: teacher moves θ → every student's view, p95", r["theta_p95_s"], "s",
            "≤ 2 s", r["theta_p95_s"] <= 2.0, note),
        Row(f"class of {n}: Reveal → every student's view, p50", r["reveal_p50_s"], "s",
            note=f"{r['reveal_samples']} samples"),
        Row(f"class of {n}: Reveal → every student's view, p95", r["reveal_p95_s"], "s", "≤ 2 s",
            r["reveal_p95_s"] <= 2.0),
        Row(f"class of {n}: database statements per second, steady state",
            r["db_statements_per_s"], "/s", note=f"SQLite (WAL), students polling every {POLL_S:g} s"),
        Row(f"class of {n}: a student's poll (fragment rerun), p95", r["poll_p95_ms"], "ms"),
        Row(f"class of {n}: server CPU per student poll", r["server_cpu_ms_per_poll"], "ms",
            note=f"{r['server_cpu_pct_steady']:.0f} % of one core at steady state; load average "
                 f"{r['loadavg']:.1f} on {os.cpu_count()} cores"),
        Row(f"class of {n}: server CPU per θ move (all {n} students following)",
            r["server_cpu_s_per_theta_move"], "s", note="3 s between moves, polls included"),
        Row(f"class of {n}: bound on the delay with one free core (poll interval + CPU per move)",
            POLL_S + r["server_cpu_s_per_theta_move"], "s",
            note="an estimate from the two figures above, not a measured latency"),
        Row("analytic rerun p95 (3 solo students), without the class",
            r["analytic_p95_ms_without_class"], "ms", note=f"{r['analytic_moves'][0]} moves"),
        Row(f"analytic rerun p95 (3 solo students), with the class of {n}",
            r["analytic_p95_ms_with_class"], "ms",
            note=f"{r['analytic_moves'][1]} moves; ratio "
                 f"{r['analytic_p95_ms_with_class'] / r['analytic_p95_ms_without_class']:.2f}"),
    ]


def _follow_rows(f: dict) -> list[Row]:
    rows = []
    sizes = sorted((int(k[1:]) for k in f if k.startswith("n") and k[1:].isdigit()))
    for i, n in enumerate(sizes):
        r = f[f"n{n}"]
        if "error" in r:
            rows.append(Row(f"following, {n} students: the run failed", 1.0, "", "no failure",
                            False, note=r["error"]))
            continue
        goal_cpu = 0.3 * n / 30
        if i == 0:
            rows.append(Row(f"following, {n} students: server CPU per teacher θ move, the "
                            "followers' reruns (steady polling subtracted)",
                            r["cpu_s_per_move_net"], "s", f"≤ {goal_cpu:.1f} s",
                            r["cpu_s_per_move_net"] <= goal_cpu,
                            note=f"{r['cpu_ms_per_follower_rerun']:.1f} ms a follower; gross "
                                 f"{r['cpu_s_per_move'] :.2f} s with the polls"))
            rows.append(Row(f"following, {n} students: server CPU per poll (steady)",
                            r["cpu_ms_per_poll"], "ms",
                            note=f"{r['steady_cpu_pct']:.0f} % of a core for the polls alone"))
        goal = 1.0 if n <= 30 else 2.0
        rows.append(Row(f"following, {n} students: teacher moves θ → every student's view, p95",
                        r["p95_s"], "s", f"≤ {goal:g} s (quiet machine)", r["p95_s"] <= goal,
                        note=f"p50 {r['p50_s']:.2f} s, {r['samples']} samples, {r['late']} late "
                             f"(> 30 s), load average {r['loadavg']:.1f}"))
        rows.append(Row(f"following, {n} students: bytes a student receives per θ move",
                        r["kb_per_student_per_move"], "kB", note="polls included"))
    for key, what in (("race", "protocol students"), ("mixed", "Chromium + protocol students")):
        r = f.get(key)
        if r and "error" in r:
            rows.append(Row(f"following ({what}): the run failed", 1.0, "", "no failure", False,
                            note=r["error"]))
        elif r:
            who = (f"{r['chromium']} Chromium + {r['protocol']} protocol" if key == "mixed"
                   else f"{r['students']} protocol")
            rows.append(Row(f"students left stuck after {r['moves']} θ moves back and forth "
                            f"{r['gap_s']:g} s apart ({who})", r["stuck"], "", "0",
                            r["stuck"] == 0,
                            note=f"{r['misses']} Cached ForwardMsg MISS; "
                                 f"{r['stuck_reasons'][:2]}"))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--moves", type=int, default=8)
    ap.add_argument("--solo-s", type=float, default=20.0)
    ap.add_argument("--postgres", action="store_true",
                    help="a throwaway PostgreSQL cluster (Debian's postgresql) instead of SQLite")
    ap.add_argument("--follow", action="store_true",
                    help="only the following suite: 30 then 60 students, back and forth, "
                         "5 Chromium + 25 protocol students (JSON out)")
    ap.add_argument("--mixed-only", action="store_true",
                    help="only the mixed class of the following suite (Chromium + protocol)")
    args = ap.parse_args(argv)
    if args.mixed_only:
        print(json.dumps(asyncio.run(_follow(sizes=())), indent=2))
        return 0
    if args.follow:
        print(json.dumps(follow(), indent=2))
        return 0
    print(json.dumps(measure(max(1, min(args.n, 100)), max(1, min(args.moves, 50)),
                             max(2.0, min(args.solo_s, 120.0)), args.postgres), indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

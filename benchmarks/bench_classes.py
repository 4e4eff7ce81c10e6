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

from benchmarks.common import Row

ROOT = Path(__file__).resolve().parent.parent
THETA = "Offset θ of Q"
from app.classroom import POLL_S  # noqa: E402 - the browser timer the students imitate
SOLO_PAGES = ("js_saturates", "low_dim_supports", "earth_mover")


def _start(data_dir: Path, database_url: str = ""):
    from tests.browser.conftest import _free_port

    port = _free_port()
    env = dict(os.environ, DL_DATA_DIR=str(data_dir), DL_DB_STATS_S="1")
    env.pop("DL_DATABASE_URL", None)
    if database_url:
        env["DL_DATABASE_URL"] = database_url
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "main.py"),
           f"--server.port={port}", "--server.headless=true", "--server.address=127.0.0.1",
           "--browser.gatherUsageStats=false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
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
    note = f"{r['errors']} errors" + (f": {r['error_samples'][:2]}" if r["errors"] else "")
    return [
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--moves", type=int, default=8)
    ap.add_argument("--solo-s", type=float, default=20.0)
    ap.add_argument("--postgres", action="store_true",
                    help="a throwaway PostgreSQL cluster (Debian's postgresql) instead of SQLite")
    args = ap.parse_args(argv)
    print(json.dumps(measure(max(1, min(args.n, 100)), max(1, min(args.moves, 50)),
                             max(2.0, min(args.solo_s, 120.0)), args.postgres), indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

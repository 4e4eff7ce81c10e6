"""The bridge between a page and a training run: a worker thread per session, a server-wide cap.

No math here: the models and their training live in :mod:`divergences.training`. This module only
drives trainers in a thread and hands the page finished, read-only views of them.

- A :class:`TrainingJob` owns a few trainers (the page's two panels) and runs them in lockstep
  (the same number of generator iterations each) in ONE worker thread. The worker makes no
  ``st.*`` call; it publishes an immutable :class:`JobView` a few times a second, which the page's
  ``run_every`` fragment reads with :meth:`TrainingJob.poll` (that call is also the heartbeat).
- The job stops itself when nobody polls for ``heartbeat_timeout`` seconds (15 s) and the
  browser session is gone (a closed tab), or for ``connected_timeout`` (60 s) even though it is
  still connected (another page of the app, or a computer too slow to redraw on time); after
  ``max_seconds`` of running; on :meth:`~TrainingJob.stop`; or when paused.
- Pages first: between chunks the worker waits (at most ``MAX_YIELD_S``) while another
  session's page script is running (:func:`pages_busy`), because a training step holds the GIL
  and would otherwise make every student's slider slow while runs go on.
- :class:`JobRegistry` is the ONLY object shared between sessions (``shared_registry()``, kept in
  ``st.cache_resource``): a thread-safe FIFO of opaque job ids that caps how many jobs train at
  once. It never holds a model, a trainer or a view, so sessions cannot see each other's runs.

Settings (environment): ``DL_MAX_TRAINING_JOBS`` (default 2), ``DL_TRAINING_MAX_SECONDS``
(default 300), ``DL_TRAINING_PAGES_FIRST`` (default 1; 0 turns the yielding off) and
``DL_TRAINING_MAX_YIELD_S`` (default 2).
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

HEARTBEAT_TIMEOUT_S = 15.0
"""A job stops when its page has not polled it for this long (a closed tab)..."""
CONNECTED_TIMEOUT_S = 60.0
"""...or for this long while the browser session is still connected: the user went to another
page, or a slow computer draws the charts too slowly to ask on time."""
MAX_RUN_SECONDS = float(os.environ.get("DL_TRAINING_MAX_SECONDS", "300"))
"""A job stops after running this long since its last start (press Start to go on)."""
MAX_CONCURRENT_JOBS = max(1, int(os.environ.get("DL_MAX_TRAINING_JOBS", "2")))
"""Server-wide cap on jobs training at once; more wait in a queue."""
EVAL_INTERVAL_S = 2.0
"""Seconds between exact-W1 evaluations while running (each costs ~20-25 ms per run on a CPU:
about 2 % of the training time for the page's two runs)."""
EVAL_SHARE = 0.05
"""...and further apart when they are slow, so that they take at most this share of the time."""
SNAPSHOT_INTERVAL_S = 0.5
"""Seconds between published views while running (the page polls every 0.5 s)."""
CHUNK_SECONDS = 0.05
"""The worker trains in chunks of about this long, so that pause and stop react quickly."""
N_ARROWS = 40
MAP_SIZE = 40
PAGES_FIRST = os.environ.get("DL_TRAINING_PAGES_FIRST", "1") != "0"
"""Training yields to page reruns (see :func:`pages_busy`); ``DL_TRAINING_PAGES_FIRST=0`` turns
this off (for A/B measurements)."""
MAX_YIELD_S = float(os.environ.get("DL_TRAINING_MAX_YIELD_S", "2.0"))
"""A worker waits at most this long for page reruns to finish before it trains one more chunk (or
evaluates, or publishes a view), so that training slows down under a busy classroom but never
stops. Measured with 20 students and two runs on 2 cores (benchmarks/bench_load.py): analytic
rerun p95 0.65 / 0.96 / 1.15 s in three runs with 2 s, 1.04-1.69 s with 0.5 s, 1.07-1.57 s with
no yielding; the runs then trained at 9-11 iterations/s (23 with one student)."""
SCRIPT_THREAD_NAME = "ScriptRunner.scriptThread"
_CTX_ATTR = "streamlit_script_run_ctx"
_training_sessions: set[str] = set()
"""Sessions whose job holds a training slot now (their own polls do not make workers yield)."""
_training_lock = threading.Lock()


def pages_busy(ignore: set[str] | frozenset[str] = frozenset()) -> bool:
    """True while this server runs a page script (a rerun after a slider move) for a session
    not in ``ignore``.

    Training runs in threads of the server process, and a small MLP's training step holds
    Python's GIL most of the time: with two runs going, a classroom's reruns were measured 3-10×
    slower (benchmarks/bench_load.py, "N + training"). So a worker checks this between chunks
    and waits while it is true. Streamlit runs each script run in a thread named
    ``ScriptRunner.scriptThread`` carrying its session's context; training sessions' own polls
    are ignored (they are short, and waiting on them would only slow training down)."""
    for th in threading.enumerate():
        if th.name != SCRIPT_THREAD_NAME or not th.is_alive():
            continue
        ctx = getattr(th, _CTX_ATTR, None)
        if ctx is not None and getattr(ctx, "session_id", None) in ignore:
            continue
        return True
    return False


def _ignored_sessions() -> frozenset[str]:
    with _training_lock:
        return frozenset(_training_sessions)


def torch_threads_for(capacity: int) -> int:
    """Intra-op threads per job: half the cores shared among ``capacity`` jobs, at most 4, at
    least 1 (the other half serves the pages). Small MLPs gain little from more threads, and
    on a busy 2-core machine two OpenMP threads per job were measured 10-20× SLOWER than one."""
    return min(4, max(1, (os.cpu_count() or 1) // (2 * max(1, capacity))))


def set_torch_threads(n: int) -> None:
    """Set torch's intra-op threads FOR THE CALLING THREAD. OpenMP keeps this setting per
    thread: a worker thread (or Streamlit's script thread) that does not set it uses every core,
    and on a busy 2-core machine that made a small MLP 20-50× slower than one thread."""
    import torch

    torch.set_num_threads(max(1, int(n)))


class JobRegistry:
    """A thread-safe, first-come-first-served cap on concurrently training jobs.

    Holds only opaque job ids (strings): never a model or anything a session could read.
    """

    def __init__(self, capacity: int = MAX_CONCURRENT_JOBS):
        if capacity < 1:
            raise ValueError(f"capacity must be >= 1; got {capacity}")
        self.capacity = int(capacity)
        self._cond = threading.Condition()
        self._running: set[str] = set()
        self._waiting: deque[str] = deque()

    def acquire(self, token: str, give_up: Callable[[], bool], poll_s: float = 0.1) -> bool:
        """Wait (in FIFO order) for a slot; True once held, False if ``give_up()`` turns true."""
        with self._cond:
            self._waiting.append(token)
            try:
                while True:
                    if self._waiting[0] == token and len(self._running) < self.capacity:
                        self._running.add(token)
                        return True
                    if give_up():
                        return False
                    self._cond.wait(poll_s)
            finally:
                if token in self._waiting:
                    self._waiting.remove(token)
                self._cond.notify_all()

    def release(self, token: str) -> None:
        with self._cond:
            self._running.discard(token)
            self._cond.notify_all()

    def ahead_of(self, token: str) -> int | None:
        """How many jobs wait before ``token`` in the queue (None when it is not waiting)."""
        with self._cond:
            try:
                return list(self._waiting).index(token)
            except ValueError:
                return None

    def counts(self) -> tuple[int, int]:
        """(jobs training now, jobs waiting)."""
        with self._cond:
            return len(self._running), len(self._waiting)


def session_alive_probe() -> Callable[[], bool] | None:
    """For the running Streamlit session: a thread-safe ``() -> bool`` that says whether its
    browser is still connected (None outside a Streamlit server, e.g. in AppTest)."""
    try:
        from streamlit import runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or not runtime.exists():
            return None
        rt, sid = runtime.get_instance(), ctx.session_id
        return _SessionProbe(rt, sid)
    except Exception:
        return None


class _SessionProbe:
    """``probe()`` says whether the session's browser is connected; ``probe.session_id`` names
    it (so that a job can tell its own page's reruns from other students')."""

    def __init__(self, rt, session_id: str):
        self._rt, self.session_id = rt, session_id

    def __call__(self) -> bool:
        return bool(self._rt.is_active_session(self.session_id))


def shared_registry() -> JobRegistry:
    """The server's one registry (``st.cache_resource``: shared by every session, holds no
    model)."""
    import streamlit as st

    @st.cache_resource(show_spinner=False)
    def _registry(capacity: int) -> JobRegistry:
        return JobRegistry(capacity)

    return _registry(MAX_CONCURRENT_JOBS)


@dataclass(frozen=True)
class RunView:
    """What the page draws for one trainer, copied out by the worker (read-only)."""

    name: str
    config: object
    device: str
    device_reason: str
    messages: tuple
    iteration: int
    real: np.ndarray
    fake: np.ndarray
    map_x: np.ndarray
    map_y: np.ndarray
    map_values: np.ndarray
    arrow_at: np.ndarray
    arrows: np.ndarray
    history: object
    w1_floor: float
    bounds: tuple
    is_wgan: bool
    tracking_r: float


@dataclass(frozen=True)
class JobView:
    status: str
    """"idle" (never started), "queued", "running", "paused", "stopped" or "error"."""
    reason: str
    runs: dict
    ahead: int | None = None
    running_jobs: int = 0
    capacity: int = 1
    it_per_s: float = float("nan")
    updated: float = field(default_factory=time.monotonic)


ACTIVE = ("queued", "running")


class TrainingJob:
    """One session's run of named trainers in lockstep, in one worker thread.

    ``start()`` trains until paused or stopped; ``step(n)`` trains n iterations then pauses;
    ``pause()``; ``stop(reason)``; ``poll()`` returns the latest :class:`JobView` and counts as
    the page's heartbeat. The page never touches the trainers while the worker lives.
    """

    def __init__(self, trainers: dict, registry: JobRegistry, *,
                 heartbeat_timeout: float = HEARTBEAT_TIMEOUT_S,
                 max_seconds: float = MAX_RUN_SECONDS, eval_interval: float = EVAL_INTERVAL_S,
                 snapshot_interval: float = SNAPSHOT_INTERVAL_S,
                 torch_threads: int | None = None,
                 session_alive: Callable[[], bool] | None = None,
                 connected_timeout: float = CONNECTED_TIMEOUT_S,
                 clock: Callable[[], float] = time.monotonic,
                 pages_first: bool = PAGES_FIRST, max_yield_s: float = MAX_YIELD_S):
        if not trainers:
            raise ValueError("a job needs at least one trainer")
        self.id = uuid.uuid4().hex
        self.trainers = dict(trainers)
        self.registry = registry
        self.heartbeat_timeout = float(heartbeat_timeout)
        self.connected_timeout = max(float(connected_timeout), self.heartbeat_timeout)
        self.session_alive = session_alive
        self.session_id = getattr(session_alive, "session_id", None)
        self.pages_first = bool(pages_first)
        self.max_yield_s = float(max_yield_s)
        self.max_seconds = float(max_seconds)
        self.eval_interval = float(eval_interval)
        self.snapshot_interval = float(snapshot_interval)
        self.torch_threads = torch_threads or torch_threads_for(registry.capacity)
        self._clock = clock
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._pause = threading.Event()
        self._status = "idle"
        self._reason = ""
        self._last_seen = clock()
        self._it_per_s = float("nan")
        self.iterations_run = 0
        """Iterations trained by the worker in total (for the benchmarks)."""
        self.worker_seconds = 0.0
        """Seconds the worker spent holding a slot (training, evaluating, publishing)."""
        self.overhead_seconds = 0.0
        """Of those, seconds spent evaluating (exact W1) and publishing views, not training."""
        self.yield_seconds = 0.0
        """Of those, seconds spent waiting for other students' page reruns (``pages_first``)."""
        for tr in self.trainers.values():
            if tr.iteration == 0 and not tr.history.eval_iteration:
                tr.evaluate()
        self._view = self._snapshot()

    # -- page side ---------------------------------------------------------------------------
    @property
    def status(self) -> str:
        return self._status

    @property
    def is_active(self) -> bool:
        """True while queued or training (the page should poll)."""
        return self._status in ACTIVE or self._alive()

    def _alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def poll(self) -> JobView:
        """The latest view; also the heartbeat that keeps the run going."""
        self._last_seen = self._clock()
        return self.view()

    def view(self) -> JobView:
        """The latest view, without counting as a heartbeat."""
        v = self._view
        ahead = self.registry.ahead_of(self.id) if self._status == "queued" else None
        running, _ = self.registry.counts()
        return JobView(self._status, self._reason, v.runs, ahead, running, self.registry.capacity,
                       self._it_per_s, v.updated)

    def start(self) -> bool:
        """Train until paused, stopped, timed out or the page stops polling."""
        return self._launch(None)

    def step(self, n: int) -> bool:
        """Train ``n`` more iterations, then pause. Refused (False) while a run is going."""
        if isinstance(n, bool) or int(n) != n or n < 1:
            raise ValueError(f"n must be a positive integer; got {n!r}")
        return self._launch(int(n))

    def pause(self) -> None:
        self._pause.set()

    def stop(self, reason: str = "stopped") -> None:
        with self._lock:
            if self._alive():
                self._reason = reason
            self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the worker to end; True when no worker is alive."""
        t = self._thread
        if t is not None:
            t.join(timeout)
        return not self._alive()

    def _launch(self, target: int | None) -> bool:
        with self._lock:
            if self._alive():
                if target is None and not self._pause.is_set() and not self._stop.is_set():
                    return True  # already training
                if target is not None and not self._pause.is_set():
                    return False  # a run is going: no single steps in the middle of it
                self._thread.join(timeout=2.0)  # it is winding down after a pause
                if self._alive():
                    return False
            self._stop.clear()
            self._pause.clear()
            self._last_seen = self._clock()
            self._status, self._reason = "queued", ""
            self._thread = threading.Thread(target=self._worker, args=(target,), daemon=True,
                                            name=f"training-{self.id[:8]}")
            self._thread.start()
            return True

    # -- worker side (no st.* calls) ---------------------------------------------------------
    def _expired(self) -> str | None:
        if self._stop.is_set():
            return self._reason or "stopped"
        quiet = self._clock() - self._last_seen
        if quiet > self.heartbeat_timeout:
            if quiet > self.connected_timeout or not self._session_connected():
                return "heartbeat"
        return None

    def _session_connected(self) -> bool:
        if self.session_alive is None:
            return False
        try:
            return bool(self.session_alive())
        except Exception:  # the runtime is going away: treat the session as gone
            return False

    def _worker(self, target: int | None) -> None:
        if not self.registry.acquire(self.id, lambda: self._expired() is not None
                                     or self._pause.is_set()):
            why = self._expired()
            self._finish("stopped" if why else "paused", why or "")
            return
        status, reason = "paused", ""
        t_start = self._clock()
        if self.session_id:
            with _training_lock:
                _training_sessions.add(self.session_id)
        try:
            set_torch_threads(self.torch_threads)
            self._status = "running"
            done, chunk, eval_gap = 0, 2, self.eval_interval
            last_eval = last_snap = self._clock()
            t_run = time.perf_counter()
            while True:
                why = self._expired()
                if why:
                    status, reason = "stopped", why
                    break
                if self._clock() - t_start > self.max_seconds:
                    status, reason = "stopped", "max_duration"
                    break
                if target is None and self._pause.is_set():
                    break
                if target is not None and (done >= target or self._pause.is_set()):
                    break
                if self.pages_first:
                    self._yield_to_pages()
                k = chunk if target is None else min(chunk, target - done)
                t0 = time.perf_counter()
                for tr in self.trainers.values():
                    tr.step(k)
                dt = max(time.perf_counter() - t0, 1e-6)
                chunk = int(min(max(1, chunk * CHUNK_SECONDS / dt), 2 * chunk + 1, 500))
                done += k
                self.iterations_run += k
                self._it_per_s = done / max(time.perf_counter() - t_run, 1e-9)
                now = self._clock()
                t1 = time.perf_counter()
                if now - last_eval >= eval_gap:
                    if self.pages_first:
                        self._yield_to_pages()
                    for tr in self.trainers.values():
                        tr.evaluate()
                    last_eval = now
                    # at most EVAL_SHARE of the time on evaluations, however slow the machine
                    eval_gap = max(self.eval_interval, (time.perf_counter() - t1) / EVAL_SHARE)
                if now - last_snap >= self.snapshot_interval:
                    if self.pages_first:
                        self._yield_to_pages()
                    self._view = self._snapshot()
                    last_snap = self._clock()
                self.overhead_seconds += time.perf_counter() - t1
            for tr in self.trainers.values():
                if tr.history.eval_iteration[-1:] != [tr.iteration]:
                    tr.evaluate()
        except Exception as exc:  # a failed run must not take the server down: report it
            traceback.print_exc(file=sys.stderr)
            status, reason = "error", f"{type(exc).__name__}: {exc}"
        finally:
            if self.session_id:
                with _training_lock:
                    _training_sessions.discard(self.session_id)
            self.worker_seconds += self._clock() - t_start
            self.registry.release(self.id)
        try:
            self._view = self._snapshot()
        finally:
            self._finish(status, reason)

    def _yield_to_pages(self) -> None:
        """Wait (at most ``max_yield_s``) while other sessions' page reruns are going."""
        t0 = time.perf_counter()
        while (pages_busy(_ignored_sessions()) and not self._stop.is_set()
               and not self._pause.is_set() and time.perf_counter() - t0 < self.max_yield_s):
            time.sleep(0.005)
        self.yield_seconds += time.perf_counter() - t0

    def _finish(self, status: str, reason: str) -> None:
        self._status, self._reason = status, reason

    def _snapshot(self) -> JobView:
        runs = {}
        for name, tr in self.trainers.items():
            fake = tr.eval_sample()
            xs, ys, vals = tr.critic_map(MAP_SIZE)
            finite = np.isfinite(fake).all(axis=1)
            at = fake[finite][:N_ARROWS]
            arrows = tr.generator_push(at) if len(at) else np.zeros((0, 2))
            runs[name] = RunView(
                name=name, config=tr.config, device=tr.device.type,
                device_reason=tr.device_reason, messages=tuple(tr.messages),
                iteration=tr.iteration, real=tr.real_eval, fake=fake, map_x=xs, map_y=ys,
                map_values=vals, arrow_at=at, arrows=arrows, history=tr.history.copy(),
                w1_floor=tr.w1_floor, bounds=tr.bounds, is_wgan=tr.is_wgan,
                tracking_r=tr.history.tracking(),
            )
        return JobView(self._status, self._reason, runs)

"""The bridge between a page and its training runs, which train in ANOTHER process.

No math here: models and training live in :mod:`divergences.training` and
:mod:`divergences.batch`; the training loop lives in :mod:`app.trainer_process`. The page server
never runs a training step:

- :class:`TrainerProcess` (one per server process, :func:`trainer_process`) starts the trainer
  process with ``torch.multiprocessing`` (spawn) the first time page 6 needs it (when a job is
  made, i.e. when page 6 is first drawn: it is ready by the time Start is pressed), sends it
  commands on a queue, and reads its views and checkpoints in a reader thread. A monitor thread
  watches it: when it dies (killed, out of memory), the server goes on serving, starts a new one,
  and puts every job back from its last checkpoint (a pause, a stop, or every 10 s while it
  runs); jobs that were running go on by themselves, and their page says what happened.
- A :class:`TrainingJob` is one session's named runs (the page's two panels), trained in
  lockstep. ``start``, ``pause``, ``step`` and ``stop`` send a command at once (the trainer
  reads commands between chunks of about 50 ms); ``poll`` returns the latest immutable
  :class:`JobView` and counts as the page's heartbeat. Nothing of a job is shared with other
  sessions (the trainer process keys runs by opaque job ids), except a class teacher's run:
  :func:`share_with_class` lets the class's following students draw its views, read-only
  (:func:`class_job`; this server process only).
- :class:`JobRegistry`: the server-wide cap on running jobs (FIFO queue, opaque ids only). Its
  capacity comes from the trainer process's calibration at start (how many of the page's pairs
  train at ≥ 10 iterations/s each, as one batch) or :func:`default_capacity`'s table before
  that, and ``DL_MAX_TRAINING_JOBS`` overrides both. Queued students see their position and an
  estimated wait.
- The job stops when nobody polls it for ``heartbeat_timeout`` (15 s) and the browser session is
  gone (a closed tab), or for ``connected_timeout`` (60 s) even though it is connected; after
  ``max_seconds`` of running; on :meth:`~TrainingJob.stop`; or when paused.

Settings (environment): ``DL_MAX_TRAINING_JOBS`` (default: measured), ``DL_TRAINING_MAX_SECONDS``
(default 300), ``DL_TRAINER_THREADS`` (torch threads of the trainer process; default half the
cores), ``DL_TRAINER_NICE`` (its niceness; default 10: the pages go first),
``DL_TRAINER_CALIBRATE`` (default 1; 0 skips the capacity calibration, ~2 s at the trainer's start,
as does setting ``DL_MAX_TRAINING_JOBS``).
"""

from __future__ import annotations

import heapq
import io
import os
import sys
import threading
import time
import uuid
import weakref
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
ENV_CAPACITY = os.environ.get("DL_MAX_TRAINING_JOBS", "").strip()
EVAL_EVERY = 40
"""Generator iterations between two evaluations (exact W1, modes, gradient norm) of a job
without a scenario's schedule: evaluations happen at fixed iterations, never on a clock, so a
run's numbers depend on its settings and seed alone."""
SNAPSHOT_INTERVAL_S = 0.5
"""Seconds between views of a running job (the page polls every 0.5 s)."""
N_ARROWS = 40
MAP_SIZE = 40
SETTLE_S = 0.4
"""Pause and Step wait at most this long in their button's callback for the trainer process's
answer (it reads commands between chunks of ~50 ms; a pause then evaluates W1 once), so that the
rerun the click starts draws the run standing still. Without it page 6 showed "Training" after a
click and the effect only one poll later (≥ 1 s, then a second full rerun)."""
MAX_RESTARTS_PER_MINUTE = 3
"""A trainer process that dies more often than this is not restarted automatically for the
running jobs (they are left paused at their last checkpoint, with a message)."""


def default_capacity(cores: int | None = None, cuda: bool | None = None) -> int:
    """The table used until the trainer process has measured its capacity (and documented in
    deploy/README.md): concurrent jobs (the page's GAN + WGAN pair each) at ≥ 10 iterations/s per
    run. One GPU: 32 (batched runs cost almost nothing more per launch); a CPU: one job per core,
    at least 2 (measured on a 2-core machine: one pair batched with one torch thread ~40 it/s,
    four pairs ~10 it/s each)."""
    if cuda is None:
        try:
            import torch

            cuda = torch.cuda.is_available()
        except ImportError:
            cuda = False
    if cuda:
        return 32
    return max(2, int(cores if cores is not None else (os.cpu_count() or 1)))


def env_capacity() -> int | None:
    """``DL_MAX_TRAINING_JOBS`` when set (a positive integer), else None."""
    if not ENV_CAPACITY:
        return None
    try:
        return max(1, int(ENV_CAPACITY))
    except ValueError:
        print(f"DL_MAX_TRAINING_JOBS={ENV_CAPACITY!r} is not an integer: ignored",
              file=sys.stderr)
        return None


MAX_CONCURRENT_JOBS = env_capacity() or default_capacity(cuda=False)
"""The cap before the trainer process has measured one (``DL_MAX_TRAINING_JOBS`` overrides)."""


def trainer_threads() -> int:
    """torch threads of the trainer process: half the cores (the other half serves the pages),
    at least 1, at most 8; ``DL_TRAINER_THREADS`` overrides."""
    env = os.environ.get("DL_TRAINER_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return min(8, max(1, (os.cpu_count() or 1) // 2))


def torch_threads_for(capacity: int) -> int:
    """Intra-op threads for torch work in the page server's own threads (drawing a new job's
    first view): 1 on a small machine. Kept for callers of the old API."""
    return min(4, max(1, (os.cpu_count() or 1) // (2 * max(1, capacity))))


def set_torch_threads(n: int) -> None:
    """Set torch's intra-op threads FOR THE CALLING THREAD (OpenMP keeps it per thread)."""
    import torch

    torch.set_num_threads(max(1, int(n)))


# ---- the cap -----------------------------------------------------------------------------------
class JobRegistry:
    """A thread-safe, first-come-first-served cap on concurrently training jobs.

    Holds only opaque job ids and their start times: never a model or anything a session could
    read. ``capacity`` None: the trainer process's measured capacity (``DL_MAX_TRAINING_JOBS``
    first, the :func:`default_capacity` table until the measurement arrives).
    """

    def __init__(self, capacity: int | None = None, max_seconds: float = MAX_RUN_SECONDS):
        if capacity is not None and capacity < 1:
            raise ValueError(f"capacity must be >= 1; got {capacity}")
        self._fixed = None if capacity is None else int(capacity)
        self.max_seconds = float(max_seconds)
        self._lock = threading.RLock()
        self._running: dict[str, float] = {}
        self._waiting: deque[str] = deque()

    @property
    def capacity(self) -> int:
        if self._fixed is not None:
            return self._fixed
        return env_capacity() or trainer_process().capacity or MAX_CONCURRENT_JOBS

    def request(self, token: str, now: float | None = None) -> bool:
        """True when ``token`` may run now (it holds a slot); else it waits in the queue."""
        with self._lock:
            if token in self._running:
                return True
            if token not in self._waiting:
                self._waiting.append(token)
            return self._promote_locked(now) and token in self._running

    def _promote_locked(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        while self._waiting and len(self._running) < self.capacity:
            self._running[self._waiting.popleft()] = now
        return True

    def release(self, token: str) -> list[str]:
        """Free ``token``'s slot (or its place in the queue); returns the tokens that got a slot
        because of it (the caller starts them)."""
        with self._lock:
            self._running.pop(token, None)
            if token in self._waiting:
                self._waiting.remove(token)
            before = set(self._running)
            self._promote_locked()
            return [t for t in self._running if t not in before]

    def refresh(self) -> list[str]:
        """Give free slots to waiting tokens (after the capacity grew); returns those tokens."""
        with self._lock:
            before = set(self._running)
            self._promote_locked()
            return [t for t in self._running if t not in before]

    def holds(self, token: str) -> bool:
        with self._lock:
            return token in self._running

    def ahead_of(self, token: str) -> int | None:
        """How many jobs wait before ``token`` in the queue (None when it is not waiting)."""
        with self._lock:
            try:
                return list(self._waiting).index(token)
            except ValueError:
                return None

    def estimated_wait(self, token: str, now: float | None = None) -> float | None:
        """Seconds until ``token`` gets a slot at the latest, if every running job runs to its
        maximum duration and every job ahead of it too (None when it is not waiting)."""
        with self._lock:
            ahead = self.ahead_of(token)
            if ahead is None:
                return None
            now = time.monotonic() if now is None else now
            free = sorted(max(0.0, t0 + self.max_seconds - now) for t0 in self._running.values())
            free += [0.0] * max(0, self.capacity - len(free))
            heapq.heapify(free)
            for _ in range(ahead):
                heapq.heappush(free, heapq.heappop(free) + self.max_seconds)
            return free[0]

    def counts(self) -> tuple[int, int]:
        """(jobs training now, jobs waiting)."""
        with self._lock:
            return len(self._running), len(self._waiting)


# ---- the trainer process -------------------------------------------------------------------------
class TrainerProcess:
    """The server's connection to its trainer process (see the module docstring).

    ``send(cmd)`` starts the process if there is none (lazily); ``pids`` maps every trainer
    process id seen to the generator iterations it reported (the load benchmark checks that the
    page server's own pid trains nothing); ``deaths`` lists (time, exit code) of dead ones.
    """

    def __init__(self, threads: int | None = None, nice: int | None = None,
                 calibrate: bool = True):
        self.threads = threads or trainer_threads()
        self.nice = int(os.environ.get("DL_TRAINER_NICE", "10")) if nice is None else nice
        self.calibrate = (calibrate and env_capacity() is None
                          and os.environ.get("DL_TRAINER_CALIBRATE", "1") != "0")
        self.capacity: int | None = None
        self.generation = 0
        self.pids: dict[int, int] = {}
        self.deaths: list[tuple[float, int | None]] = []
        self._jobs: weakref.WeakValueDictionary[str, TrainingJob] = weakref.WeakValueDictionary()
        self._lock = threading.RLock()
        self._proc = None
        self._cmd_q = None
        self._closed = False
        self._monitor: threading.Thread | None = None

    # -- the process -------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        p = self._proc
        return None if p is None else p.pid

    def alive(self) -> bool:
        p = self._proc
        return p is not None and p.is_alive()

    def ensure_started(self) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the trainer process connection is closed")
            if self.alive():
                return
            self._start_locked()

    def _start_locked(self) -> None:
        import torch.multiprocessing as mp

        from app import trainer_process

        ctx = mp.get_context("spawn")
        cmd_q, out_q = ctx.Queue(), ctx.Queue()
        proc = ctx.Process(target=trainer_process.main, name="divergence-lab-trainer",
                           args=(cmd_q, out_q, self.threads, self.nice, self.calibrate),
                           daemon=True)
        proc.start()
        self.generation += 1
        self._proc, self._cmd_q = proc, cmd_q
        gen = self.generation
        threading.Thread(target=self._reader, args=(out_q, gen), daemon=True,
                         name=f"trainer-reader-{gen}").start()
        if self._monitor is None or not self._monitor.is_alive():
            self._monitor = threading.Thread(target=self._watch, daemon=True,
                                             name="trainer-monitor")
            self._monitor.start()

    def send(self, cmd: tuple) -> int:
        """Send a command (starting the process if needed); returns the process generation."""
        with self._lock:
            self.ensure_started()
            self._cmd_q.put(cmd)
            return self.generation

    def register(self, job: "TrainingJob") -> None:
        self._jobs[job.id] = job

    def close(self) -> None:
        """Stop the trainer process (tests, server shutdown)."""
        with self._lock:
            self._closed = True
            p, q = self._proc, self._cmd_q
            self._proc = None
        if p is not None:
            try:
                q.put(("exit",))
                p.join(5)
            finally:
                if p.is_alive():
                    p.kill()
                    p.join(5)

    # -- threads of the server ---------------------------------------------------------------------
    def _reader(self, out_q, gen: int) -> None:
        import queue as _queue

        while not self._closed and gen == self.generation:
            try:
                msg = out_q.get(timeout=0.5)
            except _queue.Empty:
                continue
            except (EOFError, OSError, ValueError):  # the process died mid-message
                return
            try:
                self._dispatch(msg, gen)
            except Exception:  # a bad message must not stop the reader
                import traceback

                traceback.print_exc(file=sys.stderr)

    def _dispatch(self, msg: tuple, gen: int) -> None:
        kind = msg[0]
        if kind == "hello":
            _, pid, capacity = msg
            self.pids.setdefault(pid, 0)
            if capacity:
                self.capacity = int(capacity)
                # more slots than the table said: start the students waiting for them now
                seen = set()
                for job in list(self._jobs.values()):
                    if id(job.registry) not in seen:
                        seen.add(id(job.registry))
                        job._promote(job.registry.refresh())
            return
        job = self._jobs.get(msg[1])
        if kind == "view":
            _, _jid, status, reason, rate, runs, pid, steps, final = msg
            self.pids[pid] = steps
            if job is not None:
                job._on_view(status, reason, rate, runs, gen, final)
        elif kind == "checkpoint" and job is not None:
            job._on_checkpoint(msg[2], msg[3])

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(0.2)
            try:
                with self._lock:
                    died = self._proc is not None and not self._proc.is_alive()
                    if died:
                        code = self._proc.exitcode
                        self.deaths.append((time.monotonic(), code))
                        recent = sum(1 for t, _ in self.deaths if time.monotonic() - t < 60)
                        again = recent <= MAX_RESTARTS_PER_MINUTE
                        print(f"trainer process {self._proc.pid} died (exit code {code}): "
                              + ("starting a new one" if again else
                                 f"{recent} deaths in a minute, the next one starts when a "
                                 "run needs it"), file=sys.stderr)
                        self._proc = None
                        self.generation += 1  # every job of the dead process is unloaded
                        if again:
                            self._start_locked()
                if died:
                    for job in list(self._jobs.values()):
                        job._on_trainer_died(code, resume=again)
                for job in list(self._jobs.values()):
                    job._check_heartbeat()
            except Exception:
                import traceback

                traceback.print_exc(file=sys.stderr)


_PROCESS: TrainerProcess | None = None
_PROCESS_LOCK = threading.Lock()


def trainer_process() -> TrainerProcess:
    """This server's one :class:`TrainerProcess` (created, not started: the process itself starts
    when a job first needs it)."""
    global _PROCESS
    with _PROCESS_LOCK:
        if _PROCESS is None or _PROCESS._closed:
            _PROCESS = TrainerProcess()
        return _PROCESS


def session_alive_probe() -> Callable[[], bool] | None:
    """For the running Streamlit session: a thread-safe ``() -> bool`` that says whether its
    browser is still connected (None outside a Streamlit server, e.g. in AppTest)."""
    try:
        from streamlit import runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or not runtime.exists():
            return None
        return _SessionProbe(runtime.get_instance(), ctx.session_id)
    except Exception:
        return None


class _SessionProbe:
    """``probe()`` says whether the session's browser is connected."""

    def __init__(self, rt, session_id: str):
        self._rt, self.session_id = rt, session_id

    def __call__(self) -> bool:
        return bool(self._rt.is_active_session(self.session_id))


def shared_registry() -> JobRegistry:
    """The server's one registry (``st.cache_resource``: shared by every session, holds no
    model)."""
    import streamlit as st

    @st.cache_resource(show_spinner=False)
    def _registry() -> JobRegistry:
        return JobRegistry()

    return _registry()


# ---- what the page draws -------------------------------------------------------------------------
@dataclass(frozen=True)
class RunView:
    """What the page draws for one run (read-only)."""

    name: str
    config: object
    device: str
    device_reason: object
    """Why the run is on its device (a :class:`divergences.messages.Message`)."""
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
    grad_iteration: tuple = ()
    grad_norm: tuple = ()
    """‖∇_θ ℓ_G‖ (the generator's gradient norm on the fixed evaluation noise) at the
    evaluations, at ``grad_iteration``: the curve of the "strong discriminator" scenario."""


def _extend_grads(old: RunView, new_its, new_norms, upto: int | None = None) -> tuple:
    """``old``'s gradient norms with the new ones after its last iteration (a trainer restarted
    from a checkpoint measures again where it restarted), cut at ``upto`` when given."""
    its, norms = list(old.grad_iteration), list(old.grad_norm)
    for i, g in zip(new_its, new_norms):
        if not its or i > its[-1]:
            its.append(int(i))
            norms.append(float(g))
    if upto is not None:
        keep = [k for k, i in enumerate(its) if i <= upto]
        its, norms = [its[k] for k in keep], [norms[k] for k in keep]
    return tuple(its), tuple(norms)


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
    wait_s: float | None = None
    """While queued: seconds until a slot frees at the latest (every job ahead runs its
    maximum time)."""
    notice: str = ""
    """"trainer_restarted" after the trainer process died and this run was put back from its
    last checkpoint ("trainer_died" when it was not restarted automatically)."""
    notice_iteration: int = 0
    """The iteration the run went back to (with ``notice``)."""


ACTIVE = ("queued", "running")


def _view_of(name: str, tr) -> RunView:
    """A RunView drawn from a Trainer in this process (a new job's untrained models)."""
    fake = tr.eval_sample()
    xs, ys, vals = tr.critic_map(MAP_SIZE)
    finite = np.isfinite(fake).all(axis=1)
    at = fake[finite][:N_ARROWS]
    arrows = tr.generator_push(at) if len(at) else np.zeros((0, 2))
    try:
        grad = float(tr.generator_grad_norm())
    except Exception:  # noqa: BLE001 - a measurement only
        grad = float("nan")
    return RunView(name=name, config=tr.config, device=tr.device.type,
                   device_reason=tr.device_reason, messages=tuple(tr.messages),
                   iteration=tr.iteration, real=tr.real_eval, fake=fake, map_x=xs, map_y=ys,
                   map_values=vals, arrow_at=at, arrows=arrows, history=tr.history.copy(),
                   w1_floor=tr.w1_floor, bounds=tr.bounds, is_wgan=tr.is_wgan,
                   tracking_r=tr.history.tracking(), grad_iteration=(tr.iteration,),
                   grad_norm=(grad,))


class TrainingJob:
    """One session's named runs, trained in lockstep in the trainer process.

    ``TrainingJob(trainers, registry)``: ``trainers`` maps a run's name to a
    :class:`~divergences.training.Trainer` (usually new; its first view is drawn here, without a
    training step). ``start()`` trains until paused or stopped; ``step(n)`` trains n iterations
    then pauses (it does not wait for a slot: n is small); ``pause()``; ``stop(reason)``;
    ``poll()`` returns the latest :class:`JobView` and is the page's heartbeat; ``trainers`` maps
    each name to its latest :class:`RunView` (config, iteration, history, ...).
    """

    def __init__(self, trainers: dict, registry: JobRegistry | None = None, *,
                 heartbeat_timeout: float = HEARTBEAT_TIMEOUT_S,
                 max_seconds: float = MAX_RUN_SECONDS, eval_every: int = EVAL_EVERY,
                 eval_end: int | None = None,
                 snapshot_interval: float = SNAPSHOT_INTERVAL_S,
                 torch_threads: int | None = None,
                 session_alive: Callable[[], bool] | None = None,
                 connected_timeout: float = CONNECTED_TIMEOUT_S,
                 clock: Callable[[], float] = time.monotonic,
                 process: TrainerProcess | None = None):
        if not trainers:
            raise ValueError("a job needs at least one trainer")
        self.id = uuid.uuid4().hex
        self.registry = registry if registry is not None else JobRegistry()
        self.process = process or trainer_process()
        self.heartbeat_timeout = float(heartbeat_timeout)
        self.connected_timeout = max(float(connected_timeout), self.heartbeat_timeout)
        self.session_alive = session_alive
        self.max_seconds = float(max_seconds)
        self.eval_every = max(1, int(eval_every))
        self.eval_end = None if eval_end is None else int(eval_end)
        self.snapshot_interval = float(snapshot_interval)
        self._clock = clock
        self._cond = threading.Condition(threading.RLock())
        self._status, self._reason = "idle", ""
        self._notice, self._notice_it = "", 0
        self._last_seen = clock()
        self._it_per_s = float("nan")
        self._loaded_gen: int | None = None
        self._settled = True  # False between a quick "paused" and the run's final view
        self._pending: tuple | None = None  # what to send once a queued job gets its slot
        self._checkpoint: bytes | None = None
        self._ckpt_meta: dict | None = None
        self.configs = {name: tr.config for name, tr in trainers.items()}
        if any(tr.iteration for tr in trainers.values()):
            import torch

            buf = io.BytesIO()
            torch.save({n: tr.state_dict() for n, tr in trainers.items()}, buf)
            self._checkpoint = buf.getvalue()
        for tr in trainers.values():
            if not tr.history.eval_iteration:
                tr.evaluate()
        self._runs = {name: _view_of(name, tr) for name, tr in trainers.items()}
        self._initial_runs = dict(self._runs)
        self._iter0 = {name: tr.iteration for name, tr in trainers.items()}
        self._updated = time.monotonic()
        self.process.register(self)
        try:  # page 6 is open: start the trainer process now (spawn and imports take seconds),
            self.process.ensure_started()  # so that it is ready when Start is pressed
        except Exception:  # noqa: BLE001 - it is started again (and reported) on Start
            pass

    # -- page side ---------------------------------------------------------------------------
    @property
    def status(self) -> str:
        return self._status

    @property
    def is_active(self) -> bool:
        """True while queued or training (the page should poll)."""
        return self._status in ACTIVE

    @property
    def busy(self) -> bool:
        """True while queued or training, or while a pause's final view (after the run's last
        evaluation) is still on its way: the page should go on polling."""
        return self._status in ACTIVE or not self._settled

    def settle(self, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds for the run to stand still with its final view here
        (after a pause, or a step's last iteration): a button's callback waits this long so that
        the page's next run shows the effect at once instead of one poll later. True when it
        did."""
        return self.join(timeout)

    @property
    def trainers(self) -> dict:
        """name → the run's latest :class:`RunView` (config, iteration, history, ...)."""
        return dict(self._runs)

    runs = trainers

    @property
    def iterations_run(self) -> int:
        """Generator iterations trained since this job was made (per run, lockstep)."""
        name = next(iter(self._runs))
        return self._runs[name].iteration - self._iter0[name]

    def poll(self) -> JobView:
        """The latest view; also the heartbeat that keeps the run going."""
        self._last_seen = self._clock()
        return self.view()

    def view(self) -> JobView:
        """The latest view, without counting as a heartbeat."""
        queued = self._status == "queued"
        running, _ = self.registry.counts()
        return JobView(self._status, self._reason, dict(self._runs),
                       self.registry.ahead_of(self.id) if queued else None, running,
                       self.registry.capacity, self._it_per_s, self._updated,
                       self.registry.estimated_wait(self.id) if queued else None,
                       self._notice, self._notice_it)

    def start(self) -> bool:
        """Train until paused, stopped, timed out or the page stops polling."""
        with self._cond:
            if self._status in ACTIVE:
                return True
            self._last_seen = self._clock()
            self._notice = ""
            self._reason = ""
            if self.registry.request(self.id):
                self._begin(("start", self.id))
            else:
                self._status, self._pending = "queued", ("start", self.id)
            return True

    def step(self, n: int) -> bool:
        """Train ``n`` more iterations, then pause. Refused (False) while a run is going."""
        if isinstance(n, bool) or int(n) != n or n < 1:
            raise ValueError(f"n must be a positive integer; got {n!r}")
        with self._cond:
            if self._status in ACTIVE:
                return False
            self._last_seen = self._clock()
            self._notice = ""
            self._reason = ""
            self._begin(("step", self.id, int(n)))
            return True

    def pause(self) -> None:
        freed = []
        with self._cond:
            if self._status == "queued":
                freed = self._leave_queue("paused", "")
            elif self._status == "running":
                self.process.send(("pause", self.id))
        self._promote(freed)

    def stop(self, reason: str = "stopped") -> None:
        freed = []
        with self._cond:
            if self._status == "queued":
                freed = self._leave_queue("stopped", reason)
            elif self._status == "running":
                self.process.send(("stop", self.id, reason))
                self._reason = reason
            elif self._loaded_gen is not None:
                self.process.send(("drop", self.id))
                self._loaded_gen = None
        self._promote(freed)

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the job is neither queued nor running (and its last view, after the final
        evaluation, is here); True when it is not."""
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._status in ACTIVE or not self._settled:
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(0.1 if left is None else min(0.1, left))
            return True

    # -- sending -------------------------------------------------------------------------------
    def _options(self) -> dict:
        return dict(max_seconds=self.max_seconds, eval_every=self.eval_every,
                    eval_end=self.eval_end,
                    snapshot_interval=self.snapshot_interval)

    def _begin(self, cmd: tuple) -> None:
        """(lock held) Load the job into the trainer process if it is not there, then send."""
        self.process.ensure_started()
        if self._loaded_gen != self.process.generation:
            self._loaded_gen = self.process.send(("create", self.id, self.configs,
                                                  self._checkpoint, self._options()))
        self.process.send(cmd)
        self._status, self._pending = "running", None
        self._it_per_s = 0.0
        self._cond.notify_all()

    def _leave_queue(self, status: str, reason: str) -> list[str]:
        """(lock held) Out of the queue (or the slot); returns the jobs that got a slot."""
        self._status, self._reason, self._pending = status, reason, None
        self._cond.notify_all()
        return self.registry.release(self.id)

    def _promote(self, tokens: list[str]) -> None:
        """Start the queued jobs that just got a slot (called with NO job lock held: a job only
        ever takes its own lock, so two jobs cannot wait on each other)."""
        todo = list(tokens)
        while todo:
            token = todo.pop(0)
            job = self.process._jobs.get(token)
            if job is None:
                todo += self.registry.release(token)
                continue
            with job._cond:
                if job._status == "queued" and job._pending is not None:
                    job._begin(job._pending)
                    continue
            todo += self.registry.release(token)

    # -- from the trainer process (reader / monitor threads) -------------------------------------
    def _on_view(self, status: str, reason: str, rate: float, runs: dict, gen: int,
                 final: bool = True) -> None:
        freed = []
        with self._cond:
            if gen != self._loaded_gen:
                return  # from a process this job is no longer in
            self._settled = final
            new = {}
            for name, r in runs.items():
                old = self._runs[name]
                h = old.history.copy()
                for f, vals in r["history"].items():
                    getattr(h, f).extend(vals)
                g_its, g_norms = _extend_grads(old, *r.get("grads", ((), ())))
                new[name] = RunView(
                    name=name, config=old.config, device=r["device"],
                    device_reason=r["device_reason"], messages=r["messages"],
                    iteration=r["iteration"], real=old.real, fake=r["fake"], map_x=r["map_x"],
                    map_y=r["map_y"], map_values=r["map_values"], arrow_at=r["arrow_at"],
                    arrows=r["arrows"], history=h, w1_floor=old.w1_floor, bounds=old.bounds,
                    is_wgan=old.is_wgan, tracking_r=r["tracking_r"], grad_iteration=g_its,
                    grad_norm=g_norms)
            if new:
                self._runs = {**self._runs, **new}
            self._updated = time.monotonic()
            if rate == rate:
                self._it_per_s = rate
            was = self._status
            if was == "queued":
                return  # an old view of a job that was since queued again
            self._status = status
            if status != "running":
                self._reason = reason
                if status == "stopped":
                    self._loaded_gen = None  # the trainer dropped it (its checkpoint is here)
            if was == "running" and status != "running":
                freed = self.registry.release(self.id)
            self._cond.notify_all()
        self._promote(freed)

    def _on_checkpoint(self, data: bytes, meta: dict) -> None:
        with self._cond:
            self._checkpoint, self._ckpt_meta = data, meta

    def _on_trainer_died(self, exit_code, resume: bool) -> None:
        """The trainer process died: go back to the last checkpoint; a running job goes on in
        the new process (unless it keeps dying), a paused one is loaded when next needed."""
        freed = []
        with self._cond:
            if self._loaded_gen is None or self._loaded_gen == self.process.generation:
                return
            self._loaded_gen = None
            self._settled = True
            if self._ckpt_meta is not None:
                from divergences.training import History

                self._runs = {name: RunView(**{
                    **self._runs[name].__dict__, "iteration": it, "history": History(**hist),
                    **dict(zip(("grad_iteration", "grad_norm"),
                               _extend_grads(self._runs[name], (), (), upto=it)))})
                    for name, (it, hist) in self._ckpt_meta.items()}
            else:  # never checkpointed: back to where the job began
                self._runs = dict(self._initial_runs)
            self._notice_it = next(iter(self._runs.values())).iteration
            was_running = self._status == "running"
            self._notice = "trainer_restarted"
            if was_running and resume and self.registry.holds(self.id):
                self._begin(("start", self.id))
            elif was_running:
                self._notice = "trainer_died"
                self._status, self._reason = "paused", ""
                freed = self.registry.release(self.id)
            self._cond.notify_all()
        self._promote(freed)

    def _check_heartbeat(self) -> None:
        if self._status not in ACTIVE:
            return
        quiet = self._clock() - self._last_seen
        if quiet > self.heartbeat_timeout and (quiet > self.connected_timeout
                                               or not self._session_connected()):
            self.stop("heartbeat")

    def _session_connected(self) -> bool:
        if self.session_alive is None:
            return False
        try:
            return bool(self.session_alive())
        except Exception:  # the runtime is going away: treat the session as gone
            return False

    def __del__(self):  # a session's job is gone (closed session, Reset): free the trainer
        try:
            if self._loaded_gen is not None and self.process.alive():
                self.process._cmd_q.put(("drop", self.id))
            if self._status in ACTIVE:
                self._promote(self.registry.release(self.id))
        except Exception:
            pass


# ---- a class's live run: the teacher's job, watched by the class ---------------------------
_CLASS_JOBS: dict[str, "weakref.ref[TrainingJob]"] = {}
_CLASS_LOCK = threading.Lock()


def share_with_class(code: str, job: TrainingJob | None) -> None:
    """Make ``job`` (the teacher's page-6 run) the live run of class ``code``, or forget it
    (``job`` None). Kept as a weak reference: the job stays the teacher's (their session holds
    it); when it is gone (Reset, a new job, a closed session), the class has no run.

    Process-wide: a student whose session is served by ANOTHER server process (several replicas
    behind a load balancer) cannot see it (:func:`class_job` returns None there)."""
    with _CLASS_LOCK:
        if job is None:
            _CLASS_JOBS.pop(code, None)
        else:
            _CLASS_JOBS[code] = weakref.ref(job)
        for k in [k for k, r in _CLASS_JOBS.items() if r() is None]:  # the teachers gone
            del _CLASS_JOBS[k]


def class_job(code: str) -> TrainingJob | None:
    """The live run the teacher of class ``code`` shares in this server process (None when there
    is none here). A student draws its :meth:`TrainingJob.view` (never :meth:`~TrainingJob.poll`:
    watching is not a heartbeat, so the run stops when the teacher's page stops asking, however
    many students watch) and never starts, pauses or stops it."""
    with _CLASS_LOCK:
        ref = _CLASS_JOBS.get(code)
    return None if ref is None else ref()


# ---- what page 6 says about the queue and the trainer process ------------------------------------
def wait_text(wait_s: float | None) -> str:
    """The queued student's estimated wait, in their language."""
    from app.i18n import t

    if wait_s is None:
        return ""
    if wait_s < 60:
        return t("Estimated wait: under a minute.")
    return t("Estimated wait: at most about {m} min (each run stops after {limit} min at the "
             "latest).", m=int(np.ceil(wait_s / 60)), limit=int(np.ceil(MAX_RUN_SECONDS / 60)))


def queued_text(view: JobView) -> str:
    """What page 6 (and its seeds view) says while a job waits for a slot: how busy the server
    is, how many jobs are ahead, and the estimated wait."""
    from app.i18n import t

    return (t("Busy: {n} of {cap} training runs are going on this server. Yours is queued "
              "({ahead} ahead of it) and starts as soon as one ends.",
              n=view.running_jobs, cap=view.capacity, ahead=view.ahead or 0)
            + " " + wait_text(view.wait_s))


def restart_notice(view: JobView) -> str:
    """What page 6 says after the trainer process died (``view.notice``)."""
    from app.i18n import t

    if view.notice == "trainer_restarted":
        return t("The training process stopped unexpectedly and a new one was started. Your run "
                 "went back to its last saved state (iteration {it}) and nothing else was lost.",
                 it=view.notice_iteration)
    if view.notice == "trainer_died":
        return t("The training process stopped unexpectedly, several times in a row. Your run is "
                 "paused at its last saved state (iteration {it}): press Start to try again.",
                 it=view.notice_iteration)
    return ""

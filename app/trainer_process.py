"""The trainer process: every live run of the server, trained outside the page server's process.

Started by :class:`app.jobs.TrainerProcess` with ``torch.multiprocessing`` (spawn) when page 6
first needs it. No Streamlit here (and nothing of the page server's state): it receives commands
on one queue and sends views, checkpoints and figures back on another.

Commands (tuples, server → trainer):
- ``("create", job_id, {name: TrainConfig}, checkpoint | None, options)``: the runs of a job
  (from their configs, or from a checkpoint: :meth:`Trainer.state_dict` of each, saved with
  ``torch.save``); ``options``: max_seconds, eval_every, eval_end, snapshot_interval.
- ``("start", job_id)``, ``("step", job_id, n)``, ``("pause", job_id)``,
  ``("stop", job_id, reason)`` (then the job is dropped: its checkpoint is with the server),
  ``("drop", job_id)``, ``("exit",)``.

Messages (trainer → server):
- ``("hello", pid, capacity | None)``: the process is up (capacity: its calibration, below);
- ``("view", job_id, status, reason, it_per_s, runs, pid, steps, final)``: a job's latest view
  (``runs``: per run, the arrays the page draws, the history entries since the last view and the
  generator's gradient norms measured at the evaluations since then, ``grads``: (iterations,
  norms));
  ``steps``: generator iterations this process has trained in all (for the load benchmark:
  training steps per process id); ``final`` False for the "paused" sent at once on a pause,
  before the run's last evaluation and view;
- ``("checkpoint", job_id, bytes, meta)``: a job's state at a pause or stop, and every
  ``CHECKPOINT_INTERVAL_S`` while it runs, so that a dead trainer process loses at most that much.

Every running run with the same network shape trains in ONE :class:`TrainerBatch` (rebuilt when a
run starts or stops): one stacked model and one optimiser step for all of them. The loop trains
in chunks of about ``CHUNK_SECONDS`` and reads commands between chunks, so Pause, Reset and Step
act within a chunk. A job's runs are evaluated (exact W1, modes, the generator's gradient norm)
at fixed iterations: iteration 0, every ``eval_every`` iterations and ``eval_end`` (a scenario's
schedule, :func:`divergences.scenarios.eval_schedule`); chunks stop at those iterations. So
every number of a run depends on its settings and seed alone, never on the machine's speed, and
(a batch's numbers being those of each run alone, :func:`divergences.batch.stacked_linear`) a
live run of a scenario equals its recording. Views are spread out so that they take at most a
set share of the process's time, however many runs there are.
"""

from __future__ import annotations

import io
import os
import queue
import sys
import time
import traceback

import numpy as np

CHUNK_SECONDS = 0.05
"""A batch step lasts about this long: commands wait at most this (or one iteration)."""
SNAPSHOT_SHARE = 0.08
"""Views (critic map, generator push, samples) take at most this share of the time."""
CHECKPOINT_INTERVAL_S = 10.0
HIST_FIELDS = ("iteration", "loss_d", "loss_g", "penalty", "eval_iteration", "w1", "modes",
               "hq", "eval_seconds")
N_ARROWS = 40
MAP_SIZE = 40
MIN_JOB_RATE = 10.0
"""The calibration's bar: a job's two runs must each train at least this many iterations/s."""
MAX_CAPACITY_CPU, MAX_CAPACITY_CUDA = 32, 256
"""The most jobs the calibration allows one trainer process (CPU, CUDA)."""


class _Job:
    def __init__(self, job_id, trainers: dict, options: dict):
        self.id = job_id
        self.trainers = trainers
        self.status, self.reason = "paused", ""
        self.target: int | None = None
        self.done = 0
        self.t_start = self.t_run = time.monotonic()
        self.max_seconds = float(options.get("max_seconds", 300.0))
        self.eval_every = max(1, int(options.get("eval_every", 40)))
        end = options.get("eval_end")
        self.eval_end = None if end is None else int(end)
        self.snapshot_interval = float(options.get("snapshot_interval", 0.5))
        self.last_snap = self.last_ckpt = 0.0
        self.it_per_s = float("nan")
        self.sent = {name: {f: len(getattr(tr.history, f)) for f in HIST_FIELDS}
                     for name, tr in trainers.items()}
        # the generator's gradient norm at the evaluations: (iterations, norms) per run, and how
        # many of them the server has
        self.grads = {name: ([], []) for name in trainers}
        self.grads_sent = {name: 0 for name in trainers}
        record_grads(self)


    @property
    def iteration(self) -> int:
        """The runs' iteration (they train in lockstep)."""
        return next(iter(self.trainers.values())).iteration

    def on_schedule(self, it: int) -> bool:
        """Whether iteration ``it`` is one of the job's evaluations."""
        return it % self.eval_every == 0 or it == self.eval_end

    def to_next_eval(self) -> int:
        """Iterations from now to the job's next evaluation."""
        it = self.iteration
        nxt = (it // self.eval_every + 1) * self.eval_every
        if self.eval_end is not None and it < self.eval_end:
            nxt = min(nxt, self.eval_end)
        return nxt - it


def record_grads(job: "_Job") -> None:
    """Append each run's ‖∇_θ ℓ_G‖ (:meth:`Trainer.generator_grad_norm`: a measurement on the
    fixed evaluation noise, no training state touched) at its current iteration, once per
    iteration (NaN when it cannot be computed)."""
    for name, tr in job.trainers.items():
        its, norms = job.grads[name]
        if its and its[-1] == tr.iteration:
            continue
        try:
            g = float(tr.generator_grad_norm())
        except Exception:  # noqa: BLE001 - a measurement must not stop the run
            g = float("nan")
        its.append(int(tr.iteration))
        norms.append(g)


class Engine:
    def __init__(self, out_q, threads: int):
        import torch

        self.torch = torch
        self.out = out_q
        self.threads = threads
        self.jobs: dict[str, _Job] = {}
        self.batch = None
        self.batch_ids: tuple = ()
        self.steps = 0
        self.pid = os.getpid()
        self.chunk = 2
        self.snap_cost = 0.01   # seconds per job view

    # -- commands ----------------------------------------------------------------------------
    def handle(self, cmd) -> bool:
        kind, args = cmd[0], cmd[1:]
        if kind == "exit":
            return False
        if kind == "create":
            self._create(*args)
        elif kind in ("start", "step"):
            job = self.jobs.get(args[0])
            if job is not None and job.status != "error":
                job.status, job.reason = "running", ""
                job.target = int(args[1]) if kind == "step" else None
                job.done = 0
                job.t_start = job.t_run = time.monotonic()
                job.last_snap = job.last_ckpt = job.t_start
                self._send_view(job)
        elif kind == "pause":
            job = self.jobs.get(args[0])
            if job is not None and job.status == "running":
                self._finish(job, "paused", "")
        elif kind == "stop":
            job = self.jobs.get(args[0])
            if job is not None:
                if job.status == "running":
                    self._finish(job, "stopped", args[1])
                self._drop(job.id)
        elif kind == "drop":
            self._drop(args[0])
        return True

    def _create(self, job_id, configs: dict, checkpoint, options: dict) -> None:
        from divergences.training import Trainer

        try:
            if checkpoint is not None:
                states = self.torch.load(io.BytesIO(checkpoint), weights_only=True)
                trainers = {n: Trainer.from_state(c, states[n]) for n, c in configs.items()}
            else:
                trainers = {n: Trainer(c) for n, c in configs.items()}
            for tr in trainers.values():
                if not tr.history.eval_iteration:
                    tr.evaluate()
        except Exception as exc:  # a bad job must not take the process down
            traceback.print_exc(file=sys.stderr)
            self.out.put(("view", job_id, "error", f"{type(exc).__name__}: {exc}", float("nan"),
                          {}, self.pid, self.steps, True))
            return
        self._drop(job_id)
        self.jobs[job_id] = _Job(job_id, trainers, options)

    def _drop(self, job_id) -> None:
        job = self.jobs.pop(job_id, None)
        if job is not None and job_id in self.batch_ids:
            self._unbatch()

    # -- the batch of every running run ----------------------------------------------------------
    def _unbatch(self) -> None:
        if self.batch is not None:
            self.batch.release()  # every run's optimiser state back into its Trainer
        self.batch, self.batch_ids = None, ()

    def _batch_for(self, running: list[_Job]):
        from divergences.batch import TrainerBatch

        ids = tuple(j.id for j in running)
        if ids != self.batch_ids or self.batch is None:
            self._unbatch()
            self.batch = TrainerBatch.adopt([tr for j in running for tr in j.trainers.values()])
            self.batch_ids = ids
        return self.batch

    def _step_alone(self, running: list[_Job], k: int) -> None:
        """After a failed batch step: each job on its own, so that one bad run fails alone."""
        self._unbatch()
        for job in running:
            try:
                for tr in job.trainers.values():
                    tr.step(k)
            except Exception as exc:
                traceback.print_exc(file=sys.stderr)
                self._finish(job, "error", f"{type(exc).__name__}: {exc}", evaluate=False)

    def train_once(self) -> None:
        running = [j for j in self.jobs.values() if j.status == "running"]
        if not running:
            return
        now = time.monotonic()
        for job in running:
            if now - job.t_start > job.max_seconds:
                self._finish(job, "stopped", "max_duration")
        running = [j for j in running if j.status == "running"]
        if not running:
            return
        k = self.chunk
        for job in running:
            if job.target is not None:
                k = min(k, job.target - job.done)
            k = min(k, job.to_next_eval())  # evaluations at fixed iterations
        k = max(1, k)
        t0 = time.perf_counter()
        try:
            self._batch_for(running).step(k)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self._step_alone(running, k)
            running = [j for j in running if j.status == "running"]
        dt = max(time.perf_counter() - t0, 1e-6)
        self.chunk = int(min(max(1, self.chunk * CHUNK_SECONDS / dt), 2 * self.chunk + 1, 500))
        self.steps += k
        now = time.monotonic()
        n_jobs = len(running)
        snap_gap = max(0.0, n_jobs * self.snap_cost / SNAPSHOT_SHARE)
        for job in running:
            job.done += k
            job.it_per_s = job.done / max(now - job.t_run, 1e-9)
            if job.target is not None and job.done >= job.target:
                self._finish(job, "paused", "")  # evaluates when on the schedule
                continue
            if job.on_schedule(job.iteration):
                self._evaluate(job)
            if now - job.last_snap >= max(job.snapshot_interval, snap_gap):
                self._send_view(job)
                job.last_snap = time.monotonic()
            if now - job.last_ckpt >= CHECKPOINT_INTERVAL_S:
                if self.batch is not None:
                    self.batch.release()  # optimiser states into the Trainers (batch goes on)
                self._send_checkpoint(job)
                job.last_ckpt = time.monotonic()

    def _evaluate(self, job: _Job) -> None:
        for tr in job.trainers.values():
            if tr.history.eval_iteration[-1:] != [tr.iteration]:
                tr.evaluate()
        record_grads(job)

    def _finish(self, job: _Job, status: str, reason: str, evaluate: bool = True) -> None:
        if job.id in self.batch_ids:
            self._unbatch()
        job.status, job.reason, job.target = status, reason, None
        if status == "paused":  # say so at once; the final evaluation and view follow
            self.out.put(("view", job.id, status, reason, job.it_per_s, {}, self.pid,
                          self.steps, False))
        if evaluate and job.on_schedule(job.iteration):  # a pause between evaluations adds none
            try:
                for tr in job.trainers.values():
                    if tr.history.eval_iteration[-1:] != [tr.iteration]:
                        tr.evaluate()
                record_grads(job)
            except Exception as exc:
                traceback.print_exc(file=sys.stderr)
                job.status, job.reason = "error", f"{type(exc).__name__}: {exc}"
        if job.status != "error":
            self._send_checkpoint(job)  # before the view: the server has it when it sees "paused"
        self._send_view(job)

    # -- what goes back to the server --------------------------------------------------------------
    def _send_view(self, job: _Job) -> None:
        t0 = time.perf_counter()
        runs = {}
        try:
            for name, tr in job.trainers.items():
                fake = tr.eval_sample()
                xs, ys, vals = tr.critic_map(MAP_SIZE)
                finite = np.isfinite(fake).all(axis=1)
                at = fake[finite][:N_ARROWS]
                arrows = tr.generator_push(at) if len(at) else np.zeros((0, 2))
                sent = job.sent[name]
                delta = {f: getattr(tr.history, f)[sent[f]:] for f in HIST_FIELDS}
                for f in HIST_FIELDS:
                    sent[f] += len(delta[f])
                its, norms = job.grads[name]
                k = job.grads_sent[name]
                grads = (its[k:], norms[k:])
                job.grads_sent[name] = len(its)
                runs[name] = dict(
                    iteration=tr.iteration, fake=fake, map_x=xs, map_y=ys, map_values=vals,
                    arrow_at=at, arrows=arrows, history=delta, tracking_r=tr.history.tracking(),
                    grads=grads,
                    device=tr.device.type, device_reason=tr.device_reason,
                    messages=tuple(tr.messages))
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            job.status, job.reason = "error", f"{type(exc).__name__}: {exc}"
            runs = {}
        self.out.put(("view", job.id, job.status, job.reason, job.it_per_s, runs, self.pid,
                      self.steps, True))
        self.snap_cost = 0.8 * self.snap_cost + 0.2 * (time.perf_counter() - t0)

    def _send_checkpoint(self, job: _Job) -> None:
        buf = io.BytesIO()
        self.torch.save({n: tr.state_dict() for n, tr in job.trainers.items()}, buf)
        meta = {n: (tr.iteration, {f: list(getattr(tr.history, f)) for f in HIST_FIELDS})
                for n, tr in job.trainers.items()}
        self.out.put(("checkpoint", job.id, buf.getvalue(), meta))

    def loop(self, cmd_q) -> None:
        parent = os.getppid()
        while True:
            if os.getppid() != parent:  # the page server is gone (even killed): so are we
                return
            busy = any(j.status == "running" for j in self.jobs.values())
            try:
                cmd = cmd_q.get(timeout=0.2) if not busy else cmd_q.get_nowait()
                while True:
                    if not self.handle(cmd):
                        return
                    cmd = cmd_q.get_nowait()
            except queue.Empty:
                pass
            self.train_once()


def calibrate(seconds: float = 1.0) -> int:
    """How many jobs (the page's pair: a minimax GAN and a WGAN, default networks) this process
    can train at once with each run at least :data:`MIN_JOB_RATE` iterations/s: time a batch of
    one pair and of four pairs, fit time per iteration = a + b·pairs, solve for the bar."""
    import torch

    from divergences.training import TrainConfig, TrainerBatch

    def per_iteration(pairs: int) -> float:
        cfgs = [TrainConfig(loss=lo, seed=s, device="auto") for s in range(pairs)
                for lo in ("gan", "wgan")]
        b = TrainerBatch(cfgs)
        b.step(1)
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds / 2:
            b.step(2)
            n += 2
        return (time.perf_counter() - t0) / n

    t1, t4 = per_iteration(1), per_iteration(4)
    # Each pair costs at least a twentieth of a lone pair (a machine's noise can make the fitted
    # slope tiny or negative), and the answer is capped by what one process should hold.
    b = max((t4 - t1) / 3, t1 / 20, 1e-6)
    a = max(t1 - b, 0.0)
    cap = MAX_CAPACITY_CUDA if torch.cuda.is_available() else MAX_CAPACITY_CPU
    return int(min(cap, max(1, (1.0 / MIN_JOB_RATE - a) / b + 1e-9)))


def main(cmd_q, out_q, threads: int = 1, nice: int = 10, calibrate_capacity: bool = True) -> None:
    """The process's entry point (torch.multiprocessing spawn target)."""
    try:
        os.nice(nice)  # pages first: the OS runs the page server before training
    except (OSError, AttributeError):
        pass
    import torch

    torch.set_num_threads(max(1, int(threads)))
    capacity = None
    if calibrate_capacity:
        try:
            capacity = calibrate()
        except Exception:
            traceback.print_exc(file=sys.stderr)
    out_q.put(("hello", os.getpid(), capacity))
    Engine(out_q, threads).loop(cmd_q)

"""Training figures of docs/DESIGN.md §4 (page 6): speed in the app's worker, mode coverage in 60 s.

    python -m benchmarks.run training            # full (about 4 min on 2 CPU cores)
    python -m benchmarks.run training --quick    # short runs (about 1 min)
    python -m benchmarks.run training --smoke    # 0.2-s runs, 1 thread: no meaningful figure
    DL_BENCH_QUICK=1 python -m benchmarks.run training     # the same, by environment
    DL_BENCH_TRAIN_SECONDS=20 python -m benchmarks.run training   # another training budget
    DL_BENCH_THREADS=2 python -m benchmarks.run training   # torch threads on the CPU (default 1)

It prints the device it measures (CPU model and threads; the CUDA device's name when there is one).

Rows:
- iterations/s of the real ``app.jobs.TrainingJob`` in the app's trainer process (its batch,
  exact-W1 evaluations and views, no Streamlit runtime) against the bare ``Trainer.step`` loop in
  this process, one after the other (goal: ratio ≥ 0.8); for one WGAN and for the page's default
  pair (minimax GAN + WGAN in lockstep, batched as one TrainerBatch in the trainer process);
- modes of 8 Gaussians covered (3σ rule, 2500 generated points) by WGAN with the defaults within
  60 s of training on the CPU, and the classic minimax GAN on the same seed, whatever it does;
- iterations/s of every loss on the CPU, and on CUDA when ``torch.cuda.is_available()``;
- batching (``divergences.training.TrainerBatch``): 8 WGAN runs as one stacked model, aggregate
  iterations/s ÷ one ``Trainer``'s, at the same torch thread count (1 and 2; goal ≥ 1.6×), runs
  measured in interleaved rounds; the stacked matmuls (``torch.baddbmm``, what TrainerBatch uses)
  against ``torch.func`` (``stack_module_state`` + ``vmap(functional_call)``) for the same 8 runs;
  per-run and aggregate it/s for K = 1, 8, 32 runs (and 128 on CUDA), and on CUDA one run's it/s ÷
  one CPU thread's (goal ≥ 5×) and 32 runs' per-run rate ÷ one CPU thread's (goal ≥ 2×).

Imports only torch, numpy, scipy and POT at module level (no Streamlit: the GPU machine may not
have it); the worker row imports app.jobs lazily and is skipped with a note without Streamlit.
"""

from __future__ import annotations

import copy
import os
import platform
import sys
import time

import numpy as np

import torch

from benchmarks.common import Row
from divergences.metrics import mode_coverage
from divergences.batch import StackedRMSprop
from divergences.training import LOSSES, TrainConfig, Trainer, TrainerBatch

COVERAGE_SAMPLES = 2500
CPU_THREADS = int(os.environ.get("DL_BENCH_THREADS", "1"))
"""torch intra-op threads on the CPU: 1, as the app uses on a 2-core machine (the other core serves
the pages); two OpenMP threads on a busy 2-core machine were measured 10-20× slower than one."""


def _quick(quick: bool) -> bool:
    return quick or os.environ.get("DL_BENCH_QUICK", "") in ("1", "true", "yes")


def device_name(device: str) -> str:
    if device == "cuda":
        return f"CUDA: {torch.cuda.get_device_name(0)}"
    return (f"CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"torch threads {torch.get_num_threads()}")


def _bare_rate(trainers: list[Trainer], seconds: float) -> float:
    """Iterations per second of the bare lockstep loop (chunks of 10, as the worker's)."""
    for tr in trainers:
        tr.step(5)
    done, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for tr in trainers:
            tr.step(10)
        done += 10
    if trainers[0].device.type == "cuda":
        torch.cuda.synchronize()
    return done / (time.perf_counter() - t0)


_PROCESS = None


def _worker_rate(trainers: list[Trainer], seconds: float, jobs) -> float:
    """Iterations per second in the app's trainer process (app/trainer_process.py: its batch,
    evaluations and views), measured from this process after a warm-up: Δ(iterations) / Δ(wall
    time) of the views that come back. Same torch threads as the bare loop, not niced."""
    global _PROCESS
    if _PROCESS is None:
        _PROCESS = jobs.TrainerProcess(threads=torch.get_num_threads(), nice=0, calibrate=False)
    job = jobs.TrainingJob({f"run{i}": tr for i, tr in enumerate(trainers)},
                           jobs.JobRegistry(1), heartbeat_timeout=1e9, max_seconds=1e9,
                           process=_PROCESS)
    job.start()
    while job.iterations_run < 5 and job.is_active:
        time.sleep(0.01)
    i0, t0 = job.iterations_run, time.perf_counter()
    time.sleep(seconds)
    i1, t1 = job.iterations_run, time.perf_counter()
    job.stop("benchmark")
    job.join(30)
    return (i1 - i0) / (t1 - t0)


def _ratio_rows(device: str, seconds: float, rounds: int = 3) -> list[Row]:
    try:
        from app import jobs
    except ImportError as exc:  # no Streamlit on this machine: skip, say so
        return [Row(f"worker vs bare loop ({device})", float("nan"), "", "≥ 0.8", None,
                    f"skipped: {exc}")]
    rows = []
    pairs = {"WGAN": [dict(loss="wgan")],
             "minimax GAN + WGAN (page default)": [dict(loss="gan"), dict(loss="wgan")]}
    for label, kws in pairs.items():
        bare_tr = [Trainer(TrainConfig(device=device, **k)) for k in kws]
        work_tr = [Trainer(TrainConfig(device=device, **k)) for k in kws]
        bare, inside = [], []
        for _ in range(rounds):  # interleaved, so that a change of machine load hits both
            bare.append(_bare_rate(bare_tr, seconds / rounds))
            inside.append(_worker_rate(work_tr, seconds / rounds, jobs))
        b, w = sum(bare) / rounds, sum(inside) / rounds
        ratio = w / b
        rows.append(Row(f"{label}, {device}: iterations/s in the app's trainer process / bare loop",
                        ratio, "×", "≥ 0.8", ratio >= 0.8,
                        f"worker {w:.1f} it/s, bare {b:.1f} it/s ({rounds} interleaved rounds)"))
    return rows


def _coverage_rows(loss: str, device: str, budget: float, label: str) -> list[Row]:
    """Train ``loss`` with the defaults on 8 Gaussians for ``budget`` seconds of training time
    (evaluations excluded). Every 5 s: modes covered by 2500 fresh generated points (3σ rule) and
    an exact-W1 evaluation (for the loss-tracking r). Rows: the first time ≥ 7 of 8 modes were
    covered (the budget), the state at the end, and how steady the coverage was."""
    tr = Trainer(TrainConfig(loss=loss, dataset="8gaussians", seed=0, device=device))
    tr.evaluate()
    first7, next_check, checks = None, 5.0, []
    modes, hq = 0, 0.0
    while tr.train_seconds < budget:
        tr.step(10)
        if tr.train_seconds >= next_check or tr.train_seconds >= budget:
            modes, hq = mode_coverage(tr.sample(COVERAGE_SAMPLES), "8gaussians")
            tr.evaluate()
            checks.append(modes)
            if modes >= 7 and first7 is None:
                first7 = tr.train_seconds
            next_check += 5.0
    w1 = tr.history.w1[-1]
    is_wgan = loss == "wgan"
    name = f"{label} ({loss}), 8 Gaussians, seed 0, {device}"
    steady = sum(m >= 7 for m in checks) / max(1, len(checks))
    return [
        Row(f"{name}: first time ≥ 7 of 8 modes covered (checked every 5 s)",
            float("nan") if first7 is None else first7, "s",
            "≤ 60 s" if is_wgan else "", (first7 is not None and first7 <= 60) if is_wgan
            else None, "never within the budget" if first7 is None else ""),
        Row(f"{name}: modes covered after {budget:.0f} s", modes, "of 8", "", None,
            f"{tr.iteration} iterations; high-quality {100 * hq:.0f} %; exact W1 {w1:.3f} "
            f"(two real samples: {tr.w1_floor:.3f}); r(−loss_D, W1) "
            f"{tr.history.tracking():.2f}"),
        Row(f"{name}: share of the 5-s checks with ≥ 7 modes covered", 100 * steady, "%", "",
            None, "modes at each check: " + " ".join(str(m) for m in checks)),
    ]


def _speed_rows(device: str, seconds: float) -> list[Row]:
    rows = []
    for loss in LOSSES:
        tr = Trainer(TrainConfig(loss=loss, device=device))
        rate = _bare_rate([tr], seconds)
        rows.append(Row(f"{loss}, defaults (batch 256, width 128, depth 3), {device}: "
                        f"iterations/s", rate, "it/s", "", None,
                        f"n_critic {tr.config.n_critic}"))
    return rows


def _rate(step, seconds: float, chunk: int = 5, device: str = "cpu") -> float:
    """Generator iterations per second of ``step(chunk)`` called for ``seconds`` (after one
    warm-up chunk)."""
    step(2)
    if device == "cuda":
        torch.cuda.synchronize()
    done, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        step(chunk)
        done += chunk
    if device == "cuda":
        torch.cuda.synchronize()
    return done / (time.perf_counter() - t0)


def func_engine(k: int, device: str = "cpu"):
    """The same K WGAN runs as ``TrainerBatch`` (Algorithm 1, RMSProp, clipping), built with
    ``torch.func`` instead: ``stack_module_state`` + ``vmap(functional_call)``. For the
    comparison row only. Returns ``step(n)``."""
    from torch.func import functional_call, stack_module_state, vmap

    trs = [Trainer(TrainConfig(loss="wgan", device=device, seed=s)) for s in range(k)]
    cfg = trs[0].config
    pd, bd = stack_module_state([t.D for t in trs])
    pg, bg = stack_module_state([t.G for t in trs])
    base_d = copy.deepcopy(trs[0].D).to("meta")
    base_g = copy.deepcopy(trs[0].G).to("meta")
    v_d = vmap(lambda p, b, x: functional_call(base_d, (p, b), (x,)))
    v_g = vmap(lambda p, b, x: functional_call(base_g, (p, b), (x,)))
    d_list, g_list = list(pd.values()), list(pg.values())
    opt_d = StackedRMSprop(d_list, [cfg.lr_d] * k)
    opt_g = StackedRMSprop(g_list, [cfg.lr_g] * k)
    b, c = cfg.batch_size, cfg.clip

    def real():
        pts = np.stack([t._real_numpy(b) for t in trs])
        return torch.as_tensor(pts, dtype=torch.float32).to(device)

    def noise():
        return torch.stack([t._noise(b) for t in trs])

    def step(n: int) -> None:
        for _ in range(n):
            for _k in range(cfg.n_critic):
                r = real()
                with torch.no_grad():
                    f = v_g(pg, bg, noise())
                loss = (v_d(pd, bd, f).mean(dim=(1, 2)) - v_d(pd, bd, r).mean(dim=(1, 2))).sum()
                opt_d.zero_grad()
                loss.backward()
                opt_d.step()
                with torch.no_grad():
                    for p in d_list:
                        p.clamp_(-c, c)
            for p in d_list:
                p.requires_grad_(False)
            lg = (-v_d(pd, bd, v_g(pg, bg, noise())).mean(dim=(1, 2))).sum()
            opt_g.zero_grad()
            lg.backward()
            opt_g.step()
            for p in d_list:
                p.requires_grad_(True)

    return step


def _wgan_batch(k: int, device: str = "cpu") -> TrainerBatch:
    return TrainerBatch([TrainConfig(loss="wgan", device=device, seed=s) for s in range(k)])


def batch_rows(device: str, seconds: float, rounds: int = 3, quick: bool = False,
               cpu_threads: tuple[int, ...] = (1, 2)) -> list[Row]:
    """TrainerBatch of 8 WGAN runs against one Trainer (same threads: each of ``cpu_threads`` on
    the CPU), torch.func against stacked matmuls, and per-run / aggregate rates for several K."""
    rows: list[Row] = []
    threads_list = cpu_threads if device == "cpu" else (torch.get_num_threads(),)
    old = torch.get_num_threads()
    one_cpu_thread = float("nan")
    for threads in threads_list:
        torch.set_num_threads(threads)
        single = Trainer(TrainConfig(loss="wgan", device=device))
        batch = _wgan_batch(8, device)
        r1, r8 = [], []
        for _ in range(rounds):  # interleaved, so that the machine's load hits both alike
            r1.append(_rate(single.step, seconds / rounds, device=device))
            r8.append(8 * _rate(batch.step, seconds / rounds, device=device))
        a, b = sum(r1) / rounds, sum(r8) / rounds
        if device == "cpu" and threads == 1:
            one_cpu_thread = a
        rows.append(Row(
            f"TrainerBatch of 8 WGAN runs ({device}, {threads} torch thread"
            f"{'s' if threads > 1 else ''}): aggregate it/s ÷ one Trainer's", b / a, "×",
            "≥ 1.6×", b / a >= 1.6,
            f"batch {b:.1f} it/s in all ({b / 8:.1f} per run), one Trainer {a:.1f} it/s; "
            f"{rounds} interleaved rounds"))
    torch.set_num_threads(old)
    # torch.func against batched matmuls, the same 8 runs
    fstep, batch = func_engine(8, device), _wgan_batch(8, device)
    rf, rb = [], []
    for _ in range(rounds):
        rf.append(8 * _rate(fstep, seconds / rounds, device=device))
        rb.append(8 * _rate(batch.step, seconds / rounds, device=device))
    f, b = sum(rf) / rounds, sum(rb) / rounds
    rows.append(Row(f"8 WGAN runs ({device}): torch.baddbmm it/s ÷ torch.func (vmap) it/s",
                    b / f, "×", "", None,
                    f"baddbmm {b:.1f} it/s, torch.func {f:.1f} it/s in all (aggregate); "
                    "TrainerBatch uses baddbmm"))
    ks = (1, 8, 32) + ((128,) if device == "cuda" else ())
    if quick:
        ks = ks[:2]
    per_k = {}
    for k in ks:
        batch = _wgan_batch(k, device)
        per_run = _rate(batch.step, seconds / 2, chunk=2 if device == "cpu" else 20,
                        device=device)
        per_k[k] = per_run
        rows.append(Row(f"TrainerBatch of {k} WGAN run{'s' if k > 1 else ''} ({device}): "
                        "per-run it/s", per_run, "it/s", "", None,
                        f"aggregate {k * per_run:.1f} it/s"))
    if device == "cuda":
        cpu = _cpu_one_thread_rate(seconds)
        rows.append(Row("GPU: one WGAN run's it/s ÷ one CPU thread's", per_k[1] / cpu, "×",
                        "≥ 5×", per_k[1] / cpu >= 5, f"GPU {per_k[1]:.1f}, CPU {cpu:.1f} it/s"))
        if 32 in per_k:
            rows.append(Row("GPU: 32 WGAN runs, each run's it/s ÷ one CPU thread's",
                            per_k[32] / cpu, "×", "≥ 2×", per_k[32] / cpu >= 2,
                            f"per run {per_k[32]:.1f}, CPU {cpu:.1f} it/s"))
    return rows


def _cpu_one_thread_rate(seconds: float) -> float:
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _rate(Trainer(TrainConfig(loss="wgan", device="cpu")).step, seconds)
    finally:
        torch.set_num_threads(old)


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: the rows at their smallest (0.2 s rates, one round, the batch comparison at 1
    torch thread only: two OpenMP threads on a busy 2-core machine take minutes; 1 s of training
    for the coverage rows, whatever DL_BENCH_TRAIN_SECONDS says), for
    tests/test_benchmarks_smoke.py: its figures mean nothing (the "first time ≥ 7 of 8 modes"
    row is NaN: never in 1 s)."""
    quick = _quick(quick) or smoke
    budget = 1.0 if smoke else float(os.environ.get("DL_BENCH_TRAIN_SECONDS",
                                                    "15" if quick else "60"))
    speed_s = 0.2 if smoke else 2.0 if quick else 5.0
    rounds = 1 if smoke else 3
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    rows: list[Row] = []
    for device in devices:
        if device == "cpu":
            torch.set_num_threads(CPU_THREADS)
        name = device_name(device)
        print(f"[bench_training] device: {name}", file=sys.stderr)
        rows.append(Row(f"device: {name}", float("nan"), "", "", None, ""))
        rows += _speed_rows(device, speed_s)
        rows += batch_rows(device, 3 * speed_s, rounds=rounds, quick=quick,
                           cpu_threads=(1,) if smoke else (1, 2))
        if device == "cpu":
            torch.set_num_threads(CPU_THREADS)
        rows += _ratio_rows(device, speed_s * 2, rounds=rounds)
        for loss, label in (("wgan", "WGAN defaults"), ("gan", "classic minimax GAN")):
            rows += _coverage_rows(loss, device, budget, label)
    if not torch.cuda.is_available():
        rows.append(Row("CUDA rows", float("nan"), "", "", None,
                        "skipped: torch.cuda.is_available() is False on this machine"))
    return rows

"""Training figures of docs/DESIGN.md §4 (page 6): speed in the app's worker, mode coverage in 60 s.

    python -m benchmarks.run training            # full (about 4 min on 2 CPU cores)
    python -m benchmarks.run training --quick    # short runs (about 1 min)
    DL_BENCH_QUICK=1 python -m benchmarks.run training     # the same, by environment
    DL_BENCH_TRAIN_SECONDS=20 python -m benchmarks.run training   # another training budget
    DL_BENCH_THREADS=2 python -m benchmarks.run training   # torch threads on the CPU (default 1)

It prints the device it measures (CPU model and threads; the CUDA device's name when there is one).

Rows:
- iterations/s of the real ``app.jobs.TrainingJob`` worker (its thread, evaluations every second
  and views four times a second, no Streamlit runtime) against the bare ``Trainer.step`` loop, in
  the same process, one after the other (goal: ratio ≥ 0.8); for one WGAN and for the page's
  default pair (minimax GAN + WGAN in lockstep);
- modes of 8 Gaussians covered (3σ rule, 2500 generated points) by WGAN with the defaults within
  60 s of training on the CPU, and the classic minimax GAN on the same seed, whatever it does;
- iterations/s of every loss on the CPU, and on CUDA when ``torch.cuda.is_available()``.

Imports only torch, numpy, scipy and POT at module level (no Streamlit: the GPU machine may not
have it); the worker row imports app.jobs lazily and is skipped with a note without Streamlit.
"""

from __future__ import annotations

import os
import platform
import sys
import time

import torch

from benchmarks.common import Row
from divergences.metrics import mode_coverage
from divergences.training import LOSSES, TrainConfig, Trainer

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


def _worker_rate(trainers: list[Trainer], seconds: float, jobs) -> float:
    """Iterations per second inside the app's worker thread, measured from outside after a
    warm-up: Δ(iterations run) / Δ(wall time)."""
    job = jobs.TrainingJob({f"run{i}": tr for i, tr in enumerate(trainers)},
                           jobs.JobRegistry(1), heartbeat_timeout=1e9, max_seconds=1e9,
                           torch_threads=torch.get_num_threads())
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
        rows.append(Row(f"{label}, {device}: iterations/s in the app's worker / bare loop",
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


def run(quick: bool = False) -> list[Row]:
    quick = _quick(quick)
    budget = float(os.environ.get("DL_BENCH_TRAIN_SECONDS", "15" if quick else "60"))
    speed_s = 2.0 if quick else 5.0
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    rows: list[Row] = []
    for device in devices:
        if device == "cpu":
            torch.set_num_threads(CPU_THREADS)
        name = device_name(device)
        print(f"[bench_training] device: {name}", file=sys.stderr)
        rows.append(Row(f"device: {name}", float("nan"), "", "", None, ""))
        rows += _speed_rows(device, speed_s)
        rows += _ratio_rows(device, speed_s * 2)
        for loss, label in (("wgan", "WGAN defaults"), ("gan", "classic minimax GAN")):
            rows += _coverage_rows(loss, device, budget, label)
    if not torch.cuda.is_available():
        rows.append(Row("CUDA rows", float("nan"), "", "", None,
                        "skipped: torch.cuda.is_available() is False on this machine"))
    return rows

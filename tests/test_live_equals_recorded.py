"""A live run is a function of its settings and seed alone (issue: "live equals recorded").

- A live run of a scenario's recorded seed, trained by the app's trainer process exactly as
  page 6's "Train it yourself" trains it (a :class:`TrainingJob` of the scenario's configs,
  evaluated on the scenario's schedule), gives the recording's numbers at every recorded
  iteration, to float32 round-off (the recording stores float32), on the CPU: exact W1, modes
  covered (3σ rule), the high-quality share, −(loss) and the generator's gradient norm.
- Two live runs of the same settings give identical numbers, however they were started, paused
  and stepped, and whatever else the trainer process trains beside them.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from app.jobs import JobRegistry, TrainerProcess, TrainingJob
from divergences import recordings
from divergences.scenarios import SCENARIOS, eval_schedule
from divergences.training import TrainConfig, Trainer

pytestmark = pytest.mark.usefixtures("one_torch_thread")

NEVER = dict(heartbeat_timeout=1e6, connected_timeout=1e6, max_seconds=1e6)
"""No heartbeat or time limit: a test waits for its runs without polling."""


@pytest.fixture(scope="module")
def proc():
    p = TrainerProcess(threads=1, nice=0, calibrate=False)
    yield p
    p.close()


def scenario_job(key: str, seed: int, proc) -> TrainingJob:
    """The job page 6's "Train it yourself" makes for scenario ``key`` and ``seed``."""
    sc = SCENARIOS[key]
    every, end = eval_schedule(sc.iterations, sc.n_evals)
    left, right = sc.configs(seed)
    return TrainingJob({"left": Trainer(left), "right": Trainer(right)}, JobRegistry(8),
                       process=proc, eval_every=every, eval_end=end, **NEVER)


def measured(view_run) -> dict:
    h = view_run.history
    return {"iterations": np.asarray(h.eval_iteration, dtype=float),
            "w1": np.asarray(h.w1, dtype=float), "modes": np.asarray(h.modes, dtype=float),
            "hq": np.asarray(h.hq, dtype=float), "neg_loss": h.neg_loss_d_at_evals(),
            "grad_norm": np.asarray(view_run.grad_norm, dtype=float)}


@pytest.mark.slow
def test_a_live_run_of_every_scenario_equals_its_recording(proc):
    """Every recorded scenario's first recorded seed, all four jobs trained at once in one
    trainer process (the two that share the WGAN-GP panel train it in one stacked batch)."""
    jobs = {}
    for key, sc in SCENARIOS.items():
        if not sc.recorded:
            continue
        seed = recordings.load(key).seeds[0]
        jobs[key] = (seed, scenario_job(key, seed, proc))
    for key, (seed, job) in jobs.items():
        assert job.step(SCENARIOS[key].iterations)
    for key, (seed, job) in jobs.items():
        assert job.join(1800), f"{key}: the live run did not finish"
        rec = recordings.load(key)
        view = job.view()
        assert view.status == "paused"
        for side in ("left", "right"):
            live, want = measured(view.runs[side]), rec.panel(seed, side)
            np.testing.assert_array_equal(live["iterations"], want.iterations,
                                          err_msg=f"{key} {side}: evaluated at other iterations")
            for name in ("w1", "modes", "hq", "neg_loss", "grad_norm"):
                # the recording keeps float32: equal up to that rounding, at every evaluation
                np.testing.assert_allclose(live[name], getattr(want, name), rtol=2e-7, atol=0,
                                           equal_nan=True, err_msg=f"{key} {side}: {name}")
        job.stop("test over")


TINY = dict(batch_size=32, width=16, depth=2, n_eval=64, device="cpu", z_dim=4,
            dataset="8gaussians-wide")


def tiny_job(proc, **kw) -> TrainingJob:
    return TrainingJob({"left": Trainer(TrainConfig(loss="nsgan", seed=11, **TINY)),
                        "right": Trainer(TrainConfig(loss="wgan-gp", seed=11, **TINY))},
                       JobRegistry(8), process=proc, eval_every=7, **NEVER, **kw)


def test_two_live_runs_of_the_same_settings_give_identical_numbers(proc):
    """One run trained in one go; the other started, paused at a time the clock decides,
    stepped, and trained while a third job with other seeds runs in the same batch."""
    a = tiny_job(proc)
    assert a.step(60) and a.join(120)
    other = TrainingJob({"left": Trainer(TrainConfig(loss="nsgan", seed=3, **TINY)),
                         "right": Trainer(TrainConfig(loss="wgan-gp", seed=4, **TINY))},
                        JobRegistry(8), process=proc, **NEVER)
    b = tiny_job(proc)
    other.start()
    assert b.start()
    time.sleep(0.3)
    b.pause()
    assert b.join(60)
    done = b.view().runs["left"].iteration
    assert done < 60, "the machine was too fast for this test's pause"
    assert b.step(60 - done) and b.join(120)
    other.stop("test over")
    va, vb = a.view(), b.view()
    for side in ("left", "right"):
        ra, rb = va.runs[side], vb.runs[side]
        assert ra.iteration == rb.iteration == 60
        assert ra.history.eval_iteration == rb.history.eval_iteration == [
            0, 7, 14, 21, 28, 35, 42, 49, 56]
        for name in ("w1", "modes", "hq", "loss_d", "loss_g"):
            assert getattr(ra.history, name) == getattr(rb.history, name), name
        assert ra.grad_norm == rb.grad_norm and ra.grad_iteration == rb.grad_iteration
        assert ra.tracking_r == rb.tracking_r or (np.isnan(ra.tracking_r)
                                                  and np.isnan(rb.tracking_r))
        np.testing.assert_array_equal(ra.fake, rb.fake)
    for job in (a, b):
        job.stop("test over")

"""The training bridge (app/jobs.py) and the trainer process (app/trainer_process.py): training in
another process, heartbeat, max duration, the server-wide cap and queue, separate sessions, a
killed trainer. No Streamlit runtime is needed: the job is plain Python."""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest
import torch

from app.jobs import (JobRegistry, TrainerProcess, TrainingJob, default_capacity,
                      session_alive_probe, torch_threads_for)
from divergences.training import TrainConfig, Trainer

TINY = dict(batch_size=32, width=16, depth=2, n_eval=64, device="cpu")


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def proc():
    """One trainer process for the module's tests (no capacity calibration: tests fix it)."""
    p = TrainerProcess(threads=1, nice=0, calibrate=False)
    yield p
    p.close()


@pytest.fixture
def make_job(proc):
    made = []

    def make(registry, loss="wgan", seed=0, **kw) -> TrainingJob:
        trainers = {"left": Trainer(TrainConfig(loss="gan", seed=seed, **TINY)),
                    "right": Trainer(TrainConfig(loss=loss, seed=seed, **TINY))}
        kw.setdefault("eval_every", 1)  # every iteration: the tests look at the last one
        kw.setdefault("snapshot_interval", 0.05)
        job = TrainingJob(trainers, registry, process=proc, **kw)
        made.append(job)
        return job

    yield make
    for job in made:
        job.stop("test over")
        job.join(10)


def wait_for(cond, timeout=20.0, poll=None):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if poll is not None:
            poll()
        if cond():
            return True
        time.sleep(0.02)
    return False


def test_a_new_job_shows_the_untrained_models(make_job):
    job = make_job(JobRegistry(2))
    v = job.poll()
    assert v.status == "idle" and not job.is_active
    for run in v.runs.values():
        assert run.iteration == 0 and run.history.eval_iteration == [0]
        assert run.fake.shape == (64, 2) and run.map_values.shape == (40, 40)
        assert run.arrows.shape == run.arrow_at.shape


def test_the_worker_trains_publishes_and_pauses(make_job):
    reg = JobRegistry(2)
    job = make_job(reg)
    assert job.start()
    assert wait_for(lambda: job.poll().runs["right"].iteration >= 10, poll=job.poll)
    v = job.poll()
    assert v.status == "running" and reg.counts() == (1, 0)
    job.pause()
    assert job.join(10)
    v = job.poll()
    assert v.status == "paused" and reg.counts() == (0, 0)
    left, right = v.runs["left"], v.runs["right"]
    assert left.iteration == right.iteration == job.trainers["right"].iteration  # lockstep
    assert right.history.eval_iteration[-1] == right.iteration  # evaluated when it stopped
    assert len(right.history.loss_d) == right.iteration


def test_step_runs_exactly_n_iterations_then_pauses(make_job):
    job = make_job(JobRegistry(1))
    assert job.step(7)
    assert job.join(20)
    v = job.poll()
    assert v.status == "paused" and v.runs["right"].iteration == 7
    assert job.step(3) and job.join(20)
    assert job.poll().runs["left"].iteration == 10
    with pytest.raises(ValueError):
        job.step(0)


def test_the_job_stops_itself_when_the_page_stops_polling(make_job):
    reg = JobRegistry(1)
    job = make_job(reg, heartbeat_timeout=0.6)
    job.start()
    assert wait_for(lambda: job.status == "running")
    assert job.join(10)  # nobody polls: the heartbeat runs out
    v = job.view()
    assert v.status == "stopped" and v.reason == "heartbeat"
    assert reg.counts() == (0, 0)


def test_a_connected_session_gets_longer_before_the_job_stops(make_job):
    """Heartbeat 0.4 s, but the browser session is still connected (another page, or a slow
    computer): the job goes on until the longer connected timeout (1.5 s), then stops."""
    connected = {"yes": True}
    job = make_job(JobRegistry(1), heartbeat_timeout=0.4, connected_timeout=1.5,
                   session_alive=lambda: connected["yes"])
    t0 = time.monotonic()
    job.start()
    time.sleep(0.9)
    assert job.status == "running"  # past the heartbeat: the session is still there
    assert job.join(10)
    assert job.view().reason == "heartbeat" and time.monotonic() - t0 >= 1.5
    connected["yes"] = False  # a closed tab: the short heartbeat applies again
    t1 = time.monotonic()
    job.start()
    assert job.join(10)
    assert time.monotonic() - t1 < 1.4


def test_session_probe_is_none_outside_a_streamlit_server():
    assert session_alive_probe() is None


def test_the_job_stops_after_its_maximum_duration_even_while_polled(make_job):
    job = make_job(JobRegistry(1), max_seconds=0.8)
    t0 = time.monotonic()
    job.start()
    assert wait_for(lambda: not job.is_active, poll=job.poll)
    assert job.view().reason == "max_duration"
    assert 0.8 <= time.monotonic() - t0 < 10
    assert job.start()  # Start goes on from where it stopped
    assert wait_for(lambda: job.status == "running", poll=job.poll)
    job.stop("test")
    assert job.join(10)


def test_the_cap_queues_the_extra_job_and_runs_it_when_a_slot_frees(make_job):
    reg = JobRegistry(1)
    a, b = make_job(reg), make_job(reg, seed=1)
    a.start()
    assert wait_for(lambda: a.status == "running", poll=a.poll)
    b.start()
    assert wait_for(lambda: b.status == "queued", poll=b.poll)
    time.sleep(0.3)
    vb = b.poll()
    assert vb.status == "queued" and vb.ahead == 0 and vb.running_jobs == 1 and vb.capacity == 1
    assert b.trainers["right"].iteration == 0  # nothing trained while queued
    a.stop("test")
    assert a.join(10)
    assert wait_for(lambda: b.status == "running", poll=b.poll)
    assert wait_for(lambda: b.trainers["right"].iteration > 0, poll=b.poll)
    b.stop("test")
    assert b.join(10) and reg.counts() == (0, 0)


def test_a_queued_job_gives_up_when_its_page_goes_away(make_job):
    reg = JobRegistry(1)
    a, b = make_job(reg), make_job(reg, heartbeat_timeout=0.5)
    a.start()
    assert wait_for(lambda: a.status == "running", poll=a.poll)
    b.start()
    assert b.join(10)  # nobody polls b
    assert b.view().status == "stopped" and b.view().reason == "heartbeat"
    assert reg.counts() == (1, 0)
    a.stop("test")
    a.join(10)


def test_two_sessions_jobs_are_separate(make_job):
    reg = JobRegistry(2)
    one, two = make_job(reg, seed=0), make_job(reg, seed=0)
    assert one.step(5) and one.join(20)
    assert one.poll().runs["right"].iteration == 5
    assert two.poll().runs["right"].iteration == 0  # the other session saw nothing of it
    assert one.trainers["right"] is not two.trainers["right"]
    assert one.trainers["right"].history is not two.trainers["right"].history
    # the registry, the only shared object, holds no model: only counts and opaque ids
    held = list(vars(reg).values()) + list(reg._running) + list(reg._running.values())
    assert not any(isinstance(v, (Trainer, TrainingJob, torch.nn.Module)) for v in held)
    assert all(isinstance(k, str) for k in reg._running)


def test_torch_threads_stay_within_the_cores():
    assert torch_threads_for(2) >= 1
    assert torch_threads_for(1000) == 1
    assert torch_threads_for(1) <= 4




# ---- the trainer process ---------------------------------------------------------------------------
def test_training_runs_in_the_trainer_process_not_in_this_one(make_job, proc):
    job = make_job(JobRegistry(2))
    assert job.step(6) and job.join(30)
    assert proc.pid is not None and proc.pid != os.getpid()
    assert proc.pids.get(proc.pid, 0) >= 6  # the trainer process reports its training steps
    assert os.getpid() not in proc.pids


def test_runs_of_two_students_batched_together_are_each_the_lone_run(make_job):
    """Both jobs run at once in the trainer process (one TrainerBatch for their four runs): each
    run's model is the one a lone Trainer gives after the same iterations."""
    reg = JobRegistry(2)
    a, b = make_job(reg, seed=3), make_job(reg, seed=4)
    assert a.step(15) and b.step(15)
    assert a.join(30) and b.join(30)
    for job, seed in ((a, 3), (b, 4)):
        for name, loss in (("left", "gan"), ("right", "wgan")):
            alone = Trainer(TrainConfig(loss=loss, seed=seed, **TINY))
            alone.step(15)
            run = job.poll().runs[name]
            assert run.iteration == 15
            assert abs(run.fake - alone.eval_sample()).max() < 1e-4
            assert run.history.loss_d == pytest.approx(alone.history.loss_d, abs=1e-4)


def test_pause_reaches_the_trainer_at_once(make_job):
    job = make_job(JobRegistry(1))
    job.start()
    assert wait_for(lambda: job.poll().runs["right"].iteration >= 5, poll=job.poll)
    t0 = time.monotonic()
    job.pause()
    assert job.join(10)
    latency = time.monotonic() - t0
    print(f"\npause acted after {1000 * latency:.0f} ms")
    it = job.poll().runs["right"].iteration
    time.sleep(0.3)
    assert job.poll().runs["right"].iteration == it and job.status == "paused"


def test_busy_until_the_pauses_final_view_and_settle_waits_for_it(make_job):
    """A pause answers twice: "paused" at once, then the final view after the run's last
    evaluation. The page polls while ``busy``; ``settle`` (what Pause and Step wait in their
    callbacks) returns with the final view here: its iteration is the one evaluated last."""
    job = make_job(JobRegistry(1))
    assert not job.busy
    job.start()
    assert job.busy
    assert wait_for(lambda: job.poll().runs["right"].iteration >= 5, poll=job.poll)
    job.pause()
    assert job.settle(10)
    run = job.view().runs["right"]
    assert job.status == "paused" and not job.busy
    assert run.history.eval_iteration[-1] == run.iteration
    assert job.step(4) and job.busy
    assert job.settle(10) and not job.busy
    assert job.view().runs["right"].iteration == run.iteration + 4


def test_the_view_carries_the_generators_gradient_norm_at_the_evaluations(make_job):
    job = make_job(JobRegistry(1))
    run = job.view().runs["left"]
    # the untrained models' norm is the Trainer's own measurement (same seed, same networks)
    want = Trainer(TrainConfig(loss="gan", seed=0, **TINY)).generator_grad_norm()
    assert run.grad_iteration == (0,) and run.grad_norm[0] == pytest.approx(want, rel=1e-6)
    job.start()
    assert wait_for(lambda: len(job.poll().runs["right"].grad_iteration) >= 3, poll=job.poll)
    job.pause()
    assert job.settle(10)
    for run in job.view().runs.values():
        its, norms = run.grad_iteration, run.grad_norm
        assert list(its) == sorted(set(its)) and its[-1] == run.iteration  # one per evaluation
        assert len(its) == len(norms) and all(np.isfinite(norms)) and min(norms) > 0


def test_a_killed_trainer_is_replaced_and_no_run_is_lost(make_job, proc):
    reg = JobRegistry(2)
    paused, running = make_job(reg, seed=5), make_job(reg, seed=6)
    assert paused.step(8) and paused.join(30)
    running.start()
    assert wait_for(lambda: running.poll().runs["right"].iteration >= 5, poll=running.poll)
    old = proc.pid
    os.kill(old, signal.SIGKILL)
    assert wait_for(lambda: proc.pid not in (None, old) and running.view().notice,
                    poll=running.poll)
    assert running.view().notice == "trainer_restarted"
    # the running job goes on by itself in the new process, from its last checkpoint
    back_to = running.view().notice_iteration
    assert wait_for(lambda: running.poll().runs["right"].iteration > back_to + 3,
                    poll=running.poll)
    assert running.status == "running" and proc.pids.get(proc.pid, 0) > 0
    # the paused job lost nothing: it goes on from iteration 8 exactly as a lone run would
    assert paused.poll().runs["right"].iteration == 8
    assert paused.step(4) and paused.join(30)
    alone = Trainer(TrainConfig(loss="wgan", seed=5, **TINY))
    alone.step(12)
    run = paused.poll().runs["right"]
    assert run.iteration == 12 and len(run.history.loss_d) == 12
    assert abs(run.fake - alone.eval_sample()).max() < 1e-4


# ---- capacity and the queue ------------------------------------------------------------------------
def test_queue_position_and_estimated_wait():
    reg = JobRegistry(1, max_seconds=100.0)
    assert reg.request("a", now=0.0)
    assert not reg.request("b", now=10.0) and not reg.request("c", now=10.0)
    assert reg.ahead_of("b") == 0 and reg.ahead_of("c") == 1 and reg.ahead_of("a") is None
    assert reg.estimated_wait("b", now=30.0) == pytest.approx(70.0)   # a's 100 s end at 100
    assert reg.estimated_wait("c", now=30.0) == pytest.approx(170.0)  # then b's 100 s
    assert reg.counts() == (1, 2)
    assert reg.release("a") == ["b"]
    assert reg.holds("b") and reg.ahead_of("c") == 0
    two = JobRegistry(2, max_seconds=100.0)
    two.request("a", now=0.0)
    two.request("b", now=50.0)
    two.request("c", now=60.0)
    assert two.estimated_wait("c", now=60.0) == pytest.approx(40.0)  # the first of two slots
    with pytest.raises(ValueError):
        JobRegistry(0)


def test_capacity_table_and_environment(monkeypatch):
    assert default_capacity(cores=2, cuda=False) == 2
    assert default_capacity(cores=1, cuda=False) == 2
    assert default_capacity(cores=16, cuda=False) == 16
    assert default_capacity(cores=2, cuda=True) == 32
    import app.jobs as jobs

    monkeypatch.setattr(jobs, "ENV_CAPACITY", "7")
    assert JobRegistry().capacity == 7
    monkeypatch.setattr(jobs, "ENV_CAPACITY", "lots")
    assert jobs.env_capacity() is None


def test_the_calibration_measures_a_positive_capacity():
    from app.trainer_process import calibrate

    torch.set_num_threads(1)
    cap = calibrate(seconds=0.4)
    assert isinstance(cap, int) and 1 <= cap <= 32  # the CPU's ceiling (no GPU here)


def test_the_calibration_fits_the_cost_of_a_pair_and_resists_noise(monkeypatch):
    """time per iteration = a + b·pairs; the capacity keeps every run at ≥ 10 it/s."""
    import app.trainer_process as tp

    def fake(times):
        class FakeBatch:
            def __init__(self, cfgs):
                self.dt = times[len(cfgs) // 2]

            def step(self, n):
                clock["t"] += self.dt * n
        return FakeBatch

    clock = {"t": 0.0}
    monkeypatch.setattr(tp.time, "perf_counter", lambda: clock["t"])
    import divergences.training as tr_mod
    monkeypatch.setattr(tr_mod, "TrainerBatch", fake({1: 0.02, 4: 0.05}), raising=False)
    # a = 0.01, b = 0.01 s per pair: (0.1 − 0.01) / 0.01 = 9 pairs at 10 it/s
    assert tp.calibrate(seconds=0.2) == 9
    # noise: four pairs measured faster than one; the slope floor (t1/20) caps it at 32
    monkeypatch.setattr(tr_mod, "TrainerBatch", fake({1: 0.02, 4: 0.015}), raising=False)
    assert tp.calibrate(seconds=0.2) == 32


def test_a_larger_capacity_starts_the_waiting_students():
    import app.jobs as jobs

    class Reg(jobs.JobRegistry):
        cap = 1

        @property
        def capacity(self):
            return self.cap

    reg = Reg()
    assert reg.request("a") and not reg.request("b") and not reg.request("c")
    assert reg.refresh() == []
    reg.cap = 3  # the trainer process measured more than the table's figure
    assert sorted(reg.refresh()) == ["b", "c"] and reg.counts() == (3, 0)


def test_a_class_shares_its_teachers_job_weakly(make_job, proc):
    """app.jobs.share_with_class / class_job: the class's live run is the teacher's job, held
    weakly: a job the teacher's session dropped is no class's run; another class has none."""
    import gc

    from app.jobs import class_job, share_with_class

    job = make_job(JobRegistry(capacity=1))
    share_with_class("ABCD2345", job)
    assert class_job("ABCD2345") is job and class_job("ZZZZ2345") is None
    other = make_job(JobRegistry(capacity=1))
    share_with_class("ABCD2345", other)  # Reset, new settings: the class follows the new run
    assert class_job("ABCD2345") is other
    share_with_class("ABCD2345", None)
    assert class_job("ABCD2345") is None
    # a job only the teacher's session held: once that session drops it, the class has no run
    mine = TrainingJob({"left": Trainer(TrainConfig(loss="gan", **TINY))}, JobRegistry(capacity=1),
                       process=proc)
    share_with_class("ABCD2345", mine)
    assert class_job("ABCD2345") is mine
    del mine
    gc.collect()
    assert class_job("ABCD2345") is None

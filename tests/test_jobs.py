"""The training bridge (app/jobs.py): worker thread, heartbeat, max duration, server-wide cap,
separate sessions. No Streamlit runtime is needed: the job is plain Python."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
import torch

from app.jobs import JobRegistry, TrainingJob, session_alive_probe, torch_threads_for
from divergences.training import TrainConfig, Trainer

TINY = dict(batch_size=32, width=16, depth=2, n_eval=64, device="cpu")


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def make_job(registry, loss="wgan", seed=0, **kw) -> TrainingJob:
    trainers = {"left": Trainer(TrainConfig(loss="gan", seed=seed, **TINY)),
                "right": Trainer(TrainConfig(loss=loss, seed=seed, **TINY))}
    kw.setdefault("eval_interval", 0.2)
    kw.setdefault("snapshot_interval", 0.05)
    return TrainingJob(trainers, registry, **kw)


def wait_for(cond, timeout=20.0, poll=None):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if poll is not None:
            poll()
        if cond():
            return True
        time.sleep(0.02)
    return False


def test_a_new_job_shows_the_untrained_models():
    job = make_job(JobRegistry(2))
    v = job.poll()
    assert v.status == "idle" and not job.is_active
    for run in v.runs.values():
        assert run.iteration == 0 and run.history.eval_iteration == [0]
        assert run.fake.shape == (64, 2) and run.map_values.shape == (40, 40)
        assert run.arrows.shape == run.arrow_at.shape


def test_the_worker_trains_publishes_and_pauses():
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


def test_step_runs_exactly_n_iterations_then_pauses():
    job = make_job(JobRegistry(1))
    assert job.step(7)
    assert job.join(20)
    v = job.poll()
    assert v.status == "paused" and v.runs["right"].iteration == 7
    assert job.step(3) and job.join(20)
    assert job.poll().runs["left"].iteration == 10
    with pytest.raises(ValueError):
        job.step(0)


def test_the_job_stops_itself_when_the_page_stops_polling():
    reg = JobRegistry(1)
    job = make_job(reg, heartbeat_timeout=0.6)
    job.start()
    assert wait_for(lambda: job.status == "running")
    assert job.join(10)  # nobody polls: the heartbeat runs out
    v = job.view()
    assert v.status == "stopped" and v.reason == "heartbeat"
    assert reg.counts() == (0, 0)


def test_a_connected_session_gets_longer_before_the_job_stops():
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


def test_the_job_stops_after_its_maximum_duration_even_while_polled():
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


def test_the_cap_queues_the_extra_job_and_runs_it_when_a_slot_frees():
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


def test_a_queued_job_gives_up_when_its_page_goes_away():
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


def test_two_sessions_jobs_are_separate():
    reg = JobRegistry(2)
    one, two = make_job(reg, seed=0), make_job(reg, seed=0)
    assert one.step(5) and one.join(20)
    assert one.poll().runs["right"].iteration == 5
    assert two.poll().runs["right"].iteration == 0  # the other session saw nothing of it
    assert one.trainers["right"] is not two.trainers["right"]
    assert one.trainers["right"].G is not two.trainers["right"].G
    # the registry, the only shared object, holds no model: only counts and opaque ids
    held = [v for v in vars(reg).values()]
    assert not any(isinstance(v, (Trainer, TrainingJob, torch.nn.Module)) for v in held)


def test_torch_threads_stay_within_the_cores():
    assert torch_threads_for(2) >= 1
    assert torch_threads_for(1000) == 1
    assert torch_threads_for(1) <= 4


# ---- pages first: training waits while other students' pages rerun ---------------------------------

class _Ctx:
    def __init__(self, session_id):
        self.session_id = session_id


def _fake_script_run(release, session_id="someone-else"):
    """A thread that looks to app.jobs like Streamlit running a page script for a session, until
    ``release`` is set."""
    import threading

    from app.jobs import SCRIPT_THREAD_NAME

    th = threading.Thread(target=release.wait, args=(30,), name=SCRIPT_THREAD_NAME, daemon=True)
    setattr(th, "streamlit_script_run_ctx", _Ctx(session_id))
    th.start()
    return th


class _Probe:
    session_id = "me"

    def __call__(self):
        return True


def test_pages_busy_sees_script_runs_but_not_the_ignored_sessions():
    import threading

    from app.jobs import pages_busy

    assert not pages_busy()
    release = threading.Event()
    th = _fake_script_run(release, "s1")
    try:
        assert pages_busy() and pages_busy({"s2"})
        assert not pages_busy({"s1"})
    finally:
        release.set()
        th.join(5)
    assert not pages_busy()


@contextlib.contextmanager
def _job_beside_a_script_run(session_id: str, max_yield_s: float):
    """A pages-first job of session "me" (not started) while a fake script run of
    ``session_id`` goes on; yields (job, release, thread) and cleans both up."""
    release = threading.Event()
    th = _fake_script_run(release, session_id)
    job = make_job(JobRegistry(2), pages_first=True, max_yield_s=max_yield_s,
                   session_alive=_Probe())
    try:
        yield job, release, th
    finally:
        release.set()
        th.join(5)
        job.stop()
        job.join(10)


def test_training_waits_for_other_sessions_page_reruns_then_goes_on():
    with _job_beside_a_script_run("someone-else", 60.0) as (job, release, th):
        assert job.start()
        assert wait_for(lambda: job.status == "running", poll=job.poll)
        time.sleep(0.5)
        assert job.iterations_run == 0  # another student's page is rerunning: no training
        release.set()
        th.join(5)
        assert wait_for(lambda: job.iterations_run >= 10, poll=job.poll)
        assert job.yield_seconds >= 0.5


def test_the_jobs_own_page_reruns_do_not_make_it_wait():
    # the fake script run is this student's own poll of the run
    with _job_beside_a_script_run("me", 60.0) as (job, _, _th):
        assert job.start()
        assert wait_for(lambda: job.iterations_run >= 10, poll=job.poll)


def test_a_busy_server_slows_training_down_but_never_stops_it():
    with _job_beside_a_script_run("someone-else", 0.2) as (job, _, _th):
        assert job.start()
        assert wait_for(lambda: job.iterations_run >= 4, poll=job.poll)
        assert job.yield_seconds >= 0.2

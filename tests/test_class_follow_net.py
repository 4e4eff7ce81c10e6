"""Following survives the network as a browser sees it (issue 22): students modelled on
Streamlit 1.67's frontend (benchmarks/load/follow.py: polls sent by a timer while a run still
arrives, the browser's message cache and its "Cached ForwardMsg MISS") follow a teacher who
steps θ back and forth faster than their reruns arrive, and a student whose websocket drops and
reconnects keeps following. A real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import pytest
from tests.conftest import run_async

pytestmark = pytest.mark.slow


async def _class(tmp: Path, n: int):
    from app.classes import ClassStore
    from app.classroom import POLL_S
    from benchmarks.bench_classes import _start
    from benchmarks.load.follow import FollowStudent
    from deploy.protocol import ProtocolSession

    proc, base, _stats, tail = _start(tmp)
    store = ClassStore(f"sqlite:///{tmp / 'classes.sqlite3'}")
    code, token = store.create()
    store.dispose()
    teacher = ProtocolSession(base, "js_saturates", f"class={code}&teacher={token}", timeout=60)
    res = await teacher.open()
    assert res.ok, (res.error, res.exceptions)
    students = []
    for i in range(n):
        s = FollowStudent(i, base, code, POLL_S)
        await s.start()
        assert not s.stuck, s.stuck
        students.append(s)
    return proc, teacher, students, tail


async def _close(proc, teacher, students):
    for s in students:
        await s.stop()
    await teacher.close()
    proc.terminate()
    proc.wait(timeout=15)


def test_back_and_forth_leaves_nobody_stuck():
    from benchmarks.bench_classes import _back_and_forth, _settle

    async def go():
        proc, teacher, students, tail = await _class(Path(tempfile.mkdtemp(prefix="dl-t-")), 4)
        try:
            last = await _back_and_forth(teacher, 14, 0.6)
            return await _settle(students, [], last, timeout=30)
        finally:
            await _close(proc, teacher, students)

    out = run_async(go())
    assert out["misses"] == 0 and out["stuck"] == 0, out


async def _two_moves(teacher, students):
    """The teacher moves θ two steps; each time every student shows the new value in 30 s."""
    from benchmarks.bench_classes import _theta_slider

    slider = _theta_slider(teacher)
    for value in (slider.value + slider.step, slider.value + 2 * slider.step):
        value = round(value, 10)
        assert (await teacher.set_slider(slider, value)).ok
        end = time.perf_counter() + 30
        while time.perf_counter() < end and any(x.theta != round(value, 6) for x in students):
            await asyncio.sleep(0.1)
        assert [x.theta for x in students] == [round(value, 6)] * len(students), (
            [x.stuck for x in students])


def test_dropped_websocket_reconnects_and_follows():
    async def go():
        proc, teacher, students, tail = await _class(Path(tempfile.mkdtemp(prefix="dl-t-")), 2)
        try:
            s = students[0]
            await s.reconnect()
            assert not s.stuck, s.stuck
            await _two_moves(teacher, students)
        finally:
            await _close(proc, teacher, students)

    run_async(go())


def test_a_theta_move_reruns_only_the_theta_fragment():
    """Issue 22's cheap follower: the teacher's θ move reaches each student by a rerun of page
    1's θ fragment (pages/js_saturates.theta_view) alone, not of the whole app."""

    async def go():
        proc, teacher, students, tail = await _class(Path(tempfile.mkdtemp(prefix="dl-t-")), 2)
        try:
            await asyncio.sleep(2)
            full = [s.full_runs for s in students]
            await _two_moves(teacher, students)
            assert [s.full_runs for s in students] == full
            assert not any(s.stuck for s in students)
        finally:
            await _close(proc, teacher, students)

    run_async(go())

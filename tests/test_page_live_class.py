"""Page 6 in a class (AppTest, no browser): a teacher and a following student.

* Every view is followed: the recorded view, its scenario and seed, the view switch, and the
  recording's playback state (``live.play``, ``live.it``: what the teacher's browser reports).
* "Train it yourself": the teacher's run is the class's run: a following student's page draws it
  read-only (no Start, Pause, Step or Reset; "Your teacher's run"), trains nothing of its own and
  is no heartbeat of it; a student who explores alone trains their own copy.
* Nothing revealed early: page 6's question ("which loss tracks W1?") keeps r, the measured
  tracking and the scenario's claim hidden until the teacher reveals it.

AppTest does not fire ``run_every`` timers: ``student.run()`` stands for the student's poll.
"""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from app import classroom
from tests.class_sessions import run_app

pytestmark = pytest.mark.slow


def _app(query: dict | None = None) -> AppTest:
    return run_app(query, timeout=180)


def _class(page: str = "../pages/live_training.py") -> tuple[AppTest, AppTest, str]:
    teacher = _app()
    teacher.sidebar.button(key="dl_class_teach").click().run()
    code = teacher.session_state["_dl_class"]["code"]
    teacher.switch_page(page).run()
    assert not teacher.exception, [e.value for e in teacher.exception]
    student = _app({"class": code})
    student.run()  # the poll: follows the teacher to page 6
    assert not student.exception, [e.value for e in student.exception]
    return teacher, student, code


def _stop(*ats) -> None:
    for at in ats:
        if "live.job" in at.session_state:
            at.session_state["live.job"].stop("test over")


def _texts(at: AppTest) -> str:
    return "\n".join(e.value for kind in ("success", "warning", "info", "error", "caption",
                                          "markdown")
                     for e in getattr(at, kind))


def _published(code: str) -> dict:
    return classroom.store().poll(code).params


SMALL = {"live.width": "16", "live.depth": "2", "live.batch": "32"}


def test_the_teachers_live_run_is_on_every_following_screen_and_trains_once(data_dir):
    teacher, student, code = _class()
    try:
        teacher.radio(key="w.live.scenario").set_value("own-settings").run()
        for k, v in SMALL.items():  # small networks: quick steps on a shared CPU
            teacher.query_params[k] = v
        teacher.select_slider(key="w.live.width").set_value("16").run()
        teacher.slider(key="w.live.depth").set_value(2).run()
        teacher.select_slider(key="w.live.batch").set_value("32").run()
        assert not teacher.exception, [e.value for e in teacher.exception]
        tjob = teacher.session_state["live.job"]
        student.run()
        assert not student.exception, [e.value for e in student.exception]
        assert student.radio(key="w.live.scenario").value == "own-settings"
        # the student trains nothing: no job of its own, no Start, Pause, Step or Reset
        assert "live.job" not in student.session_state
        keys = {b.key for b in student.button}
        assert not keys & {"live.start", "live.pause", "live.step", "live.reset"}, keys
        assert "Your teacher's run" in _texts(student)
        assert "has not started the run yet" in _texts(student)
        # the teacher trains 10 iterations: the student's page shows the teacher's run
        teacher.button(key="live.step").click().run()
        assert tjob.join(120)
        teacher.run()
        student.run()
        assert not student.exception, [e.value for e in student.exception]
        it = tjob.trainers["left"].iteration
        assert it == 10
        assert f"Paused at iteration {it}." in _texts(student)
        assert "live.job" not in student.session_state
        # watching is no heartbeat of the teacher's run
        seen = tjob._last_seen
        student.run()
        assert tjob._last_seen == seen
        # a student who explores alone (the teacher lets the class roam) trains their own copy
        teacher.sidebar.radio(key="dl_class_pace").set_value("roam").run()
        student.run()
        assert not student.exception, [e.value for e in student.exception]
        assert "live.start" in {b.key for b in student.button}
        own = student.session_state["live.job"]
        assert own is not tjob and own.trainers["left"].iteration == 0
        assert "Your teacher's run" not in _texts(student)
    finally:
        _stop(teacher, student)


def _player(at: AppTest) -> dict:
    """What the recorded chart's player was sent (app/recording_player.py)."""
    import json

    for el in at.get("bidi_component"):
        payload = el.proto.json or el.proto.mixed.json
        data = json.loads(payload) if payload else {}
        if "its" in data and "sig" in data:
            return data
    raise AssertionError("no recording player on the page")


def test_every_view_of_page_6_and_the_teachers_playback_reach_a_following_student(data_dir):
    teacher, student, code = _class()
    try:
        # the recorded view, as the teacher opened it: no unknown link parameters, same view
        assert student.session_state[classroom.PAGE_KEY] == "live_training"
        assert not [w.value for w in student.warning if "Ignored" in w.value], \
            [w.value for w in student.warning]
        assert student.radio(key="w.live.view").value == "recorded"
        assert student.radio(key="w.live.scenario").value == "mode-collapse"
        assert _player(student)["role"] == "follow" and _player(teacher)["role"] == "lead"
        # the scenario, then the recorded seed
        teacher.radio(key="w.live.scenario").set_value("vanishing-gradient").run()
        student.run()
        assert student.radio(key="w.live.scenario").value == "vanishing-gradient"
        teacher.radio(key="w.live.rec_seed").set_value("101").run()
        assert _published(code)["live.rec_seed"] == "101"
        student.run()
        assert student.radio(key="w.live.rec_seed").value == "101"
        assert _player(student)["sig"] == _player(teacher)["sig"] == "vanishing-gradient/101"
        # the teacher's browser reports Play from iteration 0 (the component's state): published
        its = _player(teacher)["its"]
        teacher.session_state["live_rec_player"] = {"playback": {
            "play": True, "frame": 0, "sig": "vanishing-gradient/101", "n": 1}}
        t0 = time.time()
        teacher.run()
        assert (_published(code)["live.play"], _published(code)["live.it"]) == ("1", str(its[0]))
        student.run()
        p = _player(student)  # from where the teacher's is by now (a frame every 180 ms)
        assert p["play"] and 0 <= p["frame"] <= (time.time() - t0) / 0.18 + 1, p
        # Pause at frame 7, then a move of the timeline to frame 3
        for n, (play, frame) in enumerate(((False, 7), (False, 3)), start=2):
            teacher.session_state["live_rec_player"] = {"playback": {
                "play": play, "frame": frame, "sig": "vanishing-gradient/101", "n": n}}
            teacher.run()
            assert _published(code)["live.it"] == str(its[frame])
            student.run()
            p = _player(student)
            assert (p["play"], p["frame"]) == (play, frame)
        # another seed: the recording is shown from its end, standing still, on both screens
        teacher.radio(key="w.live.rec_seed").set_value("100").run()
        student.run()
        for at in (teacher, student):
            p = _player(at)
            assert (p["play"], p["frame"]) == (False, len(its) - 1), at
        # a student alone (the teacher lets the class roam) sends nothing and is not moved
        teacher.sidebar.radio(key="dl_class_pace").set_value("roam").run()
        student.run()
        assert _player(student)["role"] == "alone"
        # the view switch (the teacher keeps the class together again)
        teacher.sidebar.radio(key="dl_class_pace").set_value("lead").run()
        student.run()
        teacher.radio(key="w.live.view").set_value("live").run()
        student.run()
        assert not student.exception, [e.value for e in student.exception]
        assert student.radio(key="w.live.view").value == "live"
        assert "Your teacher's run" in _texts(student)
    finally:
        _stop(teacher, student)


def _r_values(at: AppTest) -> list[str]:
    return [m.value for m in at.metric if m.label == "Loss ↔ W1 (r)"]


def _argument_shown(at: AppTest) -> bool:
    return any(e.label == "Why? The argument in a few lines" for e in at.expander)


def _commit(at: AppTest, option: str = "gan") -> None:
    at.radio(key="w.predict.live.tracks").set_value(option).run()
    at.button(key="predict.live.tracks.commit").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_alone_nothing_answers_the_question_before_the_guess():
    from divergences import recordings
    from tests.conftest import plotly_specs, run_page

    # the scenario whose claim is the answer: its recording, numbers and claim wait for the guess
    at = run_page("live_training.py", {"live.scenario": "loss-tracks-w1"}, timeout=180)
    try:
        assert not at.exception, [e.value for e in at.exception]
        assert not [f for f in plotly_specs(at) if f.get("frames")]
        assert not [m for m in at.metric if "r(−loss, W1)" in m.label]
        assert "Measured over" not in _texts(at) and not _argument_shown(at)
        assert "shown once you commit your guess" in _texts(at)
        assert not [w.value for w in at.warning if "Ignored" in w.value]
        _commit(at)
        assert [f for f in plotly_specs(at) if f.get("frames")]
        assert [m for m in at.metric if "r(−loss, W1)" in m.label]
        assert f"Measured over {recordings.tally('loss-tracks-w1').n} seeds" in _texts(at)
        assert _argument_shown(at)
        # "Train it yourself" of the same scenario: the answer is already in
        at.radio(key="w.live.view").set_value("live").run()
        assert "hidden" not in _r_values(at) and _r_values(at)
    finally:
        _stop(at)
    # the student's own settings: r, the tracking chart and the argument wait for the guess
    at = run_page("live_training.py", {"live.scenario": "own-settings", **SMALL}, timeout=180)
    try:
        assert _r_values(at) == ["hidden", "hidden"] and not _argument_shown(at)
        at.button(key="live.step").click().run()
        assert at.session_state["live.job"].join(120)
        at.run()
        assert _r_values(at) == ["hidden", "hidden"]
        assert not [f for f in plotly_specs(at)
                    if "follow the exact W1" in str(f["layout"].get("title", ""))]
        _commit(at)
        assert "hidden" not in _r_values(at) and _argument_shown(at)
        assert [f for f in plotly_specs(at)
                if "follow the exact W1" in str(f["layout"].get("title", ""))]
    finally:
        _stop(at)


def test_in_a_class_page_6_keeps_the_answer_until_the_teacher_reveals_it(data_dir):
    teacher, student, code = _class()
    try:
        teacher.radio(key="w.live.scenario").set_value("loss-tracks-w1").run()
        student.run()
        for at in (teacher, student):  # the projected screen too
            assert not _argument_shown(at) and "Measured over" not in _texts(at), at
        _commit(student)
        student.run()
        assert "Measured over" not in _texts(student) and not _argument_shown(student)
        assert "shown once your teacher reveals" in _texts(student)
        teacher.run()
        assert "shown once you reveal the answer to the class" in _texts(teacher)
        teacher.button(key="dl_reveal_live.tracks").click().run()
        student.run()
        for at in (teacher, student):
            assert not at.exception, [e.value for e in at.exception]
            assert "Measured over" in _texts(at) and _argument_shown(at), at
    finally:
        _stop(teacher, student)

"""Class sessions in the app (AppTest, no browser): the sidebar's Teach / Join flows, the tally,
the reveal, following the teacher, detaching, rate-limited joins, the teacher's secret, the end of
a class, and a database that goes away and comes back.

AppTest does not fire ``run_every`` timers: a student's poll runs with each of its script runs,
so the tests call ``student.run()`` where a browser's timer would fire.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from app import classroom
from tests.class_sessions import run_app, texts, unreachable_engine


_app = run_app
_texts = texts


def _teacher(page: str | None = "../pages/js_saturates.py") -> tuple[AppTest, str, str]:
    at = _app()
    at.sidebar.button(key="dl_class_teach").click().run()
    c = at.session_state["_dl_class"]
    assert c["role"] == "teacher"
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at, c["code"], c["token"]


def _tally(at: AppTest) -> list[int]:
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        if spec["layout"]["title"]["text"] == "What the class predicted":
            return spec["data"][0]["x"]
    raise AssertionError("no tally chart")


def test_a_lesson_join_commit_tally_reveal_follow(data_dir):
    teacher, code, token = _teacher()
    # the class page showed the code; the secret is in no URL
    assert "teacher" not in teacher.query_params and token not in json.dumps(dict(teacher.query_params))
    a = _app({"class": code.lower()})  # by link (any case)
    b = _app()
    b.sidebar.text_input(key="dl_class_code").set_value(f"{code[:4]}-{code[4:]}")
    _submit_join(b)
    for s in (a, b):
        assert s.session_state["_dl_class"]["role"] == "student"
        s.run()  # the poll: follows the teacher to page 1
        assert s.query_params.get("js.theta") == teacher.query_params.get("js.theta")
        assert any(sl.label.startswith("Offset θ") for sl in s.slider)
    # both commit; neither sees the answer yet; the teacher's tally counts them
    a.radio(key="w.predict.js.slopes").set_value("both0").run()
    a.button(key="predict.js.slopes.commit").click().run()
    b.radio(key="w.predict.js.slopes").set_value("js0_w1").run()
    b.button(key="predict.js.slopes.commit").click().run()
    for s in (a, b):
        assert any("teacher reveals" in x for x in _texts(s, "info"))
        assert not _texts(s, "error") and not [x for x in _texts(s, "success") if "Right" in x]
    teacher.run()
    assert _tally(teacher) == [1, 1, 0, 0]  # js0_w1, both0, both1, js_grows
    assert any("**2** of **2** answered · 2 connected now" in m.value for m in teacher.markdown)
    teacher.button(key="dl_reveal_js.slopes").click().run()
    assert any(x.startswith("Revealed to the class") for x in _texts(teacher, "success"))
    a.run()
    b.run()
    assert "Not this time." in _texts(a, "error")
    assert "Right." in _texts(b, "success")
    # the teacher moves θ: both students follow
    teacher.slider(key="w.js.theta").set_value(2.5).run()
    for s in (a, b):
        s.run()
        assert s.slider(key="w.js.theta").value == pytest.approx(2.5)
    # the teacher keeps the class together ("lead", the default): nobody can explore alone
    assert a.sidebar.button(key="dl_class_detach").disabled
    # the teacher lets the class roam: a student keeps their own θ; one click jumps to the
    # teacher's view
    teacher.sidebar.radio(key="dl_class_pace").set_value("roam").run()
    a.run()
    a.slider(key="w.js.theta").set_value(0.5).run()
    teacher.slider(key="w.js.theta").set_value(1.5).run()
    a.run()
    assert a.slider(key="w.js.theta").value == pytest.approx(0.5)
    a.sidebar.button(key="dl_class_follow").click().run()
    a.run()
    assert a.slider(key="w.js.theta").value == pytest.approx(1.5)
    teacher.sidebar.radio(key="dl_class_pace").set_value("lead").run()
    # the teacher changes page: the students' pages change too
    teacher.switch_page("../pages/home.py").run()
    b.run()
    assert b.session_state[classroom.PAGE_KEY] == ""
    assert not b.exception


def _submit_join(at: AppTest) -> None:
    next(b for b in at.sidebar.button if b.label == "Join").click().run()


def test_wrong_codes_are_refused_then_rate_limited(data_dir):
    s = _app()
    for i in range(classroom.MAX_FAILED_JOINS):
        s.sidebar.text_input(key="dl_class_code").set_value("ZZZZ-ZZZZ")
        _submit_join(s)
        assert any("No class with this code" in w for w in _texts(s, "warning")), i
    teacher, code, _ = _teacher(page=None)
    s.sidebar.text_input(key="dl_class_code").set_value(code)  # even the right code must wait
    _submit_join(s)
    assert any("Too many wrong codes" in w for w in _texts(s, "warning"))
    assert "_dl_class" not in s.session_state
    garbage = _app({"class": "<script>alert(1)</script>"})
    assert any("No class with this code" in w for w in _texts(garbage, "warning"))
    assert "class" not in garbage.query_params


def test_the_teacher_link_gives_powers_and_leaves_the_address_bar(data_dir):
    teacher, code, token = _teacher()
    other = _app({"class": code, "teacher": token})
    assert other.session_state["_dl_class"]["role"] == "teacher"
    assert "teacher" not in other.query_params
    fake = _app({"class": code, "teacher": "A" * 32})
    assert "_dl_class" not in fake.session_state or fake.session_state["_dl_class"]["role"] != \
        "teacher"
    assert any("not valid" in e for e in _texts(fake, "error"))
    # a student's page never holds the token
    s = _app({"class": code})
    s.run()
    assert token not in json.dumps(dict(s.query_params))
    assert all(token not in m.value for m in s.markdown)


def test_ending_the_class_deletes_it_and_students_work_alone(data_dir):
    teacher, code, token = _teacher(page=None)
    s = _app({"class": code})
    teacher.button(key="dl_class_end").click().run()
    assert "_dl_class" not in teacher.session_state
    st_ = classroom.store()
    assert st_.poll(code) is None
    s.run()
    assert "_dl_class" not in s.session_state and "class" not in s.query_params
    s.switch_page("../pages/js_saturates.py").run()
    s.radio(key="w.predict.js.slopes").set_value("js0_w1").run()
    s.button(key="predict.js.slopes.commit").click().run()
    assert "Right." in _texts(s, "success")  # outside a class: revealed at once, as before


def test_a_database_outage_leaves_students_working_alone_and_they_rejoin(data_dir):
    teacher, code, token = _teacher()
    s = _app({"class": code})
    s.run()
    st_ = classroom.store()
    good = st_.engine
    st_.engine = unreachable_engine(data_dir)
    try:
        s.run()
        assert any("working alone" in w for w in _texts(s, "warning"))
        s.radio(key="w.predict.js.slopes").set_value("js0_w1").run()
        s.button(key="predict.js.slopes.commit").click().run()
        assert "Right." in _texts(s, "success")  # answered locally while alone
        assert s.session_state["_dl_class"]["pending"] == {"js.slopes": ("js0_w1", "js0_w1")}
        teacher.run()
        assert not teacher.exception
        assert any("cannot be reached" in w for w in _texts(teacher, "warning"))
    finally:
        st_.engine = good
    s.run()  # back: the kept guess is sent, the class is followed again
    assert not s.session_state["_dl_class"]["offline"]
    assert st_.tally(code, "js.slopes")["js0_w1"] == 1
    assert not any("working alone" in w for w in _texts(s, "warning"))


def test_students_keep_their_own_language_and_presentation_mode(data_dir):
    teacher = _app({"lang": "zh", "present": "1"})
    teacher.sidebar.button(key="dl_class_teach").click().run()
    code = teacher.session_state["_dl_class"]["code"]
    teacher.switch_page("../pages/js_saturates.py").run()
    assert classroom.store().poll(code).page == "js_saturates"
    published = classroom.store().poll(code).params
    assert "js.theta" in published and not {"lang", "present", "class", "teacher"} & set(published)
    s = _app({"class": code})
    s.run()
    assert s.query_params.get("lang") == "en" and s.query_params.get("present") == "0"
    assert s.query_params.get("js.theta") == published["js.theta"]


def test_page_6_students_follow_the_teachers_settings_without_training(data_dir):
    teacher, code, _ = _teacher(page="../pages/live_training.py")
    # page 6 opens on a recorded scenario; the teacher switches to their own settings, seed 7
    teacher.radio(key="w.live.scenario").set_value("own-settings").run()
    teacher.number_input(key="w.live.seed").set_value(7).run()
    assert not teacher.exception
    params = classroom.store().poll(code).params
    assert params.get("live.scenario") == "own-settings" and params.get("live.seed") == "7"
    s = _app({"class": code})
    s.run()
    assert not s.exception
    assert s.session_state[classroom.PAGE_KEY] == "live_training"
    assert s.radio(key="w.live.scenario").value == "own-settings"
    assert s.number_input(key="w.live.seed").value == 7
    assert any("press Start" in x for x in _texts(s, "info") + _texts(s, "caption")
               + [m.value for m in s.markdown]), "a follower's page 6 waits for Start"


def test_a_guess_made_before_joining_counts_and_leaving_removes_it(data_dir):
    teacher, code, _ = _teacher()
    s = _app()
    s.switch_page("../pages/js_saturates.py").run()
    s.radio(key="w.predict.js.slopes").set_value("both1").run()
    s.button(key="predict.js.slopes.commit").click().run()
    assert "Not this time." in _texts(s, "error")  # alone: revealed at once
    s.sidebar.text_input(key="dl_class_code").set_value(code)
    _submit_join(s)
    s.run()
    assert classroom.store().tally(code, "js.slopes")["both1"] == 1
    assert any("teacher reveals" in x for x in _texts(s, "info"))  # in class: wait for the reveal
    s.sidebar.button(key="dl_class_leave").click().run()
    assert "_dl_class" not in s.session_state
    assert sum(classroom.store().tally(code, "js.slopes").values()) == 0

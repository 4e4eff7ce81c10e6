"""One driver for the class (AppTest, no browser): a second teacher session or a teacher's reload
adopts the class's view and moves nobody; explicit teacher actions move the class (last action
wins, and the other teacher sessions follow); pacing ("lead"/"roam"); the teacher's tally
(hidden on the projected screen until shown, "n of m answered" out of the class's roster, an
axis with room for the longest bar's number).

AppTest does not fire ``run_every`` timers: a student's poll (and a teacher's) runs with each of
its script runs, so the tests call ``.run()`` where a browser's timer would fire. AppTest also runs
the page a test last chose (``switch_page``) again on the next ``run()``, even after the app
switched pages itself, so each check of a followed page comes right after the run that followed.
"""

from __future__ import annotations

import json
import time

import pytest
from streamlit.testing.v1 import AppTest

from app import classroom
from app.classes.store import students
from app.classroom import session
from app.classroom.session import COOKIE_TEACHER
from app.classroom.tallies import AXIS_ROOM, tally_figure
from tests.class_sessions import run_app, texts

JS = "../pages/js_saturates.py"


_app = run_app
_texts = texts


@pytest.fixture
def cookies(monkeypatch):
    """The browser cookies the next new session sends (AppTest has none): a reload's cookie."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(session, "cookie", lambda name: jar.get(name, ""))
    return jar


def _teacher(query: dict | None = None) -> tuple[AppTest, str, str]:
    at = _app(query)
    at.sidebar.button(key="dl_class_teach").click().run()
    c = at.session_state["_dl_class"]
    at.switch_page(JS).run()
    assert not at.exception
    return at, c["code"], c["token"]


def _student(code: str) -> AppTest:
    s = _app({"class": code})
    s.run()  # the first poll
    assert s.session_state["_dl_class"]["role"] == "student"
    return s


def _page(at: AppTest) -> str:
    return at.session_state[classroom.PAGE_KEY]


def _theta(at: AppTest) -> float:
    return at.slider(key="w.js.theta").value


def _view(code: str):
    return classroom.store().poll(code)


def _tally_spec(at: AppTest) -> dict | None:
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        if spec["layout"]["title"]["text"] == "What the class predicted":
            return spec
    return None


def _commit(s: AppTest, choice: str) -> None:
    s.radio(key="w.predict.js.slopes").set_value(choice).run()
    s.button(key="predict.js.slopes.commit").click().run()
    assert not s.exception


# ---- one driver ---------------------------------------------------------------------------------
def test_a_second_teacher_moves_nobody_then_the_last_action_wins(data_dir):
    a, code, token = _teacher()
    a.slider(key="w.js.theta").set_value(2.5).run()
    view = _view(code)
    assert view.page == "js_saturates" and view.params["js.theta"] == "2.5"
    s = _student(code)
    assert _page(s) == "js_saturates" and _theta(s) == pytest.approx(2.5)

    # the private teacher link, opened in another browser (on Home): a co-teacher who adopts the
    # class's view and publishes nothing
    b = _app({"class": code, "teacher": token})
    assert b.session_state["_dl_class"]["role"] == "teacher"
    assert "teacher" not in b.query_params
    assert _page(b) == "js_saturates" and _theta(b) == pytest.approx(2.5)
    assert _view(code) == view  # same page, same params, same seq
    s.run()
    assert _page(s) == "js_saturates" and _theta(s) == pytest.approx(2.5)
    b.run()  # more runs of the co-teacher (its sidebar's poll) move nobody either
    assert _view(code) == view

    # the co-teacher acts: the class follows, and so does the other teacher
    b.slider(key="w.js.theta").set_value(1.0).run()
    moved = _view(code)
    assert moved.params["js.theta"] == "1" and moved.seq == view.seq + 1
    s.run()
    assert _theta(s) == pytest.approx(1.0)
    a.run()  # the first teacher's sidebar poll: follows, publishes nothing
    assert _theta(a) == pytest.approx(1.0)
    assert _view(code).seq == moved.seq

    # now the first teacher acts again (last action wins): the co-teacher's screen follows
    a.switch_page("../pages/home.py").run()
    assert _view(code).page == ""
    b.run()
    s.run()
    assert _page(b) == "" and _page(s) == ""
    assert _view(code).page == "" and not any(x.exception for x in (a, b, s))


def test_a_teacher_reload_keeps_the_class_settings(data_dir, cookies):
    teacher, code, token = _teacher()
    teacher.slider(key="w.js.theta").set_value(3.75).run()
    view = _view(code)
    assert view.params["js.theta"] == "3.75"
    s = _student(code)
    assert _theta(s) == pytest.approx(3.75)

    # the teacher reloads: a new session with the cookie, on an address without θ (defaults)
    cookies[COOKIE_TEACHER] = f"{code}.{token}"
    again = _app({"class": code}, page=JS)
    cookies.clear()
    assert again.session_state["_dl_class"]["role"] == "teacher"
    assert _theta(again) == pytest.approx(3.75)  # the class's θ, not the default
    assert again.query_params.get("js.theta") == "3.75"
    assert _view(code) == view  # nothing published
    s.run()
    assert _theta(s) == pytest.approx(3.75)

    # a reload on another page (a new tab on Home) adopts the class's page too
    cookies[COOKIE_TEACHER] = f"{code}.{token}"
    tab = _app({"class": code})
    cookies.clear()
    assert _page(tab) == "js_saturates" and _theta(tab) == pytest.approx(3.75)
    assert _view(code) == view
    s.run()
    assert _page(s) == "js_saturates" and _theta(s) == pytest.approx(3.75)

    # only a change made by hand publishes
    again.slider(key="w.js.theta").set_value(2.0).run()
    assert _view(code).params["js.theta"] == "2" and _view(code).seq == view.seq + 1
    s.run()
    assert _theta(s) == pytest.approx(2.0)


def test_a_class_with_no_view_yet_takes_the_first_teacher_sessions_view(data_dir):
    """A class created by a script (benchmarks/bench_classes.py) has no view: the teacher link
    opened on page 1 makes page 1 the class's view, and the students who join follow it."""
    code, token = classroom.store().create()
    teacher = _app({"class": code, "teacher": token}, page=JS)
    assert _page(teacher) == "js_saturates"
    view = _view(code)
    assert view.page == "js_saturates" and "js.theta" in view.params
    s = _student(code)
    assert _page(s) == "js_saturates"
    assert _view(code) == view


# ---- pacing -------------------------------------------------------------------------------------
def test_pacing_lead_keeps_the_class_together_roam_lets_it_explore(data_dir):
    teacher, code, _ = _teacher()
    s = _student(code)
    assert _view(code).pace == "lead"
    detach = s.sidebar.button(key="dl_class_detach")
    assert detach.disabled
    assert any("keeps the class together" in x for x in _texts(s, "caption"))

    # roam, from the Class page: the student is moved no more
    teacher.switch_page("class_page.py").run()
    s.run()
    assert _page(s) == "class"
    teacher.radio(key="dl_class_pace_page").set_value("roam").run()
    assert _view(code).pace == "roam"
    assert teacher.sidebar.radio(key="dl_class_pace").value == "roam"
    s.run()
    assert any("explore on your own" in x for x in _texts(s, "caption"))
    s.switch_page(JS).run()
    s.slider(key="w.js.theta").set_value(0.5).run()
    teacher.switch_page(JS).run()
    teacher.slider(key="w.js.theta").set_value(3.0).run()
    teacher.switch_page("../pages/home.py").run()
    for _ in range(2):
        s.run()
        assert _page(s) == "js_saturates" and _theta(s) == pytest.approx(0.5)

    # "Follow the teacher": one jump to the teacher's view; the student roams on from there
    s.sidebar.button(key="dl_class_follow").click().run()
    assert _page(s) == "" and s.query_params.get("home.theta") == _view(code).params["home.theta"]
    s.switch_page(JS).run()
    assert _page(s) == "js_saturates"
    s.run()
    assert _page(s) == "js_saturates" and _theta(s) == pytest.approx(0.5)  # their own θ

    # lead again (the sidebar's switch): the class is brought to the teacher's view at once
    teacher.sidebar.radio(key="dl_class_pace").set_value("lead").run()
    assert _view(code).pace == "lead"
    s.run()
    assert _page(s) == ""
    assert s.sidebar.button(key="dl_class_detach").disabled


# ---- the tally ----------------------------------------------------------------------------------
def test_the_tally_is_hidden_while_presenting_until_the_teacher_shows_it(data_dir):
    teacher, code, _ = _teacher({"present": "1"})
    s = _student(code)
    _commit(s, "both0")
    teacher.run()
    assert any("**1** of **1** answered · 1 connected now" in m.value for m in teacher.markdown)
    assert _tally_spec(teacher) is None
    toggle = teacher.button(key="dl_tally_toggle_js.slopes")
    assert toggle.label == "Show the tally"
    toggle.click().run()
    assert _tally_spec(teacher)["data"][0]["x"] == [0, 1, 0, 0]
    assert teacher.button(key="dl_tally_toggle_js.slopes").label == "Hide the tally"
    teacher.run()  # stays shown
    assert _tally_spec(teacher) is not None
    teacher.button(key="dl_tally_toggle_js.slopes").click().run()
    assert _tally_spec(teacher) is None
    # outside presentation mode (the teacher's own screen) the tally is always shown
    teacher.toggle(key="w.present").set_value(False).run()
    assert _tally_spec(teacher) is not None
    assert not [b for b in teacher.button if b.key == "dl_tally_toggle_js.slopes"]


def test_n_of_m_answered_counts_the_roster_after_a_tab_closes(data_dir):
    teacher, code, _ = _teacher()
    a, b = _student(code), _student(code)
    _commit(a, "both0")
    _commit(b, "js0_w1")
    teacher.run()
    assert any("**2** of **2** answered · 2 connected now" in m.value for m in teacher.markdown)
    # b's tab closes: no heartbeat any more; b is still in the class (and their answer counts)
    sid = b.session_state["_dl_class"]["sid"]
    store = classroom.store()
    with store.engine.begin() as conn:
        conn.execute(students.update().where(students.c.id == sid)
                     .values(seen_at=time.time() - 600))
    assert store.roster(code, 15.0) == (2, 1)
    teacher.run()
    assert any("**2** of **2** answered · 1 connected now" in m.value for m in teacher.markdown)
    # a student who leaves takes their answer along: still consistent
    a.sidebar.button(key="dl_class_leave").click().run()
    teacher.run()
    assert any("**1** of **1** answered · 0 connected now" in m.value for m in teacher.markdown)


def test_the_tally_axis_leaves_room_for_the_longest_bars_number(data_dir):
    teacher, code, _ = _teacher()
    for choice in ("both0", "both0", "js0_w1"):
        _commit(_student(code), choice)
    teacher.run()
    spec = _tally_spec(teacher)
    top = max(spec["data"][0]["x"])
    assert top == 2
    lo, hi = spec["layout"]["xaxis"]["range"]
    assert lo == 0 and hi >= 1.25 * top
    assert spec["data"][0]["cliponaxis"] is False
    # an empty tally still has an axis
    fig = tally_figure({"a": 0, "b": 0}, str)
    assert tuple(fig.layout.xaxis.range) == (0, AXIS_ROOM)

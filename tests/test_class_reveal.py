"""Nothing revealed early in a class (issue 22, item 3): on each of pages Home–5, the text that
gives the page's answer away is absent from a student's screen after the student committed a
guess, and from the teacher's own screen, until the teacher presses "Reveal to the class"; then
both show it. (AppTest does not fire ``run_every`` timers: ``student.run()`` is the poll.)"""

from __future__ import annotations

import pytest

from tests.reveal import commit, shown
from tests.test_class_app import _app, _teacher

# page, question, a guess, a text the page shows at its default settings only once revealed
CASES = [
    ("home.py", "home.where_js", "inf", "JS freezes at ln 2"),
    ("js_saturates.py", "js.slopes", "both1", "its slope is 0"),
    ("low_dim_supports.py", "lds.lines_js", "between", "ln 2 ≈ 0.6931 nats for every θ ≠ 0"),
    ("earth_mover.py", "em.textbook_w1", 2.0, "Cross-check: wasserstein1 gives 1.0000 units."),
    ("critic.py", "critic.disjoint", "flat", "The critic follows W1 where JS is stuck"),
    ("generator_gradient.py", "gg.minimax", "small", "the exact 0 of D*"),
]


@pytest.mark.parametrize("page,key,guess,spoiler", CASES, ids=[c[0] for c in CASES])
def test_a_student_who_committed_sees_no_spoiler_until_the_teacher_reveals(
        data_dir, page, key, guess, spoiler):  # noqa: F811
    teacher, code, _ = _teacher(f"../pages/{page}")
    student = _app({"class": code})
    student.run()  # the poll: follows the teacher to the page
    assert not student.exception, student.exception
    commit(student, key, guess)
    assert any("teacher reveals" in x.value for x in student.info)  # committed, waiting
    for at, waiting in ((student, "once your teacher reveals the answer"),
                        (teacher, "once you reveal the answer to the class")):
        at.run()
        text = shown(at)
        assert spoiler not in text, at is teacher
        assert waiting in text, at is teacher
    teacher.button(key=f"dl_reveal_{key}").click().run()
    assert not teacher.exception, teacher.exception
    assert spoiler in shown(teacher)
    student.run()  # the poll brings the reveal
    assert not student.exception, student.exception
    assert spoiler in shown(student)

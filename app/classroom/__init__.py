"""Class sessions in the app: "Teach a class", join, the teacher's tallies, follow the teacher.

The storage is :mod:`app.classes` (no Streamlit there); this package is the Streamlit side, one
module per idea:

* :mod:`~app.classroom.session`: the session's class record, the class store, the cookies;
* :mod:`~app.classroom.joining`: starting and joining a class, ``?class=``/``?teacher=`` links,
  a reloaded teacher or student restored from the cookie, the join-rate limit;
* :mod:`~app.classroom.sidebar`: the sidebar's class section (:func:`begin`, every run);
* :mod:`~app.classroom.following`: the teacher publishes the view, students follow it;
* :mod:`~app.classroom.guesses`: committed guesses, sent to the class, held until the reveal;
* :mod:`~app.classroom.tallies`: the teacher's live tally and "Reveal to the class";
* :mod:`~app.classroom.page`: the Class page (the screen to project).

* **Teacher.** "Teach a class" (sidebar, or the Class page) creates a class and opens the Class
  page: the join code, a QR code of the join link ``…/?class=CODE`` (large in presentation mode),
  how many students are connected and on which page, and "End the class". The teacher's secret
  token lives in the session and in a browser cookie (``dl_teacher``, SameSite=Strict), so a
  reload keeps the teacher's powers; it is never put in the address bar, so "Copy link to this
  view" and a projected screen cannot leak it. The private teacher link (``?teacher=…``, shown
  only outside presentation mode) restores the powers on another device; the app takes the token
  out of the address bar at once.
* **Every predict-then-reveal question** (:mod:`app.predict`): the teacher sees the live tally (a
  bar chart) and "Reveal to the class"; a student's committed guess is sent to the class, and the
  answer stays hidden until the teacher reveals it.
* **Follow the teacher.** Only a teacher's explicit action (a navigation, a control changed by
  hand) moves the class; a teacher session that enters (the teacher link, a reload, a new tab)
  adopts the class's view first, and teacher sessions that are not acting follow the last
  action. The teacher's pace: "lead" keeps students on the teacher's view (they cannot explore
  alone), "roam" moves nobody ("Follow the teacher" jumps to the teacher's view once).
* **Faults.** Every database call is guarded: when the database is unreachable or locked, the
  student keeps working alone (guesses revealed locally, answers kept and sent later) with a
  message, and the poll rejoins when the database is back.
"""

from app.classroom.following import (CLASS_PAGE, CLASS_URL_PATH, after_page, before_page,
                                     install, poll, publish)
from app.classroom.guesses import may_reveal, record_answer
from app.classroom.joining import (FAILED_JOIN_WINDOW_S, MAX_FAILED_JOINS, join_blocked_for,
                                   start_class, try_join)
from app.classroom.page import class_page
from app.classroom.session import (PAGE_KEY, POLL_S, current, fmt_code, following, role,
                                   store)
from app.classroom.sidebar import begin
from app.classroom.tallies import teacher_question

__all__ = [
    "CLASS_PAGE", "CLASS_URL_PATH", "FAILED_JOIN_WINDOW_S", "MAX_FAILED_JOINS", "PAGE_KEY",
    "POLL_S", "after_page", "before_page", "begin", "class_page", "current", "fmt_code", "following", "install",
    "join_blocked_for", "may_reveal", "poll", "publish", "record_answer", "role", "start_class",
    "store", "teacher_question", "try_join",
]

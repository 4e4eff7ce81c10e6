"""A session's place in a class: who it is (teacher or student), the class store, the cookies.

The session's class record lives in ``st.session_state[SESSION]`` (a dict: ``code``, ``role``,
the teacher's ``token`` or the student's id ``sid``, and the following/polling bookkeeping);
:func:`current` returns it, :func:`role` its role.

The class cookies (``dl_teacher`` = ``code.token``, ``dl_student`` = ``code.sid``) are set by the
server, HttpOnly (:mod:`app.classroom.cookies`): :func:`set_cookie` draws the script that makes
the browser fetch one; :func:`leave_session` queues its removal (Max-Age=0), drawn by the next
runs (:func:`app.classroom.joining.draw_cookie`).
"""

from __future__ import annotations

import re
import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from app.classes import ClassStore, default_url

SESSION = "_dl_class"
PAGE_KEY = "_dl_page"
MSGS_KEY = "_dl_class_msgs"
ENDED_KEY = "_dl_class_ended"
POLL_S = 0.5
"""A student's poll interval (seconds). A poll costs the server ~2 ms of CPU (one SELECT, a
fragment that draws nothing); the follow-up reruns of 30 students cost ~1.2 s of CPU in one
process, so a shorter wait here is what keeps a teacher's action within 2 s (bench_classes)."""
TEACHER_POLL_S = 2.0
HEARTBEAT_S = 5.0
PRESENT_WITHIN_S = 15.0
PRIVATE = frozenset({"class", "teacher", "lang", "present", "embed", "embed_options"})
"""URL parameters that are each viewer's own: never published to, nor taken from, the teacher."""
KEY_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
COOKIE_TEACHER = "dl_teacher"
COOKIE_STUDENT = "dl_student"
CLEAR_KEY = "_dl_cookie_clear"
"""Cookies to remove: ``{name: full runs left to draw the removal in}``."""
CLEAR_RUNS = 2
TICKETS_KEY = "_dl_cookie_tickets"
"""The ticket drawn for each cookie: ``{name: (value, max_age, body, issued at)}``."""
DB_ERRORS = (SQLAlchemyError, OSError, RuntimeError)


# ---- the store (one per server process) ---------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _store(url: str) -> ClassStore:
    from app.classroom.cookies import share_store

    s = ClassStore(url)
    share_store(s)  # the cookie route uses it too
    return s


def store() -> ClassStore:
    """The server's class store (opened, and migrated, on first use; a failure is retried)."""
    return _store(default_url())


# ---- the session's class record -----------------------------------------------------------------
def current() -> dict | None:
    """This session's class record (None when it is in no class)."""
    return st.session_state.get(SESSION)


def role() -> str | None:
    """``"teacher"``, ``"student"`` or None (not in a class)."""
    c = current()
    return c["role"] if c else None


def following() -> bool:
    """Whether this session is a student whose screen follows the teacher: in a class whose pace
    is ``"lead"`` (with ``"roam"``, students explore alone and jump to the teacher only when they
    ask)."""
    c = current()
    return c is not None and c["role"] == "student" and c.get("pace", "lead") == "lead"


def fmt_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def enter(code: str, role_: str, *, token: str = "", sid: str = "") -> None:
    st.session_state[SESSION] = {
        "code": code, "role": role_, "token": token, "sid": sid, "seq": -1,
        "revealed": frozenset(), "offline": False, "pending": {}, "beat": 0.0, "published": "",
        "applied": "", "cookie": False}


def leave_session() -> None:
    c = st.session_state.pop(SESSION, None)
    if c:
        clear_cookie(COOKIE_TEACHER if c["role"] == "teacher" else COOKIE_STUDENT)
    try:
        del st.query_params["class"]
    except Exception:
        pass


def class_gone() -> None:
    """The class ended (or vanished): this session is on its own again; rerun the app."""
    leave_session()
    st.session_state[ENDED_KEY] = True
    st.rerun(scope="app")


# ---- cookies ------------------------------------------------------------------------------------
def set_cookie(name: str, value: str, max_age: int) -> bool:
    """Draw the script that makes the browser fetch cookie ``name`` from the server (HttpOnly;
    ``max_age`` 0 removes it). A ticket is drawn again by the next runs while it is fresh (a
    rerun may have cut the first drawing short). Returns False when no cookie can be set: no
    cookie route (plain ``streamlit run app/main.py``) or no database."""
    from app.classroom import cookies

    if not cookies.ROUTE_INSTALLED:
        return False
    drawn = st.session_state.setdefault(TICKETS_KEY, {})
    now = time.time()
    old = drawn.get(name)
    if old and old[:2] == (value, int(max_age)) and now - old[3] < cookies.TICKET_REUSE_S:
        body = old[2]
    else:
        try:
            body = cookies.ticket_for(store(), name, value, int(max_age))
        except DB_ERRORS:
            return False
        drawn[name] = (value, int(max_age), body, now)
    st.html(cookies.script(body), unsafe_allow_javascript=True)
    return True


def clear_cookie(name: str) -> None:
    """Remove cookie ``name`` from the browser (drawn by the next :data:`CLEAR_RUNS` full runs)."""
    st.session_state.setdefault(CLEAR_KEY, {})[name] = CLEAR_RUNS


def cookie(name: str) -> str:
    try:
        return str((st.context.cookies or {}).get(name) or "")
    except Exception:  # no browser context (AppTest)
        return ""


def in_fragment() -> bool:
    """Whether this run is a fragment's rerun (not a full run of the app)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return bool(ctx and ctx.fragment_ids_this_run)
    except Exception:
        return False

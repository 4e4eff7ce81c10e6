"""A session's place in a class: who it is (teacher or student), the class store, the cookies.

The session's class record lives in ``st.session_state[SESSION]`` (a dict: ``code``, ``role``,
the teacher's ``token`` or the student's id ``sid``, and the following/polling bookkeeping);
:func:`current` returns it, :func:`role` its role.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

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
DB_ERRORS = (SQLAlchemyError, OSError, RuntimeError)


# ---- the store (one per server process) ---------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _store(url: str) -> ClassStore:
    return ClassStore(url)


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


def fmt_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def enter(code: str, role_: str, *, token: str = "", sid: str = "") -> None:
    st.session_state[SESSION] = {
        "code": code, "role": role_, "token": token, "sid": sid, "follow": True, "seq": -1,
        "revealed": frozenset(), "offline": False, "pending": {}, "beat": 0.0, "published": "",
        "applied": "", "cookie": False}


def leave_session() -> None:
    c = st.session_state.pop(SESSION, None)
    if c:
        set_cookie(COOKIE_TEACHER if c["role"] == "teacher" else COOKIE_STUDENT, "", 0)
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
def set_cookie(name: str, value: str, max_age: int) -> None:
    st.html(f"<script>document.cookie = {json.dumps(f'{name}={quote(value)}')} + "
            f"'; path=/; max-age={int(max_age)}; SameSite=Strict';</script>",
            unsafe_allow_javascript=True)


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

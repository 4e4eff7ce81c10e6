"""Starting and joining a class: "Teach a class", join codes, ``?class=`` and ``?teacher=`` links,
a reloaded teacher or student restored from the cookie.

Join codes are rate-limited per session: :data:`MAX_FAILED_JOINS` wrong codes per
:data:`FAILED_JOIN_WINDOW_S` seconds (docs/SECURITY.md).
"""

from __future__ import annotations

import time

import streamlit as st

from app.classes import normalize_code
from app.classroom import guesses
from app.classroom.session import (COOKIE_STUDENT, COOKIE_TEACHER, DB_ERRORS, MSGS_KEY, cookie,
                                   current, enter, fmt_code, set_cookie, store)
from app.i18n import t
from app.state import register_param

FAILS_KEY = "_dl_class_fails"
MAX_FAILED_JOINS = 5
FAILED_JOIN_WINDOW_S = 60.0


def _failed_join() -> None:
    now = time.time()
    fails = [x for x in st.session_state.get(FAILS_KEY, []) if now - x < FAILED_JOIN_WINDOW_S]
    fails.append(now)
    st.session_state[FAILS_KEY] = fails


def join_blocked_for() -> float:
    """Seconds until this session may try another code (0 when it may now)."""
    now = time.time()
    fails = [x for x in st.session_state.get(FAILS_KEY, []) if now - x < FAILED_JOIN_WINDOW_S]
    if len(fails) < MAX_FAILED_JOINS:
        return 0.0
    return max(0.0, FAILED_JOIN_WINDOW_S - (now - fails[-MAX_FAILED_JOINS]))


def try_join(text: str) -> str | None:
    """Join the class ``text`` names; returns an error message (None on success)."""
    wait = join_blocked_for()
    if wait > 0:
        return t("Too many wrong codes: try again in {s} s.", s=int(wait) + 1)
    try:
        code = normalize_code(text)
        sid = store().join(code)
    except ValueError:
        _failed_join()
        return t("No class with this code: it may have ended, or a letter is wrong.")
    except DB_ERRORS:
        return t("The class server cannot be reached right now: you are working alone. Try "
                 "again in a moment.")
    enter(code, "student", sid=sid)
    st.query_params["class"] = code
    guesses.send_all()  # guesses committed before joining count in the class too
    return None


def start_class() -> str | None:
    """Create a class with this session as its teacher; returns an error message or None."""
    try:
        code, token = store().create()
    except DB_ERRORS:
        return t("The class server cannot be reached right now, so no class can start. Try "
                 "again in a moment.")
    enter(code, "teacher", token=token)
    st.query_params["class"] = code
    return None


def begin_url() -> list[tuple[str, str]]:
    """Handle ``?class=`` and ``?teacher=``, restore a reloaded teacher or student from the
    cookie; returns the messages to show in the sidebar."""
    register_param("class")
    register_param("teacher")
    msgs: list[tuple[str, str]] = st.session_state.setdefault(MSGS_KEY, [])
    # shown until a run of the page completes (a follow-the-teacher rerun would lose them)
    token = st.query_params.get("teacher")
    if token is not None:
        try:
            del st.query_params["teacher"]  # never leave the secret in the address bar
        except Exception:
            pass
        raw = st.query_params.get("class") or ""
        try:
            code = normalize_code(raw)
            ok = store().is_teacher(code, str(token)[:100])
        except ValueError:
            ok = False
        except DB_ERRORS:
            ok = None
        if ok:
            enter(code, "teacher", token=str(token)[:100])
        elif ok is None:
            msgs.append(("warning", t("The class server cannot be reached right now: open the "
                                      "teacher link again in a moment.")))
        else:
            msgs.append(("error", t("This teacher link is not valid (the class may have ended).")))
    c = current()
    raw = st.query_params.get("class")
    if c is None:
        _restore_from_cookie(raw)
        c = current()
    if raw is not None and (c is None or c["code"] != "".join(str(raw).split()).replace("-", "")
                            .upper()):
        if c is not None and c["role"] == "teacher":
            pass  # a teacher who opens a student link stays the teacher of their own class
        else:
            err = try_join(str(raw)[:40])
            if err:
                msgs.append(("warning", err))
                try:
                    del st.query_params["class"]
                except Exception:
                    pass
            else:
                msgs.append(("success", t("You joined class {code}.", code=fmt_code(current()["code"]))))
    c = current()
    if c is not None:
        st.query_params["class"] = c["code"]
    return msgs


def draw_cookie() -> None:
    """Set the class cookie (drawn last in the sidebar, so that no element of the page moves when
    it goes away) until a run that drew it completed: a follow-the-teacher rerun may cut one
    short."""
    c = current()
    if c is not None and not c["cookie"]:
        value = f"{c['code']}.{c['token'] or c['sid']}"
        set_cookie(COOKIE_TEACHER if c["role"] == "teacher" else COOKIE_STUDENT, value, 12 * 3600)
        c["cookie_drawn"] = True


def _restore_from_cookie(raw) -> None:
    for name, role_ in ((COOKIE_TEACHER, "teacher"), (COOKIE_STUDENT, "student")):
        value = cookie(name)
        checked = st.session_state.setdefault("_dl_cookies_checked", set())
        if "." not in value or value in checked:
            continue
        checked.add(value)  # one look-up per cookie value and session, not one per run
        code, secret = value.split(".", 1)
        try:
            code = normalize_code(code)
            if raw is not None and normalize_code(str(raw)[:40]) != code:
                continue
            if role_ == "teacher":
                ok = store().is_teacher(code, secret[:100])
                if ok:
                    enter(code, "teacher", token=secret[:100])
            else:
                ok = store().is_student(code, secret[:40])
                if ok:
                    enter(code, "student", sid=secret[:40])
        except (ValueError, *DB_ERRORS):
            continue
        if current() is not None:
            current()["cookie"] = True
            return

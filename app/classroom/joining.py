"""Starting and joining a class: "Teach a class", join codes, ``?class=`` and ``?teacher=`` links,
a reloaded teacher or student restored from the cookie.

Wrong join codes are rate-limited twice (docs/SECURITY.md): :data:`MAX_FAILED_JOINS` per
:data:`FAILED_JOIN_WINDOW_S` seconds per browser session, and :data:`MAX_FAILED_JOINS_PER_ADDRESS`
per client address (:func:`client_addr`), counted in the class store so that a reload, a new
session or another replica does not reset it. A code that cannot be one (wrong length, a letter
not in the alphabet) tells nothing about live classes and is not counted.
"""

from __future__ import annotations

import time

import streamlit as st

from app.classes import normalize_code
from app.classroom import guesses, session
from app.classroom.client import client_address
from app.classroom.session import (CLEAR_KEY, COOKIE_STUDENT, COOKIE_TEACHER, DB_ERRORS,
                                   MSGS_KEY, clear_cookie, current, enter, fmt_code, in_fragment,
                                   set_cookie, store)
from app.i18n import t
from app.state import register_param

FAILS_KEY = "_dl_class_fails"
MAX_FAILED_JOINS = 5
FAILED_JOIN_WINDOW_S = 60.0
MAX_FAILED_JOINS_PER_ADDRESS = 30
"""Per client address and :data:`FAILED_JOIN_WINDOW_S`: a whole classroom may share one school
NAT address, and 30 students who each mistype a code once must not lock each other out."""
COOKIE_MAX_AGE_S = 12 * 3600


def _peer_and_headers() -> tuple[str | None, dict]:
    try:
        peer = st.context.ip_address
        return (peer if isinstance(peer, str) else None), dict(st.context.headers or {})
    except Exception:  # no browser context
        return None, {}


def client_addr() -> str:
    """This session's client address (:func:`app.classroom.client.client_address`)."""
    peer, headers = _peer_and_headers()
    return client_address(peer, headers)


def _failed_join() -> None:
    now = time.time()
    fails = [x for x in st.session_state.get(FAILS_KEY, []) if now - x < FAILED_JOIN_WINDOW_S]
    fails.append(now)
    st.session_state[FAILS_KEY] = fails
    try:
        store().note_failed_join(client_addr(), now)
    except DB_ERRORS:
        pass


def _blocked() -> tuple[float, bool]:
    """``(seconds to wait, whether the client address is what is blocked)``."""
    now = time.time()
    fails = [x for x in st.session_state.get(FAILS_KEY, []) if now - x < FAILED_JOIN_WINDOW_S]
    wait = 0.0
    if len(fails) >= MAX_FAILED_JOINS:
        wait = max(0.0, FAILED_JOIN_WINDOW_S - (now - fails[-MAX_FAILED_JOINS]))
    try:
        shared = store().failed_joins(client_addr(), FAILED_JOIN_WINDOW_S, now)
    except DB_ERRORS:
        shared = []
    if len(shared) >= MAX_FAILED_JOINS_PER_ADDRESS:
        wait_addr = max(0.0, FAILED_JOIN_WINDOW_S - (now - shared[-MAX_FAILED_JOINS_PER_ADDRESS]))
        if wait_addr > wait:
            return wait_addr, True
    return wait, False


def join_blocked_for() -> float:
    """Seconds until this session may try another code (0 when it may now)."""
    return _blocked()[0]


def _blocked_message() -> str | None:
    wait, by_address = _blocked()
    if wait <= 0:
        return None
    if by_address:
        return t("Too many wrong codes from your network: try again in {s} s.", s=int(wait) + 1)
    return t("Too many wrong codes: try again in {s} s.", s=int(wait) + 1)


def try_join(text: str) -> str | None:
    """Join the class ``text`` names; returns an error message (None on success)."""
    err = _blocked_message()
    if err:
        return err
    try:
        code = normalize_code(text)
    except ValueError:
        return t("No class with this code: a code has 8 letters and digits, such as ABCD-EFGH.")
    try:
        sid = store().join(code)
    except ValueError:
        _failed_join()
        return t("No class with this code: class {code} ended, or never existed. Check the "
                 "letters.", code=fmt_code(code))
    except DB_ERRORS:
        return t("The class server cannot be reached right now: you are working alone. Try "
                 "again in a moment.")
    enter(code, "student", sid=sid)
    st.query_params["class"] = code
    _entered_as_student()
    return None


def _entered_as_student() -> None:
    """Guesses this student committed in the class before (another tab, before a reload or a
    restart) come back; guesses committed before joining count in the class too."""
    loaded = guesses.load_mine()
    guesses.send_all(skip=loaded)


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


def _teacher_link(raw, token: str) -> tuple[str, str] | None:
    """Open the teacher link ``?class=raw&teacher=token``; returns the message to show (None when
    this session is now the class's teacher). A link whose class is not running counts as a wrong
    join code (it would otherwise tell which codes are live); a wrong key does not (192 bits)."""
    try:
        code = normalize_code(str(raw)[:40])
    except ValueError:
        return ("error", t("This teacher link is not valid: it has no class code. Copy the whole "
                           "link again."))
    err = _blocked_message()
    if err:
        return ("warning", err)
    try:
        if store().is_teacher(code, token):
            enter(code, "teacher", token=token)
            return None
        running = store().exists(code)
    except DB_ERRORS:
        return ("warning", t("The class server cannot be reached right now: open the teacher "
                             "link again in a moment."))
    if running:
        return ("error", t("This teacher link is not valid: its key is wrong (class {code} is "
                           "running). Copy the whole link again.", code=fmt_code(code)))
    _failed_join()
    return ("error", t("This teacher link is not valid: no class with code {code} is running (it "
                       "ended, or never existed).", code=fmt_code(code)))


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
        msg = _teacher_link(st.query_params.get("class") or "", str(token)[:100])
        if msg is not None:
            msgs.append(msg)
            if current() is None:  # a failed teacher link does not join as a student instead
                try:
                    del st.query_params["class"]
                except Exception:
                    pass
    c = current()
    raw = st.query_params.get("class")
    if c is None:
        ended = _restore_from_cookie(raw, msgs)
        c = current()
        if ended is not None and raw is not None:  # the link of the class that ended: said so
            try:
                del st.query_params["class"]
            except Exception:
                pass
            raw = None
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


def _cookie_max_age(code: str) -> int:
    """Until the class expires (at most 12 hours)."""
    try:
        view = store().poll(code)
    except (ValueError, *DB_ERRORS):
        view = None
    if view is None or not view.expires_at:
        return COOKIE_MAX_AGE_S
    return max(60, min(COOKIE_MAX_AGE_S, int(view.expires_at - time.time())))


def draw_cookie() -> None:
    """Set the class cookie, server-side and HttpOnly (:mod:`app.classroom.cookies`), drawn last in
    the sidebar so that no element of the page moves when it goes away, until a run that drew it
    completed (a follow-the-teacher rerun may cut one short); and remove the cookie of a class
    this session left, in the next full runs."""
    c = current()
    name = None
    if c is not None:
        name = COOKIE_TEACHER if c["role"] == "teacher" else COOKIE_STUDENT
        if not c["cookie"]:
            if "cookie_max_age" not in c:
                c["cookie_max_age"] = _cookie_max_age(c["code"])
            value = f"{c['code']}.{c['token'] or c['sid']}"
            if set_cookie(name, value, c["cookie_max_age"]):
                c["cookie_drawn"] = True
    clear = st.session_state.get(CLEAR_KEY) or {}
    for other in list(clear):
        if other == name:  # the class's own cookie replaces it
            clear.pop(other)
            continue
        set_cookie(other, "", 0)
        if not in_fragment():
            clear[other] -= 1
            if clear[other] <= 0:
                clear.pop(other)


def _restore_from_cookie(raw, msgs: list | None = None) -> str | None:
    """Restore this session's class from its cookie (a reload, a new tab, a server restart);
    the cookie is set again (HttpOnly, renewed). A cookie of a class that ended, or of a student
    who left it, is removed. Returns the code of a class found ended (None otherwise)."""
    ended = None
    for name, role_ in ((COOKIE_TEACHER, "teacher"), (COOKIE_STUDENT, "student")):
        value = session.cookie(name)
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
                    _entered_as_student()
            if not ok:
                clear_cookie(name)  # a class that ended, or a student who left it
                if not store().exists(code):
                    ended = code
                    if msgs is not None:
                        msgs.append(("info", t("Class {code} has ended: you are working on your "
                                               "own.", code=fmt_code(code))))
        except ValueError:
            clear_cookie(name)
            continue
        except DB_ERRORS:
            continue
        if current() is not None:
            return None
    return ended

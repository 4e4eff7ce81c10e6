"""The sidebar's class section: "Teach a class" and "Join a class"; for a teacher, the class's
code and how many are connected; for a student, following or exploring alone, and leaving."""

from __future__ import annotations

import streamlit as st

from app.classroom.following import CLASS_PAGE, poll, publish, rerun_app
from app.classroom.joining import begin_url, draw_cookie, start_class, try_join
from app.classroom.session import (DB_ERRORS, POLL_S, PRESENT_WITHIN_S, TEACHER_POLL_S,
                                   class_gone, current, fmt_code, in_fragment, leave_session,
                                   store)
from app.i18n import t


def begin() -> None:
    """Called by app/main.py before the page: handle ``?class=`` and ``?teacher=``, restore a
    reloaded teacher or student from the cookie, draw the sidebar's class section."""
    msgs = begin_url()
    with st.sidebar:
        for kind, text in msgs:
            getattr(st, kind)(text)
        _sidebar()
        draw_cookie()


def _sidebar() -> None:
    c = current()
    st.markdown("**:material/school: " + t("Class") + "**")
    if c is None:
        if st.button(t("Teach a class"), key="dl_class_teach", icon=":material/co_present:",
                     help=t("Start a class: students join with a code or a QR code, their "
                            "predictions are tallied live, and their screens follow yours.")):
            err = start_class()
            if err:
                st.error(err)
            else:
                st.switch_page(CLASS_PAGE)
        with st.form("dl_class_join", border=False, enter_to_submit=True):
            code = st.text_input(t("Join a class"), max_chars=12, placeholder="ABCD-EFGH",
                                 key="dl_class_code")
            if st.form_submit_button(t("Join"), icon=":material/login:"):
                err = try_join(code or "")
                if err:
                    st.warning(err)
                else:
                    st.rerun()
        return
    if c["role"] == "teacher":
        _teacher_sidebar()
    else:
        _student_sidebar()


@st.fragment(run_every=TEACHER_POLL_S)
def _teacher_sidebar() -> None:
    c = current()
    if c is None or c["role"] != "teacher":
        return
    st.caption(t("You are teaching class {code}.", code=fmt_code(c["code"])))
    publish()
    try:
        here = store().presence(c["code"], PRESENT_WITHIN_S)
        c["offline"] = False
    except DB_ERRORS:
        c["offline"] = True
        here = None
    except ValueError:
        class_gone()
        return
    if here is None:
        st.warning(t("The class server cannot be reached: students work alone until it is back."),
                   icon=":material/cloud_off:")
    else:
        st.metric(t("Students connected"), sum(here.values()))
    if st.button(t("Open the class screen"), key="dl_class_open", icon=":material/qr_code_2:"):
        st.switch_page(CLASS_PAGE)


@st.fragment(run_every=POLL_S)
def _student_poll() -> None:
    """The student's poll, every :data:`POLL_S` seconds. It draws nothing (the status around it is drawn by full
    runs), so a steady poll costs one small SELECT and Streamlit's fragment overhead; a change of
    online state reruns the app to redraw the status."""
    c = current()
    if c is None or c["role"] != "student":
        return
    was = c["offline"]
    poll()
    c = current()
    if c is not None and c["offline"] != was and in_fragment():
        rerun_app()


def _student_sidebar() -> None:
    _student_poll()
    c = current()
    if c is None or c["role"] != "student":
        return
    st.caption(t("You are in class {code}.", code=fmt_code(c["code"])))
    if c["offline"]:
        st.warning(t("The class server cannot be reached: you are working alone. Your guesses "
                     "are kept and sent when it is back."), icon=":material/cloud_off:")
    if c["follow"]:
        st.caption(t("Your screen follows the teacher's page and settings."))
        st.button(t("Explore alone"), key="dl_class_detach", on_click=_set_follow, args=(False,),
                  icon=":material/explore:")
    else:
        st.caption(t("You are exploring alone."))
        if st.button(t("Follow the teacher again"), key="dl_class_follow", type="primary",
                     icon=":material/sync:"):
            _set_follow(True)
            c["applied"] = ""
            poll(force_apply=True)
    st.button(t("Leave the class"), key="dl_class_leave", on_click=_leave_click,
              icon=":material/logout:")


def _leave_click() -> None:
    """A student leaves: their id and answers are deleted from the class, then the session is
    on its own again."""
    c = current()
    if c and c["role"] == "student":
        try:
            store().leave(c["code"], c["sid"])
        except (ValueError, *DB_ERRORS):
            pass
    leave_session()


def _set_follow(on: bool) -> None:
    c = current()
    if c:
        c["follow"] = on

"""The sidebar's class section: "Teach a class" and "Join a class"; for a teacher, the class's
code, how many are connected and the pace; for a student, following the teacher (or, when the
teacher lets the class roam, jumping to the teacher's view), and leaving."""

from __future__ import annotations

import streamlit as st

from app.classroom.following import (CLASS_PAGE, adopt, pace_control, poll, rerun_app, started,
                                     teacher_poll)
from app.classroom.joining import begin_url, draw_cookie, start_class, try_join
from app.classroom.session import (DB_ERRORS, POLL_S, PRESENT_WITHIN_S, TEACHER_POLL_S,
                                   class_gone, current, fmt_code, in_fragment, leave_session,
                                   store)
from app.i18n import t


def begin() -> None:
    """Called by app/main.py before the page: handle ``?class=`` and ``?teacher=``, restore a
    reloaded teacher or student from the cookie, draw the sidebar's class section."""
    msgs = begin_url()
    adopt()  # a teacher session entering the class shows the class's view first (may rerun)
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
                started()
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
    teacher_poll()  # follows another teacher session's action (may rerun the app)
    c = current()
    if c is None:
        return
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
    pace_control("dl_class_pace")
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
    if c.get("pace", "lead") == "lead":
        st.caption(t("Your screen follows the teacher's page and settings."))
        st.button(t("Explore alone"), key="dl_class_detach", disabled=True,
                  icon=":material/explore:")
        st.caption(t("Your teacher keeps the class together for now."))
    else:
        st.caption(t("Your teacher lets you explore on your own."))
        if st.button(t("Follow the teacher"), key="dl_class_follow", type="primary",
                     icon=":material/sync:", help=t("Go to the teacher's page and settings "
                                                    "(once: you keep exploring from there).")):
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

"""The Class page (``/class``): start or join a class; for the teacher, the screen to project
(the join code, a QR code of the join link, who is connected and where, "End the class")."""

from __future__ import annotations

import html
from urllib.parse import quote

import streamlit as st

from app.classroom.following import CLASS_URL_PATH, pace_control, started
from app.classroom.joining import start_class
from app.classroom.session import (DB_ERRORS, ENDED_KEY, PRESENT_WITHIN_S, TEACHER_POLL_S,
                                   class_gone, current, fmt_code, store)
from app.i18n import t, t_var


JOIN_CODE_REM = {False: 3.2, True: 4.2}
"""The join code's largest font size (rem), outside and in presentation mode; a narrow column
makes it smaller (see :func:`class_page`)."""


def join_link(code: str) -> str:
    base = (st.context.url or "").rstrip("/")
    if base.endswith("/" + CLASS_URL_PATH):
        base = base[: -len(CLASS_URL_PATH) - 1]
    return f"{base}/?class={code}"


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as a PNG (segno; error correction M, crisp 12-pixel modules)."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=12, border=2)
    return buf.getvalue()


def class_page() -> None:
    """The Class page: start or join a class; for the teacher, the screen to project."""
    from app.style import is_presenting

    presenting = is_presenting()
    if st.session_state.pop(ENDED_KEY, False):
        st.info(t("The class has ended. Everything works as before, on your own."),
                icon=":material/door_open:")
    c = current()
    if c is None:
        st.title(t("Teach a class"))
        st.markdown(t(
            "Start a class and project this page: students join by scanning the QR code or "
            "typing the code, with no account and no name. On every predict-then-reveal "
            "question you see how many have committed and what they chose; you reveal the "
            "answer to everyone at once; and their screens follow your page and settings."))
        if st.button(t("Start a class"), key="dl_class_start", type="primary",
                     icon=":material/co_present:"):
            err = start_class()
            if err:
                st.error(err)
            else:
                started()
                st.rerun()
        st.caption(t("Students: use “Join a class” in the sidebar, or open the link your "
                     "teacher shows."))
        return
    if c["role"] == "student":
        st.title(t("Class {code}", code=fmt_code(c["code"])))
        if c.get("pace", "lead") == "lead":
            st.markdown(t("You are in this class. Your screen follows the teacher's page and "
                          "settings."))
        else:
            st.markdown(t("You are in this class. Your teacher lets you explore on your own: "
                          "“Follow the teacher” in the sidebar takes you to the teacher's view."))
        return
    link = join_link(c["code"])
    st.title(t("Join the class"))
    left, right = st.columns([1, 1])
    with left:
        # the code fits its column whatever the width (sidebar open or not): 9 monospace
        # characters with their spacing take about 6.2 em, so at most 15 % of the column's width
        # (cqi) per em leaves it a margin
        size = f"min({JOIN_CODE_REM[presenting]}rem, 15cqi)"
        st.markdown(f"<div style='container-type:inline-size;width:100%'>"
                    f"<div class='dl-join-code' style='font-size:{size};font-weight:700;"
                    f"letter-spacing:0.08em;font-family:monospace;white-space:nowrap;"
                    f"line-height:1.2'>"
                    f"{html.escape(fmt_code(c['code']))}</div></div>", unsafe_allow_html=True)
        safe = quote(link, safe=":/?=&%#")  # a markdown link that nothing in the URL can break
        md_link = "[" + safe + "](" + safe + ")"
        st.markdown(t("Scan the QR code, or open {link}, or type the code under “Join a class” "
                      "in the sidebar.", link=md_link))
        _presence_fragment()
        pace_control("dl_class_pace_page")
    with right:
        with st.container(key="dl_qr"):
            st.image(qr_png(link), width=420 if presenting else 300,
                     caption=t("QR code of the join link"))
    if not presenting:
        with st.expander(t("Your private teacher link (do not project it)"),
                         icon=":material/key:"):
            st.caption(t("It gives teacher powers over this class on another device or browser. "
                         "Keep it to yourself."))
            st.code(f"{link}&teacher={c['token']}", language=None)
    with st.popover(t("End the class"), icon=":material/stop_circle:"):
        st.markdown(t("Ending the class deletes its answers and everything else about it. "
                      "Students keep working alone."))
        if st.button(t("End the class and delete its data"), key="dl_class_end", type="primary"):
            try:
                store().end(c["code"], c["token"])
            except (ValueError, PermissionError):
                pass
            except DB_ERRORS:
                st.error(t("The class server cannot be reached: try again in a moment."))
                return
            class_gone()


@st.fragment(run_every=TEACHER_POLL_S)
def _presence_fragment() -> None:
    from app.navigation import PAGES

    c = current()
    if c is None:
        return
    try:
        here = store().presence(c["code"], PRESENT_WITHIN_S)
    except (ValueError, *DB_ERRORS):
        st.warning(t("The class server cannot be reached: students work alone until it is back."),
                   icon=":material/cloud_off:")
        return
    st.metric(t("Students connected"), sum(here.values()))
    titles = {("" if p.step == 0 else p.url_path): t_var(p.title) for p in PAGES}
    titles[CLASS_URL_PATH] = t("Class")
    rows = [{t("Page"): titles.get(p, p), t("Students"): n} for p, n in sorted(here.items(), key=lambda kv: -kv[1])]
    if rows:
        st.dataframe(rows, hide_index=True, width="content")

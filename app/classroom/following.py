"""Follow the teacher: the teacher's view publishes its page and URL parameters (every control is
in the URL, :mod:`app.state`) when they change; each student's sidebar polls the class every
:data:`~app.classroom.session.POLL_S` seconds and, while following, switches to that page with
those parameters (parsed and clamped as any link's are).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import streamlit as st

from app import state
from app.classroom.session import (DB_ERRORS, HEARTBEAT_S, KEY_RE, MSGS_KEY, PAGE_KEY, PRIVATE,
                                   class_gone, current, in_fragment, role, store)

CLASS_PAGE = Path(__file__).resolve().parent.parent / "class_page.py"
CLASS_URL_PATH = "class"
FRESH_KEY = "dl_class_fresh_run"
"""Set by the poll when it reruns the app: that run sends no cache references."""


def page_names() -> dict[str, Path]:
    from app.navigation import PAGES

    names = {("" if p.step == 0 else p.url_path): p.path for p in PAGES}
    names[CLASS_URL_PATH] = CLASS_PAGE
    return names


# ---- the student's poll -------------------------------------------------------------------------
def poll(force_apply: bool = False) -> None:
    """One poll of the class (a student's fragment, each second): heartbeat, queued answers,
    reveals, and the teacher's view to follow. Never raises for a database fault."""
    c = current()
    if c is None or c["role"] != "student":
        return
    page = st.session_state.get(PAGE_KEY, "")
    try:
        s = store()
        view = s.poll(c["code"], since_seq=None if force_apply or c["offline"] else c["seq"])
        if view is not None:
            now = time.time()
            if now - c["beat"] >= HEARTBEAT_S or c.get("beat_page") != page:
                s.heartbeat(c["code"], c["sid"], page)
                c["beat"], c["beat_page"] = now, page
            for qid, choice in list(c["pending"].items()):
                try:
                    s.answer(c["code"], c["sid"], qid, choice)
                except ValueError:
                    pass
                c["pending"].pop(qid, None)
        was_offline, c["offline"] = c["offline"], False
    except DB_ERRORS:
        c["offline"] = True
        return
    except ValueError:
        view = None
    if view is None:
        class_gone()
        return
    rerun = was_offline and not force_apply  # back online: show the class's state again
    if view.seq != c["seq"] or force_apply:
        if view.revealed != c["revealed"] and (view.seq != c["seq"]):
            rerun = rerun or bool(view.revealed - c["revealed"])
            c["revealed"] = view.revealed
        c["seq"] = view.seq
        if c["follow"] and view.page is not None:
            sig = json.dumps([view.page, view.params], sort_keys=True)
            if sig != c["applied"] and (view.page or view.params or force_apply):
                c["applied"] = sig
                apply(view.page, view.params)  # reruns the app (never returns)
    if rerun:
        rerun_app()


def rerun_app() -> None:
    """Rerun the whole app from the poll (never returns), without stale references
    (:func:`_no_stale_references`)."""
    _fresh_next_run()
    st.rerun(scope="app")


def apply(page: str, params: dict[str, str]) -> None:
    """Show the teacher's ``page`` with ``params``: every value goes through the page's own URL
    parsing (clamped, checked), exactly as if the student had opened the teacher's link."""
    names = page_names()
    if page not in names:
        return
    clean = {k: v[:200] for k, v in params.items()
             if isinstance(k, str) and isinstance(v, str) and KEY_RE.match(k) and k not in PRIVATE}
    for k in clean:
        state.forget_value(k)
    keep = {k: st.query_params.get(k) for k in ("class", "lang", "present")
            if st.query_params.get(k) is not None}
    query = {**clean, **keep}
    _fresh_next_run()
    if page != st.session_state.get(PAGE_KEY, ""):
        st.switch_page(names[page], query_params=query)
    st.query_params.from_dict(query)
    st.rerun(scope="app")


def _no_stale_references() -> None:
    """The rerun that shows the teacher's view sends every big element in full, never as a
    reference to the browser's cached copy. Streamlit answers a rerun with references to the
    hashes the browser listed in the request that started it, here the poll's; but the browser's
    timer sends polls while the previous full run is still arriving, and at that run's end the
    browser drops the copies it did not use: a reference to one of them is a "Cached ForwardMsg
    MISS", a fatal error that leaves the student greyed out and no longer following until a
    reload (issue 22). The teacher moving θ back to a recent value was enough."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.cached_message_hashes = frozenset()


def _fresh_next_run() -> None:
    """The full run that the poll starts sends no references: not with the poll's hashes (this
    run's), nor with those of a later poll that Streamlit merges into the pending rerun
    (:func:`before_page` clears them again at the start of that run)."""
    _no_stale_references()
    st.session_state[FRESH_KEY] = True


# ---- the teacher publishes their view ----------------------------------------------------------
def before_page(page_url_path: str) -> None:
    """Called by app/main.py before the page runs: the page this run shows (a teacher's fragment
    or sidebar that publishes during the run publishes this page, never the previous one)."""
    st.session_state[PAGE_KEY] = page_url_path
    if st.session_state.pop(FRESH_KEY, False):
        _no_stale_references()


def after_page(page_url_path: str, completed: bool = True) -> None:
    """Called by app/main.py after the page ran, also when it stopped or reran early
    (``completed`` False): remember the page; a teacher publishes. The sidebar's messages and the
    cookie are done with only once a run completed (a rerun may have cut the drawing short)."""
    st.session_state[PAGE_KEY] = page_url_path
    c = current()
    if completed:
        st.session_state.pop(MSGS_KEY, None)
        if c is not None and c.get("cookie_drawn"):
            c["cookie"] = True
    if role() == "teacher":
        publish()
    elif role() == "student":
        c = current()
        if c.get("beat_page") != page_url_path:
            c["beat"] = 0.0


def on_url_change(_key: str) -> None:
    """app/state.py calls it when a control's URL value changes: a teacher's fragment rerun (a
    slider) publishes at once; a full run publishes once at its end (:func:`after_page`)."""
    if role() == "teacher" and in_fragment():
        publish()


def install() -> None:
    """Register :func:`on_url_change` with :mod:`app.state` (app/main.py calls it; idempotent)."""
    state.add_url_listener(on_url_change)


def publish() -> None:
    """Publish the teacher's page and URL parameters if they changed since the last time."""
    c = current()
    if c is None or c["role"] != "teacher":
        return
    page = st.session_state.get(PAGE_KEY, "")
    mine = state.run_keys()  # the keys the teacher's page registered
    params = {k: st.query_params.get(k) for k in st.query_params.keys()
              if k in mine and k not in PRIVATE}
    sig = json.dumps([page, params], sort_keys=True)
    if sig == c["published"]:
        return
    try:
        store().set_view(c["code"], c["token"], page, params)
        c["published"], c["offline"] = sig, False
    except (ValueError, PermissionError):
        class_gone()
    except DB_ERRORS:
        c["offline"] = True

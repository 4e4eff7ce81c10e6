"""Follow the teacher: one view for the whole class, driven by the teachers' explicit actions.

* **The class's view** (page and URL parameters, every control is in the URL, :mod:`app.state`)
  lives in the class store. A teacher publishes it (:func:`publish`) only after an explicit
  action: a navigation to another page (:func:`before_page`), or a control whose URL value
  changed from a value it had (:func:`on_url_change`, app/state.py's ``before``/``after``).
  Nothing is published because a teacher session started, reloaded or followed.
* **A teacher session that enters the class** (the private link on another device, the cookie
  after a reload, a new tab) first *adopts* the class's view (:func:`adopt`, the same forced
  :func:`apply` a student gets), so it moves nobody. (A class with no view at all, which "Teach
  a class" never leaves, takes the entering session's view.)
* **Several teacher sessions** (co-teachers, or one teacher on a laptop and a tablet): the last
  action wins, and every teacher session that is not acting follows the class's view like a
  student (:func:`teacher_poll`, from the teacher's sidebar every
  :data:`~app.classroom.session.TEACHER_POLL_S` seconds), so all the teachers' screens agree.
* **Pacing** (``ClassView.pace``, set by :func:`pace_control`): ``"lead"`` keeps the students on
  the teacher's view (they cannot detach); ``"roam"`` moves nobody, and "Follow the teacher"
  jumps to the teacher's view once. Switching back to ``"lead"`` brings every student to it.
* **Students** poll every :data:`~app.classroom.session.POLL_S` seconds (:func:`poll`) and apply
  the view (parsed and clamped as any link's values are).

The session's class record (:func:`~app.classroom.session.current`) keeps: ``applied``, the
class view this session last showed or published (``json [page, params]``); ``pace``; for a
teacher ``adopted`` (entered and adopted the class's view), ``dirty`` (an explicit action not
published yet) and ``following_to`` (the page :func:`apply` switched to: not a navigation).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from app import state
from app.classroom.session import (DB_ERRORS, HEARTBEAT_S, KEY_RE, MSGS_KEY, PAGE_KEY, PRIVATE,
                                   class_gone, current, in_fragment, role, store)

CLASS_PAGE = Path(__file__).resolve().parent.parent / "class_page.py"
CLASS_URL_PATH = "class"
FRESH_KEY = state.FRESH_KEY
"""Set by the poll when it reruns the app or a fragment: that run sends no cache references."""


def page_names() -> dict[str, Path]:
    from app.navigation import PAGES

    names = {("" if p.step == 0 else p.url_path): p.path for p in PAGES}
    names[CLASS_URL_PATH] = CLASS_PAGE
    return names


def _sig(page: str, params: dict[str, str]) -> str:
    return json.dumps([page, params], sort_keys=True)


# ---- the student's poll -------------------------------------------------------------------------
def poll(force_apply: bool = False) -> None:
    """One poll of the class (a student's fragment, each second): heartbeat, queued answers,
    reveals, the pace, and the teacher's view to follow (pace ``"lead"``, or ``force_apply``:
    "Follow the teacher"). Never raises for a database fault."""
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
            for qid, (choice, guess) in list(c["pending"].items()):
                try:
                    s.answer(c["code"], c["sid"], qid, choice, guess=guess)
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
        led = view.pace == "lead"
        now_led = led and c.get("pace", "lead") != "lead"  # the teacher gathers the class again
        if view.pace != c.get("pace", "lead"):
            c["pace"] = view.pace
            rerun = True  # the sidebar shows the pace
        if (led or force_apply) and view.page is not None:
            sig = _sig(view.page, view.params)
            if ((sig != c["applied"] or now_led or force_apply)
                    and (view.page or view.params or force_apply)):
                c["applied"] = sig
                if not rerun and not now_led and not force_apply and in_fragment():
                    apply_in_fragments(view.page, view.params)  # returns if it cannot
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
    c = current()
    if c is not None:
        c["following_to"] = page  # the next run's change of page is no teacher's navigation
    _fresh_next_run()
    if page != st.session_state.get(PAGE_KEY, ""):
        st.switch_page(names[page], query_params=query)
    st.query_params.from_dict(query)
    st.rerun(scope="app")


def apply_in_fragments(page: str, params: dict[str, str]) -> None:
    """Show the teacher's new settings by rerunning only the fragments that draw the controls
    that changed (a θ move reruns page 1's experiment, not the page, the sidebar and the
    navigation): issue 22's cheap follower. Never returns when it could; returns (nothing
    changed) when the page differs, or a changed control is drawn outside a fragment or was not
    drawn at all, so that :func:`apply` reruns the app."""
    if page != st.session_state.get(PAGE_KEY, ""):
        return
    clean = {k: v[:200] for k, v in params.items()
             if isinstance(k, str) and isinstance(v, str) and KEY_RE.match(k) and k not in PRIVATE}
    mine = {k: st.query_params.get(k) for k in st.query_params.keys() if k not in PRIVATE}
    changed = {k for k in clean.keys() | mine.keys() if clean.get(k) != mine.get(k)}
    if not changed or changed - clean.keys():
        return  # a control the teacher's view no longer has: the app's run drops it
    fids = state.fragments_of(changed)
    if not fids:
        return
    try:
        from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or not all(ctx.fragment_storage.contains(f) for f in fids):
            return
        for k in sorted(changed):
            state.forget_value(k)
            st.query_params[k] = clean[k]
        st.session_state[FRESH_KEY] = True
        query = urlencode(st.query_params.to_dict())
        ctx.script_requests.request_rerun(RerunData(
            query_string=query, page_script_hash=ctx.page_script_hash,
            fragment_id_queue=ctx.fragment_storage.order_fragment_ids(sorted(fids)),
            is_fragment_scoped_rerun=True, cached_message_hashes=frozenset(),
            context_info=ctx.context_info))
    except Exception:  # Streamlit's internals moved: the whole app's rerun still follows
        return
    st.empty()  # the yield point: the runner stops this poll and reruns those fragments


# ---- the teachers: explicit actions publish, entering adopts, the others follow ----------------
def showing(page: str, params: dict[str, str]) -> bool:
    """Whether this session shows ``page`` with exactly ``params`` (its own viewer parameters
    aside)."""
    mine = {k: st.query_params.get(k) for k in st.query_params.keys() if k not in PRIVATE}
    return page == st.session_state.get(PAGE_KEY, "") and mine == dict(params)


def started() -> None:
    """The session just created its class (:func:`~app.classroom.joining.start_class`): there is
    nothing to adopt, and its view (the Class page) is the class's first."""
    c = current()
    if c is not None and c["role"] == "teacher":
        c["adopted"], c["dirty"] = True, True


def adopt() -> None:
    """A teacher session that enters the class (the teacher link, the cookie after a reload, a
    new tab) shows the class's current view first, as a following student would, and publishes
    nothing: the class moves only on a teacher's later explicit action. Called by the sidebar
    before the page; reruns the app when this session showed another view. A class that has no
    view yet (created by a script, or its creator's first publication failed) takes this
    session's view instead: there is nothing to adopt, and no student followed anything."""
    c = current()
    if c is None or c["role"] != "teacher" or c.get("adopted"):
        return
    try:
        view = store().poll(c["code"])
        c["offline"] = False
    except DB_ERRORS:
        c["offline"] = True  # tried again next run; nothing is published meanwhile
        return
    except ValueError:
        view = None
    if view is None:
        class_gone()
        return
    c["seq"], c["pace"] = view.seq, view.pace
    c["applied"] = _sig(view.page, view.params)
    c["adopted"] = True
    c["dirty"] = not (view.page or view.params)  # a class with no view yet takes this one
    if not c["dirty"] and not showing(view.page, view.params):
        apply(view.page, view.params)  # reruns the app (never returns)


def teacher_poll():
    """A teacher's poll (the sidebar, every full run and every TEACHER_POLL_S seconds): the
    pace, and the class's view, followed when another teacher session changed it (last action
    wins). Returns the ``ClassView`` (None when the class server cannot be reached)."""
    c = current()
    if c is None or c["role"] != "teacher":
        return None
    if not c.get("adopted"):
        adopt()  # the entry's adoption failed (the server was away): again (may rerun)
        c = current()
        if c is None or not c.get("adopted"):
            return None
    if c.get("dirty") and in_fragment():
        publish()  # an action that could not be published yet (the server was away)
    try:
        view = store().poll(c["code"], since_seq=c["seq"])
        c["offline"] = False
    except DB_ERRORS:
        c["offline"] = True
        return None
    except ValueError:
        view = None
    if view is None:
        class_gone()
        return None
    c["seq"], c["pace"] = view.seq, view.pace
    if not c.get("adopted") or c.get("dirty"):
        return view  # this session's own action is about to be published: it wins
    sig = _sig(view.page, view.params)
    if sig != c["applied"] and (view.page or view.params):
        c["applied"] = sig
        apply(view.page, view.params)  # reruns the app (never returns)
    return view


def _no_stale_references() -> None:
    """The rerun that shows the teacher's view sends every big element in full, never as a
    reference to the browser's cached copy. Streamlit answers a rerun with references to the
    hashes the browser listed in the request that started it, here the poll's; but the browser's
    timer sends polls while the previous full run is still arriving, and at that run's end the
    browser drops the copies it did not use: a reference to one of them is a "Cached ForwardMsg
    MISS", a fatal error that leaves the student greyed out and no longer following until a
    reload (issue 22). The teacher moving θ back to a recent value was enough."""
    state.no_cache_references()


def _fresh_next_run() -> None:
    """The full run that the poll starts sends no references: not with the poll's hashes (this
    run's), nor with those of a later poll that Streamlit merges into the pending rerun
    (:func:`before_page` clears them again at the start of that run)."""
    _no_stale_references()
    st.session_state[FRESH_KEY] = True



def before_page(page_url_path: str) -> None:
    """Called by app/main.py before the page runs: the page this run shows (a teacher's fragment
    or sidebar that publishes during the run publishes this page, never the previous one). A
    teacher who went to another page (not by following, :func:`apply`) has acted: the view is
    published at the end of the run (:func:`after_page`)."""
    before = st.session_state.get(PAGE_KEY)
    st.session_state[PAGE_KEY] = page_url_path
    if st.session_state.pop(FRESH_KEY, False):
        _no_stale_references()
    c = current()
    followed = c is not None and c.pop("following_to", None) == page_url_path
    if c is None or c["role"] != "teacher":
        return
    if before is not None and before != page_url_path and not followed and c.get("adopted"):
        c["dirty"] = True


def after_page(page_url_path: str, completed: bool = True) -> None:
    """Called by app/main.py after the page ran, also when it stopped or reran early
    (``completed`` False): remember the page; a teacher who acted publishes. The sidebar's
    messages and the cookie are done with only once a run completed (a rerun may have cut the
    drawing short)."""
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


def on_url_change(key: str, before: str | None = None, _after: str | None = None) -> None:
    """app/state.py calls it when a control's URL value changes. A teacher's control that changed
    from a value it had (not one drawn for the first time, ``before`` None) is an action: a
    fragment's rerun (a slider) publishes at once, a full run once at its end
    (:func:`after_page`)."""
    c = current()
    if c is None or c["role"] != "teacher" or before is None or key in PRIVATE:
        return
    if not c.get("adopted"):
        return
    c["dirty"] = True
    if in_fragment():
        publish()


def install() -> None:
    """Register :func:`on_url_change` with :mod:`app.state` (app/main.py calls it; idempotent)."""
    state.add_url_listener(on_url_change)


def publish() -> None:
    """Publish the teacher's page and URL parameters after an explicit action (``dirty``); kept
    for the next try while the class server cannot be reached."""
    c = current()
    if c is None or c["role"] != "teacher" or not c.get("dirty") or not c.get("adopted"):
        return
    page = st.session_state.get(PAGE_KEY, "")
    mine = state.run_keys()  # the keys the teacher's page registered
    params = {k: st.query_params.get(k) for k in st.query_params.keys()
              if k in mine and k not in PRIVATE}
    try:
        c["seq"] = store().set_view(c["code"], c["token"], page, params)
        c["applied"], c["dirty"], c["offline"] = _sig(page, params), False, False
    except (ValueError, PermissionError):
        class_gone()
    except DB_ERRORS:
        c["offline"] = True


# ---- pacing -------------------------------------------------------------------------------------
def pace_control(key: str) -> None:
    """The teacher's pacing switch (the sidebar's class section and the Class page): keep the
    class on the teacher's view, or let the students explore."""
    from app.i18n import t

    c = current()
    if c is None or c["role"] != "teacher":
        return
    pace = c.get("pace", "lead")
    if st.session_state.get(key) != pace:
        st.session_state[key] = pace  # another teacher session, or a refused change
    labels = {"lead": t("Keep the class with me"), "roam": t("Let students explore")}
    st.radio(t("Pace"), ["lead", "roam"], key=key, format_func=labels.get, on_change=_set_pace,
             args=(key,), help=t("Keep the class with me: students' screens follow yours and "
                                 "they cannot explore alone. Let students explore: nobody is "
                                 "moved; students may jump to your view."))


def _set_pace(key: str) -> None:
    c = current()
    pace = st.session_state.get(key)
    if c is None or c["role"] != "teacher" or pace not in ("lead", "roam"):
        return
    try:
        store().set_pace(c["code"], c["token"], pace)
        c["pace"], c["offline"] = pace, False
    except DB_ERRORS:
        c["offline"] = True  # the switch goes back to the class's pace on the next run
    except (ValueError, PermissionError):
        pass  # the class ended: the next poll says so

"""Class sessions in the app: "Teach a class", join, the teacher's tallies, follow the teacher.

The storage is :mod:`app.classes` (no Streamlit there); this module is the Streamlit side.

* **Teacher.** "Teach a class" (sidebar, or the Class page) creates a class and opens the Class
  page: the join code, a QR code of the join link ``…/?class=CODE`` (large in presentation mode),
  how many students are connected and on which page, and "End the class". The teacher's secret
  token lives in the session and in a browser cookie (``dl_teacher``, SameSite=Strict), so a
  reload keeps the teacher's powers; it is never put in the address bar, so "Copy link to this
  view" and a projected screen cannot leak it. The private teacher link (``?teacher=…``, shown
  only outside presentation mode) restores the powers on another device; the app takes the token
  out of the address bar at once.
* **Every predict-then-reveal question** (:mod:`app.predict` calls :func:`teacher_question`,
  :func:`may_reveal`, :func:`record_answer`): the teacher sees the live tally (a bar chart) and
  "Reveal to the class"; a student's committed guess is sent to the class, and the answer stays
  hidden until the teacher reveals it.
* **Follow the teacher.** The teacher's view publishes its page and its URL parameters (every
  control is in the URL, :mod:`app.state`) when they change; each student's sidebar polls the
  class every :data:`POLL_S` seconds (``st.fragment(run_every=POLL_S)``) and, while following,
  switches to that page with those parameters (parsed and clamped as any link's are). "Explore alone" detaches,
  "Follow the teacher again" rejoins with one click.
* **Faults.** Every database call is guarded: when the database is unreachable or locked, the
  student keeps working alone (guesses revealed locally, answers kept and sent later) with a
  message, and the poll rejoins when the database is back.

Join codes are rate-limited per session: :data:`MAX_FAILED_JOINS` wrong codes per
:data:`FAILED_JOIN_WINDOW_S` seconds (docs/SECURITY.md).
"""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path
from urllib.parse import quote

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from app.classes import ClassStore, choice_of, default_url, normalize_code
from app.classes.questions import REGISTRY
from app.i18n import t, t_var
from app.state import _RUN_KEYS as RUN_KEYS, register_param

CLASS_PAGE = Path(__file__).resolve().parent / "class_page.py"
CLASS_URL_PATH = "class"
SESSION = "_dl_class"
PAGE_KEY = "_dl_page"
FAILS_KEY = "_dl_class_fails"
MSGS_KEY = "_dl_class_msgs"
POLL_S = 0.5
"""A student's poll interval (seconds). A poll costs the server ~2 ms of CPU (one SELECT, a
fragment that draws nothing); the follow-up reruns of 30 students cost ~1.2 s of CPU in one
process, so a shorter wait here is what keeps a teacher's action within 2 s (bench_classes)."""
TEACHER_POLL_S = 2.0
MAX_FAILED_JOINS = 5
FAILED_JOIN_WINDOW_S = 60.0
HEARTBEAT_S = 5.0
PRESENT_WITHIN_S = 15.0
PRIVATE = frozenset({"class", "teacher", "lang", "present", "embed", "embed_options"})
"""URL parameters that are each viewer's own: never published to, nor taken from, the teacher."""
_KEY_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
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


# ---- session helpers --------------------------------------------------------------------------
def _cls() -> dict | None:
    return st.session_state.get(SESSION)


def role() -> str | None:
    """``"teacher"``, ``"student"`` or None (not in a class)."""
    c = _cls()
    return c["role"] if c else None


def fmt_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _set_cookie(name: str, value: str, max_age: int) -> None:
    st.html(f"<script>document.cookie = {json.dumps(f'{name}={quote(value)}')} + "
            f"'; path=/; max-age={int(max_age)}; SameSite=Strict';</script>",
            unsafe_allow_javascript=True)


def _cookie(name: str) -> str:
    try:
        return str((st.context.cookies or {}).get(name) or "")
    except Exception:  # no browser context (AppTest)
        return ""


def _enter(code: str, role_: str, *, token: str = "", sid: str = "") -> None:
    st.session_state[SESSION] = {
        "code": code, "role": role_, "token": token, "sid": sid, "follow": True, "seq": -1,
        "revealed": frozenset(), "offline": False, "pending": {}, "beat": 0.0, "published": "",
        "applied": "", "cookie": False}


def _leave_session() -> None:
    c = st.session_state.pop(SESSION, None)
    if c:
        _set_cookie(COOKIE_TEACHER if c["role"] == "teacher" else COOKIE_STUDENT, "", 0)
    try:
        del st.query_params["class"]
    except Exception:
        pass


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
    _enter(code, "student", sid=sid)
    st.query_params["class"] = code
    from app.predict import guess_of  # (app.predict imports this module)

    for key in REGISTRY:  # guesses committed before joining count in the class too
        if guess_of(key) is not None:
            record_answer(key, guess_of(key))
    return None


def start_class() -> str | None:
    """Create a class with this session as its teacher; returns an error message or None."""
    try:
        code, token = store().create()
    except DB_ERRORS:
        return t("The class server cannot be reached right now, so no class can start. Try "
                 "again in a moment.")
    _enter(code, "teacher", token=token)
    st.query_params["class"] = code
    return None


# ---- every run: URL, cookies, sidebar ---------------------------------------------------------
def begin() -> None:
    """Called by app/shell.py before the page: handle ``?class=`` and ``?teacher=``, restore a
    reloaded teacher or student from the cookie, draw the sidebar's class section."""
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
            _enter(code, "teacher", token=str(token)[:100])
        elif ok is None:
            msgs.append(("warning", t("The class server cannot be reached right now: open the "
                                      "teacher link again in a moment.")))
        else:
            msgs.append(("error", t("This teacher link is not valid (the class may have ended).")))
    c = _cls()
    raw = st.query_params.get("class")
    if c is None:
        _restore_from_cookie(raw)
        c = _cls()
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
                msgs.append(("success", t("You joined class {code}.", code=fmt_code(_cls()["code"]))))
    c = _cls()
    if c is not None:
        st.query_params["class"] = c["code"]
    with st.sidebar:
        for kind, text in msgs:
            getattr(st, kind)(text)
        _sidebar()
        c = _cls()
        if c is not None and not c["cookie"]:
            # drawn last in the sidebar (so that no element of the page moves when it goes away)
            # until a run that drew it completed: a follow-the-teacher rerun may cut one short
            value = f"{c['code']}.{c['token'] or c['sid']}"
            _set_cookie(COOKIE_TEACHER if c["role"] == "teacher" else COOKIE_STUDENT, value,
                        12 * 3600)
            c["cookie_drawn"] = True


def _restore_from_cookie(raw) -> None:
    for name, role_ in ((COOKIE_TEACHER, "teacher"), (COOKIE_STUDENT, "student")):
        value = _cookie(name)
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
                    _enter(code, "teacher", token=secret[:100])
            else:
                ok = store().is_student(code, secret[:40])
                if ok:
                    _enter(code, "student", sid=secret[:40])
        except (ValueError, *DB_ERRORS):
            continue
        if _cls() is not None:
            _cls()["cookie"] = True
            return


def _sidebar() -> None:
    c = _cls()
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
    c = _cls()
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
        _class_gone()
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
    c = _cls()
    if c is None or c["role"] != "student":
        return
    was = c["offline"]
    poll()
    c = _cls()
    if c is not None and c["offline"] != was and _in_fragment():
        st.rerun(scope="app")


def _student_sidebar() -> None:
    _student_poll()
    c = _cls()
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
    c = _cls()
    if c and c["role"] == "student":
        try:
            store().leave(c["code"], c["sid"])
        except (ValueError, *DB_ERRORS):
            pass
    _leave_session()


def _set_follow(on: bool) -> None:
    c = _cls()
    if c:
        c["follow"] = on


def _class_gone() -> None:
    _leave_session()
    st.session_state["_dl_class_ended"] = True
    st.rerun(scope="app")


# ---- the student's poll -------------------------------------------------------------------------
def _page_names() -> dict[str, Path]:
    from app.navigation import PAGES

    names = {("" if p.step == 0 else p.url_path): p.path for p in PAGES}
    names[CLASS_URL_PATH] = CLASS_PAGE
    return names


def poll(force_apply: bool = False) -> None:
    """One poll of the class (a student's fragment, each second): heartbeat, queued answers,
    reveals, and the teacher's view to follow. Never raises for a database fault."""
    c = _cls()
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
        _class_gone()
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
                _apply(view.page, view.params)  # reruns the app (never returns)
    if rerun:
        st.rerun(scope="app")


def _apply(page: str, params: dict[str, str]) -> None:
    """Show the teacher's ``page`` with ``params``: every value goes through the page's own URL
    parsing (clamped, checked), exactly as if the student had opened the teacher's link."""
    names = _page_names()
    if page not in names:
        return
    clean = {k: v[:200] for k, v in params.items()
             if isinstance(k, str) and isinstance(v, str) and _KEY_RE.match(k) and k not in PRIVATE}
    seen = st.session_state.get("_url_seen")
    for k in clean:
        st.session_state.pop(f"w.{k}", None)
        st.session_state.pop(f"v.{k}", None)
        if isinstance(seen, set):
            seen.discard(k)
    keep = {k: st.query_params.get(k) for k in ("class", "lang", "present")
            if st.query_params.get(k) is not None}
    query = {**clean, **keep}
    if page != st.session_state.get(PAGE_KEY, ""):
        st.switch_page(names[page], query_params=query)
    st.query_params.from_dict(query)
    st.rerun(scope="app")


# ---- the teacher publishes their view ----------------------------------------------------------
def after_page(page_url_path: str) -> None:
    """Called by app/main.py after the page ran: remember the page; a teacher publishes."""
    st.session_state[PAGE_KEY] = page_url_path
    st.session_state.pop(MSGS_KEY, None)
    c = _cls()
    if c is not None and c.get("cookie_drawn"):
        c["cookie"] = True
    if role() == "teacher":
        publish()
    elif role() == "student":
        c = _cls()
        if c.get("beat_page") != page_url_path:
            c["beat"] = 0.0


def _in_fragment() -> bool:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return bool(ctx and ctx.fragment_ids_this_run)
    except Exception:
        return False


def on_url_change(_key: str) -> None:
    """app/state.py calls it when a control's URL value changes: a teacher's fragment rerun (a
    slider) publishes at once; a full run publishes once at its end (:func:`after_page`)."""
    if role() == "teacher" and _in_fragment():
        publish()


def publish() -> None:
    """Publish the teacher's page and URL parameters if they changed since the last time."""
    c = _cls()
    if c is None or c["role"] != "teacher":
        return
    page = st.session_state.get(PAGE_KEY, "")
    mine = st.session_state.get(RUN_KEYS, set())  # the keys the teacher's page registered
    params = {k: st.query_params.get(k) for k in st.query_params.keys()
              if k in mine and k not in PRIVATE}
    sig = json.dumps([page, params], sort_keys=True)
    if sig == c["published"]:
        return
    try:
        store().set_view(c["code"], c["token"], page, params)
        c["published"], c["offline"] = sig, False
    except (ValueError, PermissionError):
        _class_gone()
    except DB_ERRORS:
        c["offline"] = True


# ---- predict-then-reveal hooks (app/predict.py) -------------------------------------------------
def record_answer(key: str, guess) -> None:
    """A student committed ``guess`` to question ``key``: send its choice id to the class (kept
    and sent later when the database is unreachable)."""
    c = _cls()
    if c is None or c["role"] != "student" or key not in REGISTRY:
        return
    try:
        choice = choice_of(key, guess)
    except ValueError:
        return
    try:
        store().answer(c["code"], c["sid"], key, choice)
        c["pending"].pop(key, None)
    except ValueError:
        pass
    except DB_ERRORS:
        c["pending"][key] = choice
        c["offline"] = True


def may_reveal(key: str, shown_guess: str) -> bool:
    """Whether a committed guess may be answered now. In a class: only once the teacher revealed
    it (else a "waiting" note is drawn); when the class server is unreachable: yes (alone)."""
    c = _cls()
    if c is None or c["role"] != "student" or c["offline"] or key in c["revealed"]:
        return True
    with st.container(border=True):
        st.caption(t("Your guess"))
        st.markdown(f"**{shown_guess}**")
    st.info(t("Committed. The answer appears when your teacher reveals it to the class."),
            icon=":material/hourglass_top:")
    return False


def _bin_label(choice: str, unit: str) -> str:
    lo, hi = choice.split("-", 1)
    return f"{lo}–{hi} {unit}".strip()


def teacher_question(key: str, format_func, answer_text: str, explanation: str,
                     unit: str = "") -> bool:
    """The teacher's view of question ``key``: the live tally and "Reveal to the class"; after
    the reveal, the answer and the explanation. Returns whether it is revealed."""
    c = _cls()
    spec = REGISTRY.get(key)
    if spec is None:
        return False
    label = (format_func if spec.kind == "choice" else (lambda ch: _bin_label(ch, unit)))
    revealed = _tally_fragment(key, label)
    if revealed:
        st.success(t("Revealed to the class. Answer: {a}", a=answer_text),
                   icon=":material/campaign:")
        if explanation:
            st.markdown(explanation)
    return bool(revealed)


@st.fragment(run_every=1.5)
def _tally_fragment(key: str, label) -> bool:
    import plotly.graph_objects as go

    from app.style import COLORS, style_figure

    c = _cls()
    if c is None:
        return False
    try:
        s = store()
        counts = s.tally(c["code"], key)
        revealed = s.revealed(c["code"], key)
        here = sum(s.presence(c["code"], PRESENT_WITHIN_S).values())
        c["offline"] = False
    except ValueError:
        return False
    except DB_ERRORS:
        st.warning(t("The class server cannot be reached: no tally for now."),
                   icon=":material/cloud_off:")
        return False
    n = sum(counts.values())
    st.markdown(t("**{n}** of **{m}** connected students have committed a guess.", n=n, m=here))
    choices = list(counts)
    fig = go.Figure(go.Bar(x=[counts[ch] for ch in choices], y=[label(ch) for ch in choices],
                           orientation="h", marker_color=COLORS["P"],
                           text=[str(counts[ch]) for ch in choices], textposition="outside",
                           hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    style_figure(fig, t("What the class predicted"), t("students (count)"), "",
                 height=max(260, 70 * len(choices) + 110))
    fig.update_xaxes(rangemode="tozero", dtick=max(1, (max(counts.values()) + 4) // 5))
    st.plotly_chart(fig, key=f"dl_tally_{key}", config={"displayModeBar": False})
    if not revealed:
        if st.button(t("Reveal to the class"), key=f"dl_reveal_{key}", type="primary",
                     icon=":material/campaign:"):
            try:
                s.reveal(c["code"], c["token"], key)
            except DB_ERRORS:
                st.error(t("The class server cannot be reached: try again in a moment."))
                return False
            except (ValueError, PermissionError):
                _class_gone()
            st.rerun(scope="app")
    return revealed


# ---- the Class page ----------------------------------------------------------------------------
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
    if st.session_state.pop("_dl_class_ended", False):
        st.info(t("The class has ended. Everything works as before, on your own."),
                icon=":material/door_open:")
    c = _cls()
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
                st.rerun()
        st.caption(t("Students: use “Join a class” in the sidebar, or open the link your "
                     "teacher shows."))
        return
    if c["role"] == "student":
        st.title(t("Class {code}", code=fmt_code(c["code"])))
        st.markdown(t("You are in this class. Your screen follows the teacher's page and "
                      "settings; the sidebar lets you explore alone and come back."))
        return
    link = join_link(c["code"])
    st.title(t("Join the class"))
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"<div class='dl-join-code' style='font-size:{'4.2rem' if presenting else '3.2rem'};"
                    f"font-weight:700;letter-spacing:0.08em;font-family:monospace;"
                    f"white-space:nowrap;line-height:1.2'>"
                    f"{html.escape(fmt_code(c['code']))}</div>", unsafe_allow_html=True)
        safe = quote(link, safe=":/?=&%#")  # a markdown link that nothing in the URL can break
        md_link = "[" + safe + "](" + safe + ")"
        st.markdown(t("Scan the QR code, or open {link}, or type the code under “Join a class” "
                      "in the sidebar.", link=md_link))
        _presence_fragment()
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
            _class_gone()


@st.fragment(run_every=TEACHER_POLL_S)
def _presence_fragment() -> None:
    from app.navigation import PAGES

    c = _cls()
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


from app import state as _state  # noqa: E402

if on_url_change not in _state.URL_LISTENERS:
    _state.URL_LISTENERS.append(on_url_change)

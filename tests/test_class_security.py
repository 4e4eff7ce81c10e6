"""Class security and "nothing lost" (issue 22, items 6 and 7): committed guesses read back from
the class store after a reload, a new tab or a server restart; the class cookies set by the
server (HttpOnly, SameSite=Strict, Secure over HTTPS) through one-time tickets; the join limit per
client address (behind a trusted proxy or not); messages that say what happened.

AppTest cannot send cookies: the tests give a session its cookie by replacing
``app.classroom.session.cookie`` (what ``st.context.cookies`` would hold), and its client address
by replacing ``app.classroom.joining._peer_and_headers`` (``st.context.ip_address`` and
``st.context.headers``). The cookie route is driven as the ASGI app it is (no HTTP client needed).
"""

from __future__ import annotations

import json
import time
from http.cookies import SimpleCookie
from urllib.parse import urljoin

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from streamlit.testing.v1 import AppTest

from app import classroom
from app.classes import ClassStore
from app.classes import store as store_mod
from app.classroom import cookies, joining, session
from app.classroom.client import client_address, is_https, trusted_proxies
from tests.class_sessions import run_app, texts, unreachable_engine
from tests.conftest import run_async


def _app(query: dict | None = None, page: str | None = None) -> AppTest:
    return run_app(query, then=page)


_texts = texts


@pytest.fixture
def db(tmp_path):
    s = ClassStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    yield s
    s.dispose()


def _teacher() -> tuple[AppTest, str, str]:
    at = _app()
    at.sidebar.button(key="dl_class_teach").click().run()
    c = at.session_state["_dl_class"]
    return at, c["code"], c["token"]


def _with_cookie(monkeypatch, **values: str) -> None:
    """The browser of the next sessions sends these cookies (``dl_student="CODE.sid"``)."""
    monkeypatch.setattr(session, "cookie", lambda name: values.get(name, ""))


# ---- 1. nothing lost ----------------------------------------------------------------------------
def test_a_committed_guess_comes_back_after_a_reload_a_new_tab_and_a_restart(data_dir,
                                                                              monkeypatch):
    teacher, code, _ = _teacher()
    teacher.switch_page("../pages/js_saturates.py").run()
    s = _app({"class": code})
    s.run()  # follows the teacher to page 1
    s.radio(key="w.predict.js.slopes").set_value("both0").run()
    s.button(key="predict.js.slopes.commit").click().run()
    sid = s.session_state["_dl_class"]["sid"]
    assert classroom.store().my_answers(code, sid) == {"js.slopes": ("both0", "both0")}
    # a number question: the raw guess is kept, not only its bin
    from app.classroom import guesses

    with pytest.MonkeyPatch.context() as mp:  # that student commits on page 3 (a slider)
        mp.setattr(guesses, "current", lambda: {"code": code, "role": "student", "sid": sid,
                                                "pending": {}, "offline": False})
        guesses.record_answer("em.textbook_w1", 1.2000000000000002)
    assert classroom.store().my_answers(code, sid)["em.textbook_w1"] == ("1.2-1.5", "1.2")

    _with_cookie(monkeypatch, dl_student=f"{code}.{sid}")
    for restart in (False, True):
        if restart:  # a server restart: the store is opened again from the same database
            session._store.clear()
        # a reload or a new tab: a fresh session, with the cookie and no ?class=
        r = _app(page="../pages/js_saturates.py")
        c = r.session_state["_dl_class"]
        assert (c["role"], c["code"], c["sid"]) == ("student", code, sid)  # the same student
        assert r.session_state["predict.js.slopes"] == {"guess": "both0"}
        assert r.session_state["predict.em.textbook_w1"] == {"guess": pytest.approx(1.2)}
        assert any("teacher reveals" in x for x in _texts(r, "info"))  # "Committed…"
        assert not [rd for rd in r.radio if rd.key == "w.predict.js.slopes"]  # no new question
        assert classroom.store().roster(code) == (1, 1)  # not counted twice
    teacher.run()
    teacher.button(key="dl_reveal_js.slopes").click().run()
    r = _app(page="../pages/js_saturates.py")
    r.run()
    assert "Not this time." in _texts(r, "error")  # the verdict on the guess read back


def test_a_guess_kept_while_offline_is_sent_with_its_raw_value(data_dir):
    teacher, code, _ = _teacher()
    teacher.switch_page("../pages/js_saturates.py").run()
    s = _app({"class": code})
    s.run()
    st_ = classroom.store()
    good = st_.engine
    st_.engine = unreachable_engine(data_dir)
    try:
        s.radio(key="w.predict.js.slopes").set_value("js0_w1").run()
        s.button(key="predict.js.slopes.commit").click().run()
        assert s.session_state["_dl_class"]["pending"] == {"js.slopes": ("js0_w1", "js0_w1")}
    finally:
        st_.engine = good
    s.run()  # back online: the poll sends it
    sid = s.session_state["_dl_class"]["sid"]
    assert st_.my_answers(code, sid) == {"js.slopes": ("js0_w1", "js0_w1")}
    assert s.session_state["_dl_class"]["pending"] == {}


def test_guesses_that_cannot_be_read_back_are_left_out():
    from app.classroom.guesses import guess_from, guess_text

    assert guess_from("js.slopes", "both0", "") == "both0"
    assert guess_from("js.slopes", "nope", "nope") is None
    assert guess_from("em.textbook_w1", "1.2-1.5", "1.35") == pytest.approx(1.35)
    assert guess_from("em.textbook_w1", "0-0.3", "1.35") is None  # not in its bin
    assert guess_from("em.textbook_w1", "1.2-1.5", "") is None
    assert guess_from("em.textbook_w1", "1.2-1.5", "nan") is None
    assert guess_from("no.such", "a", "a") is None
    assert guess_text("em.textbook_w1", 0.30000000000000004) == "0.3"


# ---- 2. cookies set by the server ------------------------------------------------------------
def test_tickets_are_single_use_expire_and_never_hold_the_value_in_clear(db, monkeypatch):
    body = cookies.ticket_for(db, "dl_teacher", "ABCDEFGH.secret-token_x", 3600)
    ticket, pad = body.split(".")
    with db.engine.connect() as conn:
        stored = conn.execute(sa.select(store_mod.cookie_tickets.c.payload,
                                        store_mod.cookie_tickets.c.ticket_hash)).all()
    assert len(stored) == 1 and "secret-token_x" not in stored[0][0]
    assert ticket not in stored[0][1] and pad not in stored[0][0]
    assert cookies.redeem(db, body) == ("dl_teacher", "ABCDEFGH.secret-token_x", 3600)
    assert cookies.redeem(db, body) is None  # used up
    # a wrong pad gives no value; the ticket is used up all the same
    body = cookies.ticket_for(db, "dl_student", "ABCDEFGH.sid", 60)
    assert cookies.redeem(db, body.split(".")[0] + ".AAAAAAAAAAAAAAAA") is None
    # expired after 60 s
    body = cookies.ticket_for(db, "dl_student", "ABCDEFGH.sid", 60)
    real = time.time
    monkeypatch.setattr(store_mod.time, "time", lambda: real() + store_mod.TICKET_S + 1)
    assert cookies.redeem(db, body) is None
    with pytest.raises(ValueError):
        cookies.ticket_for(db, "other", "x", 60)
    with pytest.raises(ValueError):
        cookies.ticket_for(db, "dl_student", "a;b=c", 60)


def _post(app, path: str, body: str, *, scheme: str = "http", client=("203.0.113.7", 5555),
          headers: dict | None = None) -> tuple[int, list[tuple[str, str]]]:
    """POST ``body`` to the ASGI ``app``; returns (status, response headers)."""
    hdrs = {"host": "lab.example", "content-type": "text/plain", **(headers or {})}
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": scheme, "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "client": client, "server": ("lab.example", 80),
             "headers": [(k.lower().encode(), v.encode()) for k, v in hdrs.items()]}
    sent = []
    chunks = [{"type": "http.request", "body": body.encode(), "more_body": False}]

    async def receive():
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(msg):
        sent.append(msg)

    run_async(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], [(k.decode(), v.decode()) for k, v in start["headers"]]


def _set_cookie(headers) -> SimpleCookie | None:
    raw = [v for k, v in headers if k == "set-cookie"]
    if not raw:
        return None
    assert len(raw) == 1
    c = SimpleCookie()
    c.load(raw[0])
    return c


@pytest.fixture
def route_app(db, monkeypatch):
    monkeypatch.setattr(cookies, "route_store", lambda: db)
    monkeypatch.delenv("DL_TRUSTED_PROXIES", raising=False)
    monkeypatch.setattr(cookies, "ROUTE_INSTALLED", False)  # route() sets it; restored after
    app = Starlette(routes=[cookies.route()])
    assert cookies.ROUTE_INSTALLED
    return app


def test_the_route_sets_an_httponly_strict_cookie_once_per_ticket(db, route_app):
    body = cookies.ticket_for(db, "dl_student", "ABCDEFGH.sid123", 3600)
    status, headers = _post(route_app, "/dlclass/cookie", body)
    assert status == 204
    raw = [v for k, v in headers if k == "set-cookie"][0]
    c = _set_cookie(headers)["dl_student"]
    assert c.value == "ABCDEFGH.sid123"
    assert c["max-age"] == "3600" and c["path"] == "/" and c["httponly"] is True
    assert c["samesite"].lower() == "strict"
    assert "secure" not in raw.lower()  # plain HTTP, no trusted proxy saying otherwise
    assert dict(headers)["cache-control"] == "no-store"
    status, headers = _post(route_app, "/dlclass/cookie", body)  # the same ticket again
    assert status == 403 and _set_cookie(headers) is None
    status, headers = _post(route_app, "/dlclass/cookie", "nonsense.x")
    assert status == 403 and _set_cookie(headers) is None


def test_the_cookie_is_secure_over_https_and_behind_a_trusted_proxy_only(db, route_app):
    def secure(**kw) -> bool:
        body = cookies.ticket_for(db, "dl_teacher", "ABCDEFGH.tok", 60)
        status, headers = _post(route_app, "/dlclass/cookie", body, **kw)
        assert status == 204
        return "; secure" in [v for k, v in headers if k == "set-cookie"][0].lower()

    assert secure(scheme="https")
    assert secure(client=("127.0.0.1", 1), headers={"x-forwarded-proto": "https"})
    assert not secure(client=("203.0.113.7", 1), headers={"x-forwarded-proto": "https"})
    assert not secure(client=("127.0.0.1", 1), headers={"x-forwarded-proto": "http"})


def test_removing_a_cookie_and_refusing_cross_site_posts(db, route_app):
    body = cookies.ticket_for(db, "dl_student", "", 0)
    evil = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}
    status, headers = _post(route_app, "/dlclass/cookie", body, headers=evil)
    assert status == 403 and _set_cookie(headers) is None
    status, headers = _post(route_app, "/dlclass/cookie", body,
                            headers={"origin": "http://lab.example",
                                     "sec-fetch-site": "same-origin"})
    assert status == 204  # the refused post did not use the ticket up
    c = _set_cookie(headers)["dl_student"]
    assert c.value == "" and c["max-age"] == "0" and c["httponly"] is True
    assert _post(route_app, "/dlclass/cookie", "x" * 600)[0] == 413


def test_the_route_answers_under_the_base_url_path(db, route_app):
    from streamlit import config

    old = config.get_option("server.baseUrlPath")
    config.set_option("server.baseUrlPath", "lab")
    try:
        body = cookies.ticket_for(db, "dl_student", "ABCDEFGH.s", 60)
        assert _post(route_app, "/dlclass/cookie", body)[0] == 404
        assert _post(route_app, "/js_saturates/dlclass/cookie", body)[0] == 404
        assert _post(route_app, "/lab/dlclass/cookie", body)[0] == 204
    finally:
        config.set_option("server.baseUrlPath", old)
    # the page's script resolves the route as the page's own ./static/ files are resolved
    for page in ("http://h/lab/", "http://h/lab/js_saturates", "http://h/lab/class?class=X"):
        assert urljoin(page, cookies.ROUTE_PATH) == "http://h/lab/dlclass/cookie"
    assert urljoin("http://h/js_saturates", cookies.ROUTE_PATH) == "http://h/dlclass/cookie"


def test_the_served_app_has_the_cookie_route():
    from pathlib import Path

    src = (Path(__file__).resolve().parent.parent / "app" / "serve_app.py").read_text()
    assert "routes=[class_cookie_route()]" in src


def test_a_session_draws_only_a_ticket_and_the_route_gives_the_cookie(data_dir, monkeypatch):
    monkeypatch.setattr(cookies, "ROUTE_INSTALLED", True)
    teacher, code, token = _teacher()
    htmls = [h.proto.body for h in teacher.get("html")]
    mine = [h for h in htmls if cookies.ROUTE_PATH in h]
    assert len(mine) == 1 and token not in mine[0]
    body = json.loads(mine[0].split("body: ", 1)[1].split("}", 1)[0])
    assert cookies.route_store() is classroom.store()  # one store (one pool) per process
    name, value, max_age = cookies.redeem(cookies.route_store(), body)
    assert (name, value) == ("dl_teacher", f"{code}.{token}")
    assert 12 * 3600 - 120 < max_age <= 12 * 3600
    teacher.run()  # the run that drew it completed: no more cookie script
    assert not [h for h in teacher.get("html") if cookies.ROUTE_PATH in h.proto.body]
    # a student who leaves: the next runs remove the cookie (Max-Age=0)
    s = _app({"class": code})
    s.sidebar.button(key="dl_class_leave").click().run()
    bodies = [json.loads(h.proto.body.split("body: ", 1)[1].split("}", 1)[0])
              for h in s.get("html") if cookies.ROUTE_PATH in h.proto.body]
    assert [cookies.redeem(classroom.store(), b) for b in bodies] == [("dl_student", "", 0)]


def test_without_the_route_no_cookie_is_drawn_and_the_class_works(data_dir, monkeypatch):
    monkeypatch.setattr(cookies, "ROUTE_INSTALLED", False)  # plain `streamlit run app/main.py`
    teacher, code, _ = _teacher()
    assert not [h for h in teacher.get("html") if "cookie" in h.proto.body]
    s = _app({"class": code})
    assert s.session_state["_dl_class"]["role"] == "student"


# ---- 3. the join limit per client address ---------------------------------------------------
def test_client_address_believes_only_trusted_proxies(monkeypatch):
    monkeypatch.delenv("DL_TRUSTED_PROXIES", raising=False)
    h = {"X-Real-IP": "198.51.100.7", "X-Forwarded-For": "6.6.6.6, 198.51.100.7"}
    assert client_address("203.0.113.9", h) == "203.0.113.9"  # an untrusted peer's headers
    assert client_address(None, h) == "198.51.100.7"  # loopback (Streamlit says None): a proxy
    assert client_address("127.0.0.1", {"X-Forwarded-For": "6.6.6.6, 198.51.100.8"}) == \
        "198.51.100.8"  # the last hop: the address the proxy itself saw
    assert client_address(None, {"x-real-ip": "<script>"}) == "127.0.0.1"
    assert client_address(None, {}) == "127.0.0.1"
    monkeypatch.setenv("DL_TRUSTED_PROXIES", "10.0.0.0/8, bogus, fd00::/8")
    assert [str(n) for n in trusted_proxies()] == ["10.0.0.0/8", "fd00::/8"]
    assert client_address("10.1.2.3", h) == "198.51.100.7"
    assert client_address("fd00::5", {"X-Forwarded-For": "2001:db8::1"}) == "2001:db8::1"
    assert client_address(None, h) == "127.0.0.1"  # loopback is no longer trusted
    assert is_https("10.0.0.1", {"X-Forwarded-Proto": "https"}, "http")
    assert not is_https("203.0.113.9", {"X-Forwarded-Proto": "https"}, "http")


def test_the_join_limit_per_address_survives_a_new_session(data_dir, monkeypatch):
    teacher, code, _ = _teacher()
    school = ("203.0.113.50", {})
    monkeypatch.setattr(joining, "_peer_and_headers", lambda: school)
    st_ = classroom.store()
    for _ in range(joining.MAX_FAILED_JOINS_PER_ADDRESS - 1):
        st_.note_failed_join("203.0.113.50")
    s = _app({"class": "ZZZZZZZZ"})  # the 30th wrong code from this address
    assert any("class ZZZZ-ZZZZ ended, or never existed" in w for w in _texts(s, "warning"))
    assert len(st_.failed_joins("203.0.113.50", 60)) == joining.MAX_FAILED_JOINS_PER_ADDRESS
    fresh = _app({"class": code})  # a new session (a reload) with the right code must wait
    assert "_dl_class" not in fresh.session_state
    assert any("Too many wrong codes from your network" in w for w in _texts(fresh, "warning"))
    # the same address behind the trusted proxy (nginx on 127.0.0.1) is the same client
    school = (None, {"X-Real-IP": "203.0.113.50", "X-Forwarded-For": "1.2.3.4, 203.0.113.50"})
    assert "_dl_class" not in _app({"class": code}).session_state
    # an untrusted peer cannot put the blame on that address, nor escape its own
    school = ("198.51.100.9", {"X-Real-IP": "203.0.113.50"})
    ok = _app({"class": code})
    assert ok.session_state["_dl_class"]["role"] == "student"


def test_the_session_limit_still_holds_and_malformed_codes_are_not_counted(data_dir):
    s = _app()
    for _ in range(3):
        s.sidebar.text_input(key="dl_class_code").set_value("nope")
        next(b for b in s.sidebar.button if b.label == "Join").click().run()
        assert any("a code has 8 letters" in w for w in _texts(s, "warning"))
    assert classroom.store().failed_joins("127.0.0.1", 60) == []
    for _ in range(joining.MAX_FAILED_JOINS + 1):  # the sixth is refused before it is tried
        s.sidebar.text_input(key="dl_class_code").set_value("ZZZZ-ZZZZ")
        next(b for b in s.sidebar.button if b.label == "Join").click().run()
    assert any(w.startswith("Too many wrong codes: try again") for w in _texts(s, "warning"))
    assert len(classroom.store().failed_joins("127.0.0.1", 60)) == joining.MAX_FAILED_JOINS


# ---- 4. messages say what happened ------------------------------------------------------------
def test_teacher_link_messages_tell_a_wrong_key_from_a_class_that_is_gone(data_dir):
    teacher, code, token = _teacher()
    shown = f"{code[:4]}-{code[4:]}"
    wrong = _app({"class": code, "teacher": "A" * 32})
    errors = _texts(wrong, "error")
    assert any(f"its key is wrong (class {shown} is running)" in e for e in errors), errors
    assert not any("ended" in e for e in errors)
    assert "_dl_class" not in wrong.session_state  # not joined as a student instead
    assert "class" not in wrong.query_params and "teacher" not in wrong.query_params
    assert classroom.store().failed_joins("127.0.0.1", 60) == []  # a wrong key is no code guess

    teacher.button(key="dl_class_end").click().run()
    gone = _app({"class": code, "teacher": token})
    errors = _texts(gone, "error")
    assert any(f"no class with code {shown} is running (it ended, or never existed)" in e
               for e in errors), errors
    assert "_dl_class" not in gone.session_state
    assert len(classroom.store().failed_joins("127.0.0.1", 60)) == 1  # counts as a wrong code

    garbage = _app({"class": "<b>x</b>", "teacher": token})
    assert any("it has no class code" in e for e in _texts(garbage, "error"))


def test_a_student_whose_class_ended_is_told_and_the_cookie_goes(data_dir, monkeypatch):
    teacher, code, _ = _teacher()
    s = _app({"class": code})
    sid = s.session_state["_dl_class"]["sid"]
    teacher.button(key="dl_class_end").click().run()
    _with_cookie(monkeypatch, dl_student=f"{code}.{sid}")
    r = _app({"class": code})  # a reload of the class link after the end
    assert any(f"Class {code[:4]}-{code[4:]} has ended" in x for x in _texts(r, "info"))
    assert not _texts(r, "warning")  # no second "no class with this code"
    assert "_dl_class" not in r.session_state and "class" not in r.query_params
    assert r.session_state["_dl_cookie_clear"] == {"dl_student": session.CLEAR_RUNS - 1}

"""The class cookies, set by the server: HttpOnly, SameSite=Strict, Secure over HTTPS, Path=/.

A Streamlit session cannot answer an HTTP request with ``Set-Cookie`` (it talks over a
websocket), so it asks the browser to fetch the cookie:

1. the session seals the value (a one-time pad the length of the value: the database never holds
   the teacher's token or a student's id in clear) and stores ``{name, sealed value, max_age}``
   under a one-time ticket (:meth:`app.classes.ClassStore.issue_ticket`: random, 60 s, single
   use, only its hash stored);
2. it draws a tiny script (``st.html``) that POSTs ``ticket.pad`` to :data:`ROUTE_PATH`, resolved
   against the page's address (``./dlclass/cookie``, as the page's own ``./static/`` files are,
   so it works under ``server.baseUrlPath`` and behind the deploy's nginx);
3. the route (:func:`route`, added to the ``st.App`` of app/serve_app.py) redeems the ticket,
   unseals the value and answers ``204`` with ``Set-Cookie``. Any replica can answer: the ticket
   is in the shared database.

The cookie is then sent with the websocket handshake of the next session (a reload, a new tab,
after a server restart), where ``st.context.cookies`` reads it (HttpOnly cookies included). The
value never reaches ``document.cookie``; the ticket and the pad in the page are worth nothing once
used, or after 60 s.

Under plain ``streamlit run app/main.py`` there is no such route (:data:`ROUTE_INSTALLED` stays
False): no cookie is set at all, and the class works in that tab only (a reload leaves it).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading

ROUTE_PATH = "dlclass/cookie"
"""Relative to the app's base URL (no Streamlit route starts with it)."""
NAMES = ("dl_teacher", "dl_student")
VALUE_RE = re.compile(r"^[A-Za-z0-9_\-.]{0,200}$")
MAX_AGE_S = 12 * 3600
MAX_BODY = 512
TICKET_REUSE_S = 40.0
"""A drawn ticket is drawn again (same ticket) by the next runs for this long; then a new one."""
ROUTE_INSTALLED = False
"""Set by :func:`route` (app/serve_app.py); False under plain ``streamlit run app/main.py``."""


# ---- sealing: a one-time pad ---------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(value: str) -> tuple[str, str]:
    """``(sealed, pad)``: ``value`` XOR a random pad of its length (both base64url)."""
    raw = value.encode("ascii")
    pad = secrets.token_bytes(len(raw))
    return _b64(bytes(a ^ b for a, b in zip(raw, pad))), _b64(pad)


def unseal(sealed: str, pad: str) -> str | None:
    try:
        a, b = _unb64(sealed), _unb64(pad)
    except (ValueError, TypeError):
        return None
    if len(a) != len(b):
        return None
    try:
        return bytes(x ^ y for x, y in zip(a, b)).decode("ascii")
    except UnicodeDecodeError:
        return None


# ---- the session's side ---------------------------------------------------------------------------
def ticket_for(store, name: str, value: str, max_age: int) -> str:
    """Issue the one-time ticket for cookie ``name``; returns the body the browser posts."""
    if name not in NAMES or not VALUE_RE.match(value):
        raise ValueError("not a class cookie")
    sealed, pad = seal(value)
    ticket = store.issue_ticket({"n": name, "v": sealed,
                                 "a": max(0, min(int(max_age), MAX_AGE_S))})
    return f"{ticket}.{pad}"


def script(body: str) -> str:
    """The script that posts ``body`` to the cookie route (relative to the page's address)."""
    return ("<script>(() => { try { fetch(new URL(" + json.dumps(ROUTE_PATH) + ", "
            "document.baseURI), {method: 'POST', credentials: 'same-origin', cache: 'no-store', "
            "headers: {'Content-Type': 'text/plain'}, body: " + json.dumps(body)
            + "}).catch(() => {}); } catch (e) {} })();</script>")


# ---- the route's side -----------------------------------------------------------------------------
_STORES: dict = {}
_STORES_LOCK = threading.Lock()


def share_store(store) -> None:
    """The sessions' store (app.classroom.session), for the route to use too: the route runs
    outside any script run, where Streamlit's cache would log a warning at every call."""
    with _STORES_LOCK:
        _STORES.setdefault(store.url, store)


def route_store():
    """The class store for the route: the sessions' one, or one of its own (another replica's
    ticket, before this process's first session)."""
    from app.classes import ClassStore, default_url
    from app.classes.store import normalize_url

    url = normalize_url(default_url())
    with _STORES_LOCK:
        if url not in _STORES:
            _STORES[url] = ClassStore(url)
        return _STORES[url]


def _base_path() -> str:
    try:
        from streamlit import config

        base = config.get_option("server.baseUrlPath") or ""
    except Exception:
        base = ""
    base = str(base).strip("/")
    return f"/{base}/" if base else "/"


def redeem(store, body: str) -> tuple[str, str, int] | None:
    """``(name, value, max_age)`` for a posted ``ticket.pad`` (None when it is not good)."""
    ticket, dot, pad = str(body).strip().partition(".")
    if not ticket or not dot:  # (the pad of an empty value, a removal, is empty)
        return None
    payload = store.redeem_ticket(ticket)
    if not payload:
        return None
    name, sealed, max_age = payload.get("n"), payload.get("v"), payload.get("a")
    if name not in NAMES or not isinstance(sealed, str) or not isinstance(max_age, int):
        return None
    value = unseal(sealed, pad)
    if value is None or not VALUE_RE.match(value):
        return None
    return name, value, max(0, min(max_age, MAX_AGE_S))


def same_origin(headers) -> bool:
    """Refuse a cross-site POST: ``Sec-Fetch-Site`` must be same-origin and ``Origin`` (when
    sent) must name the ``Host`` the request came to."""
    from urllib.parse import urlsplit

    site = headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = headers.get("origin")
    if origin is not None:
        host = headers.get("host") or ""
        return bool(host) and urlsplit(origin).netloc.lower() == host.lower()
    return True


async def cookie_endpoint(request):
    """POST ``<base>/dlclass/cookie`` with body ``ticket.pad``: 204 with the class cookie's
    ``Set-Cookie`` (HttpOnly; SameSite=Strict; Path=/; Secure over HTTPS), 403 otherwise."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    from app.classroom.client import is_https

    nostore = {"Cache-Control": "no-store"}
    if request.url.path != _base_path() + ROUTE_PATH:
        return Response(status_code=404, headers=nostore)
    if not same_origin(request.headers):
        return Response(status_code=403, headers=nostore)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return Response(status_code=413, headers=nostore)
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return Response(status_code=403, headers=nostore)
    try:
        got = await run_in_threadpool(lambda: redeem(route_store(), text))
    except Exception:  # the database is unreachable: the class still works in that tab
        return Response(status_code=503, headers=nostore)
    if got is None:
        return Response(status_code=403, headers=nostore)
    name, value, max_age = got
    peer = request.client.host if request.client else None
    resp = Response(status_code=204, headers=nostore)
    resp.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict",
                    secure=is_https(peer, request.headers, request.url.scheme))
    return resp


def route():
    """The starlette ``Route`` for app/serve_app.py's ``st.App(routes=[...])``. Its pattern takes
    any prefix ending in ``dlclass/cookie`` (Streamlit does not prefix an app's own routes with
    ``server.baseUrlPath``); the handler answers only at ``<baseUrlPath>/dlclass/cookie``."""
    from starlette.routing import Route

    global ROUTE_INSTALLED
    ROUTE_INSTALLED = True
    return Route("/{base:path}" + ROUTE_PATH, cookie_endpoint, methods=["POST"])

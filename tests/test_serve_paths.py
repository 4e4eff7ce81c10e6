"""Links to a path of two levels or more (``/js_saturates/extra``) show the app's "page not found"
notice, as one level does, instead of a blank page (app.serve.redirect_nested_paths), checked on
Streamlit's own static-file handler as the server mounts it."""

from __future__ import annotations

import asyncio

import pytest
from starlette.exceptions import HTTPException
from streamlit import file_util
from streamlit.web.server.starlette.starlette_static_routes import create_streamlit_static_handler

from app.serve import redirect_nested_paths
from tests.conftest import run_async


def _request(path: str, method: str = "GET", query: bytes = b"") -> dict:
    handler = create_streamlit_static_handler(file_util.get_static_dir(), None)
    scope = {"type": "http", "method": method, "path": path, "root_path": "", "raw_path":
             path.encode(), "query_string": query, "headers": [], "scheme": "http",
             "server": ("127.0.0.1", 8501), "http_version": "1.1"}
    out: dict = {"body": b""}

    async def receive():  # the request, then no disconnect (a response may listen for one)
        if not out.get("asked"):
            out["asked"] = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)

    async def send(msg):
        if msg["type"] == "http.response.start":
            out["status"] = msg["status"]
            out["headers"] = {k.decode().lower(): v.decode() for k, v in msg["headers"]}
        elif msg["type"] == "http.response.body":
            out["body"] += msg.get("body", b"")

    try:
        run_async(handler(scope, receive, send))
    except HTTPException as exc:  # the server's exception middleware answers it
        out["status"] = exc.status_code
    return out


@pytest.fixture(scope="module", autouse=True)
def _redirecting():
    redirect_nested_paths()
    redirect_nested_paths()  # idempotent: the app's entry point calls it at every run


def test_a_two_level_page_path_goes_to_one_level_with_its_query():
    r = _request("/js_saturates/extra", query=b"lang=zh")
    assert r["status"] == 302
    assert r["headers"]["location"] == "/js_saturates-extra?lang=zh"  # not a page: "not found"
    assert _request("/a/b/c", method="HEAD")["headers"]["location"] == "/a-b-c"


def test_other_paths_are_answered_as_before():
    page = _request("/nosuchpage")  # one level: index.html, and the frontend says "not found"
    assert page["status"] == 200 and b"<!DOCTYPE html>" in page["body"]
    assert _request("/")["status"] == 200
    assert _request("/js_saturates/static/js/x.js")["status"] == 200  # a file: as before
    assert _request("/page2/_stcore/health")["status"] == 404  # Streamlit's reserved paths
    assert _request("/page2/_stcore/agent/mcp")["status"] == 404
    assert _request("/js_saturates/extra", method="POST")["status"] != 302

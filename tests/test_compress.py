"""app/compress.py: Streamlit's static JavaScript and CSS compressed once, kept in memory and sent
compressed by ``python -m app.serve`` (the browser test tests/browser/test_first_visit_network.py
checks it on the real server)."""

from __future__ import annotations

import gzip
import threading

import pytest

from app.compress import CompressedStatic, StaticStore, accepted, gzip_bytes
from tests.conftest import run_async

JS = (b"export function f(x) { return x * 2; }\n" * 400)  # 15 kB that compress well


@pytest.fixture
def root(tmp_path):
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "media").mkdir()
    (tmp_path / "static" / "js" / "index.abc123.js").write_bytes(JS)
    (tmp_path / "static" / "js" / "PlotlyChart.def456.js").write_bytes(JS * 2)
    (tmp_path / "static" / "js" / "tiny.aaa.js").write_bytes(b"export {};")
    (tmp_path / "static" / "media" / "font.bbb.woff2").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "secret.js").write_bytes(JS)
    (tmp_path / "index.html").write_text(
        '<script type="module" crossorigin src="./static/js/index.abc123.js"></script>'
        '<link rel="modulepreload" href="./static/js/tiny.aaa.js">')
    return tmp_path


def test_accept_encoding_is_read_with_its_weights():
    assert accepted("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert accepted("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted("") == set() and accepted("identity") == {"identity"}
    assert accepted("gzip;q=zero, br") == {"br"}


def test_a_file_is_gzipped_once_and_then_served_from_memory(root):
    store = StaticStore(root, background=False)
    body, coding = store.get("static/js/index.abc123.js", {"gzip"})
    assert coding == "gzip" and gzip.decompress(body) == JS and len(body) < len(JS) / 10
    again, _ = store.get("static/js/index.abc123.js", {"gzip", "deflate"})
    assert again is body and store.stats["gzip"] == 1  # the same bytes, not compressed again


def test_browsers_asking_at_once_share_one_compression(root):
    store = StaticStore(root, background=False)
    got = []
    threads = [threading.Thread(target=lambda: got.append(
        store.get("static/js/PlotlyChart.def456.js", {"gzip"}))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and all(g[1] == "gzip" for g in got)
    assert store.stats["gzip"] == 1


def test_brotli_copies_are_made_in_the_background_first_visit_files_first(root):
    brotli = pytest.importorskip("brotli")
    store = StaticStore(root)
    assert store.first_visit_files() == ["static/js/index.abc123.js",
                                         "static/js/PlotlyChart.def456.js"]  # tiny: too small
    store.start()
    assert store.wait_idle(60)
    body, coding = store.get("static/js/PlotlyChart.def456.js", {"gzip", "br"})
    assert coding == "br" and brotli.decompress(body) == JS * 2
    # a browser without br still gets gzip
    assert store.get("static/js/PlotlyChart.def456.js", {"gzip"})[1] == "gzip"


def test_only_text_files_under_the_root_of_some_size_are_compressed(root):
    store = StaticStore(root, background=False)
    for rel in ("static/js/tiny.aaa.js",  # smaller than MIN_SIZE
                "static/media/font.bbb.woff2",  # compressed already
                "static/js/missing.js", "../secret.js", "static/../secret.js",
                "/etc/passwd", "static\\js\\index.abc123.js", "static//js/index.abc123.js"):
        assert store.get(rel, {"gzip", "br"}) is None, rel
    assert store.get("static/js/index.abc123.js", {"identity"}) is None


def test_the_cache_is_bounded(root):
    store = StaticStore(root, max_cache=100, background=False)
    assert store.get("static/js/index.abc123.js", {"gzip"}) is None  # over the bound: as it is
    assert store.cached("static/js/index.abc123.js", "gzip") is None


def _call(app, path, method="GET", headers=()):
    """One request through an ASGI app; returns (status, headers dict, body) or None when the app
    under the middleware was reached."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(msg):
        sent.append(msg)

    scope = {"type": "http", "method": method, "path": path, "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers]}
    run_async(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


async def _inner(scope, receive, send):
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"x-inner", b"1")]})
    await send({"type": "http.response.body", "body": b"from the app"})


def test_the_middleware_answers_static_text_and_passes_everything_else_on(root):
    mw = CompressedStatic(_inner, StaticStore(root, background=False))
    status, h, body = _call(mw, "/static/js/index.abc123.js",
                            headers=[("Accept-Encoding", "gzip, deflate")])
    assert status == 200 and h["content-encoding"] == "gzip" and gzip.decompress(body) == JS
    assert h["cache-control"] == "public, immutable, max-age=31536000"
    assert h["vary"] == "Accept-Encoding" and int(h["content-length"]) == len(body)
    assert "javascript" in h["content-type"]
    status, h, body = _call(mw, "/static/js/index.abc123.js", method="HEAD",
                            headers=[("Accept-Encoding", "gzip")])
    assert h["content-encoding"] == "gzip" and body == b"" and int(h["content-length"]) > 0
    for path, headers, method in [
            ("/static/js/index.abc123.js", [], "GET"),  # no Accept-Encoding
            ("/static/js/index.abc123.js", [("Accept-Encoding", "gzip"), ("Range", "bytes=0-9")],
             "GET"),
            ("/static/js/index.abc123.js", [("Accept-Encoding", "gzip")], "POST"),
            ("/_stcore/health", [("Accept-Encoding", "gzip")], "GET"),
            ("/static/js/tiny.aaa.js", [("Accept-Encoding", "gzip")], "GET"),
            ("/static/../secret.js", [("Accept-Encoding", "gzip")], "GET")]:
        assert _call(mw, path, method, headers)[1].get("x-inner") == "1", (path, headers, method)


def test_gzip_bytes_are_the_same_every_time():
    assert gzip_bytes(JS) == gzip_bytes(JS) and gzip.decompress(gzip_bytes(JS)) == JS

"""Streamlit's own JavaScript and CSS, compressed once and sent compressed (``python -m app.serve``).

A first visit downloads Streamlit's frontend: about 7.7 MB in 110 files (its plotly chunk alone
4.7 MB). Streamlit 1.67 serves on Starlette and sends ``/static/`` uncompressed on purpose (its
``SelectiveGZipMiddleware``): gzip per request would cost CPU at every hit and leave nothing
cached. These files never change while a server runs (their names carry a content hash, and
Streamlit sends them with ``Cache-Control: public, immutable, max-age=31536000``), so here each is
compressed **once** and the bytes are kept in memory:

* a file asked for before it has a compressed copy is gzipped then and there (zlib level 6: 0.15 s
  for the plotly chunk; every other request for it waits for that one compression) and served
  gzipped;
* a background thread (niced, one file at a time) makes the smaller brotli copy (quality 11:
  the plotly chunk 4.7 MB → 1.06 MB, against 1.42 MB gzipped; 8–17 s of one core for that file)
  of every file asked for, starting with those a first visit needs for sure (``index.html``'s
  scripts and styles, Streamlit's plotly chunk) as soon as the server starts. A browser that
  accepts ``br`` gets it once it is there.

Only ``GET``/``HEAD`` requests for a file under Streamlit's ``static/`` folder whose type
compresses (:data:`COMPRESSIBLE`, not the woff2 fonts or pictures), of at least
:data:`MIN_SIZE` bytes, without a ``Range`` header, from a browser that accepts gzip or br, are
answered here; everything else goes to Streamlit unchanged. At most :data:`MAX_CACHE` bytes of
compressed copies are kept (all of Streamlit's JavaScript and CSS take about 6 MB brotli'd); past
that a file is served as Streamlit serves it. The compression is done by the standard library's
``zlib`` and by Google's ``brotli`` package (pinned in requirements.txt; without it, gzip only).

:class:`CompressedStatic` is the ASGI middleware (given to ``st.App`` in app/serve_app.py);
:func:`store` the process's one :class:`StaticStore`.
"""

from __future__ import annotations

import mimetypes
import os
import queue
import re
import threading
import zlib
from concurrent.futures import Future
from pathlib import Path

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is in requirements.txt
    brotli = None

COMPRESSIBLE = (".js", ".mjs", ".css", ".json", ".map", ".svg", ".txt", ".ttf", ".otf", ".eot",
                ".html", ".wasm")
MIN_SIZE = 512
"""Smaller files go out as they are (a compressed copy would save less than its headers)."""
MAX_CACHE = 64 * 1024 * 1024
CACHE_CONTROL = "public, immutable, max-age=31536000"
"""What Streamlit sends with the same files (their names carry a content hash)."""
GZIP_LEVEL = 6
BROTLI_QUALITY = 11
BACKGROUND_NICE = 10

_ENCODING = re.compile(r"\s*([A-Za-z0-9*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def accepted(header: str) -> set[str]:
    """The content codings an ``Accept-Encoding`` header accepts (``q=0`` ones left out)."""
    out = set()
    for part in header.split(","):
        m = _ENCODING.fullmatch(part)
        if not m:
            continue
        name, q = m.group(1).lower(), m.group(2)
        try:
            if q is not None and float(q) <= 0:
                continue
        except ValueError:
            continue
        out.add(name)
    return out


def gzip_bytes(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    """``data`` in the gzip format (zlib's deflate with gzip's header), without a time stamp:
    the same file gives the same bytes."""
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def brotli_bytes(data: bytes, quality: int = BROTLI_QUALITY) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)


class StaticStore:
    """Compressed copies of the files under ``root`` (Streamlit's static folder), made once each.

    ``get(rel, codings)`` returns ``(body, coding)`` for the path ``rel`` (relative to ``root``,
    e.g. ``static/js/index.X.js``) or None when the file is not one to compress (then the caller
    serves it as it is). Thread-safe; the compressions run in the calling thread (gzip, once per
    file however many ask at the same moment) or in the background thread (brotli).
    """

    def __init__(self, root: Path, max_cache: int = MAX_CACHE, background: bool = True):
        self.root = Path(root).resolve()
        self.max_cache = max_cache
        self._lock = threading.Lock()
        self._copies: dict[tuple[str, str], bytes] = {}
        self._pending: dict[tuple[str, str], Future] = {}
        self._queued: set[str] = set()
        self._size = 0
        self._jobs: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._background = background and brotli is not None
        self.stats = {"gzip": 0, "br": 0, "served": 0}

    # ---- which files -------------------------------------------------------------------------

    def path_of(self, rel: str) -> Path | None:
        """The file ``rel`` names under the root when it is one to compress, else None (also for
        anything that would leave the root: ``..``, absolute paths, backslashes)."""
        if not rel or "\\" in rel or "\0" in rel or rel.startswith("/"):
            return None
        if any(part in ("", ".", "..") for part in rel.split("/")):
            return None
        if not rel.lower().endswith(COMPRESSIBLE):
            return None
        p = (self.root / rel).resolve()
        try:
            p.relative_to(self.root)
        except ValueError:
            return None
        try:
            if not p.is_file() or p.stat().st_size < MIN_SIZE:
                return None
        except OSError:
            return None
        return p

    def first_visit_files(self) -> list[str]:
        """What every first visit loads, as paths under the root: the scripts and styles that
        ``index.html`` names, then Streamlit's plotly chunk (every page of the app draws plotly)."""
        out = []
        try:
            html = (self.root / "index.html").read_text(encoding="utf-8")
        except OSError:
            html = ""
        for ref in re.findall(r"""(?:src|href)=["']\.?/?(static/[^"'?#]+)["']""", html):
            if ref not in out:
                out.append(ref)
        js = self.root / "static" / "js"
        out += [f"static/js/{p.name}" for p in sorted(js.glob("PlotlyChart.*.js"))]
        return [r for r in out if self.path_of(r) is not None]

    # ---- the copies --------------------------------------------------------------------------

    def cached(self, rel: str, coding: str) -> bytes | None:
        with self._lock:
            return self._copies.get((rel, coding))

    def _keep(self, key: tuple[str, str], body: bytes) -> bool:
        with self._lock:
            if key in self._copies:
                return True
            if self._size + len(body) > self.max_cache:
                return False
            self._copies[key] = body
            self._size += len(body)
            return True

    def get(self, rel: str, codings: set[str]) -> tuple[bytes, str] | None:
        if "br" in codings:
            body = self.cached(rel, "br")
            if body is not None:
                self.stats["served"] += 1
                return body, "br"
        if "gzip" not in codings and "br" not in codings:
            return None
        path = self.path_of(rel)
        if path is None:
            return None
        if "br" in codings:
            self.enqueue(rel)  # its brotli copy, in the background, for the next browsers
        if "gzip" not in codings:
            return None  # br only, and its copy is not ready: as it is, this once
        key = (rel, "gzip")
        with self._lock:
            body = self._copies.get(key)
            fut = None if body is not None else self._pending.get(key)
            mine = body is None and fut is None
            if mine:
                fut = self._pending[key] = Future()
        if body is None and not mine:
            body = fut.result()
        elif mine:
            try:
                body = gzip_bytes(path.read_bytes())
                self.stats["gzip"] += 1
                if not self._keep(key, body):
                    body = None
                fut.set_result(body)
            except BaseException as exc:
                fut.set_exception(exc)
                raise
            finally:
                with self._lock:
                    self._pending.pop(key, None)
        if body is None:
            return None
        self.stats["served"] += 1
        return body, "gzip"

    # ---- brotli, in the background -----------------------------------------------------------

    def enqueue(self, rel: str) -> None:
        """Make the brotli copy of ``rel`` in the background thread (once)."""
        if not self._background:
            return
        with self._lock:
            if rel in self._queued:
                return
            self._queued.add(rel)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="dl-compress", daemon=True)
                self._worker.start()
        self._jobs.put(rel)

    def start(self) -> None:
        """Begin with the files every first visit needs."""
        for rel in self.first_visit_files():
            self.enqueue(rel)

    def _work(self) -> None:
        try:  # Linux: this thread only, so that page runs go first
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
        except (AttributeError, OSError):
            pass
        while True:
            rel = self._jobs.get()
            path = self.path_of(rel)
            if path is None or self.cached(rel, "br") is not None:
                continue
            try:
                body = brotli_bytes(path.read_bytes())
            except Exception:  # noqa: BLE001 - a file that cannot be read stays uncompressed
                continue
            if self._keep((rel, "br"), body):
                self.stats["br"] += 1

    def wait_idle(self, timeout: float = 120.0) -> bool:
        """For tests: wait until every queued brotli copy is made (True) or ``timeout`` passes."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                queued = set(self._queued)
            if all(self.cached(r, "br") is not None or self.path_of(r) is None for r in queued):
                return True
            time.sleep(0.1)
        return False


_STORE: StaticStore | None = None


def store() -> StaticStore:
    """The process's store of compressed copies of Streamlit's static folder."""
    global _STORE
    if _STORE is None:
        from streamlit import file_util

        _STORE = StaticStore(Path(file_util.get_static_dir()),
                             background=os.environ.get("DL_PRECOMPRESS", "1") != "0")
    return _STORE


def _relative(scope) -> str | None:
    """The request's path relative to Streamlit's static folder (``static/js/x.js``) when it is
    under the app's ``static/`` route, else None. Strips the ASGI root path and
    ``server.baseUrlPath`` as Streamlit's own routing does."""
    from streamlit import config

    path: str = scope.get("path", "")
    root_path = scope.get("root_path", "") or ""
    if root_path and (path == root_path or path.startswith(root_path + "/")):
        path = path[len(root_path):]
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    if base:
        if not path.startswith(f"/{base}/"):
            return None
        path = path[len(base) + 1:]
    if not path.startswith("/static/"):
        return None
    return path[1:]


class CompressedStatic:
    """ASGI middleware: Streamlit's static JavaScript and CSS from :func:`store`, compressed.

    Everything it does not answer (other paths, other methods, Range requests, browsers that
    accept neither gzip nor br, files not worth compressing) passes to the app unchanged."""

    def __init__(self, app, store_: StaticStore | None = None):
        self.app = app
        self.store = store_ or store()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        rel = _relative(scope)
        headers = {k.lower(): v for k, v in scope.get("headers", ())}
        codings = accepted(headers.get(b"accept-encoding", b"").decode("latin-1"))
        if rel is None or b"range" in headers or not codings & {"gzip", "br"}:
            await self.app(scope, receive, send)
            return
        import anyio.to_thread

        got = self.store.cached(rel, "br") if "br" in codings else None
        got = (got, "br") if got is not None else await anyio.to_thread.run_sync(
            self.store.get, rel, codings)
        if got is None:
            await self.app(scope, receive, send)
            return
        body, coding = got
        ctype = mimetypes.guess_type(rel)[0] or "application/octet-stream"
        if ctype.startswith("text/"):  # as Starlette's FileResponse says it
            ctype += "; charset=utf-8"
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", ctype.encode()),
            (b"content-encoding", coding.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"vary", b"Accept-Encoding"),
            (b"cache-control", CACHE_CONTROL.encode()),
        ]})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})

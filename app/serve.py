"""Start Divergence Lab ready for its first visitor:

    python -m app.serve [--server.port 8501 ...]      # any ``streamlit run`` option

The same as ``streamlit run app/main.py [options]`` (which still works), except that the first
visitor does not wait for what a fresh server would otherwise do at the first visit:

* the heavy libraries every page needs (pandas, plotly, scipy, POT, torch) and the app's own
  modules are imported **before** the server starts listening, so no page's first run imports
  them (several seconds on a loaded 2-core machine); page 4's shipped default critics
  (:mod:`divergences.critic_defaults`) are read and verified then too (about 0.1 s);
* the automatic warm-up (:mod:`deploy.warm_caches`) starts as soon as the server answers
  ``/_stcore/health``, not at the first visitor's run (Streamlit runs no app code before then);
* Streamlit's own JavaScript and CSS go out compressed (brotli or gzip, each file compressed once
  and kept in memory, :mod:`app.compress`): a first visit downloads about a quarter of the bytes.
  The app runs as the ``st.App`` of app/serve_app.py, Streamlit's way to add ASGI middleware.

``DL_WARM=0`` turns the warm-up off, as with ``streamlit run``; ``DL_PRECOMPRESS=0`` leaves the
brotli copies out (gzip only, made at the first request for each file).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "app" / "main.py"
SERVED = ROOT / "app" / "serve_app.py"
"""The script ``streamlit run`` is given: app/main.py as an ``st.App`` with compressed static
files."""

def preload() -> float:
    """Import the heavy libraries and the app's modules before the server listens (plain import
    statements: the app never imports a module by a computed name); returns the seconds it took."""
    t0 = time.perf_counter()
    import ot  # noqa: F401
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401
    import plotly.io  # noqa: F401
    import scipy.special  # noqa: F401
    import scipy.stats  # noqa: F401
    import torch  # noqa: F401

    import app.byod  # noqa: F401
    import app.classroom  # noqa: F401
    import app.figures  # noqa: F401
    import app.figures_1d  # noqa: F401
    import app.figures_2d  # noqa: F401
    import app.figures_critic  # noqa: F401
    import app.figures_earth  # noqa: F401
    import app.figures_gradients  # noqa: F401
    import app.figures_training  # noqa: F401
    import app.jobs  # noqa: F401
    import app.predict  # noqa: F401
    import app.seeds_view  # noqa: F401
    import app.shell  # noqa: F401
    import app.ui  # noqa: F401
    import deploy.warm_caches  # noqa: F401
    import divergences  # noqa: F401
    import divergences.critic  # noqa: F401
    import divergences.critic_defaults
    import divergences.datasets  # noqa: F401
    import divergences.earth  # noqa: F401
    import divergences.gradients  # noqa: F401
    import divergences.metrics  # noqa: F401
    import divergences.supports  # noqa: F401
    import divergences.training  # noqa: F401
    import divergences.userdata  # noqa: F401
    import divergences.userdata_2d  # noqa: F401

    divergences.critic_defaults.store()  # read and verified once; None (logged) if unusable
    return time.perf_counter() - t0


_NESTED_MARK = "_dl_nested_paths_redirect"


def redirect_nested_paths() -> None:
    """Make a link to a path of two levels or more (``/js_saturates/extra``) show the app's "page
    not found" notice, as one level (``/nosuchpage``) does, instead of a blank page.

    Streamlit answers every unknown path with its index.html, whose assets are relative
    (``./static/...``): under ``/js_saturates/extra`` they resolve to ``/js_saturates/static/...``
    (index.html again, refused as a script), and its frontend looks for the server at that path
    and at its parent only. This answers a page request (GET or HEAD, no file extension) for such
    a path with a redirect to one level, the segments joined by "-" (no page's name has one),
    keeping the query: the frontend then says "Page not found" and opens Home.

    Applied by :func:`main` before the server listens, and by app/main.py at its first run (a
    server started with ``streamlit run app/main.py``), to Streamlit's own static files only
    (starlette's StaticFiles, whose answer Streamlit's handler turns into index.html on a 404).
    Idempotent."""
    import os

    from starlette.exceptions import HTTPException
    from starlette.responses import RedirectResponse
    from starlette.staticfiles import StaticFiles
    from streamlit import file_util

    if getattr(StaticFiles, _NESTED_MARK, False):
        return
    static_dir = os.path.realpath(file_util.get_static_dir())
    original = StaticFiles.get_response

    async def get_response(self, path, scope):
        try:
            return await original(self, path, scope)
        except HTTPException as exc:
            parts = [p for p in str(path).replace("\\", "/").split("/") if p not in ("", ".")]
            if (exc.status_code != 404 or len(parts) < 2 or "." in parts[-1]
                    or "_stcore" in parts or scope.get("method") not in ("GET", "HEAD")
                    or os.path.realpath(str(self.directory)) != static_dir):
                raise
            query = scope.get("query_string", b"").decode("latin-1")
            url = scope.get("root_path", "").rstrip("/") + "/" + "-".join(parts)
            return RedirectResponse(url + ("?" + query if query else ""), status_code=302,
                                    headers={"Cache-Control": "no-cache"})

    StaticFiles.get_response = get_response
    setattr(StaticFiles, _NESTED_MARK, True)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import app  # noqa: F401  (sets POT's environment before POT is imported)
    from app.compress import store

    store().start()  # brotli copies of what every first visit needs, while the imports run
    secs = preload()
    print(f"serve: libraries imported in {secs:.1f} s", file=sys.stderr)
    from deploy.warm_caches import start_when_healthy

    start_when_healthy()
    redirect_nested_paths()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(SERVED), *argv]
    cli.main()


if __name__ == "__main__":
    main()

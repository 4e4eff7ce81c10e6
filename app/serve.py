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
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(SERVED), *argv]
    cli.main()


if __name__ == "__main__":
    main()

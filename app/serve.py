"""Start Divergence Lab ready for its first visitor:

    python -m app.serve [--server.port 8501 ...]      # any ``streamlit run`` option

The same as ``streamlit run app/main.py [options]`` (which still works), except that the first
visitor does not wait for what a fresh server would otherwise do at the first visit:

* the heavy libraries every page needs (pandas, plotly, scipy, POT, torch) and the app's own
  modules are imported **before** the server starts listening, so no page's first run imports
  them (several seconds on a loaded 2-core machine);
* the automatic warm-up (:mod:`deploy.warm_caches`) starts as soon as the server answers
  ``/_stcore/health``, not at the first visitor's run (Streamlit runs no app code before then).

``DL_WARM=0`` turns the warm-up off, as with ``streamlit run``.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "app" / "main.py"

PRELOAD = (
    "pandas", "plotly.graph_objects", "plotly.io", "scipy.stats", "scipy.special", "ot", "torch",
    "divergences", "divergences.critic", "divergences.gradients", "divergences.datasets",
    "app.shell", "app.ui", "app.figures", "app.figures_1d", "app.figures_2d", "app.figures_critic",
    "app.figures_earth", "app.figures_gradients", "app.figures_training", "app.predict",
    "app.classroom", "app.byod", "app.jobs", "app.seeds_view", "divergences.earth",
    "divergences.metrics", "divergences.supports", "divergences.training", "divergences.userdata",
    "divergences.userdata_2d", "deploy.warm_caches",
)
"""Imported before the server listens (a missing optional module is skipped)."""


def preload(names=PRELOAD) -> float:
    """Import ``names``; returns the seconds it took."""
    t0 = time.perf_counter()
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # pragma: no cover - an optional module missing
            print(f"serve: could not preload {name} ({exc})", file=sys.stderr)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import app  # noqa: F401  (sets POT's environment before POT is imported)

    secs = preload()
    print(f"serve: libraries imported in {secs:.1f} s", file=sys.stderr)
    from deploy.warm_caches import start_when_healthy

    start_when_healthy()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(MAIN), *argv]
    cli.main()


if __name__ == "__main__":
    main()

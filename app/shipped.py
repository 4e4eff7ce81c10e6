"""Results shipped with the repository, so that a fresh server shows page 4's default critics at
once instead of training them (1-8 s of CPU each) at the first visit.

A shipped result is a pickle in ``app/shipped/`` holding ``{"key": ..., "value": ...}``. Its key
is the ``repr`` of what the result is a pure function of (the problem and the training
configuration) **plus a hash of the training code** (``divergences/critic.py``,
``divergences/nets.py``): :func:`load` returns the value only when the stored key equals the
key computed now, so a changed setting or changed training code never gets a stale result; the
page then trains as before. Problems that carry a student's own samples are never shipped nor
looked up (their ``repr`` does not show every sample).

Regenerate after changing the training code or page 4's defaults::

    python -m app.shipped          # runs page 4 at its defaults (1D and 2D), records what it trains

(tests/test_shipped.py fails while the files are missing or stale.)
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIR = Path(__file__).resolve().parent / "shipped"
CODE = (ROOT / "divergences" / "critic.py", ROOT / "divergences" / "nets.py")
RECORD_ENV = "DL_SHIP_RECORD"
"""When set to ``1``, :func:`record` writes what the page trains into :data:`DIR`."""

_code_hash: str | None = None


def code_hash() -> str:
    global _code_hash
    if _code_hash is None:
        h = hashlib.sha256()
        for f in CODE:
            if f.exists():
                h.update(f.read_bytes())
        _code_hash = h.hexdigest()[:16]
    return _code_hash


def _has_samples(obj) -> bool:
    for name in ("p", "q", "p_samples", "q_samples"):
        v = getattr(obj, name, None)
        if v is None or isinstance(v, str):
            continue
        if getattr(v, "family", None) == "empirical" or type(v).__name__ == "Samples":
            return True
    return False


def key(kind: str, *parts) -> str | None:
    """The key of a result of ``kind`` computed from ``parts``; None when it must not be shipped."""
    if any(_has_samples(p) for p in parts):
        return None
    return f"{kind}|{code_hash()}|{parts!r}"


def path(k: str) -> Path:
    return DIR / (hashlib.sha256(k.encode()).hexdigest()[:24] + ".pkl")


def load(kind: str, *parts):
    """The shipped result for ``parts``, or None (none shipped, or its key does not match)."""
    k = key(kind, *parts)
    if k is None:
        return None
    f = path(k)
    if not f.is_file():
        return None
    try:
        with f.open("rb") as fh:
            stored = pickle.load(fh)  # the repository's own files, written by record()
    except Exception:
        return None
    if not isinstance(stored, dict) or stored.get("key") != k:
        return None
    return stored.get("value")


def record(kind: str, value, *parts) -> bool:
    """Under ``DL_SHIP_RECORD=1``: store ``value`` as the shipped result for ``parts``."""
    if os.environ.get(RECORD_ENV) != "1":
        return False
    k = key(kind, *parts)
    if k is None:
        return False
    DIR.mkdir(exist_ok=True)
    with path(k).open("wb") as fh:
        pickle.dump({"key": k, "value": value}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return True


def main() -> int:
    """Run page 4 at its defaults (1D, 2D) with recording on; old files are replaced."""
    os.environ[RECORD_ENV] = "1"
    os.environ["DL_WARM"] = "0"
    for f in DIR.glob("*.pkl"):
        f.unlink()
    from tests.conftest import run_page

    for query in ({}, {"critic.dim": "2d"}):
        at = run_page("critic.py", query=query, timeout=600)
        if at.exception:
            print(at.exception)
            return 1
    print(f"{len(list(DIR.glob('*.pkl')))} results in {DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Input checks shared by every public function of :mod:`divergences`.

Every check raises :class:`ValueError` with a message that names the argument and says what was
wrong, so that a page can show the message to a student as it is.
"""

from __future__ import annotations

import math

import numpy as np


def check_int(name: str, v, lo: int, hi: int) -> int:
    """``v`` if it is an integer (not a bool) from ``lo`` to ``hi``; ValueError otherwise."""
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not lo <= v <= hi:
        raise ValueError(f"{name} must be an integer from {lo} to {hi}; got {v!r}")
    return int(v)


def check_float(name: str, v, lo: float, hi: float, *, open_lo: bool = False) -> float:
    """``v`` if it is a finite number (not a bool) in [lo, hi] (or (lo, hi] with ``open_lo``);
    ValueError otherwise."""
    if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number; got {v!r}")
    if not (math.isfinite(v) and (lo < v if open_lo else lo <= v) and v <= hi):
        interval = f"({lo:g}, {hi:g}]" if open_lo else f"from {lo:g} to {hi:g}"
        raise ValueError(f"{name} must be a finite number {interval}; got {v!r}")
    return float(v)


def as_weights(w, name: str, *, normalise: bool = True) -> np.ndarray:
    """Return ``w`` as a float array of non-negative, finite weights (normalised to sum 1).

    Raises ValueError for empty, NaN, infinite, negative or all-zero weights.
    """
    try:
        arr = np.asarray(w, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers; got {type(w).__name__}") from exc
    if arr.size == 0:
        raise ValueError(f"{name} is empty: at least one weight is needed")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains an infinite value")
    if (arr < 0).any():
        raise ValueError(f"{name} has a negative weight ({arr.min():.3g}); weights must be >= 0")
    total = arr.sum()
    if total <= 0:
        raise ValueError(f"{name} has no mass: all weights are zero")
    return arr / total if normalise else arr


def same_shape(p: np.ndarray, q: np.ndarray, names: tuple[str, str] = ("p", "q")) -> None:
    """Raise ValueError unless ``p`` and ``q`` have the same shape."""
    if p.shape != q.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same shape; got {p.shape} and {q.shape}"
        )


def as_points(x, name: str) -> np.ndarray:
    """Return ``x`` as finite float points: shape (n,) for 1-D or (n, d) for d-dimensional."""
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers; got {type(x).__name__}") from exc
    if arr.ndim not in (1, 2):
        raise ValueError(f"{name} must be a 1-D array or an (n, d) array; got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has no points")
    if arr.ndim == 2 and arr.shape[1] == 0:
        raise ValueError(f"{name} has points of dimension 0")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite coordinates")
    return arr

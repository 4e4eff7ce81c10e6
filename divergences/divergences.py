"""Divergences between discrete distributions given as weights on a shared support.

All values are in nats (natural logarithms). Weights are normalised inside each function, so any
non-negative weights with positive total are accepted; bad input raises ValueError.

The ``*_batch`` functions work along the last axis and broadcast over the others: they are what
the vectorised sweeps over many offsets use, and the scalar functions call them, so there is one
implementation of each formula.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import entr, rel_entr

from ._validate import as_weights, same_shape

LN2 = math.log(2.0)


def _normalise_rows(w: np.ndarray) -> np.ndarray:
    total = w.sum(axis=-1, keepdims=True)
    return w / total


def kl_divergence_batch(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """KL(p‖q) = Σ p·ln(p/q) along the last axis, in nats; +inf where p > 0 and q = 0.

    Rows must already be normalised, non-negative and finite (no checks: internal fast path).
    """
    return rel_entr(p, q).sum(axis=-1)


def js_divergence_batch(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """JS(p‖q) = ½KL(p‖m) + ½KL(q‖m), m = (p+q)/2, along the last axis, in nats, in [0, ln 2]."""
    # Entropy form JS = H(m) − ½H(p) − ½H(q): three elementwise passes instead of four, and
    # H(p) is computed once when p is a single row broadcast against many rows of q.
    m = 0.5 * (p + q)
    js = entr(m).sum(axis=-1) - 0.5 * entr(p).sum(axis=-1) - 0.5 * entr(q).sum(axis=-1)
    # Floating-point rounding can leave values a few ulps outside the true range.
    return np.clip(js, 0.0, LN2)


def tv_distance_batch(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """TV(p, q) = ½Σ|p − q| along the last axis, in [0, 1] (no unit)."""
    return np.clip(0.5 * np.abs(p - q).sum(axis=-1), 0.0, 1.0)


def _pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    pa = as_weights(p, "p")
    qa = as_weights(q, "q")
    same_shape(pa, qa)
    return pa.ravel(), qa.ravel()


def kl_divergence(p, q) -> float:
    """Kullback–Leibler divergence KL(p‖q) = Σᵢ pᵢ ln(pᵢ/qᵢ), in nats.

    ``p`` and ``q`` are non-negative weights on the same support (any shape), normalised inside.
    Returns ``math.inf`` when p has mass where q has none. Not symmetric.
    """
    pa, qa = _pair(p, q)
    return float(kl_divergence_batch(pa, qa))


def js_divergence(p, q) -> float:
    """Jensen–Shannon divergence ½KL(p‖m) + ½KL(q‖m), m = (p+q)/2, in nats, within [0, ln 2].

    Disjoint supports give exactly ln 2 ≈ 0.6931. (scipy's ``jensenshannon`` returns the square
    root of this value.)
    """
    pa, qa = _pair(p, q)
    return float(js_divergence_batch(pa, qa))


def tv_distance(p, q) -> float:
    """Total variation distance ½Σ|pᵢ − qᵢ|, within [0, 1] (no unit)."""
    pa, qa = _pair(p, q)
    return float(tv_distance_batch(pa, qa))

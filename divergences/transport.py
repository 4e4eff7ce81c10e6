"""Exact Wasserstein-1 (Earth Mover) distance and optimal transport plans.

W1(P, Q) = min over couplings γ of Σᵢⱼ γᵢⱼ‖xᵢ − yⱼ‖ (Euclidean ground distance), in the units of
the points. In 1-D it equals ∫|F_P − F_Q| dx, computed exactly from the sorted points; in d ≥ 2 it
is solved exactly by the network simplex of POT (``ot.emd2`` with ``metric="euclidean"``; POT's
default squared-Euclidean cost would give W2² instead).
"""

from __future__ import annotations

import numpy as np
import ot

from ._validate import as_points, as_weights

MAX_EXACT_POINTS = 5000
"""Cap on n and m for the exact LP solver; larger problems are refused (unbounded work)."""


def _weights_for(w, n: int, name: str) -> np.ndarray:
    if w is None:
        return np.full(n, 1.0 / n)
    arr = as_weights(w, name)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"{name} must have one weight per point ({n}); got shape {arr.shape}")
    return arr


def _prepare(x, y, a, b):
    xa = as_points(x, "x")
    ya = as_points(y, "y")
    if xa.ndim != ya.ndim or (xa.ndim == 2 and xa.shape[1] != ya.shape[1]):
        raise ValueError(
            f"x and y must live in the same dimension; got shapes {xa.shape} and {ya.shape}"
        )
    aa = _weights_for(a, xa.shape[0], "a")
    ba = _weights_for(b, ya.shape[0], "b")
    return xa, ya, aa, ba


def area_between_cdfs(x: np.ndarray, F_p: np.ndarray, F_q: np.ndarray) -> float:
    """∫|F_P(t) − F_Q(t)| dt for step CDFs given at increasing positions ``x`` (each value holds
    from its position to the next): Σᵢ |F_P(xᵢ) − F_Q(xᵢ)|·(xᵢ₊₁ − xᵢ). This is W1 in 1-D, the one
    implementation of the formula (:func:`wasserstein1` and ``earth.cdf_area`` use it)."""
    return float(np.sum(np.abs(F_p - F_q)[:-1] * np.diff(x)))


def wasserstein1_1d_cdf(x: np.ndarray, y: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """W1 = ∫|F_P(t) − F_Q(t)| dt for weighted 1-D points (already validated, weights sum 1):
    both sets merged in order, then :func:`area_between_cdfs`."""
    allv = np.concatenate([x, y])
    order = np.argsort(allv, kind="mergesort")
    wa = np.concatenate([a, np.zeros_like(b)])[order]
    wb = np.concatenate([np.zeros_like(a), b])[order]
    return area_between_cdfs(allv[order], np.cumsum(wa), np.cumsum(wb))


def wasserstein1(x, y, a=None, b=None) -> float:
    """Exact Wasserstein-1 (Earth Mover) distance between two weighted point sets.

    ``x`` (n,) or (n, d), ``y`` (m,) or (m, d); ``a``, ``b`` non-negative weights (uniform when
    None), normalised inside. 1-D: the CDF formula ∫|F_P − F_Q| dx. d ≥ 2: ``ot.emd2`` with the
    Euclidean ground cost. So ``wasserstein1(grid, grid, p, q)`` is W1 of two densities on a grid.
    The result is in the units of the coordinates.
    """
    xa, ya, aa, ba = _prepare(x, y, a, b)
    if xa.ndim == 1:
        return wasserstein1_1d_cdf(xa, ya, aa, ba)
    _check_size(xa, ya)
    cost = ot.dist(xa, ya, metric="euclidean")
    return float(ot.emd2(aa, ba, cost))


def _check_size(xa: np.ndarray, ya: np.ndarray) -> None:
    if max(xa.shape[0], ya.shape[0]) > MAX_EXACT_POINTS:
        raise ValueError(
            f"too many points for the exact solver: {xa.shape[0]} and {ya.shape[0]}; "
            f"the cap is {MAX_EXACT_POINTS} per set"
        )


def transport_plan(x, y, a=None, b=None) -> np.ndarray:
    """The optimal coupling γ (shape (n, m)) for W1 with Euclidean ground cost, from ``ot.emd``.

    Rows sum to ``a`` and columns to ``b`` (normalised weights, uniform when None); Σγᵢⱼ‖xᵢ − yⱼ‖
    equals :func:`wasserstein1`. 1-D points are treated as (n, 1).
    """
    xa, ya, aa, ba = _prepare(x, y, a, b)
    if xa.ndim == 1:
        xa, ya = xa[:, None], ya[:, None]
    _check_size(xa, ya)
    cost = ot.dist(xa, ya, metric="euclidean")
    return np.asarray(ot.emd(aa, ba, cost))


def plan_cost(plan: np.ndarray, x, y) -> float:
    """Σᵢⱼ γᵢⱼ·‖xᵢ − yⱼ‖, the cost of any coupling ``plan`` under the Euclidean ground cost."""
    xa = as_points(x, "x")
    ya = as_points(y, "y")
    if xa.ndim == 1:
        xa, ya = xa[:, None], ya[:, None]
    plan = np.asarray(plan, dtype=float)
    if plan.shape != (xa.shape[0], ya.shape[0]):
        raise ValueError(f"plan must have shape {(xa.shape[0], ya.shape[0])}; got {plan.shape}")
    return float(np.sum(plan * ot.dist(xa, ya, metric="euclidean")))

"""Vectorised sweeps: divergences and W1 between P and every translate Q + θ at once.

The pages draw curves over the offset θ; computing them row by row would cost a Python loop per
offset. Here the k translated copies of Q are an array of shape (k, n) on one grid, and each
quantity is one vectorised expression along the last axis, calling the same batch formulas as
the scalar functions (one source of truth).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .distributions import Dist1D, Grid, cell_masses, grid_for
from .divergences import js_divergence_batch, kl_divergence_batch


@dataclass(frozen=True)
class Sweep:
    """Curves over the offsets θ (all arrays of shape (k,)). JS and KL in nats; TV unitless; W1 in
    the units of x. KL entries are +inf where the supports make it infinite."""

    offsets: np.ndarray
    js: np.ndarray
    kl_pq: np.ndarray
    kl_qp: np.ndarray
    tv: np.ndarray
    w1: np.ndarray
    overlap: np.ndarray
    """Σ min(p, q): the shared mass; 0 exactly where the discretised supports are disjoint."""
    grid: Grid


def w1_rows_on_grid(p: np.ndarray, Q: np.ndarray, h: float) -> np.ndarray:
    """W1 = Σ|F_P − F_Q|·h between one row p and each row of Q on a grid of cell width h."""
    Fp = np.cumsum(p, axis=-1)
    FQ = np.cumsum(Q, axis=-1)
    return np.abs(FQ - Fp).sum(axis=-1) * h


def sweep_1d(p: Dist1D, q: Dist1D, offsets, grid: Grid | None = None, n: int = 2048) -> Sweep:
    """JS, KL(P‖Q_θ), KL(Q_θ‖P), TV and W1 for every θ in ``offsets``, where Q_θ = Q shifted by θ.

    Exact for the distributions discretised on ``grid`` (default: :func:`grid_for` with ``n``
    cells covering every translate).
    """
    off = np.asarray(offsets, dtype=float)
    if off.ndim != 1 or off.size == 0 or not np.isfinite(off).all():
        raise ValueError("offsets must be a non-empty 1-D array of finite numbers")
    g = grid if grid is not None else grid_for(p, q, off, n=n)
    pm = cell_masses(p, g)
    Q = cell_masses(q, g, off)
    if pm.sum() <= 0 or (Q.sum(axis=1) <= 0).any():
        raise ValueError("the grid does not cover the distributions; widen it")
    pm = pm / pm.sum()
    Q = Q / Q.sum(axis=1, keepdims=True)
    overlap = np.minimum(pm, Q).sum(axis=-1)
    return Sweep(
        offsets=off,
        js=js_divergence_batch(pm, Q),
        kl_pq=kl_divergence_batch(pm, Q),
        kl_qp=kl_divergence_batch(Q, pm),
        # ½Σ|p − q| = 1 − Σmin(p, q) for normalised p, q: reuse the overlap, one pass fewer.
        tv=np.clip(1.0 - overlap, 0.0, 1.0),
        w1=w1_rows_on_grid(pm, Q, g.h),
        overlap=overlap,
        grid=g,
    )


def slope(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """d(values)/dθ by central differences (one-sided at the ends); NaN where values are infinite."""
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.gradient(np.where(np.isfinite(v), v, np.nan), np.asarray(offsets, dtype=float))

"""Vectorised sweeps: divergences and W1 between P and every translate Q + θ at once.

The pages draw curves over the offset θ; computing them row by row would cost a Python loop per
offset. Here the k translated copies of Q are an array of shape (k, n) on one grid, and each
quantity is one vectorised expression along the last axis, calling the same batch formulas as
the scalar functions (one source of truth). Offsets are taken in cache-sized blocks, and the
divergences only visit the grid cells where P has mass (see ``divergences_against``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .distributions import Dist1D, Grid, cell_masses, grid_for
from .divergences import divergences_against


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
    FQ -= Fp
    return np.abs(FQ, out=FQ).sum(axis=-1) * h


BLOCK_VALUES = 32_768
"""Offsets are processed in blocks of about this many grid values (256 KiB of float64 per array):
the temporaries stay in the CPU cache and are recycled by the allocator instead of being fresh
pages every time, which on small machines costs more than the arithmetic."""


def sweep_1d(p: Dist1D, q: Dist1D, offsets, grid: Grid | None = None, n: int = 2048) -> Sweep:
    """JS, KL(P‖Q_θ), KL(Q_θ‖P), TV and W1 for every θ in ``offsets``, where Q_θ = Q shifted by θ.

    Exact for the distributions discretised on ``grid`` (default: :func:`grid_for` with ``n``
    cells covering every translate). The divergences come from
    :func:`~divergences.divergences.divergences_against` (the same kernel as the scalar
    functions), W1 from the CDFs: W1 = Σ|F_P − F_Q|·h.
    """
    off = np.asarray(offsets, dtype=float)
    if off.ndim != 1 or off.size == 0 or not np.isfinite(off).all():
        raise ValueError("offsets must be a non-empty 1-D array of finite numbers")
    g = grid if grid is not None else grid_for(p, q, off, n=n)
    pm = cell_masses(p, g)
    if pm.sum() <= 0:
        raise ValueError("the grid does not cover the distributions; widen it")
    pm = pm / pm.sum()
    k = off.size
    out = {name: np.empty(k) for name in ("js", "kl_pq", "kl_qp", "tv", "w1", "overlap")}
    step = max(1, BLOCK_VALUES // g.n)
    for lo in range(0, k, step):
        rows = slice(lo, min(lo + step, k))
        Q = cell_masses(q, g, off[rows])
        total = Q.sum(axis=1, keepdims=True)
        if (total <= 0).any():
            raise ValueError("the grid does not cover the distributions; widen it")
        Q /= total
        d = divergences_against(pm, Q)
        for name in ("js", "kl_pq", "kl_qp", "tv", "overlap"):
            out[name][rows] = getattr(d, name)
        out["w1"][rows] = w1_rows_on_grid(pm, Q, g.h)
    return Sweep(offsets=off, grid=g, **out)


def aligned_grid(p: Dist1D, q: Dist1D, offsets, step: float, n: int = 2048,
                 pad: float = 0.5) -> Grid:
    """Like :func:`~divergences.distributions.grid_for` (covers P and every translate of Q, with a
    margin), but with both ends on multiples of ``step`` and a cell width h = step/m for a whole
    number m (n rounded to a multiple of the number of steps). Offsets that are multiples of
    ``step`` then move Q by whole cells, and a uniform's ends or a point mass on multiples of
    ``step`` sit on cell edges: the discretisation adds no error and W1 on the grid is exact.
    """
    if not (np.isfinite(step) and step > 0):
        raise ValueError(f"step must be a positive number; got {step!r}")
    g = grid_for(p, q, offsets, n=n, pad=pad)
    lo = round(math.floor(g.lo / step + 1e-9) * step, 10)
    hi = round(math.ceil(g.hi / step - 1e-9) * step, 10)
    steps = max(1, round((hi - lo) / step))
    return Grid(lo, hi, steps * max(1, round(n / steps)))


def slope(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """d(values)/dθ by central differences (one-sided at the ends); NaN where values are infinite.

    Evenly spaced offsets (to 1e-9 relative) use the plain difference (v[i+1] − v[i−1])/(2Δθ),
    so a flat stretch (JS stuck at ln 2) has a slope of exactly 0, not rounding noise.
    """
    v = np.asarray(values, dtype=float)
    x = np.asarray(offsets, dtype=float)
    spacing = x
    if x.size > 1:
        dx = np.diff(x)
        if np.allclose(dx, dx.mean(), rtol=1e-9, atol=0.0):
            spacing = float(dx.mean())
    with np.errstate(invalid="ignore"):
        return np.gradient(np.where(np.isfinite(v), v, np.nan), spacing)

"""1-D distribution families, discretised exactly onto a shared grid of cells.

A grid is ``n`` cells of equal width ``h`` between ``lo`` and ``hi``; cell i has centre ``x[i]``.
The weight of a cell is the exact probability mass of the cell, F(right edge) − F(left edge), so
a uniform whose ends fall on cell edges is represented without error and a point mass lands
wholly in the cell that contains it. Divergences of these weights are then the divergences of
the discretised distributions, and W1 on the cell centres converges to the continuous W1 as
h → 0 (error at most h).

Families (``Dist1D.family``):
- ``"gaussian"``: N(loc, width²).
- ``"uniform"``: U[loc − width/2, loc + width/2].
- ``"point"``: a point mass at loc (width ignored).
- ``"mixture"``: ½N(loc − sep/2, width²) + ½N(loc + sep/2, width²).
- ``"empirical"``: the empirical distribution of a student's samples x₁ … x_m (weight 1/m each),
  moved by loc: F(t) = #{i : x_i + loc ≤ t}/m (the ECDF). Made by :meth:`Dist1D.from_samples`;
  on a grid each sample's weight lands in the cell that holds it (cells are (left, right]), so
  W1 on the grid is within one cell width h of the exact W1 of the samples.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from scipy.special import erfc, ndtr
from scipy.stats import norm

_SQRT1_2 = 0.7071067811865476  # 1/√2

FAMILIES = ("gaussian", "uniform", "point", "mixture")
EMPIRICAL = "empirical"
"""The family of :meth:`Dist1D.from_samples` (not in :data:`FAMILIES`: the pickers of the pages
offer only the parametric families)."""
MAX_EMPIRICAL_SAMPLES = 100_000


@dataclass(frozen=True)
class Grid:
    """``n`` equal cells covering [lo, hi]; ``x`` are the cell centres, ``edges`` the n+1 edges."""

    lo: float
    hi: float
    n: int

    def __post_init__(self) -> None:
        if not (np.isfinite(self.lo) and np.isfinite(self.hi)) or self.hi <= self.lo:
            raise ValueError(f"grid needs finite lo < hi; got lo={self.lo}, hi={self.hi}")
        if int(self.n) < 2:
            raise ValueError(f"grid needs at least 2 cells; got {self.n}")

    @property
    def h(self) -> float:
        """Cell width."""
        return (self.hi - self.lo) / self.n

    @property
    def edges(self) -> np.ndarray:
        return np.linspace(self.lo, self.hi, self.n + 1)

    @property
    def x(self) -> np.ndarray:
        e = self.edges
        return 0.5 * (e[:-1] + e[1:])


@dataclass(frozen=True)
class Dist1D:
    """A 1-D distribution from one of :data:`FAMILIES` with location, width (σ or full width) and,
    for the mixture, the separation of its two modes."""

    family: str = "gaussian"
    loc: float = 0.0
    width: float = 1.0
    sep: float = 4.0
    samples: tuple[float, ...] = field(default=(), repr=False)
    """Only for ``"empirical"``: the samples, sorted (a tuple, so the frozen dataclass stays
    hashable); the distribution is their ECDF moved by ``loc``."""

    def __post_init__(self) -> None:
        if self.family == EMPIRICAL:
            xs = _sorted_samples(self.samples)
            object.__setattr__(self, "samples", tuple(xs.tolist()))
            object.__setattr__(self, "_xs", xs)  # not a field: no effect on ==, hash or repr
        elif self.family not in FAMILIES:
            raise ValueError(f"unknown family {self.family!r}; choose one of {', '.join(FAMILIES)}")
        elif self.samples:
            raise ValueError(f"samples are only for the {EMPIRICAL!r} family")
        for name in ("loc", "width", "sep"):
            if not np.isfinite(getattr(self, name)):
                raise ValueError(f"{name} must be a finite number")
        if self.family not in ("point", EMPIRICAL) and self.width <= 0:
            raise ValueError(f"width must be > 0 for a {self.family}; got {self.width}")

    @classmethod
    def from_samples(cls, samples, loc: float = 0.0) -> "Dist1D":
        """The empirical distribution of ``samples`` (1-D, finite, 1 to 100 000 of them; an array
        or a student's :class:`~divergences.points.Samples`), each with weight 1/m, moved by
        ``loc``."""
        samples = getattr(samples, "values", samples)
        return cls(EMPIRICAL, float(loc), samples=tuple(_sorted_samples(samples).tolist()))

    def shifted(self, offset: float) -> "Dist1D":
        """The same distribution translated by ``offset``."""
        return replace(self, loc=self.loc + float(offset))

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` independent draws, shape (n,), units of x. Every family: the empirical one
        resamples its samples uniformly with replacement (moved by ``loc``)."""
        if isinstance(n, bool) or int(n) != n or n < 1:
            raise ValueError(f"n must be a positive integer; got {n!r}")
        n = int(n)
        if self.family == "gaussian":
            return self.loc + self.width * rng.standard_normal(n)
        if self.family == "uniform":
            return rng.uniform(self.loc - self.width / 2, self.loc + self.width / 2, n)
        if self.family == "point":
            return np.full(n, float(self.loc))
        if self.family == EMPIRICAL:
            return self.loc + self._xs[rng.integers(0, self._xs.size, size=n)]
        side = np.where(rng.random(n) < 0.5, -0.5, 0.5) * self.sep
        return self.loc + side + self.width * rng.standard_normal(n)

    def support(self, n_sigma: float = 6.0) -> tuple[float, float]:
        """An interval holding all (or all but ~1e-9 of) the mass."""
        if self.family == "point":
            return self.loc, self.loc
        if self.family == EMPIRICAL:
            return self.loc + self._xs[0], self.loc + self._xs[-1]
        if self.family == "uniform":
            return self.loc - self.width / 2, self.loc + self.width / 2
        half = n_sigma * self.width + (self.sep / 2 if self.family == "mixture" else 0.0)
        return self.loc - half, self.loc + half

    def cdf(self, t: np.ndarray, loc: np.ndarray | float | None = None) -> np.ndarray:
        """F(t), broadcasting ``loc`` (default ``self.loc``) against ``t``."""
        loc = self.loc if loc is None else loc
        if self.family == "gaussian":
            return ndtr((t - loc) / self.width)
        if self.family == "uniform":
            return np.clip((t - (loc - self.width / 2)) / self.width, 0.0, 1.0)
        if self.family == "point":
            return (t >= loc).astype(float)
        if self.family == EMPIRICAL:
            # #{x_i + loc ≤ t}/m by binary search: memory O(size of t − loc), time O(· log m)
            return np.searchsorted(self._xs, np.subtract(t, loc), side="right") / self._xs.size
        half = self.sep / 2
        return 0.5 * ndtr((t - loc + half) / self.width) + 0.5 * ndtr((t - loc - half) / self.width)

    def sf(self, t: np.ndarray, loc: np.ndarray | float | None = None) -> np.ndarray:
        """Survival function 1 − F(t), computed without cancellation in the upper tail."""
        loc = self.loc if loc is None else loc
        if self.family == "gaussian":
            return ndtr((loc - t) / self.width)
        if self.family == "mixture":
            half = self.sep / 2
            return 0.5 * ndtr((loc - half - t) / self.width) + 0.5 * ndtr(
                (loc + half - t) / self.width)
        return 1.0 - self.cdf(t, loc)

    def pdf(self, t: np.ndarray) -> np.ndarray:
        """Density for drawing (point masses and samples have none: zeros; draw them as spikes or a
    histogram)."""
        if self.family == "gaussian":
            return norm.pdf(t, loc=self.loc, scale=self.width)
        if self.family == "uniform":
            lo, hi = self.support()
            return np.where((t >= lo) & (t <= hi), 1.0 / self.width, 0.0)
        if self.family in ("point", EMPIRICAL):
            return np.zeros_like(np.asarray(t, dtype=float))
        return 0.5 * norm.pdf(t, loc=self.loc - self.sep / 2, scale=self.width) + 0.5 * norm.pdf(
            t, loc=self.loc + self.sep / 2, scale=self.width
        )


def cell_masses(dist: Dist1D, grid: Grid, offsets=None) -> np.ndarray:
    """Exact mass of each grid cell: F(right edge) − F(left edge).

    With ``offsets`` (shape (k,)) returns shape (k, n): one row per translated copy of ``dist``.
    Mass outside the grid is lost, so pick a grid that covers the support (see :func:`grid_for`).
    """
    edges = grid.edges
    loc = dist.loc if offsets is None else dist.loc + np.asarray(offsets, dtype=float)[:, None]
    if dist.family in ("uniform", "point", EMPIRICAL):
        return np.diff(dist.cdf(edges, loc=loc), axis=-1)
    if dist.family == "mixture":
        # Each mode on its own, so that the cells between well-separated modes (far in the upper
        # tail of one and the lower tail of the other) keep their tiny masses exactly too.
        c = dist.sep / 2
        mass = _twice_gaussian_cell_masses(edges, loc - c, dist.width)
        mass += _twice_gaussian_cell_masses(edges, loc + c, dist.width)
        mass *= 0.25  # ½ per mode, and each was computed twice over
        return mass
    mass = _twice_gaussian_cell_masses(edges, loc, dist.width)
    mass *= 0.5
    return mass


def _sorted_samples(samples) -> np.ndarray:
    try:
        xs = np.asarray(samples, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"samples must be numbers; got {type(samples).__name__}") from exc
    if xs.ndim != 1 or xs.size == 0:
        raise ValueError(f"samples must be a non-empty 1-D list of numbers; got shape {xs.shape}")
    if xs.size > MAX_EMPIRICAL_SAMPLES:
        raise ValueError(f"{xs.size} samples is above the cap of {MAX_EMPIRICAL_SAMPLES}")
    if not np.isfinite(xs).all():
        raise ValueError("samples must be finite numbers (no NaN or ∞)")
    return np.sort(xs)


def _twice_gaussian_cell_masses(edges: np.ndarray, loc, sigma: float) -> np.ndarray:
    """Twice the cell masses of N(loc, σ²) (``loc`` a number or a (k, 1) column), exact to
    relative precision (the factor 2 is exact and saves a pass; callers halve).

    In the upper tail F(b) − F(a) loses everything to rounding (both round to 1.0, or a lone
    1e-16 survives); there the difference of survival functions S = 1 − F is exact. So each edge is
    evaluated once, in its own smaller tail: V = F(t) = Φ(−|t − loc|/σ) left of the centre and
    V = −S(t) = −Φ(−|t − loc|/σ) right of it, with Φ(−u) = ½·erfc(u/√2). A cell's mass is
    V(b) − V(a), plus 1 for the one cell that straddles the centre: (−S(b)) − F(a) + 1 =
    F(b) − F(a).
    """
    y = loc - edges  # y < 0 (or −0.0) right of the centre
    y *= _SQRT1_2 / sigma
    v = np.abs(y)
    erfc(v, out=v)  # 2Φ(−|t − loc|/σ): 2F on the left of the centre, 2S on the right
    np.copysign(v, y, out=v)  # 2V: +2F on the left, −2S on the right
    mass = np.diff(v, axis=-1)
    # The cell that straddles the centre: its left edge is the last one with y ≥ +0, i.e. the
    # last edge ≤ loc (loc − edge has the sign of the exact difference, and σ > 0).
    left = np.searchsorted(edges, np.ravel(loc), side="right")
    rows = np.flatnonzero((left > 0) & (left < edges.size))
    if mass.ndim == 1:
        if rows.size:
            mass[left[0] - 1] += 2.0
    else:
        mass[rows, left[rows] - 1] += 2.0
    return mass


def grid_for(p: Dist1D, q: Dist1D, offsets, n: int = 2048, pad: float = 0.5) -> Grid:
    """A grid that covers P and every translate of Q by the given offsets, with a margin ``pad``."""
    off = np.asarray(offsets, dtype=float)
    plo, phi = p.support()
    qlo, qhi = q.support()
    lo = min(plo, qlo + off.min()) - pad
    hi = max(phi, qhi + off.max()) + pad
    return Grid(lo, hi, n)

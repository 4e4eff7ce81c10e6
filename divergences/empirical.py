"""A student's own 1-D samples on page 1: which offsets θ to sweep and which grid to bin on.

The samples are an empirical distribution (:meth:`~divergences.distributions.Dist1D.from_samples`,
weight 1/m per sample). To compare them with JS or KL they are binned: each sample's weight goes to
the grid cell that holds it, and the divergences are those of the two histograms. The cell width
h is a histogram bin width suited to the data (numpy's "auto" rule: the smaller of the
Freedman–Diaconis and Sturges widths, rounded down to 1, 2, 2.5 or 5 × 10ᵏ), kept between
θ_max/200 and θ_max/20 so the slider has 20 to 200 steps on each side.

The offsets are whole cells, θ_j = j·h for |j| ≤ J, with θ_max = J·h at least 1.25 times the
shift after which Q + θ clears P on either side: the sweep always reaches the disjoint range, where
JS = ln 2 exactly and the grid W1 grows by exactly h per step (slope ±1). Moving Q by whole cells
moves its histogram without re-binning it. The grid's edges sit at an irrational fraction
(√2 − 1)/2 of a cell from multiples of h, so samples on a round lattice (clicked points at
multiples of 0.1, say) never fall on an edge, where rounding would pick their cell.

W1 on the grid is the W1 of the binned samples: every sample moves by less than h to its cell (in
the same direction for P and Q), so it is within h of the exact W1 of the samples
(``scipy.stats.wasserstein_distance``). All lengths are in the units of the data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .distributions import EMPIRICAL, Dist1D, Grid

EDGE_PHASE = (math.sqrt(2.0) - 1.0) / 2.0
"""Grid edges at (k + EDGE_PHASE)·h: away from every rational multiple of h."""
MIN_STEPS, MAX_STEPS = 20, 200
"""Slider steps on each side of θ = 0."""
MARGIN = 1.25
"""θ_max is at least this times the shift that makes the supports disjoint."""


def nice(v: float, up: bool = False) -> float:
    """The largest number 1, 2, 2.5 or 5 × 10ᵏ that is ≤ v (with ``up``: the smallest ≥ v)."""
    if not (np.isfinite(v) and v > 0):
        raise ValueError(f"nice() needs a positive finite number; got {v!r}")
    e = math.floor(math.log10(v))
    for _ in range(3):  # log10 may be off by one near powers of ten
        choices = [m * 10.0 ** k for k in (e - 1, e, e + 1) for m in (1.0, 2.0, 2.5, 5.0)]
        below = [c for c in choices if c <= v * (1 + 1e-12)]
        above = [c for c in choices if c >= v * (1 - 1e-12)]
        if (above if up else below):
            return float(min(above) if up else max(below))
        e += 1 if up else -1
    raise ValueError(f"no nice number near {v!r}")  # pragma: no cover


def _reach(d: Dist1D) -> tuple[float, float]:
    """Where ``d`` lives, for choosing the θ range: the samples' range, a uniform's ends, a
    Gaussian's ±3σ (and the mixture's modes)."""
    if d.family in (EMPIRICAL, "point", "uniform"):
        return d.support()
    return d.support(n_sigma=3.0)


def auto_bin_width(samples) -> float:
    """numpy's "auto" histogram bin width of the samples (0 when they are all equal)."""
    xs = np.asarray(samples, dtype=float)
    if xs.size < 2 or np.ptp(xs) == 0:
        return 0.0
    edges = np.histogram_bin_edges(xs, bins="auto")
    return float(edges[1] - edges[0]) if edges.size > 1 else 0.0


@dataclass(frozen=True)
class SampleAxis:
    """The offsets θ (whole cells, symmetric about 0), the cell width h = the θ step, and the
    grid that holds P and every translate Q + θ."""

    thetas: np.ndarray
    step: float
    grid: Grid

    @property
    def theta_max(self) -> float:
        return float(self.thetas[-1])


def sample_axis(p: Dist1D, q: Dist1D) -> SampleAxis:
    """Offsets and grid for P and Q when at least one is empirical (see the module doc)."""
    widths = [auto_bin_width(d.samples) for d in (p, q) if d.family == EMPIRICAL]
    if not widths:
        raise ValueError("sample_axis is for empirical distributions; use aligned_grid otherwise")
    (plo, phi), (qlo, qhi) = _reach(p), _reach(q)
    need = max(phi - qlo, qhi - plo)  # Q + θ clears P for every |θ| > need
    scale = max(abs(plo), abs(phi), abs(qlo), abs(qhi))
    if not need > 1e-12 * max(scale, 1.0):  # two point-like sets at one place: a unit scale
        need = 1.0
    span = MARGIN * need
    useful = [w for w in widths if w > 0]
    h = nice(min(useful)) if useful else nice(span / MIN_STEPS)
    if span / h > MAX_STEPS:
        h = nice(span / MAX_STEPS, up=True)
    elif span / h < MIN_STEPS:
        h = nice(span / MIN_STEPS)
    j = math.ceil(span / h - 1e-9)
    thetas = np.arange(-j, j + 1) * h
    # Cells of width h covering P and every Q + θ (a Gaussian's ±6σ), two empty cells each side.
    lo = min(p.support()[0], q.support()[0] - j * h)
    hi = max(p.support()[1], q.support()[1] + j * h)
    k0 = math.floor(lo / h - EDGE_PHASE) - 2
    k1 = math.ceil(hi / h - EDGE_PHASE) + 2
    grid = Grid((k0 + EDGE_PHASE) * h, (k1 + EDGE_PHASE) * h, k1 - k0)
    return SampleAxis(thetas=thetas, step=h, grid=grid)


def with_partner(p: Dist1D, q: Dist1D) -> tuple[Dist1D, Dist1D]:
    """Put a built-in partner where the student's samples are: when exactly one of P and Q is
    empirical, the other (built at 0) is moved to the mean of the samples, so that θ = 0 lines
    their centres up. Two empirical sets (or none) are left where they are."""
    emp = [d for d in (p, q) if d.family == EMPIRICAL]
    if len(emp) != 1:
        return p, q
    centre = float(np.mean(emp[0].samples)) + emp[0].loc
    return tuple(d if d.family == EMPIRICAL else d.shifted(centre) for d in (p, q))


def mid_cell(d: Dist1D, grid: Grid) -> Dist1D:
    """A point mass moved to the middle of the grid cell that holds it (on an edge, rounding
    would pick its cell); any other distribution unchanged."""
    if d.family != "point":
        return d
    k = min(max(math.floor((d.loc - grid.lo) / grid.h), 0), grid.n - 1)
    return replace(d, loc=grid.lo + (k + 0.5) * grid.h)

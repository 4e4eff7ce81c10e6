"""The earth mover, made literal: piles of earth, moving plans, their costs, and the earth moving.

A distribution is a pile of earth: mass ``p_i`` at position ``x_i``. A *moving plan* (a coupling)
is a matrix γ ≥ 0 whose rows sum to the first pile and whose columns sum to the second,
Σⱼ γᵢⱼ = pᵢ and Σᵢ γᵢⱼ = qⱼ: γᵢⱼ is how much earth goes from xᵢ to yⱼ. Its cost is
Σᵢⱼ γᵢⱼ·‖xᵢ − yⱼ‖ (mass × distance; with piles of total mass 1 it is the *average distance* the
earth travels, in the units of the positions). The Earth Mover (Wasserstein-1) distance is the
cost of the cheapest plan:

    W1(P, Q) = min over γ in Π(P, Q) of Σᵢⱼ γᵢⱼ‖xᵢ − yⱼ‖.

The optimal plan and W1 come from :mod:`divergences.transport` (``transport_plan``,
``plan_cost``, ``wasserstein1``; the LP is POT's network simplex); this module adds what a student
needs to *see* it: preset piles, checked and normalised user piles (with notes that say what was
changed), two other plans to compare (the independent coupling P⊗Q and the north-west-corner
plan), the table of moves, the displacement interpolation (the earth moving along a plan) and, in
1-D, the CDF form W1 = ∫|F_P − F_Q| dx.

No Streamlit here. Bad input raises :class:`PileError` (a ``ValueError`` carrying a translatable
:class:`~divergences.messages.Message`, and a ``code``); harmless fixes (empty cells, mismatched
totals, too many bins) are applied and reported as :class:`Note` objects, each with its message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .datasets import sample_2d, transform
from .distributions import Dist1D, Grid, cell_masses
from .messages import N_, Message, MessageError
from .points import subsample
from .transport import area_between_cdfs, plan_cost, transport_plan

MIN_BINS = 5
"""Fewest bins the page offers (the science accepts any number from 1)."""
MAX_BINS = 30
"""Cap on the number of bins of a pile; longer piles are cut to this length (with a note)."""
MAX_POINTS = 300
"""Cap on the number of points of a 2-D set; longer sets are cut to this length (with a note)."""
MASS_TOL = 1e-9
"""Relative difference of the two totals below which the masses count as equal."""

PRESETS_1D = ("textbook", "gaussians", "bimodal")
PRESETS_2D = ("handful", "blobs", "moons_circle", "eight_ring")
PLAN_NAMES = ("optimal", "north_west", "independent")

_MESSAGES = {
    "not_number": N_("{pile} must hold numbers only."),
    "empty": N_("{pile} is empty: give it at least one bin (or point) with earth."),
    "negative": N_("{pile} has a negative height ({value:g}) at {where}: earth cannot be "
                   "negative. Fix it in the table."),
    "not_finite": N_("{pile} has an infinite or undefined value at {where}."),
    "zero": N_("{pile} holds no earth (its total is 0): give at least one bin a positive "
               "height."),
    "bad_shape": N_("{pile} must be a list of (x, y) points; got shape {shape}."),
    "missing": N_("{pile}: {k} empty cell read as 0.", "{pile}: {k} empty cells read as 0."),
    "dropped": N_("{pile}: {k} point with a missing coordinate was left out.",
                  "{pile}: {k} points with a missing coordinate were left out."),
    "capped": N_("{pile} had {n} entries; only the first {cap} are used (the cap), so "
                 "{lost:.1%} of its earth was left out."),
    "padded": N_("P has {n_p} bins and Q has {n_q}: the shorter pile was padded with empty bins."),
    "normalised": N_("The masses differ: P holds {total_p:g} and Q holds {total_q:g}. Each pile "
                     "was scaled to total mass 1, so costs are average distances per unit of "
                     "earth."),
}
"""What the checks say, by ``code``; ``k`` is the count of the plural ones."""


def _message(code: str, params: dict) -> Message:
    return Message(_MESSAGES[code], count=params.get("k"), **params)


@dataclass(frozen=True)
class Note:
    """Something the checks changed in the user's piles: a ``code``, its ``params`` and the
    translatable ``message``."""

    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> Message:
        return _message(self.code, self.params)


class PileError(MessageError):
    """Input that cannot be turned into a pile of earth: a ``code``, its ``params`` and the
    translatable ``message``."""

    def __init__(self, code: str, **params) -> None:
        self.code = code
        self.params = params
        super().__init__(_message(code, params))


@dataclass(frozen=True)
class Piles:
    """Two checked 1-D piles on the same bins: positions ``x`` (units) and masses ``p``, ``q``
    (each summing to 1), with the totals the user gave and the notes of what was changed."""

    x: np.ndarray
    p: np.ndarray
    q: np.ndarray
    total_p: float
    total_q: float
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class PointSets:
    """Two checked 2-D weighted point sets: ``x`` (n, 2) with masses ``a`` and ``y`` (m, 2) with
    masses ``b`` (each summing to 1), with the notes of what was changed."""

    x: np.ndarray
    a: np.ndarray
    y: np.ndarray
    b: np.ndarray
    notes: tuple[Note, ...] = ()


# --------------------------------------------------------------------------------------------
# Presets


def bin_positions(n: int) -> np.ndarray:
    """Bin centres 0, 1, …, n − 1 (units): bins one unit wide."""
    return np.arange(int(n), dtype=float)


def preset_piles(name: str, n_bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions and raw heights ``(x, p, q)`` of a preset with ``n_bins`` bins (units: bins one
    unit wide at x = 0 … n − 1).

    - ``"textbook"``: always 5 bins (``n_bins`` ignored), P = [1, 0, 2, 0, 1] and
      Q = [0, 2, 0, 2, 0] shovelfuls (4 each, a quarter of the earth per shovelful). By hand:
      every shovelful moves one bin (0→1, 2→1, 2→3, 4→3), so W1 = 1 unit. The independent plan
      sends each shovelful half to each of Q's two heaps: from 0 and 4 an average distance of
      2, from 2 of 1, so it costs (2 + 1 + 1 + 2)/4 = 1.5.
    - ``"gaussians"``: two Gaussians, P = N(0.35L, (0.1L)²), Q = N(0.6L, (0.18L)²), L = n − 1.
    - ``"bimodal"``: P = ½N(0.2L, (0.07L)²) + ½N(0.8L, (0.07L)²) against Q = N(0.5L, (0.1L)²).

    The Gaussian presets are exact cell masses (:func:`cell_masses`) in percent of the pile.
    """
    if name not in PRESETS_1D:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS_1D)}")
    if isinstance(n_bins, bool) or int(n_bins) != n_bins or not 3 <= n_bins <= MAX_BINS:
        raise ValueError(f"a preset needs 3 to {MAX_BINS} bins; got {n_bins!r}")
    if name == "textbook":
        return bin_positions(5), np.array([1.0, 0, 2, 0, 1]), np.array([0.0, 2, 0, 2, 0])
    n = int(n_bins)
    grid = Grid(-0.5, n - 0.5, n)
    span = n - 1.0
    if name == "gaussians":
        dp = Dist1D("gaussian", 0.35 * span, 0.1 * span)
        dq = Dist1D("gaussian", 0.6 * span, 0.18 * span)
    else:
        dp = Dist1D("mixture", 0.5 * span, 0.07 * span, sep=0.6 * span)
        dq = Dist1D("gaussian", 0.5 * span, 0.1 * span)
    p = cell_masses(dp, grid)
    q = cell_masses(dq, grid)
    return bin_positions(n), 100.0 * p / p.sum(), 100.0 * q / q.sum()


def preset_points(name: str, n: int = 40, seed: int = 0, random_weights: bool = False):
    """Two weighted 2-D point sets ``(x, a, y, b)`` (coordinates in units, raw weights).

    - ``"handful"``: P = (0, 0), (0, 1), (0, 2) and Q = (2, 2), (2, 1), (2, 0), equal weights.
      Q is P translated by (2, 0), so W1 = 2 exactly; Q is listed bottom-up so the north-west
      plan (first to first, in the listed order) crosses over and costs (2 + 2·√8)/3 ≈ 2.5523.
      Always 3 points; ``n`` and ``random_weights`` are ignored.
    - ``"blobs"``: two Gaussian blobs (σ = 0.25) whose centres are 0.75 units apart.
    - ``"moons_circle"``: two moons against the unit circle.
    - ``"eight_ring"``: the 8 Gaussians against a noisy ring.

    With ``random_weights`` the weights are drawn from Dirichlet(1, …, 1) (seeded); else equal.
    """
    if name not in PRESETS_2D:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS_2D)}")
    if name == "handful":
        x = np.array([[0.0, 0.0], [0.0, 1.0], [0.0, 2.0]])
        y = np.array([[2.0, 2.0], [2.0, 1.0], [2.0, 0.0]])
        return x, np.ones(3), y, np.ones(3)
    if isinstance(n, bool) or int(n) != n or not 1 <= n <= MAX_POINTS:
        raise ValueError(f"n must be an integer from 1 to {MAX_POINTS}; got {n!r}")
    n = int(n)
    rng = np.random.default_rng(seed)
    if name == "blobs":
        x = sample_2d("blob", n, rng)
        y = transform(sample_2d("blob", n, rng), offset=(0.75, 0.0), center=(0.0, 0.0))
    elif name == "moons_circle":
        x = sample_2d("moons", n, rng)
        y = sample_2d("circle", n, rng)
    else:
        x = sample_2d("8gaussians", n, rng)
        y = sample_2d("ring", n, rng)
    if random_weights:
        a, b = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
    else:
        a, b = np.ones(n), np.ones(n)
    return x, a, y, b


# --------------------------------------------------------------------------------------------
# The student's own data: samples binned into piles, points subsampled to the cap


@dataclass(frozen=True)
class SampleBins:
    """Samples binned into ``n`` equal bins: ``edges`` (n + 1, units of the samples), and the
    counts of P's and of Q's samples per bin (None for a pile that was not given). On the page
    bin k sits at x = k, so a distance of d bins is d·``width`` in the samples' units."""

    edges: np.ndarray
    p: np.ndarray | None
    q: np.ndarray | None

    @property
    def n(self) -> int:
        return int(self.edges.size - 1)

    @property
    def width(self) -> float:
        """Width of one bin (units of the samples)."""
        return float(self.edges[1] - self.edges[0])

    @property
    def centres(self) -> np.ndarray:
        """Bin centres (units of the samples): edges[0] + (k + ½)·width."""
        return 0.5 * (self.edges[:-1] + self.edges[1:])


def bin_samples(p_samples, q_samples, n_bins: int) -> SampleBins:
    """Bin 1-D samples of P and/or Q (None for a pile that is not given) into ``n_bins`` equal
    bins on the same edges: from the smallest to the largest of all the given samples pooled
    (a range of 1 unit centred on them when they are all equal). Bin k is [e_k, e_k+1), the last
    one closed. Returns the counts (:class:`SampleBins`).

    Units: edges in the samples' units; bin centres c_k = e_0 + (k + ½)·w are an affine function
    of k, so W1 of the binned piles on positions 0 … n − 1 (bins), times w, is W1 of the same
    masses on the centres (units of the samples)."""
    if isinstance(n_bins, bool) or int(n_bins) != n_bins or not 1 <= n_bins <= MAX_BINS:
        raise ValueError(f"n_bins must be an integer from 1 to {MAX_BINS}; got {n_bins!r}")
    given = []
    for name, s in (("P", p_samples), ("Q", q_samples)):
        if s is None:
            given.append(None)
            continue
        arr = np.asarray(s, dtype=float).ravel()
        if arr.size == 0 or not np.isfinite(arr).all():
            raise ValueError(f"the samples of {name} must be a non-empty list of finite numbers")
        given.append(arr)
    if given[0] is None and given[1] is None:
        raise ValueError("give the samples of P, of Q or of both")
    pooled = np.concatenate([g for g in given if g is not None])
    lo, hi = float(pooled.min()), float(pooled.max())
    if hi - lo <= 1e-12 * max(1.0, abs(lo)):
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, int(n_bins) + 1)
    counts = [None if g is None else np.histogram(g, bins=edges)[0].astype(float) for g in given]
    return SampleBins(edges, counts[0], counts[1])


# --------------------------------------------------------------------------------------------
# Checks


def _heights(values, pile: str, notes: list[Note]) -> np.ndarray:
    """A 1-D float array; missing cells (None/NaN) read as 0 with a note; ±inf refused."""
    try:
        arr = np.asarray(
            [np.nan if v is None else v for v in np.ravel(np.asarray(values, dtype=object))],
            dtype=float,
        )
    except (TypeError, ValueError):
        raise PileError("not_number", pile=pile) from None
    if arr.size == 0:
        raise PileError("empty", pile=pile)
    if np.isinf(arr).any():
        first = int(np.flatnonzero(np.isinf(arr))[0])
        raise PileError("not_finite", pile=pile, where=_where(first))
    missing = np.isnan(arr)
    if missing.any():
        notes.append(Note("missing", {"pile": pile, "k": int(missing.sum())}))
        arr = np.where(missing, 0.0, arr)
    return arr


def _where(i: int) -> Message:
    """A bin of a pile, e.g. "bin 3" (translated with the message that names it)."""
    return Message(N_("bin {i}"), i=int(i))


def _point(i: int) -> Message:
    return Message(N_("point {i}"), i=int(i))


def _check_mass(arr: np.ndarray, pile: str, where=_where) -> float:
    if (arr < 0).any():
        i = int(np.flatnonzero(arr < 0)[0])
        raise PileError("negative", pile=pile, value=float(arr[i]), where=where(i))
    total = float(arr.sum())
    if total <= 0:
        raise PileError("zero", pile=pile)
    return total


def _cap(arr: np.ndarray, cap: int, pile: str, notes: list[Note]) -> np.ndarray:
    if arr.shape[0] <= cap:
        return arr
    w = arr if arr.ndim == 1 else np.ones(arr.shape[0])
    total = float(np.clip(w, 0, None).sum())
    lost = float(np.clip(w[cap:], 0, None).sum()) / total if total > 0 else 0.0
    notes.append(Note("capped", {"pile": pile, "n": int(arr.shape[0]), "cap": cap, "lost": lost}))
    return arr[:cap]


def _normalise(total_p: float, total_q: float, notes: list[Note]) -> None:
    if abs(total_p - total_q) > MASS_TOL * max(total_p, total_q):
        notes.append(Note("normalised", {"total_p": total_p, "total_q": total_q}))


def check_piles(p, q, max_bins: int = MAX_BINS) -> Piles:
    """Check two user piles of heights and return them as masses on bins 0 … n − 1.

    Refused (:class:`PileError`): an empty pile, a non-number, an infinite height, a negative
    height, a pile whose total is 0. Fixed and noted (:class:`Note`): empty cells (read as 0),
    more than ``max_bins`` bins (cut to the first ``max_bins``), piles of different lengths
    (the shorter padded with empty bins), different totals (each pile scaled to total 1).
    Heights are in any unit: only proportions matter, since each pile is normalised to mass 1.
    """
    notes: list[Note] = []
    pa = _cap(_heights(p, "P", notes), max_bins, "P", notes)
    qa = _cap(_heights(q, "Q", notes), max_bins, "Q", notes)
    total_p = _check_mass(pa, "P")
    total_q = _check_mass(qa, "Q")
    if pa.size != qa.size:
        notes.append(Note("padded", {"n_p": int(pa.size), "n_q": int(qa.size)}))
        n = max(pa.size, qa.size)
        pa = np.pad(pa, (0, n - pa.size))
        qa = np.pad(qa, (0, n - qa.size))
    _normalise(total_p, total_q, notes)
    return Piles(bin_positions(pa.size), pa / total_p, qa / total_q, total_p, total_q, tuple(notes))


def _points(xy, w, pile: str, notes: list[Note], cap: int) -> tuple[np.ndarray, np.ndarray]:
    try:
        pts = np.asarray(
            [[np.nan if v is None else v for v in row] for row in np.asarray(xy, dtype=object)],
            dtype=float,
        )
    except (TypeError, ValueError):
        raise PileError("not_number", pile=pile) from None
    if pts.size == 0:
        raise PileError("empty", pile=pile)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise PileError("bad_shape", pile=pile, shape=str(pts.shape))
    wa = _heights(w, pile, notes) if w is not None else np.ones(pts.shape[0])
    if wa.shape[0] != pts.shape[0]:
        raise PileError("bad_shape", pile=pile, shape=f"{pts.shape} with {wa.shape[0]} weights")
    if np.isinf(pts).any():
        i = int(np.flatnonzero(np.isinf(pts).any(axis=1))[0])
        raise PileError("not_finite", pile=pile, where=_point(i))
    keep = ~np.isnan(pts).any(axis=1)
    if not keep.all():
        notes.append(Note("dropped", {"pile": pile, "k": int((~keep).sum())}))
        pts, wa = pts[keep], wa[keep]
        if pts.shape[0] == 0:
            raise PileError("empty", pile=pile)
    if pts.shape[0] > cap:
        total = float(np.clip(wa, 0, None).sum())
        lost = float(np.clip(wa[cap:], 0, None).sum()) / total if total > 0 else 0.0
        notes.append(Note("capped", {"pile": pile, "n": int(pts.shape[0]), "cap": cap,
                                     "lost": lost}))
        pts, wa = pts[:cap], wa[:cap]
    return pts, wa


def check_points(x, a, y, b, max_points: int = MAX_POINTS) -> PointSets:
    """Check two user point sets (coordinates (n, 2), weights (n,) or None for equal weights).

    Refused: an empty set, non-numbers, infinite values, a negative weight, a total weight of 0.
    Fixed and noted: points with a missing coordinate (left out), empty weights (read as 0),
    more than ``max_points`` points (the first ``max_points`` kept), different total weights
    (each set scaled to total mass 1).
    """
    notes: list[Note] = []
    xp, wa = _points(x, a, "P", notes, max_points)
    yp, wb = _points(y, b, "Q", notes, max_points)
    total_a = _check_mass(wa, "P", _point)
    total_b = _check_mass(wb, "Q", _point)
    _normalise(total_a, total_b, notes)
    return PointSets(xp, wa / total_a, yp, wb / total_b, tuple(notes))


# --------------------------------------------------------------------------------------------
# Plans


def independent_plan(a, b) -> np.ndarray:
    """The independent coupling P⊗Q: γᵢⱼ = aᵢ·bⱼ (every bit of earth is spread over every hole in
    proportion). Its marginals are ``a`` and ``b`` (normalised here)."""
    aa = np.asarray(a, dtype=float)
    ba = np.asarray(b, dtype=float)
    return np.outer(aa / aa.sum(), ba / ba.sum())


def north_west_plan(a, b) -> np.ndarray:
    """The north-west-corner plan: fill the holes in their listed order with the earth in its
    listed order (start at γ₀₀, move as much as possible, step right when hole j is full, down
    when pile i is empty). A valid coupling of ``a`` and ``b`` (normalised here), found without
    looking at distances.

    On 1-D bins listed left to right it is the monotone (quantile) coupling, which is *optimal*
    in 1-D; in 2-D, in an arbitrary order, it is usually far from optimal.
    """
    aa = np.asarray(a, dtype=float)
    ba = np.asarray(b, dtype=float)
    ra = aa / aa.sum()
    rb = ba / ba.sum()
    n, m = ra.size, rb.size
    plan = np.zeros((n, m))
    i = j = 0
    left_a, left_b = ra[0], rb[0]
    while i < n and j < m:
        move = min(left_a, left_b)
        plan[i, j] += move
        left_a -= move
        left_b -= move
        if left_a <= left_b:
            i += 1
            left_a = ra[i] if i < n else 0.0
        else:
            j += 1
            left_b = rb[j] if j < m else 0.0
    # Rounding may leave ~1e-17 on the last row or column: put it where the marginals want it.
    plan[:, -1] += ra - plan.sum(axis=1)
    plan[-1, :] += rb - plan.sum(axis=0)
    return np.clip(plan, 0.0, None)


@dataclass(frozen=True)
class PlanSummary:
    """A plan γ (n, m) and its cost Σ γᵢⱼ‖xᵢ − yⱼ‖ (units of the positions, per unit of mass)."""

    name: str
    plan: np.ndarray
    cost: float


def compare_plans(x, y, a, b) -> dict[str, PlanSummary]:
    """The optimal plan (POT, :func:`transport_plan`), the north-west-corner plan and the
    independent coupling for masses ``a`` at ``x`` and ``b`` at ``y``, each with its cost
    (:func:`plan_cost`). The optimal cost equals :func:`wasserstein1` and is the smallest."""
    plans = {
        "optimal": transport_plan(x, y, a, b),
        "north_west": north_west_plan(a, b),
        "independent": independent_plan(a, b),
    }
    return {k: PlanSummary(k, g, plan_cost(g, x, y)) for k, g in plans.items()}


def savings(optimal: float, other: float) -> tuple[float, float]:
    """How much cheaper the optimal plan is than ``other``: (difference in units, fraction of
    ``other``'s cost; 0 when ``other`` costs nothing)."""
    diff = max(other - optimal, 0.0)
    return diff, (diff / other if other > 0 else 0.0)


@dataclass(frozen=True)
class Moves:
    """The non-zero entries of a plan, largest mass first: indices ``src``/``dst``, ``mass``,
    ``distance`` (units) and ``cost`` = mass × distance; ``total`` = how many there are in all
    (the arrays may hold only the first ``max_rows``)."""

    src: np.ndarray
    dst: np.ndarray
    mass: np.ndarray
    distance: np.ndarray
    cost: np.ndarray
    total: int


def plan_moves(plan, x, y, max_rows: int | None = None, tol: float = 1e-12) -> Moves:
    """The table of moves of ``plan``: every (i, j) with γᵢⱼ > ``tol``, sorted by mass
    (largest first), then by source and destination; cut to ``max_rows`` rows when given."""
    g = np.asarray(plan, dtype=float)
    xa = np.asarray(x, dtype=float).reshape(g.shape[0], -1)
    ya = np.asarray(y, dtype=float).reshape(g.shape[1], -1)
    src, dst = np.nonzero(g > tol)
    mass = g[src, dst]
    order = np.lexsort((dst, src, -mass))
    src, dst, mass = src[order], dst[order], mass[order]
    total = int(src.size)
    if max_rows is not None:
        src, dst, mass = src[:max_rows], dst[:max_rows], mass[:max_rows]
    dist = np.linalg.norm(xa[src] - ya[dst], axis=1)
    return Moves(src, dst, mass, dist, mass * dist, total)


# --------------------------------------------------------------------------------------------
# The earth moving: displacement interpolation


def displacement(plan, x, y, times, tol: float = 1e-12, max_clods: int | None = None):
    """Displacement interpolation along ``plan``: each non-zero γᵢⱼ is a clod of earth of mass
    γᵢⱼ that travels in a straight line, z(t) = (1 − t)·xᵢ + t·yⱼ, t ∈ [0, 1].

    Returns ``(positions, mass)``: positions of shape (len(times), k) for 1-D points or
    (len(times), k, d), and the k masses. At t = 0 the clods form P, at t = 1 they form Q; along
    the optimal plan this is the W1 geodesic (McCann's interpolation), each clod moving at
    constant speed. ``max_clods``: keep only that many of the heaviest clods (ties by listed
    order), for drawing a plan with very many non-zero entries (the independent coupling of two
    sets of 300 points has 90 000); an optimal or north-west plan has at most n + m − 1.
    """
    g = np.asarray(plan, dtype=float)
    t = np.asarray(times, dtype=float)
    if t.ndim != 1 or t.size == 0 or not np.isfinite(t).all():
        raise ValueError("times must be a non-empty 1-D array of finite numbers")
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    src, dst = np.nonzero(g > tol)
    mass = g[src, dst]
    if max_clods is not None:
        if isinstance(max_clods, bool) or int(max_clods) != max_clods or max_clods < 1:
            raise ValueError(f"max_clods must be a positive integer; got {max_clods!r}")
        if mass.size > max_clods:
            keep = np.sort(np.argsort(-mass, kind="stable")[: int(max_clods)])
            src, dst, mass = src[keep], dst[keep], mass[keep]
    if xa.ndim == 1:
        pos = (1 - t)[:, None] * xa[src][None, :] + t[:, None] * ya[dst][None, :]
    else:
        pos = (1 - t)[:, None, None] * xa[src][None] + t[:, None, None] * ya[dst][None]
    return pos, mass


def earth_profile(positions, mass, s, width: float = 1.0) -> np.ndarray:
    """The height of the moving earth in 1-D: each clod is a block of width ``width`` (one bin)
    and height mass/width centred at its position, and blocks stack where they overlap.

    ``positions`` (frames, k) from :func:`displacement`, ``s`` the points (units) where to
    evaluate; returns (frames, len(s)) heights in mass per unit length. At t = 0 it is P's
    histogram, at t = 1 Q's; the area under it is always 1.
    """
    pos = np.atleast_2d(np.asarray(positions, dtype=float))
    m = np.asarray(mass, dtype=float)
    s = np.asarray(s, dtype=float)
    if not (np.isfinite(width) and width > 0):
        raise ValueError(f"width must be a positive number; got {width}")
    out = np.empty((pos.shape[0], s.size))
    for f, z in enumerate(pos):
        # height(s) = Σ m·1[z − w/2 < s] − Σ m·1[z + w/2 ≤ s], with sorted edges: O(k log k).
        lo, hi = z - width / 2, z + width / 2
        ol, oh = np.argsort(lo), np.argsort(hi)
        cum_lo = np.concatenate([[0.0], np.cumsum(m[ol])])
        cum_hi = np.concatenate([[0.0], np.cumsum(m[oh])])
        out[f] = (cum_lo[np.searchsorted(lo[ol], s, "left")]
                  - cum_hi[np.searchsorted(hi[oh], s, "right")])
    return np.clip(out, 0.0, None) / width


# --------------------------------------------------------------------------------------------
# 1-D: the CDF form


@dataclass(frozen=True)
class CdfArea:
    """The CDFs of two piles on sorted bins ``x`` (F_P, F_Q after each bin) and the area
    ∫|F_P − F_Q| dx between them (units)."""

    x: np.ndarray
    F_p: np.ndarray
    F_q: np.ndarray
    area: float


def cdf_area(x, p, q) -> CdfArea:
    """W1 in 1-D as the area between the CDFs: ∫|F_P(t) − F_Q(t)| dt = Σᵢ |F_P(xᵢ) − F_Q(xᵢ)|·
    (xᵢ₊₁ − xᵢ) for masses ``p``, ``q`` (normalised here) on the same increasing positions ``x``.

    The area is checked against :func:`wasserstein1` (same number, to rounding); it equals the
    cost of the optimal plan.
    """
    xa = np.asarray(x, dtype=float)
    if xa.ndim != 1 or xa.size == 0 or np.any(np.diff(xa) <= 0):
        raise ValueError("x must be a non-empty, strictly increasing list of positions")
    pa = np.asarray(p, dtype=float)
    qa = np.asarray(q, dtype=float)
    if pa.shape != xa.shape or qa.shape != xa.shape:
        raise ValueError(f"p and q need one mass per position ({xa.size})")
    F_p = np.cumsum(pa / pa.sum())
    F_q = np.cumsum(qa / qa.sum())
    return CdfArea(xa, F_p, F_q, area_between_cdfs(xa, F_p, F_q))


__all__ = [
    "MAX_BINS", "MAX_POINTS", "MIN_BINS", "PLAN_NAMES", "PRESETS_1D", "PRESETS_2D", "CdfArea",
    "Moves", "Note", "PileError", "Piles", "PlanSummary", "PointSets", "SampleBins",
    "bin_positions", "bin_samples", "cdf_area", "check_piles", "check_points", "compare_plans",
    "displacement", "earth_profile",
    "independent_plan", "north_west_plan", "plan_moves", "preset_piles", "preset_points",
    "savings", "subsample",
]

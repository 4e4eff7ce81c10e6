"""Thin supports in 2-D: exact divergences of two point sets, the same divergences after binning,
and how sampling alone keeps two samples of one set from sharing bins.

Arjovsky's Example 1: P₀ = (0, Z) and P_θ = (θ, Z) with Z ~ U[0, 1]. For θ ≠ 0 the two lines
never meet, so JS(P₀‖P_θ) = ln 2, KL = +∞ and TV = 1 whatever θ is, while W1(P₀, P_θ) = |θ|.

Point sets are treated as empirical measures (each point a weight 1/n); points are (n, 2) arrays
in the units of the data. JS and KL are in nats, TV has no unit, W1 is in the data's units.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_points
from .datasets import transform
from .divergences import divergences_against
from .transport import plan_cost, transport_plan


def moved(points: np.ndarray, theta: float, rotation_deg: float = 0.0) -> np.ndarray:
    """The set Q: ``points`` rotated by ``rotation_deg`` degrees about their mean, then moved by
    ``theta`` along x. Without rotation it is the plain translation points + (θ, 0), so θ = 0
    gives back exactly the same points (no rounding from rotating by 0°)."""
    pts = as_points(points, "points")
    if not (np.isfinite(theta) and np.isfinite(rotation_deg)):
        raise ValueError("offset and rotation must be finite numbers")
    if float(rotation_deg) % 360.0 == 0.0:
        return pts + np.array([float(theta), 0.0])
    return transform(pts, offset=(float(theta), 0.0), rotation_deg=float(rotation_deg))


def atom_divergences(x: np.ndarray, y: np.ndarray) -> dict:
    """Exact JS, TV and both KLs of the empirical measures of ``x`` and ``y`` (each distinct point
    an atom): no binning. Two sets with no point in common give JS = ln 2, TV = 1, KL = +∞.

    Returns ``js``, ``tv``, ``kl_pq``, ``kl_qp`` and ``shared_points`` (distinct points in both).
    """
    xa, ya = as_points(x, "x"), as_points(y, "y")
    if xa.ndim != 2 or ya.ndim != 2 or xa.shape[1] != ya.shape[1]:
        raise ValueError("x and y must be (n, d) point sets of the same dimension")
    both = np.concatenate([xa, ya])
    if both.shape[1] == 2:  # one complex number per point: a fast 1-D sort, same atoms
        _, inv = np.unique(both[:, 0] + 1j * both[:, 1], return_inverse=True)
    else:
        _, inv = np.unique(both, axis=0, return_inverse=True)
    inv = inv.ravel()
    k = int(inv.max()) + 1
    p = np.bincount(inv[: len(xa)], minlength=k) / len(xa)
    q = np.bincount(inv[len(xa):], minlength=k) / len(ya)
    d = divergences_against(p, q[None, :])
    return {
        "js": float(d.js[0]),
        "tv": float(d.tv[0]),
        "kl_pq": float(d.kl_pq[0]),
        "kl_qp": float(d.kl_qp[0]),
        "shared_points": int(np.count_nonzero((p > 0) & (q > 0))),
    }


def bin_ids(points: np.ndarray, bins: int, bounds) -> np.ndarray:
    """The cell of each point on a ``bins`` × ``bins`` grid over ``bounds`` as one integer
    (row-major), −1 for a point outside. Same cells as ``numpy.histogram2d`` (and so as
    :func:`~divergences.datasets.binned_divergences`): half-open cells, the last one closed."""
    if isinstance(bins, bool) or int(bins) != bins or not 1 <= bins <= 2000:
        raise ValueError(f"bins must be an integer from 1 to 2000; got {bins!r}")
    pts = as_points(points, "points")
    b = int(bins)
    ids = np.zeros(len(pts), dtype=np.int64)
    inside = np.ones(len(pts), dtype=bool)
    for axis, (lo, hi) in enumerate(bounds):
        edges = np.linspace(lo, hi, b + 1)
        v = pts[:, axis]
        k = np.searchsorted(edges, v, side="right") - 1
        k[v == edges[-1]] = b - 1  # the last cell includes its right edge
        inside &= (v >= edges[0]) & (v <= edges[-1])
        ids = ids * b + np.clip(k, 0, b - 1)
    ids[~inside] = -1
    return ids


def binned(x: np.ndarray, y: np.ndarray, bins: int, bounds) -> dict:
    """JS (nats) and TV of the histograms of ``x`` and ``y`` on a ``bins`` × ``bins`` grid over
    ``bounds``, computed on the occupied cells only (empty cells add nothing to either), with
    ``shared_bins`` (cells holding points of both) and ``p_bins`` (cells holding points of x).
    Equal to :func:`~divergences.datasets.binned_divergences`, without its dense arrays, so it
    stays fast on 2000 × 2000 grids. Points outside ``bounds`` are dropped."""
    ix, iy = bin_ids(x, bins, bounds), bin_ids(y, bins, bounds)
    ix, iy = ix[ix >= 0], iy[iy >= 0]
    if ix.size == 0 or iy.size == 0:
        raise ValueError("no point falls inside the grid; widen the bounds")
    cells, inv = np.unique(np.concatenate([ix, iy]), return_inverse=True)
    p = np.bincount(inv[: ix.size], minlength=cells.size) / ix.size
    q = np.bincount(inv[ix.size:], minlength=cells.size) / iy.size
    d = divergences_against(p, q[None, :])
    return {"js": float(d.js[0]), "tv": float(d.tv[0]),
            "shared_bins": int(np.count_nonzero((p > 0) & (q > 0))),
            "p_bins": int(np.count_nonzero(p))}


def grid_bounds(x: np.ndarray, y: np.ndarray, max_offset: float, margin: float = 0.05):
    """Bounds ((x0, x1), (y0, y1)) of a binning grid that holds P = ``x`` and every Q =
    moved(``y``, θ, rotation) for |θ| ≤ ``max_offset`` and any rotation.

    The x-range is centred on P's mean, so with an odd number of bins P's mean sits in the middle
    of a column (a vertical line is not cut by a bin edge). ``margin`` is a fraction of the size.
    """
    xa, ya = as_points(x, "x"), as_points(y, "y")
    cy = ya.mean(axis=0)
    r = float(np.sqrt(((ya - cy) ** 2).sum(axis=1)).max())  # Q stays within r of its centre
    lo = np.minimum(xa.min(axis=0), cy - r - [abs(max_offset), 0.0])
    hi = np.maximum(xa.max(axis=0), cy + r + [abs(max_offset), 0.0])
    size = float(max(hi - lo)) or 1.0
    lo, hi = lo - margin * size, hi + margin * size
    cx = float(xa[:, 0].mean())
    half = max(cx - lo[0], hi[0] - cx)
    return (cx - half, cx + half), (float(lo[1]), float(hi[1]))


def w1_and_matching(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Exact W1 (Euclidean ground cost, POT's network simplex) and the optimal matching as an
    (m, 2) array of index pairs (i, j) with γᵢⱼ > 0. W1 = Σγᵢⱼ‖xᵢ − yⱼ‖ of that optimal plan."""
    plan = transport_plan(x, y)
    pairs = np.argwhere(plan > 0)
    return plan_cost(plan, x, y), pairs


def offset_curves(x: np.ndarray, y: np.ndarray, offsets, rotation_deg: float, bins: int,
                  bounds, exact: bool = False) -> dict:
    """Binned JS (nats) and TV of P = ``x`` against Q = moved(``y``, θ, rotation) for each θ in
    ``offsets``, on a ``bins`` × ``bins`` grid over ``bounds``; with ``exact``, also the exact JS
    of the two point sets (:func:`atom_divergences`, no binning) as ``js_exact``."""
    off = np.asarray(offsets, dtype=float)
    js, tv, js_exact = np.empty(off.size), np.empty(off.size), np.empty(off.size)
    for i, th in enumerate(off):
        q = moved(y, th, rotation_deg)
        b = binned(x, q, bins, bounds)
        js[i], tv[i] = b["js"], b["tv"]
        if exact:
            js_exact[i] = atom_divergences(x, q)["js"]
    out = {"offsets": off, "js": js, "tv": tv}
    if exact:
        out["js_exact"] = js_exact
    return out


def w1_curve(x: np.ndarray, y: np.ndarray, offsets, rotation_deg: float) -> np.ndarray:
    """Exact W1 (POT) of P = ``x`` and Q = moved(``y``, θ, rotation) for each θ in ``offsets``."""
    return np.array([w1_and_matching(x, moved(y, th, rotation_deg))[0] for th in offsets])


def sampling_overlap(x1: np.ndarray, x2: np.ndarray, bins_list, bounds) -> dict:
    """Two samples of the SAME distribution, binned ever finer: for each number of bins per axis,
    the binned JS (nats) and TV, and the fraction of the bins holding a point of ``x1`` that also
    hold a point of ``x2``. As the bins shrink toward the thin support, that fraction falls and
    the binned JS climbs toward ln 2: the samples barely overlap although the distribution is
    the same."""
    bl = [int(b) for b in bins_list]
    js, tv, shared = np.empty(len(bl)), np.empty(len(bl)), np.empty(len(bl))
    for i, b in enumerate(bl):
        r = binned(x1, x2, b, bounds)
        js[i], tv[i] = r["js"], r["tv"]
        shared[i] = r["shared_bins"] / max(1, r["p_bins"])
    return {"bins": np.array(bl), "js": js, "tv": tv, "shared_fraction": shared}

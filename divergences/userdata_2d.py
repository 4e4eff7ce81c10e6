"""A student's own 2-D points on page 2 (thin supports): a seeded cap on their number, the range of
offsets that suits their scale, and a random split into two halves (two samples of one set).

Points are (n, 2) arrays in the units of the data; every function here is deterministic given its
seed, so a page rerun shows the same points.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_points
from .empirical import nice
from .points import subsample


def capped(points, cap: int, seed: int = 0) -> tuple[np.ndarray, bool]:
    """At most ``cap`` of the (n, 2) points (:func:`divergences.points.subsample`: a seeded
    random subset in the original order). Returns the points and whether they were subsampled."""
    pts = as_points(points, "points")
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must be an (n, 2) array; got shape {pts.shape}")
    kept = subsample(pts, cap, seed)
    return kept, len(kept) < len(pts)


def offset_range(x, y) -> float:
    """θ_max for sliding Q along x: half the larger side of the box that holds both point sets,
    rounded up to 1, 2, 2.5 or 5 × 10ᵏ (1 for sets that fit in a 2 × 2 box, like the built-in
    ones); 1 if every point is the same."""
    both = np.concatenate([as_points(x, "x"), as_points(y, "y")])
    extent = float(np.ptp(both, axis=0).max())
    if not extent > 0:
        return 1.0
    return nice(extent / 2, up=True)


def halves(points, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The points split at random (``seed``) into two halves: two samples of the same set."""
    pts = as_points(points, "points")
    if len(pts) < 2:
        raise ValueError("at least two points are needed to split them in two")
    perm = np.random.default_rng([int(seed), 3]).permutation(len(pts))
    k = len(pts) // 2
    return pts[perm[:k]], pts[perm[k:2 * k]]

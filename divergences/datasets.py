"""Seeded 2-D samplers: one sampler per data set, used by the pages, the trainer and the tests.

Every sampler takes ``n`` and a ``numpy.random.Generator`` (or a seed) and returns an (n, 2)
float array. Specifications (as in the WGAN paper and the WGAN-GP toy code):

- ``lines``: Arjovsky's Example 1, P0 = (0, Z) with Z ~ U[0, 1] (translate it for Pθ = (θ, Z)).
- ``circle``: the unit circle, no noise (a 1-D manifold in the plane).
- ``blob``: an isotropic Gaussian N(0, 0.25² I).
- ``moons``: two interleaving half circles, noise σ = 0.05, centred on the origin.
- ``8gaussians``: 8 Gaussians at radius 2, angles 2πk/8 (k = 0..7), σ = 0.02, all divided by 1.414.
- ``25gaussians``: 25 Gaussians at (2i, 2j), i, j ∈ {−2..2}, σ = 0.05, all divided by 2.828.
- ``swissroll``: (t cos t, t sin t), t = 1.5π(1 + 2U), noise σ = 0.25, all divided by 7.5.
- ``ring``: the unit circle with radial Gaussian noise σ = 0.05.
- ``8gaussians-wide``: the unrolled-GAN paper's ring (Metz et al. 2017): 8 Gaussians at radius 2,
  angles 2πk/8, σ = 0.02, NOT divided by 1.414 (modes 1.53 apart, 77σ: a GAN's generator finds it
  hard to spread over them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_SAMPLES = 100_000
"""Cap on the number of points any sampler draws at once."""


@dataclass(frozen=True)
class Modes:
    """Mode centres (k, 2) and the per-coordinate σ of each mode, after scaling."""

    centers: np.ndarray
    sigma: float


def _eight_modes() -> Modes:
    k = np.arange(8)
    ang = 2 * np.pi * k / 8
    c = np.stack([2 * np.cos(ang), 2 * np.sin(ang)], axis=1) / 1.414
    return Modes(c, 0.02 / 1.414)


def _twentyfive_modes() -> Modes:
    ii, jj = np.meshgrid(np.arange(-2, 3), np.arange(-2, 3), indexing="ij")
    c = np.stack([2.0 * ii.ravel(), 2.0 * jj.ravel()], axis=1) / 2.828
    return Modes(c, 0.05 / 2.828)


def _eight_wide_modes() -> Modes:
    k = np.arange(8)
    ang = 2 * np.pi * k / 8
    return Modes(np.stack([2 * np.cos(ang), 2 * np.sin(ang)], axis=1), 0.02)


MODES: dict[str, Modes] = {"8gaussians": _eight_modes(), "25gaussians": _twentyfive_modes(),
                           "8gaussians-wide": _eight_wide_modes()}


def _rng(seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:  # floats, negative ints, text, ...
        raise ValueError(f"seed must be a non-negative integer or a Generator; got {seed!r:.40}") \
            from exc


def _check_n(n) -> int:
    if (isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, float, np.integer, np.floating))
            or not float(n).is_integer() or n < 1):
        raise ValueError(f"n must be a positive integer; got {n!r:.40}")
    if n > MAX_SAMPLES:
        raise ValueError(f"n = {int(n)} is above the cap of {MAX_SAMPLES} points")
    return int(n)


def _lines(n, rng):
    return np.stack([np.zeros(n), rng.uniform(0.0, 1.0, n)], axis=1)


def _circle_points(n, rng, noise):
    ang = rng.uniform(0.0, 2 * np.pi, n)
    r = 1.0 + noise * rng.standard_normal(n) if noise else np.ones(n)
    return np.stack([r * np.cos(ang), r * np.sin(ang)], axis=1)


def _circle(n, rng):
    return _circle_points(n, rng, 0.0)


def _ring(n, rng):
    return _circle_points(n, rng, 0.05)


def _blob(n, rng):
    return 0.25 * rng.standard_normal((n, 2))


def _moons(n, rng):
    n_out = n // 2 + n % 2
    n_in = n // 2
    t_out = rng.uniform(0, np.pi, n_out)
    t_in = rng.uniform(0, np.pi, n_in)
    outer = np.stack([np.cos(t_out), np.sin(t_out)], axis=1)
    inner = np.stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)], axis=1)
    pts = np.concatenate([outer, inner]) + 0.05 * rng.standard_normal((n, 2))
    pts = pts - np.array([0.5, 0.25])
    return pts[rng.permutation(n)]


def _mixture(modes: Modes):
    def sample(n, rng):
        idx = rng.integers(0, len(modes.centers), n)
        return modes.centers[idx] + modes.sigma * rng.standard_normal((n, 2))

    return sample


def _swissroll(n, rng):
    t = 1.5 * np.pi * (1 + 2 * rng.uniform(0, 1, n))
    pts = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) + 0.25 * rng.standard_normal((n, 2))
    return pts / 7.5


SAMPLERS = {
    "lines": _lines,
    "circle": _circle,
    "blob": _blob,
    "moons": _moons,
    "8gaussians": _mixture(MODES["8gaussians"]),
    "25gaussians": _mixture(MODES["25gaussians"]),
    "swissroll": _swissroll,
    "ring": _ring,
    "8gaussians-wide": _mixture(MODES["8gaussians-wide"]),
}
DATASETS = tuple(SAMPLERS)


def sample_2d(name: str, n: int, seed=0) -> np.ndarray:
    """Draw ``n`` points (shape (n, 2)) of the named data set with a seed or a Generator."""
    if name not in SAMPLERS:
        raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
    return SAMPLERS[name](_check_n(n), _rng(seed))


def transform(points: np.ndarray, offset=(0.0, 0.0), rotation_deg: float = 0.0, center=None):
    """Rotate ``points`` by ``rotation_deg`` degrees about ``center`` (default: their mean), then
    translate them by ``offset``. Returns a new (n, 2) array."""
    pts = np.asarray(points, dtype=float)
    off = np.asarray(offset, dtype=float)
    if pts.ndim != 2 or pts.shape[1] != 2 or off.shape != (2,):
        raise ValueError("points must be (n, 2) and offset a pair of numbers")
    if not (np.isfinite(off).all() and np.isfinite(rotation_deg)):
        raise ValueError("offset and rotation must be finite")
    c = pts.mean(axis=0) if center is None else np.asarray(center, dtype=float)
    a = np.deg2rad(rotation_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return (pts - c) @ rot.T + c + off


def binned_divergences(x: np.ndarray, y: np.ndarray, bins: int, bounds) -> dict:
    """Histogram two (n, 2) point sets on the same ``bins`` × ``bins`` grid over
    ``bounds = ((xmin, xmax), (ymin, ymax))`` and return the JS divergence (nats) and TV distance
    of the two histograms, with the histograms and edges. Points outside the bounds are dropped.
    """
    from .divergences import js_divergence, tv_distance

    if isinstance(bins, bool) or int(bins) != bins or not 1 <= bins <= 2000:
        raise ValueError(f"bins must be an integer from 1 to 2000; got {bins!r}")
    hp, ex, ey = np.histogram2d(x[:, 0], x[:, 1], bins=int(bins), range=bounds)
    hq, _, _ = np.histogram2d(y[:, 0], y[:, 1], bins=[ex, ey])
    return {
        "js": js_divergence(hp, hq),
        "tv": tv_distance(hp, hq),
        "shared_bins": int(np.count_nonzero((hp > 0) & (hq > 0))),
        "p_hist": hp,
        "q_hist": hq,
        "edges": (ex, ey),
    }

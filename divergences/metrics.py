"""Quality of generated toy samples: modes covered, high-quality fraction, exact W1, tracking.

- Modes, by the rule of the mode-coverage tables (VEEGAN, Srivastava et al. 2017; PacGAN, Lin
  et al. 2018; the unrolled GAN, Metz et al. 2017): a generated point is *high quality* when its
  Euclidean distance to the nearest mode centre is at most 3σ (σ: the per-coordinate standard
  deviation of a mode, after the data set's scaling); a mode is *covered* when enough
  high-quality points have it as their nearest mode. Here "enough" is at least
  :data:`MIN_COVER_SHARE` (2 %) of the generated points (10 of the 500 evaluation points): a
  thin ring passing through every centre puts under 1 % of its points within 3σ of each, so it
  covers nothing, while a generator that places its points on the modes puts 12.5 % on each.
  Only the mixtures of :data:`divergences.datasets.MODES` have modes.
- Where the mass goes (:func:`modes_reached`, secondary): the modes that are the *nearest*
  centre of at least 2 % of the points, however far away they are. A collapsed generator
  reaches 1 or 2; a cloud smeared over the plane reaches all 8 without covering any.
- Ground truth: the exact W1 (Euclidean cost, POT's network simplex, see
  :func:`divergences.wasserstein1`) between a fixed real sample and a generated sample, in the
  units of the coordinates. Two independent real samples of n points are themselves at a W1 > 0
  (:func:`w1_floor`): below that floor the generated sample is as close as sampling allows.
- Tracking: the Pearson correlation between a loss and the ground-truth W1 over a run.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import as_points
from .datasets import MODES, sample_2d
from .transport import wasserstein1

MODE_DATASETS = tuple(MODES)
"""The data sets that have modes (mixtures of Gaussians)."""

QUALITY_SIGMAS = 3.0
"""A point is high quality within this many σ of its nearest mode centre."""


MIN_COVER_SHARE = 0.02
"""A mode is *covered* when at least this share of the generated points is high quality (within
3σ of its centre) and has it as nearest mode."""


def _nearest(x: np.ndarray, centers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of the nearest centre, distance to it) for each point of x (n, 2)."""
    d = np.linalg.norm(x[:, None, :] - centers[None, :, :], axis=2)
    nearest = d.argmin(axis=1)
    return nearest, d[np.arange(len(x)), nearest]


def mode_shares(samples, dataset: str) -> np.ndarray:
    """Per mode k, the share of ``samples`` (n, 2) that is high quality (within 3σ of the nearest
    centre μ_k): a (K,) array of fractions in [0, 1] (dimensionless) summing to the
    high-quality fraction."""
    if dataset not in MODES:
        raise ValueError(f"data set {dataset!r} has no modes; mode coverage needs one of "
                         f"{', '.join(MODE_DATASETS)}")
    x = as_points(samples, "samples")
    if x.ndim != 2 or x.shape[1] != 2 or not len(x):
        raise ValueError(f"samples must be a non-empty (n, 2) array; got shape {x.shape}")
    modes = MODES[dataset]
    nearest, dist = _nearest(x, modes.centers)
    good = dist <= QUALITY_SIGMAS * modes.sigma
    return np.bincount(nearest[good], minlength=len(modes.centers)) / len(x)


def mode_coverage(samples, dataset: str, min_share: float = MIN_COVER_SHARE
                  ) -> tuple[int, float]:
    """(modes covered, fraction of high-quality points) of ``samples`` (n, 2) for a mixture.

    With centres μ_k and per-coordinate σ from ``MODES[dataset]``: point x is high quality iff
    min_k ‖x − μ_k‖₂ ≤ 3σ; mode k is covered iff at least ``min_share`` of the points are high
    quality with k as their nearest centre (:func:`mode_shares`). Returns an int in 0..K and a
    fraction in [0, 1] (dimensionless).
    """
    shares = mode_shares(samples, dataset)
    # a share of m/n points: compare counts, not floats (10/500 must count as 2 %)
    n = len(as_points(samples, "samples"))
    need = math.ceil(min_share * n - 1e-9)
    return int((np.rint(shares * n) >= max(need, 1)).sum()), float(shares.sum())


MIN_MODE_SHARE = 0.02
"""A mode is *reached* ("where the mass goes") when at least this share of the generated points
has it as nearest mode, however far from it they are."""


def modes_reached(samples, dataset: str, min_share: float = MIN_MODE_SHARE) -> int:
    """Where the mass goes: how many modes are the nearest mode centre of at least ``min_share``
    of ``samples`` (n, 2).

    Not a coverage count: unlike :func:`mode_coverage` (points within 3σ of a centre), this
    counts where the generated mass goes, however imprecisely. A generator collapsed onto one
    region reaches 1 or 2 modes; a cloud smeared over the plane reaches all 8 while covering none.
    """
    if dataset not in MODES:
        raise ValueError(f"data set {dataset!r} has no modes; choose one of "
                         f"{', '.join(MODE_DATASETS)}")
    x = as_points(samples, "samples")
    if x.ndim != 2 or x.shape[1] != 2 or not len(x):
        raise ValueError(f"samples must be a non-empty (n, 2) array; got shape {x.shape}")
    c = MODES[dataset].centers
    nearest = np.linalg.norm(x[:, None, :] - c[None, :, :], axis=2).argmin(axis=1)
    share = np.bincount(nearest, minlength=len(c)) / len(x)
    return int((share >= min_share).sum())


def n_modes(dataset: str) -> int | None:
    """Number of modes of a data set (None for data sets without modes)."""
    return len(MODES[dataset].centers) if dataset in MODES else None


def w1_floor(dataset: str, n: int, seed: int = 0) -> float:
    """Exact W1 between two independent real samples of ``n`` points each (units of the data).

    A generated sample of n points cannot be expected to come closer than this to a real one.
    """
    rng = np.random.default_rng([int(seed), 7])
    return wasserstein1(sample_2d(dataset, n, rng), sample_2d(dataset, n, rng))


def pearson(x, y) -> float:
    """Pearson correlation r = cov(x, y) / (σ_x σ_y) of two equal-length series (dimensionless).

    NaN when fewer than 3 finite pairs remain or either series is constant (r is undefined).
    """
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    if xa.shape != ya.shape or xa.ndim != 1:
        raise ValueError(f"x and y must be 1-D series of the same length; got {xa.shape} and "
                         f"{ya.shape}")
    ok = np.isfinite(xa) & np.isfinite(ya)
    xa, ya = xa[ok], ya[ok]
    if xa.size < 3:
        return float("nan")
    xc, yc = xa - xa.mean(), ya - ya.mean()
    den = np.sqrt((xc * xc).sum() * (yc * yc).sum())
    if den <= 1e-300:
        return float("nan")
    return float(np.clip((xc * yc).sum() / den, -1.0, 1.0))

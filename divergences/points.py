"""A student's own points: one type, :class:`Samples`, and one seeded subsampler, :func:`subsample`.

Samples are the empirical distribution of the points a student uploaded or clicked: weight 1/n on
each of n points, shape (n,) on the line or (n, 2) in the plane, in the units of the data. Pages
cap how many they use with :func:`subsample` (a seeded random subset, the same at every rerun).
On the line the same points are also a distribution with a CDF on a grid,
``Dist1D.from_samples(samples)``; as a training run's real data they are a ``training.RealPoints``,
which holds the Samples with the standardisation the networks need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import check_int


def subsample(values, cap: int, seed: int = 0) -> np.ndarray:
    """At most ``cap`` rows of ``values``: all of them when there are no more than ``cap``, else a
    uniformly random subset of ``cap`` rows without replacement, drawn with
    ``numpy.random.default_rng([seed, 7])`` (the same every time), kept in their original order."""
    arr = np.asarray(values, dtype=float)
    cap = check_int("cap", cap, 1, 10**9)
    if arr.ndim == 0 or arr.shape[0] <= cap:
        return arr
    keep = np.sort(np.random.default_rng([int(seed), 7]).choice(arr.shape[0], size=cap,
                                                                replace=False))
    return arr[keep]


@dataclass(frozen=True, eq=False)
class Samples:
    """The empirical distribution of a student's points: (n,) in 1-D or (n, 2) in 2-D (units of
    x), finite, n ≥ 2. Equal (and hashed) by value; the array is read-only. Training batches draw
    from it with replacement (:meth:`draw`)."""

    values: np.ndarray

    def __post_init__(self) -> None:
        arr = np.array(self.values, dtype=np.float64)  # a copy that nobody else holds
        if arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
        if arr.ndim not in (1, 2) or (arr.ndim == 2 and arr.shape[1] != 2):
            raise ValueError(f"samples must have shape (n,) or (n, 2); got {arr.shape}")
        if arr.shape[0] < 2:
            raise ValueError(f"give at least 2 samples; got {arr.shape[0]}")
        if not np.isfinite(arr).all():
            raise ValueError("samples must be finite numbers (no NaN or ∞)")
        arr.flags.writeable = False
        object.__setattr__(self, "values", arr)

    @classmethod
    def of(cls, values) -> "Samples":
        """Samples from an array: shape (n,) or (n, 1) for 1-D, (n, 2) for 2-D."""
        return cls(values)

    @classmethod
    def capped(cls, values, cap: int, seed: int = 0) -> tuple["Samples", int]:
        """The points as Samples, at most ``cap`` of them (:func:`subsample`), and how many were
        given."""
        arr = np.asarray(values, dtype=float)
        return cls(subsample(arr, cap, seed)), int(arr.shape[0]) if arr.ndim else 0

    @property
    def dim(self) -> int:
        return self.values.ndim

    @property
    def n(self) -> int:
        return int(self.values.shape[0])

    def shifted(self, offset) -> "Samples":
        """The points translated by ``offset`` (a number in 1-D, (dx, dy) in 2-D)."""
        off = float(offset) if self.dim == 1 else np.asarray(offset, dtype=float).reshape(2)
        return Samples(self.values + off)

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` points drawn uniformly with replacement: (n,) in 1-D, (n, 2) in 2-D."""
        return self.values[rng.integers(0, self.n, size=int(n))]

    def __eq__(self, other) -> bool:
        return isinstance(other, Samples) and np.array_equal(self.values, other.values) \
            and self.values.shape == other.values.shape

    def __hash__(self) -> int:
        return hash((self.values.shape, self.values.tobytes()))

    def __repr__(self) -> str:
        return f"Samples(n={self.n}, dim={self.dim})"

"""A neural critic that learns W1 through the Kantorovich–Rubinstein dual (page 4).

W1(P, Q) = sup over 1-Lipschitz f of E_P f − E_Q f  (units of x). WGAN maximises the same objective
over a neural network f_w whose parameters are all clipped into [−c, c] after every step: that makes
f_w K-Lipschitz for some K that depends on c and on the architecture, so at best
E_P f_w − E_Q f_w ≈ K·W1. We *measure* K as the largest gradient norm ‖∇ₓf_w(x)‖₂ over a dense grid
and the evaluation samples, so that estimate / K can be compared with W1 (it is ≤ W1 whenever the
measured K is the critic's Lipschitz constant over the supports).

Two ways to train the critic, both built from :mod:`divergences.nets`:

- ``"clip"`` (WGAN, Arjovsky et al. 2017): loss = mean f(Q) − mean f(P), RMSProp, every parameter
  (weights and biases) clipped into [−c, c] after every step.
- ``"gp"`` (WGAN-GP, Gulrajani et al. 2017): the same loss + λ·E[(‖∇f(x̂)‖ − 1)²] on random
  interpolates x̂, no clipping, Adam with β = (0.5, 0.9) as in that paper (which dropped RMSProp).
  Its critic is pushed towards gradient norm 1, so its estimate is compared with W1 directly.
  For a linear optimal critic the penalised optimum has slope 1 + W1/(2λ), not 1, so the GP
  estimate overshoots W1 by the factor 1 + W1/(2λ) (5 % at W1 = 1, λ = 10).

The critic's first module is a fixed affine map (:class:`InputMap`, no parameters) that sends the
plotted domain to [−1, 1], as WGAN's image critics see pixels in [−1, 1]. A clipped first layer
ReLU(w·x + b) with |w|, |b| ≤ c can only bend at |x| ≤ |b/w|, so on raw coordinates far from 0 it
could not even be linear over the data. K and every gradient are taken with respect to raw x.

Defaults, and why they differ from the papers (there critics train for hours on a GPU; ours must
finish in about a second on 2 CPU cores):

- a ReLU MLP of width 32 and depth 3 (the WGAN-GP toy critic: width 512, depth 3);
- 300 critic steps on fresh batches of 256 points of P and of Q (papers: batch 64 and thousands
  of steps; a larger batch costs almost nothing here and gives a steadier estimate, and on these
  problems the clipped weights have settled at ±c after about 200 steps);
- clip c = 0.1 (paper 0.01): a clipped layer's gain scales like c·width, and our critic is 16
  times narrower than the toy critic; with c = 0.01 it still works but K ≈ 1e-5 (try it);
- RMSProp lr 5e-3 (paper 5e-5): 100 times larger, so that weights reach ±c in tens of steps;
- GP: λ = 10 (as in the paper), Adam lr 2e-3 (paper 1e-4), β = (0.5, 0.9) (as in the paper);
- the output layer starts at zero (the papers use the default random init), so every critic
  starts as a constant. In 1-D the gradient is a number, and a two-sided penalty traps a critic
  whose random initial slope has the wrong sign: turning round means passing through slope 0,
  which the penalty punishes with λ. Starting flat, the first steps follow the data.

Everything is seeded, and nothing draws from a global stream: the weights and the interpolates
from a ``torch.Generator`` seeded with ``seed``, the batches from ``numpy.random.default_rng``.
Runs use one CPU thread (:func:`divergences.nets.one_thread`: these networks are too small to
gain from more; the server has 2 cores). On the CPU two runs with the same arguments give
bit-identical results, whatever else the process draws meanwhile.

The networks and their measurements (:class:`~divergences.nets.InputMap`, gradient norms, the
Lipschitz estimate) live in :mod:`divergences.nets`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable, Union

import numpy as np
import torch
from torch import nn

from ._validate import check_float as _check_float
from ._validate import check_int as _check_int
from .datasets import DATASETS, binned_divergences, sample_2d, transform
from .distributions import Dist1D, Grid, cell_masses, grid_for
from .divergences import js_divergence
from .duality import dual_value, optimal_critic_1d
from .nets import (InputMap, backprop_norms, clip_parameters_, gradient_penalty, one_thread,
                   seeded_mlp, values_and_grad_norms)
from .points import Samples
from .sweeps import sweep_1d
from .transport import wasserstein1

METHODS = ("clip", "gp")
"""``"clip"``: WGAN weight clipping with RMSProp; ``"gp"``: WGAN-GP gradient penalty with Adam."""

DEFAULT_LR = {"clip": 5e-3, "gp": 2e-3}
MAX_STEPS = 20_000
MAX_WIDTH = 256
MAX_DEPTH = 8
MAX_BATCH = 4096
MAX_SWEEP_OFFSETS = 60
DISJOINT_MASS = 1e-3
"""1-D sweeps call P and Q (practically) disjoint where their shared mass Σ min(p, q) is below
this (0.1 %): Gaussian tails never vanish exactly, but JS is then within 0.1 % of ln 2."""
N_EVAL_1D = 512
"""Samples of P and of Q (1-D) at which K is measured besides the grid."""

SECONDS_PER_STEP = 1.0e-3
"""Python and optimiser overhead of one critic step on one CPU core (measured: about 0.7 ms)."""
MACS_PER_SECOND = 1.0e10
"""Multiply-adds per second of one CPU core on these small matrices (a conservative figure)."""


# --------------------------------------------------------------------------------------------
# settings


@dataclass(frozen=True)
class CriticConfig:
    """How to train the critic.

    ``method`` is ``"clip"`` or ``"gp"``; ``clip`` is c (used by ``"clip"`` only) and ``lam`` is λ
    (``"gp"`` only); ``lr`` is RMSProp's (clip) or Adam's (gp) learning rate, ``None`` for the
    method's default (:data:`DEFAULT_LR`); ``width`` and ``depth`` are the MLP's hidden width and
    number of hidden layers; ``steps`` critic steps on batches of ``batch`` points of P and of Q.
    """

    method: str = "clip"
    width: int = 32
    depth: int = 3
    steps: int = 300
    batch: int = 256
    clip: float = 0.1
    lam: float = 10.0
    lr: float | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; choose one of {', '.join(METHODS)}")
        _check_int("width", self.width, 1, MAX_WIDTH)
        _check_int("depth", self.depth, 1, MAX_DEPTH)
        _check_int("steps", self.steps, 1, MAX_STEPS)
        _check_int("batch", self.batch, 2, MAX_BATCH)
        _check_int("seed", self.seed, 0, 2**31 - 1)
        _check_float("clip value c", self.clip, 0, 10, open_lo=True)
        _check_float("gradient-penalty weight λ", self.lam, 0, 1e4, open_lo=True)
        if self.lr is not None:
            _check_float("learning rate", self.lr, 0, 1, open_lo=True)

    @property
    def learning_rate(self) -> float:
        """``lr``, or the method's default when ``lr`` is None."""
        return float(self.lr) if self.lr is not None else DEFAULT_LR[self.method]


MAX_OWN_1D = 5000
"""Cap on a student's 1-D samples (a seeded random subset is kept above it, :func:`own_samples`):
f is evaluated on every sample and W1 is exact by sorting, so this only bounds memory and time."""
MAX_OWN_2D = 600
"""Cap on a student's 2-D points: the exact W1 (POT's network simplex on an n × m cost matrix)
takes about 0.1 s at 600 × 600 on one core (0.3 s at 1000 × 1000), and a page run solves one per
critic: the main run, four comparison runs and one per offset of the sweep."""


def own_samples(values, dim: int, seed: int = 0) -> tuple[Samples, int]:
    """A student's points as :class:`~divergences.points.Samples`, capped at :data:`MAX_OWN_1D`
    (1-D) or :data:`MAX_OWN_2D` (2-D) by :func:`~divergences.points.subsample`. Returns
    (samples, how many points were given)."""
    s, n = Samples.capped(values, MAX_OWN_1D if dim == 1 else MAX_OWN_2D, seed)
    if s.dim != dim:
        raise ValueError(f"expected {dim}-D points; got shape {s.values.shape}")
    return s, n


@dataclass(frozen=True)
class Problem1D:
    """P and Q on the line. Training batches are fresh draws from the distributions; the
    estimate, W1 and f* are exact on a grid of ``n_grid`` cells (exact cell masses, see
    :func:`divergences.cell_masses`) covering both supports.

    Either may instead be a student's :class:`Samples` (1-D): batches are then drawn from them
    with replacement, E f over them is the mean of f over all the samples, and W1 is exact
    between the samples (and the other distribution's cell masses on the grid). f* is drawn from
    the samples' histogram on the grid."""

    p: Dist1D | Samples
    q: Dist1D | Samples
    n_grid: int = 1024
    domain: tuple[float, float] | None = None
    """The interval that the critic's input map sends to [−1, 1] (default: the grid's range)."""

    def __post_init__(self) -> None:
        for d in (self.p, self.q):
            if not (isinstance(d, Dist1D) or (isinstance(d, Samples) and d.dim == 1)):
                raise ValueError("p and q must be Dist1D distributions or 1-D Samples")
            if isinstance(d, Samples) and d.n > MAX_OWN_1D:
                raise ValueError(f"give at most {MAX_OWN_1D} samples; got {d.n}")
        _check_int("n_grid", self.n_grid, 16, 20_000)
        if self.domain is not None:
            lo, hi = (float(v) for v in self.domain)
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise ValueError(f"domain must be two finite numbers lo < hi; got {self.domain!r}")


@dataclass(frozen=True)
class Problem2D:
    """P = data set ``p``; Q = data set ``q`` translated by ``offset``. Training batches are fresh
    draws; the estimate and the exact W1 (POT, Euclidean cost) are computed on ``n_eval``
    held-out points of each (the same points, so the two are comparable)."""

    p: str = "blob"
    q: str = "blob"
    offset: tuple[float, float] = (2.0, 0.0)
    n_eval: int = 400
    grid_n: int = 64
    """The heat map and the Lipschitz estimate use a grid_n × grid_n grid over the domain."""
    domain: tuple[float, float, float, float] | None = None
    """(xmin, xmax, ymin, ymax) of the grid; the input map sends its centre to 0 and its larger
    half-side to 1 (default: the evaluation points' bounding box, padded by 15 % + 0.1)."""
    p_samples: Samples | None = None
    """A student's points used as P instead of the data set ``p``: batches are drawn from them
    with replacement, and the estimate and the exact W1 use all of them."""
    q_samples: Samples | None = None
    """The same for Q (still translated by ``offset``)."""

    def __post_init__(self) -> None:
        for own in (self.p_samples, self.q_samples):
            if own is not None and not (isinstance(own, Samples) and own.dim == 2):
                raise ValueError("p_samples and q_samples must be 2-D Samples or None")
            if own is not None and own.n > MAX_OWN_2D:
                raise ValueError(f"give at most {MAX_OWN_2D} points; got {own.n}")
        for name in (self.p, self.q):
            if name not in DATASETS:
                raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
        off = np.asarray(self.offset, dtype=float)
        if off.shape != (2,) or not np.isfinite(off).all():
            raise ValueError(f"offset must be two finite numbers; got {self.offset!r}")
        _check_int("n_eval", self.n_eval, 10, 2000)
        _check_int("grid_n", self.grid_n, 8, 256)
        if self.domain is not None:
            d = np.asarray(self.domain, dtype=float)
            if d.shape != (4,) or not np.isfinite(d).all() or d[0] >= d[1] or d[2] >= d[3]:
                raise ValueError("domain must be (xmin, xmax, ymin, ymax) with xmin < xmax and "
                                 f"ymin < ymax; got {self.domain!r}")


Problem = Union[Problem1D, Problem2D]


def estimated_seconds(config: CriticConfig, dim: int = 1) -> float:
    """A rough, deliberately pessimistic single-core wall time of ``train_critic`` (seconds):
    steps × (overhead + multiply-adds / rate), with multiply-adds = 3 (forward and backward)
    × 2·batch points × (dim·w + (depth − 1)·w² + w); the gradient penalty costs about 1.6 times
    as much per step (a second backward pass through the input gradient)."""
    if dim not in (1, 2):
        raise ValueError(f"dim must be 1 or 2; got {dim!r}")
    w, d = config.width, config.depth
    macs = 3 * 2 * config.batch * (dim * w + (d - 1) * w * w + w)
    per_step = SECONDS_PER_STEP + macs / MACS_PER_SECOND
    if config.method == "gp":
        per_step *= 1.6
    return config.steps * per_step


def steps_within(config: CriticConfig, seconds: float, dim: int = 1) -> int:
    """The most steps (at least 1, at most ``config.steps``) whose :func:`estimated_seconds` fits
    in ``seconds``: how a page keeps one training run within its time budget."""
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"seconds must be a positive number; got {seconds!r}")
    per_step = estimated_seconds(config, dim) / config.steps
    return int(max(1, min(config.steps, math.floor(seconds / per_step))))


# --------------------------------------------------------------------------------------------
# results


@dataclass
class CriticResult:
    """What a training run gives back (numpy only, so that it can be cached and pickled).

    ``estimate`` = E_P f − E_Q f on the evaluation measures (exact cell masses in 1-D, held-out
    points in 2-D): units of x times K. ``lipschitz`` = K = max ‖∇ₓf‖ over the grid and the
    evaluation points (units of f per unit of x). ``w1`` = exact W1 of the same evaluation
    measures (units of x).
    """

    config: CriticConfig
    dim: int
    estimate: float
    lipschitz: float
    w1: float
    logged_steps: np.ndarray
    """Steps (0-based) at which the batch estimate and the gradient norms were logged."""
    batch_estimate: np.ndarray
    """mean f(P batch) − mean f(Q batch) at ``logged_steps`` (the critic loss without penalty,
    negated), before that step's update."""
    weight_grad_norms: np.ndarray
    """(len(logged_steps), n_layers): ‖∂loss/∂W_l‖_F for each linear layer, input layer first."""
    backprop_norms: np.ndarray
    """(len(logged_steps), n_layers): ‖∂(mean f(Q) − mean f(P))/∂h_l‖_F, the gradient that
    reaches the input h_l of linear layer l (h_1 = the mapped x), input layer first."""
    max_abs_param: np.ndarray
    """(steps,): max |θ| over all the critic's parameters right after each step (after clipping)."""
    params: np.ndarray
    """Every parameter of the trained critic, flattened (weights and biases)."""
    grid_x: np.ndarray
    """1-D: the grid's cell centres (n,). 2-D: the grid's x coordinates (grid_n,)."""
    f_grid: np.ndarray
    """The critic on the grid: (n,) in 1-D, (grid_n, grid_n) indexed [y, x] in 2-D."""
    grad_norm_grid: np.ndarray
    """‖∇ₓf‖ on the grid, same shape as ``f_grid``."""
    grid_y: np.ndarray | None = None
    """2-D: the grid's y coordinates (grid_n,)."""
    p_weights: np.ndarray | None = None
    """1-D: P's cell masses on the grid (sum 1)."""
    q_weights: np.ndarray | None = None
    f_star: np.ndarray | None = None
    """1-D: the exact optimal critic f* on the grid (mean zero over the grid, slope ±1)."""
    f_over_k_aligned: np.ndarray | None = None
    """1-D: f/K plus the constant that best matches f* where P or Q has mass."""
    p_points: np.ndarray | None = None
    """2-D: the evaluation points of P (n_eval, 2)."""
    q_points: np.ndarray | None = None

    @property
    def ratio(self) -> float:
        """estimate / K, comparable with W1 (units of x); NaN when K is 0."""
        return self.estimate / self.lipschitz if self.lipschitz > 0 else float("nan")

    @property
    def n_layers(self) -> int:
        return int(self.weight_grad_norms.shape[1])

    def late_backprop_norms(self, fraction: float = 0.25) -> np.ndarray:
        """Per-layer ``backprop_norms`` averaged (geometric mean) over the last ``fraction`` of
        the logged steps, input layer first: the WGAN-GP paper's "gradient norm per layer"."""
        k = max(1, int(round(len(self.logged_steps) * fraction)))
        tail = np.maximum(self.backprop_norms[-k:], np.finfo(float).tiny)
        return np.exp(np.log(tail).mean(axis=0))

    def share_at_clip(self, rel_tol: float = 1e-3) -> float:
        """The fraction of parameters with |θ| ≥ (1 − rel_tol)·c: those piled up at ±c."""
        c = self.config.clip
        return float(np.mean(np.abs(self.params) >= (1 - rel_tol) * c))

    @property
    def learned(self) -> bool:
        """False when the critic is (numerically) flat or its estimate is not positive: e.g. a
        clip c so small that the signal vanishes through the layers."""
        return bool(self.lipschitz > 1e-12 and self.estimate > 1e-12 * max(1.0, self.w1))


# --------------------------------------------------------------------------------------------
# sampling, evaluation, measurement


def sample_1d(dist: Dist1D, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` independent draws (shape (n,)) from a :class:`Dist1D` of any family (units of x):
    :meth:`Dist1D.sample`."""
    return dist.sample(n, rng)


def align_to(f, target, weights) -> np.ndarray:
    """``f + const`` with the constant that makes Σ w·(f + const − target) = 0 (a critic is only
    defined up to a constant: E_P(f + a) − E_Q(f + a) = E_P f − E_Q f)."""
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    fa = np.asarray(f, dtype=float)
    return fa + float(np.dot(w, np.asarray(target, dtype=float) - fa))


@dataclass
class _Setup:
    dim: int
    draw: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]
    eval_points: np.ndarray  # (m, d): where K is measured besides the grid
    grid_points: np.ndarray  # (g, d)
    w1: float
    estimate: Callable[[np.ndarray, np.ndarray], float]  # (f on grid, f on eval points) -> value
    center: np.ndarray  # the input map: x -> (x - center) / scale
    scale: float
    info: dict


SWEEP_JS_BINS_1D = 40
"""With a student's 1-D samples, the sweep's JS is that of histograms with this many bins over the
sweep's range (two sets of samples never share an atom, so their exact JS is always ln 2)."""


def _reach_1d(d: Dist1D | Samples) -> tuple[float, float]:
    if isinstance(d, Samples):
        v = d.values
        return float(v.min()), float(v.max())
    return d.support()


def _grid_1d(pr: Problem1D, offsets=(0.0,)) -> Grid:
    """The grid of a 1-D problem: :func:`grid_for` for two distributions (as before); with
    samples, their range (and the other distribution's support, Q at every offset), padded by
    the larger of 0.5 and 10 % of the span."""
    off = np.asarray(offsets, dtype=float)
    if isinstance(pr.p, Dist1D) and isinstance(pr.q, Dist1D):
        return grid_for(pr.p, pr.q, off, n=pr.n_grid, pad=0.5)
    (plo, phi), (qlo, qhi) = _reach_1d(pr.p), _reach_1d(pr.q)
    lo, hi = min(plo, qlo + off.min()), max(phi, qhi + off.max())
    pad = max(0.5, 0.1 * (hi - lo))
    return Grid(lo - pad, hi + pad, pr.n_grid)


def _masses_1d(d: Dist1D | Samples, grid: Grid) -> np.ndarray:
    """Cell masses on ``grid`` (sum 1): exact for a distribution, the histogram of samples."""
    if isinstance(d, Samples):
        m = np.histogram(d.values, bins=grid.edges)[0].astype(float)
    else:
        m = cell_masses(d, grid)
    return m / m.sum()


def _setup_1d(pr: Problem1D, seed: int) -> _Setup:
    grid = _grid_1d(pr)
    pm, qm = _masses_1d(pr.p, grid), _masses_1d(pr.q, grid)
    rng = np.random.default_rng([seed, 1])
    ev_p = pr.p.values if isinstance(pr.p, Samples) else sample_1d(pr.p, N_EVAL_1D, rng)
    ev_q = pr.q.values if isinstance(pr.q, Samples) else sample_1d(pr.q, N_EVAL_1D, rng)
    ev = np.concatenate([ev_p, ev_q])
    n_p = ev_p.size
    lo, hi = pr.domain if pr.domain is not None else (grid.lo, grid.hi)

    def pick(d: Dist1D | Samples, r: np.random.Generator, n: int) -> np.ndarray:
        return d.draw(r, n) if isinstance(d, Samples) else sample_1d(d, n, r)

    def draw(r: np.random.Generator, n: int):
        return pick(pr.p, r, n)[:, None], pick(pr.q, r, n)[:, None]

    own_p, own_q = isinstance(pr.p, Samples), isinstance(pr.q, Samples)
    if not (own_p or own_q):
        w1 = wasserstein1(grid.x, grid.x, pm, qm)

        def estimate(fg, fe):
            return dual_value(fg, pm, qm)
    else:
        # Exact W1 between what is used: the samples themselves, a distribution's cell masses.
        xs_p, a = (pr.p.values, None) if own_p else (grid.x, pm)
        xs_q, b = (pr.q.values, None) if own_q else (grid.x, qm)
        w1 = wasserstein1(xs_p, xs_q, a, b)

        def estimate(fg, fe):
            ep = float(fe[:n_p].mean()) if own_p else float(np.dot(pm, fg))
            eq = float(fe[n_p:].mean()) if own_q else float(np.dot(qm, fg))
            return ep - eq

    return _Setup(
        dim=1, draw=draw, eval_points=ev[:, None], grid_points=grid.x[:, None],
        w1=w1, estimate=estimate,
        center=np.array([(lo + hi) / 2]), scale=(hi - lo) / 2,
        info={"grid": grid, "pm": pm, "qm": qm},
    )


def _eval_points_2d(pr: Problem2D, seed: int) -> tuple[np.ndarray, np.ndarray]:
    off = np.asarray(pr.offset, dtype=float)
    if pr.p_samples is not None:
        xp = np.array(pr.p_samples.values)
    else:
        xp = sample_2d(pr.p, pr.n_eval, np.random.default_rng([seed, 1]))
    if pr.q_samples is not None:
        xq = pr.q_samples.values + off
    else:
        xq = transform(sample_2d(pr.q, pr.n_eval, np.random.default_rng([seed, 2])),
                       offset=off, center=np.zeros(2))
    return xp, xq


def _padded_box(points: np.ndarray) -> tuple[float, float, float, float]:
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.maximum(hi - lo, 1e-3)
    lo, hi = lo - 0.15 * span - 0.1, hi + 0.15 * span + 0.1
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def _setup_2d(pr: Problem2D, seed: int) -> _Setup:
    off = np.asarray(pr.offset, dtype=float)
    xp, xq = _eval_points_2d(pr, seed)
    both = np.concatenate([xp, xq])
    d = pr.domain if pr.domain is not None else _padded_box(both)
    lo, hi = np.array([d[0], d[2]]), np.array([d[1], d[3]])
    gx = np.linspace(lo[0], hi[0], pr.grid_n)
    gy = np.linspace(lo[1], hi[1], pr.grid_n)
    xx, yy = np.meshgrid(gx, gy)  # indexed [y, x]
    n_p = xp.shape[0]

    def draw(r: np.random.Generator, n: int):
        a = pr.p_samples.draw(r, n) if pr.p_samples is not None else sample_2d(pr.p, n, r)
        if pr.q_samples is not None:
            b = pr.q_samples.draw(r, n) + off
        else:
            b = transform(sample_2d(pr.q, n, r), offset=off, center=np.zeros(2))
        return a, b

    return _Setup(
        dim=2, draw=draw, eval_points=both, grid_points=np.stack([xx.ravel(), yy.ravel()], 1),
        w1=wasserstein1(xp, xq),
        estimate=lambda fg, fe: float(fe[:n_p].mean() - fe[n_p:].mean()),
        center=(lo + hi) / 2, scale=float(np.max(hi - lo) / 2),
        info={"gx": gx, "gy": gy, "xp": xp, "xq": xq},
    )


# --------------------------------------------------------------------------------------------
# training


def train_critic(problem: Problem, config: CriticConfig | None = None,
                 on_progress: Callable[[int, int], None] | None = None,
                 on_step: Callable[[int, nn.Module], None] | None = None) -> CriticResult:
    """Train a critic f on samples of P and Q and measure it against the exact W1.

    Each step draws fresh batches of ``config.batch`` points of P and of Q and takes one optimiser
    step on  loss = mean f(Q) − mean f(P)  (+ λ·E[(‖∇f(x̂)‖ − 1)²] for ``"gp"``); for ``"clip"``
    every parameter is then clipped into [−c, c]. ``on_progress(done, total)`` is called about 50
    times (for a progress bar); ``on_step(i, net)`` after every step with the MLP whose parameters
    are clipped (tests use it to watch them). Returns a :class:`CriticResult` with the dual
    estimate E_P f − E_Q f (units of x times K), the measured K, the exact W1 (units of x), f on a
    grid, the gradient norms per layer during training and the final parameters.
    """
    cfg = CriticConfig() if config is None else config
    if not isinstance(problem, (Problem1D, Problem2D)):
        raise ValueError("problem must be a Problem1D or a Problem2D; "
                         f"got {type(problem).__name__}")
    if not isinstance(cfg, CriticConfig):
        raise ValueError(f"config must be a CriticConfig; got {type(cfg).__name__}")
    setup = _setup(problem, cfg.seed)
    rng = np.random.default_rng([cfg.seed, 0])
    steps = cfg.steps
    log_every = max(1, steps // 100)
    progress_every = max(1, steps // 50)
    max_abs = np.empty(steps)
    logged: list[int] = []
    est_log: list[float] = []
    wnorm_log: list[list[float]] = []
    bnorm_log: list[list[float]] = []

    gen = torch.Generator().manual_seed(cfg.seed)  # the weights, then the interpolates
    with one_thread():
        net, critic = _critic(setup, cfg, gen)
        input_map = critic[0]
        params = list(net.parameters())
        linears = [m for m in net if isinstance(m, nn.Linear)]
        if cfg.method == "clip":
            clip_parameters_(net, cfg.clip)
            opt = torch.optim.RMSprop(params, lr=cfg.learning_rate, foreach=True)
        else:
            opt = torch.optim.Adam(params, lr=cfg.learning_rate, betas=(0.5, 0.9), foreach=True)
        for i in range(steps):
            a, b = setup.draw(rng, cfg.batch)
            real = torch.as_tensor(a, dtype=torch.float32)
            fake = torch.as_tensor(b, dtype=torch.float32)
            out = critic(torch.cat([real, fake]))  # one pass: ReLU nets act per sample
            gap = out[: cfg.batch].mean() - out[cfg.batch:].mean()
            loss = -gap
            if cfg.method == "gp":
                loss = loss + gradient_penalty(critic, real, fake, cfg.lam, generator=gen)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if i % log_every == 0 or i == steps - 1:
                logged.append(i)
                est_log.append(float(gap.detach()))
                wnorm_log.append([float(m.weight.grad.norm()) for m in linears])
                with torch.no_grad():
                    mr, mf = input_map(real), input_map(fake)
                bnorm_log.append(backprop_norms(net, mr, mf))
            opt.step()
            if cfg.method == "clip":
                clip_parameters_(net, cfg.clip)
            with torch.no_grad():
                max_abs[i] = float(torch.stack(torch._foreach_norm(params, math.inf)).max())
            if on_step is not None:
                on_step(i, net)
            if on_progress is not None and ((i + 1) % progress_every == 0 or i == steps - 1):
                on_progress(i + 1, steps)

    log = TrainingLog(np.asarray(logged), np.asarray(est_log), np.asarray(wnorm_log),
                      np.asarray(bnorm_log), max_abs)
    return _measured(critic, net, setup, cfg, log)


@dataclass
class TrainingLog:
    """What a training run records on its way (see the fields of :class:`CriticResult` of the
    same names)."""

    logged_steps: np.ndarray
    batch_estimate: np.ndarray
    weight_grad_norms: np.ndarray
    backprop_norms: np.ndarray
    max_abs_param: np.ndarray


def _setup(problem: Problem, seed: int) -> _Setup:
    return _setup_1d(problem, seed) if isinstance(problem, Problem1D) else _setup_2d(problem, seed)


def _critic(setup: _Setup, cfg: CriticConfig, gen: torch.Generator):
    """The critic's MLP (initialised from ``gen``, output layer zeroed) and the whole critic:
    the fixed input map, then the MLP."""
    net = seeded_mlp(setup.dim, 1, cfg.width, cfg.depth, gen)
    with torch.no_grad():  # start from a constant critic: the data, not the init, pick f's sign
        net[-1].weight.zero_()
        net[-1].bias.zero_()
    return net, nn.Sequential(InputMap(setup.center, setup.scale), net)


def _measured(critic: nn.Module, net: nn.Sequential, setup: _Setup, cfg: CriticConfig,
              log: TrainingLog) -> CriticResult:
    """Measure a trained critic against the exact answer: f and ‖∇f‖ on the grid and the
    evaluation points, the dual estimate, K, W1, and (1-D) f* and the aligned f/K."""
    with one_thread():
        f_grid, g_grid = values_and_grad_norms(critic, setup.grid_points)
        f_eval, g_eval = values_and_grad_norms(critic, setup.eval_points)
        flat = torch.cat([p.detach().flatten() for p in net.parameters()]).numpy().astype(float)
    K = float(max(g_grid.max(), g_eval.max()))
    res = CriticResult(
        config=cfg, dim=setup.dim, estimate=float(setup.estimate(f_grid, f_eval)), lipschitz=K,
        w1=float(setup.w1), logged_steps=log.logged_steps, batch_estimate=log.batch_estimate,
        weight_grad_norms=log.weight_grad_norms, backprop_norms=log.backprop_norms,
        max_abs_param=log.max_abs_param, params=flat, grid_x=np.zeros(0), f_grid=f_grid,
        grad_norm_grid=g_grid,
    )
    if setup.dim == 1:
        grid, pm, qm = setup.info["grid"], setup.info["pm"], setup.info["qm"]
        res.grid_x = grid.x
        res.p_weights, res.q_weights = pm, qm
        res.f_star = optimal_critic_1d(pm, qm, grid.h)
        res.f_over_k_aligned = align_to(f_grid / K if K > 0 else f_grid, res.f_star, pm + qm)
    else:
        gx, gy = setup.info["gx"], setup.info["gy"]
        res.grid_x, res.grid_y = gx, gy
        res.f_grid = f_grid.reshape(len(gy), len(gx))
        res.grad_norm_grid = g_grid.reshape(len(gy), len(gx))
        res.p_points, res.q_points = setup.info["xp"], setup.info["xq"]
    return res


def critic_from_parameters(problem: Problem, config: CriticConfig, params, log: TrainingLog
                           ) -> CriticResult:
    """The :class:`CriticResult` of a critic already trained on ``problem`` with ``config``,
    from its parameters (``CriticResult.params``: every weight and bias, flattened, in the
    network's order) and its training log: the same measurement :func:`train_critic` makes at
    its end, without training (one forward and backward pass over the grid, about a millisecond
    in 1-D). How page 4 shows the critics shipped with the app (:mod:`divergences.critic_defaults`).
    """
    cfg = config
    setup = _setup(problem, cfg.seed)
    flat = np.asarray(params, dtype=np.float32)
    with one_thread():
        net, critic = _critic(setup, cfg, torch.Generator().manual_seed(cfg.seed))
        n = sum(p.numel() for p in net.parameters())
        if flat.shape != (n,):
            raise ValueError(f"expected {n} parameters for this network; got {flat.shape}")
        torch.nn.utils.vector_to_parameters(torch.from_numpy(flat.copy()), net.parameters())
    return _measured(critic, net, setup, cfg, log)


# --------------------------------------------------------------------------------------------
# sweep over offsets


@dataclass
class CriticSweep:
    """A fresh critic trained at each offset θ of Q: raw estimates (units of x times K), measured
    K, the exact W1 (units of x) and JS (nats; exact on the grid in 1-D, of 30 × 30 histograms of
    the evaluation points in 2-D), with ``disjoint`` True where P and Q share (practically) no mass:
    in 1-D a shared mass Σ min(p, q) below :data:`DISJOINT_MASS`, in 2-D no histogram bin
    holding points of both."""

    offsets: np.ndarray
    estimate: np.ndarray
    lipschitz: np.ndarray
    w1: np.ndarray
    js: np.ndarray
    disjoint: np.ndarray

    @property
    def ratio(self) -> np.ndarray:
        """estimate / K at each offset (units of x); NaN where K is 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.lipschitz > 0, self.estimate / self.lipschitz, np.nan)

    @property
    def correlation(self) -> float:
        """Pearson r between the raw estimates and W1 (NaN if either is constant)."""
        if np.ptp(self.estimate) == 0 or np.ptp(self.w1) == 0:
            return float("nan")
        return float(np.corrcoef(self.estimate, self.w1)[0, 1])

    def fit(self) -> tuple[float, float]:
        """Least-squares line estimate ≈ slope·W1 + intercept; the slope is the sweep's K."""
        slope, intercept = np.polyfit(self.w1, self.estimate, 1)
        return float(slope), float(intercept)


def _sweep_problems(problem: Problem, off: np.ndarray, seed: int) -> list[Problem]:
    """One problem per offset, all with the same input map (so that K is comparable)."""
    if isinstance(problem, Problem1D):
        g = _grid_1d(problem, off)
        dom = problem.domain or (g.lo, g.hi)
        return [Problem1D(problem.p, problem.q.shifted(th), problem.n_grid, dom) for th in off]
    base = replace(problem, offset=(0.0, 0.0), domain=None)
    xp, xq = _eval_points_2d(base, seed)
    if problem.domain is not None:
        dom = problem.domain
    else:
        pts = np.concatenate([xp, xq + [off.min(), 0.0], xq + [off.max(), 0.0]])
        dom = _padded_box(pts)
    return [replace(base, offset=(float(th), 0.0), domain=dom) for th in off]


def _binned_js_1d(problem: Problem1D, off: np.ndarray) -> tuple[list, list]:
    """JS (nats) of :data:`SWEEP_JS_BINS_1D`-bin histograms of P and of Q moved by each offset,
    over the sweep's range, and whether they share no bin (for samples, see the constant)."""
    if problem.domain is not None:
        lo, hi = problem.domain
    else:
        g = _grid_1d(problem, off)
        lo, hi = g.lo, g.hi
    grid = Grid(lo, hi, SWEEP_JS_BINS_1D)
    pm = _masses_1d(problem.p, grid)
    js, disjoint = [], []
    for th in off:
        qm = _masses_1d(problem.q.shifted(th), grid)
        js.append(js_divergence(pm, qm))
        disjoint.append(bool(np.minimum(pm, qm).sum() == 0))
    return js, disjoint


def critic_sweep(problem: Problem, offsets, config: CriticConfig | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> CriticSweep:
    """Train one fresh critic (same seed and settings) at every offset θ of Q and return the
    estimates against W1 and JS.

    1-D: Q_θ = ``problem.q.shifted(θ)`` (``problem.q`` is the θ = 0 position); 2-D: Q is translated
    by (θ, 0). Every critic gets the same input map (covering all offsets), so the raw estimates
    share one scale and should track K·W1 along a line.
    """
    cfg = CriticConfig() if config is None else config
    off = np.asarray(offsets, dtype=float)
    if off.ndim != 1 or off.size < 2 or not np.isfinite(off).all():
        raise ValueError("offsets must be a 1-D array of at least two finite numbers")
    if off.size > MAX_SWEEP_OFFSETS:
        raise ValueError(f"at most {MAX_SWEEP_OFFSETS} offsets; got {off.size}")
    problems = _sweep_problems(problem, off, cfg.seed)
    est, lip, w1, js, disjoint = [], [], [], [], []
    for k, pr in enumerate(problems):
        r = train_critic(pr, cfg)
        est.append(r.estimate)
        lip.append(r.lipschitz)
        w1.append(r.w1)
        if isinstance(pr, Problem2D):
            b = binned_divergences(r.p_points, r.q_points, 30,
                                   ((pr.domain[0], pr.domain[1]), (pr.domain[2], pr.domain[3])))
            js.append(b["js"])
            disjoint.append(b["shared_bins"] == 0)
        if on_progress is not None:
            on_progress(k + 1, off.size)
    if isinstance(problem, Problem1D) and isinstance(problem.p, Dist1D) \
            and isinstance(problem.q, Dist1D):
        sw = sweep_1d(problem.p, problem.q, off, n=2048)
        js, disjoint = list(sw.js), list(sw.overlap < DISJOINT_MASS)
    elif isinstance(problem, Problem1D):
        js, disjoint = _binned_js_1d(problem, off)
    return CriticSweep(off, np.asarray(est), np.asarray(lip), np.asarray(w1), np.asarray(js),
                       np.asarray(disjoint, dtype=bool))

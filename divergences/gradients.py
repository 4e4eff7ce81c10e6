"""The generator's gradient against the optimal discriminator and the optimal critic, in 1-D.

Setting. Data P and a generator Q_θ = Q shifted by θ (a sample is x = z + θ with z ~ Q), both
discretised exactly on a grid of cells (cell masses pᵢ, qᵢ; see :func:`cell_masses`). Then

- the optimal discriminator is D*ᵢ = pᵢ / (pᵢ + qᵢ) (the ratio of densities: the cell width
  cancels), and the GAN value at D* is V(G, D*) = E_P[log D*] + E_Q[log(1 − D*)]
  = −log 4 + 2·JS(P‖Q_θ) (Goodfellow et al. 2014; C(G) of the notes, docs/DESIGN.md §1),
  exactly, on the grid;
- the generator minimises one of three losses L = E_Q[φ(x)], with the per-sample loss φ
    minimax          φ = log(1 − D*)       (nats)
    non-saturating   φ = −log D*           (nats)   Goodfellow's "−log D" trick
    WGAN             φ = −f*               (units of x), f* the exact optimal 1-Lipschitz critic
                                            (:func:`~divergences.duality.optimal_critic_1d`);
- its gradient "with D* (f*) held fixed", as in the theory, is what back-propagation gives a
  generator x = z + θ: dL/dθ = E_Q[φ′(x)] = Σᵢ qᵢ φ′(xᵢ), in nats per unit of x (unitless for
  WGAN). A positive value means gradient descent moves θ down (Q toward P when θ > 0).

How φ′ is computed (the choice, and its accuracy). φ is known on the cell centres; φ′ is taken by
a five-point (fourth-order) central difference, restricted to the cells where Q has mass: near
the ends of Q's support it drops to the three-point central difference, then to a one-sided
difference that looks only inward (the slope a boundary sample sees from inside Q's support, where
D* is defined by Q itself). Because Q_θ is translated on a uniform grid (q_{i+1}(θ) = qᵢ(θ − h)),
summation by parts turns Σ qᵢ φ′ᵢ into the five-point difference *in θ* of Σᵢ qᵢ(θ) φᵢ with φ
frozen: so the number is the θ-derivative of the discretised loss with D* held fixed, up to
O(h⁴) for smooth densities (measured: agreement to < 1e-9 for Gaussians at h ≈ 0.005, see
tests/test_gradients.py). A jump of φ inside Q's support (the edge of a uniform P) is counted
exactly as the mass flux qᵢ·Δφ (the stencil's weights sum to one across a step).

Consequences checked in the tests: for overlapping Gaussians the non-saturating gradient equals
d/dθ[KL(Q_θ‖P) − 2·JS(P‖Q_θ)] (Arjovsky & Bottou 2017, Theorem 2.5: a *gradient* identity, not a
value identity); for disjoint supports the minimax gradient is exactly 0 (D* is flat on Q's
support) while the WGAN gradient has magnitude 1; the non-saturating loss is +∞ there (D* = 0
under Q's samples) and its gradient undefined (NaN).

The second half: :func:`train_discriminator_steps` trains a small real discriminator (torch MLP
from :mod:`divergences.nets`) for k steps and measures the same generator gradients with D_k in
place of D*; :func:`kl_integrand` and :func:`asymmetry_cases` draw the asymmetry of
KL(P_G‖P_data) behind mode collapse (the notes' two cases).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from scipy.special import xlogy

from ._validate import as_weights, same_shape
from .distributions import Dist1D, Grid, cell_masses, grid_for
from .duality import optimal_critic_1d

OBJECTIVES = ("minimax", "nonsaturating", "wgan")
"""The three generator losses, in the order the pages draw them."""

GRADIENT_FAMILIES = ("gaussian", "uniform", "mixture")
"""Families with a density (a point mass has none, so D* has no slope to follow)."""

ZERO_TOL = 1e-12
"""A gradient smaller than this in magnitude is zero to rounding: the sums are of order one and
leave ~1e-15 where the exact value is 0 (e.g. θ = 0, where D* = ½ everywhere)."""

DEFAULT_CHECKPOINTS = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500)
"""Numbers of discriminator steps k at which :func:`train_discriminator_steps` measures."""

LOG4 = math.log(4.0)


# ---------------------------------------------------------------------------------------------
# The optimal discriminator and the value V(G, D*)
# ---------------------------------------------------------------------------------------------
def optimal_discriminator(p, q) -> np.ndarray:
    """D* = p / (p + q) per cell for weights ``p``, ``q`` on the same cells (normalised inside).

    Unitless, in [0, 1]: 1 where only P has mass, 0 where only Q has mass, ½ where they agree,
    NaN where neither has mass (there is nothing to discriminate; the value is never used).
    """
    pa = as_weights(p, "p")
    qa = as_weights(q, "q")
    same_shape(pa, qa)
    s = pa + qa
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s > 0, pa / np.where(s > 0, s, 1.0), np.nan)


def gan_value(p, q) -> float:
    """V(G, D*) = E_P[log D*] + E_Q[log(1 − D*)] = Σ pᵢ log(pᵢ/(pᵢ+qᵢ)) + Σ qᵢ log(qᵢ/(pᵢ+qᵢ)),
    in nats, with 0·log 0 = 0. Equals −log 4 + 2·JS(P‖Q) (in [−log 4, 0])."""
    pa = as_weights(p, "p")
    qa = as_weights(q, "q")
    same_shape(pa, qa)
    s = pa + qa
    safe = np.where(s > 0, s, 1.0)
    return float(xlogy(pa, pa / safe).sum() + xlogy(qa, qa / safe).sum())


# ---------------------------------------------------------------------------------------------
# Per-sample losses and their slopes on the grid
# ---------------------------------------------------------------------------------------------
def _logs(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore"):
        return np.log(p), np.log(q)


def minimax_phi(lp: np.ndarray, lq: np.ndarray) -> np.ndarray:
    """log(1 − D*) = −log(1 + p/q) from ln p and ln q (stable when p ≪ q: tiny, not rounded to 0).
    Finite wherever q > 0."""
    with np.errstate(invalid="ignore"):
        return -np.logaddexp(0.0, lp - lq)


def nonsaturating_phi(lp: np.ndarray, lq: np.ndarray) -> np.ndarray:
    """−log D* = log(1 + q/p) from ln p and ln q; +∞ where q > 0 and p = 0."""
    with np.errstate(invalid="ignore"):
        return np.logaddexp(0.0, lq - lp)


def slope_on_support(phi: np.ndarray, inside: np.ndarray, h: float) -> np.ndarray:
    """dφ/dx on the cells where ``inside`` is True (along the last axis), 0 elsewhere.

    Five-point central difference (φ₋₂ − 8φ₋₁ + 8φ₊₁ − φ₊₂)/(12h) where the four neighbours are
    inside; else (φ₊₁ − φ₋₁)/(2h); else a one-sided difference toward the inside neighbour; 0 for
    an isolated cell. Values outside are never read (they may be ±∞ or NaN); ±∞ inside gives NaN.
    """
    phi = np.asarray(phi, dtype=float)
    inside = np.asarray(inside, dtype=bool)
    if phi.shape != inside.shape:
        raise ValueError(f"phi and inside must have the same shape; got {phi.shape} and "
                         f"{inside.shape}")
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"cell width h must be a positive number; got {h}")
    f = np.where(inside, phi, 0.0)
    n = f.shape[-1]
    out = np.zeros_like(f)
    with np.errstate(invalid="ignore"):
        if n >= 5:
            out[..., 2:-2] = (f[..., :-4] - 8.0 * f[..., 1:-3] + 8.0 * f[..., 3:-1]
                              - f[..., 4:]) / (12.0 * h)
    # Cells whose five-point window is not wholly inside: few (the ends of Q's support), so they
    # are fixed one by one with index arrays instead of four shifted copies of the whole array.
    c = np.zeros(f.shape[:-1] + (n + 5,), dtype=np.int32)
    np.cumsum(inside, axis=-1, out=c[..., 3:n + 3])
    c[..., n + 3:] = c[..., n + 2:n + 3]
    window = c[..., 5:] - c[..., :-5]  # number of inside cells in [i − 2, i + 2]
    fix = np.nonzero(inside & (window < 5))
    if fix[0].size:
        *rows, col = fix
        rows = tuple(rows)

        def at(k):
            j = col + k
            ok = (j >= 0) & (j < n)
            jj = np.clip(j, 0, n - 1)
            return np.where(ok, inside[rows + (jj,)], False), f[rows + (jj,)]

        im1, fm1 = at(-1)
        ip1, fp1 = at(1)
        f0 = f[fix]
        with np.errstate(invalid="ignore"):
            val = np.where(im1 & ip1, (fp1 - fm1) / (2.0 * h),
                           np.where(ip1, (fp1 - f0) / h, np.where(im1, (f0 - fm1) / h, 0.0)))
        out[fix] = val
    return np.where(inside, out, 0.0)


def _check_family(d: Dist1D, name: str) -> None:
    if not isinstance(d, Dist1D):
        raise ValueError(f"{name} must be a Dist1D; got {type(d).__name__}")
    if d.family not in GRADIENT_FAMILIES:
        raise ValueError(f"{name} is a {d.family}: the generator's gradient needs a density; "
                         f"choose one of {', '.join(GRADIENT_FAMILIES)}")


def _check_aligned(d: Dist1D, offsets: np.ndarray, grid: Grid, name: str) -> None:
    """A uniform's ends (for every offset) must fall on cell edges: a partly covered cell at the
    edge of Q's support would make D* = p/(p + q) jump there, an artefact of the grid that the
    slope would read as a real (and large) gradient."""
    if d.family != "uniform":
        return
    ends = np.concatenate([d.loc - d.width / 2 + offsets, d.loc + d.width / 2 + offsets])
    r = (ends - grid.lo) / grid.h
    if np.abs(r - np.round(r)).max() > 1e-6:
        raise ValueError(f"{name} is a uniform whose ends do not fall on the grid's cell edges "
                         f"(cell width {grid.h:g}); use gradient_grid() or offsets on the edges")


def clean_cell_masses(d: Dist1D, grid: Grid, offsets=None) -> np.ndarray:
    """:func:`cell_masses`, with a uniform's rounding crumbs removed: the CDF difference leaves
    ~1e-16 in the cell just outside an end that falls on an edge, and such a cell would count as
    part of Q's support (where D* = p/(p+q) jumps to 1), so masses below 1e-9 of a full cell are
    set to 0. (Gaussian tails are real mass and are kept, however small.)"""
    m = cell_masses(d, grid, offsets)
    if d.family == "uniform":
        m = np.where(m < 1e-9 * grid.h / d.width, 0.0, m)
    return m


def gradient_grid(p: Dist1D, theta_max: float, cells_per_unit: int = 200,
                  theta_min: float = 0.0, pad: float = 0.5) -> Grid:
    """A grid for P and its translates by θ in [theta_min, theta_max] whose cell edges are the
    multiples of h = 1/``cells_per_unit``: a uniform with ends on such multiples, shifted by
    offsets on them, is then represented exactly (see :func:`generator_gradients`)."""
    if not (np.isfinite(theta_min) and np.isfinite(theta_max) and theta_min <= theta_max):
        raise ValueError(f"need finite theta_min <= theta_max; got {theta_min}, {theta_max}")
    if int(cells_per_unit) < 1:
        raise ValueError(f"cells_per_unit must be >= 1; got {cells_per_unit}")
    c = int(cells_per_unit)
    lo0, hi0 = p.support()
    lo = math.floor((lo0 + min(0.0, theta_min) - pad) * c)
    hi = math.ceil((hi0 + max(0.0, theta_max) + pad) * c)
    return Grid(lo / c, hi / c, hi - lo)


@dataclass(frozen=True)
class GradientSweep:
    """The three generator losses and their gradients (D*, f* held fixed) for every offset θ.

    Arrays of shape (k,). Losses: minimax and non-saturating in nats, WGAN in units of x.
    Gradients dL/dθ: nats per unit of x (minimax, non-saturating), unitless (WGAN); positive means
    descent moves θ down. ``nonsat_loss`` is +∞ and ``nonsat_grad`` NaN where Q has mass where P
    has none (D* = 0 under Q's samples). ``value`` = V(G, D*) and ``js`` = JS(P‖Q_θ), in nats.
    """

    offsets: np.ndarray
    minimax_loss: np.ndarray
    nonsat_loss: np.ndarray
    wgan_loss: np.ndarray
    minimax_grad: np.ndarray
    nonsat_grad: np.ndarray
    wgan_grad: np.ndarray
    value: np.ndarray
    js: np.ndarray
    overlap: np.ndarray
    """Σ min(p, q): 0 exactly where the discretised supports are disjoint."""
    grid: Grid

    def grad(self, objective: str) -> np.ndarray:
        """The gradient array of ``objective`` (one of :data:`OBJECTIVES`)."""
        return {"minimax": self.minimax_grad, "nonsaturating": self.nonsat_grad,
                "wgan": self.wgan_grad}[objective]

    def loss(self, objective: str) -> np.ndarray:
        return {"minimax": self.minimax_loss, "nonsaturating": self.nonsat_loss,
                "wgan": self.wgan_loss}[objective]


def generator_gradients(p: Dist1D, offsets, grid: Grid | None = None, q: Dist1D | None = None,
                        n: int = 4096) -> GradientSweep:
    """Losses and gradients of the three generator objectives for Q_θ = Q shifted by each θ.

    ``q`` defaults to ``p`` (the generator is the data distribution translated by θ); ``grid``
    defaults to :func:`grid_for` with ``n`` cells covering P and every translate. For each θ:
    D* = p/(p + q_θ), f* = ``optimal_critic_1d(p, q_θ, h)``, losses Σ q_θ φ and gradients
    Σ q_θ φ′ as described in the module docstring (exact on the grid up to O(h⁴)).
    """
    q = p if q is None else q
    _check_family(p, "P")
    _check_family(q, "Q")
    off = np.asarray(offsets, dtype=float).ravel()
    if off.size == 0 or not np.isfinite(off).all():
        raise ValueError("offsets must be a non-empty list of finite numbers")
    g = grid if grid is not None else grid_for(p, q, off, n=n)
    _check_aligned(p, np.zeros(1), g, "P")
    _check_aligned(q, off, g, "Q")
    pm = clean_cell_masses(p, g)
    if pm.sum() <= 0:
        raise ValueError("the grid does not cover P; widen it")
    pm = pm / pm.sum()
    Q = clean_cell_masses(q, g, off)
    tot = Q.sum(axis=1, keepdims=True)
    if (tot <= 0).any():
        raise ValueError("the grid does not cover every translate of Q; widen it")
    Q = Q / tot
    inside = Q > 0
    lp, lq = _logs(pm[None, :], Q)

    phi_mm = minimax_phi(lp, lq)
    phi_ns = nonsaturating_phi(lp, lq)
    F = np.stack([optimal_critic_1d(pm, row, g.h) for row in Q])

    def loss(phi):
        with np.errstate(invalid="ignore"):
            return np.where(inside, Q * phi, 0.0).sum(axis=1)

    def grad(phi):
        with np.errstate(invalid="ignore"):
            return (Q * slope_on_support(phi, inside, g.h)).sum(axis=1)

    ns_loss = loss(phi_ns)
    ns_grad = np.where(np.isfinite(ns_loss), grad(phi_ns), np.nan)
    s = pm[None, :] + Q
    safe = np.where(s > 0, s, 1.0)
    value = xlogy(pm[None, :], pm[None, :] / safe).sum(axis=1) + xlogy(Q, Q / safe).sum(axis=1)
    return GradientSweep(
        offsets=off,
        minimax_loss=loss(phi_mm),
        nonsat_loss=ns_loss,
        wgan_loss=loss(-F),
        minimax_grad=grad(phi_mm),
        nonsat_grad=ns_grad,
        wgan_grad=grad(-F),
        value=value,
        js=np.clip((value + LOG4) / 2.0, 0.0, math.log(2.0)),
        overlap=np.minimum(pm[None, :], Q).sum(axis=1),
        grid=g,
    )


# ---------------------------------------------------------------------------------------------
# A real discriminator trained k steps
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KStepsRun:
    """Generator gradients measured with a discriminator D_k trained k steps (arrays over k).

    ``minimax_grad`` = E_Q[d/dx log(1 − D_k(x))] and ``nonsat_grad`` = E_Q[d/dx(−log D_k(x))] in
    nats per unit of x (positive: descent moves Q toward P when θ > 0); ``js_estimate`` =
    (V(G, D_k) + log 4)/2 in nats, a lower bound of JS that reaches it at D*. ``exact_*`` are the
    same quantities with D* (from :func:`generator_gradients` on a fine grid). ``seconds`` is the
    wall time of the training.
    """

    theta: float
    steps: np.ndarray
    minimax_grad: np.ndarray
    nonsat_grad: np.ndarray
    js_estimate: np.ndarray
    exact_minimax_grad: float
    exact_nonsat_grad: float
    exact_js: float
    seconds: float


def train_discriminator_steps(p: Dist1D, theta: float, checkpoints=DEFAULT_CHECKPOINTS,
                              n: int = 384, width: int = 32, depth: int = 2, lr: float = 0.01,
                              seed: int = 0) -> KStepsRun:
    """Train a discriminator D = sigmoid(MLP(x)) between P and Q_θ = P shifted by θ; after each
    number of steps in ``checkpoints`` measure the generator's gradients with it.

    Training is full-batch Adam (learning rate ``lr``) on the exact cell masses of an ``n``-cell
    grid: the loss is −V(G, D) = Σ pᵢ softplus(−lᵢ) + Σ qᵢ softplus(lᵢ), l = the MLP's logit, so
    there is no sampling noise, only the discriminator's own progress. The MLP is
    ``divergences.nets.seeded_mlp(1, 1, width, depth)`` in float64, initialised from ``seed`` with
    PyTorch's default ranges U(±1/√fan_in) (the global random stream is not touched); its
    input is the grid rescaled to [−1, 1]. Gradients in x are taken by autograd (exact for the
    network), weighted by the cell masses of Q_θ.
    """
    _check_family(p, "P")
    if not np.isfinite(theta):
        raise ValueError(f"theta must be a finite number; got {theta}")
    ks = np.unique(np.asarray(checkpoints, dtype=int))
    if ks.size == 0 or ks[0] < 0:
        raise ValueError("checkpoints must be a non-empty list of step counts >= 0")
    if ks[-1] > 20_000:
        raise ValueError(f"at most 20000 training steps; got {ks[-1]}")
    if not (lr > 0 and np.isfinite(lr)):
        raise ValueError(f"learning rate must be > 0; got {lr}")

    import torch
    import torch.nn.functional as tf

    from .nets import one_thread, seeded_mlp

    q = p.shifted(theta)
    grid = grid_for(p, q, [0.0], n=n)
    pm = clean_cell_masses(p, grid)
    qm = clean_cell_masses(q, grid)
    pm, qm = pm / pm.sum(), qm / qm.sum()
    exact = generator_gradients(p, [theta], gradient_grid(p, theta, theta_min=theta))

    dt = torch.float64
    mid, half = 0.5 * (grid.lo + grid.hi), 0.5 * (grid.hi - grid.lo)
    x = torch.tensor((grid.x - mid) / half, dtype=dt)[:, None]
    wp = torch.tensor(pm, dtype=dt)
    wq = torch.tensor(qm, dtype=dt)
    net = seeded_mlp(1, 1, width, depth, torch.Generator().manual_seed(int(seed)), dtype=dt)
    opt = torch.optim.Adam(net.parameters(), lr=lr)

    mm, ns, js = [], [], []

    def measure() -> None:
        xr = x.clone().requires_grad_(True)
        logit = net(xr).squeeze(1)
        value = -(wp * tf.softplus(-logit)).sum() - (wq * tf.softplus(logit)).sum()
        loss_mm = -(wq * tf.softplus(logit)).sum()  # Σ q log(1 − D)
        loss_ns = (wq * tf.softplus(-logit)).sum()  # Σ q (−log D)
        (g_mm,) = torch.autograd.grad(loss_mm, xr, retain_graph=True)
        (g_ns,) = torch.autograd.grad(loss_ns, xr)
        # d/dx of the real coordinate = d/dx_scaled / half
        mm.append(float(g_mm.sum()) / half)
        ns.append(float(g_ns.sum()) / half)
        js.append((float(value.detach()) + LOG4) / 2.0)

    want = set(int(k) for k in ks)
    with one_thread():
        t0 = time.perf_counter()
        for step in range(int(ks[-1]) + 1):
            if step in want:
                measure()
            if step == ks[-1]:
                break
            logit = net(x).squeeze(1)
            loss = (wp * tf.softplus(-logit)).sum() + (wq * tf.softplus(logit)).sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - t0
    return KStepsRun(
        theta=float(theta), steps=ks, minimax_grad=np.array(mm), nonsat_grad=np.array(ns),
        js_estimate=np.array(js), exact_minimax_grad=float(exact.minimax_grad[0]),
        exact_nonsat_grad=float(exact.nonsat_grad[0]), exact_js=float(exact.js[0]),
        seconds=seconds,
    )


# ---------------------------------------------------------------------------------------------
# The asymmetry of KL(P_G‖P_data): dropping a mode is cheap, making fakes is ruinous
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KLIntegrand:
    """The integrand of KL(P_G‖P_data) over x and its total.

    ``density`` = p_G(x)·ln(p_G(x)/p_data(x)) per cell divided by the cell width (nats per unit
    of x; +∞ where p_G > 0 and p_data = 0); ``total`` = its sum times h = KL(P_G‖P_data) in nats.
    ``nonsat_loss`` = E_{P_G}[−log D*]
    and ``minimax_loss`` = E_{P_G}[log(1 − D*)] with D* = p_data/(p_data + p_G), in nats.
    """

    x: np.ndarray
    density: np.ndarray
    total: float
    nonsat_loss: float
    minimax_loss: float


def kl_integrand(p_g: Dist1D, p_data: Dist1D, grid: Grid) -> KLIntegrand:
    """Integrand and total of KL(P_G‖P_data) = ∫ p_G ln(p_G/p_data) dx on ``grid`` (cell masses)."""
    _check_family(p_g, "P_G")
    _check_family(p_data, "P_data")
    g = clean_cell_masses(p_g, grid)
    d = clean_cell_masses(p_data, grid)
    if g.sum() <= 0 or d.sum() <= 0:
        raise ValueError("the grid does not cover the distributions; widen it")
    g, d = g / g.sum(), d / d.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(g > 0, np.where(d > 0, xlogy(g, g) - xlogy(g, d), np.inf), 0.0)
    ld, lg = _logs(d, g)
    inside = g > 0
    with np.errstate(invalid="ignore"):
        ns = float(np.where(inside, g * nonsaturating_phi(ld, lg), 0.0).sum())
        mm = float(np.where(inside, g * minimax_phi(ld, lg), 0.0).sum())
    return KLIntegrand(x=grid.x, density=terms / grid.h, total=float(terms.sum()),
                       nonsat_loss=ns, minimax_loss=mm)


ASYMMETRY_SEP = 4.0
"""Distance between the two modes of the data in the asymmetry panel (modes at ±2)."""


def asymmetry_cases(sigma: float) -> tuple[Dist1D, Dist1D, Dist1D]:
    """The notes' two cases, with data P_data = ½N(−2, σ²) + ½N(2, σ²):

    - ``drop``: P_G = N(−2, σ²), all its mass on one real mode and none on the other
      (p_G → 0 where p_data > 0: KL(P_G‖P_data) = ln 2 − ε, whatever σ);
    - ``fake``: P_G = ½N(−2, σ²) + ½N(0, σ²), half its mass between the modes, where p_data → 0
      (the penalty there grows like 1/σ² and → +∞ as σ → 0).

    Returns (data, drop, fake). ``sigma`` in units of x, in (0, 2].
    """
    if not (np.isfinite(sigma) and 0 < sigma <= 2):
        raise ValueError(f"sigma must be in (0, 2]; got {sigma}")
    c = ASYMMETRY_SEP / 2
    data = Dist1D("mixture", loc=0.0, width=sigma, sep=ASYMMETRY_SEP)
    drop = Dist1D("gaussian", loc=-c, width=sigma)
    fake = Dist1D("mixture", loc=-c / 2, width=sigma, sep=c)
    return data, drop, fake


def asymmetry_grid(sigma: float, n: int = 4000) -> Grid:
    """A grid covering the three distributions of :func:`asymmetry_cases` (±(2 + 8σ))."""
    half = ASYMMETRY_SEP / 2 + 8.0 * sigma
    return Grid(-half, half, n)

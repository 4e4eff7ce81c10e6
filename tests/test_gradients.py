"""The generator's gradient (divergences.gradients): the GAN value at D*, Arjovsky & Bottou's
Theorem 2.5, vanishing minimax gradients on disjoint supports, the WGAN gradient, closed forms for
Gaussians, the KL asymmetry panel and the discriminator trained k steps."""

import math

import numpy as np
import pytest
from scipy import integrate
from scipy.stats import norm

from divergences import Dist1D, Grid, cell_masses, js_divergence, kl_divergence
from divergences.gradients import (DEFAULT_CHECKPOINTS, ZERO_TOL, asymmetry_cases,
                                   asymmetry_grid, clean_cell_masses, gan_value,
                                   generator_gradients, gradient_grid, kl_integrand,
                                   minimax_phi, nonsaturating_phi, optimal_discriminator,
                                   slope_on_support, train_discriminator_steps)

LOG4 = math.log(4.0)
GAUSS = Dist1D("gaussian", 0.0, 1.0)
NARROW = Dist1D("gaussian", 0.0, 0.5)
MIX = Dist1D("mixture", 0.0, 0.7, 3.0)
UNIF = Dist1D("uniform", 0.5, 1.0)  # U[0, 1]


def masses(p: Dist1D, q: Dist1D, g: Grid):
    pm, qm = clean_cell_masses(p, g), clean_cell_masses(q, g)
    return pm / pm.sum(), qm / qm.sum()


# --- the value V(G, D*) = −log 4 + 2·JS ------------------------------------------------------


@pytest.mark.parametrize("p, theta", [(GAUSS, 0.0), (GAUSS, 0.7), (GAUSS, 3.0), (NARROW, 5.0),
                                      (MIX, 1.3), (UNIF, 0.35), (UNIF, 1.0), (UNIF, 2.5)])
def test_value_at_optimal_discriminator_is_minus_log4_plus_2js(p, theta):
    g = gradient_grid(p, 6.0)
    pm, qm = masses(p, p.shifted(theta), g)
    v = gan_value(pm, qm)
    assert v == pytest.approx(-LOG4 + 2 * js_divergence(pm, qm), abs=1e-12)
    # by hand: log D* = log(p/(p+q)), log(1 − D*) = log(q/(p+q)) (not log(1 − D*), which rounds
    # to log 0 where D* ≈ 1 − 1e-17)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_hand = np.nansum(np.where(pm > 0, pm * np.log(pm / (pm + qm)), 0.0)) + np.nansum(
            np.where(qm > 0, qm * np.log(qm / (pm + qm)), 0.0))
    assert v == pytest.approx(by_hand, abs=1e-12)
    s = generator_gradients(p, [theta], grid=g)
    assert s.value[0] == pytest.approx(v, abs=1e-12)
    assert s.js[0] == pytest.approx(js_divergence(pm, qm), abs=1e-12)


def test_value_is_zero_and_js_ln2_for_disjoint_supports():
    s = generator_gradients(UNIF, [1.0, 2.0, 5.5], grid=gradient_grid(UNIF, 6.0))
    assert np.allclose(s.value, 0.0, atol=1e-12)
    assert np.allclose(s.js, math.log(2), atol=1e-12)
    assert np.all(s.overlap == 0.0)


def test_optimal_discriminator_values():
    d = optimal_discriminator([0.5, 0.5, 0.0, 0.0], [0.0, 0.25, 0.75, 0.0])
    assert d[0] == 1.0 and d[1] == pytest.approx(2 / 3) and d[2] == 0.0 and np.isnan(d[3])


# --- Theorem 2.5: the −log D gradient is the gradient of KL(Q‖P) − 2·JS ------------------------


def kl_minus_2js(p: Dist1D, g: Grid, theta: float) -> float:
    pm = cell_masses(p, g)
    qm = cell_masses(p.shifted(theta), g)
    return kl_divergence(qm, pm) - 2 * js_divergence(pm, qm)


def d_dtheta(f, theta: float, d: float = 1e-4) -> float:
    """Five-point central difference (error ~d⁴)."""
    return (8 * (f(theta + d) - f(theta - d)) - (f(theta + 2 * d) - f(theta - 2 * d))) / (12 * d)


@pytest.mark.parametrize("p", [GAUSS, NARROW, MIX], ids=["N(0,1)", "N(0,0.25)", "mixture"])
@pytest.mark.parametrize("theta", [0.3, 1.0, 2.0, 3.0])
def test_nonsaturating_gradient_is_gradient_of_kl_minus_2js(p, theta):
    g = gradient_grid(p, 4.0)
    ns = generator_gradients(p, [theta], grid=g).nonsat_grad[0]
    rhs = d_dtheta(lambda t: kl_minus_2js(p, g, t), theta)
    assert ns == pytest.approx(rhs, abs=1e-6)
    assert ns > 0.1  # a real gradient, not two zeros agreeing


def test_theorem_2_5_is_a_gradient_identity_not_a_value_identity():
    g = gradient_grid(GAUSS, 4.0)
    theta = 1.5
    s = generator_gradients(GAUSS, [theta], grid=g)
    value_gap = s.nonsat_loss[0] - kl_minus_2js(GAUSS, g, theta)
    # E_Q[−log D*] = KL − 2JS + log 4 + E_P[log D*]: the values differ by a clearly nonzero amount
    pm, qm = masses(GAUSS, GAUSS.shifted(theta), g)
    e_p_log_d = float(np.sum(pm * np.log(optimal_discriminator(pm, qm))))
    assert value_gap == pytest.approx(LOG4 + e_p_log_d, abs=1e-9)
    assert abs(value_gap) > 0.5
    # ...while the total θ-derivative of the −log D loss (D* moving too) is not the generator's
    # gradient either: only the gradient with D* frozen obeys the theorem.
    total = d_dtheta(lambda t: generator_gradients(GAUSS, [t], grid=g).nonsat_loss[0], theta)
    assert abs(total - s.nonsat_grad[0]) > 0.1


@pytest.mark.parametrize("p, theta", [(GAUSS, 0.5), (GAUSS, 2.5), (MIX, 1.0), (NARROW, 1.7)])
def test_gradient_is_the_theta_derivative_with_the_discriminator_frozen(p, theta):
    """The definition: d/dθ' Σ q_i(θ') φ_i(θ) at θ' = θ, φ frozen at θ (documented accuracy)."""
    g = gradient_grid(p, 4.0)
    s = generator_gradients(p, [theta], grid=g)
    pm, qm = masses(p, p.shifted(theta), g)
    lp, lq = np.log(pm), np.log(qm)
    frozen = {"minimax": minimax_phi(lp, lq), "nonsaturating": nonsaturating_phi(lp, lq)}
    for name, phi in frozen.items():
        def loss(t, phi=phi):
            q = clean_cell_masses(p.shifted(t), g)
            return float(np.dot(q / q.sum(), phi))
        assert s.grad(name)[0] == pytest.approx(d_dtheta(loss, theta), abs=1e-8), name


# --- closed forms for N(0, 1) against N(θ, 1) -------------------------------------------------


@pytest.mark.parametrize("theta", [0.5, 1.0, 2.0, 4.0, 7.0])
def test_gaussian_gradients_match_closed_forms(theta):
    """With p = N(0,1), q = N(θ,1): D* = σ(−u), u = θx − θ²/2, so d/dx log(1 − D*) = θ·D* and
    d/dx(−log D*) = θ·(1 − D*): the gradients are θ·E_Q[D*] and θ·E_Q[1 − D*]."""
    def e_q(f):
        return integrate.quad(lambda x: f(x) * norm.pdf(x, theta), theta - 12, theta + 12,
                              epsabs=1e-15, epsrel=1e-12, limit=200)[0]
    dstar = lambda x: 1.0 / (1.0 + np.exp(theta * x - theta ** 2 / 2))  # noqa: E731
    mm = theta * e_q(dstar)
    ns = theta * e_q(lambda x: 1 - dstar(x))
    s = generator_gradients(GAUSS, [theta], grid=gradient_grid(GAUSS, 8.0))
    # the grid's cells carry the Gaussian with variance 1 + h²/12: agreement to ~1e-5 relative
    assert s.minimax_grad[0] == pytest.approx(mm, rel=3e-5)
    assert s.nonsat_grad[0] == pytest.approx(ns, rel=3e-5)
    assert s.wgan_grad[0] == pytest.approx(1.0, abs=1e-9)


def test_minimax_gradient_vanishes_nonsat_grows_wgan_constant_for_gaussians():
    off = np.arange(0.0, 10.01, 0.5)
    s = generator_gradients(GAUSS, off, grid=gradient_grid(GAUSS, 10.0, 100))
    far = off >= 3
    assert np.all(np.diff(s.minimax_grad[far]) < 0)
    assert s.minimax_grad[-1] < 1e-5 * s.minimax_grad.max()  # five orders of magnitude
    assert np.all(np.diff(s.nonsat_grad[1:]) > 0)
    assert s.nonsat_grad[-1] == pytest.approx(10.0, rel=1e-3)  # → θ
    assert np.allclose(s.wgan_grad[1:], 1.0, atol=1e-9)
    assert abs(s.wgan_grad[0]) < ZERO_TOL and abs(s.minimax_grad[0]) < ZERO_TOL  # P = Q


def test_gradients_flip_sign_when_the_generator_is_on_the_other_side():
    s = generator_gradients(GAUSS, [-2.0, 2.0], grid=gradient_grid(GAUSS, 2.0, theta_min=-2.0))
    for name in ("minimax", "nonsaturating", "wgan"):
        g = s.grad(name)
        assert g[0] == pytest.approx(-g[1], rel=1e-9), name
        assert g[1] > 0


# --- disjoint supports ------------------------------------------------------------------------


@pytest.mark.parametrize("theta", [1.0, 1.05, 2.0, 3.5, 7.25])
def test_disjoint_supports_minimax_zero_wgan_one_nonsat_undefined(theta):
    s = generator_gradients(UNIF, [theta], grid=gradient_grid(UNIF, 8.0))
    assert s.overlap[0] == 0.0
    assert abs(s.minimax_grad[0]) <= 1e-9
    assert s.minimax_loss[0] == 0.0  # log(1 − 0) under every sample
    assert abs(s.wgan_grad[0]) == pytest.approx(1.0, abs=1e-9)
    assert math.isinf(s.nonsat_loss[0]) and math.isnan(s.nonsat_grad[0])


@pytest.mark.parametrize("theta", [0.05, 0.4, 0.95])
def test_overlapping_uniforms_minimax_gradient_is_ln2(theta):
    """D* jumps from ½ (overlap) to 0 (Q only) at x = 1, inside Q's support: the jump of
    log(1 − D*), ln 2, times Q's density 1 is the gradient; it equals dE_Q[log(1−D*)]/dθ."""
    g = gradient_grid(UNIF, 2.0)
    s = generator_gradients(UNIF, [theta - 0.05, theta, theta + 0.05], grid=g)
    assert s.minimax_grad[1] == pytest.approx(math.log(2), abs=1e-12)
    assert s.wgan_grad[1] == pytest.approx(1.0, abs=1e-12)
    if theta > 0.05:
        slope = (s.minimax_loss[2] - s.minimax_loss[0]) / 0.1
        assert slope == pytest.approx(math.log(2), abs=1e-9)


# --- the slope on the grid --------------------------------------------------------------------


def test_slope_on_support_matches_the_stencils_cell_by_cell():
    rng = np.random.default_rng(0)
    for _ in range(150):
        n = int(rng.integers(1, 12))
        phi = rng.normal(size=(3, n))
        inside = rng.random((3, n)) < 0.7
        got = slope_on_support(phi, inside, 0.5)
        ref = np.zeros_like(phi)
        for r in range(3):
            for i in range(n):
                if not inside[r, i]:
                    continue
                ok = lambda k: 0 <= i + k < n and inside[r, i + k]  # noqa: E731
                f = phi[r]
                if all(ok(k) for k in (-2, -1, 1, 2)):
                    ref[r, i] = (f[i - 2] - 8 * f[i - 1] + 8 * f[i + 1] - f[i + 2]) / 6.0
                elif ok(-1) and ok(1):
                    ref[r, i] = f[i + 1] - f[i - 1]
                elif ok(1):
                    ref[r, i] = (f[i + 1] - f[i]) / 0.5
                elif ok(-1):
                    ref[r, i] = (f[i] - f[i - 1]) / 0.5
        np.testing.assert_allclose(got, ref, atol=1e-12)


def test_slope_is_exact_for_lines_and_never_reads_outside():
    x = np.linspace(0, 1, 40)
    inside = (x > 0.2) & (x < 0.7)
    phi = np.where(inside, 3.0 * x - 1.0, np.inf)  # garbage outside must not leak in
    d = slope_on_support(phi, inside, x[1] - x[0])
    assert np.allclose(d[inside], 3.0) and np.all(d[~inside] == 0)


# --- bad input --------------------------------------------------------------------------------


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="needs a density"):
        generator_gradients(Dist1D("point", 0.0), [1.0])
    with pytest.raises(ValueError, match="cell edges"):
        generator_gradients(UNIF, [0.3333], grid=gradient_grid(UNIF, 1.0))
    with pytest.raises(ValueError, match="finite"):
        generator_gradients(GAUSS, [np.nan])
    with pytest.raises(ValueError, match="cover"):
        generator_gradients(GAUSS, [50.0], grid=Grid(-5, 5, 100))
    with pytest.raises(ValueError, match="same shape"):
        slope_on_support(np.zeros(3), np.ones(4, bool), 0.1)
    with pytest.raises(ValueError, match="sigma"):
        asymmetry_cases(0.0)
    with pytest.raises(ValueError, match="theta"):
        train_discriminator_steps(GAUSS, math.inf)
    with pytest.raises(ValueError, match="at most"):
        train_discriminator_steps(GAUSS, 1.0, checkpoints=[10 ** 6])


# --- the KL asymmetry panel -------------------------------------------------------------------


def continuous_kl(pg: Dist1D, pd: Dist1D, lo: float, hi: float) -> float:
    def f(x):
        a, b = pg.pdf(np.array(x)), pd.pdf(np.array(x))
        return float(a * (np.log(a) - np.log(b))) if a > 0 else 0.0
    return integrate.quad(f, lo, hi, points=[-2, -1, 0, 1, 2], limit=400, epsabs=1e-12)[0]


@pytest.mark.parametrize("sigma", [0.2, 0.3, 0.5])
def test_kl_integrand_totals(sigma):
    data, drop, fake = asymmetry_cases(sigma)
    g = asymmetry_grid(sigma)
    a, b = kl_integrand(drop, data, g), kl_integrand(fake, data, g)
    for case, pg in ((a, drop), (b, fake)):
        assert case.total == pytest.approx(case.density.sum() * g.h, rel=1e-12)
        assert case.total == pytest.approx(kl_divergence(cell_masses(pg, g), cell_masses(data, g)),
                                           rel=1e-12)
        assert case.total == pytest.approx(continuous_kl(pg, data, g.lo, g.hi), rel=2e-5)
    # dropping a mode costs ln 2 (minus a sliver from the far mode's tail), whatever σ
    assert a.total == pytest.approx(math.log(2), abs=2e-4)
    # where the mode was dropped (x near +2) the integrand is ≈ 0 ...
    near_dropped = np.abs(a.x - 2.0) < sigma
    assert np.abs(a.density[near_dropped]).max() < 1e-6 * a.density.max()
    # ... where the fakes are (x near 0) it is huge: p_data is tiny there
    near_fake = np.abs(b.x) < sigma
    assert b.density[near_fake].max() > 4 * a.density.max()
    assert b.total > 3 * a.total
    # −log D* prefers the collapse too: E[−log D*] = ln 3 on the doubled mode (D* = 1/3)
    assert a.nonsat_loss == pytest.approx(math.log(3), abs=2e-4)
    assert b.nonsat_loss > a.nonsat_loss + 1.0


def test_fake_penalty_grows_without_bound_as_modes_sharpen():
    totals = []
    for sigma in (0.6, 0.4, 0.3, 0.2, 0.15):
        data, drop, fake = asymmetry_cases(sigma)
        totals.append(kl_integrand(fake, data, asymmetry_grid(sigma)).total)
    assert np.all(np.diff(totals) > 0)
    # The fake half, ½N(0, σ²), against p_data ≈ N(x; 0, σ²)·e^(−2/σ²)·cosh(2x/σ²) near 0:
    # KL ≈ ½(2/σ² − E|2x/σ²|) = ½(2/σ² − (2/σ)·√(2/π)), which → +∞ like 1/σ².
    sigma = 0.15
    assert totals[-1] == pytest.approx(0.5 * (2 / sigma ** 2 - 2 / sigma * math.sqrt(2 / math.pi)),
                                       rel=1e-2)


# --- a discriminator trained k steps (torch) --------------------------------------------------


def test_trained_discriminator_minimax_gradient_vanishes_on_disjoint_supports():
    run = train_discriminator_steps(UNIF, 2.0)
    assert list(run.steps) == list(DEFAULT_CHECKPOINTS)
    assert run.exact_minimax_grad == 0.0 and math.isnan(run.exact_nonsat_grad)
    mm = np.abs(run.minimax_grad)
    peak = int(np.argmax(mm))
    # "D trained too much → vanishing gradient": orders of magnitude below its peak by k = 500
    assert mm[-1] < 1e-3 * mm[peak]
    assert np.all(np.diff(mm[peak + 1:]) < 0)
    # "too little → inaccurate": after 1 step D_k implies a JS far below the true ln 2 ...
    assert run.js_estimate[0] < 0.1
    # ... and once trained it has (almost) reached it
    assert run.js_estimate[-1] == pytest.approx(math.log(2), abs=1e-3)
    assert np.all(run.js_estimate <= math.log(2) + 1e-9)  # a lower bound of JS
    # while −log D keeps a large gradient
    assert run.nonsat_grad[-1] > 1.0
    assert run.seconds < 20


def test_trained_discriminator_on_overlapping_gaussians_reaches_dstar_gradient():
    run = train_discriminator_steps(GAUSS, 1.0, checkpoints=(1, 300))
    assert run.minimax_grad[-1] == pytest.approx(run.exact_minimax_grad, rel=0.03)
    assert run.nonsat_grad[-1] == pytest.approx(run.exact_nonsat_grad, rel=0.03)
    assert run.js_estimate[-1] == pytest.approx(run.exact_js, abs=2e-3)
    assert abs(run.minimax_grad[0] - run.exact_minimax_grad) > 0.1  # inaccurate after 1 step


def test_trained_discriminator_is_deterministic_and_leaves_torch_alone():
    import torch

    threads = torch.get_num_threads()
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = train_discriminator_steps(GAUSS, 2.0, checkpoints=(1, 5, 20))
    after = torch.rand(1)
    b = train_discriminator_steps(GAUSS, 2.0, checkpoints=(1, 5, 20))
    assert torch.equal(before, after)  # the global random stream was not consumed
    assert torch.get_num_threads() == threads
    np.testing.assert_array_equal(a.minimax_grad, b.minimax_grad)
    np.testing.assert_array_equal(a.js_estimate, b.js_estimate)

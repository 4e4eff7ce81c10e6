"""The vectorised sweep and its kernel: closed forms, agreement with the scalar functions and
with independent references (scipy), exact cell masses, block boundaries, bad input."""

import math

import numpy as np
import pytest
from scipy.spatial.distance import jensenshannon
from scipy.special import rel_entr
from scipy.stats import norm

import divergences.sweeps as sweeps
from divergences import (LN2, Dist1D, Grid, cell_masses, js_divergence, kl_divergence, slope,
                         sweep_1d, tv_distance, wasserstein1)
from divergences.divergences import divergences_against, js_divergence_batch, kl_divergence_batch
from divergences.sweeps import aligned_grid

FAMILIES = ("gaussian", "uniform", "point", "mixture")


def test_uniform_translates_closed_forms():
    # Uniform[0,1] vs Uniform[θ,θ+1]: JS = θ·ln 2 for θ ≤ 1 and ln 2 after, TV = min(θ, 1), W1 = θ.
    p = Dist1D("uniform", 0.5, 1.0)
    off = np.round(np.arange(0.0, 3.0 + 1e-9, 0.05), 10)
    s = sweep_1d(p, p, off, grid=Grid(-1.0, 5.0, 2400))  # edges on multiples of 0.0025
    np.testing.assert_allclose(s.js, np.minimum(off, 1.0) * LN2, atol=1e-12)
    np.testing.assert_allclose(s.tv, np.minimum(off, 1.0), atol=1e-12)
    np.testing.assert_allclose(s.w1, off, atol=1e-12)
    assert s.kl_pq[0] == pytest.approx(0.0, abs=1e-12)
    assert np.isinf(s.kl_pq[1:]).all() and np.isinf(s.kl_qp[1:]).all()
    assert (s.overlap[off >= 1.0] == 0).all() and (s.overlap[off < 1.0] > 0).all()
    assert (s.js[off >= 1.0] == LN2).all()  # exactly ln 2 once disjoint: a flat line, slope 0
    d = slope(s.js, off)
    assert (d[off > 1.05] == 0).all()


def test_gaussian_translates_closed_forms():
    # N(0,1) vs N(μ,1): KL = μ²/2 both ways, W1 = |μ|.
    p = Dist1D("gaussian", 0.0, 1.0)
    off = np.linspace(-3.0, 3.0, 25)
    s = sweep_1d(p, p, off, n=8192)
    np.testing.assert_allclose(s.kl_pq, off**2 / 2, rtol=1e-4, atol=1e-9)
    np.testing.assert_allclose(s.kl_qp, off**2 / 2, rtol=1e-4, atol=1e-9)
    np.testing.assert_allclose(s.w1, np.abs(off), atol=s.grid.h)
    # TV = 2Φ(|μ|/2) − 1 for two unit Gaussians.
    np.testing.assert_allclose(s.tv, 2 * norm.cdf(np.abs(off) / 2) - 1, atol=1e-6)


@pytest.mark.parametrize("fp", FAMILIES)
@pytest.mark.parametrize("fq", FAMILIES)
def test_sweep_equals_the_scalar_functions_row_by_row(fp, fq):
    p = Dist1D(fp, 0.2, 0.4, sep=2.0)
    q = Dist1D(fq, -0.1, 0.6, sep=3.0)
    off = np.linspace(-3, 3, 37)
    s = sweep_1d(p, q, off, n=600)
    g = s.grid
    pm = cell_masses(p, g)
    for i in range(0, off.size, 4):
        qm = cell_masses(q.shifted(off[i]), g)
        for got, want in ((s.js[i], js_divergence(pm, qm)), (s.tv[i], tv_distance(pm, qm)),
                          (s.kl_pq[i], kl_divergence(pm, qm)),
                          (s.kl_qp[i], kl_divergence(qm, pm))):
            assert (math.isinf(got) and math.isinf(want)) or got == pytest.approx(
                want, rel=1e-9, abs=1e-12)
        assert s.w1[i] == pytest.approx(wasserstein1(g.x, g.x, pm, qm), abs=1e-9)
        assert s.overlap[i] == pytest.approx(np.minimum(pm / pm.sum(), qm / qm.sum()).sum(),
                                             abs=1e-12)


def test_blocks_do_not_change_the_result(monkeypatch):
    p = Dist1D("mixture", 0.0, 0.5, sep=3.0)
    off = np.linspace(-4, 4, 103)  # not a multiple of the block size
    whole = sweep_1d(p, p, off, n=512)
    monkeypatch.setattr(sweeps, "BLOCK_VALUES", 512 * 7)  # blocks of 7 offsets
    blocked = sweep_1d(p, p, off, n=512)
    for name in ("js", "kl_pq", "kl_qp", "tv", "w1", "overlap"):  # BLAS may round differently
        np.testing.assert_allclose(getattr(whole, name), getattr(blocked, name), rtol=1e-12,
                                   atol=1e-15)


def _reference(p, q):
    """Textbook formulas, term by term, with scipy's rel_entr (independent of the kernel)."""
    m = 0.5 * (p + q)
    return {
        "kl_pq": rel_entr(p, q).sum(),
        "kl_qp": rel_entr(q, p).sum(),
        "js": 0.5 * rel_entr(p, m).sum() + 0.5 * rel_entr(q, m).sum(),
        "tv": 0.5 * np.abs(p - q).sum(),
        "overlap": np.minimum(p, q).sum(),
    }


@pytest.mark.parametrize("contiguous", [True, False])
def test_kernel_against_textbook_formulas(contiguous):
    rng = np.random.default_rng(3 if contiguous else 4)
    n = 40
    p = rng.random(n)
    if contiguous:
        p[:7] = 0
        p[30:] = 0
    else:
        p[rng.random(n) < 0.4] = 0
    p /= p.sum()
    Q = rng.random((25, n))
    Q[rng.random((25, n)) < 0.3] = 0
    Q[3] = p  # identical row
    Q[4] = np.where(p > 0, 0.0, 1.0)  # disjoint row
    Q[5] = np.where(p > 0, 1.0, 0.0)  # same support, other weights
    Q /= Q.sum(axis=1, keepdims=True)
    d = divergences_against(p, Q)
    for i in range(Q.shape[0]):
        ref = _reference(p, Q[i])
        for name, want in ref.items():
            got = getattr(d, name)[i]
            assert (np.isinf(got) and np.isinf(want)) or got == pytest.approx(
                want, rel=1e-12, abs=1e-14), (name, i)
        assert d.js[i] == pytest.approx(jensenshannon(p, Q[i]) ** 2, abs=1e-12)
    assert d.js[3] == 0.0 and d.tv[3] == 0.0  # q = p: exactly 0, never −1e-14 on screen
    assert d.kl_pq[3] == 0.0 and d.kl_qp[3] == 0.0
    assert d.js[4] == pytest.approx(LN2, abs=1e-15) and d.tv[4] == 1.0 and d.overlap[4] == 0.0
    assert np.isinf(d.kl_pq[4]) and np.isinf(d.kl_qp[4])
    assert np.isfinite(d.kl_pq[5]) and np.isfinite(d.kl_qp[5])


def test_batch_functions_broadcast_like_before():
    rng = np.random.default_rng(8)
    P = rng.random((4, 3, 9))
    Q = rng.random((4, 3, 9))
    P /= P.sum(-1, keepdims=True)
    Q /= Q.sum(-1, keepdims=True)
    js = js_divergence_batch(P, Q)
    assert js.shape == (4, 3)
    assert js[2, 1] == pytest.approx(jensenshannon(P[2, 1], Q[2, 1]) ** 2, abs=1e-12)
    kl = kl_divergence_batch(Q, P[0, 0])  # many rows against one
    assert kl.shape == (4, 3)
    assert kl[1, 2] == pytest.approx(rel_entr(Q[1, 2], P[0, 0]).sum(), rel=1e-12)
    assert np.ndim(kl_divergence_batch(P[0, 0], Q[0, 0])) == 0


def test_gaussian_and_mixture_cell_masses_are_exact_in_both_tails():
    # Every cell's mass to relative precision, checked against scipy's cdf (left of each mode)
    # and survival function (right of it), mode by mode.
    g = Grid(-9.0, 9.0, 1800)
    e = g.edges
    for dist, modes in ((Dist1D("gaussian", 0.3, 0.7), [0.3]),
                        (Dist1D("mixture", 0.2, 0.3, sep=4.0), [-1.8, 2.2])):
        want = np.zeros(g.n)
        for mu in modes:
            lo, hi = e[:-1], e[1:]
            left = norm.cdf(hi, mu, dist.width) - norm.cdf(lo, mu, dist.width)
            right = norm.sf(lo, mu, dist.width) - norm.sf(hi, mu, dist.width)
            want += np.where(lo >= mu, right, left) / len(modes)
        got = cell_masses(dist, g)
        ok = want > 1e-290  # skip cells that underflow
        np.testing.assert_allclose(got[ok], want[ok], rtol=1e-11)
        assert (got >= 0).all()
        assert got.sum() == pytest.approx(1.0, abs=1e-12)


def test_kl_from_a_point_between_two_modes():
    # Q a point mass midway between the modes of P: KL(Q‖P) = −ln(P's mass in that cell), a
    # cell ~7σ from both modes, whose mass is the density there times h (to O(h²)).
    g = Grid(-4.0, 4.0, 8000)
    p = Dist1D("mixture", 0.0, 0.3, sep=4.0)
    q = Dist1D("point", 0.0005)  # the centre of the cell [0, 0.001]
    s = sweep_1d(p, q, [0.0], grid=g)
    want = -math.log(p.pdf(np.array([0.0005]))[0] * g.h)
    assert s.kl_qp[0] == pytest.approx(want, rel=1e-6)
    assert np.isinf(s.kl_pq[0])


def test_aligned_grid_puts_every_step_on_a_cell_edge():
    p = Dist1D("uniform", 0.0, 1.3)
    off = np.round(np.arange(-4, 4 + 1e-9, 0.05), 10)
    g = aligned_grid(p, p, off, step=0.05)
    cells_per_step = 0.05 / g.h
    assert cells_per_step == pytest.approx(round(cells_per_step), abs=1e-9)
    assert g.lo / 0.05 == pytest.approx(round(g.lo / 0.05), abs=1e-9)
    assert 1500 <= g.n <= 4096
    s = sweep_1d(p, p, off, grid=g)
    np.testing.assert_allclose(s.w1, np.abs(off), atol=1e-9)
    disjoint = np.abs(off) >= 1.3 - 1e-9
    np.testing.assert_allclose(s.js[disjoint], LN2, atol=1e-12)


@pytest.mark.parametrize("bad", [[], [[0.0, 1.0]], [0.0, np.nan], [np.inf]])
def test_bad_offsets_raise(bad):
    with pytest.raises(ValueError, match="offsets"):
        sweep_1d(Dist1D(), Dist1D(), bad)


def test_grid_that_misses_the_distribution_raises():
    with pytest.raises(ValueError, match="grid"):
        sweep_1d(Dist1D("uniform", 0.0, 1.0), Dist1D("uniform", 0.0, 1.0), [0.0, 50.0],
                 grid=Grid(-1, 1, 100))

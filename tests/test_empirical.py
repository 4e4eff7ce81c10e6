"""The student's own samples as distributions: the empirical family of Dist1D (ECDF on the grid),
the offsets and grid chosen for them (divergences/empirical.py), and the 2-D helpers of page 2
(divergences/userdata_2d.py). Checked against numpy histograms and scipy."""

import math

import numpy as np
import pytest
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

from divergences import LN2, Dist1D, Grid, cell_masses, slope, sweep_1d
from divergences.empirical import (EDGE_PHASE, mid_cell, nice, sample_axis, with_partner)
from divergences.userdata_2d import capped, halves, offset_range

RNG = np.random.default_rng(7)
PS = RNG.normal(0.0, 1.0, 300)
QS = RNG.uniform(1.0, 2.5, 120)


def test_ecdf_and_its_broadcasting_over_offsets():
    d = Dist1D.from_samples([3.0, -1.0, 2.0, 2.0])
    t = np.array([-2.0, -1.0, 0.0, 2.0, 2.5, 3.0, 9.0])
    np.testing.assert_array_equal(d.cdf(t), [0, 0.25, 0.25, 0.75, 0.75, 1.0, 1.0])  # P(X ≤ t)
    np.testing.assert_array_equal(d.sf(t), 1 - d.cdf(t))
    assert d.support() == (-1.0, 3.0) and d.shifted(0.5).support() == (-0.5, 3.5)
    assert (d.pdf(t) == 0).all()  # no density: pages draw a histogram
    off = np.array([-1.0, 0.0, 0.7])
    rows = d.cdf(t, loc=off[:, None])
    for k, o in enumerate(off):
        np.testing.assert_array_equal(rows[k], d.shifted(o).cdf(t))


def test_cell_masses_are_the_histogram_of_the_samples():
    g = Grid(-4.3, 5.1, 47)
    d = Dist1D.from_samples(PS)
    hist, _ = np.histogram(PS, bins=g.edges)  # no sample sits on an edge here
    np.testing.assert_allclose(cell_masses(d, g), hist / PS.size, atol=1e-15)
    rows = cell_masses(d, g, offsets=np.array([0.0, 0.2]))
    np.testing.assert_allclose(rows[1], np.histogram(PS + 0.2, bins=g.edges)[0] / PS.size,
                               atol=1e-15)


def test_hashable_sorted_and_short_repr():
    a, b = Dist1D.from_samples([2.0, 1.0, 3.0]), Dist1D.from_samples(np.array([3.0, 2.0, 1.0]))
    assert a == b and hash(a) == hash(b) and a.samples == (1.0, 2.0, 3.0)
    assert "samples" not in repr(a) and "empirical" in repr(a)
    assert a.shifted(1.0).samples == a.samples and a.shifted(1.0).loc == 1.0


@pytest.mark.parametrize("bad", [[], [[1.0, 2.0]], [1.0, float("nan")], [float("inf"), 1.0],
                                 "abc", np.zeros(100_001)])
def test_bad_samples_raise(bad):
    with pytest.raises(ValueError):
        Dist1D.from_samples(bad)


def test_samples_only_for_the_empirical_family():
    with pytest.raises(ValueError, match="only for"):
        Dist1D("gaussian", samples=(1.0, 2.0))
    with pytest.raises(ValueError, match="unknown family"):
        Dist1D("histogram")


def test_nice_numbers():
    assert [nice(v) for v in (0.3, 1.0, 0.99, 2.4, 7.0, 0.0123, 260.0)] == \
        [0.25, 1.0, 0.5, 2.0, 5.0, 0.01, 250.0]
    assert [nice(v, up=True) for v in (0.3, 1.0, 1.01, 2.4, 7.0)] == [0.5, 1.0, 2.0, 2.5, 10.0]
    with pytest.raises(ValueError):
        nice(0.0)


def _sweep(p, q):
    ax = sample_axis(p, q)
    return ax, sweep_1d(mid_cell(p, ax.grid), mid_cell(q, ax.grid), ax.thetas, grid=ax.grid)


def test_two_sample_sets_js_reaches_ln2_and_w1_matches_scipy():
    p, q = Dist1D.from_samples(PS), Dist1D.from_samples(QS)
    ax, sw = _sweep(p, q)
    h = ax.grid.h
    assert h == pytest.approx(ax.step) and 20 <= ax.thetas.size // 2 <= 200
    np.testing.assert_allclose(np.diff(ax.thetas), h, rtol=1e-9)  # θ moves Q by whole cells
    # The range reaches the shifts where Q + θ clears P on both sides, with a margin.
    need_right, need_left = PS.max() - QS.min(), QS.max() - PS.min()
    assert ax.theta_max >= 1.25 * max(need_right, need_left) - 1e-9
    disjoint = sw.overlap <= 0
    assert disjoint[0] and disjoint[-1]
    assert (sw.js[disjoint] == LN2).all()  # exactly ln 2 once the histograms share no cell
    assert (sw.tv[disjoint] == 1.0).all() and np.isinf(sw.kl_pq[disjoint]).all()
    # W1 on the grid is within one cell width of the exact W1 of the samples, at every θ.
    exact = np.array([wasserstein_distance(PS, QS + th) for th in ax.thetas])
    assert np.abs(sw.w1 - exact).max() < h
    # Far apart (all of Q past all of P), W1 grows by exactly one cell per step: slope ±1.
    far = (ax.thetas > need_right + 2 * h) | (ax.thetas < -need_left - 2 * h)
    assert far.sum() > 10
    d = slope(sw.w1, ax.thetas)[far]
    np.testing.assert_allclose(np.abs(d), 1.0, atol=1e-9)
    assert (slope(sw.js, ax.thetas)[far] == 0).all()
    # And JS at every θ is that of the two histograms (scipy's JS distance, squared).
    for i in (0, ax.thetas.size // 2, ax.thetas.size // 3):
        hp = np.histogram(PS, bins=ax.grid.edges)[0]
        hq = np.histogram(QS + ax.thetas[i], bins=ax.grid.edges)[0]
        assert sw.js[i] == pytest.approx(jensenshannon(hp, hq) ** 2, abs=1e-12)


def test_identical_samples_give_zero_at_zero_offset():
    p = Dist1D.from_samples(PS)
    ax, sw = _sweep(p, p)
    mid = ax.thetas.size // 2
    assert ax.thetas[mid] == 0.0
    assert sw.js[mid] == pytest.approx(0.0, abs=1e-12)
    assert sw.w1[mid] == pytest.approx(0.0, abs=1e-12)


def test_grid_edges_avoid_round_lattices():
    # Clicked points sit on multiples of 0.1; no grid edge may coincide with one.
    xs = np.round(np.arange(-1.0, 1.01, 0.1), 10)
    ax = sample_axis(Dist1D.from_samples(xs), Dist1D.from_samples(xs[::2]))
    e = ax.grid.edges
    assert np.abs(e[:, None] - xs[None, :]).min() > 0.05 * ax.grid.h
    assert (ax.grid.lo / ax.grid.h - EDGE_PHASE) == pytest.approx(round(ax.grid.lo / ax.grid.h
                                                                        - EDGE_PHASE))


def test_builtin_partner_is_centred_on_the_samples_and_point_mass_mid_cell():
    p, q = with_partner(Dist1D.from_samples(PS + 10.0), Dist1D("point", 0.0))
    assert q.loc == pytest.approx(PS.mean() + 10.0)
    ax = sample_axis(p, q)
    qm = mid_cell(q, ax.grid)
    k = (qm.loc - ax.grid.lo) / ax.grid.h
    assert k - math.floor(k) == pytest.approx(0.5) and abs(qm.loc - q.loc) <= ax.grid.h / 2
    ax, sw = _sweep(p, q)
    assert (sw.js[sw.overlap <= 0] == LN2).all() and (sw.overlap <= 0).any()
    # A Gaussian partner never leaves the grid: its cells hold all but its far tails (±6σ).
    p2, g2 = with_partner(Dist1D.from_samples(QS), Dist1D("gaussian", 0.0, 0.3))
    ax2 = sample_axis(p2, g2)
    assert cell_masses(g2, ax2.grid, offsets=ax2.thetas[[0, -1]]).sum(axis=1) == \
        pytest.approx([1.0, 1.0], abs=1e-8)


def test_all_equal_samples_still_get_a_sweep():
    p, q = Dist1D.from_samples([2.0, 2.0, 2.0]), Dist1D.from_samples([2.0, 2.0])
    ax, sw = _sweep(p, q)
    assert ax.theta_max > 0 and sw.js[ax.thetas.size // 2] == pytest.approx(0.0, abs=1e-12)
    assert sw.js[0] == LN2
    np.testing.assert_allclose(sw.w1, np.abs(ax.thetas), atol=1e-9)


def test_sample_axis_needs_samples():
    with pytest.raises(ValueError, match="empirical"):
        sample_axis(Dist1D(), Dist1D())


# ---- 2-D points (page 2) ------------------------------------------------------------------------

def test_capped_is_seeded_and_keeps_small_sets():
    pts = RNG.normal(size=(800, 2))
    a, cut = capped(pts, 500, seed=3)
    b, _ = capped(pts, 500, seed=3)
    assert cut and a.shape == (500, 2) and np.array_equal(a, b)
    assert not np.array_equal(a, capped(pts, 500, seed=4)[0])
    assert len({tuple(r) for r in a}) == 500  # without replacement, rows of the original
    assert set(map(tuple, a)) <= set(map(tuple, pts))
    small, cut = capped(pts[:20], 500)
    assert not cut and np.array_equal(small, pts[:20])
    with pytest.raises(ValueError):
        capped(np.ones(5), 500)


def test_offset_range_and_halves():
    unit = RNG.uniform(-1.0, 1.0, (50, 2))
    assert offset_range(unit, unit) == 1.0  # built-in sized sets keep θ in [−1, 1]
    assert offset_range(unit * 30, unit) == 50.0  # box of side ~60: half is 30, rounded up
    assert offset_range(np.zeros((3, 2)), np.zeros((2, 2))) == 1.0
    a, b = halves(unit, seed=1)
    assert len(a) == len(b) == 25 and not set(map(tuple, a)) & set(map(tuple, b))

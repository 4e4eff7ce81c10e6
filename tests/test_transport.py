"""W1 and transport plans: closed forms, scipy and POT cross-checks, properties, bad input."""

import math

import numpy as np
import ot
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import wasserstein_distance

from divergences import (Dist1D, Grid, cell_masses, js_divergence, kl_divergence, plan_cost,
                         sample_2d, transform, transport_plan, tv_distance, wasserstein1)
from divergences.duality import dual_value, optimal_critic_1d


@pytest.mark.parametrize("seed", range(6))
def test_1d_matches_scipy_weighted(seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(0, 1, 40), rng.normal(1, 2, 25)
    a, b = rng.random(40), rng.random(25)
    assert wasserstein1(x, y, a, b) == pytest.approx(
        wasserstein_distance(x, y, a, b), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_2d_matches_pot_with_euclidean_cost_not_squared(seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(30, 2)), rng.normal(2.0, 1.0, size=(20, 2))
    a, b = rng.random(30), rng.random(20)
    a, b = a / a.sum(), b / b.sum()
    exact = ot.emd2(a, b, ot.dist(x, y, metric="euclidean"))
    squared = ot.emd2(a, b, ot.dist(x, y))  # POT's default: squared Euclidean (W2²)
    got = wasserstein1(x, y, a, b)
    assert got == pytest.approx(exact, rel=1e-9)
    assert abs(got - squared) > 1e-3


def test_translate_gives_norm_of_vector():
    x = sample_2d("moons", 200, seed=3)
    v = np.array([0.3, -0.4])
    assert wasserstein1(x, x + v) == pytest.approx(0.5, abs=1e-9)
    x1 = np.random.default_rng(0).normal(size=100)
    assert wasserstein1(x1, x1 + 2.5) == pytest.approx(2.5, abs=1e-12)


@pytest.mark.parametrize("theta", [-1.5, -0.2, 0.05, 0.7, 3.0])
def test_arjovsky_example_1_parallel_lines(theta):
    """P0 = (0, Z), Pθ = (θ, Z): W = |θ|, JS = ln 2, KL = ∞, TV = 1 for θ ≠ 0."""
    z = sample_2d("lines", 300, seed=1)
    moved = transform(z, offset=(theta, 0.0))
    assert wasserstein1(z, moved) == pytest.approx(abs(theta), abs=1e-9)
    # Exact densities: the two lines are disjoint sets, so as measures on the union of the two
    # lines, P puts all its mass on one and Pθ on the other.
    p = np.array([1.0, 0.0])
    q = np.array([0.0, 1.0])
    assert js_divergence(p, q) == pytest.approx(math.log(2), abs=1e-15)
    assert tv_distance(p, q) == 1.0
    assert kl_divergence(p, q) == math.inf


def test_uniform_and_gaussian_closed_forms_on_grid():
    g = Grid(-1, 4, 5000)
    p = cell_masses(Dist1D("uniform", 0.5, 1.0), g)
    for theta in (0.2, 1.0, 2.3):
        q = cell_masses(Dist1D("uniform", 0.5 + theta, 1.0), g)
        assert wasserstein1(g.x, g.x, p, q) == pytest.approx(theta, abs=g.h)
    g = Grid(-10, 14, 24000)
    p = cell_masses(Dist1D("gaussian", 0, 1), g)
    for mu in (0.5, 3.0):
        q = cell_masses(Dist1D("gaussian", mu, 1), g)
        assert wasserstein1(g.x, g.x, p, q) == pytest.approx(mu, abs=g.h)


def test_plan_marginals_and_cost():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(12, 2)), rng.normal(size=(9, 2)) + 1
    a, b = rng.random(12), rng.random(9)
    plan = transport_plan(x, y, a, b)
    assert plan.shape == (12, 9)
    np.testing.assert_allclose(plan.sum(axis=1), a / a.sum(), atol=1e-12)
    np.testing.assert_allclose(plan.sum(axis=0), b / b.sum(), atol=1e-12)
    assert plan_cost(plan, x, y) == pytest.approx(wasserstein1(x, y, a, b), rel=1e-9)
    # The independent coupling is a valid plan and can only cost more.
    indep = np.outer(a / a.sum(), b / b.sum())
    assert plan_cost(indep, x, y) > plan_cost(plan, x, y)


def test_plan_in_1d_matches_cdf_formula():
    x = np.array([0.0, 1.0, 2.0])
    plan = transport_plan(x, x, [1, 0, 0], [0, 0, 1])
    assert plan[0, 2] == pytest.approx(1.0)
    assert plan_cost(plan, x, x) == pytest.approx(2.0)
    assert wasserstein1(x, x, [1, 0, 0], [0, 0, 1]) == pytest.approx(2.0)


def test_exact_optimal_critic_gives_w1():
    g = Grid(-6, 9, 3000)
    p = cell_masses(Dist1D("mixture", 0, 0.5, 3), g)
    q = cell_masses(Dist1D("gaussian", 2.5, 0.7), g)
    f = optimal_critic_1d(p, q, g.h)
    assert dual_value(f, p, q) == pytest.approx(wasserstein1(g.x, g.x, p, q), rel=1e-10)
    assert np.abs(np.diff(f)).max() <= g.h * (1 + 1e-12)  # 1-Lipschitz


@pytest.mark.parametrize(
    "args, match",
    [
        (([1, 2], [[1, 2]]), "same dimension"),
        (([1, float("nan")], [1, 2]), "NaN"),
        (([], [1.0]), "no points"),
        (([1, 2], [1, 2], [1], None), "one weight per point"),
        (([1, 2], [1, 2], [1, -1], None), "negative"),
        (([1, 2], [1, 2], [0, 0], None), "no mass"),
        ((np.zeros((2, 2, 2)), np.zeros((2, 2, 2))), "1-D array or an"),
    ],
)
def test_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        wasserstein1(*args)


def test_too_many_points_is_refused():
    big = np.zeros((6000, 2))
    with pytest.raises(ValueError, match="too many points"):
        wasserstein1(big, big)


pts = arrays(np.float64, st.integers(1, 12), elements=st.floats(-50, 50, allow_nan=False))
wts = arrays(np.float64, 12, elements=st.floats(0.01, 10))


@settings(max_examples=80, deadline=None)
@given(pts, pts, pts, wts, wts, wts)
def test_w1_symmetry_bounds_triangle_and_scaling(x, y, z, a, b, c):
    a, b, c = a[: len(x)], b[: len(y)], c[: len(z)]
    xy = wasserstein1(x, y, a, b)
    assert xy >= 0
    assert xy == pytest.approx(wasserstein1(y, x, b, a), abs=1e-9)
    assert wasserstein1(x, x, a, a) == pytest.approx(0.0, abs=1e-12)
    assert xy <= wasserstein1(x, z, a, c) + wasserstein1(z, y, c, b) + 1e-9
    assert wasserstein1(x, y, 7 * a, 0.3 * b) == pytest.approx(xy, abs=1e-9)
    span = max(x.max(), y.max()) - min(x.min(), y.min())
    assert xy <= span + 1e-9


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(-3, 3), st.floats(-3, 3))
def test_2d_w1_triangle_and_symmetry(seed, dx, dy):
    rng = np.random.default_rng(seed)
    x, y, z = rng.normal(size=(8, 2)), rng.normal(size=(6, 2)) + [dx, dy], rng.normal(size=(7, 2))
    xy = wasserstein1(x, y)
    assert xy == pytest.approx(wasserstein1(y, x), rel=1e-9, abs=1e-12)
    assert xy <= wasserstein1(x, z) + wasserstein1(z, y) + 1e-9

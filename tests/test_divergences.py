"""KL, JS, TV: closed forms, scipy cross-checks, properties, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.spatial.distance import jensenshannon
from scipy.stats import entropy

from divergences import (LN2, Dist1D, Grid, cell_masses, js_divergence, kl_divergence,
                         tv_distance)

LN2_EXACT = math.log(2)


def test_ln2_constant():
    assert LN2 == LN2_EXACT


def test_disjoint_supports_give_exactly_ln2_and_infinite_kl():
    p = np.array([0.2, 0.8, 0.0, 0.0])
    q = np.array([0.0, 0.0, 0.5, 0.5])
    assert js_divergence(p, q) == pytest.approx(LN2_EXACT, abs=1e-12)
    assert tv_distance(p, q) == pytest.approx(1.0)
    assert kl_divergence(p, q) == math.inf
    assert kl_divergence(q, p) == math.inf


def test_js_has_the_half_convention_and_natural_logs():
    # Two-point example computed by hand: p = (1, 0), q = (1/2, 1/2), m = (3/4, 1/4).
    # KL(p‖m) = ln(4/3); KL(q‖m) = ½ln(2/3) + ½ln(2); JS = ½ of their sum.
    expected = 0.5 * math.log(4 / 3) + 0.5 * (0.5 * math.log(2 / 3) + 0.5 * math.log(2))
    assert js_divergence([1, 0], [0.5, 0.5]) == pytest.approx(expected, abs=1e-14)
    assert expected == pytest.approx(0.2157615543388357, abs=1e-15)


@pytest.mark.parametrize("seed", range(5))
def test_js_matches_scipy_squared(seed):
    rng = np.random.default_rng(seed)
    p, q = rng.random(50), rng.random(50)
    p[:10] = 0
    q[-7:] = 0
    # scipy returns the square root of JS (natural log by default)
    assert js_divergence(p, q) == pytest.approx(jensenshannon(p, q) ** 2, abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_kl_matches_scipy_entropy(seed):
    rng = np.random.default_rng(seed)
    p, q = rng.random(30) * 3, rng.random(30) + 0.01
    assert kl_divergence(p, q) == pytest.approx(entropy(p, q), rel=1e-12)


def test_any_shape_is_accepted_and_normalised():
    p = np.arange(1, 13, dtype=float).reshape(3, 4)
    q = np.ones((3, 4))
    assert kl_divergence(p, q) == pytest.approx(entropy(p.ravel(), q.ravel()))
    assert kl_divergence(10 * p, 0.1 * q) == pytest.approx(kl_divergence(p, q))


def test_gaussian_kl_closed_form():
    # N(0,1) vs N(μ,1): KL = μ²/2, on a fine grid of exact cell masses.
    g = Grid(-12, 14, 20000)
    for mu in (0.5, 1.0, 2.0):
        p = cell_masses(Dist1D("gaussian", 0.0, 1.0), g)
        q = cell_masses(Dist1D("gaussian", mu, 1.0), g)
        assert kl_divergence(p, q) == pytest.approx(mu**2 / 2, rel=1e-4)


def test_uniform_closed_forms():
    # Uniform[0,1] vs Uniform[θ,θ+1]: JS = θ·ln2 (θ ≤ 1), TV = min(θ, 1).
    g = Grid(-1, 3, 4000)  # cell edges on multiples of 0.001
    p = cell_masses(Dist1D("uniform", 0.5, 1.0), g)
    for theta in (0.1, 0.25, 0.5, 0.9, 1.0, 1.5):
        q = cell_masses(Dist1D("uniform", 0.5 + theta, 1.0), g)
        assert js_divergence(p, q) == pytest.approx(min(theta, 1.0) * LN2_EXACT, abs=1e-9)
        assert tv_distance(p, q) == pytest.approx(min(theta, 1.0), abs=1e-9)


@pytest.mark.parametrize(
    "p, q, match",
    [
        ([1, 2], [1, 2, 3], "same shape"),
        ([1, -1], [1, 1], "negative"),
        ([1, float("nan")], [1, 1], "NaN"),
        ([1, float("inf")], [1, 1], "infinite"),
        ([0, 0], [1, 1], "no mass"),
        ([], [], "empty"),
        (["a", "b"], [1, 1], "numbers"),
    ],
)
@pytest.mark.parametrize("fn", [kl_divergence, js_divergence, tv_distance])
def test_bad_input_raises_value_error_with_reason(fn, p, q, match):
    with pytest.raises(ValueError, match=match):
        fn(p, q)


weights = arrays(np.float64, st.integers(1, 30), elements=st.floats(0, 1e6, allow_nan=False))


def _pair(draw_p, draw_q):
    n = min(len(draw_p), len(draw_q))
    p, q = draw_p[:n].copy(), draw_q[:n].copy()
    p[0] += 1e-3
    q[-1] += 1e-3
    return p, q


@settings(max_examples=150, deadline=None)
@given(weights, weights)
def test_symmetry_and_bounds(a, b):
    p, q = _pair(a, b)
    js, tv = js_divergence(p, q), tv_distance(p, q)
    assert js == pytest.approx(js_divergence(q, p), abs=1e-12)
    assert tv == pytest.approx(tv_distance(q, p), abs=1e-12)
    assert 0.0 <= js <= LN2_EXACT
    assert 0.0 <= tv <= 1.0
    assert kl_divergence(p, q) >= -1e-12
    # Pinsker-type bounds tie JS to TV: JS ≤ TV·ln 2 and JS ≥ TV²/2 … checked loosely:
    assert js <= tv * LN2_EXACT + 1e-9


@settings(max_examples=100, deadline=None)
@given(weights, weights, st.floats(1e-3, 1e3), st.floats(1e-3, 1e3))
def test_invariance_to_rescaling(a, b, s, r):
    p, q = _pair(a, b)
    assert js_divergence(s * p, r * q) == pytest.approx(js_divergence(p, q), abs=1e-10)
    assert tv_distance(s * p, r * q) == pytest.approx(tv_distance(p, q), abs=1e-10)
    kl = kl_divergence(p, q)
    kl2 = kl_divergence(s * p, r * q)
    assert (kl == kl2 == math.inf) or kl2 == pytest.approx(kl, rel=1e-9, abs=1e-10)


def test_identical_distributions_give_zero():
    p = np.array([0.1, 0.2, 0.7])
    assert js_divergence(p, p) == pytest.approx(0.0, abs=1e-15)
    assert kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15)
    assert tv_distance(p, p) == 0.0

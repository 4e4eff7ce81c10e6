"""The critic of page 4 (divergences/critic.py): the exact 1-D optimal critic, the weight-clipped
and gradient-penalty critics against exact W1, the clip itself, the offset sweep, determinism."""

import math

import numpy as np
import pytest
import scipy.stats
import torch
from torch import nn

from divergences import LN2, Dist1D, cell_masses, grid_for, wasserstein1
from divergences.critic import (CriticConfig, Problem1D, Problem2D, align_to, critic_sweep,
                                estimated_seconds, sample_1d, steps_within,
                                train_critic)
from divergences.critic import _setup_1d
from divergences.duality import dual_value, optimal_critic_1d
from divergences.nets import lipschitz_estimate, mlp

# Two disjoint Gaussians: 10 σ apart, shared mass 2Φ(−5) ≈ 6e-7; W1 = 1 exactly (a translate).
P = Dist1D("gaussian", 0.0, 0.1)
Q = Dist1D("gaussian", 1.0, 0.1)
DISJOINT = Problem1D(P, Q)


@pytest.fixture(scope="module")
def clipped():
    """The default clipped critic (c = 0.1, RMSProp, 300 steps), watched after every step."""
    seen = []

    def watch(i, net):
        seen.append(max(float(p.detach().abs().max()) for p in net.parameters()))

    res = train_critic(DISJOINT, CriticConfig(method="clip", clip=0.1), on_step=watch)
    return res, np.array(seen)


@pytest.fixture(scope="module")
def with_penalty():
    return train_critic(DISJOINT, CriticConfig(method="gp", lam=10.0))


# ---- the exact optimal critic f* -------------------------------------------------------------


@pytest.mark.parametrize("p, q", [
    (Dist1D("gaussian", 0, 0.5), Dist1D("gaussian", 2.0, 0.5)),
    (Dist1D("uniform", 0, 1.0), Dist1D("uniform", 0.25, 1.0)),
    (Dist1D("mixture", 0, 0.5), Dist1D("gaussian", 0.0, 0.5)),
    (Dist1D("point", 0, 1.0), Dist1D("mixture", 1.0, 0.3)),
])
def test_exact_optimal_critic_gives_exactly_w1(p, q):
    g = grid_for(p, q, [0.0], n=1500)
    pm, qm = cell_masses(p, g), cell_masses(q, g)
    pm, qm = pm / pm.sum(), qm / qm.sum()
    f = optimal_critic_1d(pm, qm, g.h)
    w1 = wasserstein1(g.x, g.x, pm, qm)
    assert dual_value(f, pm, qm) == pytest.approx(w1, rel=1e-10, abs=1e-12)
    slopes = np.abs(np.diff(f)) / g.h  # 1-Lipschitz: slope 1 or 0 (where the CDFs agree)
    assert np.all(np.isclose(slopes, 1.0) | np.isclose(slopes, 0.0))


def test_optimal_critic_of_a_translate_is_a_straight_line_with_slope_minus_one(clipped):
    res, _ = clipped
    assert res.w1 == pytest.approx(1.0, abs=1e-6)  # the exact value of a translate by 1
    assert dual_value(res.f_star, res.p_weights, res.q_weights) == pytest.approx(res.w1, rel=1e-10)
    mass = (res.p_weights + res.q_weights) > 1e-12
    slope = np.diff(res.f_star)[mass[1:] & mass[:-1]] / (res.grid_x[1] - res.grid_x[0])
    assert np.allclose(slope, -1.0)


# ---- the weight-clipped critic ----------------------------------------------------------------


def test_clipped_estimate_divided_by_k_is_w1_on_disjoint_gaussians(clipped):
    res, _ = clipped
    assert res.learned
    assert 0.0 < res.lipschitz < 1.0  # clipping at c = 0.1 keeps this critic far below slope 1
    assert res.ratio == pytest.approx(res.w1, rel=0.10)
    # the Kantorovich–Rubinstein bound: a K-Lipschitz f cannot open a gap larger than K·W1
    assert res.estimate <= res.lipschitz * res.w1 * 1.001
    # and the learned f/K lies on the exact f* where the mass is
    mass = (res.p_weights + res.q_weights) / 2
    err = np.sqrt(np.dot(mass, (res.f_over_k_aligned - res.f_star) ** 2))
    assert err < 0.1


def test_no_clipped_weight_ever_exceeds_c(clipped):
    res, seen = clipped
    c = res.config.clip
    assert len(seen) == res.config.steps == len(res.max_abs_param)
    assert seen.max() <= c * (1 + 1e-6)  # checked after every single step
    assert res.max_abs_param.max() <= c * (1 + 1e-6)
    assert np.abs(res.params).max() <= c * (1 + 1e-6)
    # ... and the weights pile up at ±c: clipping is active, not idle
    assert res.share_at_clip() > 0.3
    assert res.max_abs_param[-1] == pytest.approx(c, rel=1e-6)


def test_gradient_penalty_estimate_is_w1_directly(with_penalty):
    res = with_penalty
    assert res.estimate == pytest.approx(res.w1, rel=0.10)
    # no clipping: parameters spread far beyond any small c, and K sits near 1
    assert np.abs(res.params).max() > 0.5
    assert 0.8 < res.lipschitz < 1.5


def test_gradient_penalty_overshoots_by_one_plus_w1_over_two_lambda():
    # a straight optimal critic with slope s gains s·W1 and pays λ(s − 1)²: best s = 1 + W1/(2λ)
    p, q = Dist1D("gaussian", 0.0, 0.25), Dist1D("gaussian", 3.0, 0.25)
    res = train_critic(Problem1D(p, q), CriticConfig(method="gp", lam=10.0))
    assert res.w1 == pytest.approx(3.0, abs=1e-6)
    assert res.estimate == pytest.approx(3.0 * (1 + 3.0 / 20), rel=0.03)


def test_small_c_vanishes_and_large_c_explodes_through_the_layers(with_penalty):
    p, q = Dist1D("gaussian", 0.0, 0.5), Dist1D("gaussian", 3.0, 0.5)
    small = train_critic(Problem1D(p, q), CriticConfig(clip=0.01, steps=150)).late_backprop_norms()
    large = train_critic(Problem1D(p, q), CriticConfig(clip=1.0, steps=150)).late_backprop_norms()
    gp = with_penalty.late_backprop_norms()
    assert len(small) == len(large) == len(gp) == 4  # depth 3: four linear layers
    assert small[0] < small[-1] / 10  # fades on its way back to the input layer
    assert large[0] > large[-1] * 10  # grows on its way back to the input layer
    assert gp.max() / gp.min() < 10  # the penalty keeps it steady


def test_tiny_c_gives_a_tiny_k_but_the_same_ratio():
    p, q = Dist1D("gaussian", 0.0, 0.5), Dist1D("gaussian", 3.0, 0.5)
    res = train_critic(Problem1D(p, q), CriticConfig(clip=0.01, steps=150))
    assert res.lipschitz < 1e-4
    assert res.ratio == pytest.approx(3.0, rel=0.05)


# ---- the offset sweep --------------------------------------------------------------------------


def test_sweep_estimate_tracks_w1_linearly_where_js_is_flat():
    g = Dist1D("gaussian", 0.0, 0.5)
    offsets = np.arange(0.0, 4.01, 0.5)
    sw = critic_sweep(Problem1D(g, g), offsets, CriticConfig(steps=200))
    assert np.allclose(sw.w1, offsets, atol=1e-3)  # W1 of a translate is the offset
    assert sw.correlation > 0.95
    slope, _ = sw.fit()
    assert slope > 0
    moving = offsets > 0
    assert np.allclose(sw.ratio[moving], sw.w1[moving], rtol=0.10)
    # θ = 3.5 and 4 (7 and 8 σ): practically disjoint, JS stuck at ln 2, the estimate still grows
    assert sw.disjoint[-2:].all() and not sw.disjoint[:-2].any()
    assert np.all(np.abs(sw.js[-2:] - LN2) < 1e-3)
    assert abs(sw.js[-1] - sw.js[-2]) < 1e-3  # no signal in JS ...
    assert sw.estimate[-1] > sw.estimate[-2]  # ... while the critic's estimate still grows


# ---- 2-D ---------------------------------------------------------------------------------------


def test_two_dimensional_critic_against_pot():
    pr = Problem2D("blob", "blob", (1.5, 0.0), n_eval=300)
    res = train_critic(pr, CriticConfig(method="gp"))
    assert res.w1 == pytest.approx(wasserstein1(res.p_points, res.q_points), rel=1e-12)
    assert res.w1 == pytest.approx(1.5, rel=0.1)  # a translate by 1.5, up to sampling
    assert res.estimate == pytest.approx(res.w1, rel=0.15)
    assert res.f_grid.shape == (pr.grid_n, pr.grid_n)
    # high on P (left), low on Q (right)
    assert res.f_grid[:, 0].mean() > res.f_grid[:, -1].mean()


def test_two_dimensional_clipped_critic_respects_the_bound():
    res = train_critic(Problem2D("lines", "lines", (1.0, 0.0), n_eval=300),
                       CriticConfig(steps=200))
    assert res.learned
    assert res.ratio <= res.w1 * 1.001
    assert res.ratio == pytest.approx(res.w1, rel=0.25)


# ---- pieces ------------------------------------------------------------------------------------


def test_lipschitz_estimate_of_a_hand_built_network():
    net = mlp(1, 1, width=2, depth=1)
    with torch.no_grad():
        net[0].weight[:] = torch.tensor([[1.0], [-1.0]])
        net[0].bias.zero_()
        net[2].weight[:] = torch.tensor([[2.0, 3.0]])  # f = 2·relu(x) + 3·relu(−x)
        net[2].bias.zero_()
    x = np.linspace(-1, 1, 101)[:, None]
    assert lipschitz_estimate(net, x) == pytest.approx(3.0)
    assert lipschitz_estimate(net, x[x[:, 0] > 0.1]) == pytest.approx(2.0)
    lin = nn.Linear(2, 1)
    with torch.no_grad():
        lin.weight[:] = torch.tensor([[3.0, 4.0]])
    assert lipschitz_estimate(lin, np.random.default_rng(0).normal(size=(5, 2))) == \
        pytest.approx(5.0)
    with pytest.raises(ValueError):
        lipschitz_estimate(lin, np.zeros((0, 2)))


def test_sample_1d_draws_each_family():
    rng = np.random.default_rng(0)
    g = sample_1d(Dist1D("gaussian", 2.0, 0.5), 40_000, rng)
    assert g.mean() == pytest.approx(2.0, abs=0.01) and g.std() == pytest.approx(0.5, rel=0.02)
    u = sample_1d(Dist1D("uniform", 1.0, 2.0), 40_000, rng)
    assert u.min() >= 0.0 and u.max() <= 2.0 and u.mean() == pytest.approx(1.0, abs=0.02)
    assert np.all(sample_1d(Dist1D("point", -1.5), 10, rng) == -1.5)
    m = sample_1d(Dist1D("mixture", 0.0, 0.1, sep=4.0), 40_000, rng)
    assert np.mean(m > 0) == pytest.approx(0.5, abs=0.02)
    assert np.abs(np.abs(m) - 2.0).max() < 1.0
    with pytest.raises(ValueError):
        sample_1d(Dist1D(), 0, rng)


def test_an_empirical_dist_resamples_its_data_in_the_critic():
    """Bug: the critic drew an empirical Dist1D as a two-mode mixture. Its draws must be its
    samples (moved by loc), with W1 to the data about 0."""
    data = np.random.default_rng(1).gamma(2.0, 1.5, size=400)
    d = Dist1D.from_samples(data, loc=0.5)
    rng = np.random.default_rng(0)
    x = sample_1d(d, 20_000, rng)
    assert np.isin(x, data + 0.5).all()
    assert wasserstein1(x, data + 0.5) < 0.05
    y = d.sample(20_000, np.random.default_rng(2))
    assert np.isin(y, data + 0.5).all()
    assert scipy.stats.wasserstein_distance(y, data + 0.5) < 0.05
    # and the critic's training batches are drawn the same way
    setup = _setup_1d(Problem1D(d, Dist1D("gaussian", 0.0, 1.0)), seed=0)
    a, _ = setup.draw(np.random.default_rng(3), 5000)
    assert np.isin(a[:, 0], data + 0.5).all()


def test_align_to_shifts_by_a_constant_only():
    f = np.array([1.0, 2.0, 4.0])
    out = align_to(f, np.array([0.0, 0.0, 0.0]), np.array([1.0, 1.0, 2.0]))
    assert np.allclose(np.diff(out), np.diff(f))
    assert np.dot([0.25, 0.25, 0.5], out) == pytest.approx(0.0)


def test_runs_are_seeded_deterministic_and_leave_torch_as_they_found_it():
    torch.manual_seed(1234)
    before = torch.get_rng_state()
    threads = torch.get_num_threads()
    was = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    try:
        pr = Problem1D(Dist1D("uniform", 0, 1), Dist1D("uniform", 2, 1))
        for method in ("clip", "gp"):
            cfg = CriticConfig(method=method, steps=40, seed=7)
            a, b = train_critic(pr, cfg), train_critic(pr, cfg)
            assert np.array_equal(a.params, b.params)
            assert a.estimate == b.estimate and a.lipschitz == b.lipschitz
            c = train_critic(pr, CriticConfig(method=method, steps=40, seed=8))
            assert not np.array_equal(a.params, c.params)
    finally:
        torch.use_deterministic_algorithms(was)
    assert torch.equal(torch.get_rng_state(), before)
    assert torch.get_num_threads() == threads


def test_a_run_draws_only_from_its_own_generator():
    """Weights and interpolates come from the run's own torch.Generator: other code drawing from
    torch's global stream during the run (here, at every step) changes nothing."""
    pr = Problem1D(Dist1D("uniform", 0, 1), Dist1D("uniform", 2, 1))
    cfg = CriticConfig(method="gp", steps=30, seed=3)
    quiet = train_critic(pr, cfg)
    noisy = train_critic(pr, cfg, on_step=lambda i, net: torch.rand(5))
    assert np.array_equal(quiet.params, noisy.params)
    assert quiet.estimate == noisy.estimate


def test_time_budget_caps_steps_of_big_networks_only():
    default = CriticConfig()
    assert estimated_seconds(default) < 1.0  # the default run is cheap ...
    assert steps_within(default, 5.0) == default.steps  # ... and never capped
    big = CriticConfig(width=128, depth=6, batch=1024, steps=3000)
    assert estimated_seconds(big) > 60
    cap = steps_within(big, 5.0)
    assert 1 <= cap < 3000
    assert estimated_seconds(CriticConfig(width=128, depth=6, batch=1024, steps=cap)) <= 5.0
    gp = CriticConfig(method="gp", steps=3000)
    assert estimated_seconds(gp) > estimated_seconds(CriticConfig(steps=3000))
    assert estimated_seconds(default, dim=2) > estimated_seconds(default, dim=1)
    with pytest.raises(ValueError):
        estimated_seconds(default, dim=3)
    with pytest.raises(ValueError):
        steps_within(default, 0.0)


def test_progress_reaches_the_end():
    calls = []
    train_critic(DISJOINT, CriticConfig(steps=60), on_progress=lambda d, n: calls.append((d, n)))
    assert calls[-1] == (60, 60)
    assert all(b[0] > a[0] for a, b in zip(calls, calls[1:]))


@pytest.mark.parametrize("kw", [
    dict(method="adam"), dict(clip=0.0), dict(clip=math.nan), dict(lam=-1.0), dict(steps=0),
    dict(steps=10**6), dict(width=True), dict(depth=0), dict(batch=1), dict(lr=-0.1),
    dict(lr=math.inf), dict(seed=-1),
])
def test_bad_settings_are_refused(kw):
    with pytest.raises(ValueError):
        CriticConfig(**kw)


def test_bad_problems_are_refused():
    with pytest.raises(ValueError):
        Problem2D("nope", "blob")
    with pytest.raises(ValueError):
        Problem2D("blob", "blob", (math.nan, 0.0))
    with pytest.raises(ValueError):
        Problem1D(P, Q, domain=(1.0, 1.0))
    with pytest.raises(ValueError):
        train_critic("P and Q")
    with pytest.raises(ValueError):
        train_critic(DISJOINT, {"method": "clip"})
    with pytest.raises(ValueError):
        critic_sweep(DISJOINT, [1.0])
    with pytest.raises(ValueError):
        critic_sweep(DISJOINT, np.arange(100.0))


# ---- a student's own samples as P and/or Q (issue 8) ---------------------------------------------

from divergences.critic import MAX_OWN_1D, MAX_OWN_2D, own_samples  # noqa: E402
from divergences.points import Samples  # noqa: E402


def test_samples_are_hashable_values_shift_and_draw_with_replacement():
    a = Samples.of([0.5, 1.5, 2.5])
    assert a == Samples.of(np.array([0.5, 1.5, 2.5])) and hash(a) == hash(Samples.of([0.5, 1.5, 2.5]))
    assert a.n == 3 and a.dim == 1 and a.values.tolist() == [0.5, 1.5, 2.5]
    assert a.shifted(1.0).values.tolist() == [1.5, 2.5, 3.5]
    b = Samples.of([[0, 0], [1, 2]])
    assert b.dim == 2 and b.shifted((1.0, 0.0)).values.tolist() == [[1, 0], [2, 2]]
    draws = a.draw(np.random.default_rng(0), 1000)
    assert set(draws.tolist()) == {0.5, 1.5, 2.5}  # only the student's values, each many times
    for bad in ([1.0], [1.0, np.nan], np.zeros((3, 3))):
        with pytest.raises(ValueError):
            Samples.of(bad)
    with pytest.raises(ValueError):  # the critic's own cap
        Problem1D(Samples.of(np.zeros(MAX_OWN_1D + 1)), Q)
    with pytest.raises(ValueError):
        Problem2D(p_samples=Samples.of(np.zeros((MAX_OWN_2D + 1, 2))))
    with pytest.raises(ValueError):  # read-only: a cached problem cannot be changed in place
        a.values[0] = 9.0
    with pytest.raises(ValueError):
        Problem2D(p_samples=a)  # 1-D samples cannot be a 2-D problem's P
    with pytest.raises(ValueError):
        Problem1D(b, Q)


def test_own_samples_caps_with_a_seeded_subset():
    big = np.arange(3000.0).reshape(1500, 2)
    s, given = own_samples(big, 2)
    assert given == 1500 and s.n == MAX_OWN_2D and s == own_samples(big, 2)[0]
    assert np.all(np.diff(s.values[:, 0]) > 0)  # a subset, in the original order
    small, given = own_samples([1.0, 2.0, 3.0], 1)
    assert given == 3 and small.values.tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError):
        own_samples(big, 1)


def test_critic_on_own_1d_samples_against_their_exact_w1():
    from scipy.stats import wasserstein_distance

    r = np.random.default_rng(0)
    ps, qs = r.normal(0, 0.5, 300), r.normal(3, 0.5, 200)
    res = train_critic(Problem1D(Samples.of(ps), Samples.of(qs)), CriticConfig())
    assert res.w1 == pytest.approx(wasserstein_distance(ps, qs), rel=1e-12)
    assert res.ratio == pytest.approx(res.w1, rel=0.15)  # a clear case: clipped critic, ÷ K
    assert res.f_star is not None and res.p_weights.sum() == pytest.approx(1.0)
    # A distribution against samples: exact W1 between the samples and its cell masses.
    mixed = Problem1D(Dist1D("gaussian", 0.0, 0.5), Samples.of(qs))
    res2 = train_critic(mixed, CriticConfig(steps=20))
    assert res2.w1 == pytest.approx(wasserstein_distance(qs, res2.grid_x, None, res2.p_weights),
                                    rel=1e-12)
    assert res2.w1 == pytest.approx(3.0, abs=0.1)


def test_critic_on_own_2d_points_against_pot():
    import ot

    r = np.random.default_rng(2)
    pts = r.normal(size=(300, 2)) * 0.3
    pr = Problem2D(offset=(0.0, 0.0), p_samples=Samples.of(pts), q_samples=Samples.of(pts + [2, 0]))
    res = train_critic(pr, CriticConfig())
    n = len(pts)
    want = ot.emd2(np.full(n, 1 / n), np.full(n, 1 / n),
                   ot.dist(pts, pts + [2, 0], metric="euclidean"))
    assert res.w1 == pytest.approx(want, rel=1e-12) and want == pytest.approx(2.0)
    assert res.ratio == pytest.approx(2.0, rel=0.15)
    np.testing.assert_array_equal(res.p_points, pts)  # evaluated on every one of the points


def test_sweep_moves_the_students_q_by_each_offset():
    from scipy.stats import wasserstein_distance

    r = np.random.default_rng(1)
    ps, qs = r.normal(0, 0.3, 200), r.normal(0.5, 0.3, 150)
    sw = critic_sweep(Problem1D(Samples.of(ps), Samples.of(qs)), [0.0, 1.0, 3.0],
                      CriticConfig(steps=20))
    np.testing.assert_allclose(sw.w1, [wasserstein_distance(ps, qs + th) for th in (0, 1, 3)])
    assert sw.js[-1] == pytest.approx(LN2) and sw.disjoint[-1] and not sw.disjoint[0]
    pts = r.normal(size=(100, 2))
    sw2 = critic_sweep(Problem2D(offset=(0.0, 0.0), q_samples=Samples.of(pts)), [0.0, 2.0],
                       CriticConfig(steps=20))
    assert sw2.w1[1] > sw2.w1[0]


def test_one_subsampler_for_every_page():
    """Pages 2, 3 and 4 cap a student's points with the same seeded subsampler."""
    from divergences.earth import subsample as earth_subsample
    from divergences.points import subsample
    from divergences.userdata_2d import capped

    pts = np.random.default_rng(0).normal(size=(900, 2))
    kept = subsample(pts, 300, seed=4)
    assert kept.shape == (300, 2) and np.array_equal(kept, subsample(pts, 300, seed=4))
    assert earth_subsample is subsample
    two, was_cut = capped(pts, 300, seed=4)
    assert was_cut and np.array_equal(two, kept)
    four, given = own_samples(pts, 2, seed=4)
    assert given == 900 and np.array_equal(four.values, subsample(pts, MAX_OWN_2D, seed=4))
    # rows of the original, in their original order
    idx = [int(np.flatnonzero((pts == r).all(axis=1))[0]) for r in kept]
    assert idx == sorted(idx)

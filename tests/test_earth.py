"""divergences.earth: plans and their marginals, costs against wasserstein1, examples checked by
hand, the CDF form, the displacement interpolation, and every kind of bad input."""

import numpy as np
import pytest

from divergences import plan_cost, transport_plan, wasserstein1
from divergences.earth import (MAX_BINS, MAX_POINTS, PRESETS_1D, PRESETS_2D, PileError,
                               cdf_area, check_piles, check_points, compare_plans, displacement,
                               earth_profile, independent_plan, north_west_plan, plan_moves,
                               preset_piles, preset_points, savings)

RNG = np.random.default_rng(20240604)


def _random_piles(n, zeros=True):
    p = RNG.random(n) * (RNG.random(n) > 0.3 if zeros else 1)
    q = RNG.random(n) * (RNG.random(n) > 0.3 if zeros else 1)
    p[0] += 0.1  # never all zero
    q[-1] += 0.1
    return p / p.sum(), q / q.sum()


# ------------------------------------------------------------------------------------------------
# Examples checked by hand


def test_one_shovel_two_bins_away_costs_two():
    # All the earth sits in bin 0 and must go to bin 2: mass 1 × distance 2 = 2.
    x = np.array([0.0, 1.0, 2.0])
    piles = check_piles([1, 0, 0], [0, 0, 1])
    plans = compare_plans(x, x, piles.p, piles.q)
    for summary in plans.values():  # there is only one plan here, so every plan costs 2
        assert summary.cost == pytest.approx(2.0, abs=1e-12)
    assert wasserstein1(x, x, piles.p, piles.q) == pytest.approx(2.0, abs=1e-12)
    assert cdf_area(x, piles.p, piles.q).area == pytest.approx(2.0, abs=1e-12)


def test_a_pile_that_splits_in_two():
    # P = [1, 2, 1]/4 and Q = [2, 0, 2]/4 on bins 0, 1, 2. Q's outer heaps take P's outer
    # quarters where they are (distance 0); P's middle half must split: a quarter goes left,
    # a quarter right, each 1 unit: W1 = ¼·1 + ¼·1 = 0.5.
    # CDFs: F_P = [¼, ¾, 1], F_Q = [½, ½, 1]; area = |¼ − ½|·1 + |¾ − ½|·1 = 0.5.
    # The independent plan sends each quarter of P half to 0, half to 2: from 0 and 2 an
    # average distance 1, from 1 also 1: cost = 1. North-west (left to right) = the sorted
    # matching, so optimal: 0.5.
    x = np.array([0.0, 1.0, 2.0])
    piles = check_piles([1, 2, 1], [2, 0, 2])
    plans = compare_plans(x, x, piles.p, piles.q)
    assert plans["optimal"].cost == pytest.approx(0.5, abs=1e-12)
    assert plans["north_west"].cost == pytest.approx(0.5, abs=1e-12)
    assert plans["independent"].cost == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(plans["north_west"].plan,
                               [[0.25, 0, 0], [0.25, 0, 0.25], [0, 0, 0.25]], atol=1e-15)
    assert cdf_area(x, piles.p, piles.q).area == pytest.approx(0.5, abs=1e-12)


def test_textbook_preset_matches_its_hand_computation():
    x, p, q = preset_piles("textbook", 12)  # always 5 bins
    assert len(x) == 5
    piles = check_piles(p, q)
    assert piles.notes == ()
    plans = compare_plans(x, x, piles.p, piles.q)
    # Every shovelful (a quarter) moves one bin: 0→1, 2→1, 2→3, 4→3.
    assert plans["optimal"].cost == pytest.approx(1.0, abs=1e-12)
    # Independent: from 0 and 4 half goes 1 away and half 3 away (avg 2), from 2 avg 1:
    # (2 + 1 + 1 + 2)/4 = 1.5.
    assert plans["independent"].cost == pytest.approx(1.5, abs=1e-12)
    assert savings(plans["optimal"].cost, plans["independent"].cost) == pytest.approx((0.5, 1 / 3))


def test_handful_of_points_translation_and_crossing_north_west():
    x, a, y, b = preset_points("handful")
    sets = check_points(x, a, y, b)
    plans = compare_plans(sets.x, sets.y, sets.a, sets.b)
    assert plans["optimal"].cost == pytest.approx(2.0, abs=1e-12)  # Q = P + (2, 0): W1 = ‖v‖
    # North-west pairs first with first in the listed order: (0,0)→(2,2), (0,1)→(2,1),
    # (0,2)→(2,0): (√8 + 2 + √8)/3.
    assert plans["north_west"].cost == pytest.approx((2 + 2 * np.sqrt(8)) / 3, abs=1e-12)
    # Independent: each P point spreads a third to each Q point, distances 2, √5, √8 from the
    # ends and √5, 2, √5 from the middle: (2(2 + √5 + √8) + (2 + 2√5))/9.
    indep = (2 * (2 + np.sqrt(5) + np.sqrt(8)) + 2 + 2 * np.sqrt(5)) / 9
    assert plans["independent"].cost == pytest.approx(indep, abs=1e-12)


# ------------------------------------------------------------------------------------------------
# Plans: marginals, costs, ordering


@pytest.mark.parametrize("n", [1, 2, 5, 17, 30])
def test_every_plan_has_the_piles_as_marginals_and_optimal_is_cheapest(n):
    p, q = _random_piles(n)
    x = np.arange(n, dtype=float)
    plans = compare_plans(x, x, p, q)
    for s in plans.values():
        assert (s.plan >= 0).all()
        np.testing.assert_allclose(s.plan.sum(axis=1), p, atol=1e-12)
        np.testing.assert_allclose(s.plan.sum(axis=0), q, atol=1e-12)
        assert s.cost == pytest.approx(plan_cost(s.plan, x, x), abs=1e-12)
    w1 = wasserstein1(x, x, p, q)
    assert plans["optimal"].cost == pytest.approx(w1, abs=1e-9)
    assert cdf_area(x, p, q).area == pytest.approx(w1, abs=1e-12)
    assert plans["optimal"].cost <= plans["independent"].cost + 1e-12
    assert plans["optimal"].cost <= plans["north_west"].cost + 1e-12
    # In 1-D, on bins listed left to right, the north-west plan is the sorted matching: optimal.
    assert plans["north_west"].cost == pytest.approx(w1, abs=1e-9)


@pytest.mark.parametrize("name", PRESETS_2D[1:])
def test_2d_plans_marginals_and_costs(name):
    x, a, y, b = preset_points(name, 60, seed=3, random_weights=True)
    sets = check_points(x, a, y, b)
    plans = compare_plans(sets.x, sets.y, sets.a, sets.b)
    for s in plans.values():
        np.testing.assert_allclose(s.plan.sum(axis=1), sets.a, atol=1e-12)
        np.testing.assert_allclose(s.plan.sum(axis=0), sets.b, atol=1e-12)
    w1 = wasserstein1(sets.x, sets.y, sets.a, sets.b)
    assert plans["optimal"].cost == pytest.approx(w1, rel=1e-9)
    # In 2-D, in the listed (random) order, the other plans are clearly worse.
    assert plans["north_west"].cost > 1.05 * w1
    assert plans["independent"].cost > 1.05 * w1


def test_north_west_plan_handles_empty_bins_and_uneven_lengths():
    a = np.array([0.0, 0.5, 0.0, 0.5])
    b = np.array([0.2, 0.0, 0.8])
    g = north_west_plan(a, b)
    np.testing.assert_allclose(g, [[0, 0, 0], [0.2, 0, 0.3], [0, 0, 0], [0, 0, 0.5]], atol=1e-15)
    np.testing.assert_allclose(independent_plan(a, b), np.outer(a, b))


@pytest.mark.parametrize("name", PRESETS_1D)
@pytest.mark.parametrize("bins", [5, 13, MAX_BINS])
def test_presets_are_consistent(name, bins):
    x, p, q = preset_piles(name, bins)
    piles = check_piles(p, q)
    assert piles.notes == ()  # presets never trigger a "masses differ" note
    plans = compare_plans(x, x, piles.p, piles.q)
    w1 = wasserstein1(x, x, piles.p, piles.q)
    assert plans["optimal"].cost == pytest.approx(w1, abs=1e-9)
    assert cdf_area(x, piles.p, piles.q).area == pytest.approx(w1, abs=1e-9)
    if name != "textbook":
        assert len(x) == bins
        assert plans["independent"].cost > 1.02 * w1  # the piles overlap: P⊗Q is wasteful


def test_preset_errors():
    with pytest.raises(ValueError, match="unknown preset"):
        preset_piles("volcano", 10)
    with pytest.raises(ValueError, match="3 to 30 bins"):
        preset_piles("gaussians", 31)
    with pytest.raises(ValueError, match="unknown preset"):
        preset_points("volcano")
    with pytest.raises(ValueError, match="1 to 300"):
        preset_points("blobs", MAX_POINTS + 1)


# ------------------------------------------------------------------------------------------------
# The table of moves, the earth moving


def test_moves_table_adds_up_to_the_cost_and_is_sorted():
    x = np.arange(8, dtype=float)
    p, q = _random_piles(8, zeros=False)
    g = independent_plan(p, q)
    mv = plan_moves(g, x, x)
    assert mv.total == 64 and len(mv.mass) == 64
    assert (np.diff(mv.mass) <= 1e-15).all()
    assert mv.cost.sum() == pytest.approx(plan_cost(g, x, x), abs=1e-12)
    np.testing.assert_allclose(mv.distance, np.abs(x[mv.src] - x[mv.dst]))
    short = plan_moves(g, x, x, max_rows=5)
    assert short.total == 64 and len(short.mass) == 5
    np.testing.assert_allclose(short.mass, mv.mass[:5])


def test_displacement_goes_from_p_to_q():
    x = np.arange(6, dtype=float)
    p = np.array([0, 0.5, 0.5, 0, 0, 0])
    q = np.array([0, 0, 0, 0.5, 0.5, 0])  # P moved two bins to the right
    g = transport_plan(x, x, p, q)
    times = np.linspace(0, 1, 5)
    pos, mass = displacement(g, x, x, times)
    assert mass.sum() == pytest.approx(1.0)
    src, dst = np.nonzero(g > 1e-12)
    np.testing.assert_allclose(pos[0], x[src])
    np.testing.assert_allclose(pos[-1], x[dst])
    step = 0.05
    s = np.arange(-0.5, 5.5, step) + step / 2
    prof = earth_profile(pos, mass, s)
    np.testing.assert_allclose(prof.sum(axis=1) * step, 1.0, atol=1e-12)  # earth is conserved
    per_bin = prof.reshape(len(times), 6, -1).mean(axis=2)
    np.testing.assert_allclose(per_bin[0], p, atol=1e-12)
    np.testing.assert_allclose(per_bin[-1], q, atol=1e-12)
    np.testing.assert_allclose(per_bin[2], [0, 0, 0.5, 0.5, 0, 0], atol=1e-12)  # halfway


def test_displacement_in_2d_and_bad_times():
    x, a, y, b = preset_points("handful")
    sets = check_points(x, a, y, b)
    g = transport_plan(sets.x, sets.y, sets.a, sets.b)
    pos, mass = displacement(g, sets.x, sets.y, [0.0, 0.5, 1.0])
    assert pos.shape == (3, 3, 2)
    np.testing.assert_allclose(np.sort(pos[1][:, 1]), [0, 1, 2])
    np.testing.assert_allclose(pos[1][:, 0], 1.0)  # halfway across the 2-unit gap
    with pytest.raises(ValueError, match="times"):
        displacement(g, sets.x, sets.y, [])
    with pytest.raises(ValueError, match="width"):
        earth_profile(pos[:, :, 0], mass, [0.0], width=0)


def test_displacement_keeps_the_heaviest_clods_when_capped():
    """The independent coupling of two sets of 300 points has 90 000 clods (a 128 MB animation):
    ``max_clods`` keeps the heaviest, in their listed order, each still moving from xᵢ to yⱼ."""
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(40, 2)), rng.normal(size=(30, 2)) + 2.0
    a, b = rng.random(40), rng.random(30)
    g = np.outer(a / a.sum(), b / b.sum())  # the independent coupling: every entry non-zero
    full_pos, full_mass = displacement(g, x, y, [0.0, 0.5, 1.0])
    assert full_mass.size == 1200
    pos, mass = displacement(g, x, y, [0.0, 0.5, 1.0], max_clods=100)
    assert pos.shape == (3, 100, 2) and mass.size == 100
    assert mass.min() >= np.sort(full_mass)[-100]  # the 100 heaviest
    kept = np.flatnonzero(np.isin(full_mass, mass))
    np.testing.assert_array_equal(full_mass[kept], mass)  # in their listed order
    np.testing.assert_allclose(pos, full_pos[:, kept])
    same_pos, same_mass = displacement(g, x, y, [0.0, 1.0], max_clods=5000)  # no cut needed
    assert same_mass.size == 1200
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="max_clods"):
            displacement(g, x, y, [0.0], max_clods=bad)


def test_cdf_area_input_checks():
    with pytest.raises(ValueError, match="increasing"):
        cdf_area([0, 0, 1], [1, 0, 0], [0, 0, 1])
    with pytest.raises(ValueError, match="one mass per position"):
        cdf_area([0, 1, 2], [1, 0], [0, 0, 1])
    # Unequal spacing: the area uses the real gaps.
    assert cdf_area([0, 1, 5], [1, 0, 0], [0, 0, 1]).area == pytest.approx(5.0)


# ------------------------------------------------------------------------------------------------
# Bad input: refused with a clear message, or fixed and said


@pytest.mark.parametrize("p,code,match", [
    ([], "empty", "P is empty"),
    ([1, -0.5, 1], "negative", r"negative height \(-0.5\) at bin 1"),
    ([0, 0, 0], "zero", "no earth"),
    ([1, np.inf, 0], "not_finite", "infinite"),
    (["a", 1, 2], "not_number", "numbers"),
])
def test_bad_piles_are_refused(p, code, match):
    with pytest.raises(PileError, match=match) as info:
        check_piles(p, [1, 1, 1])
    assert info.value.code == code
    assert isinstance(info.value, ValueError)
    assert info.value.params["pile"] == "P"


def test_empty_cells_are_read_as_zero_and_said():
    piles = check_piles([1, None, np.nan, 1], [1, 0, 0, 1])
    assert [n.code for n in piles.notes] == ["missing"]
    assert piles.notes[0].params == {"pile": "P", "k": 2}
    np.testing.assert_allclose(piles.p, [0.5, 0, 0, 0.5])


def test_mismatched_masses_are_normalised_and_said():
    piles = check_piles([2, 0, 0], [0, 0, 5])
    assert [n.code for n in piles.notes] == ["normalised"]
    assert str(piles.notes[0].message).startswith(
        "The masses differ: P holds 2 and Q holds 5. Each pile was scaled to total mass 1")
    assert piles.p.sum() == pytest.approx(1) and piles.q.sum() == pytest.approx(1)
    assert (piles.total_p, piles.total_q) == (2.0, 5.0)
    # Equal totals (in any unit) need no note.
    assert check_piles([2, 0, 3], [0, 5, 0]).notes == ()


def test_too_many_bins_are_capped_and_said():
    p = np.ones(MAX_BINS + 10)
    piles = check_piles(p, p)
    assert len(piles.x) == MAX_BINS
    capped = [n for n in piles.notes if n.code == "capped"]
    assert [n.params["pile"] for n in capped] == ["P", "Q"]
    assert capped[0].params["lost"] == pytest.approx(10 / 40)
    assert "only the first 30" in str(capped[0].message)


def test_different_lengths_are_padded_and_said():
    piles = check_piles([1, 1], [1, 1, 1, 1])
    assert [n.code for n in piles.notes] == ["padded", "normalised"]
    np.testing.assert_allclose(piles.p, [0.5, 0.5, 0, 0])


def test_bad_point_sets():
    ok = np.array([[0.0, 0.0], [1.0, 1.0]])
    with pytest.raises(PileError, match="P is empty"):
        check_points(np.zeros((0, 2)), [], ok, None)
    with pytest.raises(PileError, match="negative") as info:
        check_points(ok, [1, -1], ok, None)
    assert str(info.value.params["where"]) == "point 1"
    with pytest.raises(PileError, match="no earth"):
        check_points(ok, None, ok, [0, 0])
    with pytest.raises(PileError, match="infinite"):
        check_points([[0, np.inf]], None, ok, None)
    with pytest.raises(PileError, match="shape"):
        check_points([[0, 1, 2]], None, ok, None)
    with pytest.raises(PileError, match="Q is empty"):
        check_points(ok, None, [[np.nan, 1.0]], [1])


def test_point_sets_fixed_and_said():
    x = np.column_stack([np.arange(MAX_POINTS + 5.0), np.zeros(MAX_POINTS + 5)])
    y = np.array([[0.0, 1.0], [None, 2.0], [1.0, 1.0]], dtype=object)
    sets = check_points(x, None, y, [1, 1, 2])
    codes = {(n.code, n.params["pile"]) if "pile" in n.params else (n.code,) for n in sets.notes}
    assert ("capped", "P") in codes and ("dropped", "Q") in codes
    assert len(sets.x) == MAX_POINTS and len(sets.y) == 2
    np.testing.assert_allclose(sets.b, [1 / 3, 2 / 3])  # after dropping, masses renormalised
    assert sets.a.sum() == pytest.approx(1.0)


# ---- own data: samples binned, points subsampled; translatable error locations -------------------


def test_bin_samples_shares_edges_and_converts_back_to_the_data_units():
    from scipy.stats import wasserstein_distance

    from divergences.earth import bin_samples

    rng = np.random.default_rng(0)
    ps, qs = rng.normal(0, 1, 500), rng.normal(3, 1, 400)
    sb = bin_samples(ps, qs, 20)
    assert sb.n == 20
    assert sb.edges[0] == min(ps.min(), qs.min()) and sb.edges[-1] == max(ps.max(), qs.max())
    assert sb.p.sum() == 500 and sb.q.sum() == 400  # every sample counted, the largest too
    k = np.arange(20.0)
    # W1 in bins × the bin width = W1 of the same masses on the bin centres (data units).
    assert wasserstein_distance(k, k, sb.p, sb.q) * sb.width == pytest.approx(
        wasserstein_distance(sb.centres, sb.centres, sb.p, sb.q), rel=1e-12)
    # ... and close to the unbinned W1 (binning moves a sample by at most half a bin).
    assert abs(wasserstein_distance(sb.centres, sb.centres, sb.p, sb.q)
               - wasserstein_distance(ps, qs)) <= sb.width / 2 + 1e-12
    one = bin_samples(None, [2.0, 2.0, 2.0], 5)  # all equal: a 1-unit range around them
    assert one.p is None and one.q.tolist() == [0, 0, 3, 0, 0] and one.width == pytest.approx(0.2)
    with pytest.raises(ValueError):
        bin_samples(None, None, 5)
    with pytest.raises(ValueError):
        bin_samples([1.0, np.inf], None, 5)
    with pytest.raises(ValueError):
        bin_samples([1.0, 2.0], None, 31)


def test_subsample_is_seeded_ordered_and_a_no_op_under_the_cap():
    from divergences.earth import subsample

    pts = np.arange(1000.0).reshape(500, 2)
    a, b = subsample(pts, 300, 4), subsample(pts, 300, 4)
    assert a.shape == (300, 2) and np.array_equal(a, b)
    assert np.all(np.diff(a[:, 0]) > 0)  # original order kept
    assert not np.array_equal(a, subsample(pts, 300, 5))
    assert subsample(pts[:10], 300, 0) is not None and len(subsample(pts[:10], 300, 0)) == 10


def test_error_locations_carry_a_translatable_template():
    import pickle

    from divergences.messages import Message

    with pytest.raises(PileError) as info:
        check_piles([1, 0, -2], [1, 1, 1])
    where = info.value.params["where"]
    assert isinstance(where, Message) and str(where) == "bin 2" and where.template == "bin {i}"
    assert "at bin 2:" in str(info.value)
    assert info.value.message.values["where"] == where  # the error's message holds it
    with pytest.raises(PileError) as info:
        check_points([[0, 0], [1, 1]], [1, -1], [[0, 0]], None)
    assert info.value.params["where"].template == "point {i}"
    assert pickle.loads(pickle.dumps(where)) == where  # a plain frozen dataclass pickles


def test_plural_notes_pick_the_form_for_the_count():
    one = check_piles([1, None, 1], [1, 0, 1]).notes[0].message
    two = check_piles([1, None, np.nan, 1], [1, 0, 0, 1]).notes[0].message
    assert str(one) == "P: 1 empty cell read as 0."
    assert str(two) == "P: 2 empty cells read as 0."
    assert one.count == 1 and two.count == 2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cdf_area_is_scipys_w1_and_the_same_formula_as_wasserstein1(seed):
    """One ∫|F_P − F_Q| for the area drawn on page 3 and for W1: both match scipy."""
    from scipy.stats import wasserstein_distance

    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-3, 5, 40))
    p, q = rng.random(40), rng.random(40)
    q[rng.random(40) < 0.4] = 0.0
    expected = wasserstein_distance(x, x, p, q)
    assert cdf_area(x, p, q).area == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert wasserstein1(x, x, p, q) == pytest.approx(expected, rel=1e-12, abs=1e-12)

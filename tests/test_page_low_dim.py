"""Page 2 (thin supports in 2D) through the real app (AppTest), and its science module
divergences/supports.py: Arjovsky's Example 1 (W1 = |θ|, JS = ln 2 for θ ≠ 0), binning, sampling."""

import math

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from divergences import binned_divergences, sample_2d, wasserstein1
from divergences.supports import (atom_divergences, binned, grid_bounds, moved, offset_curves,
                                  sampling_overlap, w1_and_matching)
from tests.conftest import MAIN, metric_values, plotly_specs, run_page
from tests.reveal import commit, shown

LN2 = math.log(2)
PAGE = "low_dim_supports.py"


def _num(text: str) -> float:
    return float(text.split()[0])


def _spec(at, prefix):
    return next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith(prefix))


def _trace(spec, prefix):
    return next(t for t in spec["data"] if str(t.get("name", "")).startswith(prefix)
                and len(t["x"]) > 2)


# ---- the science ---------------------------------------------------------------------------------

def test_example_1_exact_values_with_shared_z():
    x = sample_2d("lines", 200, seed=3)
    for theta in (0.01, -0.37, 0.9):
        y = moved(x, theta)
        w1, pairs = w1_and_matching(x, y)
        assert w1 == pytest.approx(abs(theta), abs=1e-12)
        assert (pairs[:, 0] == pairs[:, 1]).all()  # each point goes straight across
        d = atom_divergences(x, y)
        assert d["js"] == pytest.approx(LN2, abs=1e-15) and d["tv"] == 1.0
        assert d["kl_pq"] == math.inf and d["kl_qp"] == math.inf
    d = atom_divergences(x, moved(x, 0.0))
    assert d["js"] == 0.0 and d["shared_points"] == 200


def test_atoms_half_shared_closed_form():
    # P uniform on {a, b}, Q uniform on {b, c}: m = (¼, ½, ¼); JS = ½ln 2; TV = ½.
    x = np.array([[0.0, 0.0], [1.0, 0.0]])
    y = np.array([[1.0, 0.0], [2.0, 0.0]])
    d = atom_divergences(x, y)
    assert d["js"] == pytest.approx(0.5 * LN2, abs=1e-15)
    assert d["tv"] == pytest.approx(0.5)
    assert d["shared_points"] == 1


def test_rotated_sets_match_pot_and_binning_steps_at_the_bin_width():
    x = sample_2d("lines", 150, seed=1)
    y = moved(x, 0.2, rotation_deg=40)
    assert w1_and_matching(x, y)[0] == pytest.approx(wasserstein1(x, y), rel=1e-12)
    bounds = grid_bounds(x, x, 1.0)
    width = (bounds[0][1] - bounds[0][0]) / 21
    c = offset_curves(x, x, [0.0, 0.4 * width, 0.6 * width, 0.5], 0.0, 21, bounds, exact=True)
    # Same column of bins for |θ| < half a column (P's line sits mid-column): binned JS = 0.
    np.testing.assert_allclose(c["js"], [0.0, 0.0, LN2, LN2], atol=1e-12)
    np.testing.assert_allclose(c["js_exact"], [0.0, LN2, LN2, LN2], atol=1e-12)


@pytest.mark.parametrize("name, bins", [("lines", 21), ("blob", 7), ("moons", 300),
                                        ("circle", 2000)])
def test_sparse_binning_equals_the_dense_histograms(name, bins):
    x = sample_2d(name, 120, 5)
    y = moved(sample_2d(name, 90, 6), 0.13, 30)
    bounds = ((-1.2, 1.1), (-0.9, 1.0))  # some points fall outside and are dropped
    x[0] = [1.1, 0.2]  # exactly on the right edge: the last cell holds it
    dense = binned_divergences(x, y, bins, bounds)
    sparse = binned(x, y, bins, bounds)
    assert sparse["js"] == pytest.approx(dense["js"], abs=1e-12)
    assert sparse["tv"] == pytest.approx(dense["tv"], abs=1e-12)
    assert sparse["shared_bins"] == dense["shared_bins"]
    assert sparse["p_bins"] == np.count_nonzero(dense["p_hist"])


def test_two_samples_of_one_line_barely_share_fine_bins():
    x1, x2 = sample_2d("lines", 300, 0), sample_2d("lines", 300, 1)
    r = sampling_overlap(x1, x2, [5, 51, 501, 1999], grid_bounds(x1, x1, 1.0))
    assert r["shared_fraction"][0] == 1.0  # coarse: the samples look the same
    assert r["shared_fraction"][-1] < 0.3  # fine: they hardly share a bin
    assert np.all(np.diff(r["js"]) > 0) and r["js"][-1] > 0.5 > 0.05 > r["js"][0]


@pytest.mark.parametrize("bad", [np.zeros((0, 2)), np.array([[np.nan, 0.0]]), np.ones(3)])
def test_bad_points_raise(bad):
    with pytest.raises(ValueError):
        atom_divergences(bad, np.zeros((2, 2)))


# ---- the page ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    return commit(at, "lds.lines_js", "small")  # "What to notice" and the exact JS curve follow a guess


def test_example_1_on_the_page_w1_is_abs_theta_and_exact_js_is_ln2(page):
    at = page
    for theta in (-0.4, 0.05, 0.73):
        at.slider(key="w.low.theta").set_value(theta).run()
        assert not at.exception, at.exception
        m = metric_values(at)
        assert m["W1, exact"] == f"{abs(theta):.4f} units"
        assert m["JS of the point sets, exact"] == "0.6931 nats"
    # θ = 0.05 is inside P's column of the 21×21 grid: binning hides the gap.
    at.slider(key="w.low.theta").set_value(0.05).run()
    assert metric_values(at)["JS binned"] == "0.0000 nats"
    said = " ".join(i.value for i in at.info)
    assert "is ln 2 ≈ 0.6931 nats for every θ ≠ 0" in said and "same column of bins" in said
    spec = _spec(at, "Over the offset")
    w1 = _trace(spec, "W1")
    np.testing.assert_allclose(w1["y"], np.abs(w1["x"]), atol=1e-9)  # W1 = |θ|: linear
    js = _trace(spec, "JS of the point sets")
    x, y = np.array(js["x"]), np.array(js["y"])
    np.testing.assert_allclose(y[np.abs(x) > 1e-9], LN2, atol=1e-12)  # flat at ln 2 for θ ≠ 0
    assert y[np.abs(x) < 1e-9] == pytest.approx([0.0])
    binned = np.array(_trace(spec, "JS binned, 21×21")["y"])
    assert (binned[np.abs(x) <= 0.08] == 0).all() and (binned[np.abs(x) >= 0.09] == LN2).all()
    # The scatter draws the optimal matching: every segment horizontal, of length |θ|.
    sc = _spec(at, "P (blue)")
    seg = next(t for t in sc["data"] if t.get("mode") == "lines" and t.get("opacity"))
    sx = np.array(seg["x"], dtype=float).reshape(-1, 3)[:, :2]
    sy = np.array(seg["y"], dtype=float).reshape(-1, 3)[:, :2]
    assert len(sx) == 300
    np.testing.assert_allclose(sx[:, 1] - sx[:, 0], 0.05, atol=1e-12)
    np.testing.assert_allclose(sy[:, 1], sy[:, 0])


def test_finer_grid_brings_binned_js_to_ln2(page):
    at = page
    at.slider(key="w.low.theta").set_value(0.05).run()
    at.toggle(key="w.low.fine").set_value(True).run()
    assert not at.exception, at.exception
    assert metric_values(at)["JS binned"] == "0.6931 nats"
    spec = _spec(at, "Over the offset")
    fine = _trace(spec, "JS binned, 201×201")
    x, y = np.array(fine["x"]), np.array(fine["y"])
    coarse = np.array(_trace(spec, "JS binned, 21×21")["y"])
    assert (y[np.abs(x) >= 0.01] == LN2).all()  # every θ ≠ 0 on the slider
    assert (y >= coarse - 1e-12).all() and (y > coarse).sum() >= 10
    at.toggle(key="w.low.fine").set_value(False).run()


def test_sampling_view_and_other_sets(page):
    at = page
    m = metric_values(at)
    assert _num(m["Shared bins at 1999×1999"].replace("%", "")) < 30
    assert _num(m["JS binned at 1999×1999"]) > 0.5 > _num(m["JS binned at 5×5"])
    for name in ("circle", "blob", "moons"):
        at.selectbox(key="w.low.dataset").set_value(name).run()
        at.slider(key="w.low.theta").set_value(-0.2).run()
        assert not at.exception, at.exception
        m = metric_values(at)
        # Q is P's points moved by (θ, 0): W1 = |θ| for any set, and no point in common.
        assert m["W1, exact"] == "0.2000 units"
        assert m["JS of the point sets, exact"] == "0.6931 nats"
    at.selectbox(key="w.low.dataset").set_value("lines").run()


def test_rotation_and_own_sample_change_w1(page):
    at = page
    at.slider(key="w.low.theta").set_value(0.3).run()
    at.slider(key="w.low.rotation").set_value(90).run()
    w_rot = _num(metric_values(at)["W1, exact"])
    assert w_rot > 0.3  # a turned segment is further than its translate
    at.slider(key="w.low.rotation").set_value(0).run()
    at.toggle(key="w.low.own").set_value(True).run()
    assert not at.exception, at.exception
    m = metric_values(at)
    assert _num(m["W1, exact"]) == pytest.approx(0.3, abs=0.05)  # plus sampling noise
    assert m["JS of the point sets, exact"] == "0.6931 nats"
    at.toggle(key="w.low.own").set_value(False).run()


def test_point_cap_and_bad_link_values():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    for k, v in {"low.n": "100000", "low.seed": "-3", "low.dataset": "8gaussians",
                 "low.theta": "nan"}.items():
        at.query_params[k] = v
    at.switch_page(f"../pages/{PAGE}").run()
    assert not at.exception, at.exception
    assert at.warning  # each bad value is reported, not raised
    assert at.slider(key="w.low.n").value == 500  # clamped to the cap
    assert at.selectbox(key="w.low.dataset").value == "lines"
    assert metric_values(at)["W1, exact"] == "0.3000 units"


# ---- the student's own points (issue 8) -----------------------------------------------------------

OWN_P = np.random.default_rng(21).normal(0.0, 0.4, (80, 2))
OWN_Q = np.random.default_rng(22).normal((0.5, 0.2), 0.3, (60, 2))


def _csv(points) -> bytes:
    return ("x,y\n" + "\n".join(f"{a!r},{b!r}" for a, b in points.tolist()) + "\n").encode()


def _upload(at, role: str, data: bytes, name: str = "mine.csv") -> None:
    at.radio(key=f"w.byod.low.{role}.source").set_value("upload").run()
    idx = 0 if role == "p" or len(at.file_uploader) == 1 else 1
    at.file_uploader[idx].upload(name, data, "text/csv").run()


def _emd(x, y) -> float:
    import ot

    return float(ot.emd2(ot.unif(len(x)), ot.unif(len(y)), ot.dist(x, y, metric="euclidean")))


def test_own_p_and_q_w1_is_pot_emd_and_js_is_exact():
    at = run_page(PAGE)
    _upload(at, "p", _csv(OWN_P))
    _upload(at, "q", _csv(OWN_Q))
    assert not at.exception, at.exception
    cap = " ".join(c.value for c in at.caption)
    assert "P = your 80 points; Q = your 60 points" in cap
    for theta in (0.0, 0.3, -0.74):  # on the slider's steps of 0.02 (θ spans ±2 here)
        at.slider(key="w.low.theta").set_value(theta).run()
        assert not at.exception, at.exception
        m = metric_values(at)
        want = _emd(OWN_P, OWN_Q + [theta, 0.0])  # Q as given, moved by θ: POT, Euclidean cost
        assert m["W1, exact"] == f"{want:.4f} units"
        assert m["JS of the point sets, exact"] == "0.6931 nats"  # no point in common
    # The scatter shows exactly the student's points.
    sc = _spec(at, "P (blue)")
    p = next(t for t in sc["data"] if t.get("name") == "P")
    q = next(t for t in sc["data"] if t.get("name") == "Q")
    np.testing.assert_allclose(np.column_stack([p["x"], p["y"]]), OWN_P)
    np.testing.assert_allclose(np.column_stack([q["x"], q["y"]]), OWN_Q + [-0.74, 0.0])


def test_own_p_alone_moves_it_and_the_sampling_view_splits_it():
    at = run_page(PAGE)
    commit(at, "lds.lines_js", "ln2")  # the sampling view's full sentence follows a guess
    _upload(at, "p", _csv(OWN_P * 10))  # a box of ~10 units: θ spans more than ±1
    assert not at.exception, at.exception
    sl = at.slider(key="w.low.theta")
    assert sl.max > 1.0 and sl.min == -sl.max
    at.slider(key="w.low.theta").set_value(2.0).run()
    m = metric_values(at)
    assert m["W1, exact"] == "2.0000 units"  # Q = P's points moved by (2, 0)
    assert m["JS of the point sets, exact"] == "0.6931 nats"
    assert at.toggle(key="w.low.own").disabled and at.slider(key="w.low.n").disabled
    assert any("split at random into two halves (40 points each)" in md.value
               for md in at.markdown)
    at.radio(key="w.byod.low.p.source").set_value("builtin").run()
    sl = at.slider(key="w.low.theta")
    assert (sl.min, sl.max, sl.step) == (-1.0, 1.0, 0.01)


def test_more_than_500_points_are_subsampled_with_a_caption():
    from divergences.userdata_2d import capped

    big = np.random.default_rng(5).uniform(-1, 1, (700, 2))
    at = run_page(PAGE)
    _upload(at, "p", _csv(big))
    assert not at.exception, at.exception
    assert any("You gave 700 points for P" in c.value and "500 of them" in c.value
               for c in at.caption)
    sc = _spec(at, "P (blue)")
    p = next(t for t in sc["data"] if t.get("name") == "P")
    assert len(p["x"]) == 500
    kept = capped(big, 500, 0)[0]  # the page's seed is 0
    np.testing.assert_allclose(np.column_stack([p["x"], p["y"]]), kept)


def test_bad_upload_gives_a_clear_error_and_the_page_keeps_its_data():
    at = run_page(PAGE)
    _upload(at, "p", b"x,y\n1,2\n3\n", "bad.csv")
    assert not at.exception, at.exception
    assert any("bad.csv" in e.value and "Line 3 has 1 cells" in e.value for e in at.error), \
        [e.value for e in at.error]
    assert metric_values(at)["W1, exact"] == "0.3000 units"  # Example 1 at θ = 0.3


def test_own_points_in_chinese_leave_nothing_in_english():
    from tests import test_i18n as ix
    from tests.test_i18n import EX, _visible_texts

    at = run_page(PAGE)  # uploads first, then Chinese (see the same test of page 1)
    _upload(at, "p", _csv(np.random.default_rng(5).uniform(-1, 1, (600, 2))))
    _upload(at, "q", _csv(OWN_Q))
    at.radio(key="w.lang").set_value("zh").run()
    assert not at.exception, at.exception
    assert any("你为 P 给出了 600 个点" in c.value for c in at.caption), \
        [c.value for c in at.caption]
    english = {k for k in EX.keys if k not in ix.LANGUAGE_NEUTRAL}
    left = sorted({s for s in _visible_texts(at) if s in english})
    assert not left, left


# ---- nothing revealed early (issue 22, item 3) ----------------------------------------------------

JS_SPOILERS = ("ln 2 ≈ 0.6931 nats for every θ ≠ 0", "exact JS is stuck at ln 2",
               "JS is stuck at ln 2", "jump to ln 2", "near its ceiling ln 2",
               "climbs toward ln 2", "JS = ln 2")


def test_before_a_guess_nothing_says_the_exact_js_of_two_lines():
    at = run_page(PAGE)
    for theta in (0.1, 0.05, 0.0, -0.6):
        at.slider(key="w.low.theta").set_value(theta).run()
        assert not at.exception, at.exception
        text = shown(at)
        assert not [s for s in JS_SPOILERS if s in text], theta
        assert "Commit your guess above to see what to notice." in text
    # the offsets chart is there, without the exact JS curve (the answer) ...
    spec = _spec(at, "Over the offset")
    names = [t.get("name") for t in spec["data"]]
    assert "JS of the point sets, exact" not in names and "W1, exact (POT)" in names
    # ... and the experiment's numbers are too
    assert metric_values(at)["W1, exact"] == "0.6000 units"
    commit(at, "lds.lines_js", "between")
    text = shown(at)
    assert "ln 2 ≈ 0.6931 nats for every θ ≠ 0" in text  # "What to notice"
    assert "exact JS is stuck at ln 2" in text  # the chart's title, and its exact JS curve
    assert "JS of the point sets, exact" in [t.get("name") for t in _spec(at, "Over the").get("data")]
    assert "climbs toward ln 2" in text and "JS is stuck at ln 2" in text  # sampling, intro

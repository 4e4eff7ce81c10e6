"""Page 3 through AppTest (the real app via app/main.py): the numbers shown, editing a pile in the
data editor, the plan picker, the animation's frames, the 2-D mode, and bad input."""

import numpy as np
import pytest

from streamlit.testing.v1 import AppTest

from divergences import wasserstein1
from tests.conftest import MAIN, metric_values, plotly_specs, run_page
from tests.reveal import commit, shown

PAGE = "earth_mover.py"
W1 = "W1 = cost of the optimal plan"
NW = "north-west-corner plan"
IND = "independent coupling P⊗Q"
TEXTBOOK_KEY = "em.piles.textbook.5"


def open_link(query: dict) -> AppTest:
    """Open ``/earth_mover?<query>`` as a fresh browser tab does: start on the page itself with
    the query (``run_page(file, query)`` starts on Home, whose first run drops the page's keys)."""
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.switch_page(f"../pages/{PAGE}")  # before the first run: found by its file name
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def _edit(rows=None, added=None, deleted=None):
    return {"edited_rows": rows or {}, "added_rows": added or [], "deleted_rows": deleted or []}


def _titles(at):
    return [s["layout"]["title"]["text"] for s in plotly_specs(at)]


def _spec(at, start):
    return next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith(start))


@pytest.fixture(scope="module")
def textbook():
    return commit(run_page(PAGE), "em.textbook_w1", 1.0)  # the textbook's W1 shows after a guess (right: no error box)


def test_textbook_numbers_and_figures(textbook):
    at = textbook
    assert not at.exception
    m = metric_values(at)
    # By hand: every quarter of the earth moves one bin (W1 = 1); P⊗Q costs 1.5 (test_earth.py).
    assert m[W1] == "1.0000 units"
    assert m[NW] == "1.0000 units"
    assert m[IND] == "1.5000 units"
    assert m["optimal saves vs P⊗Q"] == "33.3 %"
    titles = _titles(at)
    assert "Moves of the exact optimal transport plan: cost 1.0000 units" in titles
    assert "CDFs of P and Q: shaded area = 1.0000 units = W1" in titles
    assert any("0.5000 units (33.3%) cheaper than the independent coupling" in md.value
               for md in at.markdown)
    heat = _spec(at, "The plan γ")
    plan = np.array(heat["data"][0]["z"])
    np.testing.assert_allclose(plan.sum(axis=1), [0.25, 0, 0.5, 0, 0.25], atol=1e-12)
    np.testing.assert_allclose(plan.sum(axis=0), [0, 0.5, 0, 0.5, 0], atol=1e-12)
    assert not at.error and not at.warning


def test_animation_has_frames_play_and_slider(textbook):
    anim = _spec(textbook, "The earth moving along")
    frames = anim["frames"]
    assert len(frames) == 51
    assert [f["name"] for f in frames][:3] == ["0.00", "0.02", "0.04"]
    s = np.array(anim["data"][2]["x"])
    step = s[1] - s[0]  # the profile's resolution (units)
    assert s[0] == pytest.approx(-0.5 + step / 2) and s[-1] == pytest.approx(4.5 - step / 2)
    first, last = np.array(frames[0]["data"][0]["y"]), np.array(frames[-1]["data"][0]["y"])
    # The earth starts as P and ends as Q (per-bin averages of the drawn profile), area 1.
    np.testing.assert_allclose(first.reshape(5, -1).mean(axis=1), [0.25, 0, 0.5, 0, 0.25],
                               atol=1e-12)
    np.testing.assert_allclose(last.reshape(5, -1).mean(axis=1), [0, 0.5, 0, 0.5, 0], atol=1e-12)
    assert first.sum() * step == pytest.approx(1.0) and last.sum() * step == pytest.approx(1.0)
    buttons = anim["layout"]["updatemenus"][0]["buttons"]
    assert [b["method"] for b in buttons] == ["animate", "animate"]
    assert "Play" in buttons[0]["label"] and buttons[0]["args"][0] is None
    assert len(anim["layout"]["sliders"][0]["steps"]) == 51


def test_editing_a_pile_changes_the_cost_to_the_right_value():
    at = run_page(PAGE)
    # P = [1, 0, 2, 0, 1] → [0, 1, 2, 0, 1]: quarters at 1, 2, 2, 4 go to Q's 1, 1, 3, 3,
    # distances 0, 1, 1, 1: W1 = 3/4.
    at.session_state[TEXTBOOK_KEY] = _edit({0: {"P": 0.0}, 1: {"P": 1.0}})
    at.run()
    assert not at.exception
    m = metric_values(at)
    assert m[W1] == "0.7500 units"
    x = np.arange(5.0)
    assert wasserstein1(x, x, [0, 1, 2, 0, 1], [0, 2, 0, 2, 0]) == pytest.approx(0.75)
    assert "CDFs of P and Q: shaded area = 0.7500 units = W1" in _titles(at)
    assert not at.warning  # totals still equal (4 and 4): nothing to say
    reset = next(b for b in at.button if b.label == "Reset the piles")
    reset.click().run()
    assert metric_values(at)[W1] == "?"  # back to the textbook piles: the answer, until a guess


def test_plan_picker_redraws_the_chosen_plan():
    at = run_page(PAGE)
    at.radio(key="w.em.plan").set_value("independent").run()
    assert not at.exception
    assert "Moves of the independent coupling P⊗Q: cost 1.5000 units" in _titles(at)
    plan = np.array(_spec(at, "The plan γ")["data"][0]["z"])
    np.testing.assert_allclose(plan, np.outer([0.25, 0, 0.5, 0, 0.25], [0, 0.5, 0, 0.5, 0]))
    assert "The earth moving along the independent coupling P⊗Q" in _titles(at)


@pytest.mark.parametrize("edit,message", [
    (_edit({2: {"P": -1.0}}), "P has a negative height (-1) at bin 2"),
    (_edit({0: {"Q": 0.0}, 1: {"Q": 0.0}, 2: {"Q": 0.0}, 3: {"Q": 0.0}, 4: {"Q": 0.0}}),
     "Q holds no earth"),
    (_edit(deleted=[0, 1, 2, 3, 4]), "P is empty"),
])
def test_bad_piles_show_a_message_not_an_exception(edit, message):
    at = run_page(PAGE)
    at.session_state[TEXTBOOK_KEY] = edit
    at.run()
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert not plotly_specs(at)  # nothing is drawn from a pile that is not one


def test_mismatched_masses_are_normalised_and_said():
    at = run_page(PAGE)
    # P = [1, 0, 2, 0, 5] (total 8) against Q (total 4): scaled to 1 each.
    at.session_state[TEXTBOOK_KEY] = _edit({4: {"P": 5.0}})
    at.run()
    assert not at.exception
    assert any("The masses differ: P holds 8 and Q holds 4" in w.value for w in at.warning)
    x = np.arange(5.0)
    want = wasserstein1(x, x, [1, 0, 2, 0, 5], [0, 2, 0, 2, 0])
    assert metric_values(at)[W1] == f"{want:.4f} units"


def test_too_many_bins_are_capped_and_said():
    at = open_link({"em.preset": "gaussians", "em.bins": "30"})
    at.session_state["em.piles.gaussians.30"] = _edit(added=[{"P": 50.0, "Q": 0.0},
                                                             {"P": 50.0, "Q": 0.0}])
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("P had 32 entries; only the first 30 are used" in w for w in warnings), warnings
    assert any("Q had 32 entries" in w for w in warnings)
    # The cut-off bins held 100 of P's 200: the rest is the preset, so W1 is the preset's.
    from divergences.earth import preset_piles

    x, p, q = preset_piles("gaussians", 30)
    assert metric_values(at)[W1] == f"{wasserstein1(x, x, p, q):.4f} units"


def test_bad_link_values_are_clamped_with_a_notice():
    at = open_link({"em.bins": "99", "em.preset": "volcano"})
    assert not at.exception
    assert at.radio(key="w.em.preset").value == "textbook"
    assert len(at.warning) >= 1  # the link notices (app/state.py)


def test_points_mode_handful_and_editing_a_weight():
    at = open_link({"em.mode": "points"})
    assert not at.exception
    m = metric_values(at)
    assert m[W1] == "2.0000 units"  # Q is P moved by (2, 0)
    assert m[NW] == f"{(2 + 2 * np.sqrt(8)) / 3:.4f} units"  # listed order crosses over
    anim = _spec(at, "The earth moving along")
    assert len(anim["frames"]) == 51
    np.testing.assert_allclose(anim["frames"][25]["data"][0]["x"], [1.0, 1.0, 1.0])  # halfway
    # Give P's first point (0, 0) twice the weight: P = (½, ¼, ¼), Q = (⅓, ⅓, ⅓).
    at.session_state["em.pts.handful.3.0.0.P"] = _edit({0: {"weight": 2.0}})
    at.run()
    assert not at.exception
    px = np.array([[0.0, 0], [0, 1], [0, 2]])
    qy = np.array([[2.0, 2], [2, 1], [2, 0]])
    want = wasserstein1(px, qy, [2, 1, 1], [1, 1, 1])
    assert metric_values(at)[W1] == f"{want:.4f} units"
    assert any("The masses differ: P holds 4 and Q holds 3" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Reset the points").click().run()
    assert metric_values(at)[W1] == "2.0000 units"


def test_points_mode_sampled_sets():
    at = open_link({"em.mode": "points", "em.preset2d": "moons_circle", "em.n": "80",
                         "em.randw": "1", "em.seed": "7"})
    assert not at.exception
    m = metric_values(at)
    w1 = float(m[W1].split()[0])
    assert w1 < float(m[NW].split()[0]) and w1 < float(m[IND].split()[0])
    from divergences.earth import check_points, preset_points

    s = check_points(*preset_points("moons_circle", 80, 7, True))
    assert m[W1] == f"{wasserstein1(s.x, s.y, s.a, s.b):.4f} units"


def test_the_largest_independent_coupling_animates_its_heaviest_clods():
    """300 × 300 weighted points: the independent coupling has 90 000 clods. Drawn whole, its
    animation was a 128 MB chart (over the websocket's 50 MB limit); the page draws the 2500
    heaviest, says so, and keeps the whole plan's numbers. Large plans travel as float32."""
    at = open_link({"em.mode": "points", "em.preset2d": "moons_circle", "em.n": "300",
                    "em.randw": "1", "em.plan2d": "independent"})
    assert not at.exception and not at.error
    anim = _spec(at, "The earth moving along the independent coupling")
    clods = [len(f["data"][0]["x"]) for f in anim["frames"]]
    assert len(clods) == 51 and set(clods) == {2500}
    assert any("This plan has 90000 clods; the animation draws the 2500 heaviest" in c.value
               for c in at.caption)
    import json

    raw = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    heat = next(r for r in raw if r["data"][0]["type"] == "heatmap")
    assert heat["data"][0]["z"]["dtype"] == "f4"  # 90 000 cells as float32
    total = sum(len(e.proto.spec) for e in at.get("plotly_chart"))
    assert total < 5_000_000, total
    at.radio(key="w.em.plan2d").set_value("optimal").run()
    anim = _spec(at, "The earth moving along the exact optimal")
    assert len(anim["frames"][0]["data"][0]["x"]) <= 599  # every clod: at most n + m − 1
    assert not any("clods; the animation draws" in c.value for c in at.caption)


def test_figures_pass_plotly_validation_and_match_the_fast_build(monkeypatch):
    """The page builds figures without plotly's property checks (for speed); built with the
    checks on, every figure is accepted and is the same figure."""
    import json

    import plotly.io as pio

    import app.figures_earth as fe
    from app import style
    from divergences.earth import (cdf_area, check_piles, check_points, compare_plans,
                                   displacement, earth_profile, plan_moves, preset_piles,
                                   preset_points)

    x, p, q = preset_piles("bimodal", 12)
    pl = check_piles(p, q)
    g = compare_plans(pl.x, pl.x, pl.p, pl.q)["independent"].plan
    times = np.linspace(0, 1, 6)
    pos, mass = displacement(g, pl.x, pl.x, times)
    s = np.arange(-0.5, 11.5, 0.1) + 0.05
    ps = check_points(*preset_points("blobs", 20, 1, True))
    g2 = compare_plans(ps.x, ps.y, ps.a, ps.b)["optimal"].plan
    pos2, mass2 = displacement(g2, ps.x, ps.y, times)
    builders = [
        lambda: fe.arrows_figure(pl.x, pl.p, pl.q, plan_moves(g, pl.x, pl.x), "a"),
        lambda: fe.plan_heatmap_figure(g, pl.p, pl.q, "h", rows=pl.x, cols=pl.x),
        lambda: fe.earth_animation_figure(s, earth_profile(pos, mass, s), times, pl.x, pl.p,
                                          pl.q, "m"),
        lambda: fe.cdf_figure(cdf_area(pl.x, pl.p, pl.q), "c"),
        lambda: fe.lines_figure(ps.x, ps.a, ps.y, ps.b, plan_moves(g2, ps.x, ps.y), "l"),
        lambda: fe.points_animation_figure(pos2, mass2, times, ps.x, ps.y, "p"),
        lambda: fe.plan_heatmap_figure(g2, ps.a, ps.b, "h2"),
    ]
    for build in builders:
        monkeypatch.setattr(style, "VALIDATE", True)
        checked = json.loads(pio.to_json(build(), validate=False))
        monkeypatch.setattr(style, "VALIDATE", False)
        fast = json.loads(pio.to_json(build(), validate=False))
        assert checked == fast
        assert checked["layout"]["title"]["text"]
        assert checked["layout"]["xaxis"]["title"]["text"] and \
            checked["layout"]["yaxis"]["title"]["text"]


# ---- your own data (issue 8): samples binned into the piles, points as P or Q --------------------


def _upload(at, key: str, name: str, data: bytes, index: int):
    at.radio(key=f"w.byod.{key}.source").set_value("upload").run()
    at.file_uploader[index].upload(name, data, "text/csv").run()
    return at


def test_own_samples_are_binned_into_the_piles_and_w1_is_the_binned_piles():
    import ot
    from scipy.stats import wasserstein_distance

    at = run_page(PAGE)
    rng = np.random.default_rng(3)
    ps, qs = rng.normal(0.0, 1.0, 400), rng.normal(2.5, 0.5, 300)
    _upload(at, "earth.p", "p.csv", ("x\n" + "\n".join(f"{v:.6f}" for v in ps)).encode(), 0)
    # P only: binned on 5 bins (the textbook preset keeps Q = 0, 2, 0, 2, 0 on the same bins).
    assert not at.exception and not at.error
    edges = np.linspace(ps.round(6).min(), ps.round(6).max(), 6)
    p_counts = np.histogram(ps.round(6), edges)[0]
    x = np.arange(5.0)
    want = wasserstein_distance(x, x, p_counts, [0, 2, 0, 2, 0])
    assert metric_values(at)[W1] == f"{want:.4f} units"
    assert any("P's samples are counted in 5 equal bins" in c.value for c in at.caption)
    # Q too: the bins slider applies (12 bins, the default), the same edges for both piles.
    _upload(at, "earth.q", "q.csv", ("x\n" + "\n".join(f"{v:.6f}" for v in qs)).encode(), 1)
    assert not at.exception and not at.error
    p6, q6 = ps.round(6), qs.round(6)
    both = np.concatenate([p6, q6])
    edges = np.linspace(both.min(), both.max(), 13)
    pc, qc = np.histogram(p6, edges)[0], np.histogram(q6, edges)[0]
    x = np.arange(12.0)
    want = ot.emd2(pc / pc.sum(), qc / qc.sum(), ot.dist(x[:, None], x[:, None], "euclidean"))
    assert want == pytest.approx(wasserstein_distance(x, x, pc, qc), abs=1e-9)
    assert metric_values(at)[W1] == f"{want:.4f} units"
    width = edges[1] - edges[0]
    info = " ".join(i.value for i in at.info)
    assert f"= {want * width:.4f}." in info  # back in the data's units
    assert f"unbinned, give W1 = {wasserstein_distance(p6, q6):.4f}" in info
    heat = _spec(at, "The plan γ")
    np.testing.assert_allclose(np.array(heat["data"][0]["z"]).sum(axis=1), pc / pc.sum(),
                               atol=1e-12)


def test_a_malformed_upload_says_why_and_the_page_keeps_its_piles():
    at = run_page(PAGE)
    _upload(at, "earth.q", "bad.csv", b"x\n1\n2\nthree\n", 0)
    assert not at.exception
    assert any("bad.csv" in e.value and "“three” is not a number" in e.value for e in at.error)
    assert metric_values(at)[W1] == "?"  # the textbook piles, unchanged (W1: the answer)


def test_own_points_are_p_and_q_with_equal_weights_capped_at_300():
    import ot

    from divergences.earth import subsample

    at = open_link({"em.mode": "points", "em.seed": "5"})
    rng = np.random.default_rng(1)
    big = rng.normal(size=(450, 2))
    small = rng.normal(size=(60, 2)) + [3.0, 0.0]
    csv = lambda a: ("x,y\n" + "\n".join(f"{u:.6f},{v:.6f}" for u, v in a)).encode()  # noqa: E731
    _upload(at, "earth.p2", "p.csv", csv(big), 0)
    _upload(at, "earth.q2", "q.csv", csv(small), 1)
    assert not at.exception and not at.error
    kept = subsample(big.round(6), 300, 5)
    assert kept.shape == (300, 2)
    assert any("P: a random 300 of your 450 points (seed 5)" in c.value for c in at.caption)
    q6 = small.round(6)
    want = ot.emd2(np.full(300, 1 / 300), np.full(60, 1 / 60),
                   ot.dist(kept, q6, metric="euclidean"))
    assert metric_values(at)[W1] == f"{want:.4f} units"


def test_error_location_is_in_chinese_in_the_chinese_view():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.switch_page(f"../pages/{PAGE}")
    at.query_params["lang"] = "zh"
    at.session_state[TEXTBOOK_KEY] = _edit({2: {"P": -1.0}})
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("第 2 格" in e for e in errors), errors
    assert not any("bin 2" in e for e in errors)


def test_predict_the_textbook_w1_then_see_the_computed_answer():
    at = run_page(PAGE)
    assert any("What is W1" in e.label for e in at.expander)  # the question heads its box
    at.slider(key="w.predict.em.textbook_w1").set_value(1.5).run()
    at.button(key="predict.em.textbook_w1.commit").click().run()
    assert not at.exception
    assert any("Off by 0.50 units" in e.value for e in at.error)
    assert any("W1 = 1.0000 units" in m.value and "1.5000 units, 50% more" in m.value
               for m in at.markdown)


# ---- nothing revealed early (issue 22, item 3) ----------------------------------------------------

def test_before_a_guess_the_textbook_w1_is_nowhere_on_the_page():
    at = run_page(PAGE)
    for plan in ("optimal", "north_west", "independent"):
        at.radio(key="w.em.plan").set_value(plan).run()
        assert not at.exception, at.exception
        text = shown(at)
        assert "1.0000" not in text and "33.3" not in text, plan  # W1, and the saving against P⊗Q
        m = metric_values(at)
        assert m[W1] == "?" and m[NW] == "?" and m["optimal saves vs P⊗Q"] == "?"
        assert m[IND] == "1.5000 units"  # not the answer: shown
        assert "Commit your guess above to see this" in text
        table = next(iter(at.dataframe)).value
        assert "cost = mass × distance (units)" not in table.columns  # mass, distance: the work
    # other piles are not the question: their numbers show
    at.session_state[TEXTBOOK_KEY] = _edit({0: {"P": 0.0}, 1: {"P": 1.0}})
    at.run()
    assert metric_values(at)[W1] == "0.7500 units"
    next(b for b in at.button if b.label == "Reset the piles").click().run()
    assert metric_values(at)[W1] == "?"
    commit(at, "em.textbook_w1", 1.0)
    text = shown(at)
    assert metric_values(at)[W1] == "1.0000 units"
    assert "CDFs of P and Q: shaded area = 1.0000 units = W1" in text
    assert "Cross-check: wasserstein1 gives 1.0000 units." in text

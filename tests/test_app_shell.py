"""AppTest runs of the app shell: every page, the Home teaser's numbers, URL state."""

import pytest

from app.navigation import PAGES
from tests.conftest import metric_values, plotly_specs, run_page
from tests.reveal import commit, shown


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.file)
def test_every_page_runs_without_exception(info):
    at = run_page(info.file)
    assert not at.exception, at.exception
    expected = "Divergence Lab" if info.step == 0 else info.title
    assert at.title and at.title[0].value == expected


@pytest.mark.parametrize("theta", [1.0, 1.5, 2.35, 3.0])
def test_home_teaser_disjoint_offset(theta):
    at = run_page()
    at.slider(key="w.home.theta").set_value(theta).run()
    m = metric_values(at)
    assert m["JS divergence"] == "0.6931 nats"
    assert m["W1 (Earth Mover)"] == f"{theta:.4f} units"
    assert not at.exception


def test_home_teaser_overlapping_offset_is_theta_ln2():
    at = run_page()
    at.slider(key="w.home.theta").set_value(0.25).run()
    # Uniform[0,1] vs Uniform[θ,θ+1]: JS = θ·ln 2 for θ ≤ 1.
    assert metric_values(at)["JS divergence"] == "0.1733 nats"


def test_home_charts_have_titles_and_axis_units():
    at = commit(run_page(), "home.where_js", "grows")  # the whole sweep is drawn after a guess
    specs = plotly_specs(at)
    assert len(specs) == 2
    for spec in specs:
        layout = spec["layout"]
        assert layout["title"]["text"]
        assert "(" in layout["xaxis"]["title"]["text"]  # a unit in brackets
        assert layout["yaxis"]["title"]["text"]
    sweep = specs[0]  # the key chart comes first, beside the slider
    js = next(t for t in sweep["data"] if t.get("name") == "JS(P‖Q)")
    xs, ys = js["x"], js["y"]
    flat = [y for x, y in zip(xs, ys) if x >= 1.0]
    assert flat and all(abs(y - 0.6931471805599453) < 1e-9 for y in flat)


def test_home_reads_its_setting_from_the_url():
    at = run_page(query={"home.theta": "2"})
    assert at.slider(key="w.home.theta").value == pytest.approx(2.0)
    assert metric_values(at)["W1 (Earth Mover)"] == "2.0000 units"
    assert at.query_params["home.theta"] == ["2"] or at.query_params["home.theta"] == "2"


@pytest.mark.parametrize("raw", ["banana", "nan", "1e999", "-5", "<script>alert(1)</script>",
                                 "9" * 200])
def test_home_survives_hostile_url_values(raw):
    at = run_page(query={"home.theta": raw})
    assert not at.exception
    assert at.warning, "a notice should say the link's value was ignored or clamped"
    assert 0.0 <= at.slider(key="w.home.theta").value <= 3.0


# ---- nothing revealed early (issue 22, item 3) ----------------------------------------------------

HOME_SPOILERS = ("JS freezes at ln 2", "JS stays at ln 2", "JS is stuck at ln 2", "ln 2 ≈ 0.6931",
                 "the ceiling of JS")


def test_home_before_a_guess_draws_js_only_as_far_as_the_student_went():
    at = run_page()
    for theta in (0.5, 1.5):
        at.slider(key="w.home.theta").set_value(theta).run()
        assert not at.exception, at.exception
        text = shown(at)
        assert not [s for s in HOME_SPOILERS if s in text], theta
        assert "Commit your guess above to see what to notice." in text
        sweep = plotly_specs(at)[0]
        js = next(t for t in sweep["data"] if t.get("name") == "JS(P‖Q)")
        drawn = [x for x, y in zip(js["x"], js["y"]) if y is not None and y == y]
        assert max(drawn) == pytest.approx(theta)  # the curve stops at the slider
        anns = [a.get("text", "") for a in sweep["layout"].get("annotations", ())]
        assert not [a for a in anns if a.startswith("ln 2")]  # no ln 2 line
        assert sweep["layout"]["xaxis"]["range"] == [0.0, 3.0]  # the axis of the whole chart
    # the experiment's numbers: θ = 1.5 is past the overlap
    assert metric_values(at)["JS divergence"] == "0.6931 nats"
    commit(at, "home.where_js", "zero")
    text = shown(at)
    assert "JS freezes at ln 2" in text and "JS stays at ln 2" in text
    assert "JS is stuck at ln 2" in text  # page 1's claim in the list of steps

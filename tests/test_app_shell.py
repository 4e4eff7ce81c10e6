"""AppTest runs of the app shell: every page, the Home teaser's numbers, URL state."""

import pytest

from app.navigation import PAGES
from tests.conftest import metric_values, plotly_specs, run_page


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
    at = run_page()
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

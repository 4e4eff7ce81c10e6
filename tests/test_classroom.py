"""Classroom features of the shell (AppTest): unknown link parameters, the share link,
presentation mode, predict-then-reveal, PNG/CSV export."""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app.ui import Metric, chart_config, table_csv
from tests.conftest import metric_values, plotly_specs, run_page


def _q(at, key):
    v = at.query_params[key]
    return v[0] if isinstance(v, list) else v


# ---- URL: unknown parameters, lang and present in the link, the share link ---------------------------

def test_unknown_parameters_are_dropped_with_a_notice_naming_them():
    at = run_page(query={"bogus": "1", "home.theta": "2", "<img src=x>": "y", "js.theta": "0.3"})
    assert not at.exception
    notes = [w.value for w in at.warning]
    assert any("Ignored unknown link parameters" in n and "`bogus`" in n and "`<img src=x>`" in n
               and "`js.theta`" in n for n in notes), notes
    assert "bogus" not in at.query_params and "<img src=x>" not in at.query_params
    assert at.slider(key="w.home.theta").value == pytest.approx(2.0)  # known ones still apply
    assert metric_values(at)["W1 (Earth Mover)"] == "2.0000 units"
    at.slider(key="w.home.theta").set_value(1.0).run()  # the notice does not come back
    assert not any("unknown" in w.value for w in at.warning)


def test_many_unknown_parameters_are_listed_briefly():
    at = run_page(query={f"p{i}": "1" for i in range(25)})
    notes = [w.value for w in at.warning if "unknown" in w.value]
    assert len(notes) == 1 and "and 15 more" in notes[0]


def test_no_notice_for_a_clean_link():
    at = run_page(query={"home.theta": "1.5", "lang": "en", "present": "0"})
    assert not at.warning and not at.exception


def test_language_and_presentation_are_in_the_url():
    at = run_page()
    assert _q(at, "lang") == "en" and _q(at, "present") == "0"
    at.toggle(key="w.present").set_value(True).run()
    assert _q(at, "present") == "1"


def test_url_round_trip_of_language_presentation_and_settings():
    at = run_page()
    at.radio(key="w.lang").set_value("zh").run()
    at.toggle(key="w.present").set_value(True).run()
    at.slider(key="w.home.theta").set_value(2.35).run()
    link = {k: _q(at, k) for k in at.query_params.keys()}
    assert link == {"lang": "zh", "present": "1", "home.theta": "2.35"}
    fresh = run_page(query=link)  # a new session opened from that link
    assert not fresh.exception and not fresh.warning
    assert fresh.radio(key="w.lang").value == "zh"
    assert fresh.toggle(key="w.present").value is True
    assert fresh.slider(key="w.home.theta").value == pytest.approx(2.35)
    assert metric_values(fresh)["W1\uff08推土机距离\uff09"] == "2.3500 单位"


def test_share_link_holds_every_setting():
    at = run_page(query={"home.theta": "2.5", "lang": "zh"})
    html = next(h.value for h in at.html if "dl-share-url" in h.value)
    assert "home.theta=2.5" in html and "lang=zh" in html and "present=0" in html
    assert "复制此视图的链接" in html  # the button is translated
    hostile = run_page(query={"home.theta": '"><script>alert(1)</script>'})
    html = next(h.value for h in hostile.html if "dl-share-url" in h.value)
    assert "<script>alert(1)" not in html.split("<script>")[0]  # nothing injected before our JS


@pytest.mark.parametrize("raw", ["yes please", "2", "<script>", "nan"])
def test_bad_presentation_value_gives_a_notice(raw):
    at = run_page(query={"present": raw})
    assert not at.exception
    assert at.toggle(key="w.present").value is False
    assert any("present" in w.value for w in at.warning)


# ---- presentation mode -----------------------------------------------------------------------------

def test_presentation_mode_from_the_url_enlarges_charts_and_adds_css():
    normal = plotly_specs(run_page())
    at = run_page(query={"present": "1"})
    assert not at.exception and at.toggle(key="w.present").value is True
    big = plotly_specs(at)
    assert big[0]["layout"]["font"]["size"] > normal[0]["layout"]["font"]["size"]
    assert big[0]["layout"]["height"] == int(1.25 * normal[0]["layout"]["height"])
    w_normal = next(t for t in normal[0]["data"] if t.get("name") == "W1(P, Q)")["line"]["width"]
    w_big = next(t for t in big[0]["data"] if t.get("name") == "W1(P, Q)")["line"]["width"]
    assert w_big == pytest.approx(1.6 * w_normal)
    # the numbers are the same: presentation changes the looks only
    assert metric_values(at)["JS divergence"] == "0.3466 nats"


def _advanced_app():
    import streamlit as st

    from app.state import url_slider
    from app.ui import advanced_controls

    st.session_state["presenting"] = st.session_state.get("flag", False)
    with advanced_controls():
        v = url_slider("Secondary", "t.second", 0, 10, 3, 1)
    st.session_state["value"] = v


@pytest.mark.parametrize("presenting", [False, True])
def test_advanced_controls_hide_in_presentation_but_keep_their_url_value(presenting):
    at = AppTest.from_function(_advanced_app, default_timeout=30)
    at.session_state["flag"] = presenting
    at.query_params["t.second"] = "7"
    at.run()
    assert not at.exception
    assert at.session_state["value"] == 7  # the URL value applies either way
    assert bool(at.expander) is (not presenting)
    if presenting:
        css = __import__("app.shell", fromlist=["PRESENT_CSS"]).PRESENT_CSS
        assert "st-key-dl_hidden_" in css and "display: none" in css


# ---- predict, then reveal ----------------------------------------------------------------------------

def test_home_prediction_commit_reveal_and_try_again():
    at = run_page()
    commit = at.button(key="predict.home.where_js.commit")
    assert commit.disabled  # nothing chosen yet
    at.radio(key="w.predict.home.where_js").set_value("grows").run()
    at.button(key="predict.home.where_js.commit").click().run()
    assert not at.exception
    assert any("Not this time" in e.value for e in at.error)
    shown = [m.value for m in at.markdown]
    assert "**It keeps growing as Q moves further away**" in shown  # the guess ...
    assert "**It stops at ln 2 ≈ 0.693 nats, however far Q goes**" in shown  # ... beside the answer
    assert at.session_state["predict.home.where_js"] == {"guess": "grows"}
    # the guess survives a slider move (the teaser's fragment) and a language switch
    at.slider(key="w.home.theta").set_value(2.0).run()
    at.radio(key="w.lang").set_value("zh").run()
    assert any("这次没猜对" in e.value for e in at.error)
    at.radio(key="w.lang").set_value("en").run()
    at.button(key="predict.home.where_js.again").click().run()
    assert "predict.home.where_js" not in at.session_state
    at.radio(key="w.predict.home.where_js").set_value("ln2").run()
    at.button(key="predict.home.where_js.commit").click().run()
    assert any(s.value == "Right." for s in at.success)


def _slider_guess_app():
    from app.predict import predict_then_reveal
    import streamlit as st

    p = predict_then_reveal("em.textbook_w1", "JS at θ = 2?", kind="slider",
                            range=(0.0, 3.0, 0.05),
                            answer=0.6931, unit="nats", explanation="Because.")
    st.session_state["p"] = p


def test_slider_prediction_reports_the_distance():
    at = AppTest.from_function(_slider_guess_app, default_timeout=30)
    at.run()
    assert at.session_state["p"].revealed is False
    at.slider(key="w.predict.em.textbook_w1").set_value(1.2).run()
    at.button(key="predict.em.textbook_w1.commit").click().run()
    p = at.session_state["p"]
    assert p.revealed and p.guess == pytest.approx(1.2) and p.correct is False
    assert p.distance == pytest.approx(1.2 - 0.6931)
    assert any("Off by 0.507 nats" in e.value for e in at.error)
    at.button(key="predict.em.textbook_w1.again").click().run()
    at.slider(key="w.predict.em.textbook_w1").set_value(0.7).run()
    at.button(key="predict.em.textbook_w1.commit").click().run()
    assert at.session_state["p"].correct is True  # within 5 % of the range (0.15)
    assert any("off by only 0.007 nats" in s.value for s in at.success)


# ---- export ----------------------------------------------------------------------------------------------

def test_home_charts_download_as_png_with_a_sensible_name():
    at = run_page()
    configs = [json.loads(el.proto.config) for el in at.get("plotly_chart")]
    names = [c["toImageButtonOptions"]["filename"] for c in configs]
    assert names == ["divergence-lab-home_sweep", "divergence-lab-home_density"]
    assert all(c["toImageButtonOptions"]["format"] == "png" for c in configs)
    assert chart_config("a b/c")["toImageButtonOptions"]["filename"] == "divergence-lab-a-b-c"


def test_csv_of_metrics_tables_and_columns():
    rows = table_csv([Metric("JS", 0.5, "nats", "exact"), Metric("W1", float("inf"), "units")])
    df = pd.read_csv(__import__("io").StringIO(rows))
    assert list(df.columns) == ["quantity", "value", "unit", "how computed"]
    assert df["value"].tolist() == [0.5, float("inf")]
    assert table_csv({"theta": [0, 1], "js": [0.0, 0.6931]}).splitlines() == [
        "theta,js", "0,0.0", "1,0.6931"]
    assert table_csv([{"a": 1}, {"a": 2}]).splitlines() == ["a", "1", "2"]


def test_home_offers_its_numbers_as_csv():
    at = run_page()
    assert [d.label for d in at.download_button] == ["Download these numbers (CSV)"]


@pytest.mark.parametrize("file, key, wrong, right, answer_text", [
    ("low_dim_supports.py", "lds.lines_js", "small", "ln2", "**Exactly ln 2**"),
    ("critic.py", "critic.disjoint", "flat", "grows", "**It keeps growing with the distance**"),
    ("generator_gradient.py", "gg.minimax", "large", "zero", "**Exactly zero**"),
])
def test_key_pages_ask_for_a_guess_before_revealing(file, key, wrong, right, answer_text):
    at = run_page(file)
    assert at.button(key=f"predict.{key}.commit").disabled  # nothing chosen yet
    at.radio(key=f"w.predict.{key}").set_value(wrong).run()
    at.button(key=f"predict.{key}.commit").click().run()
    assert not at.exception
    assert any("Not this time" in e.value for e in at.error)
    assert answer_text in [m.value for m in at.markdown]  # the answer beside the wrong guess
    at.button(key=f"predict.{key}.again").click().run()
    at.radio(key=f"w.predict.{key}").set_value(right).run()
    at.button(key=f"predict.{key}.commit").click().run()
    assert not at.exception and not any("Not this time" in e.value for e in at.error)

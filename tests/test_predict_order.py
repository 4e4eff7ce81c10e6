"""Predict, then reveal: the options of a question are shuffled per session and per question, fixed
within a session (a rerun, another page or another language keeps the order), and the answer's
position gives nothing away."""

from __future__ import annotations

from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

from app.predict import option_order
from tests.conftest import MAIN, run_page

QUESTIONS = {
    # page file: (question key, options in the order the page lists them, answer)
    "home.py": ("home.where_js", ["grows", "ln2", "inf", "zero"], "ln2"),
    "js_saturates.py": ("js.slopes", ["js0_w1", "both0", "both1", "js_grows"], "js0_w1"),
    "low_dim_supports.py": ("lds.lines_js", ["small", "between", "ln2"], "ln2"),
    "critic.py": ("critic.disjoint", ["flat", "grows"], "grows"),
    "generator_gradient.py": ("gg.minimax", ["zero", "small", "large"], "zero"),
}
SALTS = [f"salt-{i}" for i in range(3000)]


def test_the_order_is_fixed_by_salt_and_question_not_by_the_listing():
    opts = ["a", "b", "c", "d"]
    assert option_order(opts, "q", "s1") == option_order(opts, "q", "s1")
    assert option_order(opts, "q", "s1") == option_order(opts[::-1], "q", "s1")
    assert sorted(option_order(opts, "q", "s1")) == opts  # a permutation, nothing lost
    orders = {tuple(option_order(opts, "q", s)) for s in SALTS[:200]}
    assert len(orders) == 24  # every one of the 4! orders occurs
    # Another question in the same session is shuffled on its own.
    assert any(option_order(opts, "q", s) != option_order(opts, "r", s) for s in SALTS[:10])


@pytest.mark.parametrize("page", sorted(QUESTIONS))
def test_the_answer_sits_at_every_position_equally_often(page):
    """Over 3000 sessions the answer of each page's question is at each position about 1/n of the
    time (a binomial spread of ±4 standard deviations), never mostly first."""
    key, options, answer = QUESTIONS[page]
    n = len(options)
    where = Counter(option_order(options, key, s).index(answer) for s in SALTS)
    expected = len(SALTS) / n
    spread = 4 * (len(SALTS) * (1 / n) * (1 - 1 / n)) ** 0.5
    assert set(where) == set(range(n))
    assert all(abs(where[i] - expected) <= spread for i in range(n)), where


@pytest.mark.parametrize("page", sorted(QUESTIONS))
def test_each_page_shows_its_options_in_the_sessions_order(page):
    key, options, answer = QUESTIONS[page]
    at = run_page(page) if page != "home.py" else run_page()
    assert not at.exception
    salt = at.session_state["predict._salt"]
    radio = at.radio(key=f"w.predict.{key}")
    labels = [radio.format_func(o) for o in option_order(options, key, salt)]
    assert list(radio.options) == labels


def test_a_rerun_and_a_language_switch_keep_the_order():
    at = run_page()
    first = list(at.radio(key="w.predict.home.where_js").options)
    at.slider(key="w.home.theta").set_value(2.0).run()
    assert list(at.radio(key="w.predict.home.where_js").options) == first
    at.run()
    assert list(at.radio(key="w.predict.home.where_js").options) == first
    at.radio(key="w.lang").set_value("zh").run()
    at.radio(key="w.lang").set_value("en").run()
    assert list(at.radio(key="w.predict.home.where_js").options) == first


def test_two_sessions_can_see_different_orders():
    shown = set()
    for salt in ("a", "b", "c", "d", "e", "f"):
        at = AppTest.from_file(MAIN, default_timeout=60)
        at.session_state["predict._salt"] = salt
        at.run()
        shown.add(tuple(at.radio(key="w.predict.home.where_js").options))
        expected = [{"grows": "It keeps growing as Q moves further away",
                     "ln2": "It stops at ln 2 ≈ 0.693 nats, however far Q goes",
                     "inf": "It jumps to ∞", "zero": "It falls back to 0"}[o]
                    for o in option_order(["grows", "ln2", "inf", "zero"], "home.where_js", salt)]
        assert list(at.radio(key="w.predict.home.where_js").options) == expected
    assert len(shown) > 1

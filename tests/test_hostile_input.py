"""Hostile input: whatever a link or a control holds, no exception reaches the page, and the math
functions refuse garbage with ValueError (docs/DESIGN.md §2).

The page tests are generic: for every page in app/navigation.PAGES they learn the page's URL keys
(string literals such as ``"em.bins"`` in its source, plus the keys its default run writes to the
URL) and let hypothesis open the page at a URL full of garbage: wrong types, huge numbers, NaN,
infinities, script text, repeated keys, unknown keys. A student's link opens the page directly
(``/earth_mover?em.bins=…``), so :func:`open_at` does what the browser does: it starts the app on
that page with the query string, rather than starting on Home and switching (Home's first run
would drop the other page's keys as unknown). AppTest runs cost about 0.3–1 s each, so the
examples are few.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from app.navigation import PAGES
from divergences import (js_divergence, kl_divergence, sample_2d, transport_plan, tv_distance,
                         wasserstein1)
from divergences.datasets import MAX_SAMPLES
from divergences.transport import MAX_EXACT_POINTS
from tests.conftest import MAIN

PAGE_IDS = [p.file for p in PAGES]
SHELL_KEYS = ("lang", "present")


def open_at(file: str, query: dict | None = None, timeout: float = 60) -> AppTest:
    """Open the app at ``/<page>?<query>`` as a fresh browser tab does."""
    at = AppTest.from_file(MAIN, default_timeout=timeout)
    if file != "home.py":
        at.switch_page(f"../pages/{file}")  # before the first run: the page is found by file name
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def title_of(file: str) -> str:
    return next(p.title for p in PAGES if p.file == file)


@lru_cache(maxsize=None)
def page_keys(file: str) -> tuple[str, ...]:
    """The URL keys a page understands: dotted string literals in its source (``"em.bins"``) and
    the keys its default run writes to the URL."""
    src = (PAGES[0].path.parent / file).read_text(encoding="utf-8")
    keys = set(re.findall(r"[\"']([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)[\"']", src))
    keys = {k for k in keys if not k.endswith((".py", ".png", ".csv", ".json"))}
    keys |= set(open_at(file).query_params)
    return tuple(sorted(keys | set(SHELL_KEYS)))


def assert_page_alive(at: AppTest, file: str, english: bool = True) -> None:
    """No exception box, and the page drew its title (in English unless the link chose a
    language: Home's title is "Divergence Lab", the steps' start with their navigation title)."""
    assert not at.exception, [e.value for e in at.exception]
    titles = [h.value for h in at.title]
    assert titles and titles[0].strip(), titles
    if english:
        want = "Divergence Lab" if file == "home.py" else title_of(file)
        assert titles[0].startswith(want), titles


# ---- garbage for links ------------------------------------------------------------------------

NASTY = [
    "", " ", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e308", "-1e308", "1e309",
    "9" * 400, "-0", "0x1F", "1_000", "1,5", "½", "٣", "None", "null", "true", "[]", "{}",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "'; DROP TABLE x; --",
    "../../etc/passwd", "%00", "\x00", "𝟙", "  3  ", "3 units", "1e-320", "-1", "0", "1", "2.5",
    "{{7*7}}", "${7*7}", "__import__('os').system('id')", "𝔞" * 70,
]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
GARBAGE = st.one_of(
    st.sampled_from(NASTY),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    TEXT,
)
VALUE = st.one_of(GARBAGE, st.lists(GARBAGE, min_size=2, max_size=3))  # repeated keys: ?k=a&k=b


def queries(file: str):
    keys = st.one_of(st.sampled_from(page_keys(file)), TEXT.filter(bool))
    return st.dictionaries(keys, VALUE, min_size=1, max_size=6)


@pytest.mark.slow
@pytest.mark.parametrize("file", PAGE_IDS)
def test_garbage_links_never_raise(file):
    @settings(max_examples=10, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(query=queries(file))
    def check(query):
        at = open_at(file, query)
        assert_page_alive(at, file, english="lang" not in query)
        # what the page writes back to the address bar is its own clean value, never the garbage
        for k, v in at.query_params.items():
            for item in (v if isinstance(v, list) else [v]):
                assert "<script" not in item and "DROP TABLE" not in item, (k, item)

    check()


def test_home_link_values_are_parsed_clamped_or_refused():
    """Home's offset θ ∈ [0, 3], step 0.05: good values are taken (snapped), out-of-range values
    clamped with a notice, garbage refused with a notice, and the numbers follow."""
    cases = {"1.5": 1.5, "1.52": 1.5, "2.98": 3.0, "99": 3.0, "-5": 0.0, "1e308": 3.0,
             "nan": 0.5, "inf": 0.5, "abc": 0.5, "<script>alert(1)</script>": 0.5, "9" * 400: 0.5}
    for raw, want in cases.items():
        at = open_at("home.py", {"home.theta": raw})
        assert_page_alive(at, "home.py")
        theta = at.slider(key="w.home.theta").value
        assert theta == pytest.approx(want), raw
        w1 = next(m.value for m in at.metric if m.label == "W1 (Earth Mover)")
        assert w1 == f"{want:.4f} units", raw
        warnings = " ".join(w.value for w in at.warning)
        if not (_is_float(raw) and 0.0 <= float(raw) <= 3.0):
            assert "home.theta" in warnings, (raw, warnings)  # the student is told
        if len(raw) > 20:
            assert raw not in warnings  # echoed text is cut to 20 characters
        assert at.query_params["home.theta"] == f"{want:g}"


def _is_float(raw: str) -> bool:
    try:
        return math.isfinite(float(raw))
    except ValueError:
        return False


# ---- every page's controls at their extremes ----------------------------------------------------

def _extreme(widget, which: str):
    """The widget's value at one end of its range (or first/last option)."""
    kind = type(widget).__name__
    if kind in ("Slider", "NumberInput"):
        lo, hi = widget.min, widget.max
        if isinstance(widget.value, (tuple, list)):
            return (lo, lo) if which == "min" else (hi, hi)
        return lo if which == "min" else hi
    if kind in ("Selectbox", "Radio"):
        # AppTest knows only the formatted labels; usable when the labels are the values
        label = widget.options[0] if which == "min" else widget.options[-1]
        try:
            same = str(widget.format_func(label)) == label
        except Exception:  # noqa: BLE001 - a format_func that only takes real option values
            same = False
        return label if same else None
    if kind in ("Toggle", "Checkbox"):
        return which == "max"
    return None


CONTROLS = ("slider", "number_input", "selectbox", "radio", "toggle", "checkbox")


@pytest.mark.slow
@pytest.mark.parametrize("file", PAGE_IDS)
def test_every_control_at_its_extremes(file):
    """Every enabled control of the page pushed to its minimum, then to its maximum, then mixed
    (even ones low, odd ones high): no exception."""
    at = open_at(file)
    assert_page_alive(at, file)
    for plan in ("min", "max", "mixed"):
        widgets = [w for kind in CONTROLS for w in at.get(kind) if not w.disabled]
        for i, w in enumerate(widgets):
            which = plan if plan != "mixed" else ("min" if i % 2 == 0 else "max")
            value = _extreme(w, which)
            if value is not None:
                w.set_value(value)
        at.run()
        assert_page_alive(at, file)


# ---- the math refuses garbage -----------------------------------------------------------------

BAD_NUMBERS = [np.nan, np.inf, -np.inf, -1.0]


@st.composite
def bad_weight_pairs(draw):
    """Pairs (p, q) of weight vectors that are wrong in one way each."""
    n = draw(st.integers(1, 8))
    good = draw(st.lists(st.floats(0.01, 10), min_size=n, max_size=n))
    kind = draw(st.sampled_from(["nan_inf_neg", "zeros", "empty", "shape", "type", "ragged"]))
    if kind == "nan_inf_neg":
        bad = list(good)
        bad[draw(st.integers(0, n - 1))] = draw(st.sampled_from(BAD_NUMBERS))
    elif kind == "zeros":
        bad = [0.0] * n
    elif kind == "empty":
        bad, good = [], []
    elif kind == "shape":
        bad = good + [1.0]
    elif kind == "type":
        bad = draw(st.sampled_from([None, "abc", {"a": 1}, object(), ["x"] * n, [None] * n]))
    else:
        bad = [good, [1.0]] if n > 1 else [[1.0, 2.0], [1.0]]
    return (bad, good) if draw(st.booleans()) else (good, bad)


@settings(max_examples=150, deadline=None)
@given(pair=bad_weight_pairs(), fn=st.sampled_from([kl_divergence, js_divergence, tv_distance]))
def test_divergences_reject_garbage_with_valueerror(pair, fn):
    p, q = pair
    with pytest.raises(ValueError):
        fn(p, q)


@st.composite
def bad_transport_args(draw):
    """(x, y, a, b) for W1 and transport plans, wrong in one way each."""
    d = draw(st.sampled_from([1, 2, 3]))
    n, m = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    shape = (lambda k: (k,)) if d == 1 else (lambda k: (k, d))
    x = np.asarray(draw(st.lists(st.floats(-5, 5), min_size=n * d, max_size=n * d))).reshape(
        shape(n))
    y = np.asarray(draw(st.lists(st.floats(-5, 5), min_size=m * d, max_size=m * d))).reshape(
        shape(m))
    a = b = None
    kind = draw(st.sampled_from(["point_nan", "dims", "ndim3", "empty", "weights_len",
                                 "weights_bad", "type", "too_many"]))
    if kind == "point_nan":
        x = x.astype(float).copy()
        x.flat[draw(st.integers(0, x.size - 1))] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    elif kind == "dims":
        y = np.zeros((m, d + 1))
    elif kind == "ndim3":
        x = np.zeros((n, 2, 2))
    elif kind == "empty":
        x = np.zeros((0, d)) if d > 1 else np.zeros(0)
    elif kind == "weights_len":
        a = np.ones(n + 1)
    elif kind == "weights_bad":
        a = np.ones(n)
        a[draw(st.integers(0, n - 1))] = draw(st.sampled_from(BAD_NUMBERS))
        if n == 1 and a[0] == -1.0:
            a[0] = np.nan
    elif kind == "type":
        x = draw(st.sampled_from([None, "points", {"x": 1}, [[1.0, 2.0], [1.0]], ["a", "b"]]))
    else:
        x = np.zeros((MAX_EXACT_POINTS + 1, 2))
        y = np.zeros((2, 2))
    swap = draw(st.booleans()) and kind not in ("weights_len", "weights_bad")
    return (y, x, b, a) if swap else (x, y, a, b)


@settings(max_examples=150, deadline=None)
@given(args=bad_transport_args(), fn=st.sampled_from([wasserstein1, transport_plan]))
def test_transport_rejects_garbage_with_valueerror(args, fn):
    x, y, a, b = args
    with pytest.raises(ValueError):
        fn(x, y, a, b)


BAD_N = [0, -1, 1.5, float("nan"), float("inf"), -float("inf"), None, "abc", "5", True, False,
         MAX_SAMPLES + 1, 10**12, [3], {"n": 3}, 2 + 0j]
BAD_SEEDS = [-1, 1.5, "abc", float("nan"), [1.5], {"s": 1}, object()]


@settings(max_examples=80, deadline=None)
@given(name=st.sampled_from(["lines", "8gaussians", "moons"]), n=st.sampled_from(BAD_N))
def test_sample_2d_rejects_bad_counts(name, n):
    with pytest.raises(ValueError):
        sample_2d(name, n)


@settings(max_examples=40, deadline=None)
@given(name=st.one_of(st.sampled_from(["", "Lines", "8 gaussians", "../x", "<script>"]), TEXT),
       n=st.integers(1, 10))
def test_sample_2d_rejects_unknown_data_sets(name, n):
    from divergences import DATASETS
    if name in DATASETS:
        return
    with pytest.raises(ValueError):
        sample_2d(name, n)


@pytest.mark.parametrize("seed", BAD_SEEDS, ids=repr)
def test_sample_2d_rejects_bad_seeds(seed):
    with pytest.raises(ValueError):
        sample_2d("blob", 5, seed=seed)


@settings(max_examples=60, deadline=None)
@given(p=st.lists(st.floats(0, 1e6), min_size=1, max_size=20).filter(lambda v: sum(v) > 0),
       q=st.lists(st.floats(0, 1e6), min_size=1, max_size=20).filter(lambda v: sum(v) > 0))
def test_good_weights_give_finite_or_infinite_never_nan(p, q):
    """The counterpart: any valid input gives a number in range (KL may be +∞), never NaN."""
    k = min(len(p), len(q))
    p, q = p[:k], q[:k]
    if sum(p) <= 0 or sum(q) <= 0:
        return
    js, tv, kl = js_divergence(p, q), tv_distance(p, q), kl_divergence(p, q)
    assert 0.0 <= js <= math.log(2) and 0.0 <= tv <= 1.0
    assert kl >= 0.0 and not math.isnan(kl)

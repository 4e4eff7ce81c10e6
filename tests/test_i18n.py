"""Chinese and English: every translatable string has a real Chinese translation, every ``t()`` call
can be extracted, placeholders survive, and Home renders in Chinese with nothing left in English.

When a test here fails because a page added strings, fill the gaps with::

    python -m app.i18n_extract --write-missing     # then translate each "" in app/locales/zh.py
"""

import re
import subprocess
import sys

import pytest

from app import i18n_extract as ix
from app.navigation import PAGES
from tests.conftest import ROOT, metric_values, plotly_specs, run_page

ZH = ix.load_catalogue("zh")
EX = ix.extract()
FIX = "fill them with `python -m app.i18n_extract --write-missing` and translate app/locales/zh.py"
# The shared machinery and Home: these must be complete at every commit.
FRAMEWORK = ("app/main.py", "app/navigation.py", "app/shell.py", "app/state.py", "app/ui.py",
             "app/predict.py", "app/byod.py", "app/figures.py", "app/style.py",
             "divergences/userdata.py", "pages/home.py")
PLOTLY_FIELD = re.compile(r"%\{[^}]*\}")


def _keys_in(files) -> list[str]:
    return sorted(k for k, sites in EX.keys.items() if any(s.file in files for s in sites))


def test_every_file_parses():
    assert not EX.syntax_errors, EX.syntax_errors


def test_every_t_call_has_a_literal_first_argument():
    bad = [f"{site}: {call}" for site, call in EX.non_literal]
    assert not bad, ("t() needs a string literal first argument (use N_() + t_var() for strings "
                     "held in variables):\n" + "\n".join(bad))


def test_the_extractor_finds_the_known_strings():
    # one from each kind of place: a page, a shared module, an N_ marker in navigation, and an
    # N_-marked error message of divergences/userdata.py
    for key, file in [("Try it: move Q away from P", "pages/home.py"),
                      ("Commit my guess", "app/predict.py"),
                      ("1 · JS saturates", "app/navigation.py"),
                      ("The file is empty: it has no rows of numbers.", "divergences/userdata.py")]:
        assert key in EX.keys and any(s.file == file for s in EX.keys[key]), key


def test_framework_and_home_are_fully_translated():
    keys = _keys_in(FRAMEWORK)
    assert len(keys) > 100
    miss = ix.missing(keys, ZH)
    assert not miss, f"{len(miss)} strings without Chinese ({FIX}):\n" + "\n".join(miss)


def test_every_string_in_the_app_has_a_chinese_translation():
    """Covers every file of app/, pages/ and the N_ messages of divergences/: a page that adds a
    string without its translation fails here until the catalogue is filled."""
    miss = ix.missing(EX.keys, ZH)
    where = [f"{k!r}  ({', '.join(map(str, EX.keys[k][:2]))})" for k in miss]
    assert not miss, f"{len(miss)} strings without Chinese ({FIX}):\n" + "\n".join(where)


def test_no_chinese_entry_is_left_in_english():
    same = ix.untranslated(ZH.keys(), ZH)
    assert not same, f"translations identical to the English text: {same}"


def test_language_neutral_whitelist_stays_small_and_neutral():
    assert len(ix.LANGUAGE_NEUTRAL) <= 10
    for s in ix.LANGUAGE_NEUTRAL:  # no English words in a "neutral" string
        assert not re.search(r"[A-Za-z]{3,}", s), s


@pytest.mark.parametrize("key", sorted(ZH), ids=lambda k: k[:40])
def test_placeholders_match_the_english(key):
    zh = ZH[key]
    assert ix.placeholders(zh) == ix.placeholders(key), (key, zh)
    assert sorted(PLOTLY_FIELD.findall(zh)) == sorted(PLOTLY_FIELD.findall(key)), (key, zh)
    fields = ix.placeholders(key)
    if all(f.isidentifier() for f in fields if f):
        key.format(**{f: 1 for f in fields if f})  # the English formats ...
        zh.format(**{f: 1 for f in ix.placeholders(zh) if f})  # ... and so does the Chinese
    # else: LaTeX braces ({\|f\|_L ...}) that t() never formats: t() formats only when it is
    # given keyword arguments, and such strings are always called without any.


def test_standard_chinese_terms():
    joined = "\n".join(ZH.values())
    for term in ("JS 散度", "KL 散度", "推土机距离", "Wasserstein", "判别器", "生成器", "梯度消失",
                 "模式崩溃", "奈特"):
        assert term in joined, term
    assert ZH["nats"] == "奈特"  # short: a metric value has little room ("0.3466 奈特")


# ---- the extractor itself ---------------------------------------------------------------------------

def test_extractor_flags_non_literal_calls_and_collects_markers():
    src = '''
from app.i18n import t, N_
t("plain")
t("with {n}", n=3)
t("implicit " "concatenation")
t(f"bad {x}")
t(name)
t("a" + "b")
t()
N_("marked")
obj.t()          # a method named t (torch's transpose) is not ours
'''
    ex = ix.Extraction()
    ix.scan_source(src, "pages/x.py", ex, ix.T_NAMES | ix.MARK_NAMES)
    assert set(ex.keys) == {"plain", "with {n}", "implicit concatenation", "marked"}
    assert [s.line for s, _ in ex.non_literal] == [6, 7, 8, 9]
    ex2 = ix.Extraction()
    ix.scan_source("t(broken", "pages/y.py", ex2, ix.T_NAMES)
    assert ex2.syntax_errors and ex2.syntax_errors[0][0] == "pages/y.py"


def test_extractor_write_missing_makes_a_fillable_stub(tmp_path):
    (tmp_path / "app" / "locales").mkdir(parents=True)
    keys = {"Hello": [ix.Site("pages/a.py", 3)], 'Say "{n}"\nnow': [ix.Site("app/b.py", 9)],
            "ln 2": [ix.Site("pages/a.py", 4)]}
    written = ix.write_missing("xx", keys, root=tmp_path)
    assert written == ["Hello", 'Say "{n}"\nnow']  # the language-neutral "ln 2" is not written
    ns: dict = {}
    exec((tmp_path / "app" / "locales" / "xx.py").read_text(encoding="utf-8"), ns)
    assert ns["STRINGS"] == {"Hello": "", 'Say "{n}"\nnow': ""}
    assert ix.missing(keys, ns["STRINGS"]) == ["Hello", 'Say "{n}"\nnow']  # empty = still missing


def test_extractor_cli_runs_without_streamlit():
    code = ("import sys; import app.i18n_extract as m; rc = m.main([]); "
            "assert 'streamlit' not in sys.modules, 'imported streamlit'; print('rc', rc)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert "translatable strings" in out.stdout and "rc 0" in out.stdout


# ---- the app in Chinese ---------------------------------------------------------------------------

def _visible_texts(at) -> list[str]:
    texts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "warning",
                                  "success", "error") for e in at.get(kind)]
    texts += [m.label for m in at.metric] + [m.value for m in at.metric]
    texts += [b.label for b in at.button] + [r.label for r in at.radio]
    texts += [o for r in at.radio for o in r.options]
    texts += [s.label for s in at.slider] + [tg.label for tg in at.toggle]
    return texts


def test_home_in_chinese_from_the_url_leaves_nothing_in_english():
    at = run_page(query={"lang": "zh"})
    assert not at.exception
    assert at.title[0].value == "散度实验室"
    m = metric_values(at)
    assert m["JS 散度"] == "0.3466 奈特"
    assert m["W1（推土机距离）"] == "0.5000 单位"
    english = {k for k in EX.keys if k not in ix.LANGUAGE_NEUTRAL}
    left = [s for s in _visible_texts(at) if s in english]
    assert not left, f"left in English in the Chinese view: {left}"
    for spec in plotly_specs(at):  # chart titles and axis titles too
        lay = spec["layout"]
        for text in (lay["title"]["text"], lay["xaxis"]["title"]["text"],
                     lay["yaxis"]["title"]["text"]):
            assert text not in english and re.search(r"[\u4e00-\u9fff]", text), text
    assert at.query_params["lang"] in ("zh", ["zh"])


def test_language_switch_in_the_sidebar_changes_the_page_and_the_url():
    at = run_page()
    assert at.title[0].value == "Divergence Lab"
    at.radio(key="w.lang").set_value("zh").run()
    assert at.title[0].value == "散度实验室"
    assert "JS 散度" in metric_values(at)
    assert at.query_params["lang"] in ("zh", ["zh"])
    at.radio(key="w.lang").set_value("en").run()
    assert at.title[0].value == "Divergence Lab"


def test_the_language_survives_a_change_of_page():
    at = run_page(query={"lang": "zh"})
    at.switch_page("../pages/js_saturates.py").run()
    assert not at.exception
    assert at.session_state["lang"] == "zh"
    assert at.query_params["lang"] in ("zh", ["zh"])


@pytest.mark.slow
@pytest.mark.parametrize("info", PAGES[1:], ids=lambda p: p.file)
def test_every_page_in_chinese_leaves_nothing_in_english(info):
    """The dynamic twin of the catalogue test: the page opened from a ``?lang=zh`` link shows no
    text that is one of the app's English strings (a string missing from app/locales/zh.py)."""
    at = run_page(info.file, {"lang": "zh"})
    assert not at.exception, [e.value for e in at.exception]
    english = {k for k in EX.keys if k not in ix.LANGUAGE_NEUTRAL}
    left = sorted({s for s in _visible_texts(at) if s in english})
    assert not left, f"{info.file}: left in English in the Chinese view ({FIX}): {left}"


@pytest.mark.parametrize("raw", ["fr", "<script>alert(1)</script>", "ZH", ""])
def test_bad_language_in_the_url_gives_a_notice_and_english(raw):
    at = run_page(query={"lang": raw})
    assert not at.exception
    assert at.title[0].value == "Divergence Lab"
    if raw:
        assert any("lang" in w.value for w in at.warning), [w.value for w in at.warning]

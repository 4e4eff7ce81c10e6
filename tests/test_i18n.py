"""Chinese and English through gettext: the catalogue (app/locales/zh/LC_MESSAGES/messages.po)
holds every string the code marks, each translated, none fuzzy, placeholders intact; the app
compiles it at start; and the pages render in Chinese with nothing left in English.

When a test here fails because the code added or changed strings::

    sh app/locales/update.sh     # pybabel extract + update: new strings empty, changed ones fuzzy
    # then translate them in app/locales/zh/LC_MESSAGES/messages.po (Poedit, Weblate, an editor)
"""

import ast
import re
import shlex
import string
from dataclasses import dataclass

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from app.i18n import catalogue_path, compile_po, translate
from app.navigation import PAGES
from tests.conftest import ROOT, metric_values, plotly_specs, run_page

FIX = ("run `sh app/locales/update.sh` and translate the new, empty or fuzzy entries of "
       "app/locales/zh/LC_MESSAGES/messages.po")
UPDATE = (ROOT / "app" / "locales" / "update.sh").read_text(encoding="utf-8")
KEYWORDS = re.findall(r"-k (\S+)", UPDATE)
"""The extraction keywords, as app/locales/update.sh passes them to ``pybabel extract``."""
PLOTLY_FIELD = re.compile(r"%\{[^}]*\}")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
FRAMEWORK = ("app/main.py", "app/navigation.py", "app/shell.py", "app/state.py", "app/ui.py",
             "app/predict.py", "app/byod.py", "app/figures.py", "app/style.py",
             "divergences/userdata.py", "pages/home.py")


@dataclass
class Extraction:
    keys: dict[str, list[str]]
    """Every English string (both forms of a plural) -> the "file:line" places that use it."""
    plurals: set[tuple[str, str]]


def extract() -> Extraction:
    """What ``pybabel extract`` finds with update.sh's keywords and babel.cfg (Babel's API)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keys: dict[str, list[str]] = {}
    plurals: set[tuple[str, str]] = set()
    for fname, line, msg, _c, _ctx in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=parse_keywords(KEYWORDS)):
        forms = msg if isinstance(msg, tuple) else (msg,)
        if isinstance(msg, tuple):
            plurals.add(msg)
        for m in forms:
            keys.setdefault(m, []).append(f"{fname}:{line}")
    return Extraction(keys, plurals)


EX = extract()
with catalogue_path("zh").open("rb") as _f:
    PO = read_po(_f, locale="zh")
ENTRIES = [m for m in PO if m.id]
LANGUAGE_NEUTRAL = frozenset(m.id for m in ENTRIES if isinstance(m.id, str) and m.string == m.id)
"""Strings that read the same in both languages (symbols, formulas): their msgstr is the msgid."""


def placeholders(text: str) -> list[str]:
    """The ``str.format`` fields of ``text`` (with their format specs) and plotly's %{…} fields."""
    try:
        fields = [f"{f}:{spec}" for _, f, spec, _ in string.Formatter().parse(text)
                  if f is not None]
    except ValueError:  # unbalanced braces: LaTeX, never formatted
        fields = ["<unbalanced braces>"]
    return sorted(fields + PLOTLY_FIELD.findall(text))


# ---- the catalogue ---------------------------------------------------------------------------------

def test_update_script_uses_the_documented_keywords():
    assert {"t", "t_var", "N_", "tn:1,2", "N_:1,2,2t"} <= set(KEYWORDS)
    assert "pybabel --quiet extract" in UPDATE and "pybabel --quiet update" in UPDATE


def test_the_extraction_finds_the_known_strings():
    # one from each kind of place: a page, a shared module, an N_ title in navigation, a message
    # of the science and both forms of a plural
    for key, file in [("Divergence Lab", "pages/home.py"),
                      ("Commit my guess", "app/predict.py"),
                      ("1 · JS saturates", "app/navigation.py"),
                      ("The file is empty: it has no rows of numbers.", "divergences/userdata.py"),
                      ("{pile}: {k} empty cells read as 0.", "divergences/earth.py"),
                      ("What to notice:", "app/ui.py")]:
        assert key in EX.keys and any(s.startswith(file) for s in EX.keys[key]), key
    assert ("{pile}: {k} empty cell read as 0.", "{pile}: {k} empty cells read as 0.") in EX.plurals


def test_every_marked_string_is_in_the_catalogue():
    in_po = {f for m in ENTRIES for f in (m.id if isinstance(m.id, tuple) else (m.id,))}
    miss = sorted(set(EX.keys) - in_po)
    where = [f"{k!r}  ({', '.join(EX.keys[k][:2])})" for k in miss]
    assert not miss, f"{len(miss)} strings not in the catalogue ({FIX}):\n" + "\n".join(where)


def test_every_entry_is_translated_and_none_is_fuzzy():
    bad = []
    for m in ENTRIES:
        forms = m.string if isinstance(m.id, tuple) else (m.string,)
        if m.fuzzy:
            bad.append(f"fuzzy: {m.id!r}")
        elif not forms or not all(forms):
            bad.append(f"untranslated: {m.id!r}")
    assert not bad, f"{len(bad)} entries need a translator ({FIX}):\n" + "\n".join(bad)


def test_plurals_are_catalogued_as_plurals():
    plural_ids = {m.id for m in ENTRIES if isinstance(m.id, tuple)}
    assert EX.plurals <= plural_ids
    assert PO.num_plurals == 1  # Chinese: one form for every count
    assert not [k for k in EX.keys if re.search(r"\w\(s\)", k)], "use N_(one, many) or tn()"


@pytest.mark.parametrize("m", [m for m in ENTRIES], ids=lambda m: str(m.id)[:40])
def test_placeholders_match_the_english(m):
    ids = m.id if isinstance(m.id, tuple) else (m.id,)
    strs = m.string if isinstance(m.id, tuple) else (m.string,)
    for s in strs:
        assert s and placeholders(s) in [placeholders(i) for i in ids], (m.id, s)
    fields = {f.split(":")[0] for f in placeholders(ids[0]) if not f.startswith("%")}
    if all(f.isidentifier() for f in fields):
        values = {f: 1 for f in fields}
        ids[0].format(**values)  # the English formats ...
        for s in strs:
            s.format(**values)  # ... and so does the Chinese
    # else: LaTeX braces ({\|f\|_L ...}) that t() never formats: t() formats only when it is
    # given keyword arguments, and such strings are always called without any.


def test_identical_to_english_only_when_language_neutral():
    same = sorted(k for k in LANGUAGE_NEUTRAL if ENGLISH_WORD.search(k))
    assert not same, f"translations identical to the English text: {same}"
    assert len(LANGUAGE_NEUTRAL) <= 10


def test_standard_chinese_terms():
    joined = "\n".join(m.string for m in ENTRIES if isinstance(m.string, str))
    for term in ("JS 散度", "KL 散度", "推土机距离", "Wasserstein", "判别器", "生成器", "梯度消失",
                 "模式崩溃", "奈特"):
        assert term in joined, term
    assert PO["nats"].string == "奈特"  # short: a metric value has little room ("0.3466 奈特")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bold_markup_renders_in_commonmark(lang):
    """``**论断：**{claim}`` showed its asterisks: in CommonMark a closing ``**`` after punctuation
    (the full-width colon) must be followed by a space or punctuation, and Chinese puts none
    (Streamlit's markdown follows CommonMark; put the colon after the ``**``: ``**论断**：``).
    Each placeholder is filled with a letter, the strictest case."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark")
    bad = []
    for m in ENTRIES:
        texts = (m.id if isinstance(m.id, tuple) else (m.id,)) if lang == "en" else \
            (m.string if isinstance(m.id, tuple) else (m.string,))
        for text in texts:
            if text and "**" in text and "**" in md.renderInline(re.sub(r"\{[^{}]*\}", "文", text)):
                bad.append(text[:80])
    assert not bad, f"bold markup shown as asterisks ({lang}): {bad}"


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("t", "t_var", "tn", "N_"):
            yield node


def test_every_t_call_has_a_literal_first_argument_outside_f_strings():
    """``pybabel extract`` sees only literals: ``t(name)``, ``t(f"...")`` and a ``t()`` inside an
    f-string (whose string no other call has) would silently stay English."""
    bad = []
    for d in ("app", "pages", "divergences"):
        for path in sorted((ROOT / d).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in _calls(tree):
                lits = node.args[:2] if node.func.id in ("tn",) else node.args[:1]
                if node.func.id == "t_var":
                    continue  # t_var translates a variable by design (its literal has N_)
                if not lits or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                       for a in lits):
                    bad.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:70]}")
            for js in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
                for node in _calls(js):  # pybabel skips these: fine only if found elsewhere
                    lit = node.args[0] if node.args else None
                    if not (isinstance(lit, ast.Constant) and lit.value in EX.keys):
                        bad.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:50]} inside an "
                                   "f-string, and nowhere else")
    assert not bad, "not extractable (use a literal, outside f-strings):\n" + "\n".join(bad)


def test_one_n_marker_in_the_code():
    defs = [f"{p.relative_to(ROOT)}" for d in ("app", "pages", "divergences")
            for p in (ROOT / d).rglob("*.py")
            if re.search(r"^def N_\(", p.read_text(encoding="utf-8"), re.M)]
    assert defs == ["divergences/messages.py"]


# ---- the thin wrapper over gettext -----------------------------------------------------------------

def test_compiled_catalogue_translates_and_fuzzy_entries_stay_english(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text('''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Offset {x}"
msgstr "偏移 {x}"

#, fuzzy
msgid "Old text"
msgstr "旧的"

msgid "{n} point"
msgid_plural "{n} points"
msgstr[0] "{n} 个点"
''', encoding="utf-8")
    tr = compile_po(po, "zh")
    assert tr.gettext("Offset {x}").format(x=2) == "偏移 2"
    assert tr.gettext("Old text") == "Old text"  # fuzzy: not used, English shown
    assert tr.ngettext("{n} point", "{n} points", 5) == "{n} 个点"
    assert tr.gettext("Not there") == "Not there"


def test_translate_and_messages_in_both_languages():
    from app.i18n import translations
    from divergences.earth import PileError, check_piles

    assert translate("nats", "zh") == "奈特" and translate("nats", "en") == "nats"
    assert translate("nats", "../../etc/passwd") == "nats"  # an unknown code: English
    with pytest.raises(PileError) as info:
        check_piles([1, 0, -2], [1, 1, 1])
    tr = translations("zh")
    zh = info.value.message.render(tr.gettext, tr.ngettext)
    assert "第 2 格" in zh or "2" in zh and re.search(r"[\u4e00-\u9fff]", zh), zh
    assert "bin" not in zh  # the nested place ("bin 2") is translated too
    note = check_piles([1, None, None, 1], [1, 0, 0, 1]).notes[0].message
    assert note.render(tr.gettext, tr.ngettext) == "P：2 个空单元格按 0 处理。"


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
    english = {k for k in EX.keys if k not in LANGUAGE_NEUTRAL}
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
    text that is one of the app's English strings (a string missing from the catalogue)."""
    at = run_page(info.file, {"lang": "zh"})
    assert not at.exception, [e.value for e in at.exception]
    english = {k for k in EX.keys if k not in LANGUAGE_NEUTRAL}
    left = sorted({s for s in _visible_texts(at) if s in english})
    assert not left, f"{info.file}: left in English in the Chinese view ({FIX}): {left}"


@pytest.mark.parametrize("raw", ["fr", "<script>alert(1)</script>", "ZH", ""])
def test_bad_language_in_the_url_gives_a_notice_and_english(raw):
    at = run_page(query={"lang": raw})
    assert not at.exception
    assert at.title[0].value == "Divergence Lab"
    if raw:
        assert any("lang" in w.value for w in at.warning), [w.value for w in at.warning]

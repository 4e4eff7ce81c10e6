"""Find every translatable string in the app, and the ones a language still lacks.

Usage (no Streamlit needed)::

    python -m app.i18n_extract                  # summary for Chinese: missing, untranslated, bad calls
    python -m app.i18n_extract --lang zh --list  # ... and every missing string with where it is used
    python -m app.i18n_extract --write-missing   # append a stub section to app/locales/zh.py
    python -m app.i18n_extract --check           # exit 1 if anything is missing (for CI)

What counts as a translatable string (see :mod:`app.i18n`):

* the literal first argument of every ``t(...)`` call in ``app/`` and ``pages/``;
* the literal argument of every ``N_(...)`` marker in ``app/``, ``pages/`` and ``divergences/``
  (strings written in one place and translated with ``t_var`` where they are shown).

A ``t(...)`` call whose first argument is not a string literal (a variable, an f-string, a
concatenation) cannot be extracted, so it is reported as an error.

The stub written by ``--write-missing`` maps each missing English string to ``""``; an empty entry
still shows English on screen and still fails ``tests/test_i18n.py`` until someone fills it in.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T_DIRS = ("app", "pages")  # t(...) and N_(...) are collected here
MARK_DIRS = ("divergences",)  # only N_(...) here (no Streamlit, no t)
SKIP = ("app/locales",)
# Strings that read the same in every language (symbols, formulas, names): they need no entry in a
# catalogue, and an entry equal to the English is not reported. Keep this list SMALL.
LANGUAGE_NEUTRAL = frozenset({
    "ln 2", "JS(P‖Q)", "θ = {t}", "{q} = ∞",
})
T_NAMES = {"t"}
MARK_NAMES = {"N_"}


@dataclass(frozen=True)
class Site:
    """Where a string (or a bad call) was found: file relative to the repository, line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Extraction:
    """Every translatable literal with the places it is used, and the calls that are not literal."""

    keys: dict[str, list[Site]] = field(default_factory=dict)
    non_literal: list[tuple[Site, str]] = field(default_factory=list)
    syntax_errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, text: str, site: Site) -> None:
        self.keys.setdefault(text, []).append(site)


def _python_files(root: Path, dirs) -> list[Path]:
    out = []
    for d in dirs:
        base = root / d
        if not base.exists():
            continue
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if any(rel.startswith(s + "/") for s in SKIP):
                continue
            out.append(path)
    return out


def _call_name(node: ast.Call) -> str | None:
    return node.func.id if isinstance(node.func, ast.Name) else None


def scan_source(source: str, rel: str, result: Extraction, names: set[str]) -> None:
    """Collect the literals of calls named in ``names`` from one file's source."""
    try:
        tree = ast.parse(source, filename=rel)
    except SyntaxError as exc:  # a file being edited right now: report, do not crash
        result.syntax_errors.append((rel, f"line {exc.lineno}: {exc.msg}"))
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name not in names:
            continue
        site = Site(rel, node.lineno)
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            result.add(first.value, site)
        else:
            shown = ast.unparse(first) if first is not None else "(no argument)"
            result.non_literal.append((site, f"{name}({shown[:60]})"))


def extract(root: Path = ROOT) -> Extraction:
    """Walk ``app/`` and ``pages/`` (``t`` and ``N_``) and ``divergences/`` (``N_`` only)."""
    result = Extraction()
    for names, dirs in ((T_NAMES | MARK_NAMES, T_DIRS), (MARK_NAMES, MARK_DIRS)):
        for path in _python_files(root, dirs):
            rel = path.relative_to(root).as_posix()
            scan_source(path.read_text(encoding="utf-8"), rel, result, names)
    return result


def load_catalogue(lang: str) -> dict[str, str]:
    """``app/locales/<lang>.py``'s STRINGS, freshly imported (empty if the file does not exist)."""
    name = f"app.locales.{lang}"
    if not (ROOT / "app" / "locales" / f"{lang}.py").exists():
        return {}
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    module = importlib.import_module(name)
    module = importlib.reload(module)
    return dict(module.STRINGS)


def placeholders(text: str) -> set[str]:
    """The ``str.format`` field names of ``text`` (``"{n} points"`` -> ``{"n"}``)."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:  # unbalanced braces
        return {"<unbalanced braces>"}


def missing(keys, strings: dict[str, str]) -> list[str]:
    """Keys without a (non-empty) translation, in a stable order (language-neutral ones aside)."""
    return sorted(k for k in keys if not strings.get(k) and k not in LANGUAGE_NEUTRAL)


def untranslated(keys, strings: dict[str, str]) -> list[str]:
    """Keys whose translation is the English text itself (language-neutral ones aside)."""
    return sorted(k for k in keys if strings.get(k) == k and k not in LANGUAGE_NEUTRAL)


def write_missing(lang: str, keys: dict[str, list[Site]], root: Path = ROOT) -> list[str]:
    """Append a stub ``STRINGS.update({...})`` with every key that the catalogue lacks entirely
    (an existing empty stub is not written twice). Returns the keys written."""
    path = root / "app" / "locales" / f"{lang}.py"
    existing = load_catalogue(lang) if root == ROOT else {}
    todo = sorted(k for k in keys if k not in existing and k not in LANGUAGE_NEUTRAL)
    if not todo:
        return []
    lines = []
    if not path.exists():
        lines += [f'"""Translations into {lang}: STRINGS = {{english: translation}}."""', "",
                  "STRINGS: dict[str, str] = {}", ""]
    lines += ["", "# ---- Added by `python -m app.i18n_extract --write-missing`: fill in every \"\" "
              "(an empty entry shows English", "# ---- and fails tests/test_i18n.py). Keep the "
              "{placeholders} of the English text.", "STRINGS.update({"]
    for k in todo:
        where = ", ".join(str(s) for s in keys[k][:3])
        lines.append(f"    # {where}")
        lines.append(f"    {json.dumps(k, ensure_ascii=False)}: \"\",")
    lines.append("})")
    with path.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return todo


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m app.i18n_extract", description=__doc__.split("\n")[0])
    ap.add_argument("--lang", default="zh", help="language code of app/locales/<lang>.py (default zh)")
    ap.add_argument("--list", action="store_true", help="print every missing string and its uses")
    ap.add_argument("--write-missing", action="store_true",
                    help="append a stub section with the missing strings to the catalogue")
    ap.add_argument("--check", action="store_true", help="exit 1 if anything is missing or wrong")
    args = ap.parse_args(argv)

    ex = extract()
    strings = load_catalogue(args.lang)
    miss = missing(ex.keys, strings)
    same = untranslated(ex.keys, strings)
    bad_ph = sorted(k for k in ex.keys if strings.get(k) and placeholders(strings[k]) != placeholders(k))
    unused = sorted(k for k in strings if k not in ex.keys)

    print(f"{len(ex.keys)} translatable strings in {', '.join(T_DIRS + MARK_DIRS)}; "
          f"app/locales/{args.lang}.py has {len(strings)} entries.")
    print(f"missing or empty: {len(miss)}   identical to English: {len(same)}   "
          f"placeholder mismatch: {len(bad_ph)}   unused entries: {len(unused)}   "
          f"non-literal calls: {len(ex.non_literal)}")
    for rel, why in ex.syntax_errors:
        print(f"  could not parse {rel} ({why}); its strings are not counted")
    for site, call in ex.non_literal:
        print(f"  non-literal call at {site}: {call}")
    for k in bad_ph:
        print(f"  placeholders differ: {k!r} -> {strings[k]!r}")
    if args.list:
        for k in miss:
            print(f"  missing: {json.dumps(k, ensure_ascii=False)}  ({', '.join(map(str, ex.keys[k][:3]))})")
    if args.write_missing:
        written = write_missing(args.lang, ex.keys)
        print(f"wrote {len(written)} stub entries to app/locales/{args.lang}.py" if written
              else "nothing to write")
    if args.check and (miss or same or bad_ph or ex.non_literal or ex.syntax_errors):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One small translation helper: every user-facing string passes through :func:`t`.

The English text is the key, so pages stay readable: ``t("Offset θ")``. A language adds a
catalogue ``app/locales/<lang>.py`` with ``STRINGS = {english: translation}``; missing (or empty)
entries fall back to English, and ``tests/test_i18n.py`` lists them. Placeholders use
``str.format``: ``t("{n} points", n=300)``; the translation keeps the same placeholders.

Languages: English (``en``, the default) and Simplified Chinese (``zh``). The session's language
comes from the sidebar switch or the URL (``?lang=zh``), see :mod:`app.shell`.

Rules (checked by ``tests/test_i18n.py``, gaps listed by ``python -m app.i18n_extract``):

* ``t("literal")``: the first argument of ``t`` is always a string LITERAL (never a variable or
  an f-string), so the extractor can find it with ``ast``.
* A string defined in one place and translated in another (page titles in
  ``app/navigation.py``, error messages of :mod:`divergences.userdata`) is marked where it is
  written with ``N_("literal")`` (returns it unchanged) and translated where it is shown with
  ``t_var(value)``.
* Do not call ``t`` at import time (module level of an ``app/`` module): the language is a
  per-session setting, known only while a script runs.
* Formulas (LaTeX) are shared by both languages: keep them out of ``t``.
"""

from __future__ import annotations

import importlib

import streamlit as st

LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT_LANG = "en"
_LANG_KEY = "lang"


def N_(text: str) -> str:
    """Mark ``text`` for translation without translating it (translate later with ``t_var``)."""
    return text


def current_lang() -> str:
    """The session's language code (English by default, and outside a Streamlit run)."""
    try:
        lang = st.session_state.get(_LANG_KEY, DEFAULT_LANG)
    except Exception:  # no script run context (plain Python): English
        return DEFAULT_LANG
    return lang if lang in LANGUAGES else DEFAULT_LANG


def set_lang(lang: str) -> None:
    """Set the session's language (ignored unless ``lang`` is one of :data:`LANGUAGES`)."""
    if lang in LANGUAGES:
        st.session_state[_LANG_KEY] = lang


def catalogue(lang: str) -> dict[str, str]:
    """The translations for ``lang`` (empty for English)."""
    if lang == DEFAULT_LANG or lang not in LANGUAGES:
        return {}
    return importlib.import_module(f"app.locales.{lang}").STRINGS


def translate(text: str, lang: str, **fmt) -> str:
    """``text`` in ``lang`` (English when the catalogue lacks it), formatted with ``fmt``."""
    out = catalogue(lang).get(text) or text
    return out.format(**fmt) if fmt else out


def t(text: str, **fmt) -> str:
    """``text`` translated into the session's language, then formatted with ``fmt``.

    ``text`` must be a string literal (see the module docstring)."""
    return translate(text, current_lang(), **fmt)


def t_var(text: str, **fmt) -> str:
    """Translate a string held in a variable; its literal must be marked with ``N_`` where it is
    written, so that the extractor finds it."""
    return translate(text, current_lang(), **fmt)

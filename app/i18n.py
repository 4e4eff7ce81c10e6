"""One small translation helper: every user-facing string passes through :func:`t`.

The English text is the key, so pages stay readable: ``t("Offset θ")``. A language adds a
catalogue ``app/locales/<lang>.py`` with ``STRINGS = {english: translation}``; missing entries
fall back to English (and the i18n test lists them). Placeholders use ``str.format``:
``t("{n} points", n=300)``.
"""

from __future__ import annotations

import importlib

import streamlit as st

LANGUAGES = {"en": "English"}
DEFAULT_LANG = "en"
_LANG_KEY = "lang"


def current_lang() -> str:
    """The session's language code (English by default)."""
    lang = st.session_state.get(_LANG_KEY, DEFAULT_LANG)
    return lang if lang in LANGUAGES else DEFAULT_LANG


def catalogue(lang: str) -> dict[str, str]:
    """The translations for ``lang`` (empty for English)."""
    if lang == DEFAULT_LANG:
        return {}
    return importlib.import_module(f"app.locales.{lang}").STRINGS


def t(text: str, **fmt) -> str:
    """``text`` translated into the session's language, then formatted with ``fmt``."""
    out = catalogue(current_lang()).get(text, text)
    return out.format(**fmt) if fmt else out

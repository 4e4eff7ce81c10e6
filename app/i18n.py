"""Translations with gettext: every user-facing string passes through :func:`t`.

The English text is the message id, so pages stay readable: ``t("Offset θ")``. Each language has
a gettext catalogue, ``app/locales/<lang>/LC_MESSAGES/messages.po``, kept current with
``sh app/locales/update.sh`` (``pybabel extract`` + ``pybabel update``) and edited with any PO
editor (Poedit, Weblate). The app compiles it to a ``.mo`` in memory the first time a language is
used (:func:`translations`; nothing to run by hand, nothing written to disk). A missing, empty
or fuzzy entry shows the English text, and ``tests/test_i18n.py`` fails on it.

Placeholders use ``str.format`` after translation: ``t("{n} points", n=300)``; the translation
keeps the same placeholders. Languages: English (``en``, the default) and Simplified Chinese
(``zh``); the session's language comes from the sidebar switch or the URL (``?lang=zh``), see
:mod:`app.shell`.

Rules (checked by ``tests/test_i18n.py``):

* ``t("literal")``: the first argument of ``t`` is a string literal (never a variable, an f-string
  or a concatenation), and ``t`` is not called inside an f-string: ``pybabel extract`` reads the
  source and finds only literals.
* A count picks its form with ``tn("{n} point", "{n} points", n, n=n)`` (gettext's ``ngettext``).
* A string written in one place and translated in another (page titles in
  ``app/navigation.py``) is marked with ``N_("literal")`` where it is written and shown with
  ``t_var(value)``. The science's messages (:class:`divergences.messages.Message`, errors that
  carry one) are shown with :func:`t_msg`.
* Do not call ``t`` at import time: the language is a per-session setting, known only while a
  script runs.
* Formulas (LaTeX) are shared by both languages: keep them out of ``t``.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

import streamlit as st
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from divergences.messages import N_, Message

__all__ = ["DEFAULT_LANG", "LANGUAGES", "N_", "current_lang", "set_lang", "t", "t_msg", "t_var",
           "tn", "translate", "translations"]

LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT_LANG = "en"
_LANG_KEY = "lang"
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def catalogue_path(lang: str) -> Path:
    """``app/locales/<lang>/LC_MESSAGES/messages.po``."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The gettext translations of ``lang``, compiled from its ``.po`` in memory once per process
    (fuzzy entries left out, as ``msgfmt`` does). English, an unknown code or a missing catalogue
    give the identity."""
    if lang == DEFAULT_LANG or lang not in LANGUAGES:
        return gettext.NullTranslations()
    path = catalogue_path(lang)
    return compile_po(path, lang) if path.is_file() else gettext.NullTranslations()


def compile_po(path: Path, lang: str) -> gettext.GNUTranslations:
    """The ``.po`` at ``path`` compiled to a ``.mo`` in memory and loaded; fuzzy entries are left
    out, so they show the English text."""
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog, use_fuzzy=False)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


_CTX_LANG = "_dl_lang"
"""The language, also kept on the session's script-run context by :func:`set_lang`: a page calls
``t`` a few hundred times a run, and a read of ``st.session_state`` costs tens of microseconds
(its lock, its widget mapping); a context belongs to one session's script runner only."""


def _ctx():
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True)


def current_lang() -> str:
    """The session's language code (English by default, and outside a Streamlit run)."""
    ctx = _ctx()
    lang = getattr(ctx, _CTX_LANG, None)
    if lang is not None:
        return lang
    try:
        lang = st.session_state.get(_LANG_KEY, DEFAULT_LANG)
    except Exception:  # no script run context (plain Python): English
        return DEFAULT_LANG
    return lang if lang in LANGUAGES else DEFAULT_LANG


def set_lang(lang: str) -> None:
    """Set the session's language (ignored unless ``lang`` is one of :data:`LANGUAGES`)."""
    if lang in LANGUAGES:
        st.session_state[_LANG_KEY] = lang
        ctx = _ctx()
        if ctx is not None:
            setattr(ctx, _CTX_LANG, lang)


def translate(text: str, lang: str, **fmt) -> str:
    """``text`` in ``lang`` (English when the catalogue lacks it), formatted with ``fmt``."""
    out = translations(lang).gettext(text)
    return out.format(**fmt) if fmt else out


def t(text: str, **fmt) -> str:
    """``text`` translated into the session's language, then formatted with ``fmt``.

    ``text`` must be a string literal (see the module docstring)."""
    return translate(text, current_lang(), **fmt)


def t_var(text: str, **fmt) -> str:
    """Translate a string held in a variable; its literal is marked with ``N_`` where it is
    written, so that ``pybabel extract`` finds it."""
    return translate(text, current_lang(), **fmt)


def tn(singular: str, plural: str, n: int, **fmt) -> str:
    """The form of ``singular``/``plural`` for the count ``n`` in the session's language
    (gettext's ``ngettext``), then formatted with ``fmt``."""
    out = translations(current_lang()).ngettext(singular, plural, n)
    return out.format(**fmt) if fmt else out


def t_msg(message: Message | Exception) -> str:
    """A :class:`~divergences.messages.Message` (or an error that carries one in ``.message``) in
    the session's language; any other error as its English text."""
    msg = getattr(message, "message", message)
    if not isinstance(msg, Message):
        return str(message)
    tr = translations(current_lang())
    return msg.render(tr.gettext, tr.ngettext)

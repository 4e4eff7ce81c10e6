"""A student's committed guesses: kept in the session, sent to the class, read back from it.

:mod:`app.predict` keeps each committed guess here (:func:`guess_of`, :func:`commit`,
:func:`forget`); in a class, :func:`record_answer` sends its choice id and the guess itself to the
class store (kept and sent later when the database is unreachable), :func:`load_mine` reads the
student's own guesses back when a session enters the class (a reload, a new tab, after a server
restart: nothing committed is lost), and :func:`may_reveal` holds the answer back until the
teacher reveals it. This module imports nothing of :mod:`app.predict`, so the two do
not import each other.
"""

from __future__ import annotations

from typing import Any

import math

import streamlit as st

from app.classes import choice_of
from app.classes.questions import REGISTRY
from app.classroom.session import DB_ERRORS, current, store
from app.i18n import t

PREFIX = "predict."
"""Session key prefix of a committed guess: ``predict.<question key>`` holds ``{"guess": …}``."""


def guess_of(key: str) -> Any:
    """The committed guess for question ``key`` (None before the commit)."""
    return (st.session_state.get(PREFIX + key) or {}).get("guess")


def commit(key: str, guess: Any) -> None:
    """Keep ``guess`` as this session's committed guess to ``key``; in a class, send it."""
    st.session_state[PREFIX + key] = {"guess": guess}
    record_answer(key, guess)


def forget(key: str) -> None:
    """Drop the committed guess to ``key`` (and the widget's pick), for "Try again"."""
    st.session_state.pop(PREFIX + key, None)
    st.session_state.pop(f"w.{PREFIX}{key}", None)


def send_all(skip=()) -> None:
    """Send every guess committed before joining (but those in ``skip``), so that it counts in
    the class too."""
    for key in REGISTRY:
        if key not in skip and guess_of(key) is not None:
            record_answer(key, guess_of(key))


def guess_text(key: str, guess: Any) -> str:
    """The guess as the class store keeps it (:func:`guess_from` reads it back): a choice's option
    id, a number in at most 10 significant digits."""
    if REGISTRY[key].kind == "choice":
        return str(guess)
    return f"{float(guess):.10g}"


def guess_from(key: str, choice: str, text: str) -> Any:
    """The committed guess that the class store's ``(choice, text)`` stands for, as
    :mod:`app.predict` keeps it (an option id, or a float within the range): None when it cannot
    be read back (an unknown question, a number missing or not in its bin)."""
    spec = REGISTRY.get(key)
    if spec is None:
        return None
    if spec.kind == "choice":
        return choice if choice in spec.options else None
    try:
        g = float(text)
        if not math.isfinite(g) or choice_of(key, g) != choice:
            return None
    except (TypeError, ValueError):
        return None
    return g


def load_mine() -> set[str]:
    """A student who enters a class (joins, or is restored by the cookie after a reload, in a new
    tab, after a server restart) gets their own committed guesses back from the class store, so
    the page shows "Committed…" (and, once revealed, the verdict) instead of the question.
    The class's record wins over a guess of this session. Returns the questions read back."""
    c = current()
    if c is None or c["role"] != "student":
        return set()
    try:
        mine = store().my_answers(c["code"], c["sid"])
    except (ValueError, *DB_ERRORS):
        return set()
    loaded = set()
    for key, (choice, text) in mine.items():
        g = guess_from(key, choice, text)
        if g is None:
            continue
        st.session_state[PREFIX + key] = {"guess": g}
        st.session_state.pop(f"w.{PREFIX}{key}", None)
        loaded.add(key)
    return loaded


def record_answer(key: str, guess: Any) -> None:
    """A student committed ``guess`` to question ``key``: send its choice id and the guess itself
    to the class (kept in ``pending`` as ``(choice, text)`` and sent later when the database is
    unreachable)."""
    c = current()
    if c is None or c["role"] != "student" or key not in REGISTRY:
        return
    try:
        choice = choice_of(key, guess)
        text = guess_text(key, guess)
    except (TypeError, ValueError):
        return
    try:
        store().answer(c["code"], c["sid"], key, choice, guess=text)
        c["pending"].pop(key, None)
    except ValueError:
        pass
    except DB_ERRORS:
        c["pending"][key] = (choice, text)
        c["offline"] = True


def may_reveal(key: str, shown_guess: str) -> bool:
    """Whether a committed guess may be answered now. In a class: only once the teacher revealed
    it (else a "waiting" note is drawn); when the class server is unreachable: yes (alone)."""
    c = current()
    if c is None or c["role"] != "student" or c["offline"] or key in c["revealed"]:
        return True
    with st.container(border=True):
        st.caption(t("Your guess"))
        st.markdown(f"**{shown_guess}**")
    st.info(t("Committed. The answer appears when your teacher reveals it to the class."),
            icon=":material/hourglass_top:")
    return False

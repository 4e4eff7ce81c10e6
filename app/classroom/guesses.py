"""A student's committed guesses: kept in the session, sent to the class, read back from it.

:mod:`app.predict` keeps each committed guess here (:func:`guess_of`, :func:`commit`,
:func:`forget`); in a class, :func:`record_answer` sends its choice id to the class store (kept
and sent later when the database is unreachable), and :func:`may_reveal` holds the answer back
until the teacher reveals it. This module imports nothing of :mod:`app.predict`, so the two do
not import each other.
"""

from __future__ import annotations

from typing import Any

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


def send_all() -> None:
    """Send every guess committed before joining, so that it counts in the class too."""
    for key in REGISTRY:
        if guess_of(key) is not None:
            record_answer(key, guess_of(key))


def record_answer(key: str, guess: Any) -> None:
    """A student committed ``guess`` to question ``key``: send its choice id to the class (kept
    and sent later when the database is unreachable)."""
    c = current()
    if c is None or c["role"] != "student" or key not in REGISTRY:
        return
    try:
        choice = choice_of(key, guess)
    except ValueError:
        return
    try:
        store().answer(c["code"], c["sid"], key, choice)
        c["pending"].pop(key, None)
    except ValueError:
        pass
    except DB_ERRORS:
        c["pending"][key] = choice
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

"""Predict, then reveal: the student commits to a guess before the app shows the answer.

One call on a page::

    from app.predict import predict_then_reveal

    p = predict_then_reveal(
        "js.where", t("Where will JS be once the supports stop overlapping?"),
        kind="choice", options=["zero", "ln2", "grows"],
        format_func=lambda o: {"zero": t("0"), "ln2": t("ln 2, for every θ"),
                               "grows": t("It keeps growing")}[o],
        answer="ln2", explanation=t("With no overlap, M = (P+Q)/2 ... so JS = ln 2."))
    if p.revealed:        # optional: keep the page's spoiler hidden until the guess is in
        chart(...)

or a number: ``kind="slider", range=(0.0, 2.0, 0.05), answer=0.693, unit=t("nats")`` (right when
within ``tolerance``, by default 5 % of the range).

Before the commit: the question, a radio (or slider) and a "Commit my guess" button. After: the
guess beside the answer, right or wrong (and how far off, for a number), the explanation, and
"Try again". The guess lives in ``st.session_state["predict.<key>"]`` (this session only, not the
URL: a shared link must not give the answer away) and survives a change of page.

The options of a choice are shuffled per question and per session (:func:`option_order`): a
rerun, a change of page or a language switch keeps the order, while another session (another
student) gets another one, so the answer's position gives nothing away.

The box is an expander ("Predict first: …", folded; ``compact=False`` for the full-size box) so
that it sits above the experiment it guards without pushing the experiment off a projector's
screen.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import streamlit as st

from app import classroom
from app.classroom import guesses
from app.classes.questions import check as check_question
from app.i18n import t

_PREFIX = guesses.PREFIX
_SALT = "predict._salt"
"""Session key of the random salt that fixes this session's option orders."""


def option_order(options: Sequence[Any], key: str, salt: str) -> list[Any]:
    """``options`` in the order of the hash of (salt, question key, option): a fixed shuffle for one
    salt (one session) and one question, a different one for another salt or question. The order
    does not depend on the order ``options`` are given in."""
    def rank(o: Any) -> bytes:
        return hashlib.blake2b(f"{salt}\x1f{key}\x1f{o!r}".encode(), digest_size=8).digest()

    return sorted(options, key=rank)


def session_order(options: Sequence[Any], key: str) -> list[Any]:
    """This session's order of the options of question ``key`` (see :func:`option_order`)."""
    salt = st.session_state.get(_SALT)
    if not salt:
        salt = st.session_state[_SALT] = secrets.token_hex(8)
    return option_order(options, key, salt)


@dataclass(frozen=True)
class Prediction:
    """What the student did: ``revealed`` once a guess is committed."""

    revealed: bool
    guess: Any = None
    correct: bool | None = None
    distance: float | None = None


def _commit(key: str) -> None:
    guess = st.session_state.get(f"w.{_PREFIX}{key}")
    if guess is not None:
        guesses.commit(key, guess)  # in a class: the guess counts in the tally


def _reset(key: str) -> None:
    guesses.forget(key)


guess_of = guesses.guess_of


def predict_then_reveal(key: str, question: str, *, kind: str = "choice",
                        options: Sequence[Any] = (), format_func: Callable[[Any], str] = str,
                        range: tuple[float, float, float] | None = None, answer: Any,
                        explanation: str = "", tolerance: float | None = None, unit: str = "",
                        digits: int = 3, compact: bool = True) -> Prediction:
    """Ask ``question``; after the student commits a guess, show it beside ``answer``.

    ``kind="choice"``: ``options`` (stable ids; ``format_func`` gives the translated label) and an
    ``answer`` among them. ``kind="slider"``: ``range=(lo, hi, step)`` and a numeric ``answer``;
    the guess is right when ``abs(guess - answer) <= tolerance`` (default 5 % of ``hi - lo``).
    ``compact``: in a folded expander whose label is the question (default), else a bordered box.
    """
    if kind not in ("choice", "slider"):
        raise ValueError(f"kind must be 'choice' or 'slider', not {kind!r}")
    if kind == "choice" and answer not in options:
        raise ValueError("answer must be one of options")
    if kind == "slider":
        if range is None:
            raise ValueError("kind='slider' needs range=(lo, hi, step)")
        lo, hi, step = range
        tol = (hi - lo) * 0.05 if tolerance is None else tolerance
    check_question(key, kind, options, range)  # one registry: app/classes/questions.py

    def show(v) -> str:
        if kind == "choice":
            return format_func(v)
        return f"{v:.{digits}f} {unit}".strip()

    wkey = f"w.{_PREFIX}{key}"
    box_key = f"dl_predict_{key.replace('.', '_')}"
    guess = guess_of(key)
    teacher = classroom.role() == "teacher"  # the class's tally stays open on the teacher's screen
    if compact and not teacher:
        label = "**" + t("Predict first:") + "** " + question
        # (the same before and after the commit, so that the open expander stays open)
        box = st.container(key=box_key).expander(label, icon=":material/help:")
    else:
        box = st.container(border=True, key=box_key)
    with box:
        if not compact or teacher:
            st.markdown(":material/help: **" + t("Predict first:") + "** " + question)
        if teacher:  # the class's tally and "Reveal to the class"
            shown = classroom.teacher_question(key, format_func, show(answer), explanation, unit)
            return Prediction(shown)
        if guess is None:
            if kind == "choice":
                value = st.radio(t("Your guess"), session_order(options, key),
                                 format_func=format_func, index=None, key=wkey)
            else:
                value = st.slider(t("Your guess") + (f" ({unit})" if unit else ""), lo, hi,
                                  value=lo + round((hi - lo) / 2 / step) * step, step=step, key=wkey)
            st.button(t("Commit my guess"), key=f"{_PREFIX}{key}.commit", type="primary",
                      on_click=_commit, args=(key,), disabled=value is None,
                      icon=":material/lock:")
            if value is None:
                st.caption(t("Pick an answer, then commit to it: the answer appears afterwards."))
            return Prediction(False)
        if not classroom.may_reveal(key, show(guess)):  # in a class: until the teacher reveals
            return Prediction(False, guess)

        if kind == "choice":
            correct, distance = guess == answer, None
        else:
            distance = abs(float(guess) - float(answer))
            correct = distance <= tol
        left, right = st.columns(2)
        with left.container(border=True):
            st.caption(t("Your guess"))
            st.markdown(f"**{show(guess)}**")
        with right.container(border=True):
            st.caption(t("Answer"))
            st.markdown(f"**{show(answer)}**")
        if kind == "choice":
            if correct:
                st.success(t("Right."), icon=":material/check_circle:")
            else:
                st.error(t("Not this time."), icon=":material/cancel:")
        else:
            off = f"{distance:.{digits}f} {unit}".strip()
            if correct:
                st.success(t("Right: off by only {d}.", d=off), icon=":material/check_circle:")
            else:
                st.error(t("Off by {d}.", d=off), icon=":material/cancel:")
        if explanation:
            st.markdown(explanation)
        st.button(t("Try again"), key=f"{_PREFIX}{key}.again", on_click=_reset, args=(key,),
                  icon=":material/replay:")
        return Prediction(True, guess, bool(correct), distance)


def pending(p: Prediction, what: str = "notice") -> str:
    """The line shown where a page keeps back what would give its answer away, until
    ``p.revealed``: alone, "commit your guess"; a student who committed in a class waits for the
    teacher; the teacher's own screen waits for the teacher's "Reveal to the class".
    ``what``: "notice" (the page's "What to notice") or "more" (an explanation, a chart, numbers)."""
    if classroom.role() == "teacher":
        return (t("What to notice appears once you reveal the answer to the class.")
                if what == "notice" else
                t("Shown once you reveal the answer to the class: it gives the answer away."))
    if p.guess is not None:
        return (t("What to notice appears once your teacher reveals the answer.")
                if what == "notice" else
                t("Shown once your teacher reveals the answer: it gives the answer away."))
    return (t("Commit your guess above to see what to notice.") if what == "notice" else
            t("Commit your guess above to see this: it gives the answer away."))


def notice_after(p: Prediction, text: str, neutral: str = "") -> None:
    """The page's "What to notice" box: ``text`` once ``p.revealed``; before, ``neutral`` (what can
    be said without the answer, may be empty) and the :func:`pending` line, in the same box."""
    from app.ui import notice

    notice(text if p.revealed else (neutral + " " + pending(p)).strip())


def explain_after(p: Prediction, markdown: str, formulas=(), title: str | None = None) -> None:
    """The page's "Why?" box (:func:`app.ui.explain`) once ``p.revealed``; before, the same folded
    box (same place, same height) holding only the :func:`pending` line."""
    from app.ui import explain

    if p.revealed:
        explain(markdown, formulas, title=title)
    else:
        with st.expander(title or t("Why? The argument in a few lines"), expanded=False):
            st.caption(pending(p, "more"))

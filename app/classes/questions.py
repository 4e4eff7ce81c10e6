"""The app's predict-then-reveal questions: one registry for the pages, the class store and tests.

Every ``predict_then_reveal(key, ...)`` call on a page names a question registered here, with the
same ``kind`` and the same option ids (or slider range); :func:`check` raises ``ValueError`` when
a page and the registry disagree, so a page that adds a question without registering it fails
its AppTest instead of silently sending answers the class store would refuse.

:data:`QUESTIONS` maps each question id to the tuple of its choice ids, the only values that
:meth:`app.classes.ClassStore.answer` accepts.

A number question (``kind="slider"``) is tallied in :data:`SLIDER_BINS` equal bins over its
range: a guess ``g`` goes to bin ``floor((g − lo) / w)`` with ``w = (hi − lo) / SLIDER_BINS``,
the top end ``hi`` to the last bin. The choice ids are the bins' ends, ``"0.3-0.6"`` (left end
included, right end excluded but for the last bin). Ten bins are wide enough that a class of 30
shows a shape, and each bin is as wide as the "right" band (± 5 % of the range) of the page.

No Streamlit import here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SLIDER_BINS = 10


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    page: str
    """The page's url_path ("" for Home)."""
    kind: str
    options: tuple[str, ...] = ()
    range: tuple[float, float, float] | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        if self.kind == "choice":
            return self.options
        lo, hi, _ = self.range
        edges = [lo + (hi - lo) * i / SLIDER_BINS for i in range(SLIDER_BINS + 1)]
        return tuple(f"{_num(a)}-{_num(b)}" for a, b in zip(edges, edges[1:]))


def _num(x: float) -> str:
    return f"{round(x, 6):g}"


REGISTRY: dict[str, QuestionSpec] = {q.id: q for q in (
    QuestionSpec("home.where_js", "", "choice", ("grows", "ln2", "inf", "zero")),
    QuestionSpec("js.slopes", "js_saturates", "choice", ("js0_w1", "both0", "both1", "js_grows")),
    QuestionSpec("lds.lines_js", "low_dim_supports", "choice", ("small", "between", "ln2")),
    QuestionSpec("em.textbook_w1", "earth_mover", "slider", range=(0.0, 3.0, 0.05)),
    QuestionSpec("critic.disjoint", "critic", "choice", ("flat", "grows")),
    QuestionSpec("gg.minimax", "generator_gradient", "choice", ("zero", "small", "large")),
    QuestionSpec("live.tracks", "live_training", "choice", ("gan", "wgan", "both", "neither")),
)}

QUESTIONS: dict[str, tuple[str, ...]] = {qid: q.choices for qid, q in REGISTRY.items()}
"""Question id → the tuple of its choice ids (the app's own list; see the module docstring)."""


def check(key: str, kind: str, options=(), range=None) -> QuestionSpec:
    """The registered question ``key``; ``ValueError`` when a page's call does not match it."""
    spec = REGISTRY.get(key)
    if spec is None:
        raise ValueError(f"predict_then_reveal({key!r}): register the question in "
                         "app/classes/questions.py (REGISTRY)")
    if kind != spec.kind:
        raise ValueError(f"predict_then_reveal({key!r}): kind {kind!r}, registered {spec.kind!r}")
    if kind == "choice" and tuple(options) != spec.options:
        raise ValueError(f"predict_then_reveal({key!r}): options {tuple(options)!r} differ from "
                         f"the registered {spec.options!r}")
    if kind == "slider" and tuple(float(v) for v in range) != tuple(spec.range):
        raise ValueError(f"predict_then_reveal({key!r}): range {range!r} differs from the "
                         f"registered {spec.range!r}")
    return spec


def choice_of(key: str, guess) -> str:
    """The choice id a committed ``guess`` counts as: the option itself, or a number's bin."""
    spec = REGISTRY[key]
    if spec.kind == "choice":
        if guess not in spec.options:
            raise ValueError(f"{guess!r} is not an option of {key!r}")
        return guess
    g = float(guess)
    lo, hi, _ = spec.range
    if not math.isfinite(g) or g < lo or g > hi:
        raise ValueError(f"{guess!r} is outside the range of {key!r}")
    i = min(int(math.floor(round((g - lo) / (hi - lo) * SLIDER_BINS, 9))), SLIDER_BINS - 1)
    return spec.choices[i]

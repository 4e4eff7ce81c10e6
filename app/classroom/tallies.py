"""The teacher's view of a predict-then-reveal question: the live tally and "Reveal to the class".

The teacher always sees how many of the class's students answered ("n of m answered", m the
class's roster, with how many are connected now). On the projected screen (presentation mode)
the chart of the choices stays hidden until the teacher presses "Show the tally" (Desmos-style:
the class commits before it sees what the others chose)."""

from __future__ import annotations

import streamlit as st

from app.chart_text import spoken_chart
from app.classes.questions import REGISTRY
from app.classroom.session import DB_ERRORS, PRESENT_WITHIN_S, class_gone, current, store
from app.i18n import t

SHOWN_PREFIX = "dl_tally_shown."
"""``st.session_state[SHOWN_PREFIX + question]``: the teacher showed that tally while presenting."""
AXIS_ROOM = 1.25
"""The tally's x axis reaches this many times the longest bar, so its number stays readable."""


def bin_label(choice: str, unit: str) -> str:
    lo, hi = choice.split("-", 1)
    return f"{lo}–{hi} {unit}".strip()


def teacher_question(key: str, format_func, answer_text: str, explanation: str,
                     unit: str = "") -> bool:
    """The teacher's view of question ``key``: the live tally and "Reveal to the class"; after
    the reveal, the answer and the explanation. Returns whether it is revealed."""
    spec = REGISTRY.get(key)
    if spec is None:
        return False
    label = (format_func if spec.kind == "choice" else (lambda ch: bin_label(ch, unit)))
    revealed = _tally_fragment(key, label)
    if revealed:
        st.success(t("Revealed to the class. Answer: {a}", a=answer_text),
                   icon=":material/campaign:")
        if explanation:
            st.markdown(explanation)
    return bool(revealed)


@st.fragment(run_every=1.5)
def _tally_fragment(key: str, label) -> bool:
    from app.style import is_presenting

    c = current()
    if c is None:
        return False
    try:
        s = store()
        counts = s.tally(c["code"], key)
        revealed = s.revealed(c["code"], key)
        total, here = s.roster(c["code"], PRESENT_WITHIN_S)
        c["offline"] = False
    except ValueError:
        return False
    except DB_ERRORS:
        st.warning(t("The class server cannot be reached: no tally for now."),
                   icon=":material/cloud_off:")
        return False
    n = sum(counts.values())
    st.markdown(t("**{n}** of **{m}** answered", n=n, m=total) + " · "
                + t("{k} connected now", k=here))
    shown = True
    if is_presenting():
        shown = bool(st.session_state.get(SHOWN_PREFIX + key, False))
        st.button(t("Hide the tally") if shown else t("Show the tally"),
                  key=f"dl_tally_toggle_{key}", on_click=_toggle, args=(key,),
                  icon=":material/visibility_off:" if shown else ":material/visibility:",
                  help=t("The class sees the tally only when you show it."))
    if shown:
        spoken_chart(st, tally_figure(counts, label),
                        key=f"dl_tally_{key}", config={"displayModeBar": False})
    if not revealed:
        if st.button(t("Reveal to the class"), key=f"dl_reveal_{key}", type="primary",
                     icon=":material/campaign:"):
            try:
                s.reveal(c["code"], c["token"], key)
            except DB_ERRORS:
                st.error(t("The class server cannot be reached: try again in a moment."))
                return False
            except (ValueError, PermissionError):
                class_gone()
            st.rerun(scope="app")
    return revealed


def _toggle(key: str) -> None:
    st.session_state[SHOWN_PREFIX + key] = not st.session_state.get(SHOWN_PREFIX + key, False)


def tally_figure(counts: dict[str, int], label):
    """The tally's horizontal bar chart; the x axis leaves room for the longest bar's number."""
    import plotly.graph_objects as go

    from app.style import COLORS, style_figure

    choices = list(counts)
    top = max([1, *counts.values()])
    fig = go.Figure(go.Bar(x=[counts[ch] for ch in choices], y=[label(ch) for ch in choices],
                           orientation="h", marker_color=COLORS["P"],
                           text=[str(counts[ch]) for ch in choices], textposition="outside",
                           cliponaxis=False, hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    style_figure(fig, t("What the class predicted"), t("students (count)"), "",
                 height=max(260, 70 * len(choices) + 110))
    fig.update_xaxes(range=[0, top * AXIS_ROOM], dtick=max(1, (top + 4) // 5))
    return fig

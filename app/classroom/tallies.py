"""The teacher's view of a predict-then-reveal question: the live tally and "Reveal to the class"."""

from __future__ import annotations

import streamlit as st

from app.classes.questions import REGISTRY
from app.classroom.session import DB_ERRORS, PRESENT_WITHIN_S, class_gone, current, store
from app.i18n import t


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
    import plotly.graph_objects as go

    from app.style import COLORS, style_figure

    c = current()
    if c is None:
        return False
    try:
        s = store()
        counts = s.tally(c["code"], key)
        revealed = s.revealed(c["code"], key)
        here = sum(s.presence(c["code"], PRESENT_WITHIN_S).values())
        c["offline"] = False
    except ValueError:
        return False
    except DB_ERRORS:
        st.warning(t("The class server cannot be reached: no tally for now."),
                   icon=":material/cloud_off:")
        return False
    n = sum(counts.values())
    st.markdown(t("**{n}** of **{m}** connected students have committed a guess.", n=n, m=here))
    choices = list(counts)
    fig = go.Figure(go.Bar(x=[counts[ch] for ch in choices], y=[label(ch) for ch in choices],
                           orientation="h", marker_color=COLORS["P"],
                           text=[str(counts[ch]) for ch in choices], textposition="outside",
                           hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    style_figure(fig, t("What the class predicted"), t("students (count)"), "",
                 height=max(260, 70 * len(choices) + 110))
    fig.update_xaxes(rangemode="tozero", dtick=max(1, (max(counts.values()) + 4) // 5))
    st.plotly_chart(fig, key=f"dl_tally_{key}", config={"displayModeBar": False})
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

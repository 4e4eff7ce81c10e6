"""Home: the story in five steps and a live teaser (Q slides away from P)."""

from dataclasses import replace

import numpy as np
import streamlit as st

from app.figures import density_figure, sweep_figure
from app.figures_1d import compact_xy
from app.style import fast_figure
from app.i18n import t, t_var
from app.navigation import PAGES
from app.state import url_slider
from app.predict import notice_after, predict_then_reveal
from app.scenario_claims import scenario_counts
from app.ui import (Metric, chart, csv_download, experiment, lead_in, metric_strip,
                    page_intro)
from divergences import LN2, Dist1D, Grid, js_divergence, sweep_1d, wasserstein1
from divergences.distributions import cell_masses

THETA_MAX = 3.0
# Cell edges fall on multiples of 0.0025, so the uniforms' ends and every slider step (0.05) sit on
# edges: the discretisation is exact and W1 on the grid equals θ exactly.
GRID = Grid(-0.5, THETA_MAX + 1.5, 2000)
P = Dist1D("uniform", loc=0.5, width=1.0)


@st.cache_data(show_spinner=False)
def teaser_sweep():
    return sweep_1d(P, P, np.round(np.arange(0.0, THETA_MAX + 1e-9, 0.05), 10), grid=GRID)


@st.cache_data(show_spinner=False)
def teaser_values(theta: float) -> tuple[float, float]:
    q = P.shifted(theta)
    pm, qm = cell_masses(P, GRID), cell_masses(q, GRID)
    return js_divergence(pm, qm), wasserstein1(GRID.x, GRID.x, pm, qm)


page_intro(
    t("Divergence Lab"),
    t("Why does the Wasserstein GAN train where the original GAN gets stuck? "
      "Because the Jensen–Shannon divergence stops changing once two distributions stop "
      "overlapping, while the Earth Mover (Wasserstein-1) distance keeps measuring how far apart "
      "they are. Slide Q away from P below and watch both numbers."),
)


WHERE_JS = {
    "grows": lambda: t("It keeps growing as Q moves further away"),
    "ln2": lambda: t("It stops at ln 2 ≈ 0.693 nats, however far Q goes"),
    "inf": lambda: t("It jumps to ∞"),
    "zero": lambda: t("It falls back to 0"),
}
ask, steps_box = lead_in()
with ask:
    pred = predict_then_reveal(
        "home.where_js", t("Where will JS be once the supports stop overlapping (θ ≥ 1)?"),
        kind="choice", options=list(WHERE_JS), format_func=lambda o: WHERE_JS[o](), answer="ln2",
        explanation=t("Where P has mass Q has none, and the other way round, so the mixture "
                      "M = (P + Q)/2 is exactly half of each: both KL terms of JS equal ln 2, and "
                      "JS = ½·ln 2 + ½·ln 2 = ln 2 for every θ ≥ 1. Move the slider past θ = 1 to see "
                      "it; W1 = θ keeps growing."),
    )


def explored_so_far(theta: float):
    """The teaser's chart before the reveal: the curves drawn only up to the θ the student has
    reached (the chart of every θ would show where JS ends up, the answer), on the axes of the
    whole chart, without the ln 2 line."""
    sw = teaser_sweep()
    ahead = sw.offsets > theta + 1e-9
    hide = {k: np.where(ahead, np.nan, getattr(sw, k)) for k in ("js", "w1", "overlap")}
    top = max(float(np.max(sw.w1)), LN2) * 1.12 + 0.05  # the top sweep_figure gives the whole
    fig = sweep_figure(replace(sw, **hide), theta, ("js", "w1"), y_max=top)
    fig.layout.shapes = [sh for sh in fig.layout.shapes
                         if not (sh.type == "line" and sh.y0 == LN2 and sh.y1 == LN2)]
    fig.layout.annotations = [a for a in fig.layout.annotations
                              if not str(a.text).startswith("ln 2")]
    fig.update_xaxes(range=[0.0, THETA_MAX])  # the whole chart's axis, not the part drawn
    return fig


@st.fragment
def teaser() -> None:
    controls, main = experiment()
    with controls:
        st.markdown("**" + t("Try it: move Q away from P") + "**")
        theta = url_slider(t("Offset θ of Q (units)"), "home.theta", 0.0, THETA_MAX, 0.5, 0.05,
                           help=t("P = Uniform[0, 1]; Q = Uniform[θ, θ + 1]."))
        js, w1 = teaser_values(theta)
        metrics = [
            Metric(t("JS divergence"), js, t("nats"), t("exact, on a 2000-cell grid")),
            Metric(t("W1 (Earth Mover)"), w1, t("units"), t("exact, area between the CDFs")),
            Metric(t("ln 2"), float(np.log(2)), t("nats"), t("the ceiling of JS")),
        ]
        metric_strip(metrics[:2], per_row=1)
    if pred.revealed:
        chart(sweep_figure(teaser_sweep(), theta, ("js", "w1"),
                           title=t("JS freezes at ln 2, W1 keeps growing")), "home_sweep", main)
    else:  # where JS ends up is the answer: the curves only as far as the student has gone
        chart(explored_so_far(theta), "home_sweep", main)
        metrics = metrics[:2]  # (the CSV's "ln 2, the ceiling of JS" waits too)
    x = np.linspace(-0.5, THETA_MAX + 1.5, 900)
    left, right = st.columns([2, 1])
    density = density_figure(P, P.shifted(theta), x, title=t("P = U[0, 1] and Q = U[θ, θ + 1]"),
                             height=300)
    chart(fast_figure(compact_xy(density.to_dict(), x)), "home_density", left)
    with right:
        notice_after(pred, t("For θ ≥ 1 the supports no longer overlap: JS stays at ln 2 ≈ "
                             "0.6931 nats whatever θ is, so it gives the generator no direction, "
                             "while W1 = θ keeps telling how far Q has to move."),
                     t("For θ ≥ 1 the supports no longer overlap. Move Q past θ = 1 and watch "
                       "what JS and W1 do."))
        csv_download(metrics, f"home-theta-{theta:g}.csv", t("Download these numbers (CSV)"),
                     key="home.csv")


teaser()

with steps_box.expander(t("The argument, step by step"), icon=":material/list:"):
    for info in PAGES[1:]:
        st.page_link(str(info.path), label=t_var(info.title), icon=info.icon)
st.subheader(t("The argument, step by step"))
for info in PAGES[1:]:
    with st.container(border=True):
        st.page_link(str(info.path), label=t_var(info.title), icon=info.icon)
        if info.path.name == "js_saturates.py" and not pred.revealed:  # claims ln 2: the answer
            st.caption(t("What JS and W1 do once the supports stop overlapping."))
        else:
            st.caption(t_var(info.claim))
        if info.path.name == "live_training.py":
            st.caption(scenario_counts())

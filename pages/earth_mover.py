"""3 · The earth mover: piles of earth, moving plans and their costs, and the earth moving."""

import hashlib

import numpy as np
import pandas as pd
import streamlit as st

from app.chart_text import spoken_chart
from app.byod import user_points

from app.figures_earth import (FRAME_MS, arrows_figure, cdf_figure, earth_animation_figure,
                               lines_figure, plan_heatmap_figure, plan_label,
                               points_animation_figure)
from app.i18n import t, t_msg
from app.predict import pending, predict_then_reveal
from app.state import url_number, url_select, url_slider, url_toggle
from app.ui import (GONE_PREFIX, Metric, experiment, explain, fmt_value, metric_strip, notice,
                    page_intro)
from divergences import wasserstein1
from divergences.earth import (MAX_BINS, MAX_POINTS, MIN_BINS, PLAN_NAMES, PRESETS_1D, PRESETS_2D,
                               PileError, bin_positions, bin_samples, cdf_area,
                               check_piles, check_points, compare_plans, displacement,
                               earth_profile, plan_moves, preset_piles, preset_points, savings,
                               subsample)

TIMES = np.linspace(0.0, 1.0, 51)
MAX_TABLE_ROWS = 40
PROFILE_SAMPLES = 10  # samples per bin (1 unit) of the moving earth's profile in the 1-D animation


def preset_label(name: str) -> str:
    return {
        "textbook": t("Textbook example (5 bins, check it by hand)"),
        "gaussians": t("Two Gaussians"),
        "bimodal": t("Bimodal P, unimodal Q"),
        "handful": t("A handful of points (check it by hand)"),
        "blobs": t("Two Gaussian blobs"),
        "moons_circle": t("Two moons → a circle"),
        "eight_ring": t("8 Gaussians → a ring"),
    }[name]


def mode_label(name: str) -> str:
    return {"piles": t("1-D piles of earth"), "points": t("2-D weighted points")}[name]


# --------------------------------------------------------------------------------------------
# Cached computation (the science is in divergences.earth)


@st.cache_data(show_spinner=False, max_entries=64)
def solve(x: np.ndarray, y: np.ndarray, a: np.ndarray, b: np.ndarray):
    """The three plans, their costs, and W1 from :func:`wasserstein1` as the cross-check."""
    return compare_plans(x, y, a, b), wasserstein1(x, y, a, b)


# The 2-D animation draws at most this many clods (the heaviest): every clod of an optimal or
# north-west plan (at most n + m − 1 = 599), and all of the independent coupling up to 50 × 50
# points; its 300 × 300 = 90 000 clods made a 128 MB chart, over the websocket's 50 MB limit.
# (A comment, not a docstring: Streamlit would draw a bare string of a page script.)
MAX_CLODS_DRAWN = 2500


@st.cache_data(show_spinner=False, max_entries=64)
def moving_earth(plan: np.ndarray, x: np.ndarray, y: np.ndarray, max_clods: int | None = None):
    return displacement(plan, x, y, TIMES, max_clods=max_clods)


# --------------------------------------------------------------------------------------------
# Shared pieces of the two modes


# Shown instead of a number that would answer the page's question before the reveal.
HIDDEN = "?"


def cost_metrics(plans, w1: float, how_opt: str, numbers, plan_name: str, below,
                 hide: bool = False) -> None:
    """The key numbers beside the controls (W1 and, for another plan, that plan's cost), and
    every plan's cost in a strip below the experiment. ``hide``: the piles are the question's
    (the textbook piles) and the guess is not revealed yet: W1, and every number it can be read
    off (the north-west plan's cost, equal to it in 1-D; the saving against P⊗Q), show "?"."""
    opt = plans["optimal"].cost
    d_ind, r_ind = savings(opt, plans["independent"].cost)
    hidden = HIDDEN if hide else None
    key = [Metric(t("W1 = cost of the optimal plan"), opt, t("units"), how_opt, text=hidden)]
    if plan_name != "optimal":
        key.append(Metric(t("cost of the {plan}", plan=plan_label(plan_name)),
                          plans[plan_name].cost, t("units"),
                          t("Σ γᵢⱼ·dᵢⱼ of the plan drawn"),
                          text=hidden if plan_name == "north_west" else None))
    with numbers:
        metric_strip(key, per_row=1)
    with below:
        _cost_strip(plans, w1, how_opt, opt, r_ind, hidden)


def _cost_strip(plans, w1: float, how_opt: str, opt: float, r_ind: float,
                hidden: str | None = None) -> None:
    metric_strip([
        Metric(t("W1 = cost of the optimal plan"), opt, t("units"), how_opt, text=hidden),
        Metric(t("north-west-corner plan"), plans["north_west"].cost, t("units"),
               t("Σ γᵢⱼ·dᵢⱼ of the plan that fills the holes in their listed order"), text=hidden),
        Metric(t("independent coupling P⊗Q"), plans["independent"].cost, t("units"),
               t("Σ pᵢ·qⱼ·dᵢⱼ: every bit of earth spread over every hole")),
        Metric(t("optimal saves vs P⊗Q"), 100 * r_ind, "%",
               t("(cost of P⊗Q − W1) / cost of P⊗Q"), digits=1, text=hidden),
    ])
    if hidden is not None:
        st.caption(t("Costs are Σ γᵢⱼ·dᵢⱼ (mass × distance) with piles of total mass 1: the "
                     "average distance a bit of earth travels, in units."))
        return
    st.caption(t("Costs are Σ γᵢⱼ·dᵢⱼ (mass × distance) with piles of total mass 1: the average "
                 "distance a bit of earth travels, in units. Cross-check: wasserstein1 gives "
                 "{w:.4f} units.", w=w1))
    st.caption(t("The exact optimal transport plan is computed with POT (Python Optimal "
                 "Transport), a linear program solved by the network simplex."))


def savings_sentence(plans, one_d: bool, hide: bool = False) -> None:
    """What the optimal plan saves; ``hide`` (see :func:`cost_metrics`): only the waiting line."""
    if hide:
        st.caption(t("The optimal plan's cost and what it saves:") + " " + pending(pred, "more"))
        return
    opt = plans["optimal"].cost
    parts = []
    for name in ("north_west", "independent"):
        diff, rel = savings(opt, plans[name].cost)
        if diff <= 1e-9 * max(1.0, plans[name].cost):
            parts.append(t("costs the same as the {plan} ({c} units)", plan=plan_label(name),
                           c=fmt_value(plans[name].cost)))
        else:
            parts.append(t("is {d} units ({r:.1%}) cheaper than the {plan} ({c} units)",
                           d=fmt_value(diff), r=rel, plan=plan_label(name),
                           c=fmt_value(plans[name].cost)))
    st.markdown(t("**The optimal plan costs {w} units:** it {a}, and it {b}.",
                  w=fmt_value(opt), a=parts[0], b=parts[1]))
    nw_same = savings(opt, plans["north_west"].cost)[0] <= 1e-9 * max(1.0, opt)
    if one_d and nw_same:
        st.caption(t("In 1-D the north-west-corner rule (fill the holes left to right with the "
                     "earth taken left to right) is itself an optimal plan: earth never needs to "
                     "cross. That is why W1 in 1-D is the area between the CDFs below. In 2-D "
                     "there is no left-to-right order, and the north-west plan is usually far "
                     "from optimal: try the 2-D points."))


def moves_table(plan, labels_from, labels_to, x, y, hide: bool = False) -> None:
    """The plan's moves, largest mass first; ``hide`` (see :func:`cost_metrics`): without the
    cost column and its total (mass and distance stay: adding them up is the student's work)."""
    mv = plan_moves(plan, x, y, max_rows=MAX_TABLE_ROWS)
    columns = {
        t("from"): [labels_from[i] for i in mv.src],
        t("to"): [labels_to[j] for j in mv.dst],
        t("mass"): mv.mass,
        t("distance (units)"): mv.distance,
    }
    if not hide:
        columns[t("cost = mass × distance (units)")] = mv.cost
    df = pd.DataFrame(columns)
    st.dataframe(df, hide_index=True, width="stretch", height=min(38 + 35 * len(df), 420),
                 column_config={c: st.column_config.NumberColumn(format="%.4f")
                                for c in list(df.columns)[2:]})
    if mv.total > len(df):
        st.caption(t("The {k} largest of the plan's {n} moves, largest mass first.",
                     k=len(df), n=mv.total))
    elif hide:
        st.caption(t("All {n} moves, largest mass first.", n=mv.total))
    else:
        st.caption(t("All {n} moves, largest mass first; their costs add up to {c} units.",
                     n=mv.total, c=fmt_value(float(mv.cost.sum()))))


def forget(*keys: str) -> None:
    """Drop the edits of the data editors ``keys`` (a button callback: runs before the rerun)."""
    for k in keys:
        st.session_state.pop(k, None)


def show_notes(notes) -> None:
    for note in notes:
        st.warning(t_msg(note.message), icon=":material/info:")


def plan_picker(key: str) -> str:
    return url_select(t("Plan to draw"), key, PLAN_NAMES, "optimal", format_func=plan_label,
                      widget=st.radio, horizontal=True,
                      help=t("The heat map, the arrows, the table of moves and the animation "
                             "follow this plan."))


def arrows_caption(total: int) -> None:
    from app.figures_earth import MAX_ARROWS

    if total > MAX_ARROWS:
        st.caption(t("The {k} largest of the {n} moves are drawn.", k=MAX_ARROWS, n=total))


def digest(*arrays) -> str:
    """A short fingerprint of the student's data (so that new data gives fresh data editors)."""
    h = hashlib.sha1()
    for a in arrays:
        h.update(b"-" if a is None else np.ascontiguousarray(a, dtype=float).tobytes())
    return h.hexdigest()[:12]


def own_data(dims: int):
    """The student's own P and Q, side by side (None where the page's data is used)."""
    sfx = "" if dims == 1 else "2"
    a, b = st.columns(2, gap="medium")
    with a:
        mine_p = user_points(f"earth.p{sfx}", dims, role="P")
    with b:
        mine_q = user_points(f"earth.q{sfx}", dims, role="Q")
    return mine_p, mine_q


# --------------------------------------------------------------------------------------------
# The page


page_intro(
    t("3 · The earth mover"),
    t("Picture P and Q as two piles of earth. The Earth Mover distance W1 is the least average "
      "distance the earth must travel to reshape the pile P into the pile Q. There are countless "
      "ways to move it (moving plans); here you see several, their costs, and the optimal one, "
      "found by solving a linear program rather than by trying plans by hand. Edit the piles and "
      "watch the plan and its cost follow."),
)

ask, why, which = st.columns([5, 4, 3], gap="small")
with why:
    explain(
        t("**Piles and plans.** P puts mass pᵢ at position xᵢ, Q puts mass qⱼ at yⱼ. A moving plan "
          "is a matrix γ: γᵢⱼ is how much earth goes from xᵢ to yⱼ. Its rows must empty P exactly and "
          "its columns must fill Q exactly (its *marginals* are P and Q). Each plan has a cost, mass "
          "times distance summed over all moves. The notes say: there are many ways to shovel "
          "the earth; we look for the best plan, and its cost is the Earth Mover distance.\n\n"
          "**Found, not enumerated.** The plans form a polytope; the cheapest is found by linear "
          "programming (POT's network simplex here). Two easy plans for comparison: the independent "
          "coupling P⊗Q spreads every bit of earth over every hole, and the north-west-corner rule "
          "fills the holes in their listed order.\n\n"
          "**In 1-D** the cheapest plan moves the earth in order, so W1 is simply the area between "
          "the two cumulative distribution functions.\n\n"
          "**The earth moving.** Along a plan each clod γᵢⱼ travels in a straight line at constant "
          "speed; halfway (t = ½) the earth sits halfway. This is the displacement interpolation: "
          "a path from P to Q of length W1.\n\n"
          "**Why a GAN cares.** W1 keeps measuring how far the earth must go even when the piles do "
          "not overlap at all, exactly where JS is stuck at ln 2 (page 1)."),
        [r"W_1(P,Q)=\min_{\gamma\in\Pi(P,Q)}\ \sum_{i,j}\gamma_{ij}\,\lVert x_i-y_j\rVert",
         r"\Pi(P,Q)=\Big\{\gamma\ge 0:\ \textstyle\sum_j\gamma_{ij}=p_i,\ \sum_i\gamma_{ij}=q_j\Big\}",
         r"W_1(P,Q)=\int_{-\infty}^{\infty}\big|F_P(x)-F_Q(x)\big|\,dx\qquad(\text{1-D})",
         r"z_{ij}(t)=(1-t)\,x_i+t\,y_j,\qquad t\in[0,1]"],
    )

_xb, _pb, _qb = preset_piles("textbook", 5)
_book, _ = solve(_xb, _xb, _pb / _pb.sum(), _qb / _qb.sum())
with ask:
    pred = predict_then_reveal(
        "em.textbook_w1",
        t("The textbook piles: P = 1, 0, 2, 0, 1 shovelfuls and Q = 0, 2, 0, 2, 0 on bins one unit "
          "apart. What is W1, the least average distance a shovelful of earth must travel?"),
        kind="slider", range=(0.0, 3.0, 0.05), answer=_book["optimal"].cost, unit=t("units"),
        digits=2,
        explanation=t("Each of P's four shovelfuls has a hole one bin away (0→1, 2→1, 2→3, 4→3), so "
                      "the optimal plan moves every shovelful exactly one bin: W1 = {w} units. The "
                      "independent coupling P⊗Q spreads each shovelful over both holes and pays "
                      "{c} units, {r:.0%} more. The piles below start on this example: check it.",
                      w=fmt_value(_book["optimal"].cost), c=fmt_value(_book["independent"].cost),
                      r=_book["independent"].cost / _book["optimal"].cost - 1),
    )

with which:
    mode = url_select(t("What to move"), "em.mode", ("piles", "points"), "piles",
                      format_func=mode_label, widget=st.radio, horizontal=True)


def speed_picker(key: str) -> int:
    """How fast the earth-moving animation plays: milliseconds per frame."""
    speed = url_select(t("Animation speed"), key, tuple(FRAME_MS), "normal",
                       format_func=speed_label, widget=st.radio, horizontal=True)
    return FRAME_MS[speed]


def speed_label(name: str) -> str:
    return {"slow": t("slow (12 s)"), "normal": t("normal (6 s)"), "fast": t("fast (2 s)")}[name]


@st.fragment
def piles_part() -> None:
    left, right = experiment()
    below = st.container()
    with below:
        mine_p, mine_q = own_data(dims=1)
        how_binned = st.container()  # filled once the bins are known
        edit, anim = st.columns([1, 2], gap="medium")
    own, both = mine_p is not None or mine_q is not None, mine_p is not None and mine_q is not None
    with left:
        preset = url_select(t("Piles"), "em.preset", PRESETS_1D, "textbook",
                            format_func=preset_label, disabled=both, widget=st.radio,
                            help=t("Your own samples replace the preset's P or Q.") if own else None)
        fixed = preset == "textbook" and not both
        # The textbook example fixes 5 bins: its slider is not shown (but still run, so that a
        # link's bins apply when another preset is chosen).
        with st.container(key=GONE_PREFIX + "em_bins") if fixed else st.container():
            bins = url_slider(t("Number of bins"), "em.bins", MIN_BINS, MAX_BINS, 12, 1,
                              help=t("Your samples are counted in this many bins.") if both
                              else None)
        plan_name = plan_picker("em.plan")
        numbers = st.container()
        x0, p0, q0 = preset_piles(preset, bins)
        key = f"em.piles.{preset}.{len(x0)}"
        sb = None
        if own:
            sb = bin_samples(mine_p, mine_q, bins if both else len(x0))
            x0 = bin_positions(sb.n)
            p0 = sb.p if mine_p is not None else p0
            q0 = sb.q if mine_q is not None else q0
            key = f"em.piles.own.{sb.n}.{digest(mine_p, mine_q)}" + ("" if both else f".{preset}")
    with edit:
        st.markdown(t("**Edit the piles** bin by bin (any unit: each pile is scaled to total "
                      "mass 1). Add or delete rows to change the bins; at most {cap}.",
                      cap=MAX_BINS))
        table = st.data_editor(
            pd.DataFrame({"x": x0, "P": p0, "Q": q0}), key=key, num_rows="dynamic",
            hide_index=True, width="stretch", height=min(38 + 35 * (len(x0) + 1), 390),
            disabled=["x"],
            column_config={
                "x": st.column_config.NumberColumn(t("x (units)"), format="%d",
                                                   help=t("bin centre; bins are 1 unit wide")),
                "P": st.column_config.NumberColumn(t("P height"), format="%.2f"),
                "Q": st.column_config.NumberColumn(t("Q height"), format="%.2f"),
            })
        st.button(t("Reset the piles"), icon=":material/restart_alt:", on_click=forget,
                  args=(key,))
    if sb is not None:
        with how_binned:
            whose = (t("P's and Q's samples") if both else
                     t("P's samples") if mine_p is not None else t("Q's samples"))
            st.caption(t("Your data: {whose} are counted in {n} equal bins from {lo} to {hi} "
                         "(your units), each {w} wide; P and Q share these bins. Bin k sits at "
                         "x = k on this page, so distances here are in bins.",
                         whose=whose, n=sb.n, lo=f"{sb.edges[0]:.4g}", hi=f"{sb.edges[-1]:.4g}",
                         w=f"{sb.width:.4g}"))
            if not both:
                st.caption(t("The other pile keeps the preset's heights on the same {n} bins.",
                             n=sb.n))
    elif fixed:
        with left:
            st.caption(t("The textbook example always has 5 bins."))
    try:
        piles = check_piles(table["P"].tolist(), table["Q"].tolist())
    except PileError as err:
        right.error(t_msg(err), icon=":material/error:")
        return
    x, p, q = piles.x, piles.p, piles.q
    plans, w1 = solve(x, x, p, q)
    chosen = plans[plan_name]
    moves = plan_moves(chosen.plan, x, x)
    # The question's own piles, before the reveal: W1 and what gives it away wait (see cost_metrics)
    hide = not pred.revealed and is_textbook(x, p, q)
    hide_cost = hide and plan_name != "independent"
    with right:
        show_notes(piles.notes)
        title = (t("Moves of the {plan}", plan=plan_label(plan_name)) if hide_cost else
                 t("Moves of the {plan}: cost {c} units", plan=plan_label(plan_name),
                   c=fmt_value(chosen.cost)))
        spoken_chart(st, arrows_figure(x, p, q, moves, title, height=380),
                        width="stretch", key="em_arrows")
        arrows_caption(moves.total)
    cost_metrics(plans, w1, t("exact: POT's LP on the bins (network simplex)"), numbers,
                 plan_name, below, hide)
    with below:
        if sb is not None:
            own_units(sb, plans["optimal"].cost, mine_p, mine_q)
        savings_sentence(plans, one_d=True, hide=hide)
    with anim:
        frame_ms = speed_picker("em.speed")
        pos, mass = moving_earth(chosen.plan, x, x)
        s = x[0] - 0.5 + (np.arange(len(x) * PROFILE_SAMPLES) + 0.5) / PROFILE_SAMPLES
        spoken_chart(st, earth_animation_figure(
            s, earth_profile(pos, mass, s), TIMES, x, p, q,
            t("The earth moving along the {plan}", plan=plan_label(plan_name)),
            frame_ms=frame_ms), width="stretch", key="em_anim")
        st.caption(t("Press ▶ Play or drag the time slider: the animation runs in your browser. "
                     "Each clod γᵢⱼ (one bin wide) slides from xᵢ to xⱼ at constant speed."))

    with below:
        c1, c3 = st.columns(2, gap="medium")
        spoken_chart(c1, plan_heatmap_figure(
            chosen.plan, p, q, t("The plan γ: {plan}", plan=plan_label(plan_name)), rows=x,
            cols=x, row_title=t("from: position in P (units)"),
            col_title=t("to: position in Q (units)")), width="stretch", key="em_heat")
        c1.caption(t("Row sums are P (bars on the right), column sums are Q (bars on top): "
                     "every plan has these marginals. Each cell's mass travels |xᵢ − xⱼ| units."))
        cdf = cdf_area(x, p, q)
        spoken_chart(c3, cdf_figure(cdf, t("CDFs of P and Q: shaded area = W1") if hide else
                                   t("CDFs of P and Q: shaded area = {a} units = W1",
                                     a=fmt_value(cdf.area))),
                        width="stretch", key="em_cdf")
        if hide:
            c3.caption(t("Area between the CDFs and cost of the optimal plan:") + " "
                       + pending(pred, "more"))
        else:
            c3.caption(t("Area between the CDFs: {a} units; cost of the optimal plan: {w} units.",
                         a=fmt_value(cdf.area), w=fmt_value(plans["optimal"].cost)))
        st.markdown(t("**Table of moves** · {plan}", plan=plan_label(plan_name)))
        labels = [f"x = {v:g}" for v in x]
        moves_table(chosen.plan, labels, labels, x, x, hide=hide_cost)
        notice(t("The optimal plan moves each bit of earth only as far as it must; the "
                 "independent coupling sends a little of every bin to every hole and pays for it. "
                 "The optimal cost, the area between the CDFs and wasserstein1 are the same "
                 "number."))


def is_textbook(x: np.ndarray, p: np.ndarray, q: np.ndarray) -> bool:
    """Whether the piles drawn are the question's textbook piles (any scale: each pile is scaled
    to mass 1), whose W1 is the answer."""
    return (len(x) == len(_xb) and np.allclose(x, _xb) and np.allclose(p, _pb / _pb.sum())
            and np.allclose(q, _qb / _qb.sum()))


def own_units(sb, w1_bins: float, mine_p, mine_q) -> None:
    """W1 of the binned piles back in the units of the student's samples."""
    msg = t("In your data's units: W1 = {wb} bins × {w} (the bin width) = {wd}.",
            wb=fmt_value(w1_bins), w=f"{sb.width:.4g}", wd=fmt_value(w1_bins * sb.width))
    if mine_p is not None and mine_q is not None:
        msg += " " + t("Your samples themselves, unbinned, give W1 = {e} (exact, sorted samples); "
                       "the difference is what binning into {n} bins costs.",
                       e=fmt_value(wasserstein1(mine_p, mine_q)), n=sb.n)
    st.info(msg, icon=":material/straighten:")


def _points_frame(pts: np.ndarray, w: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"x": pts[:, 0], "y": pts[:, 1], "weight": w})


@st.fragment
def points_part() -> None:
    left, right = experiment()
    below = st.container()
    with below:
        mine_p, mine_q = own_data(dims=2)
        edit, anim = st.columns([1, 2], gap="medium")
    own, both = mine_p is not None or mine_q is not None, mine_p is not None and mine_q is not None
    with left:
        preset = url_select(t("Point sets"), "em.preset2d", PRESETS_2D, "handful",
                            format_func=preset_label, disabled=both, widget=st.radio,
                            help=t("Your own points replace the preset's P or Q.") if own else None)
        plan_name = plan_picker("em.plan2d")
        numbers = st.container()
    handful = preset == "handful"
    with edit:
        # The handful example fixes its points: the sliders that would change them are not shown.
        with st.container(key=GONE_PREFIX + "em_pts") if handful and not own else st.container():
            n = url_slider(t("Points per set"), "em.n", 3, MAX_POINTS, 40, 1, disabled=both)
            random_w = url_toggle(t("Random weights"), "em.randw", False, disabled=both,
                                  help=t("Weights drawn from a flat Dirichlet; otherwise equal."))
            seed = url_number(t("Seed"), "em.seed", 0, 9999, 0, 1,
                              help=t("Also picks which of your points are kept when you give "
                                     "more than {cap}.", cap=MAX_POINTS) if own else None)
        if handful and not own:
            st.caption(t("The handful example always has 3 points per set."))
        x0, a0, y0, b0 = preset_points(preset, n, seed, random_w)
        key = f"em.pts.{preset}.{len(x0)}.{seed}.{int(random_w)}"
        if own:
            for name, mine in (("P", mine_p), ("Q", mine_q)):
                if mine is None:
                    continue
                kept = subsample(mine, MAX_POINTS, seed)
                if name == "P":
                    x0, a0 = kept, np.ones(len(kept))
                else:
                    y0, b0 = kept, np.ones(len(kept))
                if len(kept) < len(mine):
                    st.caption(t("{name}: a random {k} of your {n} points (seed {s}): the page "
                                 "solves the plan for at most {cap} points per set.",
                                 name=name, k=len(kept), n=len(mine), s=seed, cap=MAX_POINTS))
            st.caption(t("Your points count equally (weight 1 each); edit the weights below."))
            key = f"em.pts.own.{digest(mine_p, mine_q)}.{seed}" + ("" if both else f".{key}")
        with st.expander(t("Edit the points (x, y, weight)"), expanded=handful and not own):
            st.caption(t("Weights in any unit (each set is scaled to total mass 1); add or "
                         "delete rows, at most {cap} points per set.", cap=MAX_POINTS))
            cfg = {
                "x": st.column_config.NumberColumn(t("x (units)"), format="%.3f"),
                "y": st.column_config.NumberColumn(t("y (units)"), format="%.3f"),
                "weight": st.column_config.NumberColumn(t("weight"), format="%.3f"),
            }
            st.markdown(t("**P** (earth to move)"))
            tp = st.data_editor(_points_frame(x0, a0), key=key + ".P", num_rows="dynamic",
                                hide_index=True, width="stretch", height=200, column_config=cfg)
            st.markdown(t("**Q** (holes to fill)"))
            tq = st.data_editor(_points_frame(y0, b0), key=key + ".Q", num_rows="dynamic",
                                hide_index=True, width="stretch", height=200, column_config=cfg)
            st.button(t("Reset the points"), icon=":material/restart_alt:", on_click=forget,
                      args=(key + ".P", key + ".Q"))
    try:
        sets = check_points(tp[["x", "y"]].to_numpy(dtype=object), tp["weight"].tolist(),
                            tq[["x", "y"]].to_numpy(dtype=object), tq["weight"].tolist())
    except PileError as err:
        right.error(t_msg(err), icon=":material/error:")
        return
    x, a, y, b = sets.x, sets.a, sets.y, sets.b
    plans, w1 = solve(x, y, a, b)
    chosen = plans[plan_name]
    moves = plan_moves(chosen.plan, x, y)
    with right:
        show_notes(sets.notes)
        spoken_chart(st, lines_figure(x, a, y, b, moves, t("Moves of the {plan}: cost {c} units",
                                                          plan=plan_label(plan_name),
                                                          c=fmt_value(chosen.cost)), height=420),
                        width="stretch", key="em_lines")
    cost_metrics(plans, w1, t("exact: POT's LP (network simplex), Euclidean distance"),
                 numbers, plan_name, below)
    with below:
        savings_sentence(plans, one_d=False)
    with anim:
        frame_ms = speed_picker("em.speed2d")
        pos, mass = moving_earth(chosen.plan, x, y, MAX_CLODS_DRAWN)
        spoken_chart(st, points_animation_figure(
            pos, mass, TIMES, x, y, t("The earth moving along the {plan}",
                                      plan=plan_label(plan_name)), frame_ms=frame_ms),
            width="stretch", key="em_anim2d")
        st.caption(t("Press ▶ Play or drag the time slider: the animation runs in your browser. "
                     "Each clod γᵢⱼ travels in a straight line from its P point to its Q point."))
        clods = int(np.count_nonzero(chosen.plan > 1e-12))
        if clods > len(mass):
            st.caption(t("This plan has {n} clods; the animation draws the {k} heaviest, which "
                         "carry {pct} % of the earth.", n=clods, k=len(mass),
                         pct=f"{100 * float(mass.sum()):.0f}"))
    with below:
        c2, c3 = st.columns(2, gap="medium")
        spoken_chart(c2, plan_heatmap_figure(
            chosen.plan, a, b, t("The plan γ: {plan}", plan=plan_label(plan_name)),
            row_title=t("from: P point # (listed order)"),
            col_title=t("to: Q point # (listed order)")), width="stretch", key="em_heat2d")
        c2.caption(t("The north-west plan walks the points in the order they are listed, "
                     "without looking at distances; the optimal plan looks at every distance."))
        with c3:
            st.markdown(t("**Table of moves** · {plan}", plan=plan_label(plan_name)))
            lp = [f"P #{i} ({u:.2f}, {v:.2f})" for i, (u, v) in enumerate(x)]
            lq = [f"Q #{j} ({u:.2f}, {v:.2f})" for j, (u, v) in enumerate(y)]
            moves_table(chosen.plan, lp, lq, x, y)
        notice(t("In 2-D the order of the points means nothing, so the north-west plan pays for "
                 "crossing lines; the optimal plan's lines do not cross. The LP finds it among "
                 "infinitely many plans."))


if mode == "points":
    points_part()
else:
    piles_part()

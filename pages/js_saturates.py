"""1 · JS saturates (1D): slide Q away from P; JS freezes at ln 2 once the supports are disjoint,
while W1 keeps growing by one unit per unit of θ. The student can use their own 1-D samples as P
and/or Q (uploaded or clicked; binned onto the page's cells, see divergences/empirical.py)."""

from typing import Any, NamedTuple

import numpy as np
import streamlit as st

from app import style
from app.byod import user_points
from app.figures_1d import (curves_at, curves_base, density_at, density_base, slopes_at,
                            slopes_base)
from app.i18n import current_lang, t
from app.labels import family_label
from app.predict import explain_after, notice_after, pending, predict_then_reveal
from app.state import snap_url_slider, url_select, url_slider
from app.ui import (Metric, advanced_controls, chart, csv_download, experiment,
                    fmt_value, layered_chart, lead_in, metric_strip, notice, page_intro,
                    shared_charts)
from divergences import LN2, Dist1D, slope, sweep_1d
from divergences.empirical import mid_cell, sample_axis, with_partner
from divergences.sweeps import aligned_grid

THETA_MAX = 4.0
THETA_STEP = 0.05
THETAS = np.round(np.arange(-THETA_MAX, THETA_MAX + 1e-9, THETA_STEP), 10)
GRID_CELLS = 2048  # about; the grid is aligned so that every θ step is a whole number of cells

PRESETS = {
    # name: (P family, P width, Q family, Q width, mixture separation)
    "uniforms": ("uniform", 1.0, "uniform", 1.0, 4.0),
    "gaussians": ("gaussian", 1.0, "gaussian", 1.0, 4.0),
    "points": ("point", 1.0, "point", 1.0, 4.0),
    "mixture": ("mixture", 0.4, "gaussian", 0.4, 4.0),
}
FAMILIES = ("uniform", "gaussian", "point", "mixture")


def preset_label(key: str) -> str:
    return {
        "uniforms": t("Uniforms that come apart"),
        "gaussians": t("Gaussians"),
        "points": t("Point masses"),
        "mixture": t("Two modes vs one (mode collapse)"),
        "custom": t("Custom (set below)"),
    }[key]


def _dists(pf: str, pw: float, qf: str, qw: float, sep: float, ps=None, qs=None):
    """P and Q (Q before its move), the grid, the offsets θ and their step.

    Built-in families: both centred at 0 on the page's grid, cell edges on every θ step, so that
    a uniform's ends sit on edges and Q moves by whole cells; a point mass is put in the middle
    of its cell (h/2 to the right of 0): exactly on an edge, rounding would decide which cell
    holds it. The student's samples ``ps``/``qs`` replace P/Q (their empirical distribution),
    binned on cells of a width that suits them, with offsets that reach the disjoint range (see
    :mod:`divergences.empirical`); a built-in partner is centred on the samples' mean."""
    if ps is None and qs is None:
        p0, q0 = Dist1D(pf, 0.0, pw, sep), Dist1D(qf, 0.0, qw, sep)
        grid = aligned_grid(p0, q0, THETAS, step=THETA_STEP, n=GRID_CELLS)
        p, q = (d.shifted(grid.h / 2) if d.family == "point" else d for d in (p0, q0))
        return p, q, grid, THETAS, THETA_STEP
    p0 = Dist1D.from_samples(ps) if ps is not None else Dist1D(pf, 0.0, pw, sep)
    q0 = Dist1D.from_samples(qs) if qs is not None else Dist1D(qf, 0.0, qw, sep)
    p0, q0 = with_partner(p0, q0)
    axis = sample_axis(p0, q0)
    return mid_cell(p0, axis.grid), mid_cell(q0, axis.grid), axis.grid, axis.thetas, axis.step


@st.cache_data(show_spinner=False, max_entries=64)
def page_sweep(pf: str, pw: float, qf: str, qw: float, sep: float, ps=None, qs=None):
    """The five curves over every slider position (``sw.offsets``), their slopes, and the grid
    (cached: a θ change only reads them)."""
    p, q, grid, thetas, _ = _dists(pf, pw, qf, qw, sep, ps, qs)
    sw = sweep_1d(p, q, thetas, grid=grid)
    return sw, slope(sw.js, thetas), slope(sw.w1, thetas)


def _density_x(grid, own: bool = False) -> np.ndarray:
    """Where the density chart is drawn: 600 points (about one a pixel: the chart is resent on
    every θ move, benchmarks/bench_ws_bytes.py), or (with the student's samples, drawn as a
    histogram of the page's cells) 8 points per cell, starting on the cell edges."""
    if own:
        return grid.lo + np.arange(8 * grid.n + 1) * (grid.h / 8)
    return np.linspace(grid.lo, grid.hi, 600)


def _y_max(sw, own: bool = False) -> float:
    """Top of the curves chart: W1's largest value plus room; bigger finite KLs leave the chart.
    With the student's data (whose W1 can be far larger than ln 2) at most 4 units plus room,
    so that JS stays readable: W1 then leaves the chart at the top."""
    top = max(float(np.max(sw.w1)), 1.0)
    return (min(top, 4.0) if own else top) * 1.15


@st.cache_data(show_spinner=False, max_entries=64)
def figure_bases(pf: str, pw: float, qf: str, qw: float, sep: float, lang: str,
                 presenting: bool, ps=None, qs=None) -> dict:
    """The three charts drawn once per setting (language and presentation mode in the key);
    a θ change only moves what depends on θ (see app/figures_1d.py)."""
    sw, d_js, d_w1 = page_sweep(pf, pw, qf, qw, sep, ps, qs)
    p, q, grid, thetas, _ = _dists(pf, pw, qf, qw, sep, ps, qs)
    own = ps is not None or qs is not None
    return {"density": density_base(p, q, _density_x(grid, own), height=340,
                                    grid=grid if own else None),
            "curves": curves_base(sw, _y_max(sw, own), height=400),
            "slopes": slopes_base(thetas, d_js, d_w1, sw.overlap)}


def _apply_preset() -> None:
    key = st.session_state.get("w.js.preset")
    if key in PRESETS:
        pf, pw, qf, qw, sep = PRESETS[key]
        st.session_state.update({"w.js.p_family": pf, "w.js.p_width": pw, "w.js.q_family": qf,
                                 "w.js.q_width": qw, "w.js.sep": sep})


def _to_custom() -> None:
    st.session_state["w.js.preset"] = "custom"


intro = st.container()  # the title and intro, written once the guess is known (below)
SLOPES = {
    "js0_w1": lambda: t("dJS/dθ = 0, while dW1/dθ = ±1"),
    "both0": lambda: t("Both are 0: neither changes any more"),
    "both1": lambda: t("Both are ±1: both keep growing steadily"),
    "js_grows": lambda: t("dJS/dθ grows with the distance, dW1/dθ stays ±1"),
}
ask, why = lead_in()
with ask:
    pred = predict_then_reveal(
        "js.slopes", t("Slide Q past the point where the supports stop overlapping. From there on, "
                       "what are the slopes dJS/dθ and dW1/dθ, the signal a gradient step on the "
                       "generator would get?"),
        kind="choice", options=list(SLOPES), format_func=lambda o: SLOPES[o](), answer="js0_w1",
        explanation=t("Once the supports are disjoint, JS = ln 2 whatever θ is: a flat line, so "
                      "dJS/dθ = 0 and the generator gets no gradient at all, even if its "
                      "distribution is much closer to the data than before (as the notes say: being "
                      "closer without overlapping counts the same as not being close at all, so it "
                      "cannot train). W1 = |θ| + const keeps growing, so dW1/dθ = ±1: it always "
                      "points the way back. The slope chart below shows both."),
    )
with intro:  # before the reveal, an intro that does not say what the slopes are
    page_intro(
        t("1 · JS saturates"),
        t("With the best possible discriminator, the original GAN minimises the Jensen–Shannon "
          "divergence between the data P and the generator's distribution Q. Here you slide Q away "
          "from P and watch what each measure of distance says. Once the two supports stop "
          "overlapping, JS is frozen at ln 2: it no longer changes with θ, so its gradient is zero "
          "and the generator learns nothing. The Earth Mover distance W1 keeps growing with the "
          "distance, so it always says which way to move.") if pred.revealed else
        t("With the best possible discriminator, the original GAN minimises the Jensen–Shannon "
          "divergence between the data P and the generator's distribution Q. Here you slide Q away "
          "from P and watch what JS and the Earth Mover distance W1 say, before and after the two "
          "supports stop overlapping."),
    )
with why:
    explain_after(
        pred,
        t("**The loss the generator sees.** For a fixed generator, the best discriminator is "
          "D*(x) = p_data(x) / (p_data(x) + p_G(x)). Put it into the GAN's value function and the "
          "generator's loss becomes C(G) = −log 4 + 2·JS(p_data‖p_G): minimising the loss means "
          "minimising JS, that is, pulling P_G toward P_data.\n\n"
          "**Why disjoint supports give ln 2.** JS compares each distribution with their average "
          "M = (P + Q)/2. If P and Q never overlap, then at every x one of them is zero: where "
          "Q(x) = 0, the term log(P/M) = log(P / (½P)) = log 2, and where P(x) = 0 the same happens "
          "with Q. So JS = ½·log 2 + ½·log 2 = log 2 ≈ 0.6931 nats, whatever the distance between "
          "them. A generator that is much closer to the data, but still not overlapping it, gets the "
          "same loss as one that is far away: the gradient is 0 and training stalls.\n\n"
          "**Why W1 does not saturate.** In 1D, W1 is the area between the two cumulative "
          "distribution functions; moving Q by θ moves every grain of its mass by θ, so W1 between "
          "a distribution and its translate is exactly |θ|: its slope is ±1 everywhere.\n\n"
          "**KL is worse.** KL(P‖Q) is +∞ as soon as P puts mass where Q has none: no usable "
          "number at all."),
        formulas=[
            r"C(G) = \max_D V(G, D) = -\log 4 + 2\,\mathrm{JS}(P_{\text{data}}\,\|\,P_G)",
            r"\mathrm{JS}(P\|Q) = \tfrac12\,\mathrm{KL}\!\left(P \,\middle\|\, \tfrac{P+Q}{2}\right)"
            r" + \tfrac12\,\mathrm{KL}\!\left(Q \,\middle\|\, \tfrac{P+Q}{2}\right),\qquad "
            r"\mathrm{KL}(P\|Q) = \mathbb{E}_P\!\left[\log \tfrac{P}{Q}\right]",
            r"\text{disjoint supports:}\quad \log\frac{P(x)}{\tfrac12 P(x) + 0} = \log 2"
            r"\;\Rightarrow\; \mathrm{JS} = \log 2,\quad \frac{d\,\mathrm{JS}}{d\theta} = 0",
            r"W_1(P, Q) = \int_{-\infty}^{\infty} \lvert F_P(x) - F_Q(x) \rvert\,dx,\qquad "
            r"W_1(P, P(\cdot - \theta)) = \lvert\theta\rvert",
        ],
        title=t("Why? The argument in a few lines"),
    )


@st.fragment
def lab() -> None:
    controls, main = experiment()
    with controls:
        preset = url_select(t("Preset"), "js.preset", (*PRESETS, "custom"), "uniforms",
                            format_func=preset_label, on_change=_apply_preset)
        slider_spot = st.container()
        numbers = st.container()
    start = PRESETS.get(preset, PRESETS["uniforms"])
    # Everything that is read before the slider is drawn (the settings, the student's data) is
    # drawn below the experiment.
    below = st.container()
    secondary = below.container()
    with below:
        lower = st.columns([2, 3])
        notes = st.container()
    width_help = t("σ for a Gaussian or for each mode of a mixture; the full width for a "
                   "uniform; a point mass has no width.")
    with below, advanced_controls(t("Choose P and Q yourself (families and widths)"),
                                  key="js_custom"):
        cp, cq, cs = st.columns(3)
        with cp:
            pf = url_select(t("Family of P"), "js.p_family", FAMILIES, start[0],
                            format_func=family_label, on_change=_to_custom)
            pw = url_slider(t("Width of P (units)"), "js.p_width", 0.1, 3.0, start[1], 0.1,
                            on_change=_to_custom, disabled=pf == "point", help=width_help)
        with cq:
            qf = url_select(t("Family of Q"), "js.q_family", FAMILIES, start[2],
                            format_func=family_label, on_change=_to_custom)
            qw = url_slider(t("Width of Q (units)"), "js.q_width", 0.1, 3.0, start[3], 0.1,
                            on_change=_to_custom, disabled=qf == "point", help=width_help)
        with cs:
            sep = url_slider(t("Distance between the two modes of a mixture (units)"), "js.sep",
                             1.0, 6.0, start[4], 0.5, on_change=_to_custom,
                             disabled="mixture" not in (pf, qf))
    with below:
        mine = st.columns(2)
        with mine[0]:
            ps = user_points("js.p", dims=1, role="P")
        with mine[1]:
            qs = user_points("js.q", dims=1, role="Q")
    own = ps is not None or qs is not None
    args = (pf, float(pw), qf, float(qw), float(sep), ps, qs)
    p, q, g, thetas, step = _dists(*args)
    with notes:
        if own:
            _describe_own(p, q, ps, qs, g, pf, qf)
    sw, d_js, d_w1 = page_sweep(*args)
    pf_on, qf_on = p.family, q.family  # "empirical" for the student's samples
    with notes:
        if not own:
            st.caption(t("P = {p}, centred at 0; Q = {q}, centred at θ.", p=family_label(pf),
                         q=family_label(qf)))
    theta_view(Spots(slider_spot, numbers, secondary, main, lower[0], lower[1]), args, p, q, g,
               thetas, step, (sw, d_js, d_w1))
    with notes:
        st.caption(t("Shaded: the θ where P and Q share no mass at all. A dotted line on the top "
                     "edge of the upper panel marks KL = ∞ (no finite value exists there); a "
                     "finite KL larger than the panel leaves it at the top."))
        if "mixture" in (pf_on, qf_on) and pf_on != qf_on and not own:
            st.caption(t("Mode collapse in numbers: put Q on one mode of P (θ = ±{c:g}). KL(Q‖P) "
                         "is then small (ln 2 when the widths match: Q just misses half of P), "
                         "while KL(P‖Q) is huge (P's other mode sits where Q has almost nothing). "
                         "The two KLs punish missing a mode and making bad samples very "
                         "differently.", c=sep / 2))
        table = {"theta": thetas, "JS (nats)": sw.js, "KL(P||Q) (nats)": sw.kl_pq,
                 "KL(Q||P) (nats)": sw.kl_qp, "TV": sw.tv, "W1 (units)": sw.w1}
        if pred.revealed:  # the slopes only once the answer is out
            table.update({"dJS/dtheta": d_js, "dW1/dtheta": d_w1})
        csv_download(table, f"js-saturates-{pf_on}-{qf_on}.csv",
                     t("Download the curves over θ (CSV)"), key="js.csv")


class Spots(NamedTuple):
    """Where :func:`theta_view` draws, laid out by :func:`lab`."""

    slider: Any
    numbers: Any
    secondary: Any
    main: Any
    density: Any
    slopes: Any


@st.fragment
def theta_view(spots: Spots, args: tuple, p, q, g, thetas, step: float, sweep: tuple) -> None:
    """Everything that changes with θ: the slider, the numbers, the three charts and what to
    notice. Its own fragment: a θ move (the student's, or a class following its teacher's,
    app/classroom/following.py) reruns only this, not the settings and the student's data."""
    pf, pw, qf, qw, sep, ps, qs = args
    own = ps is not None or qs is not None
    sw, d_js, d_w1 = sweep  # page_sweep(*args), computed by lab()
    tmax = float(thetas[-1])
    with spots.slider:
        snap_url_slider("js.theta", -tmax, tmax, step)
        theta = url_slider(t("Offset θ of Q (units)"), "js.theta", -tmax, tmax,
                           0.0 if own else 0.5, step,
                           help=t("Q is moved by θ along the x axis; P stays put."))
    i = int(np.clip(round((theta + tmax) / step), 0, thetas.size - 1))
    js, w1 = float(sw.js[i]), float(sw.w1[i])
    if own:
        grid_how = t("exact for the histograms: the samples binned onto {n} cells of width "
                     "{h:g} units (each sample's weight goes to the cell that holds it)",
                     n=g.n, h=float(f"{g.h:.6g}"))
        w1_how = t("area between the two CDFs of the binned data; within one cell width "
                   "({h:g} units) of the exact W1 of the samples", h=float(f"{g.h:.6g}"))
    else:
        grid_how = t("exact for P and Q discretised on {n} cells of width {h:g} units",
                     n=g.n, h=round(g.h, 6))
        w1_how = t("area between the two CDFs; exact on this grid")
    with spots.numbers:
        metric_strip([
            Metric(t("JS divergence"), js, t("nats"), grid_how),
            Metric(t("W1 (Earth Mover)"), w1, t("units"), w1_how),
        ], per_row=1)
    with spots.secondary:
        metric_strip([
            Metric(t("TV distance"), float(sw.tv[i]), "",
                   t("½Σ|P − Q|, a probability (no unit); ") + grid_how),
            Metric(t("KL(P‖Q)"), float(sw.kl_pq[i]), t("nats"),
                   t("∞ when P has mass where Q has none; ") + grid_how),
            Metric(t("KL(Q‖P)"), float(sw.kl_qp[i]), t("nats"),
                   t("∞ when Q has mass where P has none; ") + grid_how),
            Metric(t("GAN loss C(G) with the optimal D"), 2.0 * (js - LN2) + 0.0, t("nats"),
                   t("C(G) = −log 4 + 2·JS: at most 0, reached exactly when JS = ln 2")),
        ])

    presenting = bool(getattr(style, "is_presenting", lambda: False)())
    th = float(thetas[i])

    def build():
        bases = figure_bases(pf, float(pw), qf, float(qw), float(sep), current_lang(),
                             presenting, ps, qs)
        return (*curves_at(bases["curves"], sw, th, i, _y_max(sw, own)),
                density_at(bases["density"], p, q, _density_x(g, own), th,
                           grid=g if own else None),
                *slopes_at(bases["slopes"], d_js, d_w1, th, i))

    # built once per setting for every session (a class following the teacher); never shared
    # with the student's own data
    curves, curves_layer, density, slopes, slopes_layer = shared_charts(
        None if own else ("js", pf, float(pw), qf, float(qw), float(sep), i, current_lang(),
                          presenting), build)
    with spots.main:
        layered_chart(curves, curves_layer, "js_curves")
    with spots.density:
        chart(density, "js_density")
    with spots.slopes:
        if pred.revealed:
            layered_chart(slopes, slopes_layer, "js_slopes")
            slope_how = t("central difference of the curve over θ ± {d:g}",
                          d=float(f"{step:.6g}"))
            sa, sb = st.columns(2)
            sa.metric(t("dJS/dθ"), _fmt_slope(d_js[i], t("nats/unit")), help=slope_how,
                      border=True)
            sb.metric(t("dW1/dθ"), _fmt_slope(d_w1[i], t("units/unit")), help=slope_how,
                      border=True)
            st.caption(t("A gradient step on the generator moves θ in proportion to the slope of "
                         "its loss. A slope of 0 means no step at all, however far Q still is "
                         "from P."))
        else:  # the slopes are the answer to the page's question: read them off the curves
            with st.container(border=True):
                st.markdown("**" + t("The slopes dJS/dθ and dW1/dθ") + "**")
                st.caption(pending(pred, "more"))

    with spots.numbers:
        if not pred.revealed:  # every sentence below says what the slopes are
            notice_after(pred, "", t("Move θ and watch how JS and W1 change, while Q overlaps P and "
                                  "once it no longer does."))
        elif sw.overlap[i] <= 0 and own:
            notice(t("P and Q share no cell of the grid at this θ: JS = ln 2 ≈ {ln2:.4f} nats and "
                     "dJS/dθ = 0, so the GAN loss gives no direction, while W1 = {w1:.4f} units "
                     "and dW1/dθ = {s:+.2f}: it still says how far Q is and which way to go.",
                     ln2=LN2, w1=w1, s=float(d_w1[i]) + 0.0))
        elif sw.overlap[i] <= 0:
            notice(t("P and Q are disjoint at this θ: JS = ln 2 ≈ {ln2:.4f} nats and dJS/dθ = 0, "
                     "so the GAN loss is stuck at its maximum 0 and gives no direction, while "
                     "W1 = {w1:.4f} units and dW1/dθ = {s:+.0f}: it still says how far Q is and "
                     "which way to go.", ln2=LN2, w1=w1, s=float(np.sign(d_w1[i]))))
        elif (sw.overlap <= 0).any():
            notice(t("P and Q still overlap here, so JS can still change. Slide θ until the "
                     "shaded region starts: from there on JS is a flat line at ln 2 ≈ {ln2:.4f} "
                     "nats and its slope is 0, while W1 keeps growing at slope ±1.", ln2=LN2))
        else:
            notice(t("Gaussian tails never end, so here P and Q always share a little mass: "
                     "nothing is shaded and JS never quite reaches ln 2. But slide Q a few widths "
                     "away and JS flattens out just below ln 2 ≈ {ln2:.4f} nats, its slope fading "
                     "toward 0, while W1 keeps a slope of ±1 all the way.", ln2=LN2))


def _describe_own(p, q, ps, qs, grid, pf: str, qf: str) -> None:
    """Say what P and Q are when the student's samples are used, and how they are binned."""
    if ps is not None and qs is not None:
        st.caption(t("P = your {n} samples; Q = your {m} samples, moved by θ.", n=len(ps),
                     m=len(qs)))
    elif ps is not None:
        st.caption(t("P = your {n} samples; Q = {q}, centred at their mean {c:.4g}, moved by θ.",
                     n=len(ps), q=family_label(qf), c=float(np.mean(ps))))
    else:
        st.caption(t("P = {p}, centred at the mean {c:.4g} of your samples; Q = your {m} "
                     "samples, moved by θ.", p=family_label(pf), c=float(np.mean(qs)),
                     m=len(qs)))
    st.caption(t("Samples have no density, so they are binned: each sample's weight goes to the "
                 "cell of width {h:g} units that holds it, and JS, KL and TV compare the two "
                 "histograms (drawn as bars). θ moves Q by whole cells, and its range reaches "
                 "the offsets where the histograms no longer share any cell.",
                 h=float(f"{grid.h:.6g}")))


def _fmt_slope(v: float, unit: str) -> str:
    return fmt_value(v, 4, signed=True, unit=unit)


lab()

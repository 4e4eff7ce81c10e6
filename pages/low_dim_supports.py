"""2 · Thin supports in 2D: two point sets on low-dimensional supports (Arjovsky's parallel lines by
default). Exact W1 grows with the offset while the exact JS is ln 2 for every offset ≠ 0; binning
hides that, and sampling makes overlap rarer still. The student's own 2-D points can be P and/or Q
(at most 500 each: a seeded subsample otherwise; see divergences/userdata_2d.py)."""

import numpy as np
import streamlit as st

from app import style
from app.byod import user_points
from app.figures_2d import offsets_at, offsets_base, sampling_figure, scatter_at, scatter_base
from app.predict import explain_after, notice_after, predict_then_reveal
from app.i18n import current_lang, t
from app.state import snap_url_slider, url_number, url_select, url_slider, url_toggle
from app.ui import (Metric, advanced_controls, chart, csv_download, experiment,
                    layered_chart, lead_in, metric_strip, notice, page_intro)
from divergences import LN2, sample_2d
from divergences.supports import (atom_divergences, binned, grid_bounds, moved, offset_curves,
                                  sampling_overlap, w1_and_matching, w1_curve)
from divergences.userdata_2d import capped, halves, offset_range

THETA_MAX = 1.0
THETA_STEP = 0.01
THETAS = np.round(np.arange(-THETA_MAX, THETA_MAX + 1e-9, THETA_STEP), 10)
W1_THETAS = np.round(np.arange(-THETA_MAX, THETA_MAX + 1e-9, 0.1), 10)
MAX_POINTS = 500  # the exact solver's time grows roughly like n³: ~7 ms at 300, ~50 ms at 500
DEFAULT_POINTS = 300
COARSE_BINS = 21  # odd: P's mean x sits in the middle of a column
FINE_BINS = 201
SAMPLING_BINS = (5, 11, 21, 51, 101, 201, 501, 1001, 1999)
SETS = ("lines", "circle", "blob", "moons")


def set_label(key: str) -> str:
    return {"lines": t("Parallel lines (Arjovsky's Example 1)"), "circle": t("Circle"),
            "blob": t("Gaussian blob"), "moons": t("Two moons")}[key]


def grid_text(bins: int, bounds) -> str:
    (x0, x1), (y0, y1) = bounds
    return t("{b}×{b} bins over [{x0:.2f}, {x1:.2f}] × [{y0:.2f}, {y1:.2f}] (cells {wx:.3f} × "
             "{wy:.3f} units)", b=bins, x0=x0, x1=x1, y0=y0, y1=y1, wx=(x1 - x0) / bins,
             wy=(y1 - y0) / bins)


def offset_axis(theta_max: float):
    """The slider's offsets θ (201 of them) and the 21 where the exact W1 curve is solved."""
    if theta_max == THETA_MAX:
        return THETAS, W1_THETAS, THETA_STEP
    k = np.arange(-100, 101)
    return k * (theta_max / 100), k[::10] * (theta_max / 100), theta_max / 100


@st.cache_data(show_spinner=False, max_entries=32)
def point_sets(name: str, n: int, seed: int, own: bool, up=None, uq=None):
    """P, the points Q is made of (P's own points, or a second sample), the binning bounds and
    the largest offset θ. The student's points ``up``/``uq`` (at most MAX_POINTS of each, a
    seeded subsample otherwise) replace P and the points of Q; with ``up`` and no ``uq``, Q is
    P's points moved."""
    x = capped(up, MAX_POINTS, seed)[0] if up is not None else sample_2d(name, n, seed)
    if uq is not None:
        y = capped(uq, MAX_POINTS, seed + 1)[0]
    elif own and up is None:
        y = sample_2d(name, n, np.random.default_rng([seed, 1]))
    else:
        y = x
    tmax = THETA_MAX if up is None and uq is None else offset_range(x, y)
    return x, y, grid_bounds(x, y, tmax), tmax


@st.cache_data(show_spinner=False, max_entries=512)
def at_theta(name: str, n: int, seed: int, own: bool, theta: float, rot: float, bins: int,
             up=None, uq=None):
    x, y0, bounds, _ = point_sets(name, n, seed, own, up, uq)
    y = moved(y0, theta, rot)
    w1, pairs = w1_and_matching(x, y)
    b = binned(x, y, bins, bounds)
    return {"y": y, "w1": w1, "pairs": pairs, "js": b["js"], "tv": b["tv"],
            "shared": b["shared_bins"], "occupied": b["p_bins"],
            "exact": atom_divergences(x, y)}


@st.cache_data(show_spinner=False, max_entries=32)
def curves(name: str, n: int, seed: int, own: bool, rot: float, fine: bool, up=None, uq=None):
    x, y0, bounds, tmax = point_sets(name, n, seed, own, up, uq)
    thetas, w1_thetas, _ = offset_axis(tmax)
    out = {"coarse": offset_curves(x, y0, thetas, rot, COARSE_BINS, bounds, exact=True),
           "w1": w1_curve(x, y0, w1_thetas, rot)}
    if fine:
        out["fine"] = offset_curves(x, y0, thetas, rot, FINE_BINS, bounds)
    return out


@st.cache_data(show_spinner=False, max_entries=32)
def sampling(name: str, n: int, seed: int, up=None):
    """Two samples of one set, binned ever finer: the built-in set twice, or the student's
    points split at random into two halves."""
    if up is not None:
        x, _, bounds, _ = point_sets(name, n, seed, False, up)
        return sampling_overlap(*halves(x, seed), SAMPLING_BINS, bounds)
    x, _, bounds, _ = point_sets(name, n, seed, False)
    other = sample_2d(name, n, np.random.default_rng([seed, 2]))
    return sampling_overlap(x, other, SAMPLING_BINS, bounds)


@st.cache_data(show_spinner=False, max_entries=32)
def figure_bases(name: str, n: int, seed: int, own: bool, rot: float, fine: bool, lang: str,
                 presenting: bool, up=None, uq=None, revealed: bool = True) -> dict:
    """The charts drawn once per setting (language and presentation mode in the key); a θ change
    only adds Q, the matching, the θ line and the dots (see app/figures_2d.py). Before the
    reveal (``revealed=False``) the offsets chart leaves out the exact JS curve, the answer."""
    x, _, bounds, tmax = point_sets(name, n, seed, own, up, uq)
    bins = FINE_BINS if fine else COARSE_BINS
    c = curves(name, n, seed, own, rot, fine, up, uq)
    return {
        "scatter": scatter_base(x, bounds, bins, t("P (blue), Q (orange) and the optimal "
                                                   "matching"), height=420),
        "offsets": offsets_base(c["coarse"], offset_axis(tmax)[1], c["w1"],
                                f"{COARSE_BINS}×{COARSE_BINS}", c.get("fine"),
                                f"{FINE_BINS}×{FINE_BINS}", exact_js=revealed),
        "sampling": sampling_figure(sampling(name, n, seed, up), [bins]),
    }


intro = st.container()  # the title and intro, written once the guess is known (below)

ask, why = lead_in()
with ask:
    pred = predict_then_reveal(
        "lds.lines_js", t("Two parallel lines only 0.1 apart: what is the exact JS divergence between "
                          "them?"),
        kind="choice", options=["small", "between", "ln2"],
        format_func=lambda o: {"small": t("Close to 0: the lines are nearly on top of each other"),
                               "between": t("Somewhere between 0 and ln 2"),
                               "ln2": t("Exactly ln 2")}[o],
        answer="ln2",
        explanation=t("The two lines share no point at all, so wherever one has mass the other has "
                      "none: JS = ln 2 (and TV = 1, KL = ∞) for every offset θ ≠ 0, however small, "
                      "while W1 = |θ| = 0.1. Only binning the points into a coarse grid makes the "
                      "two lines look as if they overlapped."),
    )
with intro:  # before the reveal, an intro that does not say what JS is
    page_intro(
        t("2 · Thin supports in 2D"),
        t("Real data such as images fills only a thin, low-dimensional sliver (a manifold) of the "
          "space it lives in, and so does what a generator produces. Two thin sets almost never "
          "overlap, and that is exactly the case where JS is stuck at ln 2. Here the two sets are "
          "curves and blobs in the plane: move Q sideways and compare the exact Earth Mover "
          "distance with JS, computed exactly and after binning the points into a grid.")
        if pred.revealed else
        t("Real data such as images fills only a thin, low-dimensional sliver (a manifold) of the "
          "space it lives in, and so does what a generator produces. Here the two sets are curves "
          "and blobs in the plane: move Q sideways and compare the exact Earth Mover distance with "
          "JS, computed exactly and after binning the points into a grid."),
    )
with why:
    explain_after(
        pred,
        t("**Why thin supports do not overlap.** A line has no area in the plane, a surface no "
          "volume in space; two such sets in general position meet in a set of probability zero, "
          "if at all. On the part of space where both distributions live there is no mass to "
          "compare, so JS = ln 2, KL = ∞ and TV = 1, whatever the distance between them.\n\n"
          "**Arjovsky's Example 1.** Let Z ~ U[0, 1], P₀ the distribution of (0, Z) (a vertical "
          "segment) and P_θ that of (θ, Z), the same segment moved by θ. For every θ ≠ 0 the two "
          "segments are disjoint, so the divergences jump to their maximum as soon as θ leaves 0 "
          "and stay there, while W1 = |θ| shrinks smoothly to 0 as the segments approach: only W1 "
          "gives a gradient that pulls P_θ onto P₀.\n\n"
          "**Binning and sampling.** On a computer the distributions are samples. If we bin them "
          "into a coarse grid, nearby points land in the same cell and the binned JS comes out "
          "smaller than ln 2: the grid, not the data, creates the overlap. With finer bins, even "
          "two independent samples of the *same* distribution stop sharing cells: sampling makes "
          "overlap rarer still."),
        formulas=[
            r"W(P_0, P_\theta) = \lvert\theta\rvert,\qquad"
            r"\mathrm{JS}(P_0 \| P_\theta) = \begin{cases} \log 2 & \theta \ne 0 \\ 0 & \theta = 0"
            r"\end{cases},\qquad \mathrm{KL}(P_\theta \| P_0) = \begin{cases} +\infty & \theta \ne 0"
            r"\\ 0 & \theta = 0 \end{cases},\qquad \delta(P_0, P_\theta) = \begin{cases} 1 & "
            r"\theta \ne 0 \\ 0 & \theta = 0 \end{cases}",
        ],
        title=t("Why? The argument in a few lines"),
    )


@st.fragment
def lab() -> None:
    controls, main = experiment()
    with controls:
        name = url_select(t("Point sets"), "low.dataset", SETS, "lines", format_func=set_label)
        c2 = st.container()
        numbers = st.container()
    below = st.container()
    secondary = below.container()
    with below:
        lower = st.columns([3, 2])
        notes = st.container()
    with lower[1]:
        rot = url_slider(t("Rotation of Q (degrees)"), "low.rotation", 0, 180, 0, 5,
                         help=t("Q is turned about its own centre before it is moved."))
        fine = url_toggle(t("Finer grid ({b}×{b} bins instead of {c}×{c})", b=FINE_BINS,
                            c=COARSE_BINS), "low.fine", False,
                          help=t("Bin the points into a much finer grid: the binned JS gets "
                                 "closer to the exact one."))
    with below:
        mine = st.columns(2)
        with mine[0]:
            up = user_points("low.p", dims=2, role="P", bounds=(-1.5, 1.5))
        with mine[1]:
            uq = user_points("low.q", dims=2, role="Q", bounds=(-1.5, 1.5))
        user = up is not None or uq is not None
        with advanced_controls(t("More settings: points, seed, sampling"), key="low_more"):
            d1, d2, d3 = st.columns([3, 2, 3])
            with d1:
                n = url_slider(t("Points per set (at most {m})", m=MAX_POINTS), "low.n", 50,
                               MAX_POINTS, DEFAULT_POINTS, 10, disabled=up is not None,
                               help=t("Capped at {m}: the exact solver's time grows roughly like "
                                      "n³ (about 7 ms at 300 points, 50 ms at 500).", m=MAX_POINTS))
            with d2:
                seed = url_number(t("Seed"), "low.seed", 0, 9999, 0, 1)
            with d3:
                own = url_toggle(t("Q is its own sample"), "low.own", False, disabled=user,
                                 help=t("Off: Q is P's own points, moved (Example 1: the same Z). "
                                        "On: Q is a second, independent sample."))

    n, seed, rot = int(n), int(seed), float(rot)
    own = bool(own) and not user
    data = (name, n, seed, own)
    x, y0, bounds, tmax = point_sets(*data, up, uq)
    thetas, w1_thetas, step = offset_axis(tmax)
    with c2:
        snap_url_slider("low.theta", -tmax, tmax, step)
        theta = url_slider(t("Horizontal offset θ of Q (units)"), "low.theta", -tmax, tmax,
                           0.3 if tmax == THETA_MAX else 0.0, step,
                           help=t("Q is moved by θ along x (after its rotation)."))
    if user:
        with notes:
            _describe_own(up, uq, x, y0, seed, tmax)
    i = int(np.clip(round((theta + tmax) / step), 0, thetas.size - 1))
    theta = float(thetas[i])
    bins = FINE_BINS if fine else COARSE_BINS
    now = at_theta(*data, theta, rot, bins, up, uq)
    c = curves(*data, rot, fine, up, uq)
    grid_how = grid_text(bins, bounds)

    exact_how = t("each point an atom, no binning; {k} points in common",
                  k=now["exact"]["shared_points"])
    w1_how = (t("network simplex (POT) on {n} + {m} points, Euclidean cost", n=len(x),
                m=len(y0)) if user else
              t("network simplex (POT) on {n} + {n} points, Euclidean cost", n=n))
    with numbers:
        metric_strip([
            Metric(t("W1, exact"), now["w1"], t("units"), w1_how),
            Metric(t("JS of the point sets, exact"), now["exact"]["js"], t("nats"), exact_how),
        ], per_row=1)
    with secondary:
        metric_strip([
            Metric(t("TV of the point sets, exact"), now["exact"]["tv"], "",
                   t("no unit; ") + exact_how),
            Metric(t("JS binned"), now["js"], t("nats"), grid_how),
            Metric(t("TV binned"), now["tv"], "", t("no unit; ") + grid_how),
            Metric(t("Bins shared"), float(now["shared"]), t("of {m}", m=now["occupied"]),
                   t("bins holding points of both P and Q, out of those holding points of P"),
                   digits=0),
        ])

    presenting = bool(getattr(style, "is_presenting", lambda: False)())
    bases = figure_bases(*data, rot, fine, current_lang(), presenting, up, uq, pred.revealed)
    with main:
        chart(scatter_at(bases["scatter"], x, now["y"], now["pairs"]), "low_scatter")
    dots = {t("W1, exact (POT)"): (now["w1"], "W1"),
            t("JS binned, {g}", g=f"{bins}×{bins}"): (now["js"], "JS")}
    with lower[0]:
        layered_chart(*offsets_at(bases["offsets"], theta, dots), "low_offsets")
    with notes:
        st.caption(t("JS and TV binned on {grid}. The exact JS treats every point as an atom.",
                     grid=grid_how))

        moved_by = abs(theta) > 0 or (rot % 360) != 0 or own or uq is not None
        if not pred.revealed:  # every sentence below says what the exact JS is
            notice_after(pred, "", t("Move θ and compare the exact W1 with JS, exact and "
                                     "binned, for small and large offsets."))
        elif name == "lines" and not own and not user and rot == 0 and theta != 0:
            half = (bounds[0][1] - bounds[0][0]) / bins / 2
            if now["js"] < now["exact"]["js"] - 1e-9:
                why = t("Here the binned JS is only {js:.4f} nats: both lines fall into the same "
                        "column of bins, so binning hides the gap. Turn on the finer grid and the "
                        "binned JS reaches ln 2 at much smaller θ.", js=now["js"])
            else:
                why = t("The binned JS agrees here, because the lines sit in different columns of "
                        "bins. Try |θ| < {h:.3f}: both lines then fall into one column and the binned "
                        "JS drops to 0 although the lines are still apart; the finer grid shrinks "
                        "that blind zone.", h=half)
            notice(t("The two segments never share a point, so the exact JS of two different lines "
                     "is ln 2 ≈ {ln2:.4f} nats for every θ ≠ 0, however small, while W1 = |θ| = "
                     "{w1:.4f} units.", ln2=LN2, w1=now["w1"]) + " " + why)
        elif moved_by:
            notice(t("Exact JS = {js:.4f} nats: the two point sets share {k} points, so JS sits at or "
                     "near its ceiling ln 2 whatever the distance, while W1 = {w1:.4f} units still "
                     "measures how far Q must move.", js=now["exact"]["js"],
                     k=now["exact"]["shared_points"], w1=now["w1"]))
        else:
            notice(t("At θ = 0 with no rotation Q is P itself: every divergence is 0. Move θ by a "
                     "single step and watch the exact JS jump to ln 2 while W1 grows from 0."))

        cc = c["coarse"]
        table = {"theta": cc["offsets"], "JS exact (nats)": cc["js_exact"],
                 f"JS binned {COARSE_BINS}x{COARSE_BINS} (nats)": cc["js"],
                 f"TV binned {COARSE_BINS}x{COARSE_BINS}": cc["tv"]}
        if fine:
            table[f"JS binned {FINE_BINS}x{FINE_BINS} (nats)"] = c["fine"]["js"]
        w1_at = dict(zip(np.round(w1_thetas, 9), c["w1"]))
        table["W1 exact (units)"] = [w1_at.get(round(float(v), 9), np.nan) for v in cc["offsets"]]
        csv_download(table, f"thin-supports-{'yours' if user else name}.csv",
                     t("Download the curves over θ (CSV)"), key="low.csv")

    st.subheader(t("Sampling makes overlap rarer still"))
    if not pred.revealed:  # "binned JS climbs toward ln 2 when no cell is shared": the answer
        st.markdown(t("Two samples of the **same** set, binned on the same box with more and more "
                      "bins per axis: with coarse bins they look alike; watch what happens to their "
                      "shared bins and their binned JS as the bins get finer."))
    elif up is not None:
        st.markdown(t("Your points for P, split at random into two halves ({n} points each): two "
                      "samples of the **same** set, binned on the same box with more and more "
                      "bins per axis. With coarse bins the halves look alike; with fine bins they "
                      "hardly share a cell, and their binned JS climbs toward ln 2 although "
                      "nothing separates them.", n=len(x) // 2))
    else:
        st.markdown(t("Two independent samples of the **same** distribution ({what}, {n} points "
                      "each), binned on the same box with more and more bins per axis. With "
                      "coarse bins they look alike; with fine bins they hardly share a cell, and "
                      "their binned JS climbs toward ln 2 although nothing separates the "
                      "distributions.", what=set_label(name), n=n))
    s = sampling(name, n, seed, up)
    sl, sr = st.columns([3, 1])
    with sl:
        chart(style.fast_figure(bases["sampling"]), "low_sampling")
    with sr:
        st.metric(t("Shared bins at {b}×{b}", b=int(s["bins"][-1])),
                  f"{100 * s['shared_fraction'][-1]:.0f} %",
                  help=t("of the bins holding a point of the first sample"), border=True)
        st.metric(t("JS binned at {b}×{b}", b=int(s["bins"][-1])),
                  f"{s['js'][-1]:.4f} " + t("nats"), border=True)
        st.metric(t("JS binned at {b}×{b}", b=int(s["bins"][0])),
                  f"{s['js'][0]:.4f} " + t("nats"), border=True)


def _describe_own(up, uq, x, y0, seed: int, tmax: float) -> None:
    """Say what P and Q are made of when the student's points are used."""
    if up is not None and uq is not None:
        st.caption(t("P = your {n} points; Q = your {m} points, turned by the rotation and moved "
                     "by θ (at θ = 0 with no rotation: exactly as given).", n=len(x), m=len(y0)))
    elif up is not None:
        st.caption(t("P = your {n} points; Q = the same points, turned by the rotation and moved "
                     "by θ.", n=len(x)))
    else:
        st.caption(t("P = the page's point set; Q = your {m} points, turned by the rotation and "
                     "moved by θ (at θ = 0 with no rotation: exactly as given).", m=len(y0)))
    for mine, kept, who in ((up, x, "P"), (uq, y0, "Q")):
        if mine is not None and len(mine) > len(kept):
            st.caption(t("You gave {k} points for {who}; the exact solver takes at most {m} per "
                         "set, so the page uses {m} of them, drawn at random (seed {s}).",
                         k=len(mine), who=who, m=MAX_POINTS, s=seed))
    st.caption(t("θ runs over ±{tmax:g} units here: about half the size of the box that holds "
                 "your points, so the shift is visible at their scale.", tmax=tmax))


lab()

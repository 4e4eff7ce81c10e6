"""4 · The critic: a weight-clipped network learns W1 through the Kantorovich–Rubinstein dual."""


import numpy as np
import streamlit as st

from app.byod import user_points
from app.figures_critic import (critic_1d_figure, critic_2d_figure, fmt_sig, layer_norms_figure,
                                sweep_critic_figure, sweep_scatter_figure, training_figure,
                                weights_figure)
from app.predict import notice_after, pending, predict_then_reveal
from app.i18n import t
from app.labels import dataset_label, family_label
from app.state import url_number, url_select, url_slider
from app.ui import GONE_PREFIX, advanced_controls, chart, experiment, explain, lead_in, notice, page_intro
from divergences import DATASETS, FAMILIES, Dist1D
from divergences.critic import (MAX_OWN_1D, MAX_OWN_2D, CriticConfig, Problem1D, Problem2D,
                                critic_sweep, estimated_seconds, own_samples, train_critic)
from divergences.critic_defaults import (COMPARE_C, DATASET, FAMILY, SWEEP_1D, SWEEP_2D,
                                         THETA_1D, THETA_2D, WIDTH, page_plan, shipped_result,
                                         shipped_sweep)

C_CHOICES = ("0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1")
LAM_CHOICES = ("1", "10", "100")
LR_CHOICES = ("default", "0.0001", "0.0005", "0.001", "0.002", "0.005", "0.01", "0.02")
WIDTH_CHOICES = ("8", "16", "32", "64", "128")
BATCH_CHOICES = ("64", "256", "1024")
# The defaults, the offsets of the sweep and the time budgets of the runs live in
# divergences/critic_defaults.py, whose build trains this page's default critics ahead of time.


# ---- cached training (a run is a pure function of its settings; reruns are instant) -----------
# The default settings' critics are shipped with the app (divergences/critic_defaults.py): they
# are rebuilt from their parameters in milliseconds; any other setting is trained here.


def _bar(label: str):
    """A progress bar in a slot that the caller empties; returns (slot, update(done, total))."""
    slot = st.empty()
    bar = slot.progress(0.0, text=label)
    shown = [0.0]

    def update(done: int, total: int) -> None:
        frac = done / total
        if frac - shown[0] >= 0.05 or done == total:
            shown[0] = frac
            bar.progress(frac, text=label)

    return slot, update


@st.cache_data(show_spinner=False, max_entries=200)
def trained(problem, config: CriticConfig, _label: str):
    shipped = shipped_result(problem, config)
    if shipped is not None:
        return shipped
    slot, update = _bar(_label)
    res = train_critic(problem, config, on_progress=update)
    slot.empty()
    return res


@st.cache_data(show_spinner=False, max_entries=50)
def swept(problem, offsets: tuple, config: CriticConfig, _label: str):
    shipped = shipped_sweep(problem, offsets, config)
    if shipped is not None:
        return shipped
    slot, update = _bar(_label)
    sw = critic_sweep(problem, np.asarray(offsets), config, on_progress=update)
    slot.empty()
    return sw


# ---- text ----------------------------------------------------------------------------------

page_intro(
    t("4 · The critic"),
    t("The Earth Mover distance has a second face. Instead of searching for the cheapest plan, "
      "search for the best *critic*: a function f that is high where P lives and low where Q "
      "lives, but not too steep. WGAN lets a neural network be that critic and trains it on "
      "samples. Here you train one, live, and compare what it learned with the exact answer."),
)

ask, why = lead_in()
with ask:
    pred = predict_then_reveal(
        "critic.disjoint", t("Once P and Q no longer overlap and JS is stuck at ln 2, what does a "
                             "trained critic's estimate do as Q moves further away?"),
        kind="choice", options=["flat", "grows"],
        format_func=lambda o: {"flat": t("It stays flat, like JS"),
                               "grows": t("It keeps growing with the distance")}[o],
        answer="grows",
        explanation=t("The critic estimates K·W1, and W1 keeps growing linearly with the distance "
                      "whether or not the supports overlap: that is the signal WGAN gives the "
                      "generator. The offset sweep below shows it."),
    )
with why:
    explain(
        t("**The Kantorovich–Rubinstein dual.** W1 is also the largest gap E_P f − E_Q f that a "
          "1-Lipschitz function f can open between P and Q. 1-Lipschitz means f is smooth enough: it "
          "never changes faster than the distance travelled. A steeper f could open any gap it "
          "likes, and the \"distance\" would be infinite.\n\n"
          "**The clipped critic.** A neural network f_w is K-Lipschitz for some K if its weights are "
          "bounded, so WGAN clips every weight (and bias) into [−c, c] after every update. K depends "
          "on c and on the network, and nobody knows it exactly; so the critic's best gap is about "
          "K·W1, not W1. That is enough for training a generator: a constant factor does not change "
          "which way is downhill. Here we measure K (the steepest slope of f over a dense grid and "
          "the samples) and divide by it.\n\n"
          "**The exact answer in 1D.** The best 1-Lipschitz f climbs with slope +1 where Q's CDF is "
          "ahead of P's and falls with slope −1 where P's is ahead, and its gap is exactly W1.\n\n"
          "**The modern fix.** WGAN-GP drops clipping and instead penalises the critic when its "
          "gradient norm strays from 1 on points between P and Q (weight λ), trained with Adam as in "
          "that paper. Its estimate is compared with W1 directly."),
        formulas=[
            r"W_1(P, Q) \;=\; \sup_{\|f\|_L \le 1}\; \mathbb{E}_{x\sim P}[f(x)] - "
            r"\mathbb{E}_{x\sim Q}[f(x)]",
            r"|f(x_1) - f(x_2)| \le K\,|x_1 - x_2| \qquad K \approx \max_x \|\nabla_x f_w(x)\|",
            r"\max_{|w_i| \le c}\; \mathbb{E}_P[f_w] - \mathbb{E}_Q[f_w] "
            r"\;\approx\; K(c)\cdot W_1(P, Q)",
            r"f^{*\prime}(x) = \operatorname{sign}\big(F_Q(x) - F_P(x)\big) \;\Rightarrow\; "
            r"\mathbb{E}_P f^* - \mathbb{E}_Q f^* = \int |F_P - F_Q|\,dx = W_1",
            r"L_{GP} = \mathbb{E}_Q[f] - \mathbb{E}_P[f] + \lambda\,\mathbb{E}_{\hat x}"
            r"\big[(\|\nabla f(\hat x)\| - 1)^2\big]",
        ],
    )


# ---- controls ------------------------------------------------------------------------------


def method_name(m: str) -> str:
    return {"clip": t("weight clipping (WGAN, RMSProp)"),
            "gp": t("gradient penalty (WGAN-GP, Adam)")}.get(m, m)


def own_data(ndim: int):
    """The student's own P and Q as Samples (None where the page's data is used), with a caption
    when a large set was cut to the cap. Outside the form: uploading or drawing reruns at once."""
    sfx = "" if ndim == 1 else "2"
    cap = MAX_OWN_1D if ndim == 1 else MAX_OWN_2D
    out = []
    for col, name in zip(st.columns(2, gap="medium"), ("p", "q")):
        with col:
            mine = user_points(f"critic.{name}{sfx}", ndim, role=name.upper())
            if mine is None:
                out.append(None)
                continue
            smp, given = own_samples(mine, ndim)
            if smp.n < given:
                st.caption(t("The critic uses a random {k} of your {n} points (seed 0): the cap "
                             "for {d}-D data on this page.", k=smp.n, n=given, d=ndim))
            out.append(smp)
    if out[0] is not None or out[1] is not None:
        st.caption(t("With your data the critic trains on batches drawn from your points with "
                     "replacement (seeded); E f over your points is the mean of f over all of "
                     "them, and the exact W1 is between your points and the other distribution "
                     "(sorted samples in 1D, POT in 2D)."))
    return out[0], out[1]


def live_controls(dim: str, mine_q: bool, here, there):
    """The offset θ (in ``here``) and the Lipschitz constraint (in ``there``), outside the form:
    moving them retrains at once (the default settings' critics at every θ and for both
    constraints ship with the app, divergences/critic_defaults.py, so they show at once).
    Returns (θ, method)."""
    with here:
        theta = _theta_slider(dim, mine_q)
    with there:
        method = url_select(t("Lipschitz constraint"), "critic.method", ("clip", "gp"), "clip",
                            format_func=method_name, widget=st.radio)
    return (0.0 if mine_q else theta), method


def _theta_slider(dim: str, mine_q: bool) -> float:
    if dim == "1d":
        theta = url_slider(t("Offset θ of Q (units)"), "critic.theta", *THETA_1D,
                           disabled=mine_q,
                           help=t("Your own Q is used where it is; the sweep below "
                                  "moves it.") if mine_q else None)
    else:
        theta = url_slider(t("Offset θ of Q along x (units)"), "critic.theta2", *THETA_2D,
                           disabled=mine_q,
                           help=t("Your own Q is used where it is; the sweep below "
                                  "moves it.") if mine_q else None)
    return theta


def controls(dim: str, own_p=None, own_q=None, theta: float = 0.0, method: str = "clip"):
    """The settings form; returns (problem, problem at offset 0 for the sweep, offset, config).
    ``own_p``/``own_q``: the student's Samples used as P/Q instead of the families (data sets);
    the student's Q is used where it is (θ = 0), and the sweep moves it by θ. ``theta`` and
    ``method`` come from :func:`live_controls`; the form shows the clip value c only for
    weight clipping and λ only for the gradient penalty (the other is kept for the link)."""
    mine_q = own_q is not None
    with st.form("critic.form", border=True):
        left, right = st.columns(2)
        with left:
            own = own_p is not None or mine_q
            if dim == "1d":
                st.markdown(t("**P and Q on a line.** Your data replaces the family it stands "
                              "for; your own Q stays where it is.") if own else
                            t("**P and Q on a line.** P sits at 0; Q is moved by θ."))
                pf = url_select(t("Family of P"), "critic.p", FAMILIES, FAMILY,
                                format_func=family_label, disabled=own_p is not None)
                qf = url_select(t("Family of Q"), "critic.q", FAMILIES, FAMILY,
                                format_func=family_label, disabled=mine_q)
                width = url_slider(t("Width σ (or full width) of both (units)"), "critic.sigma",
                                   0.1, 2.0, WIDTH, 0.1,
                                   disabled=own_p is not None and mine_q,
                                   help=t("σ of a Gaussian, full width of a uniform, σ of each "
                                          "mode of the mixture (modes 4 units apart)."))
                p = own_p if own_p is not None else Dist1D(pf, 0.0, width)
                q0 = own_q if mine_q else Dist1D(qf, 0.0, width)
                problem = Problem1D(p, q0.shifted(theta))
                base = Problem1D(p, q0)
            else:
                st.markdown(t("**P and Q in the plane.** Your points replace the data set they "
                              "stand for; your own Q stays where it is.") if own else
                            t("**P and Q in the plane.** Q is moved by θ along x."))
                pn = url_select(t("Data set P"), "critic.p2", DATASETS, DATASET,
                                format_func=dataset_label, disabled=own_p is not None)
                qn = url_select(t("Data set Q"), "critic.q2", DATASETS, DATASET,
                                format_func=dataset_label, disabled=mine_q)
                problem = Problem2D(pn, qn, (theta, 0.0), p_samples=own_p, q_samples=own_q)
                base = Problem2D(pn, qn, (0.0, 0.0), p_samples=own_p, q_samples=own_q)
        with right:
            st.markdown(t("**The critic.**"))
            with st.container(key=GONE_PREFIX + "critic_c") if method != "clip" else st.container():
                c = float(url_select(t("Clip value c (weight clipping)"), "critic.c", C_CHOICES,
                                     "0.1", widget=st.select_slider,
                                     help=t("Every weight and bias is clipped into [−c, c] after "
                                            "every step. The WGAN paper used 0.01 with much "
                                            "wider networks.")))
            with st.container(key=GONE_PREFIX + "critic_lam") if method != "gp" else st.container():
                lam = float(url_select(t("Penalty weight λ (gradient penalty)"), "critic.lam",
                                       LAM_CHOICES, "10", widget=st.select_slider))
            steps = url_slider(t("Critic steps"), "critic.steps", 50, 3000, 300, 50)
            with advanced_controls(t("Network and optimiser"), key="critic"):
                width_n = int(url_select(t("Hidden units per layer"), "critic.width",
                                         WIDTH_CHOICES, "32"))
                depth = url_slider(t("Hidden layers"), "critic.depth", 1, 6, 3, 1)
                lr = url_select(t("Learning rate"), "critic.lr", LR_CHOICES, "default",
                                format_func=lambda v: t("default (5e-3 clip, 2e-3 GP)")
                                if v == "default" else v)
                batch = int(url_select(t("Batch size (points of P and of Q per step)"),
                                       "critic.batch", BATCH_CHOICES, "256"))
                seed = url_number(t("Seed"), "critic.seed", 0, 9999, 0, 1)
        st.form_submit_button(t("Train the critic"), type="primary", key="critic.train",
                              icon=":material/play_arrow:")
        st.caption(t("Changes in this box apply when you press “Train the critic”; the offset "
                     "θ and the constraint above apply at once."))
    cfg = CriticConfig(method=method, width=width_n, depth=int(depth), steps=int(steps),
                       batch=batch, clip=c, lam=lam, lr=None if lr == "default" else float(lr),
                       seed=int(seed))
    return problem, base, theta, cfg


def show_metrics(items, per_row: int | None = None) -> None:
    """A metric strip whose numbers keep 4 significant digits (K can be 1e-6 or 1e3); the unit
    goes in the label, so that the number fits its box. ``per_row``: metrics a row."""
    n = per_row or len(items)
    for start in range(0, len(items), n):
        cols = st.columns(n)
        for col, (label, value, how) in zip(cols, items[start:start + n]):
            col.metric(label, fmt_sig(value), help=how, border=True)


# ---- the lab -------------------------------------------------------------------------------


@st.fragment
def lab() -> None:
    left, main = experiment()
    below = st.container()
    with left:
        dim = url_select(t("Where do P and Q live?"), "critic.dim", ("1d", "2d"), "1d",
                         format_func=lambda d: t("on a line (1D)") if d == "1d"
                         else t("in the plane (2D)"), widget=st.radio, horizontal=True)
        ndim = 1 if dim == "1d" else 2
        live = st.container()
        numbers = st.container()
        constraint = st.container()
    with below:
        settings = st.container()
        own_p, own_q = own_data(ndim)
    theta, method = live_controls(dim, own_q is not None, live, constraint)
    try:
        with settings:
            problem, base, theta, cfg = controls(dim, own_p, own_q, theta, method)
            plan = page_plan(cfg, ndim)
            cap = plan.main.steps
            if cap < cfg.steps:
                st.warning(t("{n} steps of this network would take about {s} s on this server; "
                             "training {m} steps instead. Use a smaller network or batch for "
                             "more steps.", n=cfg.steps, s=f"{estimated_seconds(cfg, ndim):.0f}",
                             m=cap), icon=":material/timer:")
                cfg = plan.main
        with main:
            res = trained(problem, cfg, t("Training the critic…"))
    except ValueError as exc:
        main.error(t("These settings cannot be trained: {why}", why=str(exc)),
                   icon=":material/error:")
        return

    is_clip = cfg.method == "clip"
    with numbers:
        show_metrics([
            (t("Critic estimate (units × K)"), res.estimate,
             t("E_P f − E_Q f of the trained critic, computed exactly: cell masses on a grid in "
               "1D, the held-out points in 2D.")),
            (t("Measured K (slope)"), res.lipschitz,
             t("The largest gradient norm ‖∇f‖ over a dense grid and the samples.")),
            (t("Estimate ÷ K (units)"), res.ratio,
             t("Comparable with W1: the gap of the critic rescaled to slope 1.")),
            (t("Exact W1 (units)"), res.w1,
             t("1D: ∫|F_P − F_Q| dx on the grid; 2D: POT's exact solver on the same points.")),
        ], per_row=2)
    with main:
        if res.dim == 1:
            chart(critic_1d_figure(res, problem.p, problem.q, height=360), "critic_f")
        else:
            chart(critic_2d_figure(res, height=400), "critic_heatmap")
    with below:
        _verdict(res, cfg, is_clip)
        if res.dim == 1:
            st.caption(t("Only the critic's values where P or Q has mass count: there f / K "
                         "(black, shifted by a constant, which changes nothing) should lie on "
                         "f* (green). Outside, any continuation with slope at most 1 opens the "
                         "same gap."))
        else:
            st.caption(t("Light is high, dark is low. The best 1-Lipschitz critic rises with "
                         "slope 1 along the directions in which the earth of Q must move to "
                         "reach P."))
        _, right = st.columns([1, 2])
    with right:
        chart(training_figure(res), "critic_training")
        st.caption(t("{n} steps, batch {b}, {w}×{d} ReLU network, learning rate {lr}, seed {s}.",
                     n=cfg.steps, b=cfg.batch, w=cfg.width, d=cfg.depth,
                     lr=f"{cfg.learning_rate:g}", s=cfg.seed))
        with st.expander(t("These settings and the papers'")):
            st.markdown(t(
                "| | here (default) | paper |\n|---|---|---|\n"
                "| critic | 3 hidden layers of 32 ReLU | 3 × 512 (WGAN-GP toy code) |\n"
                "| clip c | 0.1 | 0.01 (WGAN) |\n"
                "| RMSProp learning rate | 5e-3 | 5e-5 (WGAN) |\n"
                "| penalty λ, optimiser | 10, Adam 2e-3, β = (0.5, 0.9) | 10, Adam 1e-4, "
                "β = (0.5, 0.9) (WGAN-GP) |\n"
                "| batch, steps | 256, 300 | 64, thousands |\n\n"
                "Why: a run here must finish in about a second on a small CPU. A clipped layer's "
                "gain grows like c × width, so a critic 16 times narrower needs a larger c; a "
                "larger learning rate brings the weights to ±c in tens of steps instead of "
                "thousands. Inputs are rescaled to [−1, 1] first, as images are for WGAN, and "
                "the last layer starts at zero so that every critic starts flat."))
    with below:
        _rest(problem, base, theta, cfg, plan, res, own_p, own_q)


def _verdict(res, cfg, is_clip: bool) -> None:
    """How the trained critic did, in a sentence."""
    if res.w1 < 1e-9:
        st.info(t("P and Q are the same distribution here: W1 = 0, and the best critic is any "
                  "constant. Move Q away to give the critic something to measure."),
                icon=":material/info:")
    elif not res.learned:
        st.warning(t("The critic stayed flat (K ≈ {k}): with these settings almost no gradient "
                     "reaches the weights, so it learned nothing. Try a larger clip value c, "
                     "fewer layers or the gradient penalty.", k=fmt_sig(res.lipschitz, 2)),
                   icon=":material/warning:")
    elif is_clip and res.ratio < 0.8 * res.w1:
        st.warning(t("This critic opens only {pct} % of the gap that the best 1-Lipschitz critic "
                     "would open. A critic is trained, not solved, and weight clipping leaves "
                     "the network few shapes to choose from (the WGAN-GP paper's complaint). Try "
                     "another seed, more steps or the gradient penalty.",
                     pct=fmt_sig(100 * res.ratio / res.w1, 2)), icon=":material/warning:")
    elif not is_clip and res.estimate < 0.8 * res.w1:
        why = t("This critic opens only {pct} % of the gap that the best 1-Lipschitz critic "
                "would open. A critic is trained, not solved: it is stuck in a local optimum. "
                "Try another seed or weight clipping.", pct=fmt_sig(100 * res.estimate / res.w1, 2))
        if res.dim == 1:
            why += " " + t("In 1D the penalty makes a critic whose slope has the wrong sign "
                           "somewhere pay λ to turn round, since turning means passing through "
                           "slope 0.")
        st.warning(why, icon=":material/warning:")
    elif is_clip:
        st.caption(t("Weight clipping: estimate ÷ K = {r} units against W1 = {w} units "
                     "({pct} %). Every parameter stayed within ±{c} (largest |w| seen: {m}).",
                     r=fmt_sig(res.ratio), w=fmt_sig(res.w1),
                     pct=fmt_sig(100 * res.ratio / res.w1, 3), c=f"{cfg.clip:g}",
                     m=fmt_sig(float(res.max_abs_param.max()), 3)))
    else:
        st.caption(t("Gradient penalty: the estimate {e} itself is compared with W1 = {w} units "
                     "({pct} %). For a straight optimal critic the penalised optimum has slope "
                     "1 + W1/(2λ), so it overshoots W1 by that factor ({f} here).",
                     e=fmt_sig(res.estimate), w=fmt_sig(res.w1),
                     pct=fmt_sig(100 * res.estimate / res.w1, 3),
                     f=fmt_sig(1 + res.w1 / (2 * cfg.lam), 3)))


def _rest(problem, base, theta, cfg, plan, res, own_p, own_q) -> None:
    """Below the experiment: the clip value and what it costs, and the offset sweep."""
    # ---- the clip c ------------------------------------------------------------------------
    st.subheader(t("The clip value c and what it costs"))
    words = st.empty()  # the sentence quotes the runs below, so it is written after them
    clip_res = trained(problem, plan.clip, t("Training the clipped critic…"))
    gp_res = trained(problem, plan.gp, t("Training the gradient-penalty critic…"))
    runs = [(t("clip c = {c}", c=f"{c:g}"), trained(problem, cc, t("Training with c = {c}…",
                                                                     c=f"{c:g}")))
            for c, cc in zip(COMPARE_C, plan.compare)]
    big = runs[-1][1]
    words.markdown(t("Small c: the weights pile up at ±c, K becomes tiny and the gradient fades "
                     "layer by layer on its way back to the input (it vanishes). Large c: K "
                     "grows with c and the gradient grows layer by layer on its way back (it "
                     "explodes). Even at c = {c}, {share} % of this critic's parameters sit at "
                     "±c (measured K = {k}, table below): the clip still shapes the network. The "
                     "gradient penalty keeps the gradient steady without clipping anything.",
                     c=f"{COMPARE_C[-1]:g}", share=fmt_sig(100 * big.share_at_clip(), 2),
                     k=fmt_sig(big.lipschitz, 3)))
    runs.append((t("gradient penalty λ = {lam}", lam=f"{cfg.lam:g}"), gp_res))
    hist, norms = st.columns(2)
    with hist:
        chart(weights_figure(clip_res, gp_res), "critic_weights")
        st.caption(t("{share} % of the clipped critic's parameters sit at ±c = ±{c}.",
                     share=fmt_sig(100 * clip_res.share_at_clip(), 3), c=f"{cfg.clip:g}"))
    with norms:
        chart(layer_norms_figure(runs), "critic_layers")
        st.caption(t("Geometric mean over the last quarter of training of the gradient of the "
                     "critic loss with respect to each layer's input (the WGAN-GP paper's "
                     "Figure 1b, on a small network)."))
    st.dataframe(
        [{t("critic"): label, t("measured K"): fmt_sig(r.lipschitz, 3),
          t("estimate ÷ K (units)"): fmt_sig(r.ratio, 4),
          t("exact W1 (units)"): fmt_sig(r.w1, 4),
          t("parameters at ±c"): (f"{100 * r.share_at_clip():.0f} %"
                                  if r.config.method == "clip" else "–")}
         for label, r in runs],
        hide_index=True, width="stretch")

    # ---- the sweep -------------------------------------------------------------------------
    st.subheader(t("Does the critic's estimate follow W1 as Q moves?"))
    if not pred.revealed:  # the estimate over every offset is the answer to the page's question
        st.caption(t("One critic trained at each offset θ, its estimate drawn against W1 and "
                     "JS.") + " " + pending(pred, "more"))
        notice_after(pred, "", t("Clipping buys a critic with a K you do not control: look how "
                                 "many weights sit exactly at ±c. Move θ above and watch the "
                                 "critic's estimate."))
        return
    offsets = SWEEP_1D if res.dim == 1 else SWEEP_2D
    sweep_cfg = plan.sweep
    sw = swept(base, offsets, sweep_cfg,
               t("Training one critic per offset ({n} offsets)…", n=len(offsets)))
    a, b = st.columns(2)
    with a:
        chart(sweep_critic_figure(sw, theta), "critic_sweep")
    with b:
        chart(sweep_scatter_figure(sw), "critic_sweep_scatter")
    how = t("A fresh critic for each of the {n} offsets, {s} steps each, same settings and "
            "seed. Raw estimates against W1: correlation r = {r} (1 would be a perfect line); the "
            "slope of the fitted line is the critics' typical K.", n=len(offsets),
            s=sweep_cfg.steps, r=fmt_sig(sw.correlation, 4))
    if own_q is not None:
        how += " " + t("θ moves your own Q from where it is (θ = 0) along x.")
    if res.dim == 1 and (own_p is not None or own_q is not None):
        how += " " + t("With your samples, JS is that of 40-bin histograms over the sweep's "
                       "range (two sets of samples never share a point, so their exact JS is "
                       "always ln 2).")
    if res.dim == 2:
        how += " " + t("In 2D, JS is that of 30 × 30 histograms of the points, and W1 is exact "
                       "(POT) between the points.")
    st.caption(how)
    notice(t("Where P and Q are practically disjoint (shared mass < 0.1 %), JS sits at ln 2 "
             "whatever θ is, but the critic's "
             "estimate keeps growing with W1, so a generator trained against it always knows "
             "which way to move. Clipping buys that with a K you do not control: look how many "
             "weights sit exactly at ±c."))


lab()

"""5 · The generator's gradient: minimax log(1 − D), −log D and the WGAN critic, with the optimal
discriminator, with a discriminator trained k steps, and the KL asymmetry behind mode collapse."""

import numpy as np
import streamlit as st

from app.figures_gradients import (discriminator_figure, fmt_gradient, gradient_sweep_at,
                                   gradient_sweep_layers, kl_integrand_figure, ksteps_figure,
                                   ksteps_js_figure)
from app.predict import notice_after, pending, predict_then_reveal
from app.i18n import current_lang, t
from app.style import fast_figure, is_presenting
from app.state import url_select, url_slider
from app.ui import chart, experiment, fmt_value, layered_chart, lead_in, notice, page_intro
from divergences import Dist1D
from divergences.gradients import (DEFAULT_CHECKPOINTS, asymmetry_cases, asymmetry_grid,
                                   clean_cell_masses, generator_gradients, gradient_grid,
                                   kl_integrand, optimal_discriminator, train_discriminator_steps)

THETA_MAX = 10.0
THETA_STEP = 0.05
OFFSETS = np.round(np.arange(0.0, THETA_MAX + 1e-9, THETA_STEP), 10)
CELLS_PER_UNIT = 100  # h = 0.01: the slopes are accurate to ~1e-9 (O(h⁴)); offsets fall on edges

FAMILIES = {
    "gaussian": Dist1D("gaussian", loc=0.0, width=1.0),
    "uniform": Dist1D("uniform", loc=0.5, width=1.0),
}

# The k-steps experiment: (family, θ) per setup.
K_SETUPS = {"uniform-2": ("uniform", 2.0), "gaussian-6": ("gaussian", 6.0),
            "gaussian-1": ("gaussian", 1.0)}


def pair_label(name: str) -> str:
    """The radio label of one of the page's pairs of 1-D distributions (P, Q_θ); not
    app.labels.family_label, which names a single distribution family."""
    return {"gaussian": t("Gaussians: P = N(0, 1), Q_θ = N(θ, 1) (tails always overlap)"),
            "uniform": t("Uniforms: P = U[0, 1], Q_θ = U[θ, θ + 1] (disjoint for θ ≥ 1)")}[name]


def k_setup_label(name: str) -> str:
    return {"uniform-2": t("Disjoint uniforms, θ = 2"),
            "gaussian-6": t("Gaussians far apart, θ = 6"),
            "gaussian-1": t("Overlapping Gaussians, θ = 1")}[name]


# --------------------------------------------------------------------------------------------
# Cached computation (the science is in divergences.gradients)


@st.cache_data(show_spinner=False)
def sweep(family: str):
    p = FAMILIES[family]
    return generator_gradients(p, OFFSETS, grid=gradient_grid(p, THETA_MAX, CELLS_PER_UNIT))


@st.cache_data(show_spinner=False)
def discriminator_at(family: str, theta: float):
    """Cell centres, D* there, and a smooth x for drawing the densities."""
    p = FAMILIES[family]
    g = gradient_grid(p, THETA_MAX, CELLS_PER_UNIT)
    q = p.shifted(theta)
    dstar = optimal_discriminator(clean_cell_masses(p, g), clean_cell_masses(q, g))
    lo, hi = p.support(4.0)
    x = np.linspace(lo - 0.5, hi + theta + 0.5, 700)
    keep = (g.x >= x[0]) & (g.x <= x[-1])
    return x, p.pdf(x), q.pdf(x), g.x[keep][::2], dstar[keep][::2]


@st.cache_data(show_spinner=False, max_entries=8)
def k_run(setup: str):
    family, theta = K_SETUPS[setup]
    return train_discriminator_steps(FAMILIES[family], theta)


@st.cache_data(show_spinner=False)
def asymmetry(sigma: float):
    data, drop, fake = asymmetry_cases(sigma)
    g = asymmetry_grid(sigma)
    x = np.linspace(g.lo, g.hi, 900)
    return {
        "x": x, "data_pdf": data.pdf(x),
        "drop": kl_integrand(drop, data, g), "drop_pdf": drop.pdf(x),
        "fake": kl_integrand(fake, data, g), "fake_pdf": fake.pdf(x),
    }


# Sections 2 and 3 and the gradient sweep do not move with θ: their charts are built once per
# setting (language and presentation mode in the key) and kept as plain dicts, so that a rerun
# after a θ move redraws them without building them again (plotly's figure building was most of
# a rerun); the sweep's θ line is a layer drawn over it (app.ui.layered_chart).


@st.cache_data(show_spinner=False, max_entries=16)
def sweep_charts(family: str, lang: str, presenting: bool) -> dict:
    """The gradient sweep of ``family`` as a chart that does not move with θ and its θ layer."""
    return gradient_sweep_layers(sweep(family), height=410)


@st.cache_data(show_spinner=False, max_entries=64)
def ksteps_charts(setup: str, k: int, lang: str, presenting: bool) -> tuple[dict, dict]:
    """The two k-steps charts of ``setup`` at k steps, as figure dicts."""
    run = k_run(setup)
    return ksteps_figure(run, k).to_dict(), ksteps_js_figure(run, k).to_dict()


@st.cache_data(show_spinner=False, max_entries=64)
def asymmetry_charts(sigma: float, lang: str, presenting: bool) -> tuple[dict, dict]:
    """The two KL-integrand charts at data-mode width ``sigma``, as figure dicts."""
    a = asymmetry(sigma)
    drop, fake = a["drop"], a["fake"]
    finite = [c.density[np.isfinite(c.density)] for c in (drop, fake)]
    y_max = max(float(v.max()) for v in finite)
    density_top = 1.1 * max(float(a[k].max()) for k in ("data_pdf", "drop_pdf", "fake_pdf"))
    x_fake = float(fake.x[np.argmax(np.where(np.isfinite(fake.density), fake.density, 0))])
    fig_drop = kl_integrand_figure(
        drop, a["x"], a["data_pdf"], a["drop_pdf"],
        t("Drops a mode: KL = {v} nats", v=fmt_value(drop.total, 3)),
        t("p_G → 0 where p_data > 0:<br>penalty → 0"), (2.0, 0.0), y_max, density_top)
    fig_fake = kl_integrand_figure(
        fake, a["x"], a["data_pdf"], a["fake_pdf"],
        t("Makes fakes: KL = {v} nats", v=fmt_value(fake.total, 3)),
        t("p_G > 0 where p_data → 0:<br>penalty → +∞ as σ → 0"),
        (x_fake + 0.8 * sigma, 0.3 * y_max), y_max, density_top, note_offset=(90, -80))
    return fig_drop.to_dict(), fig_fake.to_dict()


def metric_row(items: list[tuple[str, str, str]], per_row: int | None = None) -> None:
    """A metric strip whose values are already formatted: (label, shown value, how computed).
    (Gradients span twelve decades, so they are printed in scientific notation, which the shared
    strip's fixed digits cannot do.) ``per_row``: metrics a row (default: all in one row)."""
    n = per_row or len(items)
    for start in range(0, len(items), n):
        for col, (label, shown, how) in zip(st.columns(n), items[start:start + n]):
            col.metric(label, shown, help=how or None, border=True)


# --------------------------------------------------------------------------------------------
# Page

intro = st.container()  # the title and intro, written once the guess is known (below)

ask, why = lead_in()
with ask:
    pred = predict_then_reveal(
        "gg.minimax", t("The discriminator is optimal and the supports of P and Q_θ are disjoint. "
                        "How large is the minimax generator's gradient?"),
        kind="choice", options=["zero", "small", "large"],
        format_func=lambda o: {"zero": t("Exactly zero"),
                               "small": t("Small but not zero"),
                               "large": t("Large: the generator is far from the data")}[o],
        answer="zero",
        explanation=t("Under Q's samples the optimal discriminator is D* = 0 on a flat stretch, so "
                      "log(1 − D*) is flat there and its gradient is exactly 0: the generator "
                      "learns nothing, however far it is from the data. The WGAN gradient stays 1."),
    )

with intro:  # before the reveal, an intro that does not say that the minimax gradient dies
    page_intro(
        t("5 · The generator's gradient"),
        t("The generator learns only through the gradient its loss sends back through the "
          "discriminator. Here you measure that gradient exactly for the three losses of the story "
          "as the generator Q_θ moves away from the data P: the original minimax loss "
          "E[log(1 − D)], Goodfellow's “non-saturating” fix E[−log D], and the WGAN loss −E[f] "
          "with the optimal critic. Then you train a real discriminator for k steps and watch the "
          "minimax gradient die, and you see why the −log D fix drives mode collapse.")
        if pred.revealed else
        t("The generator learns only through the gradient its loss sends back through the "
          "discriminator. Here you measure that gradient exactly for the three losses of the story "
          "as the generator Q_θ moves away from the data P: the original minimax loss "
          "E[log(1 − D)], Goodfellow's “non-saturating” fix E[−log D], and the WGAN loss −E[f] "
          "with the optimal critic. Then you train a real discriminator for k steps and watch the "
          "minimax gradient, and you see why the −log D fix drives mode collapse."),
    )


def why_box() -> None:
    """The argument (it says that the minimax gradient is 0: the answer)."""
    st.markdown(t("**The minimax loss vanishes.** For a fixed generator the best discriminator "
                  "is $D^*$ below, and with it the GAN's value is the notes' $C(G)$:"))
    st.latex(r"D^*(x)=\frac{p_{data}(x)}{p_{data}(x)+p_G(x)},\qquad "
             r"C(G)=\max_D V(G,D)=-\log 4+2\,D_{JS}(p_{data}\,\|\,p_G)")
    st.markdown(t("So minimising the loss is minimising JS. When the supports do not overlap, "
                  "$D^*$ is 1 on the data and 0 on the fakes, flat around every generated "
                  "sample, and JS is stuck at $\\log 2$: the generator's gradient is 0. This is "
                  "why the discriminator must be trained just enough: too many steps and it is "
                  "nearly perfect and the gradient vanishes; too few and the gradient is "
                  "inaccurate."))
    st.markdown(t("**The −log D fix.** Goodfellow replaced "
                  "$\\mathbb{E}_{x\\sim p_G}[\\log(1-D(x))]$ by "
                  "$\\mathbb{E}_{x\\sim p_G}[-\\log D(x)]$. Splitting KL with $D^*$:"))
    st.latex(r"D_{KL}(p_G\|p_{data})=\mathbb{E}_{x\sim p_G}\Big[\log\frac{p_G(x)}{p_{data}(x)}"
             r"\Big]=\mathbb{E}_{x\sim p_G}\Big[\log\frac{1-D^*(x)}{D^*(x)}\Big]"
             r"=\mathbb{E}_{p_G}[\log(1-D^*)]-\mathbb{E}_{p_G}[\log D^*]")
    st.markdown(t("and, since $\\mathbb{E}_{p_G}[\\log(1-D^*)] = -\\log 4 + 2\\,D_{JS} - "
                  "\\mathbb{E}_{p_{data}}[\\log D^*]$,"))
    st.latex(r"\mathbb{E}_{p_G}[-\log D^*]=D_{KL}(p_G\|p_{data})-2D_{JS}(p_{data}\|p_G)"
             r"+\log 4+\mathbb{E}_{p_{data}}[\log D^*]")
    st.markdown(t("With $D^*$ held fixed the last two terms do not move with the generator, so "
                  "the generator's gradient is the gradient of KL − 2·JS (Arjovsky & Bottou "
                  "2017, Theorem 2.5). This is an identity between **gradients**, not between "
                  "losses: the notes' “C(G) = KL − 2JS” (after dropping the terms that do not "
                  "depend on G) should be read that way; the value of the GAN loss at $D^*$ is "
                  "still $-\\log 4 + 2\\,D_{JS}$."))
    st.latex(r"\nabla_\theta\,\mathbb{E}_{z}\big[-\log D^*(g_\theta(z))\big]="
             r"\nabla_\theta\Big[D_{KL}(p_{g_\theta}\|p_{data})-2D_{JS}(p_{data}\|p_{g_\theta})"
             r"\Big]\qquad(D^*\ \text{held fixed})")
    st.markdown(t("Minimising it shrinks KL while *growing* JS: the two terms pull against "
                  "each other, an unstable objective. And $D_{KL}(p_G\\|p_{data})$ is lopsided: "
                  "where $p_G \\to 0$ but $p_{data} > 0$ (a missing mode) its integrand $\\to 0$; "
                  "where $p_G > 0$ but $p_{data} \\to 0$ (fake samples) it $\\to +\\infty$. Lack "
                  "of diversity costs almost nothing, lack of accuracy costs without limit, so "
                  "the generator would rather repeat safe samples: mode collapse (section 3)."))
    st.markdown(t("**The WGAN critic.** $W_1 = \\max_{\\|f\\|_L \\le 1} "
                  "\\mathbb{E}_{p_{data}}[f] - \\mathbb{E}_{p_G}[f]$. With the optimal critic "
                  "$f^*$ the generator's loss is $-\\mathbb{E}_{p_G}[f^*]$; in 1-D $f^*$ has slope "
                  "±1 between the two distributions, so the gradient has magnitude 1 however "
                  "far apart they are."))
    st.markdown(t("**How the numbers here are computed.** P and $Q_\\theta$ are discretised "
                  "exactly on a grid of cells (h = 0.01). A generator $x = z + \\theta$ gets the "
                  "gradient below, with $\\varphi$ held fixed; $\\varphi'$ is a five-point finite "
                  "difference on the grid inside Q's support, which equals the θ-derivative of "
                  "the loss with $D^*$ frozen up to $O(h^4)$ (checked in the tests to 1e-8, and "
                  "against KL − 2·JS computed independently to 1e-6)."))
    st.latex(r"\frac{dL}{d\theta}=\mathbb{E}_{x\sim Q_\theta}\big[\varphi'(x)\big],\qquad "
             r"\varphi\in\{\log(1-D^*),\ -\log D^*,\ -f^*\}")


with why, st.expander(t("Why? The argument in a few lines"), expanded=False):
    if pred.revealed:
        why_box()
    else:
        st.caption(pending(pred, "more"))

@st.fragment
def optimal_section() -> None:
    controls, main = experiment()
    below = st.container()
    with below:
        st.markdown("**" + t("1 · Against the optimal discriminator") + "**")
        family = url_select(t("Data P and generator Q_θ"), "gg.family", list(FAMILIES),
                            "gaussian", format_func=pair_label, widget=st.radio,
                            horizontal=True)
    with controls:
        theta = url_slider(t("Offset θ of the generator Q_θ (units)"), "gg.theta", 0.0,
                           THETA_MAX, 4.0, THETA_STEP, help=t("Q_θ is P shifted right by θ."))
    s = sweep(family)
    i = int(np.argmin(np.abs(s.offsets - theta)))
    how_grad = t("exact on the grid with D* held fixed: E_Q[φ′(x)], five-point slope")
    with controls:
        metric_row([
            (t("minimax gradient (nats/unit)"), fmt_gradient(float(s.minimax_grad[i])),
             t("d/dθ E_Q[log(1 − D*)]; ") + how_grad),
            (t("−log D gradient (nats/unit)"), fmt_gradient(float(s.nonsat_grad[i])),
             t("d/dθ E_Q[−log D*]; undefined when the loss is +∞ (D* = 0 under Q's samples); ")
             + how_grad),
            (t("WGAN gradient (unitless)"), fmt_gradient(float(s.wgan_grad[i])),
             t("d/dθ (−E_Q[f*]) with the exact optimal critic f* (slope ±1); ") + how_grad),
        ], per_row=1)
    layered_chart(*gradient_sweep_at(sweep_charts(family, current_lang(), is_presenting()),
                                      float(s.offsets[i])), "gg_sweep", main)
    metric_row([
        (t("JS(P‖Q_θ)"), fmt_value(float(s.js[i])) + " " + t("nats"),
         t("exact, from the cell masses; ln 2 ≈ 0.6931 is its ceiling")),
        (t("V(G, D*)"), fmt_value(float(s.value[i])) + " " + t("nats"),
         t("E_P[log D*] + E_Q[log(1 − D*)], summed over the cells")),
        (t("−log 4 + 2·JS"), fmt_value(float(-np.log(4) + 2 * s.js[i])) + " " + t("nats"),
         t("the notes' C(G): equal to V(G, D*), as the theory says")),
    ])
    left, right = st.columns(2)
    x, ppdf, qpdf, xc, dstar = discriminator_at(family, float(s.offsets[i]))
    chart(discriminator_figure(x, ppdf, qpdf, xc, dstar, float(s.offsets[i])), "gg_dstar",
          left)
    with right:
        if not pred.revealed:  # both sentences say what the minimax gradient does
            notice_after(pred, "", t("Pick the uniforms, disjoint for θ ≥ 1, or the Gaussians, "
                                     "move θ and compare the three gradients."))
        elif family == "gaussian":
            notice(t("The minimax gradient rises, then falls by orders of magnitude as Q moves away "
                     "({v} nats/unit at θ = {tmax}): D* becomes a near-perfect 0/1 step and is flat "
                     "under Q's samples. The −log D gradient keeps growing with θ (a loss that keeps "
                     "accelerating), while the WGAN gradient stays exactly 1.",
                     v=fmt_gradient(float(s.minimax_grad[-1])), tmax=f"{THETA_MAX:g}"))
        else:
            notice(t("For θ ≥ 1 the supports are disjoint: D* = 0 on all of Q, flat, so the minimax "
                     "gradient is exactly 0 (the “= 0” row at the bottom of the chart). The −log D "
                     "loss is +∞ as soon as Q puts mass where P has none, so its gradient is "
                     "undefined (the “undefined” row at the top). The WGAN gradient is 1 for every "
                     "θ > 0."))


optimal_section()


@st.fragment
def ksteps_section() -> None:
    st.subheader(t("2 · A discriminator trained k steps"))
    st.markdown(t("A real discriminator: a small neural network (2 hidden layers of 32 ReLU "
                  "units, a sigmoid output) trained with Adam on the exact data and generator "
                  "distributions, with the generator frozen. After k steps we measure the "
                  "generator's gradient through it."))
    c1, c2 = st.columns([2, 3])
    with c1:
        setup = url_select(t("Setup"), "gg.k_setup", list(K_SETUPS), "uniform-2",
                           format_func=k_setup_label)
    with c2:
        k = url_select(t("Discriminator steps k"), "gg.k", [str(v) for v in DEFAULT_CHECKPOINTS],
                       "10", widget=st.select_slider)
    k = int(k)
    with st.spinner(t("Training the discriminator (about a second, once per setup)…")):
        run = k_run(setup)
    j = int(np.flatnonzero(run.steps == k)[0])
    metric_row([
        (t("minimax gradient, D_k (nats/unit)"), fmt_gradient(float(run.minimax_grad[j])),
         t("E_Q[d/dx log(1 − D_k(x))] by autograd, weighted by Q's cell masses; with D*: {v}",
           v=fmt_gradient(run.exact_minimax_grad)) if pred.revealed else
         t("E_Q[d/dx log(1 − D_k(x))] by autograd, weighted by Q's cell masses")),
        (t("−log D gradient, D_k (nats/unit)"), fmt_gradient(float(run.nonsat_grad[j])),
         t("E_Q[d/dx (−log D_k(x))] by autograd; with D*: {v}",
           v=fmt_gradient(run.exact_nonsat_grad))),
        (t("JS implied by D_k"), fmt_value(float(run.js_estimate[j])) + " " + t("nats"),
         t("(V(G, D_k) + log 4)/2: reaches the exact JS ({v} nats) only at D*",
           v=f"{run.exact_js:.4f}")),
    ])
    left, right = st.columns(2)
    steps_chart, js_chart = ksteps_charts(setup, k, current_lang(), is_presenting())
    if not pred.revealed:  # "minimax with D*: exactly 0" is the answer (a copy: from the cache)
        zero = t("minimax with D*: exactly 0")
        anns = [dict(a, text=" · ".join(part for part in a["text"].split(" · ") if part != zero))
                for a in steps_chart["layout"].get("annotations", ())]
        steps_chart["layout"]["annotations"] = [a for a in anns if a["text"]]
    chart(fast_figure(steps_chart), "gg_ksteps", left)
    chart(fast_figure(js_chart), "gg_ksteps_js", right)
    st.caption(t("Training took {s} s on the CPU (cached afterwards).", s=f"{run.seconds:.2f}"))
    notice_after(pred,
                 t("Too few steps: D_k is a poor discriminator (the JS it implies is far below "
                   "the truth) and its gradient is inaccurate. Too many: on disjoint supports D_k "
                   "becomes a confident 0/1 step and the minimax gradient falls by orders of "
                   "magnitude, toward the exact 0 of D*, while the −log D gradient grows. With "
                   "overlapping Gaussians the gradient instead settles at its D* value."),
                 t("Move k: watch how the generator's gradients and the JS that D_k implies change "
                   "as the discriminator trains."))


ksteps_section()


@st.fragment
def asymmetry_section() -> None:
    st.subheader(t("3 · Why −log D prefers to collapse: the KL asymmetry"))
    st.markdown(t("The data has two modes, ½N(−2, σ²) + ½N(2, σ²). Two imperfect generators: "
                  "one **drops a mode** (all its samples on the left mode), the other **makes "
                  "fakes** (half its samples between the modes, where there is no data). The "
                  "−log D generator minimises KL(P_G‖P_data) − 2·JS: here is the KL term, "
                  "drawn as its integrand over x."))
    sigma = url_slider(t("Width σ of each data mode (units)"), "gg.sigma", 0.15, 0.6, 0.3, 0.05)
    a = asymmetry(sigma)
    drop, fake = a["drop"], a["fake"]
    how_kl = t("Σ p_G ln(p_G/p_data) over the grid's cells (exact cell masses)")
    how_ns = t("E_{P_G}[−log D*] with D* = p_data/(p_data + p_G): what the −log D generator pays")
    metric_row([
        (t("KL, dropped mode (nats)"), fmt_value(drop.total), how_kl),
        (t("KL, fakes (nats)"), fmt_value(fake.total), how_kl),
        (t("−log D loss, dropped (nats)"), fmt_value(drop.nonsat_loss), how_ns),
        (t("−log D loss, fakes (nats)"), fmt_value(fake.nonsat_loss), how_ns),
    ])
    left, right = st.columns(2)
    fig_drop, fig_fake = asymmetry_charts(float(sigma), current_lang(), is_presenting())
    chart(fast_figure(fig_drop), "gg_kl_drop", left)
    chart(fast_figure(fig_fake), "gg_kl_fake", right)
    notice(t("Dropping a whole mode costs only ln 2 ≈ 0.693 nats whatever σ is; putting half the "
             "samples where the data is not costs {v} nats at σ = {s}, and grows without bound as "
             "the modes get sharper. So the −log D generator prefers to collapse onto the safe "
             "mode rather than risk fake-looking samples: mode collapse.",
             v=fmt_value(fake.total, 2), s=f"{sigma:g}"))


asymmetry_section()

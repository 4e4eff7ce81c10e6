"""Page 6's "these settings, 8 seeds at once": the page's two panels trained with 8 seeds each, as
ONE job of the trainer process (16 runs; the trainer batches each panel's 8 runs into one stacked
model), and the spread across seeds of the modes covered and the exact W1 over time.

One run can mislead: a GAN may cover every mode with one seed and collapse with the next. The
median and the range (lowest to highest) across 8 seeds show what the settings do in general.

Page 6 calls :func:`seeds_view` with its two configs (one line). No science here: the runs are
:class:`divergences.training.TrainConfig` copies with seeds s, s + 1, ..., s + 7, trained in the
trainer process through :class:`app.jobs.TrainingJob` (so the page server never trains, and the
server's cap and queue, heartbeat and maximum duration apply to it as to any run).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from app.figures_training import loss_label, panel_figure
from app.i18n import t
from app.jobs import (SETTLE_S, TrainingJob, queued_text, restart_notice, session_alive_probe,
                      shared_registry)
from app.style import COLORS
from app.live_chart import live_chart
from app.ui import chart_config
from divergences.metrics import n_modes
from divergences.training import TrainConfig, Trainer

N_SEEDS = 8
KEY = "live.seeds"
SNAPSHOT_S = 1.0
"""A seed job's views come less often than a single run's: 16 runs' charts per view."""
POLL_S = 2.0
"""Seconds between two redraws of the section while the seeds train."""
SETTLING_POLL_S = 0.25
"""...and while a pause's final view is on its way (:attr:`TrainingJob.busy`, no longer
active: the 16 runs' last evaluation). "Pause the seeds" waits :data:`app.jobs.SETTLE_S` for it in
its callback, as page 6's Pause does; a view that comes later was shown at the next redraw, up
to 2 s and a full rerun later, so the iteration shown went on climbing for about 3 s."""
PANEL_COLORS = {False: COLORS["GAN"], True: COLORS["WGAN"]}


def seed_configs(configs: dict[str, TrainConfig], n_seeds: int = N_SEEDS) -> dict:
    """``{"left/0": cfg(seed s), ..., "right/7": cfg(seed s + 7)}`` for the panels' configs."""
    out = {}
    for side, cfg in configs.items():
        for k in range(n_seeds):
            out[f"{side}/{k}"] = replace(cfg, seed=(cfg.seed + k) % (2**31 - 1))
    return out


def spread(runs: list, field: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(iterations, median, lowest, highest) across runs of one history field at the
    evaluations every run has (the runs of one job are evaluated together, in lockstep)."""
    m = min(min(len(r.history.eval_iteration), len(getattr(r.history, field))) for r in runs)
    if m == 0:
        e = np.zeros(0)
        return e, e, e, e
    its = np.asarray(runs[0].history.eval_iteration[:m], dtype=float)
    vals = np.array([np.asarray(getattr(r.history, field)[:m], dtype=float) for r in runs])
    with np.errstate(all="ignore"):
        if np.isnan(vals).all():
            nan = np.full(m, np.nan)
            return its, nan, nan, nan
        return its, np.nanmedian(vals, axis=0), np.nanmin(vals, axis=0), np.nanmax(vals, axis=0)


def spread_figure(panels: dict[str, list], field: str, title: str, y_title: str,
                  height: int = 340, **layout) -> go.Figure:
    """Median (line) and range across seeds (shaded band, lowest to highest) of ``field`` for
    each panel's runs (``panels``: legend name → the panel's RunViews)."""
    traces = []
    for i, (name, runs) in enumerate(panels.items()):
        its, med, lo, hi = spread(runs, field)
        color = PANEL_COLORS[bool(runs[0].is_wgan)]
        shape = "hv" if field == "modes" else "linear"
        traces.append(dict(type="scatter", x=its, y=hi, mode="lines", showlegend=False,
                           line=dict(width=0, shape=shape, color=color), hoverinfo="skip"))
        traces.append(dict(type="scatter", x=its, y=lo, mode="lines", fill="tonexty",
                           fillcolor=_rgba(color, 0.18), line=dict(width=0, shape=shape,
                                                                   color=color),
                           name=t("{name}: range across seeds", name=name)))
        traces.append(dict(type="scatter", x=its, y=med, mode="lines+markers",
                           name=t("{name}: median", name=name), marker=dict(size=4),
                           line=dict(color=color, width=2.5, shape=shape,
                                     dash="solid" if i == 0 else "dashdot")))
    return panel_figure(traces, title, t("generator iteration"), y_title, height,
                   legend=dict(traceorder="normal"), **layout)


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _panels(view, sides: list[str]) -> dict[str, list]:
    out = {}
    for side in sides:
        runs = [r for n, r in view.runs.items() if n.split("/")[0] == side]
        if runs:
            title = t("Left panel") if side == "left" else t("Right panel")
            out[t("{side}: {loss}", side=title, loss=loss_label(runs[0].config.loss))] = runs
    return out


def summary(panels: dict[str, list], k_modes: int | None) -> str:
    """One line per panel: the latest median and range of modes and W1 across the seeds."""
    lines = []
    for name, runs in panels.items():
        _, w_med, w_lo, w_hi = spread(runs, "w1")
        if not len(w_med):
            continue
        it = runs[0].iteration
        line = t("{name}, iteration {it}: exact W1 median {med:.3f} (range {lo:.3f}–{hi:.3f} "
                 "data units)", name=name, it=it, med=w_med[-1], lo=w_lo[-1], hi=w_hi[-1])
        if k_modes:
            _, m_med, m_lo, m_hi = spread(runs, "modes")
            line += t("; modes covered median {med:.0f} of {k} (range {lo:.0f}–{hi:.0f})",
                      med=m_med[-1], k=k_modes, lo=m_lo[-1], hi=m_hi[-1])
        lines.append(line + ".")
    return "\n\n".join(lines)


def updated(fig, key: str) -> None:
    """A chart redrawn while the seeds train: updated in place (app/live_chart.py)."""
    live_chart(fig, key, chart_config(key))


def poll_interval(job: TrainingJob | None) -> float | None:
    """Seconds between the section's redraws: :data:`POLL_S` while the seeds train,
    :data:`SETTLING_POLL_S` while a pause settles, None (no polling) otherwise."""
    if job is None or not job.busy:
        return None
    return POLL_S if job.is_active else SETTLING_POLL_S


def seeds_view(configs: dict[str, TrainConfig], n_seeds: int = N_SEEDS) -> None:
    """The "these settings, n seeds at once" section of page 6 (``configs``: side → the panel's
    resolved config, as the page trains them)."""
    sides = list(configs)
    wanted = seed_configs(configs, n_seeds)
    job: TrainingJob | None = st.session_state.get(f"{KEY}.job")
    if job is not None and job.configs != wanted:
        job.stop("reset")
        job = None
        st.session_state.pop(f"{KEY}.job", None)
    with st.container(border=True):
        st.subheader(t("These settings, {n} seeds at once", n=n_seeds))
        seed0 = next(iter(configs.values())).seed
        st.markdown(t(
            "One run can mislead: with one seed a GAN may find every mode, with the next it may "
            "collapse onto a few. Here both panels' settings train with the seeds {a} to {b} "
            "together, as one batch (each panel's {n} runs are one stacked model), and the charts "
            "show the median and the range (lowest to highest) across the seeds.",
            a=seed0, b=seed0 + n_seeds - 1, n=n_seeds))

        def on_start() -> None:
            j = st.session_state.get(f"{KEY}.job")
            if j is None:
                j = TrainingJob({n: Trainer(c) for n, c in wanted.items()}, shared_registry(),
                                snapshot_interval=SNAPSHOT_S,
                                session_alive=session_alive_probe())
                st.session_state[f"{KEY}.job"] = j
            j.start()

        def on_pause() -> None:
            j = st.session_state.get(f"{KEY}.job")
            if j is not None:
                j.pause()
                j.settle(SETTLE_S)  # this rerun shows the seeds paused

        def on_reset() -> None:
            j = st.session_state.pop(f"{KEY}.job", None)
            if j is not None:
                j.stop("reset")

        active = job is not None and job.is_active
        b1, b2, b3, _ = st.columns([1.6, 1.5, 1.5, 2])
        b1.button(t("Train {n} seeds", n=n_seeds), key=f"{KEY}.start", on_click=on_start,
                  disabled=active, type="primary", icon=":material/stacks:", width="stretch")
        b2.button(t("Pause the seeds"), key=f"{KEY}.pause", on_click=on_pause, disabled=not active,
                  icon=":material/pause:", width="stretch")
        b3.button(t("Reset the seeds"), key=f"{KEY}.reset", on_click=on_reset,
                  icon=":material/restart_alt:", width="stretch")
        if job is None:
            st.caption(t("Press “Train {n} seeds” to start ({runs} runs in all; they take one "
                         "of the server's training slots).", n=n_seeds, runs=len(wanted)))
            return

        def draw(was_active: bool) -> None:
            j: TrainingJob | None = st.session_state.get(f"{KEY}.job")
            if j is None:
                return
            settled = not j.busy  # before the view: a settled job's view is its final one
            view = j.poll()
            ended = was_active and settled  # it stands still now, its final view here
            if view.notice:
                st.warning(restart_notice(view), icon=":material/restart_alt:")
            if view.status == "queued":
                st.warning(queued_text(view), icon=":material/hourglass_top:")
            elif view.status == "error":
                st.error(t("The run failed: {why}", why=view.reason))
            elif view.status == "paused" and settled:
                st.info(t("Paused at iteration {it}.",
                          it=next(iter(view.runs.values())).iteration), icon=":material/info:")
            panels = _panels(view, sides)
            cfg = next(iter(configs.values()))
            k = n_modes(cfg.modes_dataset)
            st.markdown(summary(panels, k))
            c1, c2 = st.columns(2)
            with c1:
                updated(spread_figure(
                    panels, "w1", t("Exact W1 across {n} seeds: median and range", n=n_seeds),
                    t("W1 (data units)"), yaxis=dict(rangemode="tozero")), f"{KEY}.w1")
            with c2:
                if k:
                    updated(spread_figure(
                        panels, "modes",
                        t("Modes covered across {n} seeds: median and range", n=n_seeds),
                        t("modes covered (of {k})", k=k),
                        yaxis=dict(range=[-0.3, k + 0.5], dtick=max(1, k // 8))), f"{KEY}.modes")
                else:
                    st.caption(t("Modes covered is defined for the Gaussian mixtures only (8 and "
                                 "25 Gaussians)."))
            if ended:  # drawn first: the final view is on screen before the page's rerun
                st.rerun(scope="app")  # stop polling, refresh the buttons

        polling = job.busy  # also while a pause's final view is on its way
        st.fragment(run_every=poll_interval(job))(draw)(polling)

"""Figures of page 6 (GAN vs WGAN, live), drawn from the worker's read-only views (app.jobs).

No science here: the values come from :mod:`divergences.training` through
:class:`app.jobs.RunView`; these builders only draw them (and thin long curves for drawing).

Speed: the page redraws eight charts twice a second while a model trains in another thread of
the same process, so every millisecond of Python here is taken from training. Building a plotly
figure the usual way validates every property (≈ 50 ms a chart on a busy 2-core machine, most
of it in :func:`app.style.style_figure`). So each builder assembles its figure from plain dicts
with :func:`app.style.house_figure` (the house layout computed once per height and presentation
mode, no validation: ≈ 5 ms a chart). The look is exactly the house style; only the per-update
validation is skipped.
"""

from __future__ import annotations

import base64
import copy
import struct
import zlib

import numpy as np
import plotly.graph_objects as go

from app.i18n import N_, t, t_var
from app.style import (COLORS, PRESENT_HEIGHT, PRESENT_SCALE, fast_figure, house_figure,
                       is_presenting, style_figure)

MAX_CURVE_POINTS = 400
MAX_REAL_SHOWN = 300
"""Real points drawn under the generated ones (of the fixed real sample; the browser redraws
every point at each update)."""
FAKE_COLOR = COLORS["Q"]
REAL_COLOR = COLORS["P"]
ARROW_COLOR = "#7A3B00"
MAP_SCALE = [[0.0, "#F7F5FB"], [0.5, "#C9BEDF"], [1.0, "#6A51A3"]]

def loss_label(loss: str) -> str:
    """The on-screen name of a loss."""
    return {
        "gan": t("GAN (minimax, log(1 − D))"),
        "nsgan": t("GAN (non-saturating, −log D)"),
        "wgan": t("WGAN (weight clipping)"),
        "wgan-gp": t("WGAN-GP (gradient penalty)"),
    }.get(loss, loss)


def thin(x, y, max_points: int = MAX_CURVE_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Block means of a long curve, so that at most ``max_points`` points are drawn."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(xa)
    if n <= max_points:
        return xa, ya
    k = int(np.ceil(n / max_points))
    m = (n // k) * k
    xb = xa[:m].reshape(-1, k).mean(axis=1)
    yb = ya[:m].reshape(-1, k).mean(axis=1)
    if m < n:
        xb, yb = np.append(xb, xa[m:].mean()), np.append(yb, ya[m:].mean())
    return xb, yb


def panel_figure(traces: list[dict], title: str, x_title: str, y_title: str, height: int,
                 legend_below: int = 60, **layout) -> go.Figure:
    """A half-width chart of page 6 (and of its seeds view): :func:`app.style.house_figure` with
    the legend under the plot, from plain trace dicts (no per-property validation, see the module
    docstring); in presentation mode lines and markers are drawn thicker, and float arrays are
    sent as float32 (plenty for drawing, half the bytes per update)."""
    if is_presenting():
        for tr in traces:
            for part, prop, default in (("line", "width", 2), ("marker", "size", 6)):
                d = tr.get(part)
                if isinstance(d, dict) and prop in d:
                    v = d[prop]
                    d[prop] = ([s * PRESENT_SCALE for s in v] if isinstance(v, list)
                               else (v or default) * PRESENT_SCALE)
    for tr in traces:
        for k in ("x", "y", "z"):
            v = tr.get(k)
            if isinstance(v, np.ndarray) and v.dtype == np.float64:
                tr[k] = v.astype(np.float32)
    return house_figure(traces, layout, title, x_title, y_title, height,
                        legend_below=legend_below)


def _run_color(run) -> str:
    return COLORS["WGAN"] if run.is_wgan else COLORS["GAN"]


def _loss_unit(run) -> str:
    return t("critic units") if run.is_wgan else t("nats")


def field_figure(run, title: str, height: int = 460, compact: bool = False) -> go.Figure:
    """Real (blue) and generated (orange) points over the discriminator's σ(D(x)) or the critic's
    f(x) as a heat map, with the generator's push −∇ₓℓ_G at generated points as arrows
    (lengths relative within this panel: the longest is 12 % of the view), the legend under the
    plot. ``compact`` (a projector's first screen, where the maps must be large): no legend and
    no x axis title (the y axis's gives the units), a one-line title's margin."""
    (x0, x1), (y0, y1) = run.bounds
    traces: list[dict] = []
    vals = np.asarray(run.map_values, dtype=float)
    if np.isfinite(vals).any():
        # The colour bar's title stands along the bar: two short lines, so that it is never
        # longer than the bar (one line, "σ(D(x)) = P(真实)", was cut at 1280x720 ?present=1).
        cb_title = (t("P(real)") + "<br>= σ(D(x))" if not run.is_wgan
                    else "f(x)<br>" + t("critic units"))
        tr = dict(type="heatmap", x=np.asarray(run.map_x), y=np.asarray(run.map_y), z=vals,
                  colorscale=MAP_SCALE, zsmooth="fast", opacity=0.9,
                  name=cb_title.replace("<br>", " "),
                  colorbar=dict(title=dict(text=cb_title, side="right"), thickness=12, len=0.85),
                  hovertemplate="x=%{x:.2f}, y=%{y:.2f}<br>%{z:.3g}<extra></extra>")
        if not run.is_wgan:
            tr.update(zmin=0.0, zmax=1.0)
        traces.append(tr)
    real = np.asarray(run.real, dtype=float)[:MAX_REAL_SHOWN]
    traces.append(dict(type="scatter", x=real[:, 0], y=real[:, 1], mode="markers",
                       name=t("real data"), uid="static-real",  # fixed: sent once (live_chart)
                       marker=dict(color=REAL_COLOR, size=4, opacity=0.55)))
    fake = np.asarray(run.fake, dtype=float)
    fake = fake[np.isfinite(fake).all(axis=1)]
    traces.append(dict(type="scatter", x=fake[:, 0], y=fake[:, 1], mode="markers",
                       name=t("generated"),
                       marker=dict(color=FAKE_COLOR, size=5, opacity=0.85,
                                   line=dict(width=0.3, color="#5a3d00"))))
    arrows = _arrows(run.arrow_at, run.arrows, 0.12 * (x1 - x0))
    if arrows:
        traces.append(arrows)
    return panel_figure(traces, title, "" if compact else t("x₁ (data units)"),
                   t("x₂ (data units)"), height,
                   xaxis=dict(range=[x0, x1], constrain="domain"),
                   yaxis=dict(range=[y0, y1], scaleanchor="x", scaleratio=1, constrain="domain"),
                   hovermode="closest", legend_below=0 if compact else 60,
                   **(dict(showlegend=False, margin=dict(t=55, b=45)) if compact
                      else dict(_legend_at_bottom(), margin=dict(t=62))))


def _legend_at_bottom() -> dict:
    """The sample maps' legend pinned to the figure's bottom edge (container coordinates), with
    the margin grown to hold the x axis's ticks and title above it: a legend placed as a fraction
    of the plot height (y = −0.16) covered the axis title at 1280x720 ?present=1, where the fonts
    are larger."""
    if not is_presenting():  # two rows, not three (two entries abreast: both languages fit)
        return dict(legend=dict(yref="container", y=0.0, yanchor="bottom", entrywidth=0.5,
                                entrywidthmode="fraction"))
    return dict(legend=dict(yref="container", y=0.0, yanchor="bottom"), margin=dict(b=150))


def _arrows(at, vec, longest: float) -> dict | None:
    at, vec = np.asarray(at, dtype=float), np.asarray(vec, dtype=float)
    if at.ndim != 2 or not len(at):
        return None
    ok = np.isfinite(at).all(axis=1) & np.isfinite(vec).all(axis=1)
    at, vec = at[ok], vec[ok]
    if not len(at):
        return None
    top = float(np.linalg.norm(vec, axis=1).max())
    end = at + vec * (longest / top if top > 0 else 0.0)
    n = len(at)
    xs = np.column_stack([at[:, 0], end[:, 0], np.full(n, np.nan)]).ravel()
    ys = np.column_stack([at[:, 1], end[:, 1], np.full(n, np.nan)]).ravel()
    return dict(type="scatter", x=xs, y=ys, mode="lines+markers",
                name=t("generator's push −∇ℓ_G"), line=dict(color=ARROW_COLOR, width=1.3),
                marker=dict(symbol="arrow", size=[0, 7, 0] * n, angleref="previous",
                            color=ARROW_COLOR),
                hoverinfo="skip", connectgaps=False)


def loss_figure(run, title: str, height: int = 300) -> go.Figure:
    """Discriminator/critic loss and generator loss over the iterations (block means)."""
    h = run.history
    n = min(len(h.iteration), len(h.loss_d), len(h.loss_g))
    traces = []
    if n:
        x, yd = thin(h.iteration[:n], h.loss_d[:n])
        _, yg = thin(h.iteration[:n], h.loss_g[:n])
        name_d = (t("critic loss E f(fake) − E f(real)") if run.is_wgan
                  else t("discriminator loss (cross-entropy)"))
        traces = [dict(type="scatter", x=x, y=yd, name=name_d, mode="lines",
                       line=dict(color=_run_color(run), width=2)),
                  dict(type="scatter", x=x, y=yg, name=t("generator loss"), mode="lines",
                       line=dict(color=COLORS["ref"], width=1.5, dash="dot"))]
    return panel_figure(traces, title, t("generator iteration"),
                   t("loss ({unit})", unit=_loss_unit(run)), height)


def tracking_figure(run, title: str, height: int = 300) -> go.Figure:
    """−(discriminator/critic loss), averaged between evaluations, against the exact W1 on a
    second axis: does the loss follow the quality of the samples?"""
    h = run.history
    m = min(len(h.eval_iteration), len(h.w1))
    ev = np.asarray(h.eval_iteration[:m], dtype=float)
    w1 = np.asarray(h.w1[:m], dtype=float)
    neg = h.neg_loss_d_at_evals()[:m]
    traces = [
        dict(type="scatter", x=ev, y=neg, mode="lines+markers", marker=dict(size=4),
             name=t("−(critic loss)") if run.is_wgan else t("−(discriminator loss)"),
             line=dict(color=_run_color(run), width=2)),
        dict(type="scatter", x=ev, y=w1, name=t("exact W1 (right axis)"), mode="lines",
             yaxis="y2", line=dict(color=COLORS["ref"], width=2, dash="dash")),
    ]
    return panel_figure(traces, title, t("generator iteration"),
                   t("−loss ({unit})", unit=_loss_unit(run)), height,
                   yaxis2=dict(title=dict(text=t("W1 (data units)")), overlaying="y",
                               side="right", showgrid=False, rangemode="tozero"),
                   margin=dict(r=70))


def _per_run_curves(runs, names, field: str) -> list[dict]:
    traces = []
    for i, (run, name) in enumerate(zip(runs, names)):
        h = run.history
        vals = getattr(h, field)
        m = min(len(h.eval_iteration), len(vals))
        traces.append(dict(type="scatter", x=np.asarray(h.eval_iteration[:m], dtype=float),
                           y=np.asarray(vals[:m], dtype=float), name=name,
                           mode="lines+markers", marker=dict(size=4),
                           line=dict(color=_run_color(run), width=2.5,
                                     dash="solid" if i == 0 else "dashdot",
                                     shape="hv" if field == "modes" else "linear")))
    return traces


def w1_figure(runs: list, names: list[str], floor: float | None, height: int = 320):
    """The exact W1 between generated and real samples over the iterations, one curve per run,
    with the W1 between two real samples of the same size (the sampling-noise level)."""
    extra = {}
    if floor is not None and np.isfinite(floor):
        extra = dict(
            shapes=[dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=floor, y1=floor,
                         line=dict(color=COLORS["ref"], dash="dot", width=1.5))],
            annotations=[dict(xref="x domain", x=0.01, yref="y", y=floor, yanchor="bottom",
                              xanchor="left", showarrow=False,
                              text=t("two real samples: {w:.3f}", w=floor))])
    return panel_figure(_per_run_curves(runs, names, "w1"),
                   t("Ground truth: exact W1 from the generated to the real points"),
                   t("generator iteration"), t("W1 (data units)"), height,
                   yaxis=dict(rangemode="tozero"), **extra)


def modes_figure(runs: list, names: list[str], k_modes: int, height: int = 320):
    """Modes covered (3σ rule) over the iterations, one curve per run."""
    return panel_figure(_per_run_curves(runs, names, "modes"),
                   t("Modes covered (3σ rule: ≥ 2 % of the points within 3σ of the centre)"),
                   t("generator iteration"), t("modes covered (of {k})", k=k_modes), height,
                   yaxis=dict(range=[-0.3, k_modes + 0.5], dtick=max(1, k_modes // 8)))


def grad_norm_figure(runs: list, names: list[str], height: int = 320):
    """The generator's gradient norm ‖∇θ ℓ_G‖ at the evaluations, one curve per run, on a log
    axis (the minimax GAN's can fall by orders of magnitude when its discriminator wins: page 5's
    vanishing gradient, live). ``runs``: :class:`app.jobs.RunView` with ``grad_iteration`` and
    ``grad_norm``."""
    traces = []
    for i, (run, name) in enumerate(zip(runs, names)):
        y = np.maximum(np.asarray(run.grad_norm, dtype=float), 1e-12)
        traces.append(dict(type="scatter", x=np.asarray(run.grad_iteration, dtype=float), y=y,
                           name=name, mode="lines+markers", marker=dict(size=4),
                           line=dict(color=_run_color(run), width=2.5,
                                     dash="solid" if i == 0 else "dashdot")))
    title, axis = METRIC_TITLES["grad_norm"]
    return panel_figure(traces, t_var(title), t("generator iteration"), t_var(axis), height,
                        yaxis=dict(type="log", exponentformat="power"))


# -- recorded runs (page 6's scenarios): one figure, played in the browser ---------------------------
METRIC_TITLES = {
    "modes": (N_("Modes covered (3σ rule)"), N_("modes (3σ)")),
    "reached": (N_("Where the mass goes (not coverage)"), N_("modes nearest to ≥ 2 %")),
    "grad_norm": (N_("Generator's gradient ‖∇θ ℓ_G‖"), N_("‖∇θ ℓ_G‖ (log)")),
    "r": (N_("−(loss) fitted to W1 (dotted)"), N_("W1 (data units)")),
}


def _rescaled_to(y: np.ndarray, target: np.ndarray) -> np.ndarray:
    """a·y + b with a, b the least-squares fit of y to ``target`` (finite pairs): a curve that
    lies on ``target`` when y rises and falls with it (r near 1)."""
    ok = np.isfinite(y) & np.isfinite(target)
    if ok.sum() < 3 or np.ptp(y[ok]) == 0:
        return np.full_like(y, np.nan)
    a, b = np.polyfit(y[ok], target[ok], 1)
    return a * y + b


def metric_series(run, metric: str) -> np.ndarray:
    """The per-evaluation series a scenario's metric chart draws for one panel."""
    if metric == "modes":
        return np.asarray(run.modes, dtype=float)
    if metric == "reached":
        return np.asarray(run.reached, dtype=float)
    if metric == "grad_norm":
        return np.maximum(np.asarray(run.grad_norm, dtype=float), 1e-12)
    return _rescaled_to(np.asarray(run.neg_loss, dtype=float), np.asarray(run.w1, dtype=float))


def _r3(a) -> list:
    """Rounded plain floats (short JSON: every frame goes to the browser once)."""
    return np.round(np.asarray(a, dtype=float), 3).tolist()


def _frame_title(name: str, run, k: int, k_modes: int | None) -> str:
    """A panel's title at checkpoint k: the loss, then W1, the modes covered by the 3σ rule with
    the high-quality share, and where the mass goes (the iteration is on the timeline)."""
    lines = [f"<b>{name}</b>", t("W1 {w:.2f}", w=run.w1[k])]
    if k_modes:  # three short lines: side-by-side panels on a projector or a phone are narrow
        lines[1] += " · " + t("{m:.0f}/{k} modes covered (3σ)", m=run.modes[k], k=k_modes)
        third = [t("{hq:.0f} % within 3σ", hq=100 * run.hq[k])]
        if getattr(run, "reached", None) is not None and np.isfinite(run.reached[k]):
            third.append(t("mass near {m:.0f}", m=run.reached[k]))
        lines.append(" · ".join(third))
    return "<br>".join(lines)


PLAY_FRAME_MS = 180
"""Milliseconds a frame of a recorded run is shown while it plays (its Play and Resume buttons; a
class's students play the teacher's playback with the same, app/recording_player.py)."""


def recording_figure(left, right, names: tuple[str, str], metric: str, k_modes: int | None,
                     start_frame: int | None = None, height: int = 430,
                     narrow: bool = False) -> go.Figure:
    """A recorded scenario run as ONE plotly figure with animation frames (played and scrubbed
    in the browser: nothing is sent per frame). Left and right: samples (orange) over real data
    (blue) and the D/critic map; far right: the exact W1 of both panels over the iterations
    (top) and the scenario's metric (bottom), with a line at the frame shown.
    ``left``/``right``: :class:`divergences.scenarios.PanelRun` with checkpoints. ``narrow`` (a
    phone): the four panels one under the other, the Play buttons above the timeline, and the
    figure as tall as that needs (``height`` is then ignored)."""
    from plotly.subplots import make_subplots

    presenting = is_presenting() and not narrow
    runs = (left, right)
    # where each panel goes: (row, col) of the left map, the right map, W1, the metric
    at = ((1, 1), (2, 1), (3, 1), (4, 1)) if narrow else ((1, 1), (1, 2), (1, 3), (2, 3))
    n = len(left.iterations)
    # Under the plots, in pixels (plotly places controls in fractions of the plot area's height,
    # so they are computed from it): the maps' x tick labels and axis title, then one row with
    # Play/Pause/Resume (left) and the timeline (its value, rail and step labels), then the
    # legend (none on a projector). Before, the buttons sat 0.12 of the plot height under the
    # plots and covered the left map's x axis (1280x720 ?present=1).
    top = 60 if k_modes is None else (80 if presenting else 66)  # the panels' titles: two
    # lines, or three with modes
    gap, ctrl, legend = (70, 80, 0) if presenting else (48, 124, 54) if narrow else (48, 78, 30)
    bottom = gap + ctrl + legend
    if narrow:
        height = 1250 + top + bottom  # two square maps of a phone's width, two line charts
    plot_h = max(height - top - bottom, 120)
    y_ctrl, y_legend = -gap / plot_h, -(gap + ctrl) / plot_h
    y_slider = y_ctrl - (46 / plot_h if narrow else 0.0)  # a phone: the timeline under the buttons
    k0 = n - 1 if start_frame is None else int(np.clip(start_frame, 0, n - 1))
    m_title, m_axis = METRIC_TITLES[metric]
    grid = dict(rows=4, cols=1, row_heights=[0.3, 0.3, 0.2, 0.2], vertical_spacing=0.1,
                specs=[[{}], [{}], [{}], [{}]]) if narrow else dict(
        rows=2, cols=3, column_widths=[0.36, 0.36, 0.28] if presenting else [0.35, 0.35, 0.30],
        horizontal_spacing=0.08 if presenting else 0.06,
        vertical_spacing=0.3 if presenting else 0.22,
        specs=[[{"rowspan": 2}, {"rowspan": 2}, {}], [None, None, {}]])
    fig = make_subplots(
        **grid,
        subplot_titles=(_frame_title(names[0], left, k0, k_modes),
                        _frame_title(names[1], right, k0, k_modes),
                        t("Exact W1"), t_var(m_title)))
    colors = [_run_color(r) for r in (_IsW(left), _IsW(right))]
    for c, run in enumerate(runs, start=1):
        fig.add_trace(go.Scatter(x=_r3(run.real[:, 0]), y=_r3(run.real[:, 1]), mode="markers",
                                 name=t("real data"), showlegend=c == 1, hoverinfo="skip",
                                 marker=dict(color=REAL_COLOR, size=4, opacity=0.5)),
                      row=at[c - 1][0], col=at[c - 1][1])
        fig.add_trace(go.Scatter(x=_r2(run.fake[k0][:, 0]), y=_r2(run.fake[k0][:, 1]),
                                 mode="markers", name=t("generated"), showlegend=c == 1,
                                 hoverinfo="skip",
                                 marker=dict(color=FAKE_COLOR, size=5, opacity=0.9,
                                             line=dict(width=0.3, color="#5a3d00"))),
                      row=at[c - 1][0], col=at[c - 1][1])
        (x0, x1), (y0, y1) = run.bounds
        fig.update_xaxes(range=[x0, x1], row=at[c - 1][0], col=at[c - 1][1], title_text=t("x₁ (data units)"),
                         constrain="domain")
        fig.update_yaxes(range=[y0, y1], row=at[c - 1][0], col=at[c - 1][1], constrain="domain",
                         scaleanchor="x" if c == 1 else "x2", scaleratio=1,
                         title_text=t("x₂ (data units)") if c == 1 or narrow else None)
    for row, series in ((1, [r.w1 for r in runs]), (2, [metric_series(r, metric) for r in runs])):
        for i, (run, y) in enumerate(zip(runs, series)):
            fig.add_trace(go.Scatter(x=_r3(run.iterations), y=_r3(y) if metric != "grad_norm"
                                     or row == 1 else np.asarray(y).tolist(),
                                     mode="lines", name=names[i], showlegend=row == 1,
                                     line=dict(color=colors[i], width=2,
                                               dash="solid" if i == 0 else "dash",
                                               shape="hv" if (row == 2 and metric in ("modes", "reached"))
                                               else "linear")),
                          row=at[row + 1][0], col=at[row + 1][1])
    if metric == "r":  # the measured W1 under the rescaled losses
        for i, run in enumerate(runs):
            fig.add_trace(go.Scatter(x=_r3(run.iterations), y=_r3(run.w1), mode="lines",
                                     showlegend=False, hoverinfo="skip",
                                     line=dict(color="#999999", width=1, dash="dot")),
                          row=at[3][0], col=at[3][1])
    fig.add_hline(y=left.w1_floor, line=dict(color=COLORS["ref"], dash="dot", width=1),
                  row=at[2][0], col=at[2][1])
    hi = [float(np.nanmax(np.r_[r.w1])) for r in runs]
    y_w1 = [0.0, max(hi) * 1.08]
    ys = np.concatenate([np.asarray(metric_series(r, metric), dtype=float) for r in runs])
    ys = ys[np.isfinite(ys)]
    if metric == "grad_norm":
        y_m = [float(np.log10(max(ys.min(), 1e-12))) - 0.3, float(np.log10(ys.max())) + 0.3]
        fig.update_yaxes(type="log", row=at[3][0], col=at[3][1], exponentformat="power")
    elif metric in ("modes", "reached"):
        y_m = [-0.3, (k_modes or 8) + 0.5]
    else:
        y_m = [min(0.0, float(ys.min()) if len(ys) else 0.0), max(y_w1[1], float(ys.max())
                                                                   if len(ys) else 1.0)]
    it0 = float(left.iterations[k0])
    fig.add_trace(go.Scatter(x=[it0, it0], y=y_w1, mode="lines", showlegend=False,
                             hoverinfo="skip", line=dict(color="#222", width=1)), row=at[2][0], col=at[2][1])
    fig.add_trace(go.Scatter(x=[it0, it0], y=[10 ** v for v in y_m] if metric == "grad_norm"
                             else y_m, mode="lines", showlegend=False, hoverinfo="skip",
                             line=dict(color="#222", width=1)), row=at[3][0], col=at[3][1])
    n_tr = len(fig.data)
    now_idx = [n_tr - 2, n_tr - 1]
    fig.update_layout(images=[_map_image(run, k0, c) for c, run in enumerate(runs, start=1)])
    fig.update_yaxes(range=y_w1, row=at[2][0], col=at[2][1], title_text=t("W1 (data units)"))
    fig.update_yaxes(range=y_m, row=at[3][0], col=at[3][1], title_text=t_var(m_axis))
    fig.update_xaxes(row=at[2][0], col=at[2][1], title_text=None)
    fig.update_xaxes(row=at[3][0], col=at[3][1], title_text=t("generator iteration"))
    # presentation mode makes fonts bigger and charts 25 % taller: keep this one at ``height``
    style_figure(fig, "", "", "", height=int(height / (PRESENT_HEIGHT if presenting else 1)))
    for ann in fig.layout.annotations:  # the panel titles: two lines each, side by side
        ann.font = dict(size=16 if presenting else 13)
    # legend under the timeline (none on a projector: the panel titles name the runs)
    fig.update_layout(hovermode=False,
                      margin=dict(l=55, r=15, t=top, b=bottom),
                      showlegend=not presenting,
                      legend=dict(orientation="h", x=0.0, xanchor="left", y=y_legend,
                                  yanchor="top"))
    fig.update_xaxes(showticklabels=False, row=at[2][0], col=at[2][1])
    for c in (1, 2):  # the map is the panels' background (a layout image, under the grid)
        fig.update_xaxes(showgrid=False, row=at[c - 1][0], col=at[c - 1][1])
        fig.update_yaxes(showgrid=False, row=at[c - 1][0], col=at[c - 1][1])
    # The timeline. plotly labels every s-th step only (s from the labels' width and the
    # slider's length in the browser), so the last iteration went unlabelled (0, 111, ..., 1443
    # of 1500). Its own labels are transparent here; the ones shown are annotations at steps
    # chosen here, the first and the last among them, each where plotly.js puts its step
    # (plotly.js sliders: 10 px inset at each end; ticks 25 px under the slider's top, labels
    # right under them). "iteration N" (plotly's current value) is an annotation
    # too, above the rail, that each frame updates.
    font_size = float(fig.layout.font.size or 14)
    sx, slen, tick_len = (0.0, 1.0, 7) if narrow else (0.27, 0.73, 7)
    pad_t = int(round(1.3 * font_size)) + 4  # room for "iteration N" above the rail
    label_y = -(pad_t + 25 + tick_len)  # the labels' top (measured in Chromium), px
    fig.add_annotation(text=t("iteration") + " " + str(int(left.iterations[k0])), xref="paper",
                       yref="paper", x=sx + slen, y=y_slider, xanchor="right", yanchor="top",
                       showarrow=False, font=dict(size=font_size), name="iteration")
    ticks = sorted({int(i) for i in np.round(np.linspace(0, n - 1, min(n, 7)))})
    # style_figure set every axis title to its own (empty) ones: the titles, with units, again
    for c in (1, 2):
        fig.update_xaxes(title_text=t("x₁ (data units)"), title_standoff=4, row=at[c - 1][0], col=at[c - 1][1])
    for c in (1, 2) if narrow else (1,):
        fig.update_yaxes(title_text=t("x₂ (data units)"), title_standoff=2, row=at[c - 1][0],
                         col=at[c - 1][1])
    fig.update_yaxes(title_text=t("W1 (data units)"), title_standoff=2, row=at[2][0], col=at[2][1])
    fig.update_yaxes(title_text=t_var(m_axis), title_standoff=2, row=at[3][0], col=at[3][1])
    fig.update_xaxes(title_text=t("generator iteration"), title_standoff=4, row=at[3][0], col=at[3][1])
    # frames: the generated points, the "now" lines, the panel titles and the maps (plain dicts,
    # not validated: 41 frames of go.Frame cost seconds on a busy machine). The maps are layout
    # images, not heatmap traces: plotly.js animates a frame's scatter traces by re-plotting only
    # the animated traces' subplots, which removes the heatmap drawn there until the frame's full
    # redraw, and during Play (or after a Pause cut that redraw short) frames showed no map.
    frames = []
    ann = [a.to_plotly_json() for a in fig.layout.annotations]
    for k in range(n):
        it = float(left.iterations[k])
        a = copy.deepcopy(ann)
        a[0]["text"] = _frame_title(names[0], left, k, k_modes)
        a[1]["text"] = _frame_title(names[1], right, k, k_modes)
        a[-1]["text"] = t("iteration") + " " + str(int(it))
        data = []
        for run in runs:
            data.append(dict(type="scatter", x=_r2(run.fake[k][:, 0]),
                             y=_r2(run.fake[k][:, 1])))
        data.append(dict(type="scatter", x=[it, it]))
        data.append(dict(type="scatter", x=[it, it]))
        frames.append(dict(name=str(k), data=data, traces=[1, 3, *now_idx],
                           layout=dict(annotations=a, images=[
                               _map_image(run, k, c) for c, run in enumerate(runs, start=1)])))
    step_args = lambda k: [[str(k)], dict(mode="immediate", frame=dict(duration=0, redraw=True),  # noqa: E731
                                          transition=dict(duration=0))]
    fig.update_layout(
        updatemenus=[dict(type="buttons", direction="left", x=0.0, xanchor="left", y=y_ctrl,
                          yanchor="top", showactive=False, pad=dict(t=0, r=8),
                          buttons=[dict(label="▶ " + t("Play"), method="animate",
                                        args=[None, dict(frame=dict(duration=PLAY_FRAME_MS,
                                                                    redraw=True),
                                                         fromcurrent=False, mode="immediate",
                                                         transition=dict(duration=0))]),
                                   dict(label="❚❚ " + t("Pause"), method="animate",
                                        args=[[None], dict(frame=dict(duration=0, redraw=False),
                                                           mode="immediate",
                                                           transition=dict(duration=0))]),
                                   dict(label="▶❚ " + t("Resume"), method="animate",
                                        args=[None, dict(frame=dict(duration=PLAY_FRAME_MS,
                                                                    redraw=True),
                                                         fromcurrent=True, mode="immediate",
                                                         transition=dict(duration=0))])])],
        sliders=[dict(active=k0, x=sx, len=slen, y=y_slider, yanchor="top",
                      pad=dict(t=pad_t, l=0, r=0, b=0), ticklen=tick_len, minorticklen=tick_len,
                      font=dict(color="rgba(0,0,0,0)"), currentvalue=dict(visible=False),
                      steps=[dict(label=str(int(left.iterations[k])), method="animate",
                                  args=step_args(k)) for k in range(n)])],
    )
    for k in ticks:
        f = k / max(n - 1, 1)
        fig.add_annotation(text=str(int(left.iterations[k])), xref="paper", yref="paper",
                           x=sx + slen * f, xshift=10 - 20 * f, y=y_slider, yshift=label_y,
                           xanchor="center", yanchor="top", showarrow=False,
                           font=dict(size=font_size), name="timeline tick")
    out = fig.to_dict()
    out["frames"] = frames
    return fast_figure(out)


def _r2(a) -> list:
    return np.round(np.asarray(a, dtype=float), 2).tolist()


def _map_values(run, k: int) -> np.ndarray:
    """The D/critic map of frame k for drawing: σ(D) as it is (0..1) for the GANs; the critic's
    f rescaled to 0..1 within the frame for the WGANs (only its shape is drawn: f is defined up
    to a constant and a scale K). Rows along y (ascending), columns along x."""
    z = np.asarray(run.maps[k], dtype=float)
    if run.loss.startswith("wgan"):
        ok = np.isfinite(z)
        lo, hi = (np.min(z[ok]), np.max(z[ok])) if ok.any() else (0.0, 0.0)
        z = (z - lo) / (hi - lo) if hi > lo else np.where(ok, 0.0, np.nan)
    return z


def _map_rgba(z: np.ndarray) -> np.ndarray:
    """Map values (0..1; NaN or ±∞: transparent) in :data:`MAP_SCALE`'s colours, as plotly
    draws a heatmap with that colour scale and zmin 0, zmax 1: (rows, cols, 4) uint8."""
    stops = np.array([s for s, _ in MAP_SCALE])
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for _, c in MAP_SCALE], dtype=float)
    ok = np.isfinite(z)
    v = np.clip(np.where(ok, z, 0.0), 0.0, 1.0)
    out = np.empty(z.shape + (4,), dtype=np.uint8)
    for ch in range(3):
        out[..., ch] = np.round(np.interp(v, stops, rgb[:, ch])).astype(np.uint8)
    out[..., 3] = np.where(ok, 255, 0)
    return out


def _png(rgba: np.ndarray) -> bytes:
    """A PNG file of an RGBA image (rows from the top), 8 bits a channel."""
    h, w, _ = rgba.shape

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + np.ascontiguousarray(row).tobytes() for row in rgba)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _map_image(run, k: int, col: int) -> dict:
    """The D/critic map of frame k as a layout image under panel ``col``'s points (what a heatmap
    trace with :data:`MAP_SCALE` drew: each value a cell centred on its grid point)."""
    xs, ys = np.asarray(run.map_x, dtype=float), np.asarray(run.map_y, dtype=float)
    dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
    dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
    png = _png(_map_rgba(_map_values(run, k))[::-1])  # the image's top row: the highest y
    ax = "" if col == 1 else str(col)
    return dict(source="data:image/png;base64," + base64.b64encode(png).decode("ascii"),
                xref="x" + ax, yref="y" + ax, x=round(float(xs[0] - dx / 2), 4),
                y=round(float(ys[-1] + dy / 2), 4), sizex=round(float(len(xs) * dx), 4),
                sizey=round(float(len(ys) * dy), 4), xanchor="left", yanchor="top",
                sizing="stretch", layer="below", name="map")


class _IsW:
    """Adapter: a PanelRun seen as something with ``is_wgan`` (for :func:`_run_color`)."""

    def __init__(self, run):
        self.is_wgan = run.loss.startswith("wgan")

"""6 · GAN vs WGAN: scenarios that each show one claim, recorded and replayed in the browser,
and the same runs (or your own settings) trained live, side by side, on the same data and seed.

Thin page. A scenario (:data:`divergences.scenarios.SCENARIOS`) is played from its recording
(:mod:`divergences.recordings`, checked against a manifest) as ONE plotly figure with animation
frames, so Play, Pause and the timeline run in the browser with nothing sent per frame; the
claim's measured frequency over 10 seeds comes from the recordings' ``results.json`` (written by
``python -m benchmarks.run scenarios``), never from typed text. "Train it yourself" and "your own
settings" make two :class:`divergences.training.TrainConfig`; an
:class:`app.jobs.TrainingJob` (kept in this session's state) trains them in the trainer process; a
``run_every`` fragment polls the job's read-only view and draws it with app/figures_training.py.
The student's own points (app/byod.py: upload a CSV or click) can replace the data set as the real
data of both panels (``TrainConfig.real_points``); a prediction ("which loss tracks W1?") is
answered by the run's measured r; where it is asked, r, the claim and the argument wait for it.

In a class (app/classroom): the teacher's view is followed like any page (scenario, seed, view);
the recording's playback too (app/recording_player.py: the teacher's Play, Pause and timeline
become the URL parameters ``live.play``, ``live.it``, ``live.since``); and "Train it yourself" is
the teacher's run on every following student's screen, read-only (:func:`app.jobs.class_job`):
the class trains once.
"""

import streamlit as st

from app import a11y, classroom
from app.byod import user_points
from app.export import histories_to_csv
from app.figures_training import (field_figure, grad_norm_figure, loss_figure, loss_label,
                                  modes_figure, recording_figure, tracking_figure, w1_figure,
                                  PLAY_FRAME_MS)
from app.i18n import current_lang, t, t_msg, t_var
from app.jobs import (EVAL_EVERY, MAX_RUN_SECONDS, SETTLE_S, TrainingJob, class_job, queued_text,
                      restart_notice, session_alive_probe, set_torch_threads, share_with_class,
                      shared_registry, torch_threads_for)
from app.labels import dataset_label
from app.live_chart import live_chart
from app.predict import guess_of, predict_then_reveal
from app.recording_player import BOX_KEY, IT_KEY, PLAY_KEY, SINCE_KEY, recording_player
from app.scenario_claims import scenario_note
from app.seeds_view import seeds_view
from app.shell import TIGHT_PREFIX, end_page
from app.state import register_param, url_number, url_select, url_slider
from app.style import is_presenting
from app.ui import (GONE_PREFIX, Metric, advanced_controls, chart, chart_config, explain, fmt_value,
                    metric_strip, notice, page_intro)
from divergences import recordings
from divergences.metrics import n_modes
from divergences.recordings import RecordingError
from divergences.scenarios import MIN_EVALS_FOR_R, OWN_SETTINGS, SCENARIOS, eval_schedule
from divergences.training import (LOSS_DEFAULTS, LOSSES, MIN_REAL_POINTS, TRAIN_DATASETS,
                                  RealPoints, TrainConfig, Trainer)
from divergences.userdata import UserDataError

JOB_KEY = "live.job"
NOTE_KEY = "live.note"
# Seconds between two updates of the live view while a run goes (each is also the page's
# heartbeat): a slow laptop or projector can redraw less often.
# Measured (benchmarks/bench_live_page.py, tests/browser/test_live_scenarios.py), server, trainer
# and one headless Chromium on the 2-core machine, charts updated in place (app/live_chart.py):
# at 1 s the browser shows every update (1.0 of 1.0 a second, ~24 KB each); at 0.5 s it shows 1.7
# of 2 a second. 1 s is the default a student's laptop keeps up with; 0.5 s is there for a fast
# computer, 2 s for a slow one or a projector.
REDRAW_CHOICES = ("0.5", "1", "2")
DEFAULT_REDRAW = "1"
SCENARIO_CHOICES = (*SCENARIOS, OWN_SETTINGS)
DEFAULT_SCENARIO = "mode-collapse"
VIEW_CHOICES = ("recorded", "live")
STEP_N = 10
WATCH_S = 0.5
# Seconds between two looks of a following student's page at the teacher's run while it stands
# still (watch_teacher, which draws nothing). A comment: a bare string here is drawn by magic.
SIDES = ("left", "right")
DEFAULT_LOSS = {"left": "gan", "right": "wgan"}
LR_CHOICES = ("1e-05", "2e-05", "5e-05", "0.0001", "0.0002", "0.0005", "0.001", "0.002", "0.005",
              "0.01")
CLIP_CHOICES = ("0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5")
LAMBDA_CHOICES = ("0", "0.1", "1", "5", "10", "20", "50")
WIDTH_CHOICES = ("16", "32", "64", "128", "256", "512")
BATCH_CHOICES = ("32", "64", "128", "256", "512", "1024")


def device_label(name: str) -> str:
    return {"auto": t("auto (GPU if there is one)"), "cpu": t("CPU"),
            "cuda": t("CUDA GPU")}[name]


def side_title(side: str) -> str:
    return t("Left panel") if side == "left" else t("Right panel")


def _fmt_r(r: float) -> str:
    return "—" if r != r else f"{r:.2f}"


def _lr_default(loss: str, which: str) -> str:
    v = LOSS_DEFAULTS[loss][which]
    return min(LR_CHOICES, key=lambda c: abs(float(c) - v))


# On a projector (presentation mode) the title and the selectors share one row (the teacher gives
# the introduction), so that the samples fit one 1280×720 screen under them, large; otherwise
# the scenarios are a row of radio buttons under the introduction.
if is_presenting():
    TOP = st.columns([1.25, 1.4, 1.35], vertical_alignment="center")
    TOP[0].title(t("6 · GAN vs WGAN"))
    TOP = TOP[1:]
else:
    page_intro(
        t("6 · GAN vs WGAN"),
        t("The finale: a GAN and a WGAN learn the same 2-D data from the same seed, side by side. "
          "Each scenario below shows one claim of the argument, with settings found by experiment "
          "and the number of seeds (of 10) in which it held. The ground truth is the exact Earth "
          "Mover distance W1 between the generated points and the real ones."),
    )
    TOP = None


def scenario_label(key: str) -> str:
    if key == OWN_SETTINGS:
        return t("Your own settings")
    return t_var(SCENARIOS[key].title)


with TOP[0] if TOP else st.container():
    scenario_key = url_select(
        t("Scenario"), "live.scenario", SCENARIO_CHOICES, DEFAULT_SCENARIO,
        format_func=scenario_label, label_visibility="collapsed",
        **(dict(widget=st.selectbox) if TOP else dict(widget=st.radio, horizontal=True)))
scenario = SCENARIOS.get(scenario_key)


def claim_box(sc) -> None:
    """The claim and how often it held, from the measured results (never typed by hand)."""
    try:
        tally = recordings.tally(sc.key)
        res = recordings.results()[sc.key]
    except RecordingError as exc:
        st.warning(t("Claim: {claim} Not measured yet: {why}", claim=t_var(sc.claim),
                     why=str(exc)), icon=":material/help:")
        return
    n = tally.n
    text = t("**Claim:** {claim} **Measured over {n} seeds that were not used to choose the "
             "settings** ({it} iterations each): {left} in **{a} of {n}**; {right} in "
             "**{b} of {n}**; both in {both} of {n}.",
             claim=t_var(sc.claim), n=n, it=res["iterations"], left=t_var(sc.left_claim.text),
             a=tally.left, right=t_var(sc.right_claim.text), b=tally.right, both=tally.both)
    try:
        scr = recordings.tally(sc.key, group="screening")
        text += " " + t("(On the {m} seeds the settings were chosen on: both in {both} of {m}.)",
                        m=scr.n, both=scr.both)
    except RecordingError:
        pass
    note = scenario_note(sc, res)
    if is_presenting():  # one screen on a projector: the measured counts, not the sentence
        cap = lambda s: s[:1].upper() + s[1:]  # the panels' claims start sentences here
        text = t("{left}: **{a} of {n}** seeds. {right}: **{b} of {n}**.",
                 left=cap(t_var(sc.left_claim.text)), a=tally.left, n=n,
                 right=cap(t_var(sc.right_claim.text)), b=tally.right)
        if tally.both < 0.8 * n:
            text += " " + t("**Not reliable:** both held in {both} of {n} seeds only.",
                            both=tally.both, n=n)
    if tally.both >= 0.8 * n or is_presenting():
        (st.success if tally.both >= 0.8 * n else st.warning)(
            text, icon=":material/verified:" if tally.both >= 0.8 * n else ":material/warning:")
    else:
        st.warning(text + "\n\n" + t("**This claim does not reproduce reliably:** it held in "
                                       "fewer than 8 of {n} seeds, so treat what a single run "
                                       "shows with care.", n=n), icon=":material/warning:")
    if note:
        st.info(note, icon=":material/lightbulb:")
    if not tally.current:
        st.warning(t("The scenario's settings changed after these runs were measured: rebuild "
                     "them with `python -m divergences.recordings`."), icon=":material/update:")


@st.cache_data(show_spinner=False, max_entries=24)
def _recording_figure(key: str, seed: int, lang: str, presenting: bool, phone: bool = False):
    """The recorded run's figure (cached per language, presentation mode and phone: they change
    its text, sizes and layout)."""
    sc = SCENARIOS[key]
    rec = recordings.load(key)
    left, right = rec.panel(seed, "left"), rec.panel(seed, "right")
    names = (loss_label(left.loss), loss_label(right.loss))
    return recording_figure(left, right, names, sc.metric, n_modes(sc.configs(seed)[0].dataset),
                            height=530 if presenting else 460, narrow=phone and not presenting)


def recorded_view(sc, seed_col, chart_col=None, claim: bool = False) -> None:
    """The recorded run (its seed chosen in ``seed_col``, drawn in ``chart_col``), then the claim
    (``claim``: under the chart, which comes first on the screen), a caption and the numbers."""
    try:
        rec = recordings.load(sc.key)
    except RecordingError as exc:
        st.warning(t("The recorded runs cannot be shown: {why}. Live training still works: "
                     "choose “Train it yourself”.", why=str(exc)), icon=":material/warning:")
        if claim:
            claim_box(sc)
        return
    seeds = [str(s) for s in rec.seeds]
    with seed_col:
        seed = int(url_select(t("Recorded seed"), "live.rec_seed", seeds, seeds[0],
                              widget=st.radio, horizontal=True, label_visibility="collapsed",
                              format_func=lambda s: t("seed {s}", s=s)))
    try:
        fig = _recording_figure(sc.key, seed, current_lang(), is_presenting(), a11y.on_phone())
    except (RecordingError, KeyError, ValueError) as exc:
        st.warning(t("The recorded runs cannot be shown: {why}. Live training still works: "
                     "choose “Train it yourself”.", why=str(exc)), icon=":material/warning:")
        if claim:
            claim_box(sc)
        return
    with chart_col or st.container(), st.container(key=BOX_KEY):
        chart(fig, f"live_rec_{sc.key}")
        # Play, Pause and the timeline stay in the browser; in a class, the teacher's playback
        # (its events, never its frames) is published and the students' charts play it
        recording_player(rec.panel(seed, "left").iterations, f"{sc.key}/{seed}", PLAY_FRAME_MS)
    if claim:
        claim_box(sc)
    st.caption(t("Press ▶ Play under the chart, or drag the timeline to any iteration. "
                 "Shading: the discriminator's σ(D(x)) (GAN) or the critic's f(x) rescaled "
                 "to its range (WGAN), darker = “more real”."))
    left, right = rec.panel(seed, "left"), rec.panel(seed, "right")
    metrics = []
    for side, run in (("left", left), ("right", right)):
        metrics += [Metric(t("{side}: W1 at the end", side=side_title(side)),
                           float(run.w1[-1]), t("units"),
                           t("exact W1 (POT), 500 generated vs 500 real points"), digits=3),
                    Metric(t("{side}: r(−loss, W1)", side=side_title(side)), run.r, "",
                           t("Pearson r over the run's {n} evaluations", n=len(run.w1) - 1),
                           digits=2)]
    metric_strip(metrics)


def explain_wgan() -> None:
    explain(
        t("WGAN changes four things in the GAN (Arjovsky, Chintala & Bottou, 2017):\n\n"
          "1. **No sigmoid** at the end of the discriminator: it becomes a *critic* f that outputs "
          "any real number, an estimate of the Kantorovich–Rubinstein dual, not a probability.\n"
          "2. **No log** in the losses: the critic maximises E f(real) − E f(fake); the generator "
          "minimises −E f(fake).\n"
          "3. **Weights clipped** into [−c, c] after every critic step (biases too), so that f stays "
          "K-Lipschitz for some K: then −(critic loss) ≈ K·W1.\n"
          "4. **No momentum**: RMSProp instead of Adam.\n\n"
          "The minimax GAN's generator loss log(1 − D) saturates when D is confident, and the "
          "−log D trick trades that for a loss that punishes fake-looking points far more than "
          "missing modes. The WGAN critic's loss is an estimate of a distance, so it should fall "
          "as the samples get better: check it against the exact W1 below."),
        formulas=[
            r"\text{GAN:}\ \min_G \max_D\ \mathbb{E}_{x\sim P}\log D(x) + "
            r"\mathbb{E}_{z}\log\bigl(1 - D(G(z))\bigr),\quad D = \sigma(\cdot)",
            r"\text{WGAN:}\ \min_G \max_{\|w\|_\infty \le c}\ \mathbb{E}_{x\sim P} f_w(x) - "
            r"\mathbb{E}_{z} f_w(G(z)) \;\approx\; K\cdot W_1(P, P_G)",
            r"W_1(P, Q) = \min_{\gamma\in\Pi(P,Q)} \sum_{ij}\gamma_{ij}\,\lVert x_i - y_j\rVert"
            r"\quad\text{(exact, POT, on 500 + 500 points)}",
        ],
    )


def own_settings() -> dict:
    """Today's free controls (data, seed, networks, each panel's loss and optimiser): the two
    panels' configs, or a stop with the reason when they cannot be trained."""
    with st.container(border=True):
        st.markdown(t("**Both panels** use the same data, seed and networks:"))
        c1, c2, c3 = st.columns(3)
        # The student's own points (upload or click) replace the data set for both panels. Drawn
        # below the row of selectors, but read first so that the data set selector can say so.
        with st.container():
            mine = user_points("live.real", dims=2, role=t("the real data"),
                               min_points=MIN_REAL_POINTS)
            own: RealPoints | None = None
            if mine is not None:
                source = st.session_state.get("w.byod.live.real.source")
                try:
                    own = RealPoints(mine, source="drawn" if source == "draw" else "uploaded")
                except UserDataError as exc:
                    st.warning(t("Your points cannot be the real data yet: {why} Until then both "
                                 "panels learn the data set chosen above.", why=t_msg(exc)),
                               icon=":material/warning:")
            if own is not None:
                st.caption(t(
                    "Both panels learn your {n} points: every real batch is drawn from them with "
                    "replacement. The networks see them centred on ({cx}, {cy}) and divided by "
                    "{s}, so that they have the built-in data sets' spread; the charts, W1 and its "
                    "floor are in your units.", n=len(own), cx=fmt_value(own.center[0], sig=3),
                    cy=fmt_value(own.center[1], sig=3), s=fmt_value(own.scale, sig=3)))
        with c1:
            dataset = url_select(t("Data set"), "live.dataset", TRAIN_DATASETS, "8gaussians",
                                 format_func=dataset_label, disabled=own is not None,
                                 help=t("Your own points are the real data now: choose “The page's "
                                        "data” under “Use your own data” to train on a data set.")
                                 if own is not None else None)
        with c2:
            seed = int(url_number(t("Seed"), "live.seed", 0, 9999, 0, 1,
                                  help=t("Same seed, same start: both panels draw the same random "
                                         "numbers for their initial networks and noise.")))
        with c3:
            device = url_select(t("Device"), "live.device", ("auto", "cpu", "cuda"), "auto",
                                format_func=device_label)
        with advanced_controls(t("Networks, batch and redraw rate"), key="live_net"):
            n1, n2, n3, n4 = st.columns(4)
            with n1:
                width = int(url_select(t("Width (units per hidden layer)"), "live.width",
                                       WIDTH_CHOICES, "128", widget=st.select_slider))
            with n2:
                depth = int(url_slider(t("Depth (hidden layers)"), "live.depth", 1, 6, 3, 1))
            with n3:
                batch = int(url_select(t("Batch size (points per step)"), "live.batch",
                                       BATCH_CHOICES, "256", widget=st.select_slider))
            with n4:
                redraw()

    # Every loss keeps its own settings in the URL: declare them all, shown or not, so that a shared
    # link keeps them (the per-loss keys of the losses not shown now are not "unknown").
    for _side in SIDES:
        for _key in ("clip", "lambda", *(f"{lo}.{k}" for lo in LOSSES
                                         for k in ("lr_d", "lr_g", "n_critic"))):
            register_param(f"live.{_side}.{_key}")

    panel_settings = {}
    cols = st.columns(2)
    for side, col in zip(SIDES, cols):
        with col, st.container(border=True):
            loss = url_select(t("{side}: loss", side=side_title(side)), f"live.{side}.loss", LOSSES,
                              DEFAULT_LOSS[side], format_func=loss_label)
            s = {"loss": loss}
            a, b = st.columns(2)
            with a:
                s["lr_d"] = float(url_select(
                    t("Learning rate of D / critic"), f"live.{side}.{loss}.lr_d", LR_CHOICES,
                    _lr_default(loss, "lr_d"), widget=st.select_slider))
            with b:
                s["lr_g"] = float(url_select(
                    t("Learning rate of G"), f"live.{side}.{loss}.lr_g", LR_CHOICES,
                    _lr_default(loss, "lr_g"), widget=st.select_slider))
            a, b = st.columns(2)
            with a:
                s["n_critic"] = int(url_slider(
                    t("D / critic steps per G step (n_critic)"), f"live.{side}.{loss}.n_critic", 1,
                    20, LOSS_DEFAULTS[loss]["n_critic"], 1))
            with b:
                if loss == "wgan":
                    s["clip"] = float(url_select(t("Clip value c"), f"live.{side}.clip",
                                                 CLIP_CHOICES, "0.1", widget=st.select_slider))
                elif loss == "wgan-gp":
                    s["gp_lambda"] = float(url_select(t("Penalty weight λ"), f"live.{side}.lambda",
                                                      LAMBDA_CHOICES, "10", widget=st.select_slider))
                else:
                    st.caption(t("Optimiser: Adam (β₁ = 0.5). No clipping: D ends in a sigmoid."))
                if loss == "wgan":
                    st.caption(t("Optimiser: RMSProp (no momentum)."))
                elif loss == "wgan-gp":
                    st.caption(t("Optimiser: Adam (β₁ = 0, β₂ = 0.9)."))
            panel_settings[side] = s


    try:
        return {side: TrainConfig(dataset=dataset, seed=seed, device=device, batch_size=batch,
                                  width=width, depth=depth, real_points=own,
                                  **panel_settings[side]).resolved()
                for side in SIDES}
    except ValueError as exc:
        st.error(t("These settings cannot be trained: {why}", why=str(exc)))
        end_page()


def scenario_settings(sc, seed_col=None) -> dict:
    """A scenario's two configs for a seed (chosen here, in ``seed_col``: the row of the run's
    buttons), for live training."""
    recorded = recordings.CONFIRMATION_SEEDS[:recordings.RECORDED_SEEDS]
    with seed_col or st.container():  # its label beside it: the row is as high as a button
        name, box = st.columns([1, 2.2], vertical_alignment="center")
        name.markdown(t("Seed"), help=t("Same seed, same start: both panels draw the same random "
                                        "numbers for their initial networks and noise. Seeds {a}, "
                                        "{b} and {c} are the recorded ones: trained here, they give "
                                        "their recording's numbers at every evaluation.",
                                        a=recorded[0], b=recorded[1], c=recorded[2]))
        with box:
            seed = int(url_number(t("Seed"), "live.seed", 0, 9999, recorded[0], 1,
                                  label_visibility="collapsed"))
    left, right = sc.configs(seed)
    return {"left": left, "right": right}


def scenario_details(sc, configs: dict) -> None:
    """The scenario's settings in words and the redraw rate (under the live view: the panels
    come first on the screen)."""
    st.caption(t("The scenario's settings: left {left}; right {right}; {it} iterations. "
                 "Choose “Your own settings” to change them.",
                 left=describe(configs["left"]), right=describe(configs["right"]),
                 it=sc.iterations))
    with advanced_controls(t("Redraw rate"), key="live_redraw"):
        redraw()


def describe(cfg) -> str:
    parts = [loss_label(cfg.loss), dataset_label(cfg.dataset), t("batch {b}", b=cfg.batch_size),
             t("D lr {lr:g}", lr=cfg.lr_d), t("G lr {lr:g}", lr=cfg.lr_g),
             t("{k} D steps per G step", k=cfg.n_critic)]
    if cfg.z_dim != TrainConfig().z_dim:  # the mode-collapse scenario's 16-dimensional noise
        parts.append(t("{d}-dimensional noise", d=cfg.z_dim))
    if cfg.loss == "wgan":
        parts.append(t("clip {c:g}", c=cfg.clip))
    return ", ".join(parts)


def redraw() -> float:
    """The redraw-rate control (seconds between two updates of the live view)."""
    return float(url_select(
        t("Redraw every (s)"), "live.redraw", REDRAW_CHOICES, DEFAULT_REDRAW,
        widget=st.select_slider,
        help=t("How often the charts update while training. Training goes on at the same "
               "speed; a slow computer or projector keeps up better with 2 s.")))


# ---- the job (this session's only) ---------------------------------------------------------------
def _new_job() -> TrainingJob:
    registry = shared_registry()
    threads = torch_threads_for(registry.capacity)
    set_torch_threads(threads)  # this script thread draws the first view of the new models
    trainers = {side: Trainer(cfg) for side, cfg in configs.items()}
    every, end = (eval_schedule(scenario.iterations, scenario.n_evals) if scenario is not None
                  else (EVAL_EVERY, None))  # a scenario's run is measured as its recording
    return TrainingJob(trainers, registry, torch_threads=threads, eval_every=every,
                       eval_end=end, session_alive=session_alive_probe())


# ---- predict, then let the run reveal ------------------------------------------------------------
PREDICT_KEY = "live.tracks"
def asks_tracks(sc) -> bool:
    """Whether this view asks "which loss tracks W1?": the student's own settings, and the
    scenario whose claim is that answer (its r). There, r, the measured tracking, the claim and
    the argument (:func:`explain_wgan`) stay hidden until the question is revealed."""
    return sc is None or sc.metric == "r"


def tracks_revealed() -> bool:
    """Whether the answer may be shown to this session (without drawing the question): alone,
    once a guess is committed; a student in a class, once the teacher revealed it too (or while
    the class server cannot be reached: then the student works alone); the teacher, once
    revealed to the class."""
    c = classroom.current()
    if c is not None and c["role"] == "teacher":
        try:
            return bool(classroom.store().revealed(c["code"], PREDICT_KEY))
        except Exception:  # noqa: BLE001 - no class server: nothing is revealed
            return False
    if guess_of(PREDICT_KEY) is None:
        return False
    return c is None or c["role"] != "student" or c["offline"] or PREDICT_KEY in c["revealed"]


def ask_tracks(measured: str = "") -> bool:
    """The question (``measured``: what the run shown measured so far, under the explanation);
    True once it is revealed to this session."""
    return predict_then_reveal(
        PREDICT_KEY,
        t("As training goes on, which loss curve will track the quality of the samples (the "
          "exact W1 between the generated and the real points)?"),
        kind="choice", options=["gan", "wgan", "both", "neither"],
        format_func=tracks_label,
        answer="wgan",
        explanation=t("−(critic loss) is the WGAN critic's estimate of K·W1 between the real and "
                      "the generated points, so it falls as the samples get closer to the data. "
                      "The GAN's discriminator loss only says how well D tells real from fake "
                      "right now; D and G keep catching up with each other, so it stays in a "
                      "narrow band just under 2 ln 2 ≈ 1.39 nats (its value when D cannot tell "
                      "real from fake at all) whether the samples are good or bad.")
        + ("\n\n" + measured if measured else ""),
    ).revealed


def hidden_until_revealed(what: str) -> None:
    """Where ``what`` (a part of the page that gives the answer away) is, until it is revealed."""
    c = classroom.current()
    st.caption(":material/visibility_off: " + (
        t("{what}: shown once your teacher reveals the answer to the question above.", what=what)
        if c is not None and c["role"] == "student" else
        t("{what}: shown once you reveal the answer to the class.", what=what)
        if c is not None else
        t("{what}: shown once you commit your guess to the question above.", what=what)))




def tracks_label(option: str) -> str:
    return {"gan": t("The GAN's discriminator loss"), "wgan": t("The WGAN's critic loss"),
            "both": t("Both"), "neither": t("Neither")}[option]


def measured_tracking(runs: dict) -> str:
    """The run's own answer so far: each panel's r between −(D/critic loss) and the exact W1
    (``runs``: the job view's runs)."""
    rs = {s: shown_r(r) for s, r in runs.items()}
    if all(r != r for r in rs.values()):
        return t("Press Start and watch the “Loss ↔ W1 (r)” numbers under the panels: after "
                 "{n} evaluations of the exact W1 (one every 2 s or so) they show it.",
                 n=MIN_EVALS_FOR_R)
    parts = "; ".join(t("{side}, {loss}: r = {r}", side=side_title(s),
                        loss=loss_label(runs[s].config.loss), r=_fmt_r(r))
                      for s, r in rs.items())
    return t("Measured in this run so far (r between −(loss) and the exact W1, near 1 when the "
             "loss tracks it): {parts}. Keep it running and watch the numbers under the panels.",
             parts=parts)


def n_evals(run) -> int:
    """Evaluations after iteration 0 (the ones r rests on)."""
    return sum(1 for i in run.history.eval_iteration if i > 0)


def shown_r(run) -> float:
    """r(−loss, W1), or NaN until it rests on :data:`MIN_EVALS_FOR_R` evaluations."""
    return run.tracking_r if n_evals(run) >= MIN_EVALS_FOR_R else float("nan")


if scenario is not None:
    v1, v2 = (TOP[1], None) if TOP else st.columns([1, 1], vertical_alignment="center")
    with v1:
        view_mode = url_select(t("Show"), "live.view", VIEW_CHOICES, "recorded",
                               format_func=lambda v: {"recorded": t("Recorded runs (instant)"),
                                                      "live": t("Train it yourself")}[v],
                               widget=st.radio, horizontal=True, label_visibility="collapsed")
    if view_mode == "recorded":
        if (old := st.session_state.get(JOB_KEY)) is not None and old.is_active:
            old.pause()  # a live run of this session does not go on unseen
        if asks_tracks(scenario) and not ask_tracks():  # the recording is the answer
            for _key in ("live.rec_seed", PLAY_KEY, IT_KEY, SINCE_KEY):  # kept in the link
                register_param(_key)
            hidden_until_revealed(t("The recorded runs, their numbers and the claim"))
        elif TOP is None:  # the claim under the chart (long claims pushed it off the screen)
            recorded_view(scenario, v2, claim=True)
        else:  # a projector: the claim beside the chart, whose maps can then be large
            chart_col, claim_col = st.columns([3.9, 1])
            recorded_view(scenario, claim_col, chart_col)  # the seed above the claim
            with claim_col:
                claim_box(scenario)
        with st.container(key=GONE_PREFIX + "live_settings"):  # "Train it yourself"'s settings:
            scenario_details(scenario, scenario_settings(scenario))  # not shown, but their link
            # values are kept and checked
        with st.expander(t("How these settings were chosen"), icon=":material/science:"):
            st.markdown(t_var(scenario.why))
        if not asks_tracks(scenario) or tracks_revealed():
            explain_wgan()
        end_page()
    # the seed in the row of the run's buttons (the panels come right under them)
    ROW = st.columns([1.6, 1, 1, 1.4, 1, 1], vertical_alignment="center")
    configs = scenario_settings(scenario, ROW[0])
else:
    ROW = None
    configs = own_settings()
redraw_s = float(st.session_state.get("v.live.redraw") or DEFAULT_REDRAW)

# ---- whose run: this session's own, or (a student following a class) the teacher's ---------------
def watched_job() -> TrainingJob | None:
    """For a student who follows the teacher: the teacher's live run, when the teacher has one in
    this server process (:func:`app.jobs.class_job`); else None (this session trains its own)."""
    if not classroom.following():
        return None
    return class_job(classroom.current()["code"])


def following_class() -> bool:
    return classroom.following()


WATCHING = watched_job() is not None
# A following student's page draws the teacher's run, read-only: the class trains once.
if WATCHING:
    job: TrainingJob = watched_job()
else:
    job: TrainingJob | None = st.session_state.get(JOB_KEY)
    if job is not None and {s: tr.config for s, tr in job.trainers.items()} != configs:
        was_going = job.is_active
        job.stop("reset")
        job = None
        if was_going:
            st.session_state[NOTE_KEY] = t("The settings changed, so the run started over.")
    if job is None:
        job = _new_job()
        st.session_state[JOB_KEY] = job
    if classroom.role() == "teacher":  # the class watches this run (this server process only)
        share_with_class(classroom.current()["code"], job)


def on_start() -> None:
    j = st.session_state[JOB_KEY]
    if scenario is not None:  # a scenario's run is as long as its claim needs
        done = next(iter(j.trainers.values())).iteration
        if done < scenario.iterations:
            j.step(scenario.iterations - done)
        else:
            j.start()
    else:
        j.start()


def on_pause() -> None:
    j = st.session_state[JOB_KEY]
    j.pause()
    j.settle(SETTLE_S)  # the trainer answers within a chunk: this run shows "Paused" at once


def on_step() -> None:
    j = st.session_state[JOB_KEY]
    if j.step(STEP_N):
        j.settle(SETTLE_S)  # 10 iterations take a few chunks: show their end, not "Training"


def on_reset() -> None:
    old = st.session_state.pop(JOB_KEY, None)
    if old is not None:
        old.stop("reset")


active = job.is_active
polling = job.busy  # also while a pause's final view is on its way
if WATCHING:  # no Start, Pause, Step or Reset: the teacher runs it
    st.caption(":material/co_present: " + t("Your teacher's run: it trains once for the whole "
                                            "class and your screen shows it live."))
else:
    if following_class():  # the teacher's run is in another server process (or there is none)
        st.caption(t("Your teacher's run cannot be shown here (it trains on another server of "
                     "this app, or your teacher has not opened it): you can train these settings "
                     "yourself."))
    b1, b2, b3, b4 = ROW[1:5] if ROW else st.columns([1, 1, 1.4, 1, 2.6])[:4]
    b1.button(t("Start"), key="live.start", on_click=on_start, disabled=active, type="primary",
              icon=":material/play_arrow:", width="stretch")
    b2.button(t("Pause"), key="live.pause", on_click=on_pause, disabled=not active,
              icon=":material/pause:", width="stretch")
    b3.button(t("Step (+{n} iterations)", n=STEP_N), key="live.step", on_click=on_step,
              disabled=active, icon=":material/skip_next:", width="stretch")
    b4.button(t("Reset"), key="live.reset", on_click=on_reset, icon=":material/restart_alt:",
              width="stretch")
if note := st.session_state.pop(NOTE_KEY, None):
    st.info(note, icon=":material/restart_alt:")


# Below the buttons (the controls stay at the top of the page), above the live view it asks
# about; only where the question is the scenario's (the loss) or the student's own settings.
# job.view(), not poll(): drawing the page is not a heartbeat of the run
ASKED = asks_tracks(scenario)
REVEALED = ask_tracks(measured_tracking(job.view().runs)) if ASKED else True


# ---- the live view ---------------------------------------------------------------------------------
def status_line(view) -> None:
    run0 = next(iter(view.runs.values()))
    where = t("Device: {device} ({why}).", device=run0.device.upper(),
              why=t_msg(run0.device_reason))
    if getattr(view, "notice", ""):
        st.warning(restart_notice(view), icon=":material/restart_alt:")
    if view.status == "queued":
        st.warning(queued_text(view), icon=":material/hourglass_top:")
    elif view.status == "running":
        st.success(t("Training: iteration {it}, {rate:.0f} iterations/s. {where}",
                     it=run0.iteration, rate=view.it_per_s, where=where),
                   icon=":material/model_training:")
    elif view.status == "error":
        st.error(t("The run failed: {why}", why=view.reason))
    else:
        reasons = {
            "heartbeat": t("It stopped because this page stopped asking for updates (a closed "
                           "tab, another page, or a browser too busy to redraw: try a slower "
                           "redraw rate); press Start to go on."),
            "max_duration": t("It stopped after the longest run allowed ({m:.0f} min); press "
                              "Start to go on.", m=MAX_RUN_SECONDS / 60),
        }
        if WATCHING:  # the teacher's run: the teacher starts it and says why it stopped
            reasons = {}
        what = {"idle": t("Your teacher has not started the run yet: when they press Start, it "
                          "trains here, live.") if WATCHING
                else t("Ready: press Start (or Step)."),
                "paused": t("Paused at iteration {it}.", it=run0.iteration),
                "stopped": t("Stopped at iteration {it}.", it=run0.iteration)}.get(view.status, "")
        st.info(" ".join(x for x in (what, reasons.get(view.reason, ""), where) if x),
                icon=":material/info:")
    for run in view.runs.values():
        for msg in run.messages:
            st.warning(t("{side}: {message}", side=side_title(run.name),
                         message=t_msg(msg)),
                       icon=":material/memory:")


def shown(m: Metric) -> str:
    """A metric's value as :func:`app.ui.metric_strip` shows it (with its unit)."""
    if m.text is not None:
        return m.text
    value = fmt_value(m.value, m.digits)
    return f"{value} {m.unit}" if m.unit and value != t("undefined") else value


def updated(fig, key: str) -> None:
    """A chart of the live view: updated in place at every redraw, only its data sent
    (app/live_chart.py)."""
    live_chart(fig, key, chart_config(key))


def panel(run, active: bool) -> None:
    """One panel: its samples over the D/critic map, its numbers under them, and its losses once
    the run stands still. On a projector the title is one line (the colour bar's title says what
    the shading is), the legend goes (as on the recorded runs) and the numbers are one line of
    text: four metric boxes abreast did not fit under 260-px maps on a 1280×720 screen."""
    cfg = run.config
    name = loss_label(cfg.loss)
    h = run.history
    k = n_modes(cfg.modes_dataset)
    presenting = is_presenting()
    title = t("{side}: {loss}", side=side_title(run.name), loss=name)
    if not presenting:
        title += "<br>" + t("samples over {what}", what=t("the critic f(x)") if run.is_wgan
                            else t("the discriminator σ(D(x))"))
    updated(field_figure(run, title, height=317 if presenting else 350, compact=presenting),
            f"live_field_{run.name}")
    w1 = h.w1[-1] if h.w1 else None
    modes = h.modes[-1] if h.modes else None
    hq = h.hq[-1] if h.hq else None
    metrics = [
        Metric(t("Exact W1"), w1, t("units"),
               t("Earth Mover distance, exact (POT), between G(z) for 500 fixed z and 500 fixed "
                 "real points. Two independent real samples of 500 points are {f:.3f} apart "
                 "(sampling noise). A generator can come below that by being under-dispersed, "
                 "e.g. its points packed more tightly on the mode centres than the data: below "
                 "the line does not mean better than the data.", f=run.w1_floor), digits=3),
        Metric(t("Modes covered (3σ)"), modes if k else None, t("of {k}", k=k) if k else "",
               t("3σ rule (VEEGAN, PacGAN): a mode is covered when at least 2 % of the "
                 "generated points lie within 3σ of its centre") if k
               else t("not defined for your own points: they have no known mode centres")
               if cfg.real_points is not None else t("this data set has no modes"), digits=0),
        Metric(t("High quality"), None if (hq is None or not k) else 100 * hq, "%",
               t("share of generated points within 3σ of a mode"), digits=0),
        Metric(t("Loss ↔ W1 (r)"), shown_r(run), "",
               t("Pearson correlation between −(D/critic loss) and the exact W1 over the run's "
                 "{n} evaluations (shown from {m} on: with fewer, a large r happens by chance); "
                 "near 1 means the loss tracks the sample quality", n=n_evals(run),
                 m=MIN_EVALS_FOR_R), digits=2,
               text=t("hidden") if not REVEALED  # the question's answer
               else None if n_evals(run) >= MIN_EVALS_FOR_R
               else f"— ({n_evals(run)}/{MIN_EVALS_FOR_R})"),  # evaluations so far / needed
    ]
    if presenting:
        st.markdown(" · ".join(f"{m.label} **{shown(m)}**" for m in metrics))
    else:
        metric_strip(metrics)
    if not active:  # the losses change every iteration: drawn when the run stands still
        with st.expander(t("Losses and r of this panel"), icon=":material/show_chart:"):
            chart(loss_figure(run, t("Losses")), f"live_loss_{run.name}")
            if REVEALED:
                chart(tracking_figure(run, t("Does −(loss) follow the exact W1? r = {r}", r=_fmt_r(
                    shown_r(run)))), f"live_track_{run.name}")
            else:
                hidden_until_revealed(t("Does −(loss) follow the exact W1?"))


def export(view) -> None:
    data = {t("{side}: {loss}", side=side_title(s), loss=r.config.loss): (r.config, r.history)
            for s, r in view.runs.items()}
    st.download_button(t("Download the run's metrics (CSV)"), data=lambda: histories_to_csv(data),
                       file_name="divergence-lab-live-training.csv", mime="text/csv",
                       key="live.csv", icon=":material/download:", on_click="ignore")


def live_view(was_active: bool) -> None:
    job_now: TrainingJob | None = watched_job() if WATCHING else st.session_state.get(JOB_KEY)
    if job_now is None:  # the teacher's run is gone (Reset, a new one, the teacher left)
        st.rerun(scope="app")
    # watching the teacher's run is not a heartbeat of it: it is the teacher's page that keeps it
    view = job_now.view() if WATCHING else job_now.poll()
    if was_active and not job_now.busy:
        st.rerun(scope="app")  # the run ended on its own: stop polling, refresh the buttons
    if WATCHING and (job_now is not job or (job_now.busy and not was_active)):
        st.rerun(scope="app")  # the teacher started (or replaced) the run: poll it
    with st.container(key=TIGHT_PREFIX + "live_status"):  # a slim box: the panels come next
        status_line(view)
    if REVEALED and (guess := guess_of(PREDICT_KEY)) is not None:  # the run answers it, live
        st.caption(t("Your prediction: {guess}.", guess=tracks_label(guess)) + " "
                   + measured_tracking(view.runs))
    left, right = st.columns(2)
    runs = [view.runs[s] for s in SIDES]
    for col, run in zip((left, right), runs):
        with col:
            panel(run, was_active)
    names = [t("{side}: {loss}", side=side_title(r.name), loss=loss_label(r.config.loss))
             for r in runs]
    g1, g2 = st.columns(2)
    with g1:
        updated(w1_figure(runs, names, runs[0].w1_floor), "live_w1")
    with g2:
        k = n_modes(runs[0].config.modes_dataset)
        if scenario is not None and scenario.metric == "grad_norm":  # the scenario's own curve
            updated(grad_norm_figure(runs, names), "live_grad")
        elif k:
            updated(modes_figure(runs, names, k), "live_modes")
        elif runs[0].config.real_points is not None:
            st.caption(t("Modes covered is not defined for your own points: they have no known "
                         "mode centres. The exact W1 on the left is the measure of quality."))
        else:
            st.caption(t("Modes covered is defined for the Gaussian mixtures only (8 and 25 "
                         "Gaussians)."))
    export(view)


live = st.fragment(run_every=redraw_s if polling else None)(live_view)
live(polling)


@st.fragment(run_every=WATCH_S)
def watch_teacher() -> None:
    """A follower whose teacher's run stands still: has the teacher started it (or made a new
    one)? The teacher's Start changes no URL parameter, so nothing else tells the student. Draws
    nothing: a look costs next to nothing; the live view polls once the run goes."""
    j = watched_job()
    if j is not job or (j is not None and j.busy):
        st.rerun(scope="app")


if WATCHING and not polling:
    watch_teacher()
if scenario is not None:  # under the live view, which comes first on the screen
    if REVEALED:
        claim_box(scenario)
    else:
        hidden_until_revealed(t("The scenario's claim and how often it held"))
    scenario_details(scenario, configs)
seeds_view(configs)  # "these settings, 8 seeds at once" (app/seeds_view.py)

if scenario is None:  # (a scenario's claim is in its box above)
    notice(t("One live run is one seed: compare it with the claim's measured frequency above. "
             "With the default settings on 8 Gaussians the GAN can find all the modes as fast as "
             "the WGAN, or faster (seed 0 does); what the scenarios measure is where the two "
             "differ. Watch the arrows: the generator's push. Where the minimax GAN's discriminator wins, the push "
             "fades away; the critic's does not."))
if REVEALED:
    explain_wgan()
else:  # the argument is the question's answer
    hidden_until_revealed(t("Why? The argument in a few lines"))

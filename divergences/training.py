"""A headless toy GAN / WGAN trainer on 2-D data, shared by page 6, the tests and the benchmarks.

Losses (generator G: z ~ N(0, I) ↦ x ∈ R², discriminator or critic D: R² → R, no sigmoid layer;
for the GANs σ(D(x)) is the probability that x is real, computed stably with softplus):

- ``"gan"`` (Goodfellow et al. 2014, minimax): D minimises −E_P log σ(D(x)) − E_Q log(1 − σ(D(x)))
  (binary cross-entropy, nats); G minimises E_z log(1 − σ(D(G(z)))), which saturates when D wins.
- ``"nsgan"`` (the "−log D" trick): same D; G minimises −E_z log σ(D(G(z))) (nats).
- ``"wgan"`` (Arjovsky et al. 2017, Algorithm 1): the critic minimises E_z f(G(z)) − E_P f(x), and
  after *every* critic step every critic parameter, biases included, is clipped into [−c, c];
  G minimises −E_z f(G(z)). RMSProp for both (no momentum), n_critic critic steps per G step.
  −(critic loss) estimates K·W1(P, Q) for an unknown constant K(c) (in "critic units").
- ``"wgan-gp"`` (Gulrajani et al. 2017, Algorithm 1): no clipping; the critic loss adds
  λ·E[(‖∇f(x̂)‖ − 1)²] (:func:`divergences.nets.gradient_penalty`); Adam(β₁ = 0, β₂ = 0.9).

One *iteration* is n_critic discriminator/critic steps then one generator step, on fresh batches
(real points from :func:`divergences.datasets.sample_2d`, noise from the trainer's own seeded
generator, so that two trainers in one process never share a random stream).

Own data (``TrainConfig(real_points=...)``, a :class:`RealPoints`): real batches and the fixed real
evaluation sample are drawn from the student's points uniformly WITH replacement by the trainer's
seeded generators (the empirical distribution is the real data P). The networks see the points
standardised (centred, then divided by ONE factor for both axes so that their RMS distance from
the centroid is √2, the built-in data sets' spread): an upload in pixels or in kilometres trains
as well as one in the data sets' units. Everything the trainer reports (samples, the exact W1,
its floor, the view's bounds, the critic map's grid, the generator's push) is in the student's
units; W1 scales by exactly that factor. The floor is the W1 between two independent resamples of
``n_eval`` points; modes are not defined for own points.

Defaults, and where they differ from the papers (and why)
---------------------------------------------------------
The WGAN paper's defaults are RMSProp, lr α = 5e-5, clip c = 0.01, batch m = 64, n_critic = 5 (its
networks are DCGANs on images, trained for hours on a GPU). Here the budget is a convincing run
within about a minute on two CPU cores (one torch thread), so three WGAN defaults differ:

- learning rate ``lr_d`` = ``lr_g`` = 5e-4 instead of 5e-5 (10×): with RMSProp each step moves a
  parameter by about lr whatever the gradient scale, and at 5e-5 the 2-D generator needs tens of
  thousands of iterations (many minutes on a CPU) to spread over the eight modes. Measured on
  8 Gaussians, 60 s on one CPU thread (modes covered / high-quality share / exact W1): lr 5e-4
  gave 8/33 %/0.137 (seed 0), 8/3 %/0.212 (seed 1), 7/17 %/0.155 (seed 2); lr 1e-3 gave
  7/11 %/0.148 and 5/11 %/0.155 (seeds 0, 1); lr 2e-4 gave 7/19 %/0.166, 4/1 %/0.363, 8/45 %/0.124.
- clip c = 0.1 instead of 0.01: c bounds every weight, so a layer's gain is about c·√fan_in. The
  paper's DCGAN critic has fan-ins in the thousands (c·√fan_in ≈ 1); this critic's hidden layers
  have fan-in 128, where c = 0.01 shrinks the signal ~10× per layer: the critic's outputs and
  gradients were ~1e-5, and in a test run its ReLUs died (critic loss exactly 0, no gradient for
  the generator) after ~1200 iterations. c = 0.1 keeps c·√128 ≈ 1.1, as in the paper.
- batch 256 instead of 64: less noisy critic estimates at almost the same cost per step for a
  small MLP on a CPU (batch 128 did worse in 60 s: 5 of 8 modes).

Algorithm 1 is otherwise exact: RMSProp (PyTorch's, smoothing 0.99, no momentum) for both nets,
n_critic = 5, every critic parameter (biases included) clipped after every critic step. The nets
are ReLU MLPs of depth 3 and width 128 with generator noise of dimension 2 (the WGAN-GP toy code
used width 512: 128 is ~10× cheaper on a CPU and enough for 2-D data). The GANs use
Adam(lr 2e-4, β₁ = 0.5, β₂ = 0.999) (the DCGAN settings) and one D step per G step (Goodfellow
et al.'s k = 1); WGAN-GP uses its paper's Adam(1e-4, β₁ = 0, β₂ = 0.9), λ = 10, n_critic = 5.

Every one of these is a field of :class:`TrainConfig`; ``TrainConfig.paper(loss)`` gives the
published settings.

Devices: ``"auto"`` picks CUDA when ``torch.cuda.is_available()`` and the CPU otherwise (the reason
is kept in ``Trainer.device_reason``); ``"cuda"`` without a GPU falls back to the CPU, and a CUDA
out-of-memory error during :meth:`Trainer.step` moves the run to the CPU and carries on; both leave
a message in ``Trainer.messages``.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field, fields, replace

import numpy as np
import torch
import torch.nn.functional as F

from ._validate import check_float, check_int
from .datasets import DATASETS, sample_2d
from .messages import N_, Message
from .metrics import MODES, mode_coverage, pearson, w1_floor
from .nets import clip_parameters_, gradient_penalty, mlp, seeded_init_
from .points import Samples
from .transport import MAX_EXACT_POINTS, wasserstein1
from .userdata import UserDataError


LOSSES = ("gan", "nsgan", "wgan", "wgan-gp")
DEVICES = ("auto", "cpu", "cuda")
TRAIN_DATASETS = ("8gaussians", "25gaussians", "swissroll", "moons", "ring")
"""The data sets offered for training (any name of :data:`divergences.datasets.DATASETS` works)."""

LOSS_DEFAULTS: dict[str, dict] = {
    "gan": dict(optimizer="adam", lr_d=2e-4, lr_g=2e-4, betas=(0.5, 0.999), n_critic=1),
    "nsgan": dict(optimizer="adam", lr_d=2e-4, lr_g=2e-4, betas=(0.5, 0.999), n_critic=1),
    "wgan": dict(optimizer="rmsprop", lr_d=5e-4, lr_g=5e-4, betas=None, n_critic=5),
    "wgan-gp": dict(optimizer="adam", lr_d=1e-4, lr_g=1e-4, betas=(0.0, 0.9), n_critic=5),
}
"""Per-loss optimiser defaults, used for the fields of :class:`TrainConfig` left at None."""

PAPER_SETTINGS: dict[str, dict] = {
    "gan": dict(lr_d=2e-4, lr_g=2e-4, n_critic=1, batch_size=64),
    "nsgan": dict(lr_d=2e-4, lr_g=2e-4, n_critic=1, batch_size=64),
    "wgan": dict(lr_d=5e-5, lr_g=5e-5, n_critic=5, clip=0.01, batch_size=64),
    "wgan-gp": dict(lr_d=1e-4, lr_g=1e-4, n_critic=5, gp_lambda=10.0, batch_size=64),
}
"""The published settings (WGAN and WGAN-GP Algorithm 1; DCGAN's Adam for the GANs)."""

LIMITS = {
    "batch_size": (2, 4096), "n_critic": (1, 50), "width": (2, 1024), "depth": (1, 8),
    "z_dim": (1, 64), "n_eval": (16, MAX_EXACT_POINTS), "seed": (0, 2**31 - 1),
}
FLOAT_LIMITS = {"lr_d": (1e-7, 1.0), "lr_g": (1e-7, 1.0), "clip": (1e-4, 10.0),
                "gp_lambda": (0.0, 1000.0)}


MIN_REAL_POINTS = 8
"""Fewest own points a run trains on (fewer give a "distribution" of a handful of atoms)."""
MAX_REAL_POINTS = 20_000
"""Most own points a run keeps (the CSV parser's row cap)."""
TARGET_RMS_RADIUS = math.sqrt(2.0)
"""Own points are centred and scaled (one factor for both axes) to this root-mean-square distance
from their centroid, the spread of the built-in data sets (8 and 25 Gaussians: √2; ring: 1)."""


class RealPoints:
    """The student's own 2-D points as the real data P of a run (instead of a built-in data set):
    a :class:`divergences.points.Samples` (the one type for a student's points, ``samples``) with
    the standardisation the networks need and where the points came from.

    ``values`` (n, 2), in the student's units, read-only (``samples.values``). Training sees them
    *standardised*: moved by their centroid ``center`` and divided by one factor ``scale`` (so
    that their RMS distance from the centroid is :data:`TARGET_RMS_RADIUS`, the built-in data
    sets' spread, at which the default networks and learning rates work). Scaling both axes by
    the same factor keeps shapes and distances: every W1 changes by exactly the factor ``scale``,
    so the trainer reports W1, samples, bounds and maps back in the student's units. ``source``
    names where the points came from ("uploaded", "drawn") for the CSV export.

    Two RealPoints are equal when they hold equal Samples from the same source, so a TrainConfig
    with them stays comparable and hashable.
    Raises :class:`divergences.userdata.UserDataError` (a ValueError with a translatable message)
    for fewer than :data:`MIN_REAL_POINTS` or more than :data:`MAX_REAL_POINTS` points, a shape
    other than (n, 2), non-finite values, or points that all sit at (almost) the same place.
    """

    __slots__ = ("samples", "source", "center", "scale")

    def __init__(self, values, source: str = "uploaded"):
        if isinstance(values, RealPoints):
            values, source = values.values, source or values.source
        elif isinstance(values, Samples):
            values = values.values
        try:
            arr = np.array(values, dtype=float)
        except (TypeError, ValueError):
            raise UserDataError(N_("The points must be numbers.")) from None
        if arr.ndim != 2 or arr.shape[1] != 2:
            raise UserDataError(N_("The real data must be 2-D points (x, y): two columns."))
        n = int(arr.shape[0])
        if n < MIN_REAL_POINTS:
            raise UserDataError(N_("Only {n} points: a run needs at least {m} as its real data."),
                                n=n, m=MIN_REAL_POINTS)
        if n > MAX_REAL_POINTS:
            raise UserDataError(N_("{n} points: a run takes at most {m}."), n=n,
                                m=MAX_REAL_POINTS)
        if not np.isfinite(arr).all():
            raise UserDataError(N_("The points must be finite numbers (no NaN or ∞)."))
        center = arr.mean(axis=0)
        rms = float(np.sqrt(((arr - center) ** 2).sum(axis=1).mean()))
        if not rms > 1e-9 * max(1.0, float(np.abs(center).max())):
            raise UserDataError(N_("All {n} points are at the same place: there is no spread "
                                   "to learn."), n=n)
        self.samples = Samples(arr)
        self.source = str(source)
        self.center = center
        self.scale = rms / TARGET_RMS_RADIUS

    @property
    def values(self) -> np.ndarray:
        """The points, (n, 2), in the student's units (read-only)."""
        return self.samples.values

    def __len__(self) -> int:
        return self.samples.n

    def __eq__(self, other) -> bool:
        return (isinstance(other, RealPoints) and self.source == other.source
                and self.samples == other.samples)

    def __hash__(self) -> int:
        return hash((self.samples, self.source))

    def __repr__(self) -> str:
        return f"RealPoints({self.label})"

    @property
    def label(self) -> str:
        """What the CSV export writes in its dataset column: "uploaded (n points)"."""
        return f"{self.source} ({len(self)} points)"

    def to_model(self, x: np.ndarray) -> np.ndarray:
        """Student units → the standardised units the networks see."""
        return (np.asarray(x, dtype=float) - self.center) / self.scale

    def from_model(self, m: np.ndarray) -> np.ndarray:
        """Standardised units → the student's units."""
        return np.asarray(m, dtype=float) * self.scale + self.center

    def resample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` points drawn uniformly WITH replacement (student units): a sample of the
        empirical distribution of the points (:meth:`Samples.draw`)."""
        return self.samples.draw(rng, n)


@dataclass(frozen=True)
class TrainConfig:
    """Settings of one run. Fields left at None take the loss's default (:data:`LOSS_DEFAULTS`).

    Units: learning rates per step, ``clip`` c in parameter units, ``gp_lambda`` λ dimensionless,
    ``batch_size`` points per step, ``n_eval`` points in the fixed real and generated samples used
    for the exact W1 and the mode coverage. Invalid values raise ValueError.

    ``real_points``: the student's own points (a :class:`RealPoints`, or a 2-D
    :class:`~divergences.points.Samples` or an (n, 2) array that is turned into one) as the real data instead of ``dataset``: real batches and the fixed real
    evaluation sample are drawn from them with replacement, W1 is in their units, and modes are
    not defined (``modes_dataset`` is None). ``dataset`` is then only a fallback name.
    """

    loss: str = "wgan"
    dataset: str = "8gaussians"
    seed: int = 0
    device: str = "auto"
    batch_size: int = 256
    lr_d: float | None = None
    lr_g: float | None = None
    n_critic: int | None = None
    clip: float = 0.1
    gp_lambda: float = 10.0
    width: int = 128
    depth: int = 3
    z_dim: int = 2
    n_eval: int = 500
    real_points: RealPoints | None = None

    def __post_init__(self) -> None:
        if self.real_points is not None and not isinstance(self.real_points, RealPoints):
            object.__setattr__(self, "real_points", RealPoints(self.real_points))
        if self.loss not in LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; choose one of {', '.join(LOSSES)}")
        if self.dataset not in DATASETS:
            raise ValueError(f"unknown data set {self.dataset!r}; choose one of "
                             f"{', '.join(DATASETS)}")
        if self.device not in DEVICES:
            raise ValueError(f"unknown device {self.device!r}; choose one of {', '.join(DEVICES)}")
        for name, (lo, hi) in LIMITS.items():
            v = getattr(self, name)
            if name == "n_critic" and v is None:
                continue
            check_int(name, v, lo, hi)
        for name, (lo, hi) in FLOAT_LIMITS.items():
            v = getattr(self, name)
            if name in ("lr_d", "lr_g") and v is None:
                continue
            check_float(name, v, lo, hi)

    def resolved(self) -> "TrainConfig":
        """A copy with every None field replaced by the loss's default."""
        d = LOSS_DEFAULTS[self.loss]
        return replace(self, **{k: d[k] for k in ("lr_d", "lr_g", "n_critic")
                                if getattr(self, k) is None})

    @classmethod
    def paper(cls, loss: str = "wgan", **overrides) -> "TrainConfig":
        """The published settings for ``loss`` (see :data:`PAPER_SETTINGS`), then ``overrides``."""
        if loss not in PAPER_SETTINGS:
            raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")
        return cls(loss=loss, **{**PAPER_SETTINGS[loss], **overrides})

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def data_label(self) -> str:
        """The real data's name: the data set, or "uploaded (n points)" for own points."""
        return self.dataset if self.real_points is None else self.real_points.label

    @property
    def modes_dataset(self) -> str | None:
        """The data set whose modes count (None for own points or a data set without modes)."""
        return self.dataset if self.real_points is None and self.dataset in MODES else None


def resolve_device(requested: str) -> tuple[torch.device, Message, Message | None]:
    """(device, why it was picked, a fall-back message or None) for "auto", "cpu" or "cuda".

    The reasons are :class:`divergences.messages.Message` values (``str(m)`` is the English text;
    the app translates them with ``app.i18n.t_msg``)."""
    if requested not in DEVICES:
        raise ValueError(f"unknown device {requested!r}; choose one of {', '.join(DEVICES)}")
    has_cuda = torch.cuda.is_available()
    name = torch.cuda.get_device_name(0) if has_cuda else None
    if requested == "cpu":
        return torch.device("cpu"), Message(N_("as requested")), None
    if requested == "cuda":
        if has_cuda:
            return torch.device("cuda"), Message(N_("{name}, as requested"),
                                                 name=name), None
        msg = Message(N_("CUDA was requested but no CUDA GPU is available to PyTorch: running on "
                         "the CPU"))
        return torch.device("cpu"), Message(N_("CUDA was requested, but no CUDA GPU is available")), msg
    if has_cuda:
        return torch.device("cuda"), Message(N_("auto: a CUDA GPU is available ({name})"),
                                             name=name), None
    return torch.device("cpu"), Message(N_("auto: no CUDA GPU is available")), None


STEP_LOG = os.environ.get("DL_TRAINING_STEP_LOG", "")
"""When set (a path prefix), every process that runs training steps writes how many it ran to
``<prefix>.<pid>`` (at most once a second): the load benchmark reads them to show which process
trains (never the page server)."""
_step_count = {"n": 0, "written": 0.0}


def count_steps(n: int) -> None:
    """Count ``n`` generator iterations of one run trained in this process (see ``STEP_LOG``)."""
    if not STEP_LOG:
        return
    c = _step_count
    c["n"] += int(n)
    now = time.monotonic()
    if now - c["written"] >= 1.0:
        c["written"] = now
        try:
            with open(f"{STEP_LOG}.{os.getpid()}", "w") as f:
                f.write(str(c["n"]))
        except OSError:
            pass


@dataclass
class History:
    """Per-iteration losses and the periodic evaluations of a run.

    ``loss_d``: the discriminator/critic loss of the last critic step of each iteration (nats for
    the GANs; critic units for the WGANs, without the penalty term for WGAN-GP); ``loss_g``: the
    generator loss; ``penalty``: the gradient penalty (WGAN-GP only, else NaN). Evaluations at
    ``eval_iteration``: exact ``w1`` (units of the data), ``modes`` covered and ``hq`` fraction
    (NaN for data sets without modes), ``eval_seconds`` of training time so far.
    """

    iteration: list = field(default_factory=list)
    loss_d: list = field(default_factory=list)
    loss_g: list = field(default_factory=list)
    penalty: list = field(default_factory=list)
    eval_iteration: list = field(default_factory=list)
    w1: list = field(default_factory=list)
    modes: list = field(default_factory=list)
    hq: list = field(default_factory=list)
    eval_seconds: list = field(default_factory=list)

    def copy(self) -> "History":
        return History(**{f.name: list(getattr(self, f.name)) for f in fields(self)})

    def neg_loss_d_at_evals(self) -> np.ndarray:
        """−loss_d averaged over the iterations since the previous evaluation, one per evaluation
        (NaN where no iteration ran in between, e.g. the evaluation at iteration 0)."""
        it = np.asarray(self.iteration, dtype=float)
        ld = -np.asarray(self.loss_d, dtype=float)
        out = np.full(len(self.eval_iteration), np.nan)
        prev = -np.inf
        csum = np.concatenate([[0.0], np.cumsum(ld)])
        for k, e in enumerate(self.eval_iteration):
            lo = np.searchsorted(it, prev, side="right")
            hi = np.searchsorted(it, e, side="right")
            if hi > lo:
                out[k] = (csum[hi] - csum[lo]) / (hi - lo)
            prev = e
        return out

    def tracking(self) -> float:
        """Pearson r between −(discriminator/critic loss) and the exact W1 over the run's
        evaluations (NaN with fewer than 3 evaluations after iteration 0)."""
        return pearson(self.neg_loss_d_at_evals(), np.asarray(self.w1, dtype=float))


@dataclass(frozen=True)
class Evaluation:
    iteration: int
    w1: float
    modes: int | None
    hq: float | None
    seconds: float


class Trainer:
    """A generator and a discriminator/critic trained with ``config`` (see the module docstring).

    ``step(n)`` runs n iterations; ``sample(n)`` draws n generated points (numpy (n, 2));
    ``evaluate()`` records the exact W1 between G(z_eval) (fixed noise) and a fixed real sample,
    and the modes covered; ``history`` holds it all. Not thread-safe: one thread drives a trainer.
    """

    def __init__(self, config: TrainConfig):
        if not isinstance(config, TrainConfig):
            raise ValueError("Trainer needs a TrainConfig")
        self.config = cfg = config.resolved()
        self.messages: list[Message] = []
        self.device, self.device_reason, fallback = resolve_device(cfg.device)
        if fallback:
            self.messages.append(fallback)
        init_gen = torch.Generator().manual_seed(cfg.seed)
        self.G = mlp(cfg.z_dim, 2, cfg.width, cfg.depth)
        self.D = mlp(2, 1, cfg.width, cfg.depth)
        seeded_init_(self.G, init_gen)
        seeded_init_(self.D, init_gen)
        self._np_rng = np.random.default_rng([cfg.seed, 1])
        self._z_eval_cpu = torch.randn(cfg.n_eval, cfg.z_dim, generator=init_gen)
        self.own = own = cfg.real_points
        """The student's own points (None when training on ``config.dataset``)."""
        eval_rng = np.random.default_rng([cfg.seed, 2])
        self.real_eval = (sample_2d(cfg.dataset, cfg.n_eval, eval_rng) if own is None
                          else own.resample(cfg.n_eval, eval_rng))
        """The fixed real sample of the evaluations (units of the data)."""
        if own is None:
            half = float(np.abs(self.real_eval).max()) * 1.2 + 0.25
            self.bounds = ((-half, half), (-half, half))
        else:  # the same square in the standardised units, drawn in the student's units
            half = float(np.abs(own.to_model(own.values)).max()) * 1.2 + 0.25
            (cx, cy), s = own.center, own.scale
            self.bounds = ((cx - s * half, cx + s * half), (cy - s * half, cy + s * half))
        """The square view that holds the data (units of the data), for drawing."""
        self._w1_floor: float | None = None
        self.iteration = 0
        self.train_seconds = 0.0
        self.history = History()
        self._to(self.device)
        self._make_optimizers()

    # -- set-up ------------------------------------------------------------------------------
    def _to(self, device: torch.device) -> None:
        self.device = device
        self.G.to(device)
        self.D.to(device)
        self._gen = torch.Generator(device=device).manual_seed(self.config.seed + 1)
        self._z_eval = self._z_eval_cpu.to(device)

    def _make_optimizers(self) -> None:
        cfg, d = self.config, LOSS_DEFAULTS[self.config.loss]
        if d["optimizer"] == "rmsprop":
            self.opt_d = torch.optim.RMSprop(self.D.parameters(), lr=cfg.lr_d)
            self.opt_g = torch.optim.RMSprop(self.G.parameters(), lr=cfg.lr_g)
        else:
            self.opt_d = torch.optim.Adam(self.D.parameters(), lr=cfg.lr_d, betas=d["betas"])
            self.opt_g = torch.optim.Adam(self.G.parameters(), lr=cfg.lr_g, betas=d["betas"])

    def _move_to_cpu(self, why: Message) -> None:
        cpu = torch.device("cpu")
        self._to(cpu)
        for opt in (self.opt_d, self.opt_g):
            for state in opt.state.values():
                for k, v in state.items():
                    if torch.is_tensor(v):
                        state[k] = v.to(cpu)
        self.device_reason = Message(N_("moved here after CUDA ran out of memory"))
        self.messages.append(why)

    @property
    def is_wgan(self) -> bool:
        return self.config.loss in ("wgan", "wgan-gp")

    @property
    def w1_floor(self) -> float:
        """W1 between two independent real samples of ``n_eval`` points: the best reachable.
        For own points: between two independent resamples (with replacement) of them."""
        if self._w1_floor is None:
            cfg = self.config
            if self.own is None:
                self._w1_floor = w1_floor(cfg.dataset, cfg.n_eval, cfg.seed)
            else:
                rng = np.random.default_rng([cfg.seed, 7])
                self._w1_floor = wasserstein1(self.own.resample(cfg.n_eval, rng),
                                              self.own.resample(cfg.n_eval, rng))
        return self._w1_floor

    def _out(self, m: np.ndarray) -> np.ndarray:
        """Network units → units of the data (the identity for the built-in data sets)."""
        return m if self.own is None else self.own.from_model(m)

    def _in(self, x: np.ndarray) -> np.ndarray:
        """Units of the data → network units."""
        return x if self.own is None else self.own.to_model(x)

    # -- training ----------------------------------------------------------------------------
    def _noise(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.config.z_dim, generator=self._gen, device=self.device)

    def _real_numpy(self, n: int) -> np.ndarray:
        """The next real batch (network units, float64) from the run's own numpy generator."""
        if self.own is None:
            return sample_2d(self.config.dataset, n, self._np_rng)
        # a batch of the empirical distribution: with replacement, standardised
        return self.own.to_model(self.own.resample(n, self._np_rng))

    def _real(self, n: int) -> torch.Tensor:
        return torch.as_tensor(self._real_numpy(n), dtype=torch.float32).to(self.device)

    def _d_loss(self, real: torch.Tensor, fake: torch.Tensor):
        d_real, d_fake = self.D(real), self.D(fake)
        if self.is_wgan:
            return d_fake.mean() - d_real.mean()
        # −log σ(a) = softplus(−a); −log(1 − σ(a)) = softplus(a)
        return F.softplus(-d_real).mean() + F.softplus(d_fake).mean()

    def _g_loss(self, out: torch.Tensor) -> torch.Tensor:
        loss = self.config.loss
        if loss == "gan":
            return -F.softplus(out).mean()  # E log(1 − σ(D(G(z))))
        if loss == "nsgan":
            return F.softplus(-out).mean()  # −E log σ(D(G(z)))
        return -out.mean()

    def _iterate(self, n: int) -> tuple[list, list, list]:
        cfg = self.config
        b = cfg.batch_size
        lds, lgs, pens = [], [], []
        d_params = list(self.D.parameters())
        for _ in range(n):
            for p in d_params:
                p.requires_grad_(True)
            for _k in range(cfg.n_critic):
                real = self._real(b)
                with torch.no_grad():
                    fake = self.G(self._noise(b))
                loss_d = self._d_loss(real, fake)
                total = loss_d
                if cfg.loss == "wgan-gp":
                    pen = gradient_penalty(self.D, real, fake, cfg.gp_lambda, generator=self._gen)
                    total = loss_d + pen
                self.opt_d.zero_grad(set_to_none=True)
                total.backward()
                self.opt_d.step()
                if cfg.loss == "wgan":
                    clip_parameters_(self.D, cfg.clip)
            for p in d_params:
                p.requires_grad_(False)
            loss_g = self._g_loss(self.D(self.G(self._noise(b))))
            self.opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            self.opt_g.step()
            lds.append(loss_d.detach())
            lgs.append(loss_g.detach())
            if cfg.loss == "wgan-gp":
                pens.append(pen.detach())
        for p in d_params:
            p.requires_grad_(True)
        return lds, lgs, pens

    def step(self, n: int = 1) -> None:
        """Run ``n`` generator iterations (each after n_critic critic steps) and record losses.

        A CUDA out-of-memory error moves the run to the CPU (message in ``messages``) and the
        iterations are run there.
        """
        check_int("n", n, 1, 10**7)
        t0 = time.perf_counter()
        try:
            lds, lgs, pens = self._iterate(n)
        except torch.OutOfMemoryError as exc:
            if self.device.type == "cpu":
                raise
            self._move_to_cpu(Message(N_("CUDA ran out of memory ({detail}): the run moved to "
                                         "the CPU and goes on there"),
                                      detail=str(exc).split("\n")[0][:120]))
            lds, lgs, pens = self._iterate(n)
        h = self.history
        h.iteration.extend(range(self.iteration + 1, self.iteration + n + 1))
        h.loss_d.extend(torch.stack(lds).cpu().tolist())
        h.loss_g.extend(torch.stack(lgs).cpu().tolist())
        h.penalty.extend(torch.stack(pens).cpu().tolist() if pens else [float("nan")] * n)
        self.iteration += n
        self.train_seconds += time.perf_counter() - t0
        count_steps(n)

    # -- looking at the model ----------------------------------------------------------------
    @torch.no_grad()
    def sample(self, n: int) -> np.ndarray:
        """``n`` generated points, an (n, 2) float array (fresh noise, not the training stream)."""
        check_int("n", n, 1, 100_000)
        g = torch.Generator().manual_seed(self.config.seed + 2 + self.iteration)
        z = torch.randn(n, self.config.z_dim, generator=g).to(self.device)
        return self._out(self.G(z).cpu().numpy().astype(float))

    @torch.no_grad()
    def eval_sample(self) -> np.ndarray:
        """G(z_eval) for the fixed evaluation noise: (n_eval, 2), units of the data."""
        return self._out(self.G(self._z_eval).cpu().numpy().astype(float))

    def evaluate(self) -> Evaluation:
        """Exact W1 (POT) between G(z_eval) and the fixed real sample, modes covered and the
        high-quality fraction (3σ rule, mixtures only); appended to ``history``."""
        fake = self.eval_sample()
        if not np.isfinite(fake).all():
            w1, modes, hq = float("nan"), None, None
        else:
            w1 = wasserstein1(self.real_eval, fake)
            ds = self.config.modes_dataset
            modes, hq = mode_coverage(fake, ds) if ds is not None else (None, None)
        ev = Evaluation(self.iteration, w1, modes, hq, self.train_seconds)
        h = self.history
        h.eval_iteration.append(ev.iteration)
        h.w1.append(ev.w1)
        h.modes.append(float("nan") if modes is None else float(modes))
        h.hq.append(float("nan") if hq is None else float(hq))
        h.eval_seconds.append(ev.seconds)
        return ev

    @torch.no_grad()
    def critic_map(self, n: int = 48) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(xs, ys, values) on an n × n grid over ``bounds``: σ(D(x)), the probability "real",
        for the GANs; the critic value f(x) (critic units) for the WGANs. values[i, j] is at
        (xs[j], ys[i])."""
        (x0, x1), (y0, y1) = self.bounds
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        gx, gy = np.meshgrid(xs, ys)
        pts = torch.as_tensor(self._in(np.stack([gx.ravel(), gy.ravel()], 1)),
                              dtype=torch.float32)
        out = self.D(pts.to(self.device)).squeeze(1)
        if not self.is_wgan:
            out = torch.sigmoid(out)
        return xs, ys, out.cpu().numpy().reshape(n, n).astype(float)

    def generator_push(self, points: np.ndarray) -> np.ndarray:
        """−∇ₓ ℓ_G(x) at each point x (n, 2): the direction in which the generator's loss
        ℓ_G(x) (its per-sample loss at a generated point x) moves that point. Points and push in
        units of the data (for own points: the network-units gradient divided by the scale)."""
        x = torch.as_tensor(self._in(np.asarray(points, dtype=float)),
                            dtype=torch.float32).to(self.device)
        x.requires_grad_(True)
        with torch.enable_grad():
            loss = self._g_loss(self.D(x)) * x.shape[0]  # sum of per-sample losses
            (grad,) = torch.autograd.grad(loss, x)
        push = (-grad).cpu().numpy().astype(float)
        return push if self.own is None else push / self.own.scale

    def generator_grad_norm(self) -> float:
        """‖∇_θ ℓ_G‖₂: the Euclidean norm of the gradient of the generator's loss ℓ_G (the loss
        the generator is trained with, on the fixed evaluation noise z_eval, with D as it is now)
        with respect to all the generator's parameters. A measurement only: it uses
        ``torch.autograd.grad`` (no ``.grad`` is touched, no optimiser steps, no random numbers
        drawn), so training goes on exactly as without it. Near 0: the generator gets no signal
        (page 5's vanishing gradient)."""
        params = list(self.G.parameters())
        with torch.enable_grad():
            loss = self._g_loss(self.D(self.G(self._z_eval)))
            grads = torch.autograd.grad(loss, params)
        return float(torch.sqrt(sum((g.double() ** 2).sum() for g in grads)))

    # -- checkpoints -------------------------------------------------------------------------
    def state_dict(self) -> dict:
        """Everything needed to go on exactly where this run is: both networks, both optimisers,
        the random streams (numpy's and torch's), the iteration, the training time, the history
        and the messages. Tensors on the CPU; ``torch.save`` writes it."""
        def cpu(sd):
            return {k: (v.detach().cpu().clone() if torch.is_tensor(v) else v)
                    for k, v in sd.items()}

        def opt_cpu(sd):
            return {"state": {i: cpu(st) for i, st in sd["state"].items()},
                    "param_groups": sd["param_groups"]}

        return {
            "G": cpu(self.G.state_dict()), "D": cpu(self.D.state_dict()),
            "opt_d": opt_cpu(self.opt_d.state_dict()), "opt_g": opt_cpu(self.opt_g.state_dict()),
            "np_rng": self._np_rng.bit_generator.state,
            "gen": self._gen.get_state(), "gen_device": self.device.type,
            "iteration": self.iteration, "train_seconds": self.train_seconds,
            "history": {f.name: list(getattr(self.history, f.name)) for f in fields(History)},
            "messages": [(str(m), m.template, dict(m.values)) for m in self.messages],
        }

    @classmethod
    def from_state(cls, config: TrainConfig, state: dict) -> "Trainer":
        """A Trainer of ``config`` that goes on exactly where :meth:`state_dict` left it (same
        weights, optimiser states and random streams: training on gives the same points)."""
        tr = cls(config)
        tr.G.load_state_dict(state["G"])
        tr.D.load_state_dict(state["D"])
        tr.opt_d.load_state_dict(state["opt_d"])
        tr.opt_g.load_state_dict(state["opt_g"])
        tr._np_rng.bit_generator.state = state["np_rng"]
        if state.get("gen_device", "cpu") == tr.device.type:
            tr._gen.set_state(state["gen"])
        tr.iteration = int(state["iteration"])
        tr.train_seconds = float(state["train_seconds"])
        tr.history = History(**{k: list(v) for k, v in state["history"].items()})
        tr.messages = [Message(template, **fmt) for _, template, fmt in state["messages"]]
        return tr

    def max_abs_critic_parameter(self) -> float:
        return max(float(p.detach().abs().max()) for p in self.D.parameters())


def __getattr__(name: str):
    """``divergences.training.TrainerBatch`` is :class:`divergences.batch.TrainerBatch` (imported
    lazily: divergences.batch builds on this module)."""
    if name == "TrainerBatch":
        from .batch import TrainerBatch

        return TrainerBatch
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

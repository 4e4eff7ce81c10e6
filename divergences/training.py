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

import csv
import io
import math
import time
from dataclasses import dataclass, field, fields, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .datasets import DATASETS, sample_2d
from .metrics import MODES, mode_coverage, pearson, w1_floor
from .nets import clip_parameters_, gradient_penalty, mlp
from .transport import MAX_EXACT_POINTS, wasserstein1

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


def _int_in(name: str, v, lo: int, hi: int) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not lo <= v <= hi:
        raise ValueError(f"{name} must be an integer from {lo} to {hi}; got {v!r}")


def _float_in(name: str, v, lo: float, hi: float) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number; got {v!r}")
    if not (math.isfinite(v) and lo <= v <= hi):
        raise ValueError(f"{name} must be a finite number from {lo:g} to {hi:g}; got {v!r}")


@dataclass(frozen=True)
class TrainConfig:
    """Settings of one run. Fields left at None take the loss's default (:data:`LOSS_DEFAULTS`).

    Units: learning rates per step, ``clip`` c in parameter units, ``gp_lambda`` λ dimensionless,
    ``batch_size`` points per step, ``n_eval`` points in the fixed real and generated samples used
    for the exact W1 and the mode coverage. Invalid values raise ValueError.
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

    def __post_init__(self) -> None:
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
            _int_in(name, v, lo, hi)
        for name, (lo, hi) in FLOAT_LIMITS.items():
            v = getattr(self, name)
            if name in ("lr_d", "lr_g") and v is None:
                continue
            _float_in(name, v, lo, hi)

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


def resolve_device(requested: str) -> tuple[torch.device, str, str | None]:
    """(device, why it was picked, a fall-back message or None) for "auto", "cpu" or "cuda"."""
    if requested not in DEVICES:
        raise ValueError(f"unknown device {requested!r}; choose one of {', '.join(DEVICES)}")
    has_cuda = torch.cuda.is_available()
    name = torch.cuda.get_device_name(0) if has_cuda else None
    if requested == "cpu":
        return torch.device("cpu"), "CPU, as requested", None
    if requested == "cuda":
        if has_cuda:
            return torch.device("cuda"), f"CUDA GPU ({name}), as requested", None
        msg = "CUDA was requested but no CUDA GPU is available to PyTorch: running on the CPU"
        return torch.device("cpu"), "CPU (no CUDA GPU available)", msg
    if has_cuda:
        return torch.device("cuda"), f"auto: a CUDA GPU is available ({name})", None
    return torch.device("cpu"), "auto: no CUDA GPU is available, so the CPU", None


def _seeded_init_(module: nn.Module, gen: torch.Generator) -> None:
    """PyTorch's default Linear init, U(−1/√fan_in, 1/√fan_in) for weights and biases, drawn from
    ``gen`` (not the process-wide generator, which other sessions' threads also use)."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.Linear):
                bound = 1.0 / math.sqrt(m.in_features)
                m.weight.uniform_(-bound, bound, generator=gen)
                m.bias.uniform_(-bound, bound, generator=gen)


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
        self.messages: list[str] = []
        self.device, self.device_reason, fallback = resolve_device(cfg.device)
        if fallback:
            self.messages.append(fallback)
        init_gen = torch.Generator().manual_seed(cfg.seed)
        self.G = mlp(cfg.z_dim, 2, cfg.width, cfg.depth)
        self.D = mlp(2, 1, cfg.width, cfg.depth)
        _seeded_init_(self.G, init_gen)
        _seeded_init_(self.D, init_gen)
        self._np_rng = np.random.default_rng([cfg.seed, 1])
        self._z_eval_cpu = torch.randn(cfg.n_eval, cfg.z_dim, generator=init_gen)
        self.real_eval = sample_2d(cfg.dataset, cfg.n_eval, np.random.default_rng([cfg.seed, 2]))
        half = float(np.abs(self.real_eval).max()) * 1.2 + 0.25
        self.bounds = ((-half, half), (-half, half))
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

    def _move_to_cpu(self, why: str) -> None:
        cpu = torch.device("cpu")
        self._to(cpu)
        for opt in (self.opt_d, self.opt_g):
            for state in opt.state.values():
                for k, v in state.items():
                    if torch.is_tensor(v):
                        state[k] = v.to(cpu)
        self.device_reason = "CPU (moved after CUDA ran out of memory)"
        self.messages.append(why)

    @property
    def is_wgan(self) -> bool:
        return self.config.loss in ("wgan", "wgan-gp")

    @property
    def w1_floor(self) -> float:
        """W1 between two independent real samples of ``n_eval`` points: the best reachable."""
        if self._w1_floor is None:
            self._w1_floor = w1_floor(self.config.dataset, self.config.n_eval, self.config.seed)
        return self._w1_floor

    # -- training ----------------------------------------------------------------------------
    def _noise(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.config.z_dim, generator=self._gen, device=self.device)

    def _real(self, n: int) -> torch.Tensor:
        pts = sample_2d(self.config.dataset, n, self._np_rng)
        return torch.as_tensor(pts, dtype=torch.float32).to(self.device)

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
                    pen = gradient_penalty(self.D, real, fake, cfg.gp_lambda)
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
        _int_in("n", n, 1, 10**7)
        t0 = time.perf_counter()
        try:
            lds, lgs, pens = self._iterate(n)
        except torch.OutOfMemoryError as exc:
            if self.device.type == "cpu":
                raise
            self._move_to_cpu("CUDA ran out of memory (" + str(exc).split("\n")[0][:120]
                              + "): the run moved to the CPU and goes on there")
            lds, lgs, pens = self._iterate(n)
        h = self.history
        h.iteration.extend(range(self.iteration + 1, self.iteration + n + 1))
        h.loss_d.extend(torch.stack(lds).cpu().tolist())
        h.loss_g.extend(torch.stack(lgs).cpu().tolist())
        h.penalty.extend(torch.stack(pens).cpu().tolist() if pens else [float("nan")] * n)
        self.iteration += n
        self.train_seconds += time.perf_counter() - t0

    # -- looking at the model ----------------------------------------------------------------
    @torch.no_grad()
    def sample(self, n: int) -> np.ndarray:
        """``n`` generated points, an (n, 2) float array (fresh noise, not the training stream)."""
        _int_in("n", n, 1, 100_000)
        g = torch.Generator().manual_seed(self.config.seed + 2 + self.iteration)
        z = torch.randn(n, self.config.z_dim, generator=g).to(self.device)
        return self.G(z).cpu().numpy().astype(float)

    @torch.no_grad()
    def eval_sample(self) -> np.ndarray:
        """G(z_eval) for the fixed evaluation noise: (n_eval, 2)."""
        return self.G(self._z_eval).cpu().numpy().astype(float)

    def evaluate(self) -> Evaluation:
        """Exact W1 (POT) between G(z_eval) and the fixed real sample, modes covered and the
        high-quality fraction (3σ rule, mixtures only); appended to ``history``."""
        fake = self.eval_sample()
        if not np.isfinite(fake).all():
            w1, modes, hq = float("nan"), None, None
        else:
            w1 = wasserstein1(self.real_eval, fake)
            modes, hq = (mode_coverage(fake, self.config.dataset)
                         if self.config.dataset in MODES else (None, None))
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
        pts = torch.as_tensor(np.stack([gx.ravel(), gy.ravel()], 1), dtype=torch.float32)
        out = self.D(pts.to(self.device)).squeeze(1)
        if not self.is_wgan:
            out = torch.sigmoid(out)
        return xs, ys, out.cpu().numpy().reshape(n, n).astype(float)

    def generator_push(self, points: np.ndarray) -> np.ndarray:
        """−∇ₓ ℓ_G(x) at each point x (n, 2): the direction in which the generator's loss
        ℓ_G(x) (its per-sample loss at a generated point x) moves that point."""
        x = torch.as_tensor(np.asarray(points, dtype=float), dtype=torch.float32).to(self.device)
        x.requires_grad_(True)
        with torch.enable_grad():
            loss = self._g_loss(self.D(x)) * x.shape[0]  # sum of per-sample losses
            (grad,) = torch.autograd.grad(loss, x)
        return (-grad).cpu().numpy().astype(float)

    def max_abs_critic_parameter(self) -> float:
        return max(float(p.detach().abs().max()) for p in self.D.parameters())


def histories_to_csv(runs: dict[str, tuple[TrainConfig, History]]) -> str:
    """The metrics of named runs as CSV text: one row per iteration (losses), with the evaluation
    columns (exact W1, modes covered, high-quality fraction, training seconds) filled on the
    evaluated iterations. ``runs`` maps a run's name to its (config, history)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["run", "loss", "dataset", "seed", "iteration", "loss_d", "loss_g", "penalty",
                "w1_exact", "modes_covered", "high_quality_fraction", "train_seconds"])

    def num(v):
        return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.6g}"

    for name, (cfg, hist) in runs.items():
        h = hist.copy()
        n = min(len(h.iteration), len(h.loss_d), len(h.loss_g), len(h.penalty))
        m = min(len(h.eval_iteration), len(h.w1), len(h.modes), len(h.hq), len(h.eval_seconds))
        evals = {h.eval_iteration[k]: k for k in range(m)}
        losses = {h.iteration[i]: i for i in range(n)}
        for it in sorted(set(losses) | set(evals)):
            i, k = losses.get(it), evals.get(it)
            row = [name, cfg.loss, cfg.dataset, cfg.seed, it]
            row += ["", "", ""] if i is None else [num(h.loss_d[i]), num(h.loss_g[i]),
                                                   num(h.penalty[i])]
            row += ["", "", "", ""] if k is None else [num(h.w1[k]), num(h.modes[k]),
                                                       num(h.hq[k]), num(h.eval_seconds[k])]
            w.writerow(row)
    return buf.getvalue()

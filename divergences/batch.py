"""Many toy GAN / WGAN runs trained as ONE stacked model: :class:`TrainerBatch`.

A toy run (3 × 128 ReLU MLPs, batch 256) is far too small to keep a CPU's cores, let alone a GPU,
busy: each step is a few dozen tiny kernels, and the time goes into launching them. Stacking K
runs' weights into (K, out, in) tensors turns every layer of every run into ONE batched matmul
(``torch.baddbmm``) and every optimiser update into a few elementwise ops over all runs, so K runs
cost about as many kernel launches as one.

Exactness. Run i of ``TrainerBatch(configs)`` is ``Trainer(configs[i])`` trained in a batch:

- each run keeps its OWN random streams, drawn in the same order as :class:`Trainer` draws them
  (the seeded initialisation, numpy's generator for the real batches, the torch generator for the
  noise), because the batch *adopts* the runs' :class:`~divergences.training.Trainer` objects;
- the losses are the same per run (a batch sums the runs' losses: each run's weights get exactly
  its own loss's gradient), WGAN clipping happens after every critic step with each run's own c,
  and RMSProp and Adam are PyTorch's single-tensor algorithms written over stacked tensors with a
  learning rate per run (and a step count per run for Adam's bias correction).

So run i's generated points equal the lone Trainer's up to float32 round-off (a batched matmul
adds in another order than ``nn.Linear``): tested after 20 iterations for ``gan`` and ``wgan``.
WGAN-GP's interpolation weights ε come from each run's own generator too (as
:func:`divergences.nets.gradient_penalty` draws them for :class:`Trainer`).

Grouping. Runs can share one stacked model only when these fields are equal (:data:`GROUP_FIELDS`):
the loss (it fixes the losses and the optimiser), ``n_critic``, ``batch_size``, ``width``,
``depth``, ``z_dim`` and the device. Learning rates, c, λ, the seed, the data (a data set or own
points) and ``n_eval`` may differ. ``TrainerBatch`` puts runs that cannot share a stacked model
into separate groups (each one stacked model, all stepped by one ``step``); with
``grouping=False`` it refuses them instead, with a message naming the field.

Per-run views. ``batch.run(i)`` is run i's :class:`Trainer`: its networks' parameters are VIEWS
of the stacked weights (so ``evaluate``, ``history``, ``critic_map``, ``generator_push``,
``eval_sample`` and ``sample`` see the batch's current weights without a copy), and ``iteration``,
``train_seconds`` and ``history`` are kept up to date by ``step``. The optimiser states live in
the batch while it trains and are written back into each Trainer's optimisers by
:meth:`TrainerBatch.release` (after which the Trainers train alone, or in another batch, exactly
where they left off). ``TrainerBatch.adopt(trainers)`` batches existing Trainers (e.g. runs that
were paused), taking over their weights and optimiser states.

Devices. On a CUDA device (``device.type == "cuda"``) the batch can draw the real data on the
device (:func:`sample_2d_torch`, for the built-in data sets) instead of with numpy on the host,
keeps every loss on the device until the end of ``step`` (no host synchronisation inside the step
loop), and can capture the fixed-shape iteration in a CUDA graph (``torch.cuda.graphs``) and
replay it. Those paths change the random streams (one device generator per group instead of one
per run), so they are off on the CPU by default and on for CUDA; the same code runs, and is
tested, on the CPU (``real_on_device=True``), only the graph capture itself needs a GPU.
"""

from __future__ import annotations

import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validate import check_int
from .messages import N_, Message
from .metrics import MODES as _DATASET_MODES
from .training import LOSS_DEFAULTS, TrainConfig, Trainer, count_steps

GROUP_FIELDS = ("loss", "n_critic", "batch_size", "width", "depth", "z_dim", "device")
"""The fields that must be equal for runs to share one stacked model (see the module docstring)."""

RMSPROP_ALPHA, RMSPROP_EPS = 0.99, 1e-8
"""PyTorch's RMSprop defaults (smoothing constant, ε), which :class:`Trainer` uses."""
ADAM_EPS = 1e-8


def group_key(config: TrainConfig, device: torch.device) -> tuple:
    """The values of :data:`GROUP_FIELDS` for a resolved config (the device as resolved)."""
    cfg = config.resolved()
    return tuple(str(device) if f == "device" else getattr(cfg, f) for f in GROUP_FIELDS)


def first_difference(a: TrainConfig, b: TrainConfig) -> str | None:
    """The first field of :data:`GROUP_FIELDS` in which two configs differ (None when they can
    share a stacked model)."""
    ra, rb = a.resolved(), b.resolved()
    for f in GROUP_FIELDS:
        if getattr(ra, f) != getattr(rb, f):
            return f
    return None


# ---- stacked networks ------------------------------------------------------------------------------
class StackedMLP:
    """K copies of a :func:`divergences.nets.mlp` with their weights stacked: layer j's weights
    are one (K, out, in) tensor and its biases one (K, out) tensor (leaf tensors that require
    grad). Each copy's ``nn.Linear`` parameters are re-bound to views of these, so the per-run
    modules always see the stacked values."""

    def __init__(self, modules: list[nn.Sequential]):
        linears = [[m for m in mod if isinstance(m, nn.Linear)] for mod in modules]
        self.weights: list[torch.Tensor] = []
        self.biases: list[torch.Tensor] = []
        for j in range(len(linears[0])):
            w = torch.stack([ls[j].weight.detach() for ls in linears]).contiguous()
            b = torch.stack([ls[j].bias.detach() for ls in linears]).contiguous()
            self.weights.append(w.requires_grad_(True))
            self.biases.append(b.requires_grad_(True))
            for k, ls in enumerate(linears):
                ls[j].weight.data = w.detach()[k]
                ls[j].bias.data = b.detach()[k]

    def parameters(self) -> list[torch.Tensor]:
        """Weights and biases in the order of ``nn.Module.parameters()`` of one copy."""
        out = []
        for w, b in zip(self.weights, self.biases):
            out += [w, b]
        return out

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """x (K, n, in) → (K, n, out): one ``baddbmm`` per layer for all K copies (see
        :func:`stacked_linear` for why a run's numbers do not depend on K)."""
        last = len(self.weights) - 1
        for j, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = stacked_linear(x, w, b)
            if j < last:
                x = F.relu(x)
        return x


def stacked_linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """K linear layers at once: x (K, n, in), w (K, out, in), b (K, out) → (K, n, out), with
    y[k] = x[k] w[k]ᵀ + b[k] (``torch.baddbmm``).

    Every run's result is the same bit for bit whatever K is (tested, also for the gradient
    penalty's second derivatives): on the CPU a batched matmul of ONE matrix whose inner or outer
    size is 1 (the critic's last layer, a 1-D noise) takes another kernel than K ≥ 2 do, which
    rounds differently, and GAN training turns such round-off into a different run within a few
    hundred iterations. So layers of that shape are computed without a matmul for every K: an
    outer product (in = 1) or a product summed over the inputs (out = 1). This is what lets a
    live run of a scenario (trained in one batch with whatever else the trainer process runs)
    equal its recording (trained alone).
    """
    if w.shape[2] == 1:  # in = 1: y = x w[:, :, 0]ᵀ + b, one product per entry
        return x * w.transpose(1, 2) + b.unsqueeze(1)
    if w.shape[1] == 1:  # out = 1: y = Σ_j x_j w_j + b
        return (x * w).sum(dim=2, keepdim=True) + b.unsqueeze(1)
    return torch.baddbmm(b.unsqueeze(1), x, w.transpose(1, 2))


def _per_run(values, like: torch.Tensor) -> torch.Tensor:
    """A (K,) vector of per-run values shaped to broadcast over a (K, ...) parameter."""
    t = torch.as_tensor(values, dtype=like.dtype, device=like.device)
    return t.reshape(-1, *([1] * (like.dim() - 1)))


class StackedRMSprop:
    """PyTorch's RMSprop (alpha 0.99, ε 1e-8, no momentum, not centred; its single-tensor
    algorithm, op for op) over stacked parameters, with a learning rate per run."""

    def __init__(self, params: list[torch.Tensor], lrs: list[float]):
        self.params = params
        self.square_avg = [torch.zeros_like(p) for p in params]
        self.neg_lr = [_per_run([-lr for lr in lrs], p) for p in params]
        self.steps = np.zeros(len(lrs), dtype=np.int64)

    @torch.no_grad()
    def step(self) -> None:
        for p, sq, nlr in zip(self.params, self.square_avg, self.neg_lr):
            g = p.grad
            sq.mul_(RMSPROP_ALPHA).addcmul_(g, g, value=1 - RMSPROP_ALPHA)
            avg = sq.sqrt().add_(RMSPROP_EPS)
            p.addcmul_(g / avg, nlr)  # = addcdiv_(g, avg, value=-lr), one lr per run
        self.steps += 1

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def load(self, k: int, opt: torch.optim.Optimizer, run_params: list[torch.Tensor]) -> None:
        """Take run k's state from a lone Trainer's torch optimiser (empty before its first step)."""
        for sq, p in zip(self.square_avg, run_params):
            st = opt.state.get(p)
            if st:
                sq[k].copy_(st["square_avg"])
                self.steps[k] = int(st["step"])

    def store(self, k: int, opt: torch.optim.Optimizer, run_params: list[torch.Tensor]) -> None:
        """Write run k's state back into a lone Trainer's torch optimiser."""
        if self.steps[k] == 0:
            return
        for sq, p in zip(self.square_avg, run_params):
            opt.state[p] = {"step": torch.tensor(float(self.steps[k])),
                            "square_avg": sq[k].detach().clone()}


class StackedAdam:
    """PyTorch's Adam (no weight decay, no amsgrad; its single-tensor algorithm, op for op) over
    stacked parameters, with a learning rate and a step count per run (the bias corrections are
    computed per run in double precision on the host, as PyTorch does; with ``capturable`` they
    are computed on the device from a step tensor instead, as PyTorch's capturable Adam does)."""

    def __init__(self, params: list[torch.Tensor], lrs: list[float], betas: tuple,
                 capturable: bool = False):
        self.params = params
        self.beta1, self.beta2 = float(betas[0]), float(betas[1])
        self.lrs = np.asarray(lrs, dtype=float)
        self.exp_avg = [torch.zeros_like(p) for p in params]
        self.exp_avg_sq = [torch.zeros_like(p) for p in params]
        self.steps = np.zeros(len(lrs), dtype=np.int64)
        self.capturable = capturable
        dev = params[0].device
        self.step_t = torch.zeros(len(lrs), dtype=torch.float32, device=dev)
        self.lr_t = torch.as_tensor(self.lrs, dtype=torch.float32, device=dev)

    @torch.no_grad()
    def step(self) -> None:
        self.steps += 1
        if self.capturable:
            self.step_t.add_(1)
            bc1 = 1 - torch.pow(self.beta1, self.step_t)
            bc2_sqrt = torch.sqrt(1 - torch.pow(self.beta2, self.step_t))
            neg_step_size = -self.lr_t / bc1
        else:
            bc1 = 1 - self.beta1 ** self.steps.astype(float)
            bc2_sqrt = np.sqrt(1 - self.beta2 ** self.steps.astype(float))
            neg_step_size = -(self.lrs / bc1)
        for p, m, v in zip(self.params, self.exp_avg, self.exp_avg_sq):
            g = p.grad
            m.lerp_(g, 1 - self.beta1)
            v.mul_(self.beta2).addcmul_(g, g, value=1 - self.beta2)
            denom = (v.sqrt() / _per_run(bc2_sqrt, p)).add_(ADAM_EPS)
            p.addcmul_(m / denom, _per_run(neg_step_size, p))

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def load(self, k: int, opt: torch.optim.Optimizer, run_params: list[torch.Tensor]) -> None:
        for m, v, p in zip(self.exp_avg, self.exp_avg_sq, run_params):
            st = opt.state.get(p)
            if st:
                m[k].copy_(st["exp_avg"])
                v[k].copy_(st["exp_avg_sq"])
                self.steps[k] = int(st["step"])
        self.step_t[k] = float(self.steps[k])

    def store(self, k: int, opt: torch.optim.Optimizer, run_params: list[torch.Tensor]) -> None:
        if self.steps[k] == 0:
            return
        for m, v, p in zip(self.exp_avg, self.exp_avg_sq, run_params):
            opt.state[p] = {"step": torch.tensor(float(self.steps[k])),
                            "exp_avg": m[k].detach().clone(),
                            "exp_avg_sq": v[k].detach().clone()}


# ---- real data drawn on the device -------------------------------------------------------------
def sample_2d_torch(name: str, n: int, generator: torch.Generator, device: torch.device,
                    k: int = 1) -> torch.Tensor:
    """(k, n, 2) float32 points of a built-in data set drawn ON ``device`` with a torch generator
    (no numpy, no host copy): the same distributions as :func:`divergences.datasets.sample_2d`
    for the mixtures ("8gaussians", "25gaussians"), "ring", "circle", "blob", "swissroll" and
    "moons" (the moons' halves by a fair coin per point instead of an exact half split)."""
    g = dict(generator=generator, device=device)
    if name in _DATASET_MODES:
        modes = _DATASET_MODES[name]
        centers = torch.as_tensor(modes.centers, dtype=torch.float32, device=device)
        idx = torch.randint(0, len(modes.centers), (k, n), **g)
        return centers[idx] + modes.sigma * torch.randn(k, n, 2, **g)
    if name in ("ring", "circle"):
        ang = 2 * math.pi * torch.rand(k, n, **g)
        r = 1.0 + (0.05 * torch.randn(k, n, **g) if name == "ring" else 0.0)
        return torch.stack([r * torch.cos(ang), r * torch.sin(ang)], dim=2)
    if name == "blob":
        return 0.25 * torch.randn(k, n, 2, **g)
    if name == "swissroll":
        t = 1.5 * math.pi * (1 + 2 * torch.rand(k, n, **g))
        pts = torch.stack([t * torch.cos(t), t * torch.sin(t)], 2) + 0.25 * torch.randn(k, n, 2,
                                                                                         **g)
        return pts / 7.5
    if name == "moons":
        t = math.pi * torch.rand(k, n, **g)
        inner = torch.rand(k, n, **g) < 0.5
        x = torch.where(inner, 1 - torch.cos(t), torch.cos(t))
        y = torch.where(inner, 0.5 - torch.sin(t), torch.sin(t))
        pts = torch.stack([x, y], 2) + 0.05 * torch.randn(k, n, 2, **g)
        return pts - torch.tensor([0.5, 0.25], device=device)
    raise ValueError(f"no on-device sampler for the data set {name!r}")


DEVICE_SAMPLED = ("8gaussians", "25gaussians", "ring", "circle", "blob", "swissroll", "moons")
"""The data sets :func:`sample_2d_torch` draws on the device."""


# ---- one group: runs that share a stacked model ----------------------------------------------------
class _Group:
    def __init__(self, trainers: list[Trainer], device: torch.device, *, real_on_device: bool,
                 cuda_graph: bool):
        self.trainers = trainers
        cfg0 = trainers[0].config
        self.loss, self.n_critic, self.b, self.z_dim = (cfg0.loss, cfg0.n_critic,
                                                        cfg0.batch_size, cfg0.z_dim)
        self.device = device
        self.is_wgan = self.loss in ("wgan", "wgan-gp")
        for tr in trainers:
            if tr.device != device:
                tr._to(device)
        self.G = StackedMLP([tr.G for tr in trainers])
        self.D = StackedMLP([tr.D for tr in trainers])
        lr_d = [tr.config.lr_d for tr in trainers]
        lr_g = [tr.config.lr_g for tr in trainers]
        d = LOSS_DEFAULTS[self.loss]
        capturable = cuda_graph
        if d["optimizer"] == "rmsprop":
            self.opt_d = StackedRMSprop(self.D.parameters(), lr_d)
            self.opt_g = StackedRMSprop(self.G.parameters(), lr_g)
        else:
            self.opt_d = StackedAdam(self.D.parameters(), lr_d, d["betas"], capturable)
            self.opt_g = StackedAdam(self.G.parameters(), lr_g, d["betas"], capturable)
        for k, tr in enumerate(trainers):
            self.opt_d.load(k, tr.opt_d, list(tr.D.parameters()))
            self.opt_g.load(k, tr.opt_g, list(tr.G.parameters()))
        w = self.D.weights[0]
        self.clip = _per_run([tr.config.clip for tr in trainers], w)  # (K, 1, 1)
        self.gp_lambda = torch.as_tensor([tr.config.gp_lambda for tr in trainers],
                                         dtype=torch.float32, device=device)
        # The device path: real data drawn on the device, one generator per group.
        self.real_on_device = bool(real_on_device) and all(
            tr.own is None and tr.config.dataset in DEVICE_SAMPLED for tr in trainers)
        self.shared_streams = self.real_on_device
        if self.shared_streams:
            seed = int(np.random.SeedSequence([tr.config.seed for tr in trainers]
                                              ).generate_state(1)[0])
            self.gen = torch.Generator(device=device).manual_seed(seed)
        self.cuda_graph = bool(cuda_graph) and device.type == "cuda" and self.shared_streams
        self._graph = None

    def __len__(self) -> int:
        return len(self.trainers)

    # -- the data of one step ---------------------------------------------------------------------
    def noise(self) -> torch.Tensor:
        if self.shared_streams:
            return torch.randn(len(self), self.b, self.z_dim, generator=self.gen,
                               device=self.device)
        return torch.stack([tr._noise(self.b) for tr in self.trainers])

    def real(self) -> torch.Tensor:
        if self.real_on_device:
            names = {tr.config.dataset for tr in self.trainers}
            if len(names) == 1:
                return sample_2d_torch(names.pop(), self.b, self.gen, self.device, len(self))
            return torch.cat([sample_2d_torch(tr.config.dataset, self.b, self.gen, self.device)
                              for tr in self.trainers])
        pts = np.stack([tr._real_numpy(self.b) for tr in self.trainers])
        return torch.as_tensor(pts, dtype=torch.float32).to(self.device)

    # -- losses (per run: (K,) tensors) ---------------------------------------------------------
    def d_loss(self, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        d_real, d_fake = self.D(real), self.D(fake)
        if self.is_wgan:
            return d_fake.mean(dim=(1, 2)) - d_real.mean(dim=(1, 2))
        return F.softplus(-d_real).mean(dim=(1, 2)) + F.softplus(d_fake).mean(dim=(1, 2))

    def g_loss(self, out: torch.Tensor) -> torch.Tensor:
        if self.loss == "gan":
            return -F.softplus(out).mean(dim=(1, 2))
        if self.loss == "nsgan":
            return F.softplus(-out).mean(dim=(1, 2))
        return -out.mean(dim=(1, 2))

    def eps(self) -> torch.Tensor:
        """WGAN-GP's interpolation weights ε ~ U[0, 1], (K, b, 1): from the group's generator on
        the device path, else from each run's own generator, after its noise, as
        :func:`divergences.nets.gradient_penalty` draws them for a lone Trainer."""
        if self.shared_streams:
            return torch.rand(len(self), self.b, 1, generator=self.gen, device=self.device)
        return torch.stack([torch.rand(self.b, 1, generator=tr._gen, device=self.device)
                            for tr in self.trainers])

    def penalty(self, real: torch.Tensor, fake: torch.Tensor,
                eps: torch.Tensor | None = None) -> torch.Tensor:
        """WGAN-GP's λ·E[(‖∇f(x̂)‖ − 1)²] per run (``eps``: pre-drawn weights, else drawn)."""
        if eps is None:
            eps = self.eps()
        xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
        out = self.D(xhat)
        (grad,) = torch.autograd.grad(out.sum(), xhat, create_graph=True)
        return self.gp_lambda * ((grad.norm(2, dim=2) - 1) ** 2).mean(dim=1)

    # -- one iteration -----------------------------------------------------------------------------
    def iterate(self, draw=None):
        """One generator iteration of every run (n_critic critic steps, then one G step).
        ``draw``: the pre-drawn (reals, noises) of the iteration (the CUDA-graph path), else the
        batches are drawn here. Returns (loss_d, loss_g, penalty) as (K,) tensors (penalty None
        unless WGAN-GP), left on the device."""
        d_params = self.D.parameters()
        pen = None
        for k in range(self.n_critic):
            eps = None
            if draw is None:
                real = self.real()
                fake_z = self.noise()
            else:
                real, fake_z = draw[0][k], draw[1][k]
                eps = draw[2][k] if len(draw) > 2 else None
            with torch.no_grad():
                fake = self.G(fake_z)
            loss_d = self.d_loss(real, fake)
            total = loss_d
            if self.loss == "wgan-gp":
                pen = self.penalty(real, fake, eps)
                total = loss_d + pen
            self.opt_d.zero_grad()
            total.sum().backward()
            self.opt_d.step()
            if self.loss == "wgan":
                with torch.no_grad():
                    for p in d_params:
                        torch.minimum(p, self.clip_for(p), out=p)
                        torch.maximum(p, -self.clip_for(p), out=p)
        for p in d_params:
            p.requires_grad_(False)
        z = self.noise() if draw is None else draw[1][self.n_critic]
        loss_g = self.g_loss(self.D(self.G(z)))
        self.opt_g.zero_grad()
        loss_g.sum().backward()
        self.opt_g.step()
        for p in d_params:
            p.requires_grad_(True)
        return loss_d.detach(), loss_g.detach(), None if pen is None else pen.detach()

    def clip_for(self, p: torch.Tensor) -> torch.Tensor:
        return self.clip.reshape(-1, *([1] * (p.dim() - 1)))

    def draw(self):
        """The random inputs of one iteration, drawn up front: (reals, noises[, eps]), n_critic
        real batches, n_critic + 1 noise batches (and WGAN-GP's n_critic ε batches)."""
        reals, noises, epss = [], [], []
        for _ in range(self.n_critic):  # the order in which iterate() draws them
            reals.append(self.real())
            noises.append(self.noise())
            if self.loss == "wgan-gp":
                epss.append(self.eps())
        noises.append(self.noise())
        if epss:  # drawn here too: a CUDA graph replays no generator call of its own
            return torch.stack(reals), torch.stack(noises), torch.stack(epss)
        return torch.stack(reals), torch.stack(noises)

    def step(self, n: int) -> None:
        t0 = time.perf_counter()
        lds, lgs, pens = [], [], []
        for _ in range(n):
            if self.cuda_graph:
                ld, lg, pen = self._graph_iterate()
            else:
                ld, lg, pen = self.iterate()
            lds.append(ld)
            lgs.append(lg)
            if pen is not None:
                pens.append(pen)
        # one transfer to the host for the whole chunk (no synchronisation inside the loop)
        ld_all = torch.stack(lds).cpu().numpy()
        lg_all = torch.stack(lgs).cpu().numpy()
        pen_all = torch.stack(pens).cpu().numpy() if pens else None
        dt = time.perf_counter() - t0
        for k, tr in enumerate(self.trainers):
            h = tr.history
            h.iteration.extend(range(tr.iteration + 1, tr.iteration + n + 1))
            h.loss_d.extend(ld_all[:, k].tolist())
            h.loss_g.extend(lg_all[:, k].tolist())
            h.penalty.extend(pen_all[:, k].tolist() if pen_all is not None
                             else [float("nan")] * n)
            tr.iteration += n
            tr.train_seconds += dt

    # -- CUDA graphs (device.type == "cuda" only) ------------------------------------------------
    def _graph_iterate(self):
        """Replay the captured iteration (captured on first use, after a warm-up on a side
        stream, as torch.cuda.graphs requires); the inputs are copied into static buffers."""
        draw = self.draw()
        if self._graph is None:
            self._static = [t.clone() for t in draw]
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                for _ in range(3):  # warm-up: allocates the grads and optimiser buffers
                    self.iterate(self._static)
            torch.cuda.current_stream().wait_stream(side)
            self._graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(self._graph):
                self._static_out = self.iterate(self._static)
        for dst, src in zip(self._static, draw):
            dst.copy_(src)
        self._graph.replay()
        return tuple(None if t is None else t.clone() for t in self._static_out)

    def release(self) -> None:
        for k, tr in enumerate(self.trainers):
            self.opt_d.store(k, tr.opt_d, list(tr.D.parameters()))
            self.opt_g.store(k, tr.opt_g, list(tr.G.parameters()))


class TrainerBatch:
    """Many runs trained as stacked models (see the module docstring).

    ``TrainerBatch(configs)``: one run per :class:`~divergences.training.TrainConfig`;
    ``step(n)`` runs n generator iterations of every run; ``sample(i, n)`` is an (n, 2) array of
    run i's generated points in data units; ``len(batch)`` is the number of runs; ``run(i)`` is
    run i's :class:`Trainer` view (evaluate, history, critic_map, generator_push, eval_sample).

    ``grouping``: True (default) trains configs that cannot share a stacked model in separate
    groups; False refuses them with a ValueError naming the field that differs.
    ``real_on_device`` / ``cuda_graph``: the device path (None: on for CUDA, off on the CPU).
    """

    def __init__(self, configs: list[TrainConfig], *, grouping: bool = True,
                 real_on_device: bool | None = None, cuda_graph: bool | None = None):
        configs = list(configs)
        if not configs:
            raise ValueError("TrainerBatch needs at least one TrainConfig; got an empty list")
        for c in configs:
            if not isinstance(c, TrainConfig):
                raise ValueError(f"TrainerBatch needs TrainConfig objects; got {type(c).__name__}")
        self._init([Trainer(c) for c in configs], grouping=grouping,
                   real_on_device=real_on_device, cuda_graph=cuda_graph)

    @classmethod
    def adopt(cls, trainers: list[Trainer], **kw) -> "TrainerBatch":
        """Batch existing Trainers (their weights, optimiser states, random streams, histories
        and iteration counts): they train on from where they are. Call :meth:`release` before
        using them alone again."""
        trainers = list(trainers)
        if not trainers:
            raise ValueError("TrainerBatch needs at least one Trainer; got an empty list")
        self = cls.__new__(cls)
        self._init(trainers, **kw)
        return self

    def _init(self, trainers: list[Trainer], *, grouping: bool = True,
              real_on_device: bool | None = None, cuda_graph: bool | None = None) -> None:
        self.trainers = trainers
        keys = [group_key(tr.config, tr.device) for tr in trainers]
        if not grouping:
            for tr, key in zip(trainers[1:], keys[1:]):
                if key != keys[0]:
                    f = GROUP_FIELDS[next(j for j in range(len(key)) if key[j] != keys[0][j])]
                    raise ValueError(
                        f"these runs cannot share one stacked model: their {f} differs "
                        f"({getattr(trainers[0].config, f)!r} vs {getattr(tr.config, f)!r}); "
                        f"runs in one batch must have the same {', '.join(GROUP_FIELDS)}")
        order: dict[tuple, list[int]] = {}
        for i, key in enumerate(keys):
            order.setdefault(key, []).append(i)
        self.groups: list[_Group] = []
        self._where: list[tuple[int, int]] = [(0, 0)] * len(trainers)
        for gi, idx in enumerate(order.values()):
            dev = trainers[idx[0]].device
            cuda = dev.type == "cuda"
            self.groups.append(_Group(
                [trainers[i] for i in idx], dev,
                real_on_device=cuda if real_on_device is None else real_on_device,
                cuda_graph=cuda if cuda_graph is None else cuda_graph))
            for k, i in enumerate(idx):
                self._where[i] = (gi, k)
        self.iteration = 0

    def __len__(self) -> int:
        return len(self.trainers)

    @property
    def configs(self) -> list[TrainConfig]:
        return [tr.config for tr in self.trainers]

    def step(self, n: int = 1) -> None:
        """Run ``n`` generator iterations of every run (each after its n_critic critic steps)."""
        check_int("n", n, 1, 10**7)
        for gi, g in enumerate(self.groups):
            try:
                g.step(n)
            except torch.OutOfMemoryError as exc:
                if g.device.type == "cpu":
                    raise
                self.groups[gi] = g = self._to_cpu(g, exc)
                g.step(n)
        self.iteration += n
        count_steps(n * len(self))

    @staticmethod
    def _to_cpu(g: "_Group", exc: Exception) -> "_Group":
        """A CUDA out-of-memory error: the group's runs move to the CPU (a message in each run's
        ``messages``, as :meth:`Trainer.step` does) and go on there."""
        g.release()
        for tr in g.trainers:
            tr._move_to_cpu(Message(N_("CUDA ran out of memory ({detail}): the run moved to "
                                       "the CPU and goes on there"),
                                    detail=str(exc).split("\n")[0][:120]))
        return _Group(g.trainers, torch.device("cpu"), real_on_device=False, cuda_graph=False)

    def _index(self, i: int) -> int:
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not (
                -len(self) <= i < len(self)):
            raise IndexError(f"run index must be an integer from 0 to {len(self) - 1}; got {i!r}")
        return int(i) % len(self)

    def run(self, i: int) -> Trainer:
        """Run i's :class:`Trainer`: its networks are views of the stacked weights, its
        iteration, train_seconds and history are current (its optimisers are stale until
        :meth:`release`)."""
        return self.trainers[self._index(i)]

    def sample(self, i: int, n: int) -> np.ndarray:
        """``n`` generated points of run i, an (n, 2) float array in the units of its data (the
        same noise as ``Trainer.sample``)."""
        return self.run(i).sample(n)

    def eval_sample(self, i: int) -> np.ndarray:
        return self.run(i).eval_sample()

    def evaluate(self, i: int | None = None):
        """Exact W1, modes covered and high-quality share of run i (every run when None: a
        list); appended to the run's history."""
        if i is None:
            return [tr.evaluate() for tr in self.trainers]
        return self.run(i).evaluate()

    def history(self, i: int):
        return self.run(i).history

    def critic_map(self, i: int, n: int = 48):
        return self.run(i).critic_map(n)

    def generator_push(self, i: int, points: np.ndarray) -> np.ndarray:
        return self.run(i).generator_push(points)

    def release(self) -> list[Trainer]:
        """Write every run's optimiser state back into its Trainer and return the Trainers
        (which then train alone, or in another batch, exactly where they left off)."""
        for g in self.groups:
            g.release()
        return list(self.trainers)


__all__ = ["GROUP_FIELDS", "StackedAdam", "StackedMLP", "StackedRMSprop", "TrainerBatch",
           "first_difference", "group_key", "sample_2d_torch", "stacked_linear"]

"""Small torch networks and their measurements, shared by page 4's critic, page 5's trained
discriminator and page 6's toy GAN/WGAN trainer.

- ``mlp`` builds a ReLU multilayer perceptron; ``seeded_mlp`` builds one whose initial weights
  come from a given ``torch.Generator`` (``seeded_init_``), never from torch's global stream;
- ``one_thread`` is the one way to run torch on a single CPU thread (the count is process-wide:
  one lock for every caller, the previous count restored);
- ``clip_parameters_`` is WGAN's weight clipping (every parameter, biases included, into
  [−c, c]); ``gradient_penalty`` is WGAN-GP's λ·E[(‖∇f(x̂)‖ − 1)²] on random interpolates x̂ of
  real and fake samples, drawn from a given generator;
- ``InputMap`` is a fixed affine map in front of a network; ``values_and_grad_norms``,
  ``lipschitz_estimate`` and ``backprop_norms`` measure a network (f and ‖∇ₓf‖, its Lipschitz
  constant over points, the gradient that reaches each layer).

Randomness is explicit everywhere (docs/DESIGN.md §2): two runs with the same generator seeds
give the same numbers whatever else the process draws.
"""

from __future__ import annotations

import contextlib
import math
import threading

import numpy as np
import torch
from torch import nn

_THREADS_LOCK = threading.Lock()


@contextlib.contextmanager
def one_thread():
    """Run the block on one torch intra-op thread, then restore the previous count.

    These networks are too small to gain from more threads, and on a loaded 2-core machine the
    thread pool's barriers cost far more than the arithmetic. ``torch.set_num_threads`` is
    process-wide, so the blocks of all callers are serialised by one lock (a count saved by one
    block is never overwritten by another's)."""
    with _THREADS_LOCK:
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(threads)


def mlp(in_dim: int, out_dim: int, width: int = 64, depth: int = 3) -> nn.Sequential:
    """``depth`` hidden ReLU layers of ``width`` units, then a linear output (no sigmoid)."""
    if depth < 1 or width < 1:
        raise ValueError(f"depth and width must be >= 1; got depth={depth}, width={width}")
    layers: list[nn.Module] = []
    d = in_dim
    for _ in range(depth):
        layers += [nn.Linear(d, width), nn.ReLU()]
        d = width
    layers.append(nn.Linear(d, out_dim))
    return nn.Sequential(*layers)


@torch.no_grad()
def seeded_init_(module: nn.Module, generator: torch.Generator) -> nn.Module:
    """PyTorch's default Linear init, U(−1/√fan_in, 1/√fan_in) for weights and biases, drawn from
    ``generator`` (not the process-wide stream, which other sessions' threads also use)."""
    for m in module.modules():
        if isinstance(m, nn.Linear):
            bound = 1.0 / math.sqrt(m.in_features)
            m.weight.uniform_(-bound, bound, generator=generator)
            m.bias.uniform_(-bound, bound, generator=generator)
    return module


def seeded_mlp(in_dim: int, out_dim: int, width: int, depth: int, generator: torch.Generator,
               dtype: torch.dtype = torch.float32) -> nn.Sequential:
    """:func:`mlp` built on the meta device (no draw at all) and initialised by
    :func:`seeded_init_` from ``generator``, on the CPU in ``dtype``."""
    with torch.device("meta"):
        net = mlp(in_dim, out_dim, width=width, depth=depth)
    return seeded_init_(net.to_empty(device="cpu").to(dtype), generator)


@torch.no_grad()
def clip_parameters_(module: nn.Module, c: float) -> None:
    """Clip every parameter of ``module`` (weights and biases) into [−c, c], in place."""
    if not c > 0:
        raise ValueError(f"clip value c must be > 0; got {c}")
    for p in module.parameters():
        p.clamp_(-c, c)


def gradient_penalty(critic: nn.Module, real: torch.Tensor, fake: torch.Tensor,
                     lam: float = 10.0, *, generator: torch.Generator) -> torch.Tensor:
    """λ·E[(‖∇ₓf(x̂)‖₂ − 1)²] with x̂ = εx_real + (1 − ε)x_fake, ε ~ U[0, 1] per sample.

    ε is drawn from ``generator`` (on ``real``'s device), never from torch's global stream, so a
    seeded run repeats whatever else the process draws."""
    eps = torch.rand(real.shape[0], 1, device=real.device, dtype=real.dtype, generator=generator)
    xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    out = critic(xhat)
    (grad,) = torch.autograd.grad(out.sum(), xhat, create_graph=True)
    return lam * ((grad.norm(2, dim=1) - 1) ** 2).mean()


class InputMap(nn.Module):
    """The fixed affine map x ↦ (x − center)/scale in front of a network (no parameters, so
    nothing to clip or train)."""

    def __init__(self, center, scale: float):
        super().__init__()
        self.register_buffer("center", torch.as_tensor(np.asarray(center, dtype=np.float32)))
        self.inv_scale = 1.0 / float(scale)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.center) * self.inv_scale


def values_and_grad_norms(net: nn.Module, points) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and ‖∇ₓf(x)‖₂ at ``points`` (shape (m, d)), by autograd."""
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2 or pts.shape[0] == 0 or not np.isfinite(pts).all():
        raise ValueError("points must be a non-empty (m, d) array of finite numbers")
    x = torch.as_tensor(pts, dtype=torch.float32).requires_grad_(True)
    out = net(x)
    (g,) = torch.autograd.grad(out.sum(), x)
    return out.detach().numpy()[:, 0].astype(float), g.norm(dim=1).numpy().astype(float)


def lipschitz_estimate(net: nn.Module, points) -> float:
    """K ≈ max over ``points`` (m, d) of ‖∇ₓf(x)‖₂ (units of f per unit of x).

    A lower bound on f's Lipschitz constant over the points' convex hull; a ReLU network is
    piecewise linear, so the bound is exact once the points visit every linear piece: use a dense
    grid (plus the samples).
    """
    return float(values_and_grad_norms(net, points)[1].max())


def backprop_norms(net: nn.Sequential, x_real: torch.Tensor, x_fake: torch.Tensor) -> list[float]:
    """‖∂L/∂h_l‖_F for L = mean f(fake) − mean f(real) and h_l the input of each nn.Linear of
    ``net`` (input layer first): how much gradient reaches each layer on this batch."""
    h = torch.cat([x_real, x_fake]).detach().requires_grad_(True)
    inputs = []
    for m in net:
        if isinstance(m, nn.Linear):
            inputs.append(h)
        h = m(h)
    n = x_real.shape[0]
    loss = h[n:].mean() - h[:n].mean()
    grads = torch.autograd.grad(loss, inputs)
    return [float(g.norm()) for g in grads]

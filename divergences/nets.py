"""Small torch networks shared by the critic (page 4) and the toy GAN/WGAN trainer (page 6).

``mlp`` builds a ReLU multilayer perceptron; ``clip_parameters_`` implements WGAN's weight
clipping (every parameter, biases included, into [−c, c]); ``gradient_penalty`` is WGAN-GP's
λ·E[(‖∇f(x̂)‖ − 1)²] on random interpolates x̂ of real and fake samples.
"""

from __future__ import annotations

import torch
from torch import nn


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

"""Divergence Lab's science: distributions, divergences, distances and transport plans.

No Streamlit here: everything is usable from a notebook or a script. Values are in nats for JS and
KL, unitless for TV, and in the units of the coordinates for W1.
"""

from .datasets import DATASETS, MODES, binned_divergences, sample_2d, transform
from .distributions import FAMILIES, Dist1D, Grid, cell_masses, grid_for
from .divergences import LN2, js_divergence, kl_divergence, tv_distance
from .sweeps import Sweep, slope, sweep_1d
from .transport import plan_cost, transport_plan, wasserstein1

__all__ = [
    "DATASETS", "MODES", "FAMILIES", "LN2", "Dist1D", "Grid", "Sweep",
    "binned_divergences", "cell_masses", "grid_for", "js_divergence", "kl_divergence",
    "plan_cost", "sample_2d", "slope", "sweep_1d", "transform", "transport_plan",
    "tv_distance", "wasserstein1",
]

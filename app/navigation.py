"""The curriculum as a list of pages: one source for the navigation, the home page and the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.i18n import N_

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "pages"


@dataclass(frozen=True)
class PageInfo:
    step: int
    file: str
    title: str
    icon: str
    claim: str
    """The sentence a student should take away (English source, marked with ``N_``; shown with
    ``t_var``)."""

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def url_path(self) -> str:
        return Path(self.file).stem


PAGES: tuple[PageInfo, ...] = (
    PageInfo(0, "home.py", N_("Home"), ":material/home:",
             N_("The whole story in five steps, with a live teaser.")),
    PageInfo(1, "js_saturates.py", N_("1 · JS saturates"), ":material/horizontal_rule:",
             N_("Once the supports stop overlapping, JS is stuck at ln 2 (zero gradient) "
                "while W1 keeps growing.")),
    PageInfo(2, "low_dim_supports.py", N_("2 · Thin supports in 2D"), ":material/scatter_plot:",
             N_("Real data lives on thin manifolds that almost never overlap; "
                "sampling makes overlap rarer still.")),
    PageInfo(3, "earth_mover.py", N_("3 · The earth mover"), ":material/landslide:",
             N_("EMD is the cost of the cheapest plan that moves the earth of P into the shape of Q.")),
    PageInfo(4, "critic.py", N_("4 · The critic"), ":material/psychology:",
             N_("A weight-clipped critic learns W1 up to a constant: the Kantorovich–Rubinstein dual.")),
    PageInfo(5, "generator_gradient.py", N_("5 · The generator's gradient"), ":material/trending_down:",
             N_("A too-good discriminator leaves the generator no gradient; the WGAN critic does not.")),
    PageInfo(6, "live_training.py", N_("6 · GAN vs WGAN"), ":material/model_training:",
             N_("GAN and WGAN trained side by side in four scenarios: mode collapse, "
                "clipping against the gradient penalty, a discriminator too strong to learn "
                "from, and a loss that tracks W1. Each claim is counted on 10 seeds that were "
                "not used to choose its settings (modes by the 3σ rule).")),
)

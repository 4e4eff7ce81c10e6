"""The names shown for the science's keys, one map per idea, shared by every page: a 1-D family
(``Dist1D.family``) and a 2-D data set (``divergences.datasets.DATASETS``). Translated when
called (never at import time)."""

from __future__ import annotations

from app.i18n import t


def family_label(family: str) -> str:
    """A 1-D distribution family: "Gaussian", "uniform", "point mass", "mixture of two
    Gaussians" (an unknown key is shown as it is)."""
    return {"gaussian": t("Gaussian"), "uniform": t("uniform"), "point": t("point mass"),
            "mixture": t("mixture of two Gaussians")}.get(family, family)


def dataset_label(name: str) -> str:
    """A 2-D data set (an unknown key is shown as it is)."""
    return {"lines": t("Parallel lines (Arjovsky's Example 1)"), "circle": t("Circle"),
            "blob": t("Gaussian blob"), "moons": t("Two moons"),
            "8gaussians": t("8 Gaussians on a circle"), "25gaussians": t("25 Gaussians on a grid"),
            "8gaussians-wide": t("8 Gaussians on a wide ring"), "swissroll": t("Swiss roll"),
            "ring": t("Ring")}.get(name, name)

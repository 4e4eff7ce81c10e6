"""Colour that every student can read (issue 23): the pairs the lesson contrasts stay apart for
the three colour-vision deficiencies, simulated at full severity with colorspacious (Machado et
al. 2009), measured as the CAM02-UCS colour difference ΔE; and the caption text keeps 4.5:1."""

from __future__ import annotations

import pytest
from colorspacious import cspace_convert, deltaE

from app.a11y import CAPTION_COLOUR
from app.figures_critic import CRITIC_COLOR
from app.figures_training import FAKE_COLOR, REAL_COLOR
from app.style import COLORS

MIN_DELTA_E = 20.0
"""ΔE in CAM02-UCS below which two line colours are hard to tell apart at a glance (about 1 is
a just-noticeable difference; the lesson's pairs should be far above it)."""

PAIRS = {
    "P and Q": (COLORS["P"], COLORS["Q"]),
    "real and generated data (page 6)": (REAL_COLOR, FAKE_COLOR),
    "GAN and WGAN": (COLORS["GAN"], COLORS["WGAN"]),
    "JS and W1": (COLORS["JS"], COLORS["W1"]),
    "the critic's estimate and the exact W1 (page 4)": (CRITIC_COLOR, COLORS["W1"]),
}


def _rgb1(hex_colour: str) -> list[float]:
    h = hex_colour.lstrip("#")
    return [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]


def _seen(hex_colour: str, cvd: str | None) -> list[float]:
    if cvd is None:
        return _rgb1(hex_colour)
    space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
    return [min(1.0, max(0.0, float(v))) for v in cspace_convert(_rgb1(hex_colour), space,
                                                                  "sRGB1")]


@pytest.mark.parametrize("cvd", [None, "deuteranomaly", "protanomaly", "tritanomaly"])
@pytest.mark.parametrize("pair", list(PAIRS))
def test_contrasted_pairs_stay_apart(pair, cvd):
    a, b = PAIRS[pair]
    d = float(deltaE(_seen(a, cvd), _seen(b, cvd), input_space="sRGB1"))
    assert d >= MIN_DELTA_E, f"{pair} under {cvd}: ΔE {d:.1f}"


def test_simulation_tells_a_red_green_pair_apart_only_for_normal_vision():
    """The check can fail: pure red and a green of the same lightness collapse for a
    deuteranope."""
    red, green = "#C0504D", "#7A8F2A"
    normal = float(deltaE(_seen(red, None), _seen(green, None), input_space="sRGB1"))
    deut = float(deltaE(_seen(red, "deuteranomaly"), _seen(green, "deuteranomaly"),
                        input_space="sRGB1"))
    assert normal >= MIN_DELTA_E > deut


def _luminance(hex_colour: str) -> float:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in _rgb1(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("background", ["#FFFFFF", "#F3F6FA"])
def test_caption_text_contrast(background):
    hi, lo = sorted((_luminance(CAPTION_COLOUR), _luminance(background)), reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 4.5


def test_p_and_q_differ_by_more_than_colour():
    """A second cue where P and Q meet on pages 1 and 2: Q's density is dashed, Q's points are
    diamonds (P's: solid, circles)."""
    import numpy as np

    from app.figures import density_figure
    from app.figures_2d import scatter_at
    from divergences import Dist1D

    x = np.linspace(-4, 4, 81)
    fig = density_figure(Dist1D("gaussian", 0.0, 1.0), Dist1D("gaussian", 1.0, 1.0), x)
    dash = {tr.name: tr.line.dash for tr in fig.data if tr.name in ("P", "Q")}
    assert dash == {"P": "solid", "Q": "dash"}
    pts = np.zeros((3, 2))
    base = {"data": [{"type": "scatter", "x": [0.0], "y": [0.0], "mode": "markers", "name": "P",
                      "marker": {"color": COLORS["P"], "size": 6}}], "layout": {}}
    spec = scatter_at(base, pts, pts + 1, np.array([[0, 0]])).to_dict()
    symbols = {tr["name"]: tr["marker"].get("symbol", "circle") for tr in spec["data"]
               if tr.get("name") in ("P", "Q")}
    assert symbols == {"P": "circle", "Q": "diamond"}

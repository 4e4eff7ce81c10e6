"""What page 6's scenarios claim and how often it held, in words, from the measured results
(``divergences/recorded/results.json``, written by ``python -m benchmarks.run scenarios``):
never a hand-typed number. Used by page 6's claim box and by Home."""

from __future__ import annotations

import numpy as np

from app.i18n import t, t_var
from app.ui import fmt_value
from divergences import recordings
from divergences.recordings import RecordingError
from divergences.scenarios import SCENARIOS


def scenario_counts() -> str:
    """One sentence: each scenario's title and in how many confirmation seeds both of its
    panels' claims held, e.g. "Mode collapse: 9 of 10; ..." ("" without results)."""
    parts = []
    for key, sc in SCENARIOS.items():
        try:
            tally = recordings.tally(key)
        except RecordingError:
            continue
        parts.append(t("{title}: {both} of {n}", title=t_var(sc.title), both=tally.both,
                       n=tally.n))
    if not parts:
        return ""
    return t("Measured on seeds that were not used to choose the settings, both panels' claims "
             "held in: {parts}.", parts="; ".join(parts))


def scenario_note(sc, res: dict) -> str:
    """The scenario's note (what else its runs show), with the measured medians filled in."""
    if not sc.note:
        return ""
    rows = res.get("seeds", [])

    def median_modes(side: str) -> str:
        v = [r[side]["modes"] for r in rows if r[side].get("modes") is not None]
        return fmt_value(float(np.median(v)), sig=2) if v else "—"

    return t_var(sc.note, left_modes=median_modes("left"), right_modes=median_modes("right"),
                 n=len(rows))

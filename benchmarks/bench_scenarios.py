"""Page 6's scenarios over seeds: does each claim reproduce? (DESIGN.md §5: every scenario claim
holds in ≥ 8 of 10 seeds not used to choose the settings, by the measure the field uses, or the
page says it does not.)

    python -m benchmarks.run scenarios              # 10 screening + 10 confirmation seeds
    python -m benchmarks.run scenarios --quick      # 1 + 2 seeds, nothing written
    DL_BENCH_SCENARIOS=mode-collapse,loss-tracks-w1 python -m benchmarks.run scenarios
        # only these scenarios are trained; the table shows every scenario of the results file

A full run IS the recordings' build (:func:`divergences.recordings.build`: every distinct panel
trained as one batch per set of seeds, two worker processes, one torch thread each): it records
the first 3 confirmation seeds, writes ``divergences/recorded/results.json`` (which page 6 reads
for the frequencies it shows) and the manifest, and prints, per scenario and panel, the claim's
count on the screening seeds (0-9, on which the settings were chosen) and on the confirmation
seeds (100-109, never used to choose them), then, on the confirmation seeds, the modes covered
by the 3σ rule (≥ 2 % of the points within 3σ of a centre), the high-quality share, where the
mass goes (modes nearest to ≥ 2 % of the points), the exact W1 at the end and r(−loss, W1),
as medians with [min, max].
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.common import Row
from divergences import recordings
from divergences.scenarios import SCENARIOS


def _fmt(vals, digits: int = 3) -> str:
    v = np.asarray([np.nan if x is None else x for x in vals], dtype=float)
    v = v[np.isfinite(v)]
    if not len(v):
        return "—"
    return f"{np.median(v):.{digits}g} [{v.min():.{digits}g}, {v.max():.{digits}g}]"


def _held(rows: list, side: str) -> str:
    if not rows:
        return "—"
    held = [r["seed"] for r in rows if r[side]["held"]]
    return f"{len(held)}/{len(rows)}"


def table(results: dict) -> str:
    """The printed table: one line per scenario and panel, and one for both panels."""
    head = ("scenario", "panel", "loss", "held: screening", "held: confirmation",
            "modes covered (3σ)", "high-quality share", "where the mass goes", "W1 at end",
            "r(−loss, W1)", "claim")
    lines = []
    for key, res in results.items():
        if key not in SCENARIOS:
            continue
        sc = SCENARIOS[key]
        conf, scr = res.get("seeds", []), res.get("screening", [])
        for side, claim in (("left", sc.left_claim), ("right", sc.right_claim)):
            lines.append((key, side, conf[0][side]["loss"], _held(scr, side), _held(conf, side),
                          _fmt((r[side]["modes"] for r in conf), 2),
                          _fmt((r[side].get("hq") for r in conf), 2),
                          _fmt((r[side].get("reached") for r in conf), 2),
                          _fmt(r[side]["w1"] for r in conf),
                          _fmt((r[side]["r"] for r in conf), 2), claim.text))
        both = lambda rows: (f"{sum(r['left']['held'] and r['right']['held'] for r in rows)}"  # noqa: E731
                             f"/{len(rows)}" if rows else "—")
        lines.append((key, "both", "", both(scr), both(conf), "", "", "", "", "", ""))
    widths = [max(len(str(c[i])) for c in [head, *lines]) for i in range(len(head))]
    fmt = lambda c: " | ".join(str(x).ljust(w) for x, w in zip(c, widths))  # noqa: E731
    return "\n".join([fmt(head), "-+-".join("-" * w for w in widths), *map(fmt, lines)])


SMOKE_NETS = dict(width=16, depth=2, batch_size=32, n_eval=64)


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``quick``: 1 screening and 2 confirmation seeds into a temporary folder; ``smoke``: the
    same with every scenario shrunk to 6 iterations of tiny networks, in this process (the
    suite's smoke run: the same code at its smallest size)."""
    if smoke:
        saved = dict(SCENARIOS)
        for key, sc in saved.items():
            SCENARIOS[key] = dataclasses.replace(sc, iterations=6, n_evals=3,
                                                 left={**sc.left, **SMOKE_NETS},
                                                 right={**sc.right, **SMOKE_NETS})
        try:
            return _run(True, processes=1)
        finally:
            SCENARIOS.update(saved)
    return _run(quick)


def _run(quick: bool, processes: int = 2) -> list[Row]:
    if quick:
        out = Path(tempfile.mkdtemp(prefix="dl-scenarios-"))
        kw = dict(screening=(0,), confirmation=(100, 101), recorded=0, processes=processes)
    else:
        out, kw = recordings.DIR, {}
    only = [k for k in os.environ.get("DL_BENCH_SCENARIOS", "").split(",") if k]
    unknown = [k for k in only if k not in SCENARIOS]
    if unknown:
        raise SystemExit(f"DL_BENCH_SCENARIOS: unknown scenario {', '.join(unknown)}; "
                         f"choose from {', '.join(SCENARIOS)}")
    res = recordings.build(only or None, out=out, log=lambda s: print(s, flush=True), **kw)
    print()
    print(table(res))
    print()
    rows = []
    for key in SCENARIOS:
        for group, name in (("screening", "screening seeds"), ("seeds", "confirmation seeds")):
            try:
                tally = recordings.tally(key, out, group)
            except recordings.RecordingError:
                continue
            rows.append(Row(f"scenario {key}: claim held (both panels), {name}", tally.both,
                            f"of {tally.n} seeds", "≥ 8 of 10", tally.both >= 0.8 * tally.n,
                            f"left {tally.left}/{tally.n}, right {tally.right}/{tally.n}"))
    return rows

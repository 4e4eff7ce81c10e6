"""Page 6's scenarios over seeds: does each claim reproduce? (DESIGN.md §5: every scenario claim
holds in ≥ 8 of 10 seeds, or the page says it does not.)

    python -m benchmarks.run scenarios              # 10 seeds a scenario (about 15-25 min, 2 cores)
    python -m benchmarks.run scenarios --quick      # 3 seeds, nothing written
    DL_BENCH_SCENARIO_SEEDS=20 python -m benchmarks.run scenarios
    DL_BENCH_SCENARIOS=mode-collapse,loss-tracks-w1 python -m benchmarks.run scenarios
        # only these scenarios are trained; the table shows every scenario of the results file

A full run IS the recordings' build (:func:`divergences.recordings.build`, two worker processes,
one torch thread each): it records the first 3 seeds, writes ``divergences/recorded/results.json``
(which page 6 reads for the frequencies it shows) and the manifest, and prints, per scenario and
panel, the seeds in which the claim held, the modes covered and the exact W1 at the end, and
r(−loss, W1), as a table (median and range over the seeds) before the benchmark rows.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.common import Row
from divergences import recordings
from divergences.scenarios import SCENARIOS


def _fmt(vals) -> str:
    v = np.asarray([np.nan if x is None else x for x in vals], dtype=float)
    v = v[np.isfinite(v)]
    if not len(v):
        return "—"
    return f"{np.median(v):.3g} [{v.min():.3g}, {v.max():.3g}]"


def table(results: dict) -> str:
    """The printed table: one line per scenario and panel."""
    head = ("scenario", "panel", "loss", "claim held", "modes at end (3σ)",
            "modes with ≥ 2 % of points", "W1 at end", "r(−loss, W1)", "claim")
    lines = []
    for key, res in results.items():
        if key not in SCENARIOS:
            continue
        sc = SCENARIOS[key]
        rows = res["seeds"]
        for side, claim in (("left", sc.left_claim), ("right", sc.right_claim)):
            held = [r["seed"] for r in rows if r[side]["held"]]
            lines.append((key, side, rows[0][side]["loss"],
                          f"{len(held)}/{len(rows)} (seeds {','.join(map(str, held)) or '-'})",
                          _fmt(r[side]["modes"] for r in rows),
                          _fmt(r[side].get("reached") for r in rows),
                          _fmt(r[side]["w1"] for r in rows),
                          _fmt(r[side]["r"] for r in rows), claim.text))
        both = sum(r["left"]["held"] and r["right"]["held"] for r in rows)
        lines.append((key, "both", "", f"{both}/{len(rows)}", "", "", "", "", ""))
    widths = [max(len(str(c[i])) for c in [head, *lines]) for i in range(len(head))]
    fmt = lambda c: " | ".join(str(x).ljust(w) for x, w in zip(c, widths))  # noqa: E731
    return "\n".join([fmt(head), "-+-".join("-" * w for w in widths), *map(fmt, lines)])


def run(quick: bool = False) -> list[Row]:
    seeds = 3 if quick else int(os.environ.get("DL_BENCH_SCENARIO_SEEDS", recordings.SEEDS))
    out = Path(tempfile.mkdtemp(prefix="dl-scenarios-")) if quick else recordings.DIR
    only = [k for k in os.environ.get("DL_BENCH_SCENARIOS", "").split(",") if k]
    unknown = [k for k in only if k not in SCENARIOS]
    if unknown:
        raise SystemExit(f"DL_BENCH_SCENARIOS: unknown scenario {', '.join(unknown)}; "
                         f"choose from {', '.join(SCENARIOS)}")
    res = recordings.build(only or None, seeds=seeds, recorded=0 if quick else recordings.RECORDED_SEEDS,
                           out=out, log=lambda s: print(s, flush=True))
    print()
    print(table(res))
    print()
    rows = []
    for key in SCENARIOS:
        tally = recordings.tally(key, out)
        rows.append(Row(f"scenario {key}: claim held (both panels)", tally.both,
                        f"of {tally.n} seeds", "≥ 8 of 10", tally.both >= 0.8 * tally.n,
                        f"left {tally.left}/{tally.n}, right {tally.right}/{tally.n}"))
    return rows

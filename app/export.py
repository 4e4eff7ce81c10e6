"""Export formatting: what the app offers to download (no science here, no Streamlit either).

:func:`histories_to_csv` writes the metrics of page 6's runs (:class:`divergences.training.History`
with their :class:`~divergences.training.TrainConfig`) as CSV text.
"""

from __future__ import annotations

import csv
import io
import math

from divergences.training import History, TrainConfig


def histories_to_csv(runs: dict[str, tuple[TrainConfig, History]]) -> str:
    """The metrics of named runs as CSV text: one row per iteration (losses), with the evaluation
    columns (exact W1, modes covered, high-quality fraction, training seconds) filled on the
    evaluated iterations (the dataset column says "uploaded (n points)" for own points). ``runs``
    maps a run's name to its (config, history)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["run", "loss", "dataset", "seed", "iteration", "loss_d", "loss_g", "penalty",
                "w1_exact", "modes_covered", "high_quality_fraction", "train_seconds"])

    def num(v):
        return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.6g}"

    for name, (cfg, hist) in runs.items():
        h = hist.copy()
        n = min(len(h.iteration), len(h.loss_d), len(h.loss_g), len(h.penalty))
        m = min(len(h.eval_iteration), len(h.w1), len(h.modes), len(h.hq), len(h.eval_seconds))
        evals = {h.eval_iteration[k]: k for k in range(m)}
        losses = {h.iteration[i]: i for i in range(n)}
        for it in sorted(set(losses) | set(evals)):
            i, k = losses.get(it), evals.get(it)
            row = [name, cfg.loss, cfg.data_label, cfg.seed, it]
            row += ["", "", ""] if i is None else [num(h.loss_d[i]), num(h.loss_g[i]),
                                                   num(h.penalty[i])]
            row += ["", "", "", ""] if k is None else [num(h.w1[k]), num(h.modes[k]),
                                                       num(h.hq[k]), num(h.eval_seconds[k])]
            w.writerow(row)
    return buf.getvalue()

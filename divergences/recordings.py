"""Recorded runs of page 6's scenarios, and the measured frequency of every claim.

    python -m divergences.recordings            # build: 10 screening + 10 confirmation seeds
    python -m divergences.recordings --check    # verify the files against the manifest

Two sets of seeds, as an honest experiment needs: the scenarios' settings were chosen by looking
at the **screening** seeds (:data:`SCREENING_SEEDS`, 0-9); the claims are then counted on
**confirmation** seeds (:data:`CONFIRMATION_SEEDS`, 100-109) that played no part in choosing
them. The page quotes the confirmation counts; the benchmark prints both.

The build trains every distinct panel of :data:`divergences.scenarios.SCENARIOS` (a panel that
two scenarios share, same settings, length and evaluations, is trained once) for every seed, as
one :class:`~divergences.batch.TrainerBatch` per panel and set of seeds (two worker processes,
one torch thread each; a run's numbers in a batch are those of the run alone), and writes into
``divergences/recorded/``:

- ``<scenario>.npz``: the first 3 confirmation seeds, both panels, at every evaluation:
  generated points (float16), the D/critic map (float16), W1, modes covered (3σ), the
  high-quality share, where the mass goes, −(loss), the generator's gradient norm, and the
  thinned losses; a few hundred kB each (``np.savez_compressed``);
- ``results.json``: for every scenario, seed and panel: the final modes covered (3σ rule), the
  high-quality share and where the mass goes, W1, r(−loss, W1) and whether its claim held
  (``seeds``: the confirmation seeds, ``screening``: the screening seeds);
- ``manifest.json``: the SHA-256 of every file above and a digest of the scenarios' settings.
  :func:`load` refuses a file whose checksum does not match, or a recording of settings that
  have changed since, with a clear :class:`RecordingError` (the page then says so and offers
  live training).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .scenarios import SCENARIOS, PanelRun, Scenario, run_panels
from .training import TrainConfig

DIR = Path(os.environ.get("DL_RECORDINGS_DIR") or Path(__file__).resolve().parent / "recorded")
"""Where the recordings live (``DL_RECORDINGS_DIR`` overrides it, e.g. for tests)."""
RESULTS = "results.json"
MANIFEST = "manifest.json"
SCREENING_SEEDS = tuple(range(10))
"""The seeds the scenarios' settings were chosen on."""
CONFIRMATION_SEEDS = tuple(range(100, 110))
"""The seeds the claims are counted on (never used to choose settings); the first
:data:`RECORDED_SEEDS` of them are recorded for playback."""
RECORDED_SEEDS = 3
PANELS = ("left", "right")
_ARRAYS = ("iterations", "w1", "modes", "hq", "neg_loss", "grad_norm", "reached", "loss_iter",
           "loss_d", "loss_g")


class RecordingError(Exception):
    """A recording that is missing, corrupt or out of date (the message says which)."""


def settings_digest(scenario: Scenario) -> str:
    """A short digest of what a scenario's runs depend on (settings, iterations, evaluations)."""
    text = repr((scenario.iterations, scenario.n_evals,
                 [c.as_dict() for c in scenario.configs(0)]))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- building ----------------------------------------------------------------------------------------
def _task(args) -> tuple[str, str, list[int], list[PanelRun]]:
    """One panel's settings for a list of seeds, trained as one batch (see :func:`run_panels`);
    the checkpoints are kept for the seeds to record only."""
    pk, group, cfg_dict, iterations, n_evals, seeds, record = args
    import torch

    torch.set_num_threads(1)
    cfgs = [replace(TrainConfig(**cfg_dict), seed=int(s), device="cpu") for s in seeds]
    runs = run_panels(cfgs, iterations, n_evals, record=any(record))
    for run, keep in zip(runs, record):
        if not keep:
            run.fake = run.maps = run.real = None
    return pk, group, list(seeds), runs


def _panel_key(cfg: TrainConfig, sc: Scenario) -> str:
    d = {k: v for k, v in cfg.as_dict().items() if k not in ("seed", "device")}
    return repr((sorted(d.items()), sc.iterations, sc.n_evals))


def _summary(run: PanelRun, held: bool) -> dict:
    return {"loss": run.loss, "modes": _num(run.final_modes), "hq": _num(run.hq[-1]),
            "reached": _num(run.reached[-1]), "w1": _num(run.final_w1),
            "w1_start": _num(run.w1[0]), "w1_floor": _num(run.w1_floor), "r": _num(run.r),
            "max_grad_norm_2nd_half": _num(float(np.nanmax(run.grad_norm[len(run.grad_norm)
                                                                          // 2:]))),
            "held": held}


def _num(v: float):
    v = float(v)
    return None if not np.isfinite(v) else round(v, 5)


def _record_arrays(run: PanelRun, side: str) -> dict:
    rec = {f"{side}.{name}": np.asarray(getattr(run, name), dtype=np.float32)
           for name in _ARRAYS}
    rec[f"{side}.fake"] = run.fake.astype(np.float16)
    rec[f"{side}.maps"] = run.maps.astype(np.float16)
    rec[f"{side}.real"] = run.real.astype(np.float16)
    rec[f"{side}.map_x"] = run.map_x.astype(np.float32)
    rec[f"{side}.map_y"] = run.map_y.astype(np.float32)
    rec[f"{side}.w1_floor"] = np.float32(run.w1_floor)
    rec[f"{side}.bounds"] = np.asarray(run.bounds, dtype=np.float32)
    return rec


def build(keys=None, screening=SCREENING_SEEDS, confirmation=CONFIRMATION_SEEDS,
          recorded: int = RECORDED_SEEDS, processes: int = 2, out: Path | None = None,
          log=print) -> dict:
    """Run every scenario (``keys``: a subset) on the ``screening`` and the ``confirmation``
    seeds, record the first ``recorded`` confirmation seeds, write the files (see the module
    docstring) and return the results dict."""
    import multiprocessing as mp

    keys = list(keys or SCENARIOS)
    out = out or DIR
    screening, confirmation = [int(s) for s in screening], [int(s) for s in confirmation]
    to_record = set(confirmation[:recorded])
    panels: dict[str, tuple] = {}
    for key in keys:
        sc = SCENARIOS[key]
        for cfg in sc.configs(0):
            panels.setdefault(_panel_key(cfg, sc), (cfg, sc))
    tasks = []
    for pk, (cfg, sc) in panels.items():
        d = {k: v for k, v in cfg.as_dict().items() if k not in ("seed", "device")}
        for group, seeds in (("screening", screening), ("seeds", confirmation)):
            if seeds:
                tasks.append((pk, group, d, sc.iterations, sc.n_evals, seeds,
                              [group == "seeds" and s in to_record for s in seeds]))
    # the longest first, so that two workers end together
    cost = lambda tk: tk[3] * (tk[2].get("n_critic") or 5) * (2 if tk[2]["loss"] == "wgan-gp"  # noqa: E731
                                                              else 1)
    tasks.sort(key=cost, reverse=True)
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / RESULTS
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    runs: dict[tuple[str, str], dict[int, PanelRun]] = {}
    t0 = time.perf_counter()
    ctx = mp.get_context("spawn")
    # one process: in this one (tests, and scenarios patched in memory); else spawned workers
    pool = ctx.Pool(min(processes, len(tasks))) if processes > 1 and len(tasks) > 1 else None
    try:
        for pk, group, seeds, got in (pool.imap_unordered(_task, tasks) if pool
                                      else map(_task, tasks)):
            runs.setdefault((pk, group), {}).update(zip(seeds, got))
            log(f"[{time.perf_counter() - t0:6.0f} s] {got[0].loss} ({group}, seeds "
                f"{seeds[0]}-{seeds[-1]}): W1 at the end "
                + ", ".join(f"{r.final_w1:.3f}" for r in got))
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    for key in keys:
        sc = SCENARIOS[key]
        pks = [_panel_key(c, sc) for c in sc.configs(0)]
        entry = {"settings": settings_digest(sc), "iterations": sc.iterations,
                 "n_evals": sc.n_evals}
        arrays = {"seeds": np.asarray(sorted(to_record), dtype=np.int32)}
        for group, seeds in (("screening", screening), ("seeds", confirmation)):
            rows = []
            for seed in seeds:
                left, right = (runs[(pk, group)][seed] for pk in pks)
                held = sc.held(left, right)
                row = {"seed": seed}
                for side, run, ok in zip(PANELS, (left, right), held):
                    row[side] = _summary(run, ok)
                    if group == "seeds" and seed in to_record:
                        arrays.update({f"s{seed}.{n}": v
                                       for n, v in _record_arrays(run, side).items()})
                log(f"{key} {group} seed {seed}: left {row['left']}, right {row['right']}")
                rows.append(row)
            entry[group] = rows
        results[key] = entry
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        (out / f"{key}.npz").write_bytes(buf.getvalue())
    for key in [k for k in results if k not in SCENARIOS]:  # a scenario that is gone
        del results[key]
    results_path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    write_manifest(out)
    return results


def write_manifest(out: Path | None = None) -> None:
    out = out or DIR
    files = sorted(p.name for p in out.glob("*.npz")) + [RESULTS]
    manifest = {"files": {n: _sha256(out / n) for n in files if (out / n).exists()},
                "settings": {k: settings_digest(sc) for k, sc in SCENARIOS.items()}}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


# -- loading -----------------------------------------------------------------------------------------
def _manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise RecordingError(f"the recordings' manifest {MANIFEST} is missing; build them "
                             "with `python -m divergences.recordings`") from None
    except (OSError, ValueError) as exc:
        raise RecordingError(f"the recordings' manifest cannot be read ({exc})") from None


def _verified(folder: Path, name: str) -> bytes:
    man = _manifest(folder)
    want = man.get("files", {}).get(name)
    path = folder / name
    if want is None or not path.exists():
        raise RecordingError(f"the recording {name} is missing; build it with "
                             "`python -m divergences.recordings`")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != want:
        raise RecordingError(f"the recording {name} is corrupt (its checksum does not match the "
                             "manifest); rebuild it with `python -m divergences.recordings`")
    return data


def results(folder: Path | None = None) -> dict:
    """The measured results of every scenario (see the module docstring); RecordingError when
    the file is missing or corrupt."""
    try:
        return json.loads(_verified(folder or DIR, RESULTS))
    except ValueError as exc:
        raise RecordingError(f"{RESULTS} cannot be read ({exc})") from None


@dataclass(frozen=True)
class Tally:
    """How often a scenario's claims held: ``left``/``right``/``both`` of ``n`` seeds."""

    n: int
    left: int
    right: int
    both: int
    current: bool
    """False when the scenario's settings changed after these runs were measured."""


def tally(key: str, folder: Path | None = None, group: str = "seeds") -> Tally:
    """Counts of the seeds in which each panel's claim held (RecordingError without results):
    on the confirmation seeds (``group="seeds"``, what the page quotes) or on the screening
    seeds (``group="screening"``)."""
    res = results(folder)
    if key not in res or group not in res[key]:
        raise RecordingError(f"no measured results for the scenario {key!r}; run "
                             "`python -m divergences.recordings`")
    rows = res[key][group]
    left = sum(bool(r["left"]["held"]) for r in rows)
    right = sum(bool(r["right"]["held"]) for r in rows)
    both = sum(bool(r["left"]["held"] and r["right"]["held"]) for r in rows)
    current = res[key].get("settings") == settings_digest(SCENARIOS[key])
    return Tally(len(rows), left, right, both, current)


@dataclass(frozen=True)
class Recording:
    """One scenario's recorded seeds: ``seeds`` and ``panel(seed, side)`` → a :class:`PanelRun`
    with the checkpoints (float arrays)."""

    key: str
    seeds: tuple
    arrays: dict

    def panel(self, seed: int, side: str) -> PanelRun:
        if seed not in self.seeds:
            raise RecordingError(f"seed {seed} is not recorded (recorded: {list(self.seeds)})")
        a = lambda n: np.asarray(self.arrays[f"s{seed}.{side}.{n}"], dtype=float)  # noqa: E731
        cfg = SCENARIOS[self.key].configs(seed)[PANELS.index(side)]
        return PanelRun(loss=cfg.loss, **{n: a(n) for n in _ARRAYS if n not in ("w1_floor",)},
                        w1_floor=float(a("w1_floor")),
                        bounds=tuple(map(tuple, a("bounds"))), real=a("real"), fake=a("fake"),
                        maps=a("maps"), map_x=a("map_x"), map_y=a("map_y"))


def load(key: str, folder: Path | None = None) -> Recording:
    """The recording of scenario ``key``, checked against the manifest (RecordingError when it
    is missing, corrupt, or made with settings that have changed since)."""
    if key not in SCENARIOS:
        raise RecordingError(f"unknown scenario {key!r}")
    folder = folder or DIR
    man = _manifest(folder)
    if man.get("settings", {}).get(key) != settings_digest(SCENARIOS[key]):
        raise RecordingError(f"the recording of {key!r} was made with other settings than the "
                             "scenario's current ones; rebuild it with "
                             "`python -m divergences.recordings`")
    data = _verified(folder, f"{key}.npz")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        seeds = tuple(int(s) for s in arrays.pop("seeds"))
    except Exception as exc:  # a truncated or foreign file
        raise RecordingError(f"the recording {key}.npz cannot be read ({exc})") from None
    return Recording(key, seeds, arrays)


def check(folder: Path | None = None) -> list[str]:
    """Problems with the recordings (an empty list when every file matches its checksum)."""
    problems = []
    for key in SCENARIOS:
        if not SCENARIOS[key].recorded:
            continue
        try:
            load(key, folder)
        except RecordingError as exc:
            problems.append(str(exc))
    try:
        results(folder)
    except RecordingError as exc:
        problems.append(str(exc))
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("scenarios", nargs="*", help="only these scenario keys")
    ap.add_argument("--recorded", type=int, default=RECORDED_SEEDS)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--check", action="store_true", help="only verify the files")
    args = ap.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or "recordings OK")
        return 1 if problems else 0
    build(args.scenarios or None, recorded=args.recorded, processes=args.processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

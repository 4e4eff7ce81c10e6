"""Recorded runs of page 6's scenarios, and the measured frequency of every claim.

    python -m divergences.recordings            # build: 10 seeds a scenario, 3 of them recorded
    python -m divergences.recordings --check    # verify the files against the manifest

The build trains every scenario of :data:`divergences.scenarios.SCENARIOS` for seeds 0..9 (two
worker processes, one torch thread each), and writes into ``divergences/recorded/``:

- ``<scenario>.npz``: the first 3 seeds, both panels, at every evaluation: generated points
  (float16), the D/critic map (float16), W1, modes, −(loss), the generator's gradient norm, and
  the thinned losses; a few hundred kB each (``np.savez_compressed``);
- ``results.json``: for every scenario and seed, each panel's final modes and W1, r(−loss, W1)
  and whether its claim held (the page shows these frequencies; the benchmark prints them);
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

from .scenarios import SCENARIOS, PanelRun, Scenario, run_panel

DIR = Path(os.environ.get("DL_RECORDINGS_DIR") or Path(__file__).resolve().parent / "recorded")
"""Where the recordings live (``DL_RECORDINGS_DIR`` overrides it, e.g. for tests)."""
RESULTS = "results.json"
MANIFEST = "manifest.json"
SEEDS = 10
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
def _task(args) -> tuple[int, dict]:
    """All the given scenarios for one seed (a panel that two scenarios share, same settings,
    length and evaluations, is trained once)."""
    keys, seed, record = args
    import torch

    torch.set_num_threads(1)
    memo: dict = {}
    out = {}
    for key in keys:
        sc = SCENARIOS[key]
        t0 = time.perf_counter()
        runs = []
        for cfg in sc.configs(seed):
            cfg = replace(cfg, device="cpu")
            mk = (repr(cfg.as_dict()), sc.iterations, sc.n_evals, record)
            if mk not in memo:
                memo[mk] = run_panel(cfg, sc.iterations, sc.n_evals, record=record,
                                     seed_show=seed)
            runs.append(memo[mk])
        left, right = runs
        held = sc.held(left, right)
        summary = {"seed": seed, "seconds": round(time.perf_counter() - t0, 1)}
        for side, run, ok in zip(PANELS, (left, right), held):
            summary[side] = {"loss": run.loss, "modes": _num(run.final_modes),
                             "reached": _num(run.reached[-1]),
                             "w1": _num(run.final_w1), "w1_start": _num(run.w1[0]),
                             "w1_floor": _num(run.w1_floor), "r": _num(run.r),
                             "max_grad_norm_2nd_half":
                             _num(float(np.nanmax(run.grad_norm[len(run.grad_norm) // 2:]))),
                             "held": ok}
        rec = None
        if record:
            rec = {}
            for side, run in zip(PANELS, (left, right)):
                for name in _ARRAYS:
                    rec[f"{side}.{name}"] = np.asarray(getattr(run, name), dtype=np.float32)
                rec[f"{side}.fake"] = run.fake.astype(np.float16)
                rec[f"{side}.maps"] = run.maps.astype(np.float16)
                rec[f"{side}.real"] = run.real.astype(np.float16)
                rec[f"{side}.map_x"] = run.map_x.astype(np.float32)
                rec[f"{side}.map_y"] = run.map_y.astype(np.float32)
                rec[f"{side}.w1_floor"] = np.float32(run.w1_floor)
                rec[f"{side}.bounds"] = np.asarray(run.bounds, dtype=np.float32)
        out[key] = (summary, rec)
    return seed, out


def _num(v: float):
    v = float(v)
    return None if not np.isfinite(v) else round(v, 5)


def build(keys=None, seeds: int = SEEDS, recorded: int = RECORDED_SEEDS, processes: int = 2,
          out: Path | None = None, log=print) -> dict:
    """Run ``seeds`` seeds of every scenario (``keys``: a subset), record the first
    ``recorded``, write the files (see the module docstring) and return the results dict."""
    import multiprocessing as mp

    keys = list(keys or SCENARIOS)
    out = out or DIR
    tasks = [(keys, s, s < recorded) for s in range(seeds)]
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / RESULTS
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    recs: dict[str, dict] = {k: {} for k in keys}
    summaries: dict[str, list] = {k: [] for k in keys}
    t0 = time.perf_counter()
    ctx = mp.get_context("spawn")
    # one process: in this one (tests, and scenarios patched in memory); else spawned workers
    pool = ctx.Pool(processes) if processes > 1 else None
    try:
        for seed, per_key in (pool.imap_unordered(_task, tasks) if pool else map(_task, tasks)):
            for key, (summary, rec) in per_key.items():
                summaries[key].append(summary)
                if rec is not None:
                    recs[key][seed] = rec
                log(f"[{time.perf_counter() - t0:6.0f} s] {key} seed {seed}: "
                    f"left {summary['left']}, right {summary['right']}")
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    for key in keys:
        sc = SCENARIOS[key]
        rows = sorted(summaries[key], key=lambda s: s["seed"])
        results[key] = {"settings": settings_digest(sc), "iterations": sc.iterations,
                        "n_evals": sc.n_evals, "seeds": rows}
        arrays = {"seeds": np.asarray(sorted(recs[key]), dtype=np.int32)}
        for seed, rec in recs[key].items():
            arrays.update({f"s{seed}.{name}": v for name, v in rec.items()})
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        (out / f"{key}.npz").write_bytes(buf.getvalue())
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


def tally(key: str, folder: Path | None = None) -> Tally:
    """Counts of the seeds in which each panel's claim held (RecordingError without results)."""
    res = results(folder)
    if key not in res:
        raise RecordingError(f"no measured results for the scenario {key!r}; run "
                             "`python -m divergences.recordings`")
    rows = res[key]["seeds"]
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
    ap.add_argument("--seeds", type=int, default=SEEDS)
    ap.add_argument("--recorded", type=int, default=RECORDED_SEEDS)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--check", action="store_true", help="only verify the files")
    args = ap.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or "recordings OK")
        return 1 if problems else 0
    build(args.scenarios or None, args.seeds, args.recorded, args.processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

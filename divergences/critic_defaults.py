"""Page 4's default critics, trained ahead of time and shipped with the app.

    python -m divergences.critic_defaults            # build (about 2 minutes of one core)
    python -m divergences.critic_defaults --check    # are the shipped files current and intact?

A first visit to page 4 used to train 13 critics before it showed a number (7-12 s on a 2-core
server). The page's default settings are few: two problems (1-D Gaussians, 2-D blobs), two
Lipschitz constraints, and the offsets θ of the slider. The build trains, for every θ of the
slider in both dimensions and for both constraints, every critic the page trains there (the main
run, the clipped and the penalised runs, the three clip values compared) and the offset sweeps,
exactly as the page would (:func:`page_plan` is the page's own plan), and writes into
``divergences/shipped/``:

- ``critic_defaults.npz``: numbers only (``np.savez_compressed``; read back with
  ``allow_pickle=False``): for each critic its trained parameters (float32, as trained) and its
  training log (batch estimates, gradient norms per layer, largest |parameter| per step); for
  each sweep its estimate, K, W1 and JS at every offset;
- ``critic_defaults.json``: the index: for each entry its key (a digest of the problem and the
  settings) and the numbers the page prints (estimate, K, W1), the SHA-256 of the ``.npz``, and a
  digest of the training code (every module of ``divergences`` that :mod:`divergences.critic`
  imports, comments and docstrings left out) with the torch version.

:func:`shipped_result` and :func:`shipped_sweep` give the page a result for its settings, or
None, and the page then trains as before. None when the files are missing, unreadable, altered
(the checksum), built by other training code (the code digest: edit ``divergences/critic.py``
and the shipped critics are ignored until rebuilt), for settings that are not shipped, or when
the critic rebuilt from its parameters does not give back the shipped estimate, K and W1. A
result is rebuilt with :func:`divergences.critic.critic_from_parameters`: f and ‖∇f‖ on the grid
are one forward and backward pass of the shipped parameters (1-20 ms), not a training run.
"""

from __future__ import annotations

import argparse
import ast
import functools
import hashlib
import io
import json
import logging
import math
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .critic import (CriticConfig, CriticResult, CriticSweep, Problem, Problem1D, Problem2D,
                     TrainingLog, critic_from_parameters, critic_sweep, steps_within,
                     train_critic)
from .distributions import EMPIRICAL, Dist1D

_LOG = logging.getLogger(__name__)

FORMAT = 1
DIR = Path(__file__).resolve().parent / "shipped"
INDEX = "critic_defaults.json"
ARRAYS = "critic_defaults.npz"

# ---- the page's defaults and its plan (pages/critic.py reads them from here) ---------------------

THETA_1D = (0.0, 4.0, 3.0, 0.25)
"""The 1-D offset slider: (lowest, highest, default, step), units."""
THETA_2D = (0.0, 3.0, 1.5, 0.25)
"""The 2-D offset slider (along x)."""
FAMILY = "gaussian"
"""The default family of P and of Q (1-D)."""
WIDTH = 0.5
"""The default width σ of both (1-D)."""
DATASET = "blob"
"""The default data set of P and of Q (2-D)."""
METHODS_SHIPPED = ("clip", "gp")

COMPARE_C = (0.01, 0.1, 1.0)
SWEEP_1D = tuple(np.round(np.arange(0.0, 4.01, 0.5), 10))
SWEEP_2D = tuple(np.round(np.arange(0.0, 3.01, 0.5), 10))
SWEEP_MAX_STEPS = 100
MAIN_BUDGET_S, COMPARE_BUDGET_S, SWEEP_BUDGET_S = 5.0, 2.0, 0.5
"""Time budgets (estimated single-core seconds, :func:`divergences.critic.estimated_seconds`)
that keep a page run bounded whatever the settings: the main run, each comparison run, each
sweep run."""


def budgeted(cfg: CriticConfig, seconds: float, ndim: int) -> CriticConfig:
    """``cfg`` with its steps cut to fit ``seconds`` (the defaults always fit)."""
    return replace(cfg, steps=steps_within(cfg, seconds, ndim))


@dataclass(frozen=True)
class PagePlan:
    """Every critic page 4 trains for one setting of its form: the main run, the clipped and
    the penalised runs compared, one run per clip value of :data:`COMPARE_C`, and the settings
    of the offset sweep (one critic per offset of :data:`SWEEP_1D` / :data:`SWEEP_2D`)."""

    main: CriticConfig
    clip: CriticConfig
    gp: CriticConfig
    compare: tuple[CriticConfig, ...]
    sweep: CriticConfig

    @property
    def critics(self) -> list[CriticConfig]:
        """The distinct configurations trained at one offset (the main run is one of them)."""
        out: list[CriticConfig] = []
        for c in (self.main, self.clip, self.gp, *self.compare):
            if c not in out:
                out.append(c)
        return out


def page_plan(cfg: CriticConfig, ndim: int) -> PagePlan:
    """What page 4 trains for the form's settings ``cfg`` in ``ndim`` dimensions."""
    return PagePlan(
        main=budgeted(cfg, MAIN_BUDGET_S, ndim),
        clip=budgeted(replace(cfg, method="clip"), COMPARE_BUDGET_S, ndim),
        gp=budgeted(replace(cfg, method="gp"), COMPARE_BUDGET_S, ndim),
        compare=tuple(budgeted(replace(cfg, method="clip", clip=c), COMPARE_BUDGET_S, ndim)
                      for c in COMPARE_C),
        sweep=budgeted(replace(cfg, steps=min(cfg.steps, SWEEP_MAX_STEPS)), SWEEP_BUDGET_S, ndim),
    )


def slider_values(lo: float, hi: float, step: float) -> list[float]:
    """Every value of a slider from ``lo`` to ``hi`` in steps of ``step``."""
    n = int(round((hi - lo) / step))
    return [round(lo + i * step, 10) for i in range(n + 1)]


def default_problems(ndim: int) -> tuple[Problem, list[tuple[float, Problem]]]:
    """The page's default problem at offset 0 (the sweep's base) and at every offset θ of the
    slider, built exactly as the page builds them."""
    if ndim == 1:
        p, q0 = Dist1D(FAMILY, 0.0, WIDTH), Dist1D(FAMILY, 0.0, WIDTH)
        lo, hi, _, step = THETA_1D
        return Problem1D(p, q0), [(th, Problem1D(p, q0.shifted(th)))
                                  for th in slider_values(lo, hi, step)]
    lo, hi, _, step = THETA_2D
    return Problem2D(DATASET, DATASET, (0.0, 0.0)), [
        (th, Problem2D(DATASET, DATASET, (th, 0.0))) for th in slider_values(lo, hi, step)]


# ---- keys ------------------------------------------------------------------------------------------


def _dist_key(d) -> tuple | None:
    if not isinstance(d, Dist1D) or d.family == EMPIRICAL:
        return None  # a student's samples: never shipped
    return ("dist", d.family, float(d.loc), float(d.width), float(d.sep))


def _floats(v) -> tuple | None:
    return None if v is None else tuple(float(x) for x in v)


def _problem_key(problem) -> tuple | None:
    if isinstance(problem, Problem1D):
        p, q = _dist_key(problem.p), _dist_key(problem.q)
        if p is None or q is None:
            return None
        return ("1d", p, q, int(problem.n_grid), _floats(problem.domain))
    if isinstance(problem, Problem2D):
        if problem.p_samples is not None or problem.q_samples is not None:
            return None
        return ("2d", problem.p, problem.q, _floats(problem.offset), int(problem.n_eval),
                int(problem.grid_n), _floats(problem.domain))
    return None


def _config_key(c: CriticConfig) -> tuple:
    return (c.method, int(c.width), int(c.depth), int(c.steps), int(c.batch), float(c.clip),
            float(c.lam), None if c.lr is None else float(c.lr), int(c.seed))


def result_key(problem, config: CriticConfig) -> str | None:
    """The key of one critic: a digest of everything its training depends on besides the code
    (None for a student's data, which is never shipped)."""
    pk = _problem_key(problem)
    if pk is None or not isinstance(config, CriticConfig):
        return None
    return hashlib.sha256(repr(("critic", pk, _config_key(config))).encode()).hexdigest()[:24]


def sweep_key(problem, offsets, config: CriticConfig) -> str | None:
    """The key of one offset sweep (see :func:`result_key`)."""
    pk = _problem_key(problem)
    if pk is None or not isinstance(config, CriticConfig):
        return None
    off = tuple(float(v) for v in np.asarray(offsets, dtype=float).ravel())
    return hashlib.sha256(repr(("sweep", pk, off, _config_key(config))).encode()).hexdigest()[:24]


# ---- the code digest -------------------------------------------------------------------------------


def _strip_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def _local_imports(tree: ast.AST) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.add(node.module.split(".")[0])
            else:
                out.update(a.name for a in node.names)
    return out


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code that trains and measures a critic: every module of this package that
    :mod:`divergences.critic` imports (directly or not), parsed, without docstrings or comments,
    with the torch version and :data:`FORMAT`."""
    import torch

    here = Path(__file__).resolve().parent
    todo, seen, parts = ["critic"], set(), []
    while todo:
        name = todo.pop()
        if name in seen or not (here / f"{name}.py").exists():
            continue
        seen.add(name)
        tree = ast.parse((here / f"{name}.py").read_text(encoding="utf-8"))
        todo.extend(sorted(_local_imports(tree)))
        parts.append((name, ast.dump(_strip_docstrings(tree))))
    text = repr((FORMAT, torch.__version__.split("+")[0], sorted(parts)))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


# ---- (de)serialising -------------------------------------------------------------------------------

_LOG_FIELDS = ("logged_steps", "batch_estimate", "weight_grad_norms", "backprop_norms",
               "max_abs_param")
_SWEEP_FIELDS = ("offsets", "estimate", "lipschitz", "w1", "js", "disjoint")
_SCALARS = ("estimate", "lipschitz", "w1")


def _compact(a: np.ndarray) -> np.ndarray:
    """``a`` as float32 when that loses nothing (torch computes in float32), else as it is."""
    a = np.asarray(a)
    if a.dtype == np.float64:
        b = a.astype(np.float32)
        if np.array_equal(b.astype(np.float64), a, equal_nan=True):
            return b
    if a.dtype.kind == "i" and a.size and np.abs(a).max() < 2**31:
        return a.astype(np.int32)
    return a


def _result_arrays(key: str, res: CriticResult) -> dict[str, np.ndarray]:
    out = {f"{key}.params": _compact(res.params)}
    for f in _LOG_FIELDS:
        out[f"{key}.{f}"] = _compact(getattr(res, f))
    return out


def _sweep_arrays(key: str, sw: CriticSweep) -> dict[str, np.ndarray]:
    return {f"{key}.{f}": np.asarray(getattr(sw, f)) for f in _SWEEP_FIELDS}


def _close(a: float, b: float, rtol: float = 1e-4) -> bool:
    return a == b or (math.isfinite(a) and math.isfinite(b)
                      and abs(a - b) <= rtol * max(abs(a), abs(b), 1e-12))


# ---- reading ---------------------------------------------------------------------------------------


class ShippedError(Exception):
    """Shipped files that are missing, unreadable, altered or out of date (the message says
    which and what to do)."""


@dataclass
class Store:
    """The shipped entries, verified: the index and the arrays by name."""

    entries: dict
    arrays: dict[str, np.ndarray]


def folder() -> Path:
    """Where the shipped files are (``DL_CRITIC_DEFAULTS_DIR`` overrides it, for tests)."""
    return Path(os.environ.get("DL_CRITIC_DEFAULTS_DIR") or DIR)


@functools.lru_cache(maxsize=4)
def _load(where: str) -> Store:
    base = Path(where)
    try:
        index = json.loads((base / INDEX).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ShippedError(f"{INDEX} is missing; build it with "
                           "`python -m divergences.critic_defaults`") from None
    except (OSError, ValueError) as exc:
        raise ShippedError(f"{INDEX} cannot be read ({exc})") from None
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        raise ShippedError(f"{INDEX} has another format; rebuild it")
    if index.get("code") != code_digest():
        raise ShippedError("the critics were trained by other code than this (the code digest "
                           "differs); rebuild them with `python -m divergences.critic_defaults`")
    try:
        data = (base / ARRAYS).read_bytes()
    except OSError as exc:
        raise ShippedError(f"{ARRAYS} cannot be read ({exc})") from None
    if hashlib.sha256(data).hexdigest() != index.get("sha256"):
        raise ShippedError(f"{ARRAYS} does not match its checksum in {INDEX}; rebuild it")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            arrays = {name: z[name] for name in z.files}
    except Exception as exc:  # a corrupt archive: zipfile, zlib or numpy errors
        raise ShippedError(f"{ARRAYS} cannot be read ({type(exc).__name__})") from None
    entries = index.get("entries")
    if not isinstance(entries, dict):
        raise ShippedError(f"{INDEX} lists no entries")
    return Store(entries, arrays)


def store() -> Store | None:
    """The verified shipped entries, or None (the reason is logged once per folder)."""
    where = str(folder())
    try:
        return _load(where)
    except ShippedError as exc:
        _warn_once(where, str(exc))
        return None


@functools.lru_cache(maxsize=16)
def _warn_once(where: str, why: str) -> None:
    _LOG.warning("page 4's shipped critics are not used (%s): %s", where, why)


def status() -> str:
    """"ok: N entries" or why the shipped critics are not used."""
    try:
        s = _load(str(folder()))
    except ShippedError as exc:
        return str(exc)
    return f"ok: {len(s.entries)} entries"


def shipped_result(problem, config: CriticConfig) -> CriticResult | None:
    """The shipped critic of ``problem`` trained with ``config``, rebuilt from its parameters
    (see the module's docstring), or None: then train it."""
    key = result_key(problem, config)
    if key is None:
        return None
    s = store()
    entry = s.entries.get(key) if s is not None else None
    if not isinstance(entry, dict) or entry.get("kind") != "critic":
        return None
    try:
        log = TrainingLog(*(s.arrays[f"{key}.{f}"].astype(np.int64 if f == "logged_steps"
                                                            else np.float64)
                            for f in _LOG_FIELDS))
        res = critic_from_parameters(problem, config, s.arrays[f"{key}.params"], log)
        shipped = [float(entry[f]) for f in _SCALARS]
    except Exception as exc:  # a missing array, a wrong shape: train instead
        _warn_once(str(folder()), f"entry {key} unusable ({type(exc).__name__}: {exc})")
        return None
    if not all(_close(getattr(res, f), v) for f, v in zip(_SCALARS, shipped)):
        _warn_once(str(folder()), f"entry {key}: the rebuilt critic does not give back the "
                                  "shipped numbers")
        return None
    return res


def shipped_sweep(problem, offsets, config: CriticConfig) -> CriticSweep | None:
    """The shipped offset sweep of ``problem`` over ``offsets`` with ``config``, or None."""
    key = sweep_key(problem, offsets, config)
    if key is None:
        return None
    s = store()
    entry = s.entries.get(key) if s is not None else None
    if not isinstance(entry, dict) or entry.get("kind") != "sweep":
        return None
    try:
        a = {f: s.arrays[f"{key}.{f}"] for f in _SWEEP_FIELDS}
        if not np.array_equal(a["offsets"], np.asarray(offsets, dtype=float)):
            return None
        return CriticSweep(a["offsets"].astype(float), a["estimate"].astype(float),
                           a["lipschitz"].astype(float), a["w1"].astype(float),
                           a["js"].astype(float), a["disjoint"].astype(bool))
    except Exception as exc:
        _warn_once(str(folder()), f"entry {key} unusable ({type(exc).__name__}: {exc})")
        return None


# ---- building --------------------------------------------------------------------------------------


def plans() -> list[tuple[int, Problem, list[tuple[float, Problem]], PagePlan, tuple]]:
    """What the build trains: for each dimension and constraint, the base problem, the problems
    at every offset of the slider, the page's plan at the default settings and the sweep's
    offsets."""
    out = []
    for ndim in (1, 2):
        base, at = default_problems(ndim)
        for method in METHODS_SHIPPED:
            out.append((ndim, base, at, page_plan(CriticConfig(method=method), ndim),
                        SWEEP_1D if ndim == 1 else SWEEP_2D))
    return out


def wanted() -> dict[str, tuple]:
    """Every entry the build makes: key → ("critic", problem, config) or ("sweep", problem,
    offsets, config)."""
    out: dict[str, tuple] = {}
    for _, base, at, plan, offsets in plans():
        for _, problem in at:
            for cfg in plan.critics:
                out.setdefault(result_key(problem, cfg), ("critic", problem, cfg))
        out.setdefault(sweep_key(base, offsets, plan.sweep), ("sweep", base, offsets, plan.sweep))
    return out


def _describe(item: tuple) -> str:
    if item[0] == "critic":
        _, problem, cfg = item
    else:
        _, problem, _, cfg = item
    where = (f"1-D {problem.p.family} σ={problem.p.width:g}, Q at {problem.q.loc:g}"
             if isinstance(problem, Problem1D) else
             f"2-D {problem.p}/{problem.q}, Q at {problem.offset[0]:g}")
    how = f"{cfg.method} c={cfg.clip:g} λ={cfg.lam:g} {cfg.steps} steps"
    return f"{item[0]}: {where}; {how}"


def build(out: Path | None = None, verbose: bool = True) -> dict:
    """Train every entry of :func:`wanted` and write the two files into ``out`` (default
    :data:`DIR`); returns the index."""
    import torch

    torch.set_num_threads(1)
    out = DIR if out is None else Path(out)
    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    entries: dict[str, dict] = {}
    t0 = time.perf_counter()
    items = wanted()
    for k, (key, item) in enumerate(items.items()):
        if item[0] == "critic":
            res = train_critic(item[1], item[2])
            arrays.update(_result_arrays(key, res))
            entries[key] = {"kind": "critic", "what": _describe(item),
                            **{f: float(getattr(res, f)) for f in _SCALARS}}
        else:
            sw = critic_sweep(item[1], np.asarray(item[2]), item[3])
            arrays.update(_sweep_arrays(key, sw))
            entries[key] = {"kind": "sweep", "what": _describe(item)}
        if verbose and (k + 1) % 10 == 0:
            print(f"  {k + 1}/{len(items)} entries, {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    data = buf.getvalue()
    index = {"format": FORMAT, "code": code_digest(), "sha256": hashlib.sha256(data).hexdigest(),
             "built_with": "python -m divergences.critic_defaults", "entries": entries}
    (out / ARRAYS).write_bytes(data)
    (out / INDEX).write_text(json.dumps(index, indent=1, sort_keys=True, ensure_ascii=False)
                             + "\n", encoding="utf-8")
    _load.cache_clear()
    if verbose:
        print(f"built {len(entries)} entries in {time.perf_counter() - t0:.0f} s: "
              f"{out / ARRAYS} ({len(data) / 1e6:.2f} MB)", file=sys.stderr)
    return index


def check(where: Path | None = None) -> list[str]:
    """Problems with the shipped files (empty when they are intact, current and complete)."""
    try:
        s = _load(str(folder() if where is None else Path(where)))
    except ShippedError as exc:
        return [str(exc)]
    missing = [_describe(item) for key, item in wanted().items() if key not in s.entries]
    return [f"not shipped: {m}" for m in missing]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="verify the shipped files; build nothing")
    ap.add_argument("--out", type=Path, default=None, help=f"folder (default {DIR})")
    args = ap.parse_args(argv)
    if args.check:
        problems = check(args.out)
        for p in problems:
            print(p, file=sys.stderr)
        print("ok" if not problems else f"{len(problems)} problem(s)", file=sys.stderr)
        return 1 if problems else 0
    build(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Page 4's shipped default critics (divergences/critic_defaults.py): current and complete, equal
to what training the same settings gives now, never used for other settings, and every kind of
damaged file falls back to training without an error on the page."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import fields, replace

import numpy as np
import pytest

import divergences.critic as critic_mod
from divergences import Dist1D
from divergences.critic import (CriticConfig, CriticResult, Problem1D, Problem2D, critic_sweep,
                                train_critic)
from divergences.critic_defaults import (ARRAYS, DIR, INDEX, SWEEP_1D, THETA_1D, THETA_2D,
                                         check, default_problems, page_plan, result_key,
                                         shipped_result, shipped_sweep, status, sweep_key)
from divergences.points import Samples
from tests.conftest import metric_values, plotly_specs, run_page

EST, K, RATIO, W1 = ("Critic estimate (units × K)", "Measured K (slope)", "Estimate ÷ K (units)",
                     "Exact W1 (units)")


def gaussians(theta: float, width: float = 0.5) -> Problem1D:
    return Problem1D(Dist1D("gaussian", 0.0, width), Dist1D("gaussian", 0.0, width).shifted(theta))


def same(a: CriticResult, b: CriticResult, rtol: float = 1e-3) -> list[str]:
    """The fields in which two results differ (beyond ``rtol``: a CPU with other vector units
    may round the last bit of a float32 differently over 300 steps)."""
    bad = []
    for f in fields(CriticResult):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if x is None or y is None or np.shape(x) != np.shape(y) or \
                    not np.allclose(x, y, rtol=rtol, atol=1e-6 * max(1.0, np.abs(x).max())):
                bad.append(f.name)
        elif isinstance(x, float):
            if not np.isclose(x, y, rtol=rtol, atol=1e-9):
                bad.append(f.name)
        elif x != y:
            bad.append(f.name)
    return bad


def test_the_shipped_critics_are_current_and_complete():
    problems = check()
    assert not problems, ("page 4's shipped critics are out of date or incomplete; rebuild "
                          "them with `python -m divergences.critic_defaults`:\n"
                          + "\n".join(problems[:5]))
    assert status().startswith("ok")
    size = (DIR / ARRAYS).stat().st_size + (DIR / INDEX).stat().st_size
    assert size < 2_000_000, size  # checked in: small


@pytest.mark.parametrize("ndim, theta, which", [
    (1, THETA_1D[2], "main"),  # the first visit: 1-D, θ = 3, weight clipping
    (1, THETA_1D[2], "gp"),
    (1, 0.0, "c0"),  # P = Q and the smallest clip value
    (2, THETA_2D[2], "main"),
    (2, 3.0, "c2"),
])
def test_a_shipped_critic_equals_training_it_now(ndim, theta, which):
    _, at = default_problems(ndim)
    problem = dict(at)[theta]
    plan = page_plan(CriticConfig(), ndim)
    cfg = {"main": plan.main, "gp": plan.gp, "c0": plan.compare[0], "c2": plan.compare[2]}[which]
    got = shipped_result(problem, cfg)
    assert got is not None, status()
    now = train_critic(problem, cfg)
    assert same(got, now) == []
    assert got.config == cfg and got.dim == ndim
    if ndim == 1:
        assert got.w1 == pytest.approx(theta, abs=1e-6)  # W1 of a translate (exact on the grid)


def test_the_shipped_sweep_equals_the_sweep_now():
    base, _ = default_problems(1)
    cfg = page_plan(CriticConfig(), 1).sweep
    got = shipped_sweep(base, SWEEP_1D, cfg)
    assert got is not None, status()
    now = critic_sweep(base, np.asarray(SWEEP_1D), cfg)
    for f in ("offsets", "estimate", "lipschitz", "w1", "js"):
        assert np.allclose(getattr(got, f), getattr(now, f), rtol=1e-3, atol=1e-9), f
    assert np.array_equal(got.disjoint, now.disjoint)
    assert got.correlation > 0.95


def test_other_settings_are_never_answered_from_the_shipped_files():
    cfg = CriticConfig()
    problem = gaussians(3.0)
    assert shipped_result(problem, cfg) is not None
    for other_cfg in (replace(cfg, steps=299), replace(cfg, seed=1), replace(cfg, clip=0.3),
                      replace(cfg, width=16), replace(cfg, lr=0.005), replace(cfg, batch=64)):
        assert result_key(problem, other_cfg) != result_key(problem, cfg)
        assert shipped_result(problem, other_cfg) is None, other_cfg
    for other in (gaussians(3.1), gaussians(3.0, width=0.6),
                  Problem1D(Dist1D("uniform", 0.0, 0.5), Dist1D("uniform", 3.0, 0.5)),
                  Problem2D("blob", "moons", (1.5, 0.0))):
        assert shipped_result(other, cfg) is None, other
    own = Problem1D(Samples.capped(np.linspace(-1, 1, 50), 100, 0)[0], Dist1D("gaussian", 3.0, 0.5))
    assert result_key(own, cfg) is None and shipped_result(own, cfg) is None
    base, _ = default_problems(1)
    assert shipped_sweep(base, SWEEP_1D[:-1], page_plan(cfg, 1).sweep) is None
    assert sweep_key(base, SWEEP_1D, cfg) != sweep_key(base, SWEEP_1D, page_plan(cfg, 1).sweep)


# ---- damaged files ---------------------------------------------------------------------------------


def _copy(tmp_path):
    shutil.copy(DIR / INDEX, tmp_path / INDEX)
    shutil.copy(DIR / ARRAYS, tmp_path / ARRAYS)
    return tmp_path


def _index(folder) -> dict:
    return json.loads((folder / INDEX).read_text(encoding="utf-8"))


def _write_index(folder, index: dict) -> None:
    (folder / INDEX).write_text(json.dumps(index), encoding="utf-8")


def _flip_a_byte(folder):
    data = bytearray((folder / ARRAYS).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / ARRAYS).write_bytes(bytes(data))


def _other_code(folder):
    index = _index(folder)
    index["code"] = "0" * 24
    _write_index(folder, index)


def _not_json(folder):
    (folder / INDEX).write_text("{not json", encoding="utf-8")


def _missing(folder):
    (folder / INDEX).unlink()
    (folder / ARRAYS).unlink()


def _pickled_object_array(folder):
    """A well-formed archive whose arrays are Python objects (unpickling them would run code):
    refused, never unpickled."""
    import hashlib

    buf = io.BytesIO()
    np.savez(buf, **{"x.params": np.array([{"a": 1}], dtype=object)})
    data = buf.getvalue()
    (folder / ARRAYS).write_bytes(data)
    index = _index(folder)
    index["sha256"] = hashlib.sha256(data).hexdigest()
    _write_index(folder, index)


def _numbers_that_do_not_match(folder):
    """The index says another estimate than the parameters give back."""
    index = _index(folder)
    key = result_key(gaussians(3.0), CriticConfig())
    index["entries"][key]["estimate"] *= 1.5
    _write_index(folder, index)


@pytest.mark.parametrize("damage, why", [
    (_missing, "missing"), (_not_json, "cannot be read"), (_other_code, "other code"),
    (_flip_a_byte, "checksum"), (_pickled_object_array, "cannot be read"),
    (_numbers_that_do_not_match, None),
])
def test_damaged_or_stale_files_fall_back_to_training(tmp_path, monkeypatch, damage, why):
    folder = _copy(tmp_path)
    damage(folder)
    monkeypatch.setenv("DL_CRITIC_DEFAULTS_DIR", str(folder))
    assert shipped_result(gaussians(3.0), CriticConfig()) is None
    if why is not None:
        assert why in status()
        base, _ = default_problems(1)
        assert shipped_sweep(base, SWEEP_1D, page_plan(CriticConfig(), 1).sweep) is None


# ---- the page --------------------------------------------------------------------------------------


def _no_training(*args, **kwargs):
    raise AssertionError("page 4 trained a critic on its first visit")


@pytest.mark.parametrize("query", [{}, {"critic.dim": "2d"}, {"critic.method": "gp"}])
def test_the_first_visit_shows_the_shipped_critics_without_training(monkeypatch, query):
    import streamlit as st

    monkeypatch.setattr(critic_mod, "train_critic", _no_training)
    monkeypatch.setattr(critic_mod, "critic_sweep", _no_training)
    st.cache_data.clear()
    at = run_page("critic.py", query=query, timeout=120)
    assert not at.exception and not at.error, (at.exception, at.error)
    assert len(plotly_specs(at)) == 4  # the offset sweep waits for a guess (it is the answer)
    from tests.reveal import commit

    commit(at, "critic.disjoint", "grows")  # the sweep too comes from the shipped files
    assert not at.exception and not at.error, (at.exception, at.error)
    ndim = 2 if query.get("critic.dim") == "2d" else 1
    theta = (THETA_2D if ndim == 2 else THETA_1D)[2]
    plan = page_plan(CriticConfig(method=query.get("critic.method", "clip")), ndim)
    want = shipped_result(dict(default_problems(ndim)[1])[theta], plan.main)
    m = metric_values(at)
    from app.figures_critic import fmt_sig

    assert m[EST] == fmt_sig(want.estimate) and m[K] == fmt_sig(want.lipschitz)
    assert m[W1] == fmt_sig(want.w1)
    assert len(plotly_specs(at)) == 6  # the critic, its training, weights, layers, the sweep ×2


def test_the_page_trains_when_the_shipped_files_are_damaged(tmp_path, monkeypatch):
    import streamlit as st

    folder = _copy(tmp_path)
    _flip_a_byte(folder)
    monkeypatch.setenv("DL_CRITIC_DEFAULTS_DIR", str(folder))
    st.cache_data.clear()
    at = run_page("critic.py", timeout=300)
    assert not at.exception and not at.error
    expected = train_critic(gaussians(3.0), CriticConfig())
    from app.figures_critic import fmt_sig

    assert metric_values(at)[EST] == fmt_sig(expected.estimate)
    st.cache_data.clear()

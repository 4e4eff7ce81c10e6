"""Page 4's default critics ship with the repository (app/shipped.py): present for the current
training code, equal to what training computes, used by the page without training, and refused
when their key does not match."""

import pickle

import numpy as np
import pytest

from app import shipped
from divergences import Dist1D
from divergences.critic import CriticConfig, Problem1D, train_critic
from tests.conftest import metric_values, run_page

DEFAULT = Problem1D(Dist1D("gaussian", 0.0, 0.5), Dist1D("gaussian", 3.0, 0.5))


def test_the_default_critic_is_shipped_for_the_current_code_and_equals_training():
    got = shipped.load("critic", DEFAULT, CriticConfig())
    assert got is not None, "run `python -m app.shipped` after changing the training code"
    fresh = train_critic(DEFAULT, CriticConfig())
    assert got.estimate == pytest.approx(fresh.estimate, rel=1e-6)
    assert got.lipschitz == pytest.approx(fresh.lipschitz, rel=1e-6)
    np.testing.assert_allclose(got.f_grid, fresh.f_grid, rtol=1e-5, atol=1e-6)


def test_page_4_at_its_defaults_trains_nothing(monkeypatch):
    import divergences.critic as dc

    def refuse(*a, **k):
        raise AssertionError("trained although shipped")

    monkeypatch.setattr(dc, "train_critic", refuse)
    monkeypatch.setattr(dc, "critic_sweep", refuse)
    for query in ({}, {"critic.dim": "2d"}):
        at = run_page("critic.py", query=query, timeout=120)
        assert not at.exception, at.exception
        assert not at.error
        assert "Exact W1 (units)" in metric_values(at)


def test_a_mismatched_or_missing_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(shipped, "DIR", tmp_path)
    cfg = CriticConfig(steps=7)
    assert shipped.load("critic", DEFAULT, cfg) is None  # nothing shipped
    k = shipped.key("critic", DEFAULT, cfg)
    with shipped.path(k).open("wb") as fh:  # a file at the right place holding another key
        pickle.dump({"key": k.replace("steps=7", "steps=8"), "value": 1.0}, fh)
    assert shipped.load("critic", DEFAULT, cfg) is None
    with shipped.path(k).open("wb") as fh:
        pickle.dump({"key": k, "value": 2.0}, fh)
    assert shipped.load("critic", DEFAULT, cfg) == 2.0
    monkeypatch.setattr(shipped, "_code_hash", "0" * 16)  # the training code changed
    assert shipped.load("critic", DEFAULT, cfg) is None


def test_own_samples_are_never_shipped():
    own = Problem1D(Dist1D("empirical", samples=(0.0, 1.0)), Dist1D("gaussian", 3.0, 0.5))
    assert shipped.key("critic", own, CriticConfig()) is None

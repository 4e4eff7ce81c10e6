"""Page 6's scenarios and their recordings: the public API, the measurements, the claims' tests,
and the recordings' build, checksum and failure messages (on tiny runs)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import torch

from divergences import recordings
from divergences.datasets import MODES, sample_2d
from divergences.metrics import mode_coverage, modes_reached
from divergences.recordings import RecordingError
from divergences.scenarios import (MIN_EVALS_FOR_R, SCENARIOS, PanelRun, Scenario, run_panel,
                                   run_panels, run_scenario)
from divergences.training import TrainConfig, Trainer

TINY = dict(width=16, depth=2, batch_size=32, n_eval=64)


def test_the_scenarios_public_api():
    keys = list(SCENARIOS)
    assert any("collapse" in k for k in keys) and any("gradient" in k for k in keys)
    for key, sc in SCENARIOS.items():
        assert sc.key == key and isinstance(sc, Scenario)
        left, right = sc.configs(7)
        assert isinstance(left, TrainConfig) and isinstance(right, TrainConfig)
        assert left.seed == right.seed == 7 and left.dataset == right.dataset
        assert sc.iterations >= 100 and sc.claim.endswith(".")
        assert left.lr_d is not None and right.n_critic is not None  # resolved
    assert SCENARIOS["vanishing-gradient"].configs(0)[0].n_critic == 20


def test_the_wide_ring_is_the_unrolled_gan_papers():
    m = MODES["8gaussians-wide"]
    assert m.sigma == 0.02
    np.testing.assert_allclose(np.linalg.norm(m.centers, axis=1), 2.0)
    ang = np.sort(np.mod(np.arctan2(m.centers[:, 1], m.centers[:, 0]), 2 * np.pi))
    np.testing.assert_allclose(ang, 2 * np.pi * np.arange(8) / 8, atol=1e-12)
    x = sample_2d("8gaussians-wide", 4000, seed=0)
    assert mode_coverage(x, "8gaussians-wide") == (8, pytest.approx(0.99, abs=0.01))
    d = np.linalg.norm(x[:, None] - m.centers[None], axis=2).min(axis=1)
    assert np.std(d) < 0.03  # tight modes, σ = 0.02 per coordinate


def test_modes_reached_counts_where_the_mass_goes():
    c = MODES["8gaussians-wide"].centers
    one = np.repeat(c[:1] + 0.3, 100, axis=0)  # all near mode 0, none within 3σ
    assert modes_reached(one, "8gaussians-wide") == 1
    assert mode_coverage(one, "8gaussians-wide")[0] == 0
    ring = 1.7 * np.stack([np.cos(a := np.linspace(0, 2 * np.pi, 400, endpoint=False)),
                           np.sin(a)], axis=1)  # smeared around the ring, inside it
    assert modes_reached(ring, "8gaussians-wide") == 8
    # 1 % of the points near a second mode: below the 2 % share
    pts = np.concatenate([np.repeat(c[:1], 99, axis=0), c[1:2]])
    assert modes_reached(pts, "8gaussians-wide") == 1
    assert modes_reached(pts, "8gaussians-wide", min_share=0.01) == 2
    with pytest.raises(ValueError, match="has no modes"):
        modes_reached(pts, "moons")


def test_generator_grad_norm_is_the_norm_of_backward_and_changes_nothing():
    cfg = TrainConfig(loss="gan", seed=3, device="cpu", **TINY)
    a, b = Trainer(cfg), Trainer(cfg)
    a.step(5)
    b.step(5)
    g = a.generator_grad_norm()
    # the same gradient through .backward() on the same graph
    loss = a._g_loss(a.D(a.G(a._z_eval)))
    a.G.zero_grad(set_to_none=True)
    loss.backward()
    want = float(torch.sqrt(sum((p.grad.double() ** 2).sum() for p in a.G.parameters())))
    assert g == pytest.approx(want, rel=1e-6) and g > 0
    a.G.zero_grad(set_to_none=True)
    a.D.zero_grad(set_to_none=True)
    for _ in range(3):  # measuring between steps leaves training exactly as it was
        a.generator_grad_norm()
        a.step(3)
        b.step(3)
    np.testing.assert_array_equal(a.sample(50), b.sample(50))
    assert a.history.loss_d == b.history.loss_d


def _tiny(sc: Scenario, iterations=12, n_evals=4) -> Scenario:
    return dataclasses.replace(sc, iterations=iterations, n_evals=n_evals,
                               left={**sc.left, **TINY}, right={**sc.right, **TINY})


def test_run_panel_measures_every_evaluation_and_records_checkpoints():
    sc = _tiny(SCENARIOS["mode-collapse"])
    left, right = run_scenario(sc, 1, record=True, n_show=40, map_size=8)
    for run in (left, right):
        assert list(run.iterations) == [0, 3, 6, 9, 12]
        for name in ("w1", "modes", "hq", "neg_loss", "grad_norm", "reached"):
            assert len(getattr(run, name)) == 5, name
        assert np.isnan(run.neg_loss[0]) and np.isfinite(run.neg_loss[1:]).all()
        assert (run.grad_norm > 0).all() and np.isfinite(run.w1).all()
        assert run.fake.shape == (5, 40, 2) and run.maps.shape == (5, 8, 8)
        assert run.real.shape == (40, 2) and len(run.map_x) == 8
        assert 0 <= run.reached.min() and run.reached.max() <= 8
    assert left.loss == "nsgan" and right.loss == "wgan-gp"
    # the same seed trained alone gives the same W1 curve (the measurements change nothing)
    again = run_panel(sc.configs(1)[0], sc.iterations, sc.n_evals)
    np.testing.assert_array_equal(again.w1, left.w1)


@pytest.mark.parametrize("loss", ["nsgan", "wgan", "wgan-gp"])
def test_a_run_in_a_batch_is_the_run_alone_to_the_bit(loss):
    """run_panels trains its configs as one TrainerBatch; each run's numbers are those of the
    run trained alone, exactly (what lets a live run of the trainer process, batched with other
    jobs, equal its recording)."""
    cfgs = [TrainConfig(loss=loss, seed=s, z_dim=z, device="cpu", **TINY)
            for s, z in ((4, 16), (5, 16), (6, 16))]
    together = run_panels(cfgs, 12, 4, record=True, n_show=20, map_size=6)
    alone = run_panel(cfgs[1], 12, 4, record=True, n_show=20, map_size=6)
    for name in ("w1", "modes", "hq", "reached", "neg_loss", "grad_norm", "loss_d", "fake",
                 "maps"):
        np.testing.assert_array_equal(getattr(together[1], name), getattr(alone, name),
                                      err_msg=name)


def _panel(**kw) -> PanelRun:
    n = len(kw.get("w1", [1.0] * 11))
    base = dict(loss="gan", iterations=np.arange(n, dtype=float), w1=np.ones(n),
                modes=np.zeros(n), hq=np.zeros(n), neg_loss=np.r_[np.nan, np.ones(n - 1)],
                grad_norm=np.ones(n), w1_floor=0.1, reached=np.full(n, 8.0),
                loss_iter=np.arange(n, dtype=float), loss_d=np.ones(n), loss_g=np.ones(n))
    base.update({k: np.asarray(v, dtype=float) for k, v in kw.items()})
    return PanelRun(**base)


def test_the_claims_tests_on_made_up_runs():
    gv = SCENARIOS["vanishing-gradient"]
    starved = _panel(grad_norm=[0.05] + [1e-6] * 10, w1=[1.38] + [1.36] * 10)
    escaped = _panel(grad_norm=[0.05] + [1e-6] * 4 + [1.0] * 6, w1=[1.38] + [1.36] * 10)
    moving = _panel(grad_norm=[0.1] + [3.0] * 10, w1=np.linspace(1.38, 0.5, 11))
    assert gv.held(starved, moving) == (True, True)
    assert gv.held(escaped, starved) == (False, False)
    mc = SCENARIOS["mode-collapse"]
    # on ≤ 2 modes all the second half, by both counts; the right panel covers 6 of 8 (3σ)
    hops = _panel(reached=[8] * 5 + [1, 2, 1, 1, 2, 2], modes=[0] * 5 + [1, 1, 0, 1, 2, 1])
    assert mc.held(hops, _panel(modes=[0] * 10 + [6])) == (True, True)
    assert mc.held(_panel(reached=[3] * 11), _panel(modes=[5] * 11)) == (False, False)
    # one evaluation of the second half on 3 modes: not collapsed (even if it ends on 1)
    assert mc.held(_panel(reached=[2] * 7 + [3, 2, 2, 1], modes=np.zeros(11)),
                   _panel())[0] is False
    assert mc.held(_panel(reached=[1] * 11, modes=[0] * 7 + [3, 0, 0, 0]), _panel())[0] is False
    # a smeared cloud (mass near all 8, none within 3σ) covers nothing
    cp = SCENARIOS["clipping-vs-penalty"]
    smear = _panel(reached=[8] * 11, modes=[0] * 11)
    assert cp.held(smear, _panel(modes=[8] * 11)) == (True, True)
    assert cp.held(_panel(reached=[8] * 11, modes=[5] * 11), smear) == (False, False)
    assert cp.held(_panel(reached=[5] * 11, modes=[0] * 11), smear)[0] is False
    lt = SCENARIOS["loss-tracks-w1"]
    w1 = np.linspace(2.0, 0.4, 11)
    tracks = _panel(w1=w1, neg_loss=np.r_[np.nan, 3 * w1[1:] + 1])
    anti = _panel(w1=w1, neg_loss=np.r_[np.nan, -w1[1:]])
    assert tracks.r == pytest.approx(1.0) and anti.r == pytest.approx(-1.0)
    assert lt.held(anti, tracks) == (True, True) and lt.held(tracks, anti) == (False, False)
    few = _panel(w1=w1[:MIN_EVALS_FOR_R], neg_loss=np.r_[np.nan, w1[1:MIN_EVALS_FOR_R]])
    assert np.isnan(few.r)  # 7 evaluations after the start: too few for r


@pytest.fixture
def tiny_scenarios(monkeypatch):
    for key, sc in list(SCENARIOS.items()):
        monkeypatch.setitem(SCENARIOS, key, _tiny(sc, iterations=6, n_evals=3))
    return SCENARIOS


def test_build_load_check_and_every_failure_says_what_is_wrong(tiny_scenarios, tmp_path):
    res = recordings.build(screening=(0,), confirmation=(100, 101), recorded=1, processes=1,
                           out=tmp_path, log=lambda s: None)
    assert recordings.check(tmp_path) == []
    for key in tiny_scenarios:
        rows = res[key]["seeds"]
        assert [r["seed"] for r in rows] == [100, 101]
        assert [r["seed"] for r in res[key]["screening"]] == [0]
        tally = recordings.tally(key, tmp_path)
        assert tally.n == 2 and tally.current
        assert tally.left == sum(r["left"]["held"] for r in rows)
        assert recordings.tally(key, tmp_path, "screening").n == 1
        rec = recordings.load(key, tmp_path)
        assert rec.seeds == (100,)
        left = rec.panel(100, "left")
        assert left.fake.shape[0] == 4 and left.maps.shape[0] == 4
        assert float(left.w1[-1]) == pytest.approx(rows[0]["left"]["w1"], abs=1e-4)
        if np.isfinite(left.modes[-1]):  # the 3σ count the page quotes is the recording's
            assert rows[0]["left"]["modes"] == left.modes[-1]
            assert rows[0]["left"]["hq"] == pytest.approx(left.hq[-1], abs=1e-5)
        with pytest.raises(RecordingError, match="seed 101 is not recorded"):
            rec.panel(101, "left")
    # a panel that two scenarios share is trained once and gives both the same numbers
    mc, cp = res["mode-collapse"]["seeds"], res["clipping-vs-penalty"]["seeds"]
    assert [r["right"]["w1"] for r in mc] == [r["right"]["w1"] for r in cp]
    # a flipped byte: the checksum catches it
    path = tmp_path / "mode-collapse.npz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(RecordingError, match="corrupt"):
        recordings.load("mode-collapse", tmp_path)
    assert any("corrupt" in p for p in recordings.check(tmp_path))
    # a missing file, then a missing manifest
    (tmp_path / "vanishing-gradient.npz").unlink()
    with pytest.raises(RecordingError, match="missing"):
        recordings.load("vanishing-gradient", tmp_path)
    (tmp_path / "manifest.json").unlink()
    with pytest.raises(RecordingError, match="manifest.json is missing"):
        recordings.tally("loss-tracks-w1", tmp_path)


def test_a_recording_of_other_settings_is_refused(tiny_scenarios, tmp_path, monkeypatch):
    recordings.build(["loss-tracks-w1"], screening=(), confirmation=(3,), recorded=1,
                     processes=1, out=tmp_path, log=lambda s: None)
    sc = SCENARIOS["loss-tracks-w1"]
    monkeypatch.setitem(SCENARIOS, "loss-tracks-w1", dataclasses.replace(sc, iterations=9))
    with pytest.raises(RecordingError, match="other settings"):
        recordings.load("loss-tracks-w1", tmp_path)
    assert not recordings.tally("loss-tracks-w1", tmp_path).current


def test_the_shipped_recordings_match_their_manifest_and_results():
    """The files in the repository: checksums, every scenario recorded (≥ 3 seeds), ≥ 10 seeds
    measured, and the recorded curves end where results.json says."""
    assert recordings.check() == []
    res = recordings.results()
    man = json.loads((recordings.DIR / recordings.MANIFEST).read_text())
    total = sum((recordings.DIR / n).stat().st_size for n in man["files"])
    assert total < 8e6  # a few MB in all
    for key, sc in SCENARIOS.items():
        assert len(res[key]["seeds"]) >= 10 and recordings.tally(key).current
        assert len(res[key]["screening"]) >= 10  # settings chosen on other seeds
        assert not {r["seed"] for r in res[key]["seeds"]} & {r["seed"]
                                                             for r in res[key]["screening"]}
        rec = recordings.load(key)
        assert len(rec.seeds) >= 3
        for seed in rec.seeds:
            row = next(r for r in res[key]["seeds"] if r["seed"] == seed)
            for side in ("left", "right"):
                run = rec.panel(seed, side)
                assert len(run.iterations) == sc.checkpoints
                assert run.iterations[-1] == sc.iterations
                assert float(run.w1[-1]) == pytest.approx(row[side]["w1"], abs=1e-4)
                assert sc.held(rec.panel(seed, "left"), rec.panel(seed, "right")) == (
                    row["left"]["held"], row["right"]["held"])


HELD_OUT_SEEDS = (1000, 1001, 1002)
"""Seeds used neither to choose the settings (0-9) nor to count the claims (100-109)."""


@pytest.mark.slow
def test_mode_collapse_holds_on_held_out_seeds_trained_by_the_lone_trainer():
    """The mode-collapse scenario's configs, trained by :class:`Trainer` (not the batch the
    recordings use) for the scenario's iterations on seeds no one looked at: the collapsing
    panel covers fewer modes than the covering one (3σ rule), which covers ≥ 6 of 8, in most."""
    key = next(k for k in SCENARIOS if "collapse" in k)
    sc = SCENARIOS[key]
    ok = []
    for seed in HELD_OUT_SEEDS:
        covered = []
        for cfg in sc.configs(seed):
            tr = Trainer(dataclasses.replace(cfg, device="cpu"))
            tr.step(sc.iterations)
            covered.append(tr.evaluate().modes)
        ok.append(covered[0] < covered[1] and covered[1] >= 6)
    assert sum(ok) >= 2, f"held in {sum(ok)} of {len(ok)} held-out seeds"


def test_the_scenarios_benchmark_smoke_run(capsys):
    """``python -m benchmarks.run scenarios`` at its smallest size (tiny scenarios, 1 + 2 seeds,
    one process): it prints the table with both seed sets and returns a row per scenario and set;
    the scenarios are themselves again afterwards."""
    from benchmarks import bench_scenarios

    before = dict(SCENARIOS)
    rows = bench_scenarios.run(smoke=True)
    assert SCENARIOS == before
    out = capsys.readouterr().out
    assert "held: screening" in out and "held: confirmation" in out
    assert "modes covered (3σ)" in out and "high-quality share" in out
    assert len(rows) == 2 * len(SCENARIOS)
    for r in rows:
        assert r.unit.startswith("of ") and 0 <= r.measured <= (1 if "screening" in r.what else 2)

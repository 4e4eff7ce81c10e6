"""TrainerBatch (divergences/batch.py): K runs as one stacked model, each the same as a lone Trainer."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from divergences import MODES, sample_2d
from divergences.batch import (GROUP_FIELDS, StackedMLP, first_difference, sample_2d_torch)
from divergences.metrics import mode_coverage
from divergences.training import TrainConfig, Trainer, TrainerBatch

SMALL = dict(batch_size=64, width=64, depth=3, n_eval=256, device="cpu")
TOL = 2e-5  # float32 round-off after 20 iterations (batched matmuls add in another order)

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def _alone(cfg: TrainConfig, n: int) -> Trainer:
    tr = Trainer(cfg)
    tr.step(n)
    return tr


@pytest.mark.parametrize("loss", ["gan", "wgan", "nsgan", "wgan-gp"])
def test_each_run_of_a_batch_is_the_lone_trainer(loss):
    # different seeds, learning rates and clip values in one stacked model
    cfgs = [TrainConfig(loss=loss, seed=s, lr_d=lr, clip=c, **SMALL)
            for s, lr, c in ((0, 2e-4, 0.1), (7, 1e-3, 0.1), (123, 5e-4, 0.2))]
    batch = TrainerBatch(cfgs)
    assert len(batch) == 3 and len(batch.groups) == 1
    batch.step(20)
    for i, cfg in enumerate(cfgs):
        alone = _alone(cfg, 20)
        got, want = batch.sample(i, 300), alone.sample(300)
        assert got.shape == (300, 2)
        # WGAN-GP draws the same ε (each run's own generator): run 0 agrees to 3e-8, but at
        # lr 1e-3 the penalty's second-order gradients through Adam(β₁ = 0) grow the matmuls'
        # round-off to ~2e-4 in the points and ~3e-3 in a loss within 20 iterations
        tol, ltol = (10 * TOL, 1e-2) if loss == "wgan-gp" else (TOL, 1e-4)
        np.testing.assert_allclose(got, want, atol=tol, rtol=0)
        np.testing.assert_allclose(batch.history(i).loss_d, alone.history.loss_d, atol=ltol)
        np.testing.assert_allclose(batch.history(i).loss_g, alone.history.loss_g, atol=ltol)
        assert batch.run(i).iteration == 20
    # the runs really differ (different seeds): not one model copied three times
    assert np.abs(batch.sample(0, 300) - batch.sample(1, 300)).max() > 0.05


def test_where_round_off_grows_a_lone_trainer_grows_it_as_much():
    """A WGAN with a large lr and a small c is chaotic: a 1-ulp change of the lone Trainer's
    critic grows ~10× per iteration after ~10 iterations. There the batch (whose matmuls round
    differently) may leave the lone run by as much, and no more, than that 1-ulp change does."""
    cfg = TrainConfig(loss="wgan", seed=7, lr_d=1e-3, clip=0.05, **SMALL)
    batch = TrainerBatch([cfg])
    batch.step(20)
    alone, nudged = Trainer(cfg), Trainer(cfg)
    with torch.no_grad():
        for p in nudged.D.parameters():
            p.copy_(torch.nextafter(p, torch.full_like(p, 10.0)))
    alone.step(20)
    nudged.step(20)
    ulp = np.abs(nudged.sample(300) - alone.sample(300)).max()
    got = np.abs(batch.sample(0, 300) - alone.sample(300)).max()
    assert ulp > 1e-3  # the lone run itself amplifies round-off here
    assert got < 10 * ulp


def test_gan_and_wgan_with_different_seeds_in_one_batch_are_grouped():
    cfgs = [TrainConfig(loss="gan", seed=3, **SMALL), TrainConfig(loss="wgan", seed=4, **SMALL),
            TrainConfig(loss="wgan", seed=5, **SMALL), TrainConfig(loss="gan", seed=6, **SMALL)]
    batch = TrainerBatch(cfgs)
    assert [len(g) for g in batch.groups] == [2, 2]
    batch.step(20)
    for i, cfg in enumerate(cfgs):
        np.testing.assert_allclose(batch.sample(i, 200), _alone(cfg, 20).sample(200), atol=TOL,
                                   rtol=0)


def test_wgan_clipping_holds_after_every_critic_step_with_each_runs_c():
    cfgs = [TrainConfig(loss="wgan", seed=s, clip=c, n_critic=2, **SMALL)
            for s, c in ((0, 0.01), (1, 0.3))]
    batch = TrainerBatch(cfgs)
    g = batch.groups[0]
    seen = []
    d_loss = g.d_loss

    def record_then_loss(real, fake):  # called at each critic step: after the previous clip
        seen.append([w.detach().flatten(1).abs().amax(dim=1).tolist()
                     for w in g.D.parameters()])
        return d_loss(real, fake)

    g.d_loss = record_then_loss
    batch.step(3)
    assert len(seen) == 6  # 3 iterations × n_critic 2
    for rec in seen[1:]:  # every critic step after the first sees clipped weights, per run
        for per_param in rec:
            assert per_param[0] <= 0.01 + 1e-7 and per_param[1] <= 0.3 + 1e-7
    for tr, c in zip(batch.trainers, (0.01, 0.3)):
        assert tr.max_abs_critic_parameter() <= c + 1e-7
    # each run is clipped to its own c: not one shared c
    assert batch.run(0).max_abs_critic_parameter() == pytest.approx(0.01)
    assert batch.run(1).max_abs_critic_parameter() == pytest.approx(0.3)


def test_adopt_and_release_carry_on_exactly_where_a_run_was():
    for loss in ("gan", "wgan"):
        cfg = TrainConfig(loss=loss, seed=11, **SMALL)
        a = Trainer(cfg)
        a.step(5)          # alone (its optimiser has state now)
        other = Trainer(TrainConfig(loss=loss, seed=12, **SMALL))  # a fresh run beside it
        batch = TrainerBatch.adopt([a, other])
        batch.step(10)     # batched: per-run Adam step counts differ (5 vs 0)
        batch.release()
        a.step(5)          # alone again
        ref = _alone(cfg, 20)
        assert a.iteration == 20 and len(a.history.loss_d) == 20
        np.testing.assert_allclose(a.sample(200), ref.sample(200), atol=TOL, rtol=0)
        np.testing.assert_allclose(other.sample(200), _alone(other.config, 10).sample(200),
                                   atol=TOL, rtol=0)


def test_per_run_views_evaluate_map_and_push():
    cfgs = [TrainConfig(loss="wgan", seed=s, **SMALL) for s in (0, 1)]
    batch = TrainerBatch(cfgs)
    batch.step(5)
    ev = batch.evaluate(1)
    alone = _alone(cfgs[1], 5)
    ev_alone = alone.evaluate()
    assert ev.iteration == 5
    assert ev.w1 == pytest.approx(ev_alone.w1, abs=1e-4)
    assert ev.modes == ev_alone.modes
    assert batch.history(1).w1 == [ev.w1]
    xs, ys, vals = batch.critic_map(1, 12)
    np.testing.assert_allclose(vals, alone.critic_map(12)[2], atol=1e-5)
    pts = batch.eval_sample(1)[:10]
    np.testing.assert_allclose(batch.generator_push(1, pts), alone.generator_push(pts),
                               atol=1e-4)
    assert len(batch.evaluate()) == 2 and len(batch.history(0).w1) == 1


def test_bad_input():
    with pytest.raises(ValueError, match="empty"):
        TrainerBatch([])
    with pytest.raises(ValueError, match="TrainConfig"):
        TrainerBatch(["wgan"])
    with pytest.raises(ValueError, match="width differs"):
        TrainerBatch([TrainConfig(**SMALL), TrainConfig(**{**SMALL, "width": 32})],
                     grouping=False)
    with pytest.raises(ValueError, match="loss differs"):
        TrainerBatch([TrainConfig(loss="gan", **SMALL), TrainConfig(loss="wgan", **SMALL)],
                     grouping=False)
    batch = TrainerBatch([TrainConfig(**SMALL)])
    with pytest.raises(IndexError):
        batch.sample(1, 10)
    with pytest.raises(ValueError):
        batch.sample(0, 0)
    with pytest.raises(ValueError):
        batch.step(0)
    assert first_difference(TrainConfig(seed=1, lr_d=1e-3), TrainConfig(seed=2)) is None
    assert first_difference(TrainConfig(batch_size=64), TrainConfig()) == "batch_size"
    assert set(GROUP_FIELDS) >= {"loss", "n_critic", "width", "depth", "batch_size"}


def test_own_points_and_data_sets_mix_in_one_group():
    pts = np.random.default_rng(0).normal(size=(50, 2)) * 100 + 1000
    cfgs = [TrainConfig(loss="wgan", seed=2, real_points=pts, **SMALL),
            TrainConfig(loss="wgan", seed=2, dataset="ring", **SMALL)]
    batch = TrainerBatch(cfgs)
    assert len(batch.groups) == 1
    batch.step(8)
    for i, cfg in enumerate(cfgs):
        np.testing.assert_allclose(batch.sample(i, 100), _alone(cfg, 8).sample(100),
                                   atol=TOL * 200, rtol=0)  # own points: ×scale (~100) units


def test_stacked_mlp_is_the_modules_and_shares_their_weights():
    torch.manual_seed(0)
    from divergences.nets import mlp
    mods = [mlp(2, 1, 16, 2) for _ in range(3)]
    x = torch.randn(3, 5, 2)
    want = torch.stack([m(x[k]) for k, m in enumerate(mods)])
    st = StackedMLP(mods)
    torch.testing.assert_close(st(x), want)
    with torch.no_grad():
        st.weights[0][1].mul_(2)  # the per-run module sees the stacked weights (a view)
    torch.testing.assert_close(mods[1][0].weight, st.weights[0][1])


# ---- the device path, run on the CPU -------------------------------------------------------------
@pytest.mark.parametrize("name", ["8gaussians", "25gaussians"])
def test_device_sampler_draws_the_mixtures(name):
    g = torch.Generator().manual_seed(0)
    pts = sample_2d_torch(name, 4000, g, torch.device("cpu"), k=2)
    assert pts.shape == (2, 4000, 2) and pts.dtype == torch.float32
    covered, hq = mode_coverage(pts[0].numpy().astype(float), name)
    assert covered == len(MODES[name].centers)
    assert hq == pytest.approx(0.989, abs=0.01)  # P(χ²₂ ≤ 9) within 3σ, as numpy's sampler
    ref = sample_2d(name, 4000, 0)
    np.testing.assert_allclose(pts[1].numpy().std(axis=0), ref.std(axis=0), rtol=0.05)


@pytest.mark.parametrize("name", ["ring", "swissroll", "moons", "circle", "blob"])
def test_device_sampler_matches_numpys_moments(name):
    g = torch.Generator().manual_seed(1)
    got = sample_2d_torch(name, 20000, g, torch.device("cpu"))[0].numpy()
    ref = sample_2d(name, 20000, 1)
    np.testing.assert_allclose(got.mean(axis=0), ref.mean(axis=0), atol=0.03)
    np.testing.assert_allclose(got.std(axis=0), ref.std(axis=0), rtol=0.05, atol=0.01)
    r_got, r_ref = np.linalg.norm(got, axis=1), np.linalg.norm(ref, axis=1)
    np.testing.assert_allclose(np.percentile(r_got, [10, 50, 90]),
                               np.percentile(r_ref, [10, 50, 90]), atol=0.03)


def test_device_path_on_the_cpu_trains_and_keeps_losses_until_the_end():
    cfgs = [TrainConfig(loss=lo, seed=s, **SMALL) for lo, s in (("wgan", 0), ("wgan", 1),
                                                              ("gan", 2))]
    batch = TrainerBatch(cfgs, real_on_device=True)
    assert all(g.real_on_device and g.shared_streams for g in batch.groups)
    assert not any(g.cuda_graph for g in batch.groups)  # graphs only on CUDA
    w0 = [batch.evaluate(i).w1 for i in range(3)]
    batch.step(150)
    w1 = [batch.evaluate(i).w1 for i in range(3)]
    assert all(len(batch.history(i).loss_d) == 150 for i in range(3))
    assert all(np.isfinite(batch.history(i).loss_d).all() for i in range(3))
    assert np.mean(w1) < 0.8 * np.mean(w0)  # it learns: the data drawn on the device is right
    # the same batch built again gives the same runs (one seeded generator per group)
    again = TrainerBatch(cfgs, real_on_device=True)
    again.step(150)
    np.testing.assert_allclose(again.sample(2, 50), batch.sample(2, 50), atol=TOL, rtol=0)


@pytest.mark.parametrize("loss", ["wgan", "wgan-gp", "gan"])
def test_pre_drawn_iteration_is_the_drawn_one(loss):
    """The CUDA-graph path replays ``iterate(draw)`` on pre-drawn inputs: on the CPU, the same
    inputs give the same step as drawing them inside the iteration."""
    cfgs = [TrainConfig(loss=loss, seed=s, **SMALL) for s in (0, 1)]
    a = TrainerBatch(cfgs, real_on_device=True)
    b = TrainerBatch(cfgs, real_on_device=True)
    ga, gb = a.groups[0], b.groups[0]
    for _ in range(3):
        ga.iterate()
        gb.iterate(gb.draw())
    np.testing.assert_allclose(a.run(1).sample(50), b.run(1).sample(50), atol=TOL, rtol=0)


def test_a_checkpoint_goes_on_exactly_where_the_run_was():
    for loss in ("gan", "wgan"):
        cfg = TrainConfig(loss=loss, seed=5, **SMALL)
        a = Trainer(cfg)
        a.step(6)
        a.evaluate()
        state = a.state_dict()
        import io
        buf = io.BytesIO()
        torch.save(state, buf)  # through bytes, as the trainer process sends it
        b = Trainer.from_state(cfg, torch.load(io.BytesIO(buf.getvalue()), weights_only=True))
        assert b.iteration == 6 and b.history.w1 == a.history.w1
        a.step(6)
        b.step(6)
        np.testing.assert_array_equal(a.sample(100), b.sample(100))
        np.testing.assert_allclose(b.sample(100), _alone(cfg, 12).sample(100), atol=TOL, rtol=0)


@pytest.mark.parametrize("loss", ["gan", "nsgan", "wgan", "wgan-gp"])
@pytest.mark.parametrize("z_dim", [1, 16])
def test_a_runs_numbers_do_not_depend_on_what_else_the_batch_trains(loss, z_dim):
    """Run i of a batch is the same to the bit alone (K = 1), beside other runs (K = 4), and in
    other chunk sizes: on the CPU a lone matmul whose inner or outer size is 1 (the critic's last
    layer, a 1-D noise) rounds differently from a batched one, and GAN training turns that into
    another run within a few hundred iterations (W1 0.75 instead of 0.56 at iteration 1500)."""
    kw = dict(loss=loss, z_dim=z_dim, dataset="8gaussians-wide", batch_size=32, width=32,
              depth=2, device="cpu")
    cfg = TrainConfig(seed=0, **kw)
    alone = TrainerBatch([cfg])
    for n in (7, 1, 22):
        alone.step(n)
    among = TrainerBatch([TrainConfig(seed=5, **kw), cfg, TrainConfig(seed=6, **kw),
                          TrainConfig(seed=7, **kw)])
    among.step(30)
    np.testing.assert_array_equal(alone.eval_sample(0), among.eval_sample(1))
    assert alone.history(0).loss_d == among.history(1).loss_d
    for p, q in zip(alone.run(0).D.parameters(), among.run(1).D.parameters()):
        assert torch.equal(p, q)

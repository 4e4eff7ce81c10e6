"""The toy GAN/WGAN trainer (divergences/training.py) and the quality metrics (metrics.py)."""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pytest
import torch

from divergences import MODES, sample_2d, wasserstein1
from divergences.metrics import mode_coverage, n_modes, pearson, w1_floor
from app.export import histories_to_csv
from divergences.messages import Message
from divergences.training import LOSS_DEFAULTS, RealPoints, TrainConfig, Trainer, resolve_device

SMALL = dict(batch_size=64, width=64, depth=3, n_eval=256, device="cpu")


pytestmark = pytest.mark.usefixtures("one_torch_thread")


# ---- mode coverage (3σ rule) ---------------------------------------------------------------------
@pytest.mark.parametrize("dataset", ["8gaussians", "25gaussians"])
def test_exact_centres_cover_every_mode_with_full_quality(dataset):
    centres = MODES[dataset].centers
    assert mode_coverage(centres, dataset) == (len(centres), 1.0)
    assert n_modes(dataset) == len(centres)


def test_a_single_mode_covers_one():
    c = MODES["8gaussians"].centers[3]
    pts = c + 0.001 * np.random.default_rng(0).standard_normal((500, 2))
    assert mode_coverage(pts, "8gaussians") == (1, 1.0)


def test_the_3_sigma_boundary_and_far_points():
    m = MODES["8gaussians"]
    c, s = m.centers[0], m.sigma
    inside = c + np.array([2.9 * s, 0.0])
    outside = c + np.array([3.1 * s, 0.0])
    assert mode_coverage(inside[None], "8gaussians") == (1, 1.0)
    assert mode_coverage(outside[None], "8gaussians") == (0, 0.0)
    half = np.stack([inside, outside, np.zeros(2), m.centers[5]])
    covered, hq = mode_coverage(half, "8gaussians")
    assert covered == 2 and hq == pytest.approx(0.5)


def test_real_samples_cover_all_modes_with_high_quality():
    covered, hq = mode_coverage(sample_2d("8gaussians", 2500, 0), "8gaussians")
    assert covered == 8
    assert hq == pytest.approx(0.989, abs=0.01)  # P(chi_2 ≤ 3) = 1 − e^{−4.5} = 0.9889


def test_mode_coverage_refuses_data_without_modes():
    with pytest.raises(ValueError, match="no modes"):
        mode_coverage(np.zeros((3, 2)), "moons")
    with pytest.raises(ValueError):
        mode_coverage(np.zeros((3, 3)), "8gaussians")
    assert n_modes("ring") is None


def test_pearson_matches_numpy_and_is_nan_when_undefined():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=50), rng.normal(size=50)
    assert pearson(x, y) == pytest.approx(np.corrcoef(x, y)[0, 1])
    assert pearson(x, 3 * x + 1) == pytest.approx(1.0)
    assert np.isnan(pearson([1, 2], [3, 4]))
    assert np.isnan(pearson([1, 1, 1, 1], [1, 2, 3, 4]))


def test_w1_floor_is_the_w1_of_two_real_samples():
    rng = np.random.default_rng([0, 7])
    a, b = sample_2d("ring", 200, rng), sample_2d("ring", 200, rng)
    assert w1_floor("ring", 200, 0) == pytest.approx(wasserstein1(a, b))


# ---- configuration -----------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [
    dict(loss="lsgan"), dict(dataset="mnist"), dict(device="tpu"), dict(lr_d=-1e-3),
    dict(lr_g=float("nan")), dict(n_critic=0), dict(batch_size=1), dict(clip=0.0),
    dict(gp_lambda=-1.0), dict(width=0), dict(depth=20), dict(seed=-1), dict(seed=1.5),
    dict(n_eval=10_000), dict(batch_size=True),
])
def test_bad_config_raises_value_error(bad):
    with pytest.raises(ValueError):
        TrainConfig(**bad)


def test_defaults_follow_the_loss_and_wgan_is_algorithm_1():
    for loss, d in LOSS_DEFAULTS.items():
        cfg = TrainConfig(loss=loss).resolved()
        assert (cfg.lr_d, cfg.lr_g, cfg.n_critic) == (d["lr_d"], d["lr_g"], d["n_critic"])
    tr = Trainer(TrainConfig(loss="wgan", **SMALL))
    assert isinstance(tr.opt_d, torch.optim.RMSprop) and isinstance(tr.opt_g, torch.optim.RMSprop)
    assert tr.opt_d.defaults["momentum"] == 0
    assert tr.config.n_critic == 5
    assert isinstance(Trainer(TrainConfig(loss="gan", **SMALL)).opt_d, torch.optim.Adam)
    paper = TrainConfig.paper("wgan")
    assert (paper.lr_d, paper.clip, paper.batch_size, paper.n_critic) == (5e-5, 0.01, 64, 5)


# ---- devices -------------------------------------------------------------------------------------
def test_cuda_without_a_gpu_falls_back_to_the_cpu_with_a_message(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    tr = Trainer(TrainConfig(loss="wgan", **{**SMALL, "device": "cuda"}))
    assert tr.device.type == "cpu"
    assert any("CUDA" in str(m) and "CPU" in str(m) for m in tr.messages)
    tr.step(2)
    assert tr.iteration == 2
    dev, why, msg = resolve_device("auto")
    assert dev.type == "cpu" and "no CUDA" in str(why) and msg is None


def test_out_of_memory_moves_the_run_to_the_cpu_and_goes_on(monkeypatch):
    tr = Trainer(TrainConfig(loss="wgan", **SMALL))
    tr.device = torch.device("cuda")  # pretend the run is on a GPU (nothing is allocated)
    real_iterate, calls = tr._iterate, []

    def flaky(n):
        calls.append(n)
        if len(calls) == 1:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real_iterate(n)

    monkeypatch.setattr(tr, "_iterate", flaky)
    tr.step(3)
    assert tr.device.type == "cpu" and tr.iteration == 3 and calls == [3, 3]
    assert any("out of memory" in str(m) and "CPU" in str(m) for m in tr.messages)
    assert len(tr.history.loss_d) == 3


# ---- training ------------------------------------------------------------------------------------
def test_clipping_holds_after_every_critic_step():
    c = 0.05
    tr = Trainer(TrainConfig(loss="wgan", clip=c, lr_d=5e-3, **SMALL))
    seen = []

    def record(module, args):
        seen.append(max(float(p.detach().abs().max()) for p in module.parameters()))

    steps = []
    orig = tr.opt_d.step

    def counted_step(*a, **k):
        steps.append(1)
        return orig(*a, **k)

    tr.opt_d.step = counted_step
    tr.D.register_forward_pre_hook(record)
    assert tr.max_abs_critic_parameter() > c  # PyTorch's init is wider than c: clipping matters
    tr.step(4)
    assert len(steps) == 4 * 5
    # D is called twice per critic step (real, fake) and once per generator step; every call
    # after the first critic step sees clipped parameters, biases included.
    assert len(seen) == 4 * (5 * 2 + 1)
    assert seen[0] > c and seen[1] > c  # before the first step
    assert max(seen[2:]) <= c + 1e-7
    assert max(seen[2:]) == pytest.approx(c)  # the clip is active, not a coincidence
    for p in tr.D.parameters():
        assert float(p.detach().abs().max()) <= c + 1e-7


def test_without_clipping_the_same_run_leaves_the_box():
    """The control of the test above: WGAN-GP (no clipping) with the same settings has critic
    parameters outside [−c, c], so the clipping check can fail."""
    tr = Trainer(TrainConfig(loss="wgan-gp", clip=0.05, lr_d=5e-3, **SMALL))
    tr.step(4)
    assert tr.max_abs_critic_parameter() > 0.05


@pytest.mark.slow
def test_the_trainer_learns_w1_falls_by_a_clear_factor():
    tr = Trainer(TrainConfig(loss="wgan", dataset="8gaussians", seed=0, **SMALL))
    w0 = tr.evaluate().w1
    tr.step(300)
    w1 = tr.evaluate().w1
    assert w0 > 1.0  # the untrained generator sits near the origin, far from the circle
    assert w1 < w0 / 2.0, (w0, w1)
    assert len(tr.history.loss_d) == 300 and np.isfinite(tr.history.loss_d).all()
    # Against the data: the same number via POT on the fixed real sample.
    assert wasserstein1(tr.real_eval, tr.eval_sample()) == pytest.approx(w1)


def test_same_seed_same_run_and_trainers_do_not_share_random_streams():
    a = Trainer(TrainConfig(loss="nsgan", seed=3, **SMALL))
    b = Trainer(TrainConfig(loss="nsgan", seed=3, **SMALL))
    other = Trainer(TrainConfig(loss="nsgan", seed=4, **SMALL))
    a.step(3)
    torch.randn(1000)  # the process-wide generator moves: the trainers must not care
    other.step(2)
    b.step(3)
    np.testing.assert_allclose(a.sample(50), b.sample(50))
    assert a.history.loss_d == b.history.loss_d
    assert not np.allclose(a.sample(50), other.sample(50))


def test_losses_are_the_documented_formulas():
    tr = Trainer(TrainConfig(loss="gan", **SMALL))
    out = torch.tensor([[-2.0], [0.0], [3.0]])
    d = torch.sigmoid(out)
    assert float(tr._g_loss(out)) == pytest.approx(float(torch.log(1 - d).mean()), rel=1e-5)
    tr_ns = Trainer(TrainConfig(loss="nsgan", **SMALL))
    assert float(tr_ns._g_loss(out)) == pytest.approx(float(-torch.log(d).mean()), rel=1e-5)
    tr_w = Trainer(TrainConfig(loss="wgan", **SMALL))
    assert float(tr_w._g_loss(out)) == pytest.approx(-1 / 3)
    # the GAN generator's push vanishes where D is sure the point is fake (saturation)
    far = np.array([[5.0, 5.0]])
    assert np.isfinite(tr.generator_push(far)).all()


def test_sample_critic_map_and_history():
    tr = Trainer(TrainConfig(loss="wgan", dataset="ring", **SMALL))
    tr.step(2)
    ev = tr.evaluate()
    assert tr.sample(7).shape == (7, 2)
    xs, ys, v = tr.critic_map(10)
    assert v.shape == (10, 10) and xs[0] == tr.bounds[0][0] and ys[-1] == tr.bounds[1][1]
    assert ev.modes is None and np.isnan(tr.history.modes[-1])  # a ring has no modes
    assert tr.history.iteration == [1, 2]
    assert tr.generator_push(tr.sample(5)).shape == (5, 2)
    g = Trainer(TrainConfig(loss="gan", **SMALL))
    _, _, p = g.critic_map(8)
    assert (p >= 0).all() and (p <= 1).all()  # σ(D(x)) is a probability


def test_tracking_uses_window_means_of_the_critic_loss():
    tr = Trainer(TrainConfig(loss="wgan", **SMALL))
    h = tr.history
    h.iteration[:] = [1, 2, 3, 4]
    h.loss_d[:] = [-1.0, -3.0, -5.0, -7.0]
    h.eval_iteration[:] = [0, 2, 4]
    h.w1[:] = [9.0, 2.0, 6.0]
    np.testing.assert_allclose(h.neg_loss_d_at_evals(), [np.nan, 2.0, 6.0])
    assert np.isnan(h.tracking())  # only two evaluations after iteration 0
    h.iteration.append(5), h.loss_d.append(-1.0), h.eval_iteration.append(5), h.w1.append(1.0)
    assert h.tracking() == pytest.approx(1.0)


def test_csv_export_has_one_row_per_iteration_and_the_evaluations():
    tr = Trainer(TrainConfig(loss="wgan", **SMALL))
    tr.evaluate()
    tr.step(3)
    tr.evaluate()
    text = histories_to_csv({"right": (tr.config, tr.history)})
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["iteration"] for r in rows] == ["0", "1", "2", "3"]
    assert rows[0]["loss_d"] == "" and rows[0]["w1_exact"] != ""
    assert rows[1]["w1_exact"] == "" and float(rows[3]["w1_exact"]) == pytest.approx(
        tr.history.w1[-1], rel=1e-5)
    assert float(rows[2]["loss_d"]) == pytest.approx(tr.history.loss_d[1], rel=1e-5)
    assert {r["run"] for r in rows} == {"right"} and rows[0]["modes_covered"] != ""


# ---- own points as the real data ----------------------------------------------------------------
def _two_clusters(n=120, seed=0, center=(100.0, 200.0), gap=60.0, sd=3.0):
    """Two well-separated round clusters far from the data sets' scale (student units)."""
    rng = np.random.default_rng(seed)
    a = rng.normal(center, sd, (n // 2, 2))
    b = rng.normal((center[0] + gap, center[1]), sd, (n - n // 2, 2))
    return np.concatenate([a, b])


def test_own_points_are_standardised_and_compare_by_value():
    pts = _two_clusters()
    own = RealPoints(pts)
    np.testing.assert_allclose(own.center, pts.mean(axis=0))
    m = own.to_model(pts)
    np.testing.assert_allclose(m.mean(axis=0), 0.0, atol=1e-9)
    assert np.sqrt((m ** 2).sum(axis=1).mean()) == pytest.approx(np.sqrt(2.0))  # the data sets'
    np.testing.assert_allclose(own.from_model(m), pts)
    assert not own.values.flags.writeable
    cfg = TrainConfig(real_points=pts, **SMALL)  # an array becomes RealPoints
    assert isinstance(cfg.real_points, RealPoints) and cfg.real_points == own
    assert cfg == TrainConfig(real_points=pts.copy(), **SMALL)  # equal by value, hashable
    assert hash(cfg.resolved()) == hash(TrainConfig(real_points=pts.copy(), **SMALL).resolved())
    assert cfg != TrainConfig(real_points=pts + 1e-9, **SMALL) != TrainConfig(**SMALL)
    assert cfg.data_label == "uploaded (120 points)" and cfg.modes_dataset is None
    assert TrainConfig(**SMALL).data_label == "8gaussians"
    assert TrainConfig(**SMALL).modes_dataset == "8gaussians"
    assert TrainConfig(dataset="ring", **SMALL).modes_dataset is None
    assert cfg.as_dict()["real_points"] == own and cfg.as_dict()["dataset"] == "8gaussians"


@pytest.mark.parametrize("bad", [
    np.zeros((7, 2)) + np.arange(7)[:, None],  # too few
    np.random.default_rng(0).normal(size=(20_001, 2)),  # too many
    np.zeros((10, 3)),  # not 2-D points
    np.ones((10, 2)),  # no spread
    np.array([[0.0, 1.0]] * 9 + [[np.nan, 2.0]]),  # not finite
    [["a", "b"]] * 10,  # not numbers
])
def test_bad_own_points_raise_value_error_with_a_translatable_message(bad):
    from divergences.userdata import UserDataError

    with pytest.raises(ValueError) as info:
        TrainConfig(real_points=bad, **SMALL)
    assert isinstance(info.value, UserDataError) and info.value.template


def test_eval_sample_and_batches_are_drawn_from_the_points():
    pts = _two_clusters(n=40)
    tr = Trainer(TrainConfig(loss="wgan", real_points=pts, seed=5, **SMALL))
    own = tr.config.real_points
    as_rows = {tuple(p) for p in pts}
    assert tr.real_eval.shape == (256, 2)
    assert all(tuple(p) in as_rows for p in tr.real_eval)  # with replacement from the points
    assert len({tuple(p) for p in tr.real_eval}) > 30  # ...and most of the 40 show up
    batch = own.from_model(tr._real(64).numpy().astype(float))  # what the critic sees, unscaled
    d = np.abs(batch[:, None, :] - pts[None, :, :]).max(axis=2).min(axis=1)
    assert d.max() < 1e-3  # every real batch point is one of the points (float32 rounding)
    again = Trainer(TrainConfig(loss="wgan", real_points=pts, seed=5, **SMALL))
    np.testing.assert_array_equal(again.real_eval, tr.real_eval)  # the seed fixes the sample
    # the floor: W1 between two independent resamples of n_eval points (seed's own stream)
    rng = np.random.default_rng([5, 7])
    a, b = pts[rng.integers(0, 40, 256)], pts[rng.integers(0, 40, 256)]
    assert tr.w1_floor == pytest.approx(wasserstein1(a, b))
    # the view holds the points, in their units
    (x0, x1), (y0, y1) = tr.bounds
    assert x0 < pts[:, 0].min() and x1 > pts[:, 0].max()
    assert y0 < pts[:, 1].min() and y1 > pts[:, 1].max()
    xs, ys, _ = tr.critic_map(6)
    assert xs[0] == x0 and ys[-1] == y1
    ev = tr.evaluate()
    assert ev.modes is None and ev.hq is None and np.isnan(tr.history.modes[-1])
    text = histories_to_csv({"right": (tr.config, tr.history)})
    assert {r["dataset"] for r in csv.DictReader(io.StringIO(text))} == {"uploaded (40 points)"}


@pytest.mark.slow
def test_training_on_own_points_learns_them():
    pts = _two_clusters()
    tr = Trainer(TrainConfig(loss="wgan", real_points=pts, seed=0, **SMALL))
    w0 = tr.evaluate().w1
    tr.step(300)
    w1 = tr.evaluate().w1
    assert w0 > 20.0  # the untrained generator sits near the centroid, between the clusters
    assert w1 < w0 / 3.0, (w0, w1)  # measured: 28.7 -> 5.2 (floor 3.8)
    assert wasserstein1(tr.real_eval, tr.eval_sample()) == pytest.approx(w1)
    fake = tr.sample(400)  # in the student's units: around the two clusters, some near each
    assert (fake[:, 0] < 130).mean() > 0.2 and (fake[:, 0] > 130).mean() > 0.2
    assert np.abs(fake[:, 1] - 200).mean() < 15


def test_own_points_train_the_same_in_any_units():
    """Standardising makes a run independent of the points' units: the same points in other
    units (×10, moved) train the same networks, and W1 comes out ×10 in those units."""
    pts = _two_clusters(center=(0.0, 0.0), gap=3.0, sd=0.2)
    a = Trainer(TrainConfig(loss="wgan", real_points=pts, **SMALL))
    b = Trainer(TrainConfig(loss="wgan", real_points=10 * pts + [500.0, -40.0], **SMALL))
    a.step(20), b.step(20)
    wa, wb = a.evaluate().w1, b.evaluate().w1
    assert wb == pytest.approx(10 * wa, rel=1e-3)
    assert b.w1_floor == pytest.approx(10 * a.w1_floor, rel=1e-9)
    np.testing.assert_allclose(b.sample(20), 10 * a.sample(20) + [500.0, -40.0], rtol=1e-3,
                               atol=1e-2)
    pa, pb = a.generator_push(a.sample(5)), b.generator_push(b.sample(5))
    np.testing.assert_allclose(pb, pa / 10, rtol=1e-2, atol=1e-6)  # ∇ in units ×10 is ÷10


def test_device_reasons_carry_a_translatable_template(monkeypatch):
    from app.i18n import translate
    from tests.test_i18n import extract

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    keys = extract().keys
    _, why, msg = resolve_device("cuda")
    assert isinstance(why, Message) and isinstance(msg, Message) and "CUDA" in str(msg)
    for m in (why, msg, resolve_device("auto")[1], resolve_device("cpu")[1]):
        assert m.template in keys  # marked with N_ where it is written
        zh = translate(m.template, "zh", **m.fmt)
        assert zh != str(m) and re.search("[\u4e00-\u9fff]", zh)  # in the catalogue, in Chinese


def test_wgan_gp_runs_repeat_whatever_else_uses_the_global_stream():
    """The gradient penalty's interpolation weights come from the trainer's own generator: the
    same seed gives the same run even when other code draws from torch's global stream."""
    a = Trainer(TrainConfig(loss="wgan-gp", seed=0, **SMALL))
    b = Trainer(TrainConfig(loss="wgan-gp", seed=0, **SMALL))
    for _ in range(3):
        torch.rand(17)
        a.step(2)
        torch.rand(1000)
        b.step(2)
        torch.rand(5)
    np.testing.assert_array_equal(a.sample(50), b.sample(50))
    assert a.history.penalty == b.history.penalty

"""The 2-D samplers follow the toy data sets of the WGAN-GP code exactly (docs/DESIGN.md §3)."""

import numpy as np
import pytest

from divergences import DATASETS, MODES, binned_divergences, sample_2d, transform


@pytest.mark.parametrize("name", DATASETS)
def test_shapes_seeding_and_determinism(name):
    a = sample_2d(name, 500, seed=7)
    assert a.shape == (500, 2) and np.isfinite(a).all()
    np.testing.assert_array_equal(a, sample_2d(name, 500, seed=7))
    assert not np.array_equal(a, sample_2d(name, 500, seed=8))


def test_eight_gaussians_has_eight_modes_at_angles_2pik_over_8():
    c = MODES["8gaussians"].centers
    assert c.shape == (8, 2)
    ang = np.sort(np.mod(np.arctan2(c[:, 1], c[:, 0]), 2 * np.pi))
    np.testing.assert_allclose(ang, 2 * np.pi * np.arange(8) / 8, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(c, axis=1), 2 / 1.414)
    assert MODES["8gaussians"].sigma == pytest.approx(0.02 / 1.414)
    x = sample_2d("8gaussians", 4000, seed=0)
    nearest = np.argmin(((x[:, None, :] - c[None]) ** 2).sum(-1), axis=1)
    assert len(np.unique(nearest)) == 8
    resid = x - c[nearest]
    assert resid.std() == pytest.approx(0.02 / 1.414, rel=0.1)


def test_twentyfive_gaussians_grid():
    c = MODES["25gaussians"].centers
    assert c.shape == (25, 2)
    np.testing.assert_allclose(np.unique(c[:, 0]), np.arange(-4, 5, 2) / 2.828)
    assert MODES["25gaussians"].sigma == pytest.approx(0.05 / 2.828)


def test_lines_and_swissroll_ranges():
    x = sample_2d("lines", 1000, seed=0)
    assert (x[:, 0] == 0).all() and x[:, 1].min() >= 0 and x[:, 1].max() <= 1
    s = sample_2d("swissroll", 5000, seed=0)
    r = np.linalg.norm(s, axis=1) * 7.5  # radius t ∈ [1.5π, 4.5π] before noise
    assert np.percentile(r, 1) > 1.5 * np.pi - 1.0 and np.percentile(r, 99) < 4.5 * np.pi + 1.0


def test_transform_rotates_about_centre_and_translates():
    x = np.array([[0.0, 0.0], [2.0, 0.0]])
    y = transform(x, offset=(1.0, 0.0), rotation_deg=90)
    np.testing.assert_allclose(y, [[2.0, -1.0], [2.0, 1.0]], atol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="unknown data set"):
        sample_2d("cats", 10)
    with pytest.raises(ValueError, match="positive integer"):
        sample_2d("blob", 0)
    with pytest.raises(ValueError, match="cap"):
        sample_2d("blob", 10**7)
    with pytest.raises(ValueError, match="bins"):
        binned_divergences(np.zeros((3, 2)), np.zeros((3, 2)), 0, ((0, 1), (0, 1)))


def test_binned_js_of_two_lines():
    p = sample_2d("lines", 2000, seed=0)
    far = transform(p, offset=(0.5, 0))
    res = binned_divergences(p, far, 40, ((-1, 1), (-0.5, 1.5)))
    assert res["js"] == pytest.approx(np.log(2)) and res["tv"] == pytest.approx(1.0)
    # Tiny offset: both lines fall into the same column of bins, so the binned JS is small.
    near = transform(p, offset=(0.001, 0))
    assert binned_divergences(p, near, 40, ((-1, 1), (-0.5, 1.5)))["js"] < 0.05

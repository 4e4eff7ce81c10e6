"""Your own data on pages 1 and 2 in headless Chromium: upload CSVs as P and Q through the real
file input; page 1 bins the samples (JS = ln 2 at the end of the θ range, W1 within a cell of
scipy's), page 2 shows POT's exact W1 of the uploaded sets; no exception box; screenshots."""

import numpy as np
import pytest

from tests.browser.conftest import (assert_no_exception, metric_text, open_app, press_slider,
                                    screenshot, upload_own_data, wait_metric)
from tests.browser.reveal import commit_guess

pytestmark = pytest.mark.browser


@pytest.mark.slow
def test_page_1_with_uploaded_samples(server, page, tmp_path):
    from scipy.stats import wasserstein_distance

    from divergences import Dist1D
    from divergences.empirical import sample_axis

    page.set_viewport_size({"width": 1400, "height": 2600})
    open_app(page, server, "js_saturates")
    r = np.random.default_rng(3)
    ps, qs = r.normal(0, 1, 200).round(4), r.uniform(1, 3, 120).round(4)
    upload_own_data(page, tmp_path, "P", "x\n" + "\n".join(f"{v:.4f}" for v in ps))
    upload_own_data(page, tmp_path, "Q", "x\n" + "\n".join(f"{v:.4f}" for v in qs))
    assert_no_exception(page)
    ax = sample_axis(Dist1D.from_samples(ps), Dist1D.from_samples(qs))
    press_slider(page, "Offset θ of Q", "End", 1)
    wait_metric(page, "JS divergence", "0.6931 nats")
    w1 = float(metric_text(page, "W1 (Earth Mover)").split()[0])
    assert abs(w1 - wasserstein_distance(ps, qs + ax.theta_max)) < ax.step
    commit_guess(page, "js.slopes", "Both are 0: neither changes any more")  # What to notice: after
    said = page.locator("[data-testid='stAlert']").filter(has_text="What to notice").first
    assert "share no cell" in said.inner_text()
    assert_no_exception(page)
    page.set_viewport_size({"width": 1400, "height": 3400})
    page.wait_for_timeout(1200)
    screenshot(page, "page1_own_data")


@pytest.mark.slow
def test_page_2_with_uploaded_points(server, page, tmp_path):
    import ot

    page.set_viewport_size({"width": 1400, "height": 2600})
    open_app(page, server, "low_dim_supports")
    r = np.random.default_rng(4)
    p = r.normal(0, 0.4, (120, 2)).round(4)
    q = (r.normal(0, 0.3, (90, 2)) + [0.6, 0.3]).round(4)
    upload_own_data(page, tmp_path, "P", "x,y\n" + "\n".join(f"{a:.4f},{b:.4f}" for a, b in p))
    upload_own_data(page, tmp_path, "Q", "x,y\n" + "\n".join(f"{a:.4f},{b:.4f}" for a, b in q))
    assert_no_exception(page)
    y = q + [0.3, 0.0]  # the slider stays at θ = 0.3
    want = ot.emd2(ot.unif(len(p)), ot.unif(len(y)), ot.dist(p, y, metric="euclidean"))
    wait_metric(page, "W1, exact", f"{want:.4f} units")
    assert metric_text(page, "JS of the point sets, exact") == "0.6931 nats"
    assert_no_exception(page)
    page.set_viewport_size({"width": 1400, "height": 3600})
    page.wait_for_timeout(1200)
    screenshot(page, "page2_own_data")

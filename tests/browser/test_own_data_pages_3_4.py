"""Your own data on pages 3 and 4 in headless Chromium: upload a CSV as P and Q through the real
file input, the numbers follow (page 3: W1 of the binned piles; page 4: the exact W1 of the
uploaded sets), no exception box; screenshots to look at."""

import numpy as np
import pytest

from tests.browser.conftest import (assert_no_exception, metric_text, open_app, screenshot,
                                    upload_own_data)

pytestmark = pytest.mark.browser


def test_page_3_with_uploaded_samples(server, page, tmp_path):
    from scipy.stats import wasserstein_distance

    page.set_viewport_size({"width": 1400, "height": 2200})
    open_app(page, server, "earth_mover")
    # P at 0, 1, 2 and Q at 3, 4, 5 (twice each), binned on the slider's 12 bins from 0 to 5.
    upload_own_data(page, tmp_path, "P", "x\n0\n1\n2\n0\n1\n2\n")
    upload_own_data(page, tmp_path, "Q", "x\n3\n4\n5\n3\n4\n5\n")
    assert_no_exception(page)
    x = np.arange(12.0)
    edges = np.linspace(0, 5, 13)
    pc = np.histogram([0, 1, 2] * 2, edges)[0]
    qc = np.histogram([3, 4, 5] * 2, edges)[0]
    want = wasserstein_distance(x, x, pc, qc)
    assert metric_text(page, "W1 = cost of the optimal plan") == f"{want:.4f} units"
    screenshot(page, "earth_mover_own_data")


@pytest.mark.slow
def test_page_4_with_uploaded_points(server, page, tmp_path):
    from scipy.stats import wasserstein_distance

    page.set_viewport_size({"width": 1400, "height": 2600})
    open_app(page, server, "critic", "critic.steps=100")
    r = np.random.default_rng(0)
    ps, qs = r.normal(0, 0.5, 200).round(4), r.normal(2, 0.5, 150).round(4)
    upload_own_data(page, tmp_path, "P", "x\n" + "\n".join(f"{v:.4f}" for v in ps))
    upload_own_data(page, tmp_path, "Q", "x\n" + "\n".join(f"{v:.4f}" for v in qs))
    assert_no_exception(page)
    w1 = float(metric_text(page, "Exact W1 (units)"))
    assert w1 == pytest.approx(wasserstein_distance(ps, qs), abs=6e-4)
    screenshot(page, "critic_own_data")

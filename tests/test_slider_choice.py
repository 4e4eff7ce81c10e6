"""The load benchmark's and the warm-up's slider choice (deploy/protocol.choose_slider): never a
prediction's guess slider; page 3 is opened with a preset whose bins slider shows."""

from app.predict import _PREFIX
from benchmarks.load.classroom import QUERIES
from deploy.protocol import PREDICTION_KEY, SliderInfo, choose_slider
from divergences.earth import PRESETS_1D


def slider(wid, label, index, disabled=False):
    return SliderInfo(wid, label, "", 0.0, 1.0, 0.1, 0.5, disabled=disabled, main_index=index)


def test_the_prediction_key_is_the_one_app_predict_uses():
    assert PREDICTION_KEY == _PREFIX


def test_a_guess_slider_is_never_chosen():
    guess = slider("$$ID-abc-w.predict.em.cost", "Your guess (units)", 0)
    bins = slider("$$ID-def-em.bins", "Number of bins", 1)
    assert choose_slider([guess, bins]) is bins
    assert choose_slider([guess]) is None


def test_theta_first_then_the_first_enabled_one():
    a = slider("$$ID-1-x", "Width", 0)
    th = slider("$$ID-2-y", "Offset θ", 1)
    off = slider("$$ID-3-z", "Offset θ", 2, disabled=True)
    side = slider("$$ID-4-s", "Offset θ", -1)
    assert choose_slider([a, off, side, th]) is th
    assert choose_slider([off, side, a]) is a


def test_page_3_opens_on_a_preset_with_the_bins_slider():
    preset = dict(kv.split("=") for kv in QUERIES["earth_mover"].split("&"))["em.preset"]
    assert preset in PRESETS_1D and preset != "textbook"

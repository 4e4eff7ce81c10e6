"""Page 6's scenarios through AppTest: the recorded run is there at once (no Start, no job), the
claim's frequency is the measured one, broken recordings give a message and live training still
works, and r stays hidden until it rests on enough evaluations."""

from __future__ import annotations


import pytest

from divergences import recordings
from divergences.scenarios import MIN_EVALS_FOR_R, SCENARIOS
from tests.conftest import metric_values, plotly_specs, run_page

pytestmark = pytest.mark.slow


def _stop(at):
    if "live.job" in at.session_state:
        at.session_state["live.job"].stop("test over")


def _alerts(at) -> str:
    return "\n".join(e.value for kind in ("success", "warning", "info", "error")
                     for e in getattr(at, kind))


@pytest.mark.parametrize("key", list(SCENARIOS))
def test_a_scenario_plays_its_recording_at_once_with_the_measured_frequency(key):
    at = run_page("live_training.py", {"live.scenario": key}, timeout=180)
    try:
        assert not at.exception, [e.value for e in at.exception]
        assert "live.job" not in at.session_state  # nothing trains to show a recording
        if SCENARIOS[key].metric == "r":  # its recording answers "which loss tracks W1?": it
            assert not [f for f in plotly_specs(at) if f.get("frames")]  # waits for the guess
            assert "Measured over" not in _alerts(at)
            at.radio(key="w.predict.live.tracks").set_value("wgan").run()
            at.button(key="predict.live.tracks.commit").click().run()
            assert not at.exception, [e.value for e in at.exception]
        tally = recordings.tally(key)
        text = _alerts(at)
        assert f"Measured over {tally.n} seeds" in text
        assert f"in **{tally.left} of {tally.n}**" in text
        assert f"in **{tally.right} of {tally.n}**" in text
        reliable = tally.both >= 0.8 * tally.n
        assert ("does not reproduce reliably" in text) is (not reliable)
        # counted on seeds that played no part in choosing the settings; the screening's count
        # beside it
        assert "seeds that were not used to choose the settings" in text
        scr = recordings.tally(key, group="screening")
        assert f"On the {scr.n} seeds the settings were chosen on: both in {scr.both} of" in text
        sc = SCENARIOS[key]
        if sc.note:  # what else the runs show, with the measured medians filled in
            assert sc.note.split("{")[0][:40] in text and "{" not in text
        (fig,) = [f for f in plotly_specs(at) if f.get("frames")]
        titles = " ".join(a.get("text", "") for a in fig["layout"]["annotations"])
        if sc.metric == "modes":  # every mode count on the page is the 3σ rule's
            res = recordings.results()[key]["seeds"]
            row = next(r for r in res if r["seed"] == recordings.load(key).seeds[0])
            assert f"{row['left']['modes']:.0f}/8 modes covered (3σ)" in titles
            assert "% within 3σ" in titles and "mass near" in titles
            assert "with ≥ 2 %" not in titles  # the old nearest-centre count, called modes
        assert len(fig["frames"]) == sc.checkpoints  # the whole run, played in the browser
        steps = fig["layout"]["sliders"][0]["steps"]
        assert [s["label"] for s in steps][-1] == str(sc.iterations)
        buttons = [b["label"] for b in fig["layout"]["updatemenus"][0]["buttons"]]
        assert any("Play" in b for b in buttons) and any("Pause" in b for b in buttons)
        # the generated points shown first are the recording's last checkpoint
        rec = recordings.load(key)
        left = rec.panel(rec.seeds[0], "left")
        gen = [tr for tr in fig["data"] if tr.get("name") == "generated"][0]
        assert gen["x"][:5] == pytest.approx(left.fake[-1][:5, 0], abs=0.006)
        # another recorded seed
        at.radio(key="w.live.rec_seed").set_value(str(rec.seeds[1])).run()
        assert not at.exception
        (fig2,) = [f for f in plotly_specs(at) if f.get("frames")]
        other = rec.panel(rec.seeds[1], "left")
        gen2 = [tr for tr in fig2["data"] if tr.get("name") == "generated"][0]
        assert gen2["x"][:5] == pytest.approx(other.fake[-1][:5, 0], abs=0.006)
    finally:
        _stop(at)


def test_broken_recordings_give_a_message_and_live_training_still_works(tmp_path, monkeypatch):
    monkeypatch.setattr(recordings, "DIR", tmp_path)  # an empty folder: no manifest
    at = run_page("live_training.py", {"live.scenario": "vanishing-gradient"}, timeout=180)
    try:
        assert not at.exception, [e.value for e in at.exception]
        text = _alerts(at)
        assert "manifest.json is missing" in text and "Live training still works" in text
        at.radio(key="w.live.view").set_value("live").run()
        assert not at.exception, [e.value for e in at.exception]
        job = at.session_state["live.job"]
        left, right = SCENARIOS["vanishing-gradient"].configs(recordings.CONFIRMATION_SEEDS[0])
        assert job.trainers["left"].config == left and job.trainers["right"].config == right
        at.button(key="live.step").click().run()
        assert job.join(120)  # the step's iterations, final evaluation and view are in
        at.run()
        assert job.trainers["left"].iteration == 10 and not at.exception
        # one evaluation after the start: r is not shown yet, and the help says why
        r = [m for m in at.metric if m.label == "Loss ↔ W1 (r)"]
        import re

        assert r and all(re.fullmatch(rf"— \((\d)/{MIN_EVALS_FOR_R}\)", m.value)
                         for m in r), [m.value for m in r]
        assert all(int(m.value[3]) < MIN_EVALS_FOR_R for m in r)  # how many it rests on so far
        assert f"shown from {MIN_EVALS_FOR_R} on" in r[0].proto.help
    finally:
        _stop(at)


def test_a_corrupt_recording_is_refused_with_its_reason(tmp_path, monkeypatch):
    import shutil

    for p in recordings.DIR.iterdir():
        shutil.copy(p, tmp_path / p.name)
    f = tmp_path / "mode-collapse.npz"
    data = bytearray(f.read_bytes())
    data[100] ^= 0xFF
    f.write_bytes(bytes(data))
    monkeypatch.setattr(recordings, "DIR", tmp_path)
    at = run_page("live_training.py", {"live.scenario": "mode-collapse"}, timeout=180)
    try:
        assert not at.exception
        text = _alerts(at)
        assert "is corrupt" in text and "Measured over" in text  # results.json is intact
        assert not [f for f in plotly_specs(at) if f.get("frames")]
    finally:
        _stop(at)


def test_own_settings_is_todays_page():
    at = run_page("live_training.py", {"live.scenario": "own-settings", "live.width": "16",
                                       "live.depth": "2", "live.batch": "32"}, timeout=180)
    try:
        assert not at.exception
        assert at.selectbox(key="w.live.dataset").value == "8gaussians"
        assert "Measured over" not in _alerts(at)
        assert set(metric_values(at)) >= {"Exact W1", "Modes covered (3σ)", "Loss ↔ W1 (r)"}
    finally:
        _stop(at)


def test_train_it_yourself_shows_and_uses_the_scenarios_settings():
    """"Train it yourself" on mode collapse trains the scenario's own configs (16-dimensional
    noise for both panels) and the caption says so."""
    sc = SCENARIOS["mode-collapse"]
    at = run_page("live_training.py", {"live.scenario": sc.key, "live.view": "live",
                                       "live.seed": "3"}, timeout=180)
    try:
        assert not at.exception
        job = at.session_state["live.job"]
        assert {s: tr.config for s, tr in job.trainers.items()} == dict(
            zip(("left", "right"), sc.configs(3)))
        caption = next(c.value for c in at.caption if "scenario's settings" in c.value)
        assert caption.count("16-dimensional noise") == 2
    finally:
        _stop(at)


def test_bad_link_values_of_the_recorded_view_give_the_same_notices_as_other_pages():
    """The recorded view ends the page early: it did with ``st.stop()``, which skipped the app's
    notices (bad link values were replaced silently), the share link and the class's page."""
    from app import classroom

    at = run_page("live_training.py", {"live.scenario": "nope", "live.rec_seed": "99",
                                       "live.view": "zzz"}, timeout=180)
    try:
        assert not at.exception, [e.value for e in at.exception]
        shown = "\n".join(w.value for w in at.warning)
        for key, raw in (("live.scenario", "nope"), ("live.rec_seed", "99"), ("live.view", "zzz")):
            assert f"“{key}”: “{raw}” is not one of the choices" in shown, shown
        assert at.session_state[classroom.PAGE_KEY] == "live_training"  # the class sees page 6
        assert "live.job" not in at.session_state  # still nothing trains for the recording
    finally:
        _stop(at)
    # the seed of "Train it yourself", not drawn in the recorded view: checked, and kept
    at = run_page("live_training.py", {"live.seed": "-5"}, timeout=180)
    try:
        assert "“live.seed” is outside [0, 9999]; using 0" in "\n".join(w.value for w in at.warning)
    finally:
        _stop(at)
    at = run_page("live_training.py", {"live.seed": "7"}, timeout=180)
    try:
        assert not at.warning and at.query_params["live.seed"] == "7"
        at.radio(key="w.live.view").set_value("live").run()
        assert at.session_state["live.job"].trainers["left"].config.seed == 7
    finally:
        _stop(at)

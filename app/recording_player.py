"""Page 6's recorded run, played in step on a class's screens.

The recording is ONE plotly figure with animation frames
(:func:`app.figures_training.recording_figure`): Play, Pause and the timeline run in the browser,
and nothing is sent per frame. In a class the students' screens follow the teacher's: so the
server must learn the teacher's playback, and only the events (Play, Pause, a move of the
timeline, the end of the run), never the frames.

:func:`recording_player` draws, beside the chart (in the same container), an invisible
``st.components.v2`` component that finds the chart's plotly element in the page and

* for the **teacher** (``role="lead"``): listens to plotly's events (``plotly_buttonclicked``,
  ``plotly_sliderchange`` from the user, ``plotly_animated``) and reports each change of
  (playing, frame) as the component's state; the fragment around it puts that in the URL as two
  parameters, ``live.play`` (``1``/``0``) and ``live.it`` (the iteration shown; while playing,
  ``live.since`` too: when the Play reached the server), which the class
  publishes like any control (:func:`app.classroom.following.publish`, called by app.state's URL
  listener during a fragment's rerun);
* for a **following student** (``role="follow"``): receives those parameters from the teacher
  (the class's apply reruns the student's page with them) and plays from that frame, or stands
  still on it: ``Plotly.animate`` with the same frames and frame duration the figure's own Play
  uses;
* for anyone else (``role="alone"``): shows the link's iteration once, and sends nothing.

A student's playback starts when the class's poll brings the teacher's event (the poll every
0.5 s, then the student's rerun), from the frame the teacher's has reached by then by the clock
(``live.since``): each browser then plays at its own pace (a loaded one draws fewer frames a
second). Pause, the end and a move of the timeline carry the teacher's exact frame, so both
screens stand still on the same one.
"""

from __future__ import annotations

import time

import streamlit as st

from app import classroom
from app import state

PLAY_KEY = "live.play"
IT_KEY = "live.it"
SINCE_KEY = "live.since"
"""While the teacher plays: the server's clock (seconds since the epoch) when the teacher's Play
reached it. A student's page starts that much further on (one frame per frame duration), so that
the poll's and the reruns' delay does not leave the student's playback behind the teacher's."""
PLAYER_KEY = "live_rec_player"
SIG_KEY = "_live.rec_sig"
SEEN_KEY = "_live.rec_report"
BOX_KEY = "dl_rec_box"
"""``st.container(key=BOX_KEY)`` holds the recorded chart and the player (which finds the chart in
it)."""

JS = r"""
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  if (!data) return;
  const me = parentElement.__dlPlayer ||
    (parentElement.__dlPlayer = {n: 0, last: null, applied: '', wait: null});
  me.data = data;
  const names = data.its.map((_, k) => String(k));
  const sel = '.st-key-' + data.box + ' .js-plotly-plot';
  const ready = gd => {
    const fr = gd && gd._transitionData && gd._transitionData._frames;
    const sl = gd && gd._fullLayout && gd._fullLayout.sliders && gd._fullLayout.sliders[0];
    return window.Plotly && fr && fr.length === names.length && sl
      && sl.steps.length === names.length
      && sl.steps.every((s, k) => String(s.label) === String(data.its[k]));
  };
  const active = gd => gd._fullLayout.sliders[0].active;
  const report = (gd, play, frame) => {
    if (me.data.role !== 'lead') return;
    if (me.last && me.last.play === play && me.last.frame === frame) return;
    me.last = {play, frame};
    setStateValue('playback', {play, frame, sig: me.data.sig, n: ++me.n});
  };
  const hook = gd => {  // on the plot's event emitter (a new plot of the chart has a new one)
    if (!gd._ev || gd._ev.__dlPlayer === me) return;
    gd._ev.__dlPlayer = me;
    let debounce = null;
    gd.on('plotly_buttonclicked', e => {
      const a = (e && e.button && e.button.args) || [];
      if (Array.isArray(a[0]) && a[0][0] === null) {  // Pause
        setTimeout(() => report(gd, false, active(gd)), 30);
      } else if (a[0] === null) {  // Play (from the start) or Resume (from the frame shown)
        report(gd, true, a[1] && a[1].fromcurrent ? active(gd) : 0);
      }
    });
    gd.on('plotly_sliderchange', e => {
      if (!e || !e.interaction) return;  // moved by the user, not by the animation
      clearTimeout(debounce);
      debounce = setTimeout(() => report(gd, false, active(gd)), 200);
    });
    gd.on('plotly_animated', () => setTimeout(() => {
      const q = gd._transitionData && gd._transitionData._frameQueue;
      if (!q || !q.length)
        report(gd, false, active(gd));
    }, 30));
  };
  const go = (gd, play, frame) => {
    const opts = {mode: 'immediate', transition: {duration: 0},
                  frame: {duration: play ? data.ms : 0, redraw: true}};
    window.Plotly.animate(gd, play ? names.slice(frame) : [names[frame]], opts);
  };
  const apply = gd => {
    hook(gd);
    const key = data.sig + ':' + data.play + ':' + data.frame;
    if (data.role === 'follow') {
      if (me.applied === key) return;
      me.applied = key;
      go(gd, data.play, data.frame);
    } else if (me.applied.split(':')[0] !== data.sig) {  // once per recording: the link's frame
      me.applied = key;
      me.last = {play: false, frame: data.frame};
      const end = names.length - 1;  // where the chart opens (not where the user went already)
      if (data.frame !== end && active(gd) === end) go(gd, false, data.frame);
      if (data.play) {  // a reloaded teacher's page stands still: so does the class
        me.last = null;
        report(gd, false, data.frame);
      }
    }
  };
  clearInterval(me.wait);
  const t0 = Date.now();
  const tick = () => {
    const gd = document.querySelector(sel);
    if (ready(gd)) { clearInterval(me.wait); apply(gd); }
    else if (Date.now() - t0 > 30000) clearInterval(me.wait);
  };
  me.wait = setInterval(tick, 100);
  tick();
  if (data.role === 'lead' && !me.guard) {  // a chart drawn anew: listen to its new plot too
    me.guard = setInterval(() => {
      if (!parentElement.isConnected) { clearInterval(me.guard); me.guard = null; return; }
      const gd = document.querySelector('.st-key-' + me.data.box + ' .js-plotly-plot');
      const drawn = gd && gd._ev && gd._fullLayout && gd._fullLayout.sliders;
      if (me.data.role === 'lead' && drawn) hook(gd);
    }, 1000);
  }
}
"""


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component("dl_recording_player", js=JS, isolate_styles=False)


def player_role() -> str:
    """``"lead"`` (a class's teacher), ``"follow"`` (a student following the teacher) or
    ``"alone"``."""
    c = classroom.current()
    if c is None:
        return "alone"
    if c["role"] == "teacher":
        return "lead"
    return "follow" if classroom.following() else "alone"


def _set_url(key: str, value: str) -> None:
    """Put ``value`` in the URL as ``key``; a change is heard by app.state's URL listeners (a
    teacher's fragment rerun publishes it to the class at once)."""
    try:
        before = st.query_params.get(key)
        st.query_params[key] = value
    except Exception:  # the URL is a convenience; never let it break a page
        return
    if before != value:
        state.url_changed(key, before, value)


def url_playback(its: list[int]) -> tuple[bool, int]:
    """(playing, frame) from the URL: ``live.play`` (``1`` plays) and ``live.it`` (the iteration
    shown: the frame of the nearest recorded iteration; missing or not a number: the last)."""
    play = st.query_params.get(PLAY_KEY) == "1"
    try:
        it = float(st.query_params.get(IT_KEY))
        if it != it:
            raise ValueError
    except (TypeError, ValueError):
        return play, len(its) - 1
    return play, min(range(len(its)), key=lambda k: (abs(its[k] - it), -k))


def _since() -> float:
    """``live.since`` (now when it is missing, not a number, or in the future)."""
    now = time.time()
    try:
        since = float(st.query_params.get(SINCE_KEY))
    except (TypeError, ValueError):
        return now
    return since if since == since and 0 < since <= now else now


def _reported() -> dict | None:
    try:
        value = st.session_state[PLAYER_KEY] if PLAYER_KEY in st.session_state else None
        rep = value.get("playback") if value is not None else None
    except Exception:  # noqa: BLE001 - no state yet
        return None
    return rep if isinstance(rep, dict) else None


@st.fragment
def _player(its: list[int], sig: str, frame_ms: int) -> None:
    state.register_param(PLAY_KEY)
    state.register_param(IT_KEY)
    state.register_param(SINCE_KEY)
    role = player_role()
    if role != "follow":
        if st.session_state.get(SIG_KEY) not in (None, sig):  # another recording: from its end
            _set_url(PLAY_KEY, "0")
            _set_url(IT_KEY, str(its[-1]))
        rep = _reported()
        if (role == "lead" and rep is not None and rep.get("n") != st.session_state.get(SEEN_KEY)
                and rep.get("sig") == sig):
            st.session_state[SEEN_KEY] = rep.get("n")
            try:
                frame = min(max(int(rep.get("frame")), 0), len(its) - 1)
            except (TypeError, ValueError):
                frame = len(its) - 1
            _set_url(PLAY_KEY, "1" if rep.get("play") else "0")
            _set_url(IT_KEY, str(its[frame]))
            _set_url(SINCE_KEY, f"{time.time():.2f}" if rep.get("play") else "0")
    st.session_state[SIG_KEY] = sig
    play, frame = url_playback(its)
    _set_url(PLAY_KEY, "1" if play else "0")  # the URL always says what is shown
    _set_url(IT_KEY, str(its[frame]))
    if not play:
        _set_url(SINCE_KEY, "0")
    if play and role == "follow":  # the teacher's playback went on since: start where it is now
        frame = frame + int(max(0.0, time.time() - _since()) * 1000 / frame_ms)
        if frame >= len(its) - 1:  # the teacher's has ended by now
            play, frame = False, len(its) - 1
    _component()(key=PLAYER_KEY, data=dict(role=role, play=play, frame=frame, its=its, sig=sig,
                                            box=BOX_KEY, ms=int(frame_ms)),
                 on_playback_change=lambda: None, height="content")


def recording_player(its, sig: str, frame_ms: int) -> None:
    """The player of the recorded chart drawn just before, in the same ``st.container(key=BOX_KEY)``
    (``its``: the recording's iterations, one a frame; ``sig``: which recording, e.g. scenario and
    seed; ``frame_ms``: the figure's frame duration while playing)."""
    from app.ui import GONE_PREFIX

    with st.container(key=GONE_PREFIX + "rec_player"):  # never shown: it only plays the chart
        _player([int(i) for i in its], str(sig), int(frame_ms))

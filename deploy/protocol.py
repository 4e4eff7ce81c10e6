"""A protocol-level Streamlit client: one "student" as one websocket, no browser.

It speaks Streamlit's own protocol, the messages a browser tab exchanges with the server:
``BackMsg`` protobufs sent over ``ws://host/_stcore/stream`` (subprotocol ``streamlit``) and
``ForwardMsg`` protobufs coming back (``new_session``, ``session_status_changed``, ``delta``s with
the page's elements, ``page_info_changed`` with the URL, ``script_finished``). Moving a slider is
what the browser does: a ``rerun_script`` BackMsg whose ``ClientState`` carries the slider's new
value (``double_array_value``), the URL's query string, the page's script hash and, when the slider
sits in an ``st.fragment``, the fragment's id, so that only the fragment reruns.

What it does not do: draw. The browser's work after the last message (parsing plotly JSON, layout,
paint) is not in its latencies; benchmarks/load/browser.py measures that in real Chromium, and the
load benchmark runs a few browsers beside the protocol clients to compare the two.

It lives in deploy/ because both the cache warm-up (deploy/warm_caches.py) and the load benchmark
(benchmarks/load/) drive the app with it, and deploy/ must not import benchmarks/ (.importlinter).

Every wait has a timeout; the client only connects where it is told (the benchmark passes
127.0.0.1).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


@dataclass
class SliderInfo:
    widget_id: str
    label: str
    fragment_id: str
    lo: float
    hi: float
    step: float
    value: float
    n_options: int = 0
    """For ``st.select_slider`` the value is an option index in [0, n_options − 1]."""
    disabled: bool = False
    main_index: int = -1
    """Position among the sliders of the page's main area (-1: in the sidebar)."""
    options: list[str] = field(default_factory=list)
    """A select_slider's options as the browser shows them (its value travels as that text)."""


@dataclass
class RunResult:
    """What one script run sent back."""

    latency_s: float
    status: int | None = None
    exceptions: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    charts: int = 0
    sliders: list[SliderInfo] = field(default_factory=list)
    buttons: list[tuple[str, str, bool]] = field(default_factory=list)
    """(widget id, label, disabled) of every button drawn."""
    radios: list[tuple[str, str, list[str], str]] = field(default_factory=list)
    """(widget id, label, options as shown, fragment id) of every ``st.radio`` drawn."""
    alerts: list[str] = field(default_factory=list)
    bytes_in: int = 0
    """Bytes of the ForwardMsgs the server sent for this run (what crossed the websocket)."""
    """The text of every st.success / info / warning / error drawn."""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.exceptions and self.status in FINISHED_OK


PREDICTION_KEY = "predict."
"""Part of the widget id of a predict-then-reveal guess (app/predict.py's widget keys): that
slider is a question, not the experiment; moving it redraws nothing, so it is never chosen."""


def choose_slider(sliders: list[SliderInfo]) -> SliderInfo | None:
    """The first enabled main-area slider whose label names θ, else the first enabled one; never
    a prediction's "Your guess" slider."""
    usable = [s for s in sliders if not s.disabled and s.main_index >= 0
              and PREDICTION_KEY not in s.widget_id]
    return next((s for s in usable if "θ" in s.label), usable[0] if usable else None)


class ProtocolSession:
    """One session of the app over Streamlit's websocket protocol."""

    def __init__(self, base: str, url_path: str = "", query: str = "", timeout: float = 60.0,
                 headers: dict[str, str] | None = None):
        parts = urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"the load client only talks to this machine; got {base!r}")
        self.base = base.rstrip("/")
        self.url_path = url_path
        self.cached: set[str] = set()
        """Hashes of the big messages received so far: like a browser, the session reports them
        with every rerun, and the server then sends an unchanged element as a short reference."""
        self.query = query
        self.timeout = timeout
        self.headers = dict(headers or {})
        """Extra handshake headers, e.g. ``Origin`` and ``Cookie`` as a browser behind a proxy
        sends them."""
        self.ws = None
        self.page_hash = ""
        self.sliders: list[SliderInfo] = []
        self.buttons: list[tuple[str, str, bool]] = []
        self.radios: list[tuple[str, str, list[str], str]] = []
        self.metrics: dict[str, str] = {}
        self.auto_reruns: dict[str, float] = {}
        """Fragments the page asked to rerun on a timer (``st.fragment(run_every=...)``): id →
        interval in seconds. A browser reruns them on that timer; :meth:`auto_rerun` does it."""

    async def open(self) -> RunResult:
        """Connect and run the page as a fresh tab would (``/<url_path>?<query>``)."""
        url = self.base.replace("http://", "ws://", 1) + "/_stcore/stream"
        t0 = time.perf_counter()
        self.ws = await asyncio.wait_for(
            websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                               open_timeout=self.timeout, ping_interval=None,
                               additional_headers=self.headers or None),
            self.timeout)
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = ""
        cs.page_name = self.url_path
        res = await self._send_and_collect(msg, t0)
        self.sliders = res.sliders
        self.buttons = res.buttons
        self.radios = res.radios
        return res

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 5)
            except (asyncio.TimeoutError, OSError, websockets.ConnectionClosed):
                pass
            self.ws = None

    def first_slider(self) -> SliderInfo | None:
        """The slider a student moves first: the first enabled slider of the main area whose
        label names θ (the offset every analytic page is about), else the first enabled one."""
        return choose_slider(self.sliders)

    def next_value(self, s: SliderInfo, rng: random.Random) -> float:
        """One keyboard step of ``s`` in a random direction, bouncing at the ends."""
        lo, hi, step = (0.0, float(s.n_options - 1), 1.0) if s.n_options else (s.lo, s.hi, s.step)
        direction = rng.choice((-1, 1))
        v = s.value + direction * step
        if v < lo - 1e-12 or v > hi + 1e-12:
            v = s.value - direction * step
        return round(min(max(v, lo), hi), 10)

    async def set_slider(self, s: SliderInfo, value: float) -> RunResult:
        """Send the slider's new value as the browser does on release; wait for the run's end."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        if s.fragment_id:
            cs.fragment_id = s.fragment_id
        ws = cs.widget_states.widgets.add()
        ws.id = s.widget_id
        if s.options:  # st.select_slider: the chosen option's text (Streamlit ≥ 1.5x)
            ws.string_array_value.data.append(s.options[int(value)])
        else:
            ws.double_array_value.data.append(value)
        t0 = time.perf_counter()
        res = await self._send_and_collect(msg, t0)
        if res.ok:
            s.value = value
        return res

    async def set_radio(self, label: str, option: str) -> RunResult:
        """Pick ``option`` (its text as shown) in the first ``st.radio`` whose label starts with
        ``label``, as the browser sends it (the option's text; the fragment's id when the radio
        sits in a fragment)."""
        found = next((r for r in self.radios if r[1].startswith(label)), None)
        if found is None or option not in found[2]:
            return RunResult(latency_s=float("nan"), error=f"no radio {label!r} with {option!r}")
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        if found[3]:
            cs.fragment_id = found[3]
        ws = cs.widget_states.widgets.add()
        ws.id = found[0]
        ws.string_value = option
        return await self._send_and_collect(msg, time.perf_counter())

    async def click(self, label: str) -> RunResult:
        """Press the first enabled button whose label starts with ``label`` (a full rerun, as the
        browser sends it: the button's trigger value set for this one run)."""
        found = next((b for b in self.buttons if b[1].startswith(label) and not b[2]), None)
        if found is None:
            return RunResult(latency_s=float("nan"), error=f"no enabled button {label!r}")
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        ws = cs.widget_states.widgets.add()
        ws.id = found[0]
        ws.trigger_value = True
        res = await self._send_and_collect(msg, time.perf_counter())
        if res.ok:
            self.sliders, self.buttons = res.sliders, res.buttons
        return res

    async def auto_rerun(self) -> RunResult | None:
        """Rerun the page's timed fragment once, as the browser's timer does (None if the page
        has none at the moment)."""
        if not self.auto_reruns:
            return None
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        cs.fragment_id = next(iter(self.auto_reruns))
        cs.is_auto_rerun = True
        return await self._send_and_collect(msg, time.perf_counter())

    async def _send_and_collect(self, msg: BackMsg, t0: float) -> RunResult:
        res = RunResult(latency_s=float("nan"))
        if msg.WhichOneof("type") == "rerun_script":
            msg.rerun_script.cached_message_hashes.extend(sorted(self.cached))
        if not msg.rerun_script.fragment_id:
            self.auto_reruns.clear()  # a full run registers its timed fragments again
        try:
            await self.ws.send(msg.SerializeToString())
            deadline = t0 + self.timeout
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    res.error = "timeout"
                    break
                data = await asyncio.wait_for(self.ws.recv(), left)
                if isinstance(data, str):
                    continue
                res.bytes_in += len(data)
                fm = ForwardMsg()
                fm.ParseFromString(data)
                if fm.metadata.cacheable and fm.hash:
                    self.cached.add(fm.hash)
                if self._absorb(fm, res):
                    break
        except asyncio.TimeoutError:
            res.error = "timeout"
        except websockets.ConnectionClosed as exc:
            res.error = f"connection closed ({exc.code if hasattr(exc, 'code') else exc})"
        except OSError as exc:
            res.error = f"socket error: {exc}"
        res.latency_s = time.perf_counter() - t0
        self.metrics.update(res.metrics)
        return res

    def _absorb(self, fm: ForwardMsg, res: RunResult) -> bool:
        """Read one ForwardMsg into ``res``; True when the script run is over."""
        kind = fm.WhichOneof("type")
        if kind == "new_session" and not self.page_hash:
            self.page_hash = fm.new_session.page_script_hash
        elif kind == "navigation":
            self.page_hash = fm.navigation.page_script_hash  # the page st.navigation chose
        elif kind == "page_info_changed":
            self.query = fm.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_reruns[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fid in fm.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            ek = el.WhichOneof("type")
            if ek == "exception":
                res.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:300])
            elif ek == "metric":
                res.metrics[el.metric.label] = el.metric.body
            elif ek in ("plotly_chart", "bidi_component"):  # page 6's in-place charts too
                res.charts += 1
            elif ek == "alert":
                res.alerts.append(el.alert.body)
            elif ek == "button":
                res.buttons.append((el.button.id, el.button.label, el.button.disabled))
            elif ek == "radio":
                res.radios.append((el.radio.id, el.radio.label, list(el.radio.options),
                                   fm.delta.fragment_id))
            elif ek == "slider":
                sl = el.slider
                n_opt = len(sl.options)
                if n_opt and sl.raw_value and sl.raw_value[0] in sl.options:  # select_slider
                    value = float(list(sl.options).index(sl.raw_value[0]))
                elif sl.value:
                    value = float(sl.value[0])
                else:
                    value = float(sl.default[0]) if sl.default else 0.0
                in_main = bool(fm.metadata.delta_path) and fm.metadata.delta_path[0] == 0
                index = sum(1 for o in res.sliders if o.main_index >= 0) if in_main else -1
                res.sliders.append(SliderInfo(sl.id, sl.label, fm.delta.fragment_id, sl.min, sl.max,
                                              sl.step or 1.0, value, n_opt, sl.disabled, index,
                                              list(sl.options)))
        elif kind == "script_finished":
            res.status = fm.script_finished
            return fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        return False

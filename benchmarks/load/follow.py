"""Students who follow a class's teacher the way a browser tab does, for bench_classes.

:class:`FollowStudent` is a protocol client (deploy/protocol.py) that behaves like Streamlit
1.67's frontend where following depends on it:

* its websocket is read all the time, not only while it waits for a run;
* the sidebar's poll (``st.fragment(run_every=POLL_S)``) is sent by a timer every ``POLL_S``
  seconds whether or not a run is still arriving, as the browser's ``setInterval`` sends it;
* each request lists the hashes that the browser's message cache holds at that moment, and the
  cache is kept exactly as the frontend's ``ForwardMessageCache`` keeps it (static/js, 1.67): a
  big element (``metadata.cacheable``) is stored with the run count of its last use and the
  fragment that drew it; at the end of every run but one cut short for a rerun the run count
  grows by one and entries older than ``max_cached_message_age`` runs are dropped (only those of
  the fragments that ran, for a fragment run); a reference (``ref_hash``) to a hash that is not
  there is a "Cached ForwardMsg MISS": the browser's connection goes to a fatal error, the page
  greys out and nothing is followed any more until a reload. Such a student stops here too
  (``stuck``).

Chromium students (:func:`chromium_students`) are real tabs on the join link; they are stuck
when their θ slider does not show the teacher's last θ, or the page shows a connection error.
"""

from __future__ import annotations

import asyncio
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.protocol import ProtocolSession

THETA = "Offset θ of Q"


class _NoSet(set):
    """ProtocolSession's own record of hashes, unused here: the model below replaces it."""

    def add(self, _):
        pass


class FollowStudent(ProtocolSession):
    def __init__(self, i: int, base: str, code: str, poll_s: float, timeout: float = 60.0):
        super().__init__(base, "", f"class={code}", timeout=timeout)
        self.i = i
        self.poll_s = poll_s
        self.cache: dict[str, list] = {}
        """hash → [run count at last use, fragment id or ""] (the browser's cache)."""
        self.runs = 0
        self.max_age = 2
        self.theta: float | None = None
        self.seen: list[tuple[float, float]] = []
        """(perf_counter, θ) each time the student's θ slider showed a new value."""
        self.stuck = ""
        self.full_runs = 0
        """Runs of the whole app that reached their end (a fragment's run names its fragments)."""
        self.bytes_in = 0
        self.polls = 0
        self.session_id = ""
        self._tasks: list[asyncio.Task] = []

    @property
    def cached(self):  # what ProtocolSession reports with a request: the model's hashes
        return _NoSet(self.cache)

    @cached.setter
    def cached(self, _):
        pass

    # ---- the browser's message cache ------------------------------------------------------------
    def _model(self, fm: ForwardMsg) -> None:
        kind = fm.WhichOneof("type")
        if kind == "script_finished" and fm.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY \
                and not fm.metadata.run.fragment_ids:
            self.full_runs += 1
        if kind == "new_session":
            if fm.new_session.config.max_cached_message_age:
                self.max_age = fm.new_session.config.max_cached_message_age
            self.session_id = fm.new_session.initialize.session_id or self.session_id
        if kind == "ref_hash":
            entry = self.cache.get(fm.ref_hash)
            if entry is None:
                self.stuck = self.stuck or f"Cached ForwardMsg MISS [hash={fm.ref_hash}]"
                return
            entry[0] = self.runs
        elif fm.metadata.cacheable and fm.hash:
            entry = self.cache.get(fm.hash)
            if entry is None:
                frag = fm.delta.fragment_id if kind == "delta" else ""
                self.cache[fm.hash] = [self.runs, frag]
            else:
                entry[0] = self.runs
        elif kind == "script_finished" and fm.metadata.run.script_run_id and \
                fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            frags = set(fm.metadata.run.fragment_ids)
            self.runs += 1
            for h, (used, frag) in list(self.cache.items()):
                if frags and (not frag or frag not in frags):
                    continue
                if self.runs - used > self.max_age:
                    del self.cache[h]

    def _absorb(self, fm, res):
        self._model(fm)
        if fm.WhichOneof("type") == "ref_hash" and self.stuck:
            res.error = self.stuck
            return True
        return super()._absorb(fm, res)

    # ---- following -----------------------------------------------------------------------------
    async def start(self) -> None:
        """Join (the first run), then read and poll in the background until :meth:`stop`."""
        res = await self.open()
        if not res.ok:
            self.stuck = self.stuck or f"open: {res.error or res.exceptions}"[:200]
            return
        self.theta = self._theta_of(res.sliders)
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._timer())]

    @staticmethod
    def _theta_of(sliders) -> float | None:
        s = next((s for s in sliders if s.label.startswith(THETA)), None)
        return None if s is None else round(s.value, 6)

    async def _read(self) -> None:
        try:
            while not self.stuck:
                data = await self.ws.recv()
                if isinstance(data, str):
                    continue
                self.bytes_in += len(data)
                fm = ForwardMsg()
                fm.ParseFromString(data)
                self._model(fm)
                if self.stuck:
                    break
                kind = fm.WhichOneof("type")
                if kind == "page_info_changed":
                    self.query = fm.page_info_changed.query_string
                elif kind == "navigation":
                    self.page_hash = fm.navigation.page_script_hash
                elif kind == "auto_rerun":
                    self.auto_reruns.pop(fm.auto_rerun.fragment_id, None)
                    self.auto_reruns[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
                elif kind == "stop_auto_rerun":
                    for fid in fm.stop_auto_rerun.fragment_ids:
                        self.auto_reruns.pop(fid, None)
                elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element" and \
                        fm.delta.new_element.WhichOneof("type") == "slider":
                    sl = fm.delta.new_element.slider
                    if sl.label.startswith(THETA):
                        v = round(float(sl.value[0] if sl.value else sl.default[0]), 6)
                        if v != self.theta:
                            self.theta = v
                            self.seen.append((time.perf_counter(), v))
        except Exception as exc:  # a closed socket: the student is gone
            if not self.stuck and self._tasks:
                self.stuck = f"connection: {type(exc).__name__}"

    async def _timer(self) -> None:
        while not self.stuck:
            await asyncio.sleep(self.poll_s)
            if self.stuck or not self.auto_reruns:
                continue
            msg = BackMsg()
            cs = msg.rerun_script
            cs.query_string = self.query
            cs.page_script_hash = self.page_hash
            cs.fragment_id = list(self.auto_reruns)[-1]  # the one registered last
            cs.is_auto_rerun = True
            cs.cached_message_hashes.extend(sorted(self.cache))
            try:
                await self.ws.send(msg.SerializeToString())
                self.polls += 1
            except Exception:
                return

    async def reconnect(self) -> None:
        """Drop the websocket and connect again as the browser does after a network blip: the
        session's id in the handshake (the server gives the tab its session back), the cache
        kept, then a rerun of the page (the frontend reruns once reconnected) and the poll
        timer going on."""
        import websockets

        tasks, self._tasks = self._tasks, []
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.ws.close()
        url = self.base.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.ws = await asyncio.wait_for(
            websockets.connect(url, subprotocols=["streamlit", "none", self.session_id],
                               max_size=None, ping_interval=None), self.timeout)
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        self.auto_reruns.clear()
        res = await self._send_and_collect(msg, time.perf_counter())
        if not res.ok:
            self.stuck = self.stuck or f"reconnect: {res.error or res.exceptions}"[:200]
            return
        th = self._theta_of(res.sliders)
        if th is not None and th != self.theta:
            self.theta = th
            self.seen.append((time.perf_counter(), th))
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._timer())]

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.close()


# ---- real browsers ---------------------------------------------------------------------------------
async def chromium_students(pw, base: str, code: str, n: int):
    """``n`` Chromium tabs (one context each) on the join link, waited until page 1's θ slider
    is drawn. Returns (browser, [(context, page)])."""
    from benchmarks.load.browser import launch

    browser = await launch(pw)
    tabs = []
    for _ in range(n):
        ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await ctx.new_page()
        await page.goto(f"{base}/?class={code}", timeout=90_000)
        tabs.append((ctx, page))
    for _, page in tabs:
        await page.wait_for_function("() => {" + _THETA_JS + " return theta() !== null; }",
                                     timeout=240_000)
    return browser, tabs


_THETA_JS = """
const theta = () => {
  for (const s of document.querySelectorAll("[data-testid='stMain'] [data-testid='stSlider']")) {
    if (!s.innerText.includes(%r)) continue;
    const r = s.querySelector("input[type='range']");
    if (r) return Math.round(+r.value * 1e6) / 1e6;
    const h = s.querySelector("[role='slider']");
    if (h) return Math.round(+h.getAttribute('aria-valuenow') * 1e6) / 1e6;
  }
  return null;
};
""" % THETA


async def chromium_theta(page) -> tuple[float | None, str]:
    """The θ a tab shows now, and the connection error it shows, if any."""
    return await page.evaluate("() => {" + _THETA_JS + """
      const err = [...document.querySelectorAll("[role='dialog'], [data-testid='stAlert']")]
        .map(e => e.innerText).find(t => /Connection error|ForwardMsg MISS/.test(t)) || "";
      return [theta(), err.slice(0, 200)];
    }""")

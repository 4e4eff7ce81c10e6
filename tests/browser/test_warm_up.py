"""The automatic warm-up (deploy/warm_caches.py): a server started normally warms its own caches in
the background once the first visitor's page has started, without blocking that page, and says so
in its log; DL_WARM=0 and a run outside a server start nothing."""

from __future__ import annotations

import asyncio
import queue
import threading
import time

import pytest

from deploy.warm_caches import start_in_background
from tests.browser.conftest import start_server, stop_server

pytestmark = pytest.mark.browser


def test_nothing_starts_outside_a_server_or_when_turned_off(monkeypatch):
    assert start_in_background() is False  # no Streamlit runtime in this process
    monkeypatch.setenv("DL_WARM", "0")
    assert start_in_background(8501) is False


def _lines(proc) -> "queue.Queue[str]":
    q: queue.Queue[str] = queue.Queue()

    def pump():
        for raw in iter(proc.stdout.readline, b""):
            q.put(raw.decode(errors="replace"))

    threading.Thread(target=pump, daemon=True).start()
    return q


def _wait_for(q, text: str, seconds: float) -> list[str]:
    seen, deadline = [], time.time() + seconds
    while time.time() < deadline:
        try:
            line = q.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"no {text!r} in the server's log within {seconds} s: {seen[-20:]}")


def test_a_server_warms_itself_after_its_first_visitor(monkeypatch):
    from deploy.protocol import ProtocolSession

    monkeypatch.setenv("DL_WARM", "1")
    proc, base = start_server()
    try:
        log = _lines(proc)

        async def visit():
            s = ProtocolSession(base, "js_saturates", timeout=120)
            try:
                res = await s.open()
            finally:
                await s.close()
            return res

        got = []  # in a thread of its own: a Playwright test before may own this thread's loop
        th = threading.Thread(target=lambda: got.append(asyncio.run(visit())))
        th.start()
        th.join(180)
        res = got[0]  # the first visitor's page runs normally
        assert res.ok and res.metrics.get("JS divergence") == "0.3466 nats", res
        seen = _wait_for(log, "warm-up: every page at its defaults", 600)
        assert not any("warm-up: stopped" in s or "FAILED" in s for s in seen), seen
    finally:
        stop_server(proc)

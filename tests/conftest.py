"""Shared test helpers: AppTest runs of the real app (main script + navigation)."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
MAIN = str(ROOT / "app" / "main.py")


def run_page(file: str | None = None, query: dict | None = None, timeout: float = 60) -> AppTest:
    """Run the app through ``app/main.py`` on ``pages/<file>`` (Home when None) with ``query`` in
    the URL, as a browser opening ``/<page>?<query>`` does: the page is chosen before the first
    run (running Home first would drop the page's own keys as unknown link parameters)."""
    at = AppTest.from_file(MAIN, default_timeout=timeout)
    if file is not None and file != "home.py":
        at.switch_page(f"../pages/{file}")
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    return at


def _decode(obj):
    """Plotly 6 writes numpy arrays as {"dtype": ..., "bdata": base64, "shape": ...}: decode them
    back to plain lists so tests can read the numbers the browser will draw."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if "shape" in obj:
                shape = obj["shape"]
                shape = [int(s) for s in shape.split(",")] if isinstance(shape, str) else shape
                arr = arr.reshape(shape)
            return arr.tolist()
        return {k: _decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decode(v) for v in obj]
    return obj


def plotly_specs(at: AppTest) -> list[dict]:
    """The figures of every plotly chart on the page, as dicts with plain lists of numbers
    (AppTest exposes each chart's JSON as ``proto.spec``)."""
    return ([_decode(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]
            + live_chart_specs(at))


def live_chart_specs(at: AppTest) -> list[dict]:
    """The figures of the charts drawn with app/live_chart.py (page 6's live view), decoded from
    what the component was sent (its quantised data, its static part from the session)."""
    from app.live_chart import MEMORY_KEY, figure_of

    memory = at.session_state[MEMORY_KEY] if MEMORY_KEY in at.session_state else {}
    statics = memory.get("static", {})
    out = []
    for el in at.get("bidi_component"):
        payload = el.proto.json or el.proto.mixed.json
        data = json.loads(payload) if payload else {}
        if "sh" in data:
            out.append(figure_of(data, statics))
    return out


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def page_runner():
    return run_page


def run_async(coro) -> object:
    """Run a coroutine to completion in a fresh thread with its own event loop.

    ``asyncio.run`` refuses to start while another loop runs in this thread, and Playwright's
    sync API (the browser tests' session fixture) keeps one running for the whole session; a
    thread of its own makes a test independent of which tests ran before it."""
    import threading

    out: dict = {}

    def target():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            out["error"] = exc

    th = threading.Thread(target=target, daemon=True)
    th.start()
    th.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


@pytest.fixture
def one_torch_thread():
    """One torch intra-op thread for the test, as the app uses (two are far slower on a busy
    2-core machine); the previous count is restored afterwards."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A class database of the test's own (tests/class_sessions.py)."""
    from tests.class_sessions import use_data_dir

    return use_data_dir(tmp_path, monkeypatch)

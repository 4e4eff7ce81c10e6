"""Shared test helpers: AppTest runs of the real app (main script + navigation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
MAIN = str(ROOT / "app" / "main.py")


def run_page(file: str | None = None, query: dict | None = None, timeout: float = 60) -> AppTest:
    """Run the app through ``app/main.py`` and switch to ``pages/<file>`` (Home when None)."""
    at = AppTest.from_file(MAIN, default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if file is not None and file != "home.py":
        at.switch_page(f"../pages/{file}").run()
    return at


def plotly_specs(at: AppTest) -> list[dict]:
    """The JSON figures of every plotly chart on the page (AppTest exposes them as proto.spec)."""
    out = []
    for el in at.get("plotly_chart"):
        out.append(json.loads(el.proto.spec))
    return out


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def page_runner():
    return run_page

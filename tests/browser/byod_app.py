"""A tiny app for the browser test of app/byod.py (drawing points by clicking)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.byod import user_points  # noqa: E402

for key, dims in (("b.q", 2), ("b.p", 1)):
    pts = user_points(key, dims=dims, role=key, expanded=True)
    st.markdown(f"RESULT {key}: {'none' if pts is None else pts.tolist()}")

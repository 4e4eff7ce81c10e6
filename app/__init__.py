"""Divergence Lab's Streamlit shell: navigation, shared UI pieces, figures, i18n and URL state."""

import os as _os

# POT imports PyTorch at import time to offer it as a backend; the app gives POT numpy arrays
# only, and the pages that train networks import torch themselves. Skipping it saves seconds of
# every fresh server's first page (benchmarks/bench_first_visit.py).
_os.environ.setdefault("POT_BACKEND_DISABLE_PYTORCH", "1")

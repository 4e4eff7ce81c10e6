"""Entry point: ``streamlit run app/main.py``.

Streamlit puts only ``app/`` on ``sys.path``; the repository root is added first so that
``divergences`` and ``app`` import as packages.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.i18n import t  # noqa: E402
from app.navigation import PAGES  # noqa: E402
from app.state import pop_notices  # noqa: E402

st.set_page_config(page_title="Divergence Lab", page_icon=":material/balance:", layout="wide")

home, *steps = PAGES
nav = st.navigation(
    {
        t("Start"): [st.Page(home.path, title=t(home.title), icon=home.icon, default=True)],
        t("The argument, step by step"): [
            st.Page(p.path, title=t(p.title), icon=p.icon, url_path=p.url_path) for p in steps
        ],
    }
)
st.sidebar.caption(t("Divergence Lab: why the Wasserstein GAN works, one step at a time."))
notices = st.container()
nav.run()
for msg in pop_notices():
    notices.warning(msg, icon=":material/link_off:")

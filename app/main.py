"""Entry point: ``streamlit run app/main.py``.

Streamlit puts only ``app/`` on ``sys.path``; the repository root is added first so that
``divergences`` and ``app`` import as packages.

Every run: :func:`app.shell.start` (language and presentation mode from the sidebar or the URL,
page config), the navigation, the page, then :func:`app.shell.finish` (URL notices, unknown
parameters dropped, "copy link to this view").
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas  # noqa: E402, F401  (see below)
import streamlit as st  # noqa: E402

# pandas is imported here, by every run, before any figure: plotly looks pandas up in
# sys.modules without the import lock, so a run that builds a figure while another session's
# first run is still importing pandas would find it half-initialised (two first visitors at once,
# or a first visitor and the automatic warm-up). An import statement waits for the other import.

from app import classroom, shell  # noqa: E402
from app.serve import redirect_nested_paths  # noqa: E402
from app.i18n import t, t_var  # noqa: E402
from app.navigation import PAGES  # noqa: E402
from deploy.warm_caches import WARM_HEADER, start_in_background, visitor_run  # noqa: E402

redirect_nested_paths()  # a server started with `streamlit run app/main.py`: from its first run
shell.start()

home, *steps = PAGES
nav = st.navigation(
    {
        t("Start"): [st.Page(home.path, title=t_var(home.title), icon=home.icon, default=True)],
        t("The argument, step by step"): [
            st.Page(p.path, title=t_var(p.title), icon=p.icon, url_path=p.url_path) for p in steps
        ],
        t("Class"): [st.Page(classroom.CLASS_PAGE, title=t("Teach a class"),
                             icon=":material/co_present:", url_path=classroom.CLASS_URL_PATH)],
    }
)
st.sidebar.caption(t("Divergence Lab: why the Wasserstein GAN works, one step at a time."))
notices = st.container()
classroom.install()  # the class hears control changes (app.state's URL listener)
classroom.before_page(nav.url_path)  # the page this run shows, known before anything publishes
classroom.begin()  # the sidebar's class section; ?class= and ?teacher= links
with visitor_run(is_warm_up=bool(st.context.headers.get(WARM_HEADER))):  # the warm-up waits
    completed = False
    try:
        nav.run()
        completed = True
    except shell.PageEnd:  # the page ended early (shell.end_page): the run still finishes
        completed = True
    finally:  # also when the page stops (st.stop) or reruns: the class's bookkeeping never
        # depends on a page reaching its last line
        classroom.after_page(nav.url_path, completed)  # a teacher publishes page and settings
    shell.finish(notices)
start_in_background()  # after the first run: the server warms its caches once, in the background

"""The ASGI app that ``python -m app.serve`` runs: app/main.py as an ``st.App``, with Streamlit's
static JavaScript and CSS sent compressed (:mod:`app.compress`).

``streamlit run app/serve_app.py`` finds the ``app`` below (Streamlit 1.67 runs a script that
defines an ``st.App`` as that app, on uvicorn, with the same options as any ``streamlit run``);
app/serve.py runs exactly that after its preloading. ``st.App``'s ``middleware`` is Streamlit's
documented way to add ASGI middleware; it runs before Streamlit's own (path checks, sessions and
its gzip of everything but ``/static/``). Plain ``streamlit run app/main.py`` still works, and
serves the same pages uncompressed.

``routes`` adds the class cookie route (POST ``<base>/dlclass/cookie``,
:mod:`app.classroom.cookies`): the class cookies are set by the server, HttpOnly. Under plain
``streamlit run app/main.py`` there is no such route, so no class cookie is set: a class works in
its tab, and a reload leaves it (docs/SECURITY.md).
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from app.classroom.cookies import route as class_cookie_route
from app.compress import CompressedStatic, store

store().start()  # brotli copies of what every first visit needs, from the start
app = st.App("main.py", middleware=[Middleware(CompressedStatic)], routes=[class_cookie_route()])

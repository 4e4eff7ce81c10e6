"""The classroom shell around every page (called by app/main.py only; pages need not call it).

* Language: a sidebar switch, bound to the URL as ``?lang=en|zh`` (English by default).
* Presentation mode: a sidebar toggle bound to ``?present=1``: sidebar collapsed, bigger fonts
  (CSS here, and :func:`app.style.style_figure` for charts), secondary controls hidden
  (:func:`app.ui.advanced_controls`).
* "Copy link to this view": the full URL of the current page and settings, with a copy button.
* Unknown URL parameters are dropped from the address bar with a notice naming them; known ones
  are the keys that url_* widgets (or :func:`app.state.register_param`) registered.

Order in app/main.py: :func:`start` before anything is drawn (it also sets the page config),
the navigation, then :func:`finish` after the page ran. A page that ends early calls
:func:`end_page`, never ``st.stop()`` (which would skip :func:`finish`).

How a page adopts the classroom features (one line each; pages/home.py does all of them):

=====================  ==========================================================================
Chinese / English      ``t("English literal", n=3)`` for every string (never a variable or an
                       f-string inside ``t``); a string kept in a variable: ``N_("...")`` where it
                       is written, ``t_var(x)`` where it is shown; no ``t`` at import time. Then
                       ``sh app/locales/update.sh`` and translate the .po (app/i18n.py).
Settings in the URL    ``url_slider / url_number / url_select / url_toggle`` (app.state) with
                       page-prefixed keys; a page that reads ``st.query_params`` by hand calls
                       ``register_param("js.foo")`` so the key is not dropped as unknown.
Presentation mode      ``with advanced_controls():`` around the secondary controls (``key=`` when
                       a page has two); ``style_figure`` enlarges charts by itself (do not cache
                       a styled figure).
Predict, then reveal   ``predict_then_reveal("js.where", t("Question?"), kind="choice",
                       options=[...], format_func=..., answer=..., explanation=t("..."))``
                       (app.predict); ``kind="slider", range=(lo, hi, step)`` for a number.
                       Register the key, kind and option ids (or range) in
                       ``app/classes/questions.py``: class sessions tally them, and the call
                       raises ``ValueError`` for a question that is not registered.
Class sessions         nothing to do: a following student gets every ``url_*`` control's value
                       (app/classroom/following.py publishes the teacher's page and URL parameters).
Your own data          ``pts = user_points("js.q", dims=1, role=t("Q"))`` (app.byod): None, or an
                       array (n,) / (n, 2) to use instead of the built-in P, Q or real data.
Export                 ``chart(fig, "js_sweep")`` instead of ``st.plotly_chart`` (PNG button);
                       ``csv_download(metrics_or_rows_or_df, "js-sweep.csv")`` (app.ui).
=====================  ==========================================================================
"""

from __future__ import annotations

import html
import json
from typing import NoReturn
from urllib.parse import urlencode

import streamlit as st

from app import a11y
from app.i18n import DEFAULT_LANG, LANGUAGES, set_lang, t
from app.state import begin_run, drop_params, pop_notices, unknown_params, url_select, url_toggle
from app.style import PRESENT_KEY
from app.ui import GONE_PREFIX, HIDDEN_PREFIX, LAYERED_PREFIX

_TRUE = ("1", "true", "on", "yes")
TIGHT_PREFIX = "dl_tight_"
"""``st.container(key=TIGHT_PREFIX + name)``: its message boxes (st.info, ...) have slim padding
(page 6's status line, right above its samples)."""


def _peek_lang() -> str:
    """The language for this run before the switch is drawn: the switch's state, else the URL."""
    w = st.session_state.get("w.lang")
    if w in LANGUAGES:
        return w
    raw = st.query_params.get("lang")
    if "w.lang" not in st.session_state and raw in LANGUAGES:
        return raw
    return st.session_state.get("lang", DEFAULT_LANG)


def _peek_present() -> bool:
    w = st.session_state.get("w.present")
    if w is not None:
        return bool(w)
    return str(st.query_params.get("present", "0")).lower() in _TRUE


def start() -> bool:
    """Set the language and presentation mode for this run, the page config, and the sidebar's
    settings (language, presentation). Returns True in presentation mode."""
    begin_run()
    set_lang(_peek_lang())
    presenting = _peek_present()
    st.session_state[PRESENT_KEY] = presenting
    st.set_page_config(page_title=t("Divergence Lab"), page_icon=":material/balance:",
                       layout="wide",
                       initial_sidebar_state="collapsed" if presenting else "auto")
    with st.sidebar:
        lang = url_select(t("Language · 语言"), "lang", list(LANGUAGES), DEFAULT_LANG,
                          format_func=LANGUAGES.get, widget=st.radio, horizontal=True)
        set_lang(lang)
        presenting = url_toggle(t("Presentation mode"), "present", False,
                                help=t("For a projector: big fonts and markers, the sidebar "
                                       "collapsed, only the essential controls."))
        st.session_state[PRESENT_KEY] = presenting
    st.html(BASE_CSS + (PRESENT_CSS if presenting else ""))
    with st.container(key=GONE_PREFIX + "a11y"):  # runs, takes no room
        a11y.install()
    return presenting


BASE_CSS = """<style>
[class*="st-key-""" + GONE_PREFIX + """"],
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-""" + GONE_PREFIX + """"]) {
  display: none !important; }
[class*="st-key-""" + LAYERED_PREFIX + """"] { display: grid !important;
  grid-template-columns: minmax(0, 1fr); }
[class*="st-key-""" + LAYERED_PREFIX + """"] > * { grid-area: 1 / 1; }
[class*="st-key-""" + LAYERED_PREFIX + """"] > :last-child { pointer-events: none; z-index: 1; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"] { font-size: min(1.9rem, 22cqi); }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; }
[data-testid="stMainBlockContainer"] { padding-top: 3rem; padding-bottom: 3rem; }
[data-testid="stHeader"] { background: transparent; }
h1 { padding-top: 0.25rem !important; }
[class*="st-key-""" + TIGHT_PREFIX + """"] [data-testid="stAlertContainer"] {
  padding: 0.35rem 0.9rem; }
[data-testid="stSelectbox"] [data-baseweb="select"] div { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
""" + a11y.CSS + """</style>"""
"""Every view: long metric labels and select values wrap instead of being cut with "…", a metric's
value shrinks with a narrow column (at most 22 % of the metric's width: page 6's eight metrics at
1400 px) and wraps rather than being cut ("1.3…" before), the
page starts closer to the top so that the experiment fits on the first screen, and the two charts
of a layered chart (app.ui.layered_chart) lie one over the other."""

PRESENT_CSS = f"""<style>
html {{ font-size: 20px; }}
h1 {{ font-size: 1.75rem !important; padding: 0 0 0.3rem 0 !important; }}
[data-testid="stMetricValue"] {{ font-size: min(1.55rem, 22cqi); line-height: 1.3; }}
[data-testid="stMetricLabel"] p {{ font-size: 0.85rem; line-height: 1.25; }}
[data-testid="stMetricLabel"] {{ min-height: 0; }}
[data-testid="stMetric"] {{ padding: 0.3rem 0.6rem !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 2.2rem 1.4rem 2rem 1.4rem; max-width: 100%; }}
[data-testid="stHeader"] {{ background: transparent; height: 2.2rem; min-height: 2.2rem; }}
[data-testid="stVerticalBlock"] {{ gap: 0.6rem; }}
[class*="st-key-{HIDDEN_PREFIX}"] {{ display: none !important; }}
{a11y.SLIDER_THUMB} {{ width: 1.6rem !important; height: 1.6rem !important; }}
</style>"""


def share_url() -> str:
    """The full link to this view: the page's address and every setting now in the URL."""
    base = st.context.url or ""
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    query = urlencode(params)
    return f"{base}?{query}" if query else base


_COPY_JS = """
<div class="dl-share">
  <input id="dl-share-url" readonly value="{url}" aria-label="{label}"
         style="width:100%;font-size:0.8rem;padding:0.3rem;border:1px solid #ccd;border-radius:0.3rem">
  <button id="dl-share-copy" type="button"
          style="margin-top:0.4rem;padding:0.3rem 0.8rem;border:1px solid #0072B2;border-radius:0.4rem;
                 background:#fff;color:#0072B2;cursor:pointer">{label}</button>
  <span id="dl-share-done" style="margin-left:0.5rem;font-size:0.8rem;color:#009E73"></span>
</div>
<script>
(function () {{
  const input = document.getElementById("dl-share-url");
  const button = document.getElementById("dl-share-copy");
  const done = document.getElementById("dl-share-done");
  if (!input || !button || button.dataset.bound) return;
  button.dataset.bound = "1";
  const live = () => {{ input.value = window.location.href; return input.value; }};
  live();
  const timer = setInterval(() => {{
    if (!document.body.contains(input)) {{ clearInterval(timer); return; }}
    if (document.activeElement !== input) live();
  }}, 1000);
  input.addEventListener("focus", () => {{ live(); input.select(); }});
  button.addEventListener("click", async () => {{
    const url = live();
    let ok = false;
    try {{ await navigator.clipboard.writeText(url); ok = true; }} catch (e) {{
      input.focus(); input.select();
      try {{ ok = document.execCommand("copy"); }} catch (e2) {{ ok = false; }}
    }}
    done.textContent = ok ? {done} : {manual};
  }});
}})();
</script>
"""


def share_link() -> None:
    """"Copy link to this view" in the sidebar: the URL (kept live by the browser, also after a
    fragment rerun) and a copy button."""
    url = share_url()
    with st.sidebar:
        st.markdown("**" + t("Share this view") + "**")
        st.html(_COPY_JS.format(url=html.escape(url, quote=True),
                                label=html.escape(t("Copy link to this view"), quote=True),
                                done=json.dumps(t("Copied!")),
                                manual=json.dumps(t("Press Ctrl+C to copy."))),
                unsafe_allow_javascript=True)
        st.caption(t("The link opens this page with the same settings and language."))


class PageEnd(Exception):
    """Raised by :func:`end_page`; app/main.py catches it around the page."""


def end_page() -> NoReturn:
    """End the page's script here, as ``st.stop()`` would, but let app/main.py finish the run:
    the link's notices (a bad value of a control the page did read), the share link and the
    class (a teacher publishes this page). After ``st.stop()`` Streamlit draws nothing more in
    the run, so a page that stopped early lost all three."""
    raise PageEnd


def finish(notices) -> None:
    """After the page ran: drop unknown URL parameters with a notice, show the URL notices in
    ``notices`` (a container above the page), and the share link."""
    unknown = unknown_params()
    if unknown:
        shown = ", ".join(f"`{n[:30].replace('`', '')}`" for n in unknown[:10])
        more = len(unknown) - 10
        if more > 0:
            shown += t(" and {n} more", n=more)
        drop_params(unknown)
        notices.warning(t("Ignored unknown link parameters: {names}.", names=shown),
                        icon=":material/link_off:")
    for msg in pop_notices():
        notices.warning(msg, icon=":material/link_off:")
    share_link()

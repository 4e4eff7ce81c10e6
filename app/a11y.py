"""What the app fixes in Streamlit's own markup for assistive technologies (issue 23).

What the app's pages do not write themselves but a student still meets: two serious axe-core
faults (WCAG 2.0/2.1 A and AA) on every page, and two barriers for touch and keyboard users:

* **The sidebar navigation's lists** (axe ``list``, ``listitem``): Streamlit 1.67 draws
  ``<ul>`` whose children are ``<div>`` sections (a ``<header>`` and the ``<li>`` links), so no
  ``<li>`` has a list parent. :data:`JS` gives each section ``role="list"`` named by its header
  (the header itself is then hidden from the accessibility tree: its text is the list's name),
  and the outer ``<ul>`` ``role="none"``: a screen reader announces "Start, list, 1 item", "The
  argument, step by step, list, 6 items". A ``MutationObserver`` applies it again whenever
  Streamlit redraws the navigation.
* **Caption contrast** (axe ``color-contrast``): captions are the text colour at 60 % opacity,
  ``#797f85`` on white, 4.04:1 against the 4.5:1 required. :data:`CSS` draws them opaque in
  ``#5b6168`` (6.3:1 on white, 5.8:1 on the sidebar's ``#F3F6FA``).
* **Touch** (a phone or a tablet, CSS ``pointer: coarse``): a slider's handle is 24×24 px
  (WCAG 2.2's target size; 12×12 before), and a finger dragging over a chart scrolls the page
  instead of zooming the chart (plotly's drag layer takes no touch; the chart's buttons still
  do), and plotly's toolbar, which a finger cannot hover away, no longer covers the titles.
* **The keyboard on a recording** (page 6): plotly draws Play, Pause and Resume as SVG groups
  that only a mouse can press. :data:`JS` makes each a ``role="button"`` with its label, in
  the Tab order, pressed by Enter or Space (a click on it, so plotly does what a mouse does),
  with a 3 px focus ring.

Reported upstream-style in the issue's closing note; :func:`install` (app/shell.py, every full
run) draws the invisible component that runs :data:`JS`.
"""

from __future__ import annotations

import re

import streamlit as st

CAPTION_COLOUR = "#5b6168"

SLIDER_THUMB = '[data-testid="stSlider"] div:has(> div > input[type="range"])'
"""A slider's handle in Streamlit 1.67 (react-aria: a div around the hidden range input)."""

CSS = f"""
@media (pointer: coarse) {{
  {SLIDER_THUMB} {{ width: 24px !important; height: 24px !important; }}
  .js-plotly-plot .draglayer, .js-plotly-plot .nsewdrag {{ pointer-events: none !important; }}
  .js-plotly-plot .modebar-container {{ display: none !important; }}
}}
.js-plotly-plot .updatemenu-button:focus {{ outline: none; }}
.js-plotly-plot .updatemenu-button:focus-visible rect {{ stroke: #0072B2 !important;
  stroke-width: 3px !important; }}
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{
  color: {CAPTION_COLOUR} !important; }}
"""

JS = r"""
function fixNav(root) {
  root.querySelectorAll('ul[data-testid="stSidebarNavItems"]').forEach(ul => {
    if (ul.getAttribute('role') !== 'none') ul.setAttribute('role', 'none');
    Array.from(ul.children).forEach((sec, i) => {
      if (sec.tagName === 'LI') return;  // a flat navigation: already a list
      const header = sec.querySelector(':scope > header');
      const label = header && (header.querySelector('[data-testid="stMarkdownContainer"]') || header);
      const name = label ? label.textContent.trim() : '';
      if (sec.getAttribute('role') !== 'list') sec.setAttribute('role', 'list');
      if (name && sec.getAttribute('aria-label') !== name) sec.setAttribute('aria-label', name);
      if (header && header.getAttribute('aria-hidden') !== 'true' &&
          !header.querySelector('a, button, [tabindex]')) {
        header.setAttribute('aria-hidden', 'true');
      }
    });
  });
}

function fixPlotlyButtons(root) {
  root.querySelectorAll('.js-plotly-plot .updatemenu-button').forEach(b => {
    const label = b.textContent.replace(/\s+/g, ' ').trim();
    if (b.getAttribute('aria-label') !== label) b.setAttribute('aria-label', label);
    if (b.__dlKeys) return;
    b.__dlKeys = true;
    b.setAttribute('tabindex', '0');
    b.setAttribute('role', 'button');
    b.addEventListener('keydown', e => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      b.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });
  });
}

function fix(root) {
  fixNav(root);
  fixPlotlyButtons(root);
}

export default function (component) {
  const doc = component.parentElement.ownerDocument || document;
  fix(doc);
  if (!window.__dlA11y) {
    window.__dlA11y = new MutationObserver(() => fix(doc));
    window.__dlA11y.observe(doc.body, { childList: true, subtree: true });
  }
}
"""


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component("dl_a11y", js=JS, isolate_styles=False)


def install() -> None:
    """Draw the (invisible) component that runs :data:`JS` (the navigation's lists, the
    recording's buttons)."""
    _component()(key="dl_a11y", data={}, height="content")


_PHONE_UA = re.compile(r"Mobi|iPhone|Android.*Mobile|Windows Phone", re.I)


def on_phone() -> bool:
    """Whether this session's browser says it is a phone: Chromium's client hint
    ``Sec-CH-UA-Mobile: ?1``, else a user agent with "Mobi", "iPhone" or "Android … Mobile"
    (MDN's advice for telling phones apart). A chart that cannot reflow by itself (page 6's
    recording) then takes its phone layout; a tablet gets the desktop one."""
    try:
        headers = st.context.headers
        hint = headers.get("Sec-CH-UA-Mobile")
        if hint is not None:
            return hint.strip() == "?1"
        return bool(_PHONE_UA.search(headers.get("User-Agent") or ""))
    except Exception:  # noqa: BLE001 - no request context (a bare run, a test): not a phone
        return False

"""What the app fixes in Streamlit's own markup for assistive technologies (issue 23).

axe-core (WCAG 2.0/2.1 A and AA) found two serious faults on every page that the app's pages
do not write themselves:

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

Reported upstream-style in the issue's closing note; :func:`install` (app/shell.py, every full
run) draws the invisible component that runs :data:`JS`.
"""

from __future__ import annotations

import streamlit as st

CAPTION_COLOUR = "#5b6168"

CSS = f"""
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

export default function (component) {
  const doc = component.parentElement.ownerDocument || document;
  fixNav(doc);
  if (!window.__dlA11y) {
    window.__dlA11y = new MutationObserver(() => fixNav(doc));
    window.__dlA11y.observe(doc.body, { childList: true, subtree: true });
  }
}
"""


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component("dl_a11y", js=JS, isolate_styles=False)


def install() -> None:
    """Draw the (invisible) component that fixes the navigation's list semantics."""
    _component()(key="dl_a11y", data={}, height="content")

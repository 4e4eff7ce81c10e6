"""Phones (issue 23, item 5), in Chromium as a phone (390×844, touch, a phone's user agent): no
page scrolls sideways, every slider's handle is a 24×24 px touch target, a finger dragging on a
chart is not caught by plotly (the page scrolls), plotly's toolbar is hidden, and page 6's
recording stacks its four panels with the timeline under the Play buttons."""

from __future__ import annotations

from tests.browser.conftest import PHONE, open_app, screenshot

PAGES = ("", "js_saturates", "low_dim_supports", "earth_mover", "critic", "generator_gradient",
         "live_training")

LOOK = """() => {
  const handles = Array.from(document.querySelectorAll(
      '[data-testid="stSlider"] div:has(> div > input[type="range"])'))
    .map(h => { const r = h.getBoundingClientRect(); return [r.width, r.height]; })
    .filter(([w, h]) => w > 0);
  const drag = Array.from(document.querySelectorAll('.js-plotly-plot .nsewdrag'))
    .map(el => getComputedStyle(el).pointerEvents);
  const bars = Array.from(document.querySelectorAll('.js-plotly-plot .modebar-container'))
    .map(el => getComputedStyle(el).display);
  return {width: document.documentElement.scrollWidth, handles, drag, bars};
}"""


def test_every_page_fits_a_phone_and_takes_a_finger(server, browser):
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    seen = {}
    try:
        for path in PAGES:
            open_app(page, server, path)
            page.wait_for_timeout(800)
            seen[path or "home"] = page.evaluate(LOOK)
    finally:
        ctx.close()
    assert all(v["width"] <= 390 for v in seen.values()), {k: v["width"] for k, v in seen.items()}
    assert all(v["handles"] for k, v in seen.items() if k != "live_training"), seen
    small = {k: [h for h in v["handles"] if min(h) < 24] for k, v in seen.items()}
    assert not any(small.values()), small
    assert all(set(v["drag"]) <= {"none"} and set(v["bars"]) <= {"none"}
               for v in seen.values()), seen
    assert sum(len(v["drag"]) for v in seen.values()) >= 7  # charts were there to check


def test_page_6_recording_stacks_on_a_phone(server, browser):
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    try:
        open_app(page, server, "live_training")
        page.wait_for_selector(".st-key-dl_rec_box .js-plotly-plot", timeout=60_000)
        page.wait_for_timeout(800)
        lay = page.evaluate("""() => {
          const el = document.querySelector('.st-key-dl_rec_box .js-plotly-plot');
          const L = el._fullLayout, box = el.getBoundingClientRect();
          return {x2: L.xaxis2.domain, y1: L.yaxis.domain, y2: L.yaxis2.domain,
                  width: box.width, right: box.right};
        }""")
        screenshot(page, "6_live_training.phone.test")
    finally:
        ctx.close()
    # the right map under the left one, about the full width (square: plotly may trim a little)
    assert lay["x2"][0] < 0.1 and lay["x2"][1] - lay["x2"][0] > 0.85, lay
    assert lay["y2"][1] < lay["y1"][0], lay
    assert lay["right"] <= 390 and lay["width"] >= 300, lay

"""Refresh the README's screenshots: one full-page PNG per page in docs/screenshots/.

    python -m tests.browser.take_screenshots            # every page, English
    python -m tests.browser.take_screenshots --lang zh  # the Chinese view (when available)
    python -m tests.browser.take_screenshots --pages 6  # only these steps (0-6)

Besides the full page (``<step>_<page>.png``), each page's first screen as a class sees it:
``<step>_<page>.projector.png`` (1280×720, presentation mode) and ``<step>_<page>.desktop.png``
(1400×1000), without scrolling (tests/browser/test_one_screen.py checks what must be on them),
and ``<step>_<page>.phone.png``: a phone's first screen (390×844, touch, a phone's user agent);
``6_live_training.phone.tall.png``: page 6 on a phone, down to the end of its recording.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from app.navigation import PAGES
from tests.browser.conftest import CHROMIUM, PHONE, ROOT, start_server, stop_server, wait_idle


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--wait", type=int, default=2500, help="ms to let charts settle")
    ap.add_argument("--pages", type=int, nargs="*", help="only these steps (0 is Home)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    proc, base = start_server()
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            views = [("", {"width": 1400, "height": 2600}, "", True),  # Streamlit scrolls inside
                     # its own container, so a full-page shot is the viewport: make it tall
                     (".projector", {"width": 1280, "height": 720}, "present=1", False),
                     (".desktop", {"width": 1400, "height": 1000}, "", False),
                     (".phone", {"width": 390, "height": 844}, "", False),
                     # page 6 on a phone, the whole recording (its panels stacked)
                     (".phone.tall", {"width": 390, "height": 3300}, "", True)]
            for kind, size, present, full in views:
                phone = {k: v for k, v in PHONE.items() if k != "viewport"} \
                    if kind.startswith(".phone") else {}
                pg = b.new_page(viewport=size, **phone)
                for info in PAGES:
                    if args.pages and info.step not in args.pages:
                        continue
                    if kind == ".phone.tall" and info.step != 6:
                        continue
                    path = "" if info.step == 0 else info.url_path
                    query = "&".join(q for q in (present, "" if args.lang == "en"
                                                 else f"lang={args.lang}") if q)
                    pg.goto(f"{base}/{path}{'?' + query if query else ''}")
                    pg.wait_for_selector("[data-testid='stApp']")
                    wait_idle(pg)
                    pg.wait_for_timeout(args.wait)
                    suffix = "" if args.lang == "en" else f".{args.lang}"
                    out = args.out / f"{info.step}_{info.url_path}{kind}{suffix}.png"
                    pg.screenshot(path=str(out), full_page=full)
                    print(out.relative_to(ROOT))
                pg.close()
            b.close()
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()

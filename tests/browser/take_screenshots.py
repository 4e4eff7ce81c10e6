"""Refresh the README's screenshots: one full-page PNG per page in docs/screenshots/.

    python -m tests.browser.take_screenshots            # every page, English
    python -m tests.browser.take_screenshots --lang zh  # the Chinese view (when available)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from app.navigation import PAGES
from tests.browser.conftest import CHROMIUM, ROOT, start_server, stop_server, wait_idle


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--wait", type=int, default=2500, help="ms to let charts settle")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    proc, base = start_server()
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            pg = b.new_page(viewport={"width": 1400, "height": 2600})  # Streamlit scrolls inside its
            # own container, so a full-page shot is the viewport: make it tall
            for info in PAGES:
                path = "" if info.step == 0 else info.url_path
                query = "" if args.lang == "en" else f"?lang={args.lang}"
                pg.goto(f"{base}/{path}{query}")
                pg.wait_for_selector("[data-testid='stApp']")
                wait_idle(pg)
                pg.wait_for_timeout(args.wait)
                suffix = "" if args.lang == "en" else f".{args.lang}"
                out = args.out / f"{info.step}_{info.url_path}{suffix}.png"
                pg.screenshot(path=str(out), full_page=True)
                print(out.relative_to(ROOT))
            b.close()
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()

"""Commit a guess in a page's predict-then-reveal box, in the browser (issue 22, item 3: what
gives a page's answer away is shown only after the guess)."""

from __future__ import annotations

import re

from tests.browser.conftest import wait_idle


def commit_guess(page, key: str, option: str | None = None,
                 button_label: str = "Commit my guess") -> None:
    """Open question ``key``'s box if folded, pick ``option`` (a choice's label; None: a slider
    question keeps its default) and press "Commit my guess" (``button_label`` in another
    language)."""
    box = page.locator(f".st-key-dl_predict_{key.replace('.', '_')}")
    button = box.get_by_role("button", name=re.compile(re.escape(button_label)))
    if not button.is_visible():  # the box is folded
        box.locator("summary").first.click()
        page.wait_for_timeout(300)
    if option is not None:
        box.get_by_text(option, exact=True).click()
        wait_idle(page)
    button.click()
    wait_idle(page)

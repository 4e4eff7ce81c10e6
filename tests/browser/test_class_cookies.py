"""Nothing lost, in headless Chromium on ``python -m app.serve`` (the st.App with the class cookie
route): the class cookies are set by the server (HttpOnly, SameSite=Strict, Path=/, no script can
read them), a student's committed guess survives a reload, a new tab and a server restart (the
page shows "Committed…", not the question again), the verdict follows the teacher's reveal, and
leaving removes the cookie.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (_free_port, _need_browser, assert_no_exception, open_app,
                                    start_class, start_server, stop_server, wait_idle)
from tests.browser.test_classes import QUESTION, commit, go_to, wait_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAITING = "The answer appears when your teacher reveals it"


def _cookie(ctx, name: str, timeout_s: float = 20.0) -> dict | None:
    """The browser's cookie ``name`` once it is there (None if it never comes)."""
    import time

    end = time.time() + timeout_s
    while time.time() < end:
        got = [c for c in ctx.cookies() if c["name"] == name]
        if got and got[0]["value"]:
            return got[0]
        time.sleep(0.3)
    return None


def _committed(page) -> None:
    """The student's question shows the committed guess, not the question again."""
    box = page.locator(QUESTION)
    box.wait_for(timeout=30_000)
    if not box.get_by_text(WAITING).first.is_visible():
        box.locator("summary").first.click()  # a student's question is folded
        page.wait_for_timeout(300)
    wait_text(page, WAITING)
    assert box.get_by_role("button", name=re.compile("Commit my guess")).count() == 0
    assert box.get_by_text("Both are 0: neither changes any more").first.is_visible()


def test_guesses_survive_reload_new_tab_and_restart_with_httponly_cookies(tmp_path, browser,
                                                                          monkeypatch):
    _need_browser()
    monkeypatch.delenv("DL_DATABASE_URL", raising=False)
    monkeypatch.setenv("DL_DATA_DIR", str(tmp_path / "data"))
    port = _free_port()
    proc, base = start_server(port, launcher="app.serve")
    tctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    sctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        teacher, student = tctx.new_page(), sctx.new_page()
        code = start_class(teacher, base)
        c = _cookie(tctx, "dl_teacher")
        assert c is not None, "the server set no teacher cookie"
        assert c["value"].startswith(code + ".") and len(c["value"]) > len(code) + 30
        assert c["httpOnly"] is True and c["sameSite"] == "Strict" and c["path"] == "/"
        assert c["secure"] is False  # plain HTTP here
        assert "dl_teacher" not in teacher.evaluate("document.cookie")
        scripts = "() => [...document.scripts].map(s => s.textContent).join('\\n')"
        # (the teacher's private link shows the token, by design; no script holds it)
        assert c["value"].split(".", 1)[1] not in teacher.evaluate(scripts)
        open_app(teacher, base, "js_saturates")  # a reload: the HttpOnly cookie restores powers
        wait_text(teacher, "You are teaching class")
        teacher.wait_for_url("**/class**", timeout=30_000)  # ...and takes the class's view
        go_to(teacher, "js_saturates")  # the teacher's explicit navigation moves the class

        open_app(student, base, "", f"class={code}")
        student.wait_for_url("**/js_saturates**", timeout=30_000)
        wait_idle(student)
        commit(student, "Both are 0: neither changes any more")
        s = _cookie(sctx, "dl_student")
        assert s is not None and s["httpOnly"] is True and s["sameSite"] == "Strict"
        assert "dl_student" not in student.evaluate("document.cookie")
        assert s["value"].split(".", 1)[1] not in student.content()  # the id is nowhere on the page

        student.reload()  # a reload
        student.wait_for_selector("[data-testid='stApp']", timeout=60_000)
        wait_idle(student)
        wait_text(student, "You are in class")
        _committed(student)

        tab = sctx.new_page()  # a new tab, without the class link
        open_app(tab, base, "js_saturates")
        wait_text(tab, "You are in class")
        _committed(tab)
        tab.close()

        stop_server(proc)  # a server restart
        proc, _ = start_server(port, launcher="app.serve")
        open_app(student, base, "js_saturates")
        wait_text(student, "You are in class", timeout=30_000)
        _committed(student)
        open_app(teacher, base, "js_saturates")
        wait_text(teacher, "You are teaching class", timeout=30_000)
        wait_text(teacher, "1 of 1 answered")
        teacher.get_by_role("button", name=re.compile("Reveal to the class")).click()
        wait_text(student, "Not this time.")  # the verdict on the guess read back
        assert_no_exception(student)

        student.locator("[data-testid='stSidebar']").get_by_role(
            "button", name=re.compile("Leave the class")).click()
        wait_idle(student)
        student.wait_for_function("() => true")
        import time

        end = time.time() + 20
        while time.time() < end and any(x["name"] == "dl_student" for x in sctx.cookies()):
            time.sleep(0.3)
        assert not any(x["name"] == "dl_student" for x in sctx.cookies()), "cookie kept"
    finally:
        tctx.close()
        sctx.close()
        stop_server(proc)

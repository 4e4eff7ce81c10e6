"""A whole lesson in headless Chromium, the way a lecture uses Divergence Lab.

One server (``python -m app.serve``: the st.App whose route sets the class cookies) with its own
SQLite data folder; each person in a browser context of their own (separate cookies, sessions):

* the teacher, projecting: 1280×720, ``?present=1``;
* students on a desktop (1400×1000), on a phone (390×844, touch) and in Chinese (``?lang=zh``);
* later, a second teacher device (the private teacher link).

The lesson: the class starts and the students join by the link; the class cookies are HttpOnly
and SameSite=Strict; the teacher walks through every page (Home, 1-6) and every student's screen
follows, page 6 included; on page 1 the students commit guesses, no answer shows before the
reveal, the projected tally stays hidden until the teacher shows it, and a student's guess is kept
across a reload and a server restart; a second teacher device moves nobody; the reveal brings the
verdict; on page 6 the teacher's Play reaches the students' playback and the teacher's live run
shows on their screens, read-only; ending the class clears the cookies.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import (_free_port, _need_browser, assert_no_exception, open_app,
                                    screenshot, start_server, stop_server, wait_idle)
from tests.browser.test_classes import QUESTION, go_to, wait_text
from tests.browser.test_live_class import ANIMATED, N_FRAMES, wait_active

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEPS = ["js_saturates", "low_dim_supports", "earth_mover", "critic", "generator_gradient"]
WAITING = "The answer appears when your teacher reveals it"
HELD_BACK = "Shown once your teacher reveals the answer: it gives the answer away."
VERDICTS = ("Right.", "Not this time.")


def _cookie(ctx, name: str, timeout_s: float = 30.0) -> dict | None:
    end = time.time() + timeout_s
    while time.time() < end:
        got = [c for c in ctx.cookies() if c["name"] == name and c["value"]]
        if got:
            return got[0]
        time.sleep(0.3)
    return None


def _follows(page, url_path: str, timeout: float = 45_000) -> float:
    """Wait until ``page`` shows ``/url_path`` (Home: no page path) and has run; the seconds."""
    t0 = time.perf_counter()
    if url_path:
        page.wait_for_url(f"**/{url_path}**", timeout=timeout)
    else:
        page.wait_for_function("() => !/\\/[a-z_]+$/.test(location.pathname)", timeout=timeout)
    wait_idle(page)
    return time.perf_counter() - t0


def _open_box(page) -> None:
    """A student's question box is a folded expander: open it (again if a rerun that was under
    way when it was clicked drew it folded)."""
    box = page.locator(QUESTION)
    box.wait_for(timeout=30_000)
    for _ in range(5):
        wait_idle(page)
        if box.locator("[data-testid='stRadioOption']").first.is_visible() or \
                box.get_by_text(WAITING).first.is_visible() or \
                box.get_by_text(HELD_BACK).first.is_visible():
            return
        box.locator("summary").first.click()
        page.wait_for_timeout(1000)
    screenshot(page, "lesson_question_box")
    raise AssertionError("the question box does not open")


def _commit_nth(page, n: int) -> str:
    """Commit the ``n``-th option of page 1's question (any language); returns its text."""
    _open_box(page)
    box = page.locator(QUESTION)
    option = box.locator("[data-testid='stRadioOption']").nth(n)
    text = option.inner_text().strip()
    option.click()
    wait_idle(page)
    box.get_by_role("button").filter(has_text=re.compile("Commit|提交")).first.click()
    wait_idle(page)
    return text


def _body(page) -> str:
    return page.locator("body").inner_text()


def test_a_lesson(tmp_path, browser, monkeypatch):
    _need_browser()
    monkeypatch.delenv("DL_DATABASE_URL", raising=False)
    monkeypatch.setenv("DL_DATA_DIR", str(tmp_path / "data"))
    port = _free_port()
    proc, base = start_server(port, launcher="app.serve")
    tctx = browser.new_context(viewport={"width": 1280, "height": 720})
    dctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                               has_touch=True, device_scale_factor=2)
    zctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    contexts = [tctx, dctx, pctx, zctx]
    try:
        teacher, desk, phone, zh = (c.new_page() for c in contexts)
        students = {"desktop": desk, "phone": phone, "zh": zh}

        # ---- the class starts; students join by the link ------------------------------------
        open_app(teacher, base, "class", "present=1")
        teacher.get_by_role("button", name=re.compile("Start a class")).click()
        teacher.locator(".dl-join-code").wait_for(timeout=30_000)
        wait_idle(teacher)
        code = teacher.locator(".dl-join-code").inner_text().strip().replace("-", "")
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", code), code
        for name, s in students.items():
            open_app(s, base, "", f"class={code}" + ("&lang=zh" if name == "zh" else ""))
            _follows(s, "class")
            assert_no_exception(s)
        for ctx, name in ((tctx, "dl_teacher"), (dctx, "dl_student"), (pctx, "dl_student"),
                          (zctx, "dl_student")):
            c = _cookie(ctx, name)
            assert c is not None, f"no {name} cookie"
            assert c["httpOnly"] is True and c["sameSite"] == "Strict" and c["path"] == "/", c
        assert "dl_student" not in desk.evaluate("document.cookie")

        # ---- the teacher walks through every page: every screen follows --------------------------
        teacher.locator("[data-testid='stExpandSidebarButton']").first.click()  # presenting
        teacher.wait_for_timeout(500)
        go_to(teacher, STEPS[0])
        took = {n: _follows(s, STEPS[0]) for n, s in students.items()}
        print(f"page 1 reached the students in {took}")

        # ---- page 1's question: guesses, nothing revealed early, the hidden tally ---------------
        mine = _commit_nth(desk, 0)
        _commit_nth(phone, 1)
        _commit_nth(zh, 2)
        for s in (desk, phone):
            wait_text(s, WAITING)
            body = _body(s)
            assert not any(v in body for v in VERDICTS)
            assert HELD_BACK in body  # the slopes wait for the reveal
        wait_text(teacher, "3 of 3 answered", timeout=30_000)
        assert teacher.get_by_text("What the class predicted").count() == 0  # hidden projected
        teacher.get_by_role("button", name=re.compile("Show the tally")).click()
        wait_idle(teacher)
        teacher.locator(".js-plotly-plot").filter(has_text="What the class predicted").first \
            .wait_for(timeout=30_000)
        screenshot(teacher, "lesson_tally_shown")

        # ---- nothing lost: a reload, and a server restart -------------------------------------------
        desk.reload()
        desk.wait_for_selector("[data-testid='stApp']", timeout=60_000)
        wait_idle(desk)
        _open_box(desk)
        wait_text(desk, WAITING)
        assert desk.locator(QUESTION).get_by_text(mine, exact=True).first.is_visible()
        stop_server(proc)
        proc, _ = start_server(port, launcher="app.serve")
        for p in (teacher, desk, phone, zh):  # each screen reconnects by itself (no reload)
            p.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']",
                                timeout=60_000)
        open_app(phone, base, STEPS[0])  # and a student who opens the page again
        _open_box(phone)
        wait_text(phone, WAITING, timeout=30_000)
        open_app(teacher, base, STEPS[0], "present=1")  # the teacher's reload keeps the class
        wait_text(teacher, "3 of 3 answered", timeout=30_000)

        # ---- a second teacher device moves nobody -----------------------------------------------
        token = _cookie(tctx, "dl_teacher")["value"].split(".", 1)[1]
        from urllib.parse import unquote

        co = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(co)
        other = co.new_page()
        open_app(other, base, "", f"class={code}&teacher={unquote(token)}")
        _follows(other, STEPS[0])  # it takes the class's view
        other.wait_for_timeout(3000)  # six student polls
        for s in students.values():
            assert f"/{STEPS[0]}" in s.url
        assert "teacher=" not in other.url

        # ---- the reveal: each student's verdict ------------------------------------------------------
        teacher.get_by_role("button", name=re.compile("Reveal to the class")).click()
        for s in (desk, phone):
            s.wait_for_function("(vs) => vs.some(v => document.body.innerText.includes(v))",
                                arg=list(VERDICTS), timeout=30_000)
            s.wait_for_function("(t) => !document.body.innerText.includes(t)", arg=HELD_BACK,
                                timeout=30_000)  # the slopes are out too

        # ---- the rest of the argument, Home and page 6 --------------------------------------------
        for step in [*STEPS[1:], ""]:
            if step:
                go_to(teacher, step)
            else:
                teacher.locator("[data-testid='stSidebarNav'] a").first.click()  # Home
                wait_idle(teacher)
            took = {n: _follows(s, step) for n, s in students.items()}
            print(f"/{step} reached the students in {took}")
            for s in students.values():
                assert_no_exception(s)
        go_to(teacher, "live_training")
        for name, s in students.items():
            _follows(s, "live_training")
            try:
                s.wait_for_function(f"() => !!({ANIMATED})()", timeout=120_000)
            except Exception:
                screenshot(s, f"lesson_page6_{name}")
                raise
        teacher.wait_for_function(f"() => !!({ANIMATED})()", timeout=120_000)
        assert "Ignored unknown link parameters" not in _body(desk)
        n = teacher.evaluate(N_FRAMES)
        teacher.locator(".updatemenu-button").first.click()  # ▶ Play on the projected screen
        for s in (desk, phone):
            took = wait_active(s, "a < x - 1", n, timeout=30_000)
            print(f"Play reached a student in {took:.2f} s")
        teacher.locator(".updatemenu-button").nth(1).click()  # ❚❚ Pause
        teacher.get_by_text("Train it yourself").first.click()
        for s in (desk, phone):
            s.get_by_text("Your teacher's run").first.wait_for(timeout=60_000)
            wait_idle(s)
            assert s.get_by_role("button", name=re.compile(r"^Start$")).count() == 0
        teacher.get_by_text("Ready: press Start").first.wait_for(timeout=60_000)
        wait_idle(teacher)
        teacher.get_by_role("button", name=re.compile(r"Start")).first.click()
        desk.get_by_text(re.compile(r"(Training: iteration|Paused at iteration) [1-9]")).first \
            .wait_for(timeout=120_000)
        teacher.get_by_role("button", name=re.compile(r"Pause")).first.click()
        screenshot(phone, "lesson_phone_page6")
        for s in students.values():
            assert_no_exception(s)

        # ---- the end: the class cookies are cleared ------------------------------------------------
        go_to(teacher, "class")
        teacher.get_by_role("button", name=re.compile("End the class")).first.click()
        teacher.get_by_role("button", name=re.compile("End the class and delete its data")).click()
        wait_idle(teacher)
        end = time.time() + 30
        while time.time() < end and (any(c["name"] == "dl_teacher" for c in tctx.cookies())
                                     or any(c["name"] == "dl_student" for c in dctx.cookies())):
            time.sleep(0.5)
        assert not any(c["name"] == "dl_teacher" for c in tctx.cookies())
        assert not any(c["name"] == "dl_student" for c in dctx.cookies())
        assert_no_exception(teacher)
    finally:
        for c in contexts:
            c.close()
        stop_server(proc)

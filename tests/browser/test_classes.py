"""A lesson in headless Chromium: a teacher and two students, each in a browser context of their
own (separate cookies and sessions), on one server with its own SQLite data folder.

The teacher starts a class from the sidebar and reloads (the cookie keeps the teacher's powers, and
the reloaded session takes the class's view), then goes to page 1;
the students join by the link; both commit a guess; the teacher sees the tally, reveals; each
student sees the answer beside their own guess; the teacher moves θ and both students' θ follow.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import (assert_no_exception, open_app, press_slider, screenshot,
                                    start_class, start_server, stop_server, wait_idle)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLIDER = "Offset θ of Q"
QUESTION = ".st-key-dl_predict_js_slopes"


def theta_of(page) -> str:
    return page.locator("[data-testid='stSlider']").filter(has_text=SLIDER).first \
        .locator("input[type='range']").first.input_value()


def wait_text(page, text: str, timeout: float = 20_000) -> float:
    """Wait until ``text`` is on the page; returns the seconds it took."""
    t0 = time.perf_counter()
    page.get_by_text(text).first.wait_for(state="visible", timeout=timeout)
    return time.perf_counter() - t0


@pytest.fixture
def class_server(tmp_path, monkeypatch):
    from tests.browser.conftest import _need_browser

    _need_browser()
    monkeypatch.delenv("DL_DATABASE_URL", raising=False)
    monkeypatch.setenv("DL_DATA_DIR", str(tmp_path / "data"))
    proc, base = start_server(launcher="app.serve")  # the class cookies need its route
    yield base
    stop_server(proc)


def go_to(page, url_path: str) -> None:
    """Navigate as a user does: the sidebar's link to ``/url_path`` (a teacher's explicit
    navigation, which the class follows)."""
    page.locator(f"[data-testid='stSidebarNav'] a[href$='/{url_path}']").first.click()
    page.wait_for_url(f"**/{url_path}**", timeout=30_000)
    wait_idle(page)


def commit(page, option: str) -> None:
    box = page.locator(QUESTION)
    if not box.get_by_text(option, exact=True).is_visible():  # a student's question is folded
        box.locator("summary").first.click()
        page.wait_for_timeout(300)
    box.get_by_text(option, exact=True).click()
    wait_idle(page)
    box.get_by_role("button", name=re.compile("Commit my guess")).click()
    wait_idle(page)


def test_a_teacher_and_two_students(class_server, browser):
    base = class_server
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3)]
    teacher, a, b = (c.new_page() for c in contexts)
    try:
        code = start_class(teacher, base)
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", code), code
        assert teacher.locator(".st-key-dl_qr img").count() == 1
        assert "teacher=" not in teacher.url
        # a reload is a new session: the cookie keeps the teacher's powers, and the session
        # first takes the class's view (the Class page), whatever the address it opened
        open_app(teacher, base, "js_saturates")
        teacher.wait_for_url("**/class**", timeout=30_000)
        wait_idle(teacher)
        assert teacher.get_by_text("You are teaching class").first.is_visible()
        assert_no_exception(teacher)
        go_to(teacher, "js_saturates")  # the teacher's own navigation moves the class

        for s in (a, b):  # join by link: the view follows the teacher to page 1
            open_app(s, base, "", f"class={code}")
            s.wait_for_url("**/js_saturates**", timeout=30_000)
            wait_idle(s)
            assert s.get_by_text("You are in class").first.is_visible()
            assert_no_exception(s)
            assert "teacher" not in s.url

        commit(a, "Both are 0: neither changes any more")
        commit(b, "dJS/dθ = 0, while dW1/dθ = ±1")
        for s in (a, b):
            assert s.get_by_text("The answer appears when your teacher reveals it").first.is_visible()
            assert s.get_by_text("Not this time.").count() == 0
            assert s.get_by_text("What the class predicted").count() == 0  # no tally for students

        took = wait_text(teacher, "2 of 2 answered")
        print(f"tally reached the teacher in {took:.2f} s")
        teacher.locator(QUESTION).scroll_into_view_if_needed()
        screenshot(teacher, "class_tally")
        teacher.get_by_role("button", name=re.compile("Reveal to the class")).click()
        t_a = wait_text(a, "Not this time.")
        t_b = wait_text(b, "Right.")
        print(f"reveal reached the students in {t_a:.2f} s and {t_b:.2f} s")
        for s in (a, b):
            assert s.locator(QUESTION).get_by_text("Answer").first.is_visible()

        before = theta_of(teacher)
        press_slider(teacher, SLIDER, "ArrowRight", 6)
        after = theta_of(teacher)
        assert after != before
        t0 = time.perf_counter()
        for s in (a, b):
            s.wait_for_function(
                "([label, v]) => [...document.querySelectorAll('[data-testid=stSlider]')]"
                ".some(e => e.innerText.includes(label) && "
                "e.querySelector('input[type=range]').value === v)",
                arg=[SLIDER, after], timeout=20_000)
        print(f"θ {before} → {after} reached both students in {time.perf_counter() - t0:.2f} s")
        for s in (a, b):
            assert_no_exception(s)
        # a student reloads: the cookie brings back the same anonymous id (no double count)
        a.reload()
        a.wait_for_selector("[data-testid='stApp']", timeout=60_000)
        wait_idle(a)
        wait_text(a, "You are in class")
        assert "teacher" not in a.url
        teacher.wait_for_timeout(2500)  # two tally refreshes
        assert teacher.get_by_text("2 of 2 answered").count() == 1
    finally:
        for c in contexts:
            c.close()


def join_code_overflow(page) -> float:
    """How many pixels of the join code's text stick out of its column (≤ 0: it fits)."""
    return page.evaluate("""() => { const e = document.querySelector('.dl-join-code');
        const r = document.createRange(); r.selectNodeContents(e);
        const col = e.closest('[data-testid=stColumn]').getBoundingClientRect();
        return r.getBoundingClientRect().right - col.right; }""")


def test_the_class_screen_in_presentation_mode(class_server, browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    try:
        open_app(page, class_server, "class", "present=1")
        page.get_by_role("button", name=re.compile("Start a class")).click()
        page.locator(".st-key-dl_qr img").wait_for(timeout=30_000)
        wait_idle(page)
        box = page.locator(".st-key-dl_qr img").bounding_box()
        assert box["width"] >= 400 and box["y"] + box["height"] <= 720 + 200, box
        assert page.get_by_text("Your private teacher link").count() == 0  # never projected
        screenshot(page, "class_present")
        assert join_code_overflow(page) <= 0  # the sidebar collapsed
        page.locator("[data-testid='stExpandSidebarButton']").first.click()
        page.wait_for_timeout(1000)
        assert join_code_overflow(page) <= 0  # the sidebar open: a narrower column
        screenshot(page, "class_present_sidebar")
    finally:
        ctx.close()


def wait_theta(page, value: str, timeout: float = 20_000) -> None:
    page.wait_for_function(
        "([label, v]) => [...document.querySelectorAll('[data-testid=stSlider]')]"
        ".some(e => e.innerText.includes(label) && "
        "e.querySelector('input[type=range]').value === v)",
        arg=[SLIDER, value], timeout=timeout)


def test_a_co_teacher_moves_nobody_and_the_last_action_wins(class_server, browser):
    """The private teacher link opened in a second browser adopts the class's view (page 1, the
    teacher's θ) and moves nobody; its own slider then moves the class and the first teacher's
    screen (the sidebar's poll, a run_every fragment AppTest does not fire); the first teacher's
    navigation then moves the co-teacher and the student."""
    base = class_server
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3)]
    a, b, s = (c.new_page() for c in contexts)
    try:
        code = start_class(a, base)
        a.get_by_text("Your private teacher link").click()
        a.wait_for_timeout(500)
        link = a.locator("[data-testid='stCode']").inner_text().strip()
        go_to(a, "js_saturates")
        press_slider(a, SLIDER, "ArrowRight", 6)
        theta = theta_of(a)
        open_app(s, base, "", f"class={code}")
        s.wait_for_url("**/js_saturates**", timeout=30_000)
        wait_theta(s, theta)

        b.goto(link)
        b.wait_for_url("**/js_saturates**", timeout=60_000)
        wait_idle(b)
        assert theta_of(b) == theta and "teacher=" not in b.url
        s.wait_for_timeout(3000)  # a student's poll every 0.5 s, a teacher's every 2 s
        assert "/js_saturates" in s.url and theta_of(s) == theta
        assert "/js_saturates" in a.url and theta_of(a) == theta

        press_slider(b, SLIDER, "ArrowLeft", 3)
        moved = theta_of(b)
        assert moved != theta
        wait_theta(s, moved)
        wait_theta(a, moved)

        a.locator("[data-testid='stSidebarNav'] a").first.click()  # Home
        for p in (b, s):
            p.wait_for_function("() => !location.pathname.includes('js_saturates')",
                                timeout=20_000)
        for p in (a, b, s):
            wait_idle(p)
            assert_no_exception(p)
    finally:
        for c in contexts:
            c.close()

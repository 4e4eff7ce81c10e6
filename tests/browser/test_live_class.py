"""Page 6 in a class, in headless Chromium: a teacher and a following student, each in a browser
context of their own, on one server with its own SQLite data folder.

* The recorded view: the teacher opens page 6 and the student's screen follows; the teacher's
  Play starts the student's playback, Pause stops both on (nearly) the same frame, a drag of the
  timeline moves the student's to the same frame (app/recording_player.py).
* "Train it yourself": the student's screen shows the teacher's run, read-only, while it trains.

The delays are printed (``-s``).
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import (assert_no_exception, open_app, start_class, start_server,
                                    stop_server, wait_idle)
from tests.browser.test_classes import go_to

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANIMATED = ("() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".find(g => g._transitionData && g._transitionData._frames"
            " && g._transitionData._frames.length > 1)")
ACTIVE = f"() => {{ const g = ({ANIMATED})(); return g ? g._fullLayout.sliders[0].active : null; }}"
N_FRAMES = f"() => ({ANIMATED})()._transitionData._frames.length"


@pytest.fixture
def class_server(tmp_path, monkeypatch):
    from tests.browser.conftest import _need_browser

    _need_browser()
    monkeypatch.delenv("DL_DATABASE_URL", raising=False)
    monkeypatch.setenv("DL_DATA_DIR", str(tmp_path / "data"))
    proc, base = start_server()
    yield base
    stop_server(proc)


def active(page) -> int:
    return page.evaluate(ACTIVE)


def wait_active(page, cond: str, arg=None, timeout: float = 20_000) -> float:
    """Wait until ``cond`` (a JS expression of ``a``, the frame shown, and ``x``, ``arg``) holds;
    returns the seconds it took."""
    t0 = time.perf_counter()
    page.wait_for_function(f"(x) => {{ const a = ({ACTIVE})(); return a !== null && ({cond}); }}",
                           arg=arg, timeout=timeout)
    return time.perf_counter() - t0


def settled(page, wait_ms: int = 700) -> int:
    """The frame shown once it stopped changing."""
    a = active(page)
    while True:
        page.wait_for_timeout(wait_ms)
        b = active(page)
        if b == a:
            return a
        a = b


def stand_still(pages, quiet_s: float = 1.5, timeout_s: float = 20.0) -> list[tuple[int, float]]:
    """Watch the frame shown on each page (every 0.1 s) until none changed for ``quiet_s``:
    each page's last frame and when it last changed (seconds from the call)."""
    t0 = time.perf_counter()
    last = [(active(p), 0.0) for p in pages]
    while time.perf_counter() - t0 < timeout_s:
        pages[0].wait_for_timeout(100)
        now = time.perf_counter() - t0
        last = [(a, at) if (a := active(p)) == prev else (a, now)
                for p, (prev, at) in zip(pages, last)]
        if now - max(at for _, at in last) >= quiet_s:
            break
    return last


def paused_at(page) -> str | None:
    m = re.search(r"Paused at iteration (\d+)", page.locator("body").inner_text())
    return m.group(1) if m else None


def test_the_teachers_playback_and_live_run_on_a_students_screen(class_server, browser):
    base = class_server
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    teacher, student = (c.new_page() for c in contexts)
    try:
        code = start_class(teacher, base)
        open_app(student, base, "", f"class={code}")
        wait_idle(student)
        # the teacher opens page 6 (its recorded view): the student's screen follows
        go_to(teacher, "live_training")  # the teacher's navigation (a reload would only adopt)
        t0 = time.perf_counter()
        student.wait_for_url("**/live_training**", timeout=30_000)
        student.wait_for_function(f"() => !!({ANIMATED})()", timeout=60_000)
        teacher.wait_for_function(f"() => !!({ANIMATED})()", timeout=60_000)
        print(f"page 6 reached the student in {time.perf_counter() - t0:.2f} s")
        wait_idle(student)
        assert "Ignored unknown link parameters" not in student.locator("body").inner_text()
        assert_no_exception(student)
        n = teacher.evaluate(N_FRAMES)
        assert active(teacher) == active(student) == n - 1  # both open on the end of the run

        # ▶ Play on the teacher's screen: the student's playback starts from the start
        teacher.locator(".updatemenu-button").first.click()
        took = wait_active(student, "a < x - 1", n, timeout=20_000)
        a_s, a_t = active(student), active(teacher)
        print(f"Play reached the student in {took:.2f} s (frame {a_s} there, {a_t} on the "
              "teacher's)")
        assert abs(a_s - a_t) <= 5  # started where the teacher's is (by the clock), not at 0
        wait_active(student, "a >= 4", timeout=20_000)  # it goes on by itself

        # ❚❚ Pause: both stand still, on the teacher's frame
        teacher.wait_for_function(f"() => ({ACTIVE})() >= 6", timeout=20_000)
        teacher.locator(".updatemenu-button").nth(1).click()
        (a_t, s_t), (a_s, s_s) = stand_still([teacher, student])
        print(f"Pause: the teacher stopped on frame {a_t} ({s_t:.2f} s after the click), the "
              f"student on {a_s} ({s_s:.2f} s after it)")
        assert abs(a_s - a_t) <= 2 and a_t < n - 1

        # a drag of the timeline on the teacher's screen: the student's jumps there
        grip = teacher.locator(".slider-grip-rect").first
        rail = teacher.locator(".slider-rail-rect").first.bounding_box()
        g = grip.bounding_box()
        teacher.mouse.move(g["x"] + g["width"] / 2, g["y"] + g["height"] / 2)
        teacher.mouse.down()
        target_x = rail["x"] + 0.25 * rail["width"]
        teacher.mouse.move(target_x, g["y"] + g["height"] / 2, steps=8)
        teacher.mouse.up()
        a_t = settled(teacher)
        assert a_t != a_s, a_t
        t0 = time.perf_counter()
        student.wait_for_function(f"(x) => ({ACTIVE})() === x", arg=a_t, timeout=20_000)
        print(f"the timeline's drag to frame {a_t} reached the student in "
              f"{time.perf_counter() - t0:.2f} s")
        assert settled(student) == a_t

        # "Train it yourself": the student sees the teacher's run, read-only
        teacher.get_by_text("Train it yourself").first.click()
        t0 = time.perf_counter()
        student.get_by_text("Your teacher's run").first.wait_for(timeout=30_000)
        t_s = time.perf_counter() - t0
        teacher.get_by_text("Ready: press Start").first.wait_for(timeout=30_000)
        print(f"'Train it yourself' reached the student in {t_s:.2f} s (the teacher's own page "
              f"showed its run {time.perf_counter() - t0:.2f} s after the click)")
        wait_idle(teacher)
        wait_idle(student)
        assert student.get_by_role("button", name=re.compile(r"^Start$")).count() == 0
        teacher.get_by_role("button", name=re.compile(r"Start")).first.click()
        t0 = time.perf_counter()
        student.get_by_text(re.compile(r"Training: iteration \d+")).first.wait_for(timeout=30_000)
        print(f"the teacher's Start reached the student in {time.perf_counter() - t0:.2f} s")
        teacher.get_by_text(re.compile(r"Training: iteration [1-9]\d*")).first.wait_for(
            timeout=60_000)
        teacher.get_by_role("button", name=re.compile(r"Pause")).first.click()
        t0 = time.perf_counter()
        it = None  # the run's final view (its last evaluation) may come after the first "Paused"
        while it is None or it != paused_at(teacher):
            it = paused_at(teacher)
            t_t = time.perf_counter() - t0
            teacher.wait_for_timeout(1500)
        student.get_by_text(f"Paused at iteration {it}.").first.wait_for(timeout=30_000)
        print(f"the teacher's Pause: its page showed the final iteration {it} by {t_t:.2f} s "
              f"after the click, the student's by {time.perf_counter() - t0:.2f} s")
        assert_no_exception(student)
        assert_no_exception(teacher)
    finally:
        for c in contexts:
            c.close()

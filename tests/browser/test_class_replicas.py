"""Two replicas behind nginx (deploy/), sharing one PostgreSQL (a throwaway cluster this test
starts): the teacher's browser is routed to one replica and the student's to the other, and the
lesson works across them; then the teacher's replica is killed and restarted, and the class has
lost nothing.

Needs Chromium, nginx and PostgreSQL; under ``CI=true`` each missing one is a failure.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (_free_port, _need_browser, open_app, start_class, start_server,
                                    stop_server, wait_idle)
from tests.browser.test_classes import QUESTION, SLIDER, commit, go_to, theta_of, wait_text
from tests.postgres import need_postgres, postgres_cluster
from tests.test_deploy import (_get, _nginx, _upstreams, prefix,  # noqa: F401
                               start_nginx, stop_nginx_and_servers)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _route_to(prefix, proxy: str, want: str, n: int) -> tuple[str, int]:
    """A dl_route cookie value that nginx sends to replica ``want`` (found by asking)."""
    for i in range(200):
        value = f"r{i}"
        _get(proxy + "/_stcore/health", f"dl_route={value}")
        n += 1
        if _upstreams(prefix, n)[n - 1] == want:
            return value, n
    raise AssertionError(f"no route cookie reaches {want}")


def test_teacher_and_student_on_different_replicas_share_one_postgresql(prefix, browser,
                                                                          monkeypatch):
    _need_browser()
    exe = _nginx()
    need_postgres()
    with postgres_cluster() as url:
        monkeypatch.setenv("DL_DATABASE_URL", url)
        port_a = _free_port()
        # app.serve: the st.App with the class cookie route (the teacher's cookie)
        pa, base_a = start_server(port_a, launcher="app.serve")
        pb, base_b = start_server(launcher="app.serve")
        procs = [pa, pb]
        nginx = None
        contexts = []
        try:
            addr_a, addr_b = base_a.removeprefix("http://"), base_b.removeprefix("http://")
            nginx, proxy = start_nginx(exe, prefix, [base_a, base_b])
            n = len(_upstreams(prefix, 1))
            route_a, n = _route_to(prefix, proxy, addr_a, n)
            route_b, n = _route_to(prefix, proxy, addr_b, n)
            pages = []
            for route in (route_a, route_b):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                ctx.add_cookies([{"name": "dl_route", "value": route, "url": proxy}])
                contexts.append(ctx)
                pages.append(ctx.new_page())
            teacher, student = pages

            code = start_class(teacher, proxy)
            open_app(teacher, proxy, "js_saturates")  # a reload: takes the class's view
            teacher.wait_for_url("**/class**", timeout=30_000)
            go_to(teacher, "js_saturates")

            open_app(student, proxy, "", f"class={code}")
            student.wait_for_url("**/js_saturates**", timeout=30_000)
            wait_idle(student)
            # the two websockets really went to two replicas
            logged = " ".join(_upstreams(prefix))
            assert addr_a in logged and addr_b in logged

            commit(student, "dJS/dθ = 0, while dW1/dθ = ±1")
            wait_text(teacher, "1 of 1 answered")
            teacher.get_by_role("button", name=re.compile("Reveal to the class")).click()
            wait_text(student, "Right.")
            wait_idle(teacher)
            from tests.browser.conftest import press_slider

            press_slider(teacher, SLIDER, "ArrowRight", 4)
            after = theta_of(teacher)
            student.wait_for_function(
                "([label, v]) => [...document.querySelectorAll('[data-testid=stSlider]')]"
                ".some(e => e.innerText.includes(label) && "
                "e.querySelector('input[type=range]').value === v)",
                arg=[SLIDER, after], timeout=20_000)

            # the teacher's replica crashes and comes back: nothing of the class is lost
            stop_server(pa)
            pa, _ = start_server(port_a, launcher="app.serve")
            procs[0] = pa
            open_app(teacher, proxy, "js_saturates")
            wait_text(teacher, "You are teaching class", timeout=30_000)
            assert teacher.locator(QUESTION).get_by_text("Revealed to the class").count() == 1
            wait_text(teacher, "1 of 1 answered")
        finally:
            for c in contexts:
                c.close()
            stop_nginx_and_servers(nginx, procs)

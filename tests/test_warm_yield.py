"""The automatic warm-up yields to visitors (deploy/warm_caches.py): it reruns a page only when
no visitor's page run is going on or ended less than QUIET_S ago, and waits at most MAX_YIELD_S."""

import asyncio
import threading
import time

import pytest

from deploy import warm_caches as wc


def run(coro):
    """asyncio.run in a thread of its own: a Playwright test before may own this thread's loop."""
    out = []
    th = threading.Thread(target=lambda: out.append(asyncio.run(coro)))
    th.start()
    th.join(60)
    return out[0]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(wc, "_visitors", {"running": 0, "last": float("-inf"), "yielded": 0.0})


def test_quiet_without_visitors():
    assert wc.visitors_quiet()
    assert run(wc.quiet(max_wait=1.0)) < 0.05


def test_a_visitor_run_holds_the_warm_up_back_while_it_runs_and_for_quiet_s_after():
    with wc.visitor_run():
        assert wc._visitors["running"] == 1
        assert not wc.visitors_quiet()
        assert not wc.visitors_quiet(time.monotonic() + 10 * wc.QUIET_S)  # still running
    end = wc._visitors["last"]
    assert wc._visitors["running"] == 0
    assert not wc.visitors_quiet(end + 0.5 * wc.QUIET_S)
    assert wc.visitors_quiet(end + wc.QUIET_S)


def test_the_warm_up_s_own_runs_do_not_count():
    with wc.visitor_run(is_warm_up=True):
        assert wc._visitors["running"] == 0 and wc.visitors_quiet()


def test_an_exception_in_the_page_still_ends_the_visitor_run():
    with pytest.raises(RuntimeError):
        with wc.visitor_run():
            raise RuntimeError("st.rerun() raises too")
    assert wc._visitors["running"] == 0


def test_quiet_waits_for_the_visitor_but_not_beyond_max_wait():
    async def visitor(secs):
        with wc.visitor_run():
            await asyncio.sleep(secs)

    async def both(secs, max_wait):
        task = asyncio.create_task(visitor(secs))
        await asyncio.sleep(0.01)  # the visitor's run has begun
        waited = await wc.quiet(max_wait=max_wait, poll=0.01)
        await task
        return waited

    waited = run(both(0.2, max_wait=10.0))
    assert 0.2 + wc.QUIET_S - 0.05 <= waited < 0.2 + wc.QUIET_S + 1.0
    assert 0.3 <= run(both(1.0, max_wait=0.3)) < 0.6  # a busy class: one rerun anyway


def test_the_main_script_wraps_the_page_run_and_the_warm_up_marks_its_sessions():
    import ast
    from pathlib import Path

    src = (Path(wc.__file__).resolve().parent.parent / "app" / "main.py").read_text()
    with_blocks = [n for n in ast.walk(ast.parse(src)) if isinstance(n, ast.With)]
    assert any("visitor_run" in ast.unparse(w.items[0].context_expr)
               and "WARM_HEADER" in ast.unparse(w.items[0].context_expr)
               and any("nav.run()" in ast.unparse(b) for b in w.body) for w in with_blocks)

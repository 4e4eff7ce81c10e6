"""What the class tests that run the app with AppTest share: a class database of the test's own
(the ``data_dir`` fixture in tests/conftest.py), a session, the texts it drew."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import MAIN


def use_data_dir(tmp_path, monkeypatch):
    """A class database (SQLite) in ``tmp_path``; no PostgreSQL, no trusted proxies from the
    environment."""
    monkeypatch.delenv("DL_DATABASE_URL", raising=False)
    monkeypatch.delenv("DL_TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("DL_DATA_DIR", str(tmp_path))
    return tmp_path


def run_app(query: dict | None = None, page: str | None = None, *, then: str | None = None,
            timeout: float = 90) -> AppTest:
    """A new session (a new browser tab) opened with ``query``, on ``page`` (None: Home); ``then``:
    a page it switches to after its first run. Asserts that no run raised."""
    at = AppTest.from_file(MAIN, default_timeout=timeout)
    if page:
        at.switch_page(page)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if then:
        at.switch_page(then).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest, kind: str) -> list[str]:
    """The values of every element of ``kind`` ("warning", "markdown", ...) the session drew."""
    return [e.value for e in getattr(at, kind)]


def unreachable_engine(data_dir):
    """An engine whose database cannot be reached (a PostgreSQL socket in an empty folder): put it
    in the class store to play a database outage."""
    import sqlalchemy as sa

    return sa.create_engine(f"postgresql+psycopg://nobody@/x?host={data_dir}/nowhere",
                            connect_args={"connect_timeout": 1})

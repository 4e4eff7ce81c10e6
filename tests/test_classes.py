"""The class store (app/classes) against SQLite and a real PostgreSQL that this test run starts.

Under ``CI=true`` the PostgreSQL half is required (tests/postgres.py fails instead of skipping).
"""

from __future__ import annotations

import math
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from app.classes import (ALPHABET, CODE_LEN, EXPIRY_S, QUESTIONS, REGISTRY, SLIDER_BINS, ClassStore,
                         check, choice_of, normalize_code)
from app.classes import store as store_mod
from app.navigation import PAGES
from tests.postgres import need_postgres, postgres_cluster

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pg_url():
    need_postgres()
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = ClassStore(f"sqlite:///{tmp_path / 'data' / 'classes.sqlite3'}")
    else:
        s = ClassStore(request.getfixturevalue("pg_url"))
        with s.engine.begin() as conn:  # one cluster for the module: start each test empty
            for table in ("answers", "reveals", "students", "classes"):
                conn.execute(sa.text(f"DELETE FROM {table}"))
    yield s
    s.dispose()


def _rows(s: ClassStore, table: str) -> int:
    with s.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


# ---- codes and tokens ---------------------------------------------------------------------------
def test_codes_use_an_unambiguous_alphabet_and_tokens_have_at_least_128_bits(store):
    assert not set("0O1lIL") & set(ALPHABET) and len(set(ALPHABET)) == 31
    seen = set()
    for _ in range(20):
        code, token = store.create()
        assert len(code) == CODE_LEN and set(code) <= set(ALPHABET)
        assert re.fullmatch(r"[A-Za-z0-9_\-]+", token) and len(token) * 6 >= 128
        seen.add(code)
    assert len(seen) == 20
    # the database holds the token's SHA-256, never the token
    with store.engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(sa.text("SELECT teacher_hash FROM classes"))]
    assert all(len(h) == 64 and token not in h for h in hashes)
    assert math.log2(len(ALPHABET)) * CODE_LEN > 39  # the code space in docs/SECURITY.md


def test_typed_codes_are_normalized_and_garbage_refused():
    assert normalize_code(" abcd-efgh ") == "ABCDEFGH"
    for bad in ("", "ABC", "ABCDEFGH1", "ABCD0FGH", "'; DROP TABLE classes;--", "ABCDEFGHJ"):
        with pytest.raises(ValueError):
            normalize_code(bad)


# ---- joining --------------------------------------------------------------------------------------
def test_join_refuses_unknown_ended_and_expired_codes(store):
    code, token = store.create()
    sid = store.join(code.lower()[:4] + "-" + code[4:].lower())
    assert store.is_student(code, sid) and not store.is_student(code, "someone-else")
    with pytest.raises(ValueError):
        store.join("".join(reversed(code)) if "".join(reversed(code)) != code else "ABCDEFGH")
    with pytest.raises(ValueError):
        store.join("'; DROP TABLE classes;--")
    assert _rows(store, "classes") == 1  # the hostile code was a bound parameter at most
    store.end(code, token)
    with pytest.raises(ValueError):
        store.join(code)
    code2, _ = store.create()
    with store.engine.begin() as conn:  # 12 hours later
        conn.execute(sa.text("UPDATE classes SET expires_at = :t WHERE code = :c"),
                     {"t": time.time() - 1, "c": code2})
    with pytest.raises(ValueError):
        store.join(code2)


def test_expired_classes_are_deleted_with_everything_in_them(store):
    code, token = store.create()
    sid = store.join(code)
    store.answer(code, sid, "home.where_js", "ln2")
    store.reveal(code, token, "home.where_js")
    keep, _ = store.create()
    with store.engine.connect() as conn:
        created = conn.execute(sa.text("SELECT created_at, expires_at FROM classes WHERE code=:c"),
                               {"c": code}).one()
    assert created[1] - created[0] == pytest.approx(EXPIRY_S) and EXPIRY_S == 12 * 3600
    assert store.purge(now=created[1] - 1) == 0
    assert store.purge(now=created[1] + 1) >= 1
    for table in ("answers", "reveals", "students"):
        assert _rows(store, table) == 0, table
    assert store.poll(code) is None and store.poll(keep) is None  # both were past that time
    with pytest.raises(ValueError):
        store.answer(code, sid, "home.where_js", "ln2")


# ---- answers, tallies, reveals -------------------------------------------------------------------
def test_answers_are_tallied_and_a_later_answer_replaces_the_earlier(store):
    code, token = store.create()
    sids = [store.join(code) for _ in range(5)]
    for sid, choice in zip(sids, ["ln2", "ln2", "grows", "inf", "ln2"]):
        store.answer(code, sid, "home.where_js", choice)
    assert store.tally(code, "home.where_js") == {"grows": 1, "ln2": 3, "inf": 1, "zero": 0}
    store.answer(code, sids[2], "home.where_js", "ln2")  # changes their mind
    assert store.tally(code, "home.where_js") == {"grows": 0, "ln2": 4, "inf": 1, "zero": 0}
    assert store.tally(code, "js.slopes") == {c: 0 for c in QUESTIONS["js.slopes"]}
    # a number question, in bins of the slider's range
    store.answer(code, sids[0], "em.textbook_w1", choice_of("em.textbook_w1", 1.0))
    store.answer(code, sids[1], "em.textbook_w1", choice_of("em.textbook_w1", 1.15))
    store.answer(code, sids[3], "em.textbook_w1", choice_of("em.textbook_w1", 3.0))
    got = store.tally(code, "em.textbook_w1")
    assert got["0.9-1.2"] == 2 and got["2.7-3"] == 1 and sum(got.values()) == 3
    # another class's tally is its own
    other, _ = store.create()
    assert sum(store.tally(other, "home.where_js").values()) == 0


def test_bad_questions_choices_and_students_are_refused(store):
    code, _ = store.create()
    sid = store.join(code)
    for qid, choice in [("nope", "ln2"), ("home.where_js", "LN2"), ("home.where_js", "0-0.3"),
                        ("home.where_js'; --", "ln2"), ("em.textbook_w1", "1.0"),
                        ("home.where_js", None), (None, "ln2")]:
        with pytest.raises(ValueError):
            store.answer(code, sid, qid, choice)
    with pytest.raises(ValueError):
        store.answer(code, "not-a-student", "home.where_js", "ln2")
    other, _ = store.create()
    with pytest.raises(ValueError):  # a student of one class cannot answer in another
        store.answer(other, sid, "home.where_js", "ln2")
    with pytest.raises(ValueError):
        store.tally(code, "nope")
    assert _rows(store, "answers") == 0


def test_only_the_teacher_token_reveals_publishes_and_ends(store):
    code, token = store.create()
    other_code, other_token = store.create()
    sid = store.join(code)
    assert not store.revealed(code, "gg.minimax")
    for bad in ("", "x" * 32, other_token, sid, code):
        with pytest.raises(PermissionError):
            store.reveal(code, bad, "gg.minimax")
        with pytest.raises(PermissionError):
            store.end(code, bad)
        with pytest.raises(PermissionError):
            store.set_view(code, bad, "critic", {})
        assert not store.is_teacher(code, bad)
    assert store.is_teacher(code, token) and not store.is_teacher(other_code, token)
    v0 = store.poll(code)
    store.reveal(code, token, "gg.minimax")
    assert store.revealed(code, "gg.minimax") and not store.revealed(other_code, "gg.minimax")
    v1 = store.poll(code, since_seq=v0.seq)
    assert v1.seq == v0.seq + 1 and v1.revealed == {"gg.minimax"}
    assert store.poll(code, since_seq=v1.seq).revealed == frozenset()  # unchanged: one SELECT
    store.reveal(code, token, "gg.minimax")  # twice is fine
    with pytest.raises(ValueError):
        store.reveal(code, token, "nope")
    store.end(code, token)
    assert _rows(store, "classes") == 1 and _rows(store, "students") == 0
    with pytest.raises(ValueError):
        store.revealed(code, "nope")


def test_the_teachers_view_is_published_bounded_and_read_back(store):
    code, token = store.create()
    sid = store.join(code)
    seq = store.set_view(code, token, "js_saturates", {"js.theta": "1.5", "js.preset": "uniforms"})
    v = store.poll(code)
    assert (v.seq, v.page, v.params) == (seq, "js_saturates", {"js.preset": "uniforms",
                                                                "js.theta": "1.5"})
    huge = {f"k{i}": "v" * 1000 for i in range(500)}
    store.set_view(code, token, "p" * 500, huge)
    v = store.poll(code)
    assert len(v.page) == 64 and len(v.params) == 60 and all(len(x) == 200 for x in v.params.values())
    store.heartbeat(code, sid, "critic")
    assert store.presence(code) == {"critic": 1}
    assert store.presence(code, within_s=-1) == {}
    store.leave(code, sid)
    assert store.presence(code) == {}


def test_concurrent_answers_from_many_threads(store):
    code, _ = store.create()
    sids = [store.join(code) for _ in range(30)]
    choices = QUESTIONS["live.tracks"]
    errors = []

    def student(i):
        try:
            for k in range(3):  # each changes their mind twice; the last answer counts
                store.answer(code, sids[i], "live.tracks", choices[(i + k) % len(choices)])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(30)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors, errors[:3]
    expected = {c: 0 for c in choices}
    for i in range(30):
        expected[choices[(i + 2) % len(choices)]] += 1
    assert store.tally(code, "live.tracks") == expected


# ---- schema and databases --------------------------------------------------------------------------
def test_migrations_run_at_start_and_again_harmlessly(store):
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == \
            "0002_class_tools"
    again = ClassStore(store.url)  # a second server (replica) on the same database
    code, _ = again.create()
    assert store.poll(code) is not None
    again.dispose()


def test_sqlite_file_is_created_on_first_use_in_wal_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("DL_DATABASE_URL", raising=False)
    monkeypatch.setenv("DL_DATA_DIR", str(tmp_path / "nested" / "data"))
    assert store_mod.default_url().endswith("nested/data/classes.sqlite3")
    assert not (tmp_path / "nested").exists()
    s = ClassStore()
    s.create()
    db = tmp_path / "nested" / "data" / "classes.sqlite3"
    assert db.exists()
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.dispose()
    monkeypatch.setenv("DL_DATABASE_URL", "postgres://u:p@db.internal/lab")
    assert store_mod.default_url() == "postgres://u:p@db.internal/lab"
    assert store_mod.normalize_url("postgres://u:p@db.internal/lab").startswith(
        "postgresql+psycopg://")


def test_a_locked_sqlite_database_fails_fast_with_an_operational_error(tmp_path):
    s = ClassStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    code, _ = s.create()
    sid = s.join(code)
    locker = sqlite3.connect(tmp_path / "c.sqlite3", timeout=0)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        t0 = time.perf_counter()
        with pytest.raises(OperationalError):
            s.answer(code, sid, "home.where_js", "ln2")
        assert time.perf_counter() - t0 < 10
    finally:
        locker.rollback()
        locker.close()
    s.answer(code, sid, "home.where_js", "ln2")  # works again once the lock is gone
    assert s.tally(code, "home.where_js")["ln2"] == 1
    s.dispose()


def test_an_unreachable_postgresql_fails_fast(tmp_path):
    t0 = time.perf_counter()
    with pytest.raises(OperationalError):
        ClassStore(f"postgresql://nobody@/postgres?host={tmp_path}")
    assert time.perf_counter() - t0 < 10


def test_postgresql_replicas_migrate_once_when_they_start_together(pg_url):
    """Four server processes open the same fresh database at once: the advisory lock in
    migrations/env.py lets one migrate while the others wait, and none fails."""
    eng = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(sa.text("DROP DATABASE IF EXISTS fresh"))
        conn.execute(sa.text("CREATE DATABASE fresh"))
    eng.dispose()
    fresh = pg_url.replace("/postgres?", "/fresh?")
    code = ("import sys; sys.path.insert(0, %r); from app.classes import ClassStore; "
            "s = ClassStore(%r); print(s.create()[0])") % (str(ROOT), fresh)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-800:] for o in outs]
    s = ClassStore(fresh)
    with s.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM classes")).scalar_one() == 4
    s.dispose()


# ---- the question registry is the pages' own list --------------------------------------------------
def test_every_registered_question_is_asked_on_its_page():
    files = {("" if p.step == 0 else p.url_path): p.path for p in PAGES}
    for qid, spec in REGISTRY.items():
        src = files[spec.page].read_text(encoding="utf-8")
        assert f'"{qid}"' in src, (qid, spec.page)
    # and every predict_then_reveal on a page names a registered id (a literal or a constant)
    for p in PAGES:
        src = p.path.read_text(encoding="utf-8")
        for m in re.finditer(r"predict_then_reveal\(\s*([^,]+),", src):
            arg = m.group(1).strip()
            if arg.startswith('"'):
                assert arg.strip('"') in REGISTRY, (p.file, arg)
            else:
                const = re.search(rf"^{re.escape(arg)}\s*=\s*\"([^\"]+)\"", src, re.M)
                assert const and const.group(1) in REGISTRY, (p.file, arg)


def test_check_refuses_a_page_that_disagrees_with_the_registry():
    assert check("home.where_js", "choice", ["grows", "ln2", "inf", "zero"]).page == ""
    with pytest.raises(ValueError, match="register"):
        check("home.new_question", "choice", ["a", "b"])
    with pytest.raises(ValueError, match="options"):
        check("home.where_js", "choice", ["ln2", "grows"])
    with pytest.raises(ValueError, match="kind"):
        check("home.where_js", "slider", range=(0, 1, 0.1))
    with pytest.raises(ValueError, match="range"):
        check("em.textbook_w1", "slider", range=(0.0, 4.0, 0.05))


def test_number_guesses_fall_in_equal_bins_of_the_slider_range():
    bins = QUESTIONS["em.textbook_w1"]
    assert len(bins) == SLIDER_BINS and bins[0] == "0-0.3" and bins[-1] == "2.7-3"
    assert choice_of("em.textbook_w1", 0.0) == "0-0.3"
    assert choice_of("em.textbook_w1", 0.3) == "0.3-0.6"  # left end included
    assert choice_of("em.textbook_w1", 0.6) == "0.6-0.9"  # not pushed down by rounding
    assert choice_of("em.textbook_w1", 2.95) == "2.7-3" == choice_of("em.textbook_w1", 3.0)
    for bad in (-0.05, 3.05, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            choice_of("em.textbook_w1", bad)
    with pytest.raises(ValueError):
        choice_of("home.where_js", "maybe")

"""Class sessions on a real database: one teacher, many anonymous students, counts only.

``ClassStore(url)`` opens (and, for SQLite, creates) the database, brings its schema to the
newest Alembic revision (``app/classes/migrations``), and offers the operations a lesson needs.
It is safe to share one store between the threads of a server (SQLAlchemy's pool), and between
replicas of a server that point at the same PostgreSQL (every state lives in the database).

Tables (see migrations/versions/0001_classes.py):

* ``classes``: the join code (primary key), the SHA-256 of the teacher's token (never the token),
  creation and expiry times, the teacher's current view (page and URL parameters) and ``seq``, a
  counter bumped by every teacher action (view, reveal), so a student's poll is one small SELECT.
* ``students``: an anonymous random id per joined session, when it was last seen and on which page.
* ``answers``: one row per (student, question): the choice id; a later answer replaces it.
* ``reveals``: which questions the teacher revealed.

Nobody can read one student's answer back: the API has counts (:meth:`ClassStore.tally`) and no
per-student read. Every statement uses bound parameters (SQLAlchemy Core). A class is deleted
when its teacher ends it, or by :meth:`ClassStore.purge` once it is :data:`EXPIRY_S` old (every
``create`` purges, and other calls at most once a minute).

No Streamlit import here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

from app.classes.questions import QUESTIONS

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""Join-code letters: digits and capitals without 0/O, 1/I/L (31 symbols)."""
CODE_LEN = 8
"""31⁸ ≈ 8.5 · 10¹¹ codes (39.6 bits), see docs/SECURITY.md."""
TOKEN_BYTES = 24
"""The teacher's token: 192 random bits (secrets.token_urlsafe)."""
EXPIRY_S = 12 * 3600
MAX_PARAMS = 60
MAX_PARAM_KEY = 64
MAX_PARAM_VALUE = 200
MAX_PAGE = 64
MAX_GUESS = 64
PACES = ("lead", "roam")
TICKET_S = 60.0
"""A cookie ticket (:meth:`ClassStore.issue_ticket`) is good for one use within this long."""
JOIN_FAILURES_KEPT_S = 3600.0
PURGE_EVERY_S = 60.0
_UPGRADE_LOCK = threading.Lock()

metadata = sa.MetaData()
classes = sa.Table(
    "classes", metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("teacher_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False, server_default="0"),
    sa.Column("view_page", sa.String(MAX_PAGE), nullable=False, server_default=""),
    sa.Column("view_params", sa.Text, nullable=False, server_default="{}"),
    sa.Column("pace", sa.String(8), nullable=False, server_default="lead"),
)
students = sa.Table(
    "students", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("code", sa.String(16), sa.ForeignKey("classes.code", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("joined_at", sa.Float, nullable=False),
    sa.Column("seen_at", sa.Float, nullable=False),
    sa.Column("page", sa.String(MAX_PAGE), nullable=False, server_default=""),
)
answers = sa.Table(
    "answers", metadata,
    sa.Column("student_id", sa.String(40), sa.ForeignKey("students.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("code", sa.String(16), sa.ForeignKey("classes.code", ondelete="CASCADE"),
              nullable=False),
    sa.Column("choice", sa.String(32), nullable=False),
    sa.Column("guess", sa.String(MAX_GUESS), nullable=False, server_default=""),
    sa.Index("ix_answers_code_question", "code", "question_id"),
)
reveals = sa.Table(
    "reveals", metadata,
    sa.Column("code", sa.String(16), sa.ForeignKey("classes.code", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("revealed_at", sa.Float, nullable=False),
)


join_failures = sa.Table(
    "join_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("addr_hash", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_join_failures_addr_at", "addr_hash", "at"),
)
cookie_tickets = sa.Table(
    "cookie_tickets", metadata,
    sa.Column("ticket_hash", sa.String(64), primary_key=True),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
)


@dataclass(frozen=True)
class ClassView:
    """What a student's poll needs: the teacher's view and the revealed questions."""

    seq: int
    page: str
    params: dict[str, str]
    revealed: frozenset[str] = field(default_factory=frozenset)
    expires_at: float = 0.0
    pace: str = "lead"
    """``"lead"``: the teacher keeps the class on the teacher's page; ``"roam"``: students roam."""


def default_url() -> str:
    """``DL_DATABASE_URL`` if set, else SQLite in ``DL_DATA_DIR`` (default
    ``$XDG_DATA_HOME/divergence-lab`` or ``~/.local/share/divergence-lab``)."""
    url = os.environ.get("DL_DATABASE_URL", "").strip()
    if url:
        return url
    base = os.environ.get("DL_DATA_DIR", "").strip() or os.path.join(
        os.environ.get("XDG_DATA_HOME", "").strip() or os.path.join(
            os.path.expanduser("~"), ".local", "share"), "divergence-lab")
    return f"sqlite:///{Path(base).resolve() / 'classes.sqlite3'}"


def normalize_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` use the psycopg 3 driver."""
    u = make_url(url)
    if u.drivername in ("postgres", "postgresql"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def normalize_code(text: str) -> str:
    """A typed code as stored: capitals, without spaces and dashes; ``ValueError`` if it cannot
    be one."""
    code = "".join(str(text).split()).replace("-", "").upper()
    if len(code) != CODE_LEN or any(c not in ALPHABET for c in code):
        raise ValueError("not a class code")
    return code


def _hash(token: str) -> str:
    return hashlib.sha256(str(token).encode("utf-8")).hexdigest()


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)  # created on first use
        engine = sa.create_engine(url, connect_args={"timeout": 2.0, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=2000")
            cur.close()
        return engine
    return sa.create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_timeout=5,
        connect_args={"connect_timeout": 3,
                      "options": "-c statement_timeout=5000 -c lock_timeout=3000"})


def upgrade(engine: Engine) -> None:
    """Bring the schema to Alembic's head (run by every ``ClassStore``; concurrent replicas on
    PostgreSQL take an advisory lock in migrations/env.py, so one migrates and the others wait)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with _UPGRADE_LOCK, engine.begin() as conn:  # Alembic loads env.py as a module: one at a time
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class ClassStore:
    """Class sessions in the database at ``url`` (SQLAlchemy URL; see :func:`default_url`)."""

    def __init__(self, url: str | None = None):
        self.url = normalize_url(url or default_url())
        self.engine = make_engine(self.url)
        self.dialect = self.engine.dialect.name
        self._count_lock = threading.Lock()
        self.statements = 0
        """Statements sent to the database so far (for the benchmark's queries per second)."""
        self._stats_every = float(os.environ.get("DL_DB_STATS_S", "0") or 0)
        self._stats_last = 0.0
        event.listen(self.engine, "before_cursor_execute", self._count)
        upgrade(self.engine)
        self._last_purge = 0.0

    def _count(self, *_args) -> None:
        with self._count_lock:
            self.statements += 1
            if self._stats_every > 0:
                now = time.time()
                if now - self._stats_last >= self._stats_every:
                    self._stats_last = now
                    print(f"dl-db-stats t={now:.3f} statements={self.statements}",
                          file=sys.stderr, flush=True)

    def dispose(self) -> None:
        self.engine.dispose()

    # ---- helpers ---------------------------------------------------------------------------
    def _upsert(self, table, values: dict, keys: list[str], update: dict):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        elif self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            raise RuntimeError(f"unsupported database {self.dialect}")
        return insert(table).values(**values).on_conflict_do_update(index_elements=keys,
                                                                     set_=update)

    def _maybe_purge(self) -> None:
        if time.time() - self._last_purge > PURGE_EVERY_S:
            self.purge()

    def _alive(self, conn, code: str, now: float):
        return conn.execute(sa.select(classes.c.teacher_hash, classes.c.expires_at)
                            .where(classes.c.code == code, classes.c.expires_at > now)).first()

    def _check_teacher(self, conn, code: str, token: str, now: float) -> None:
        row = self._alive(conn, code, now)
        if row is None:
            raise ValueError("unknown, ended or expired class")
        if not hmac.compare_digest(row.teacher_hash, _hash(token)):
            raise PermissionError("this token does not own the class")

    @staticmethod
    def _code(code: str) -> str:
        try:
            return normalize_code(code)
        except (ValueError, TypeError):
            raise ValueError("unknown, ended or expired class") from None

    @staticmethod
    def _question(question_id: str) -> tuple[str, ...]:
        if not isinstance(question_id, str) or question_id not in QUESTIONS:
            raise ValueError("unknown question")
        return QUESTIONS[question_id]

    # ---- the public API --------------------------------------------------------------------
    def create(self) -> tuple[str, str]:
        """A new class: ``(join code, teacher token)``. Only the token's hash is stored."""
        self.purge()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = time.time()
        for _ in range(8):
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LEN))
            try:
                with self.engine.begin() as conn:
                    conn.execute(classes.insert().values(
                        code=code, teacher_hash=_hash(token), created_at=now,
                        expires_at=now + EXPIRY_S, seq=0, view_page="", view_params="{}"))
                return code, token
            except IntegrityError:  # the code is taken (1 in 10¹¹ per live class): draw again
                continue
        raise RuntimeError("could not draw a free class code")

    def join(self, code: str) -> str:
        """A new anonymous student id in the class; ``ValueError`` for an unknown, ended or
        expired code."""
        code = self._code(code)
        self._maybe_purge()
        now = time.time()
        sid = secrets.token_urlsafe(16)
        with self.engine.begin() as conn:
            if self._alive(conn, code, now) is None:
                raise ValueError("unknown, ended or expired class")
            conn.execute(students.insert().values(id=sid, code=code, joined_at=now, seen_at=now,
                                                  page=""))
        return sid

    def answer(self, code: str, student_id: str, question_id: str, choice: str,
               guess: str = "") -> None:
        """Record (or replace) the student's choice, and the guess itself (``guess``, a short
        text such as ``"0.7"``, read back only by that student: :meth:`my_answers`);
        ``ValueError`` for an unknown question or choice, or a student not in the (live) class."""
        guess = str(guess)[:MAX_GUESS]
        choices = self._question(question_id)
        if not isinstance(choice, str) or choice not in choices:
            raise ValueError("not a choice of this question")
        code = self._code(code)
        now = time.time()
        with self.engine.begin() as conn:
            ok = conn.execute(sa.select(students.c.id).join(classes, classes.c.code == students.c.code)
                              .where(students.c.id == str(student_id), students.c.code == code,
                                     classes.c.expires_at > now)).first()
            if ok is None:
                raise ValueError("not a student of a live class")
            conn.execute(self._upsert(
                answers, dict(student_id=str(student_id), question_id=question_id, code=code,
                              choice=choice, guess=guess),
                ["student_id", "question_id"], {"choice": choice, "guess": guess}))

    def tally(self, code: str, question_id: str) -> dict[str, int]:
        """How many students chose each choice (every choice, zeros included)."""
        choices = self._question(question_id)
        code = self._code(code)
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(answers.c.choice, sa.func.count())
                                .where(answers.c.code == code,
                                       answers.c.question_id == question_id)
                                .group_by(answers.c.choice)).all()
        counts = {c: 0 for c in choices}
        for choice, n in rows:
            if choice in counts:
                counts[choice] = int(n)
        return counts

    def reveal(self, code: str, teacher_token: str, question_id: str) -> None:
        """Show the answer of ``question_id`` to the whole class (teacher only)."""
        self._question(question_id)
        code = self._code(code)
        now = time.time()
        with self.engine.begin() as conn:
            self._check_teacher(conn, code, teacher_token, now)
            conn.execute(self._upsert(reveals, dict(code=code, question_id=question_id,
                                                    revealed_at=now),
                                      ["code", "question_id"], {"revealed_at": now}))
            conn.execute(classes.update().where(classes.c.code == code)
                         .values(seq=classes.c.seq + 1))

    def revealed(self, code: str, question_id: str) -> bool:
        self._question(question_id)
        code = self._code(code)
        with self.engine.connect() as conn:
            return conn.execute(sa.select(reveals.c.question_id).where(
                reveals.c.code == code, reveals.c.question_id == question_id)).first() is not None

    def end(self, code: str, teacher_token: str) -> None:
        """End the class and delete everything about it (teacher only)."""
        code = self._code(code)
        with self.engine.begin() as conn:
            self._check_teacher(conn, code, teacher_token, time.time())
            self._delete(conn, [code])

    # ---- what the app's views need ---------------------------------------------------------
    def is_teacher(self, code: str, teacher_token: str) -> bool:
        """Whether ``teacher_token`` owns the live class ``code`` (never raises for a bad token)."""
        try:
            code = self._code(code)
            with self.engine.connect() as conn:
                self._check_teacher(conn, code, teacher_token, time.time())
            return True
        except (ValueError, PermissionError):
            return False

    def is_student(self, code: str, student_id: str) -> bool:
        """Whether ``student_id`` is a student of the live class ``code``."""
        try:
            code = self._code(code)
        except ValueError:
            return False
        with self.engine.connect() as conn:
            return conn.execute(sa.select(students.c.id)
                                .join(classes, classes.c.code == students.c.code)
                                .where(students.c.id == str(student_id), students.c.code == code,
                                       classes.c.expires_at > time.time())).first() is not None

    def set_view(self, code: str, teacher_token: str, page: str, params: dict[str, str]) -> int:
        """Publish the teacher's page and URL parameters; returns the new ``seq``."""
        code = self._code(code)
        page = str(page)[:MAX_PAGE]
        clean = {str(k)[:MAX_PARAM_KEY]: str(v)[:MAX_PARAM_VALUE]
                 for k, v in list(dict(params).items())[:MAX_PARAMS]}
        with self.engine.begin() as conn:
            self._check_teacher(conn, code, teacher_token, time.time())
            conn.execute(classes.update().where(classes.c.code == code).values(
                seq=classes.c.seq + 1, view_page=page,
                view_params=json.dumps(clean, sort_keys=True)))
            return int(conn.execute(sa.select(classes.c.seq)
                                    .where(classes.c.code == code)).scalar_one())

    def poll(self, code: str, since_seq: int | None = None) -> ClassView | None:
        """The class's current view (None once it ended or expired). The revealed questions are
        read only when ``seq`` moved past ``since_seq`` (else returned empty): a steady poll is
        one SELECT."""
        code = self._code(code)
        now = time.time()
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(classes.c.seq, classes.c.view_page, classes.c.view_params,
                                         classes.c.expires_at, classes.c.pace)
                               .where(classes.c.code == code, classes.c.expires_at > now)).first()
            if row is None:
                return None
            revealed: frozenset[str] = frozenset()
            if since_seq is None or row.seq != since_seq:
                revealed = frozenset(r[0] for r in conn.execute(
                    sa.select(reveals.c.question_id).where(reveals.c.code == code)))
        try:
            params = json.loads(row.view_params)
            params = {str(k): str(v) for k, v in params.items()} if isinstance(params, dict) else {}
        except ValueError:
            params = {}
        return ClassView(int(row.seq), row.view_page, params, revealed, float(row.expires_at),
                         row.pace if row.pace in PACES else "lead")

    def heartbeat(self, code: str, student_id: str, page: str) -> None:
        """The student is here, on ``page``."""
        code = self._code(code)
        with self.engine.begin() as conn:
            conn.execute(students.update().where(students.c.id == str(student_id),
                                                 students.c.code == code)
                         .values(seen_at=time.time(), page=str(page)[:MAX_PAGE]))

    def presence(self, code: str, within_s: float = 20.0) -> dict[str, int]:
        """How many students were seen in the last ``within_s`` seconds, by page."""
        code = self._code(code)
        since = time.time() - within_s
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(students.c.page, sa.func.count())
                                .where(students.c.code == code, students.c.seen_at >= since)
                                .group_by(students.c.page)).all()
        return {str(p): int(n) for p, n in rows}

    def leave(self, code: str, student_id: str) -> None:
        """The student leaves: their row and their answers are deleted."""
        code = self._code(code)
        with self.engine.begin() as conn:
            conn.execute(answers.delete().where(answers.c.student_id == str(student_id),
                                                answers.c.code == code))
            conn.execute(students.delete().where(students.c.id == str(student_id),
                                                 students.c.code == code))

    def my_answers(self, code: str, student_id: str) -> dict[str, tuple[str, str]]:
        """The student's own answers, ``{question: (choice, guess)}``, for that student's screen
        after a reload (the student id is the student's secret; nobody else can ask)."""
        code = self._code(code)
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(answers.c.question_id, answers.c.choice, answers.c.guess)
                                .where(answers.c.code == code,
                                       answers.c.student_id == str(student_id))).all()
        return {str(q): (str(c), str(g)) for q, c, g in rows}

    def roster(self, code: str, within_s: float = 20.0) -> tuple[int, int]:
        """``(students in the class, of them seen in the last within_s seconds)``: every count a
        teacher sees is out of the first (a closed tab is still in the class until it leaves)."""
        code = self._code(code)
        since = time.time() - within_s
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(
                sa.func.count(), sa.func.coalesce(sa.func.sum(
                    sa.case((students.c.seen_at >= since, 1), else_=0)), 0))
                .where(students.c.code == code)).one()
        return int(row[0]), int(row[1])

    def exists(self, code: str) -> bool:
        """Whether ``code`` names a live class (for messages: never raises)."""
        try:
            code = self._code(code)
        except ValueError:
            return False
        with self.engine.connect() as conn:
            return self._alive(conn, code, time.time()) is not None

    def set_pace(self, code: str, teacher_token: str, pace: str) -> None:
        """``"lead"`` (students follow the teacher's page) or ``"roam"`` (teacher only)."""
        if pace not in PACES:
            raise ValueError("pace must be 'lead' or 'roam'")
        code = self._code(code)
        with self.engine.begin() as conn:
            self._check_teacher(conn, code, teacher_token, time.time())
            conn.execute(classes.update().where(classes.c.code == code)
                         .values(pace=pace, seq=classes.c.seq + 1))

    # ---- failed joins per client address (shared by every replica) ----------------------------
    def note_failed_join(self, address: str, now: float | None = None) -> None:
        """Count one wrong code from client ``address`` (stored as a hash)."""
        now = time.time() if now is None else now
        with self.engine.begin() as conn:
            conn.execute(join_failures.insert().values(addr_hash=_hash("addr:" + str(address)),
                                                       at=now))
            conn.execute(join_failures.delete().where(join_failures.c.at < now
                                                      - JOIN_FAILURES_KEPT_S))

    def failed_joins(self, address: str, within_s: float, now: float | None = None) -> list[float]:
        """When client ``address``'s wrong codes of the last ``within_s`` seconds came, oldest
        first."""
        now = time.time() if now is None else now
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(join_failures.c.at)
                                .where(join_failures.c.addr_hash == _hash("addr:" + str(address)),
                                       join_failures.c.at > now - within_s)
                                .order_by(join_failures.c.at)).all()
        return [float(r[0]) for r in rows]

    # ---- one-time tickets: a session asks the browser to fetch its HttpOnly cookie ------------
    def issue_ticket(self, payload: dict) -> str:
        """A one-time ticket (random, good for :data:`TICKET_S`) that :meth:`redeem_ticket`
        turns back into ``payload`` once; only its hash is stored."""
        ticket = secrets.token_urlsafe(24)
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(cookie_tickets.delete().where(cookie_tickets.c.expires_at < now))
            conn.execute(cookie_tickets.insert().values(ticket_hash=_hash(ticket),
                                                        payload=json.dumps(payload),
                                                        expires_at=now + TICKET_S))
        return ticket

    def redeem_ticket(self, ticket: str) -> dict | None:
        """The payload of a live ticket, which is used up (None if unknown, used or expired)."""
        if not isinstance(ticket, str) or not 8 <= len(ticket) <= 100:
            return None
        h = _hash(ticket)
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(cookie_tickets.c.payload, cookie_tickets.c.expires_at)
                               .where(cookie_tickets.c.ticket_hash == h)).first()
            if row is None:
                return None
            gone = conn.execute(cookie_tickets.delete()
                                .where(cookie_tickets.c.ticket_hash == h)).rowcount
        if not gone or row.expires_at < time.time():
            return None
        try:
            payload = json.loads(row.payload)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None

    def purge(self, now: float | None = None) -> int:
        """Delete every class past its expiry (and all its rows); returns how many."""
        now = time.time() if now is None else now
        self._last_purge = time.time()
        with self.engine.begin() as conn:
            codes = [r[0] for r in conn.execute(sa.select(classes.c.code)
                                                .where(classes.c.expires_at <= now))]
            if codes:
                self._delete(conn, codes)
        return len(codes)

    @staticmethod
    def _delete(conn, codes: list[str]) -> None:
        for table in (answers, reveals, students):
            conn.execute(table.delete().where(table.c.code.in_(codes)))
        conn.execute(classes.delete().where(classes.c.code.in_(codes)))

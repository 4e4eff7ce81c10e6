"""A throwaway PostgreSQL for the tests: Debian's ``postgresql`` package, a cluster made with
initdb in a temporary folder, listening only on a unix socket there (no TCP port), stopped and
deleted afterwards.

The binaries are found under ``/usr/lib/postgresql/<version>/bin`` (Debian does not put initdb
on PATH), else on PATH. initdb refuses to run as root: as root the cluster is made and run as the
``postgres`` user (``runuser``), which owns the temporary folder. Without PostgreSQL the tests
that need it skip on a laptop and FAIL under ``CI=true`` (.ci/run installs ``postgresql``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(Path(p).parts[4]) if Path(p).parts[4].isdigit() else 0)
    return found[-1] if found else shutil.which(name)


def postgres_missing() -> str | None:
    """Why no cluster can be started here (None when it can)."""
    if _bin("initdb") is None or _bin("pg_ctl") is None:
        return "PostgreSQL is not installed (apt-get install -y postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "no 'postgres' user to run initdb as (initdb refuses root)"
        if shutil.which("runuser") is None:
            return "runuser is missing"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg package is missing (requirements.txt)"
    return None


def need_postgres() -> None:
    why = postgres_missing()
    if why:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(why + " (CI=true: the PostgreSQL tests are required)", pytrace=False)
        pytest.skip(why)


@contextmanager
def postgres_cluster():
    """Start a cluster; yields its SQLAlchemy URL (user ``dl``, database ``postgres``)."""
    root = Path(tempfile.mkdtemp(prefix="dl-pg-"))
    data, sock, log = root / "data", root / "sock", root / "server.log"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        for p in (root, sock):
            os.chown(p, pg.pw_uid, pg.pw_gid)
        root.chmod(0o755)
        sock.chmod(0o777)  # the test process (root) and the app connect through this socket
        as_user = ["runuser", "-u", "postgres", "--"]
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "dl", "-E", "UTF8",
                        "--no-sync"], check=True, capture_output=True, timeout=120)
        opts = (f"-k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=200")
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-o", opts, "-l", str(log), "-w",
                        "-t", "60", "start"], check=True, capture_output=True, timeout=90)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        out = getattr(exc, "stderr", b"") or b""
        text = log.read_text() if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {out.decode(errors='replace')[-1500:]} "
                           f"{text[-1500:]}") from exc
    try:
        yield f"postgresql+psycopg://dl@/postgres?host={sock}"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)



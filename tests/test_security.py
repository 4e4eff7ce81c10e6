"""The security posture of docs/SECURITY.md, checked: each claim there has a test here.

* static: the server configuration (.streamlit/config.toml), and a scan of the code the app runs
  (app/, pages/, divergences/) for eval/exec, unpickling, dynamic imports, shell commands and
  file writes;
* live (slow): a server started under a Python audit hook (tests/audit_server.py) serves every
  page; it must set the XSRF cookie, refuse an upload without the XSRF token and a websocket from
  a foreign origin, and write no file anywhere (with ``PYTHONDONTWRITEBYTECODE=1``, as
  deploy/README.md runs it; Python's own bytecode cache is the one thing it would write otherwise).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.navigation import PAGES
from tests.browser.conftest import _free_port, stop_server
from tests.conftest import run_async

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIRS = ("app", "pages", "divergences")
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def runtime_files() -> list[Path]:
    return sorted(p for d in RUNTIME_DIRS for p in (ROOT / d).rglob("*.py"))


# ---- configuration ------------------------------------------------------------------------------

def test_xsrf_protection_is_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    # Streamlit forces CORS protection on whenever XSRF is on; the file does not contradict it
    assert CONFIG["server"].get("enableCORS", True) is True


def test_uploads_are_size_limited():
    assert 0 < CONFIG["server"]["maxUploadSize"] <= 5  # MiB, checked by Streamlit's upload route
    for p in runtime_files():
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "file_uploader":
                kw = {k.arg: k.value for k in node.keywords}
                assert "max_upload_size" in kw, f"{p}: st.file_uploader without max_upload_size"
                assert isinstance(kw["max_upload_size"], ast.Constant) and \
                    kw["max_upload_size"].value <= CONFIG["server"]["maxUploadSize"]


def test_students_see_no_tracebacks_and_no_telemetry():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_the_server_does_not_reload_modules_under_running_sessions():
    # With a file watcher, a changed source file was unloaded from sys.modules while other
    # sessions ran: reruns of 5-13 s and KeyError: 'app' in the load benchmark.
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["server"]["runOnSave"] is False


def test_no_secret_is_needed():
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()
    for p in runtime_files():
        src = p.read_text(encoding="utf-8")
        assert "st.secrets" not in src, p
    # environment settings are all optional, with defaults (e.g. DL_MAX_TRAINING_JOBS)
    for p in runtime_files():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
                    node.value.attr == "environ":
                raise AssertionError(f"{p}:{node.lineno}: os.environ[...] makes a setting "
                                     "mandatory; use os.environ.get(name, default)")


# ---- code scan ----------------------------------------------------------------------------------

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "marshal",
                     "shelve", "subprocess", "pty", "ctypes"}
FORBIDDEN_ATTRS = {
    ("torch", "load"), ("np", "load"), ("numpy", "load"), ("yaml", "load"), ("yaml", "unsafe_load"),
    ("os", "system"), ("os", "popen"), ("os", "execv"), ("os", "execvp"), ("pd", "read_pickle"),
    ("pandas", "read_pickle"), ("importlib", "import_module"),
}
WRITE_ATTRS = {"write_text", "write_bytes", "to_csv", "to_parquet", "to_json", "to_excel",
               "savefig", "save", "savez", "savetxt", "write_image", "write_html", "mkdir",
               "rename", "replace", "unlink", "rmtree", "copy", "copyfile", "move", "touch"}


def _dotted(node) -> tuple[str, str] | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id, node.attr
    return None


def scan(path: Path) -> list[str]:
    rel = path.relative_to(ROOT).as_posix()
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{rel}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""]
            for n in names:
                if n.split(".")[0] in FORBIDDEN_MODULES:
                    bad.append(f"{where}: imports {n}")
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in FORBIDDEN_CALLS:
                bad.append(f"{where}: calls {f.id}()")
            d = _dotted(f)
            if d in FORBIDDEN_ATTRS and not (d[1] == "load" and d[0] in ("np", "numpy")
                                             and _pickle_off(node)):
                bad.append(f"{where}: calls {d[0]}.{d[1]}()")
            if isinstance(f, ast.Name) and f.id == "open" or \
                    (isinstance(f, ast.Attribute) and f.attr == "open"):
                mode = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "mode"), None)
                if mode is not None and not (isinstance(mode, ast.Constant)
                                             and set(str(mode.value)) <= set("rbt")):
                    bad.append(f"{where}: opens a file for writing")
            if any(k.arg == "persist" for k in node.keywords):
                bad.append(f"{where}: a cache persisted to disk")
            if isinstance(f, ast.Attribute) and f.attr in WRITE_ATTRS:
                # df.to_csv(index=False) returns text (no path): allowed; a path argument is not
                if f.attr == "to_csv" and not node.args and \
                        all(k.arg != "path_or_buf" for k in node.keywords):
                    continue
                if f.attr == "to_json" and isinstance(f.value, ast.Attribute) and \
                        f.value.attr == "io":
                    continue  # plotly.io.to_json returns the text (plotly.io.write_json writes)
                if f.attr in ("replace", "copy", "save") and _harmless_method(f):
                    continue
                bad.append(f"{where}: .{f.attr}(...) may write a file")
    return bad


def _pickle_off(call: ast.Call) -> bool:
    """``np.load(..., allow_pickle=False)`` with the literal False: numpy arrays only, never an
    unpickled object (page 6's recordings are read so)."""
    return any(k.arg == "allow_pickle" and isinstance(k.value, ast.Constant)
               and k.value.value is False for k in call.keywords)


def _harmless_method(f: ast.Attribute) -> bool:
    """str.replace / dict.copy / array.copy / fig.update... are not file operations; a call on a
    name that looks like a path or a module (Path, os, shutil, np, torch) is."""
    base = f.value
    while isinstance(base, ast.Attribute):
        base = base.value
    if isinstance(base, ast.Call):
        base = base.func
    name = base.id if isinstance(base, ast.Name) else ""
    return name not in {"Path", "os", "shutil", "np", "numpy", "torch", "path", "p", "out"}


ALLOWED_WRITES = {("app/classes/store.py", ".mkdir("), ("app/jobs.py", ".save("),
                  ("divergences/training.py", "opens a file for writing"),
                  ("divergences/recordings.py", ".mkdir("),
                  ("divergences/recordings.py", ".write_text("),
                  ("divergences/recordings.py", ".write_bytes("),
                  ("divergences/critic_defaults.py", ".mkdir("),
                  ("divergences/critic_defaults.py", ".write_text("),
                  ("divergences/critic_defaults.py", ".write_bytes(")}
"""The writes the app's own code makes: the class-session database's data folder, created on
first use (``DL_DATA_DIR``; SQLite then writes its file there; docs/SECURITY.md says so),
``torch.save`` of a paused run's networks into an in-memory ``io.BytesIO`` (the checkpoint a job
hands a restarted trainer process: no file), the step counter the load benchmark reads, written
only when the operator sets ``DL_TRAINING_STEP_LOG`` (never by a user's input), and page 6's
recordings, written only by their build command (``python -m divergences.recordings``, a
developer's step; the app reads them, checked against their manifest), and page 4's default
critics, likewise written only by ``python -m divergences.critic_defaults`` (numbers in an
``.npz`` read with ``allow_pickle=False``, checked against the SHA-256 and code digest in their
index)."""


def test_no_eval_unpickling_shell_or_file_writes_in_the_app():
    problems = [msg for p in runtime_files() for msg in scan(p)
                if not any(msg.startswith(f + ":") and what in msg for f, what in ALLOWED_WRITES)]
    assert not problems, "\n".join(problems)
    allowed = [msg for p in runtime_files() for msg in scan(p) if msg not in problems]
    used = {(f, what) for msg in allowed for f, what in ALLOWED_WRITES
            if msg.startswith(f + ":") and what in msg}
    assert used == ALLOWED_WRITES, allowed  # every allowance is still needed


def test_only_listed_languages_open_a_catalogue():
    """The language code comes from the URL: only a code of LANGUAGES opens a file, and that
    file is the language's catalogue inside app/locales."""
    import gettext

    from app.i18n import LANGUAGES, LOCALES, catalogue_path, translations
    for bad in ("../../etc/passwd", "os", "zh/../../..", "ZH", ""):
        assert type(translations(bad)) is gettext.NullTranslations, bad
    assert set(LANGUAGES) <= {"en", "zh"}
    for lang in LANGUAGES:
        assert catalogue_path(lang).resolve().is_relative_to(LOCALES)
    assert isinstance(translations("zh"), gettext.GNUTranslations)


def test_the_scan_would_catch_what_it_forbids():
    """The scanner itself: each forbidden pattern is reported (a scan that finds nothing proves
    nothing unless it can find something)."""
    src = ("import pickle\nimport subprocess\neval('1')\nopen('x', 'w')\nPath('x').write_text('a')\n"
           "torch.load('m.pt')\nnp.load('a.npy', allow_pickle=True)\ndf.to_csv('out.csv')\n"
           "importlib.import_module(name)\n@st.cache_data(persist='disk')\ndef f(): pass\n")
    with tempfile.NamedTemporaryFile("w", suffix=".py", dir=ROOT / "tests", delete=False) as f:
        f.write(src)
    try:
        found = scan(Path(f.name))
    finally:
        os.unlink(f.name)
    assert len(found) == 10, found
    clean = "s.replace('a', 'b')\nopen('x')\nopen('x', 'rb')\ndf.to_csv(index=False)\nx.copy()\n"
    with tempfile.NamedTemporaryFile("w", suffix=".py", dir=ROOT / "tests", delete=False) as f:
        f.write(clean)
    try:
        assert scan(Path(f.name)) == []
    finally:
        os.unlink(f.name)


# ---- live: the running server -------------------------------------------------------------------

def test_the_audit_hook_sees_writes(tmp_path):
    """The live check's hook logs a write, a mkdir and a rename, and not a read (in a child
    process: an audit hook cannot be removed)."""
    log = tmp_path / "log.jsonl"
    code = ("import os, sys; from tests.audit_server import install; install(sys.argv[1]); "
            "d = sys.argv[2]; open(d + '/a.txt', 'w').write('x'); open(d + '/a.txt').read(); "
            "os.mkdir(d + '/sub'); os.rename(d + '/a.txt', d + '/b.txt')")
    subprocess.run([sys.executable, "-c", code, str(log), str(tmp_path)], cwd=ROOT, check=True,
                   timeout=60)
    events = [(w["event"], Path(w["path"]).name) for w in map(json.loads,
                                                                log.read_text().splitlines())]
    assert events == [("open", "a.txt"), ("os.mkdir", "sub"), ("os.rename", "a.txt")], events


def _start_audited(log: Path, env: dict):
    port = _free_port()
    cmd = [sys.executable, "-m", "tests.audit_server", str(log), "run", str(ROOT / "app" / "main.py"),
           f"--server.port={port}", "--server.headless=true", "--server.address=127.0.0.1",
           "--browser.gatherUsageStats=false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stdout.read().decode()[-2000:])
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the audited server did not start within 60 s")


@pytest.mark.slow
def test_live_server_xsrf_origin_and_no_writes():
    from deploy.protocol import ProtocolSession

    tmp = Path(tempfile.mkdtemp(prefix="dl-audit-"))
    log = tmp / "writes.jsonl"
    home = tmp / "home"
    home.mkdir()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", HOME=str(home))
    proc, base = _start_audited(log, env)
    try:
        # XSRF: the health check the page calls first sets the double-submit cookie; an upload
        # without the token is refused
        with urllib.request.urlopen(base + "/_stcore/health", timeout=10) as r:
            cookies = r.headers.get_all("Set-Cookie") or []
        assert any(c.startswith("_streamlit_xsrf=") for c in cookies), cookies
        req = urllib.request.Request(base + "/_stcore/upload_file/some-session/some-file",
                                     data=b"x" * 100, method="PUT")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=10)
        assert err.value.code == 403

        async def sessions():
            # a websocket opened from another site's page is refused (cross-site hijacking)
            evil = ProtocolSession(base, headers={"Origin": "https://evil.example"}, timeout=20)
            res = None
            try:
                res = await evil.open()
            except Exception:  # noqa: BLE001 - refusing during the handshake is fine too
                pass
            finally:
                await evil.close()
            assert res is None or not res.ok
            # every page, opened and its first slider moved, as a student would
            for info in PAGES:
                s = ProtocolSession(base, "" if info.step == 0 else info.url_path, timeout=120)
                try:
                    opened = await s.open()
                    assert opened.ok, (info.file, opened.error, opened.exceptions)
                    sl = s.first_slider()
                    if sl is not None:
                        import random
                        moved = await s.set_slider(sl, s.next_value(sl, random.Random(0)))
                        assert moved.ok, (info.file, moved.error, moved.exceptions)
                finally:
                    await s.close()

        run_async(sessions())
    finally:
        stop_server(proc)
    temp = Path(tempfile.gettempdir()).resolve()
    writes = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    outside = []
    for w in writes:
        p = Path(w["path"])
        p = (ROOT / p if not p.is_absolute() else p).resolve()
        if p == log.resolve() or p.is_relative_to(temp) or str(p).startswith(("/dev/", "/proc/")):
            continue
        outside.append(w)
    assert not outside, outside[:20]
    print(f"audited server: {len(writes)} file-system writes, all under {temp}: "
          f"{[(w['event'], w['path']) for w in writes][:10]}")

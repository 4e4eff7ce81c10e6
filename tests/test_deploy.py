"""Deployment beyond one machine, tested on one machine: the generated nginx configuration is
valid, and two replicas on 127.0.0.1 behind it both serve the app through it, with sticky
sessions, websockets and fail-over.

nginx runs unprivileged (as ``nobody`` when the tests run as root) with its pid file, logs and
temp directories in a temporary directory. Without nginx the tests skip on a laptop and fail
under ``CI=true`` (install it with ``apt-get install -y nginx``).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from deploy.render_nginx import nginx_args, render
from tests.browser.conftest import _free_port, start_server, stop_server
from tests.conftest import run_async

ROOT = Path(__file__).resolve().parent.parent


def _nginx() -> str:
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if exe is None:
        msg = "nginx is not installed (apt-get install -y nginx)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg + "; CI=true: the deployment tests are required", pytrace=False)
        pytest.skip(msg)
    return exe


def _unprivileged(cmd: list[str]) -> list[str]:
    """Run ``cmd`` as nobody when we are root (nginx must not need root)."""
    if os.geteuid() == 0 and shutil.which("setpriv"):
        nobody = pwd.getpwnam("nobody")
        return ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}",
                "--clear-groups", *cmd]
    return cmd


def _own_by_nobody(path: Path) -> None:
    if os.geteuid() != 0:
        return
    nobody = pwd.getpwnam("nobody")
    for p in [path, *path.rglob("*")]:
        os.chown(p, nobody.pw_uid, nobody.pw_gid, follow_symlinks=False)


@pytest.fixture
def prefix():
    d = Path(tempfile.mkdtemp(prefix="dl-nginx-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _write_conf(prefix: Path, replicas: list[str], listen: str) -> Path:
    conf = prefix / "nginx.conf"
    conf.write_text(render(replicas, listen, prefix))
    _own_by_nobody(prefix)
    return conf


def test_generated_config_is_valid(prefix):
    exe = _nginx()
    conf = _write_conf(prefix, ["127.0.0.1:8501", "127.0.0.1:8502", "127.0.0.1:8503"],
                       f"127.0.0.1:{_free_port()}")
    text = conf.read_text()
    assert "hash $dl_route consistent" in text and "proxy_set_header Host $http_host" in text
    assert "proxy_read_timeout 1d" in text and "location /_stcore/stream" in text
    assert f"pid {prefix.resolve()}/nginx.pid" in text
    # light on the school's link: gzip for proxied text, Streamlit's static files from disk with
    # their precompressed copies and a year's caching
    assert "gzip on;" in text and "gzip_proxied any;" in text and "application/javascript" in text
    assert "gzip_static on;" in text and "location /static/" in text
    assert 'Cache-Control "public, max-age=31536000, immutable"' in text
    from deploy.render_nginx import streamlit_static

    js = re.search(r'src="\./static/(js/index\.[^"]+\.js)"',
                   (streamlit_static().parent / "index.html").read_text()).group(1)
    assert (prefix / "static" / js).read_bytes() == (streamlit_static() / js).read_bytes()
    assert (prefix / "static" / (js + ".gz")).stat().st_size < (streamlit_static() / js).stat(
        ).st_size / 2
    assert not list((prefix / "static").rglob("*.woff2.gz"))  # fonts are compressed already
    res = subprocess.run(_unprivileged([exe, "-t", *nginx_args(conf, prefix)]),
                         capture_output=True, text=True, timeout=30)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert "syntax is ok" in out and "test is successful" in out, out


def test_classroom_server_settings():
    """The settings a classroom server depends on (benchmarks/bench_load.py measured them):
    no forced full GC after every rerun (it cost ~250 ms of CPU per slider move and capped one
    process at about 10 students), and XSRF on (the proxy configuration relies on it)."""
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["runner"]["postScriptGC"] is False
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"]["headless"] is True


def test_without_static_everything_is_proxied(prefix):
    text = render(["127.0.0.1:8501"], 8080, prefix, base_path="/lab/", static=False)
    assert "gzip on;" in text and "gzip_static on;" not in text
    assert "location /lab/static/" not in text
    assert not (prefix / "static").exists()
    text = render(["127.0.0.1:8501"], 8080, prefix, base_path="/lab/")
    assert "location /lab/static/" in text and f"alias {prefix.resolve()}/static/;" in text


def test_every_proxying_location_passes_the_host_and_the_client_address(prefix):
    """nginx: a location that sets any proxy_set_header inherits none from its server block. The
    app needs the browser's Host (the class cookie route refuses a POST whose Origin is not the
    Host; Streamlit checks the websocket's origin) and the client's address (join limits)."""
    import re

    text = render(["127.0.0.1:8501"], 8080, prefix, static=False)
    blocks = re.findall(r"location [^{]+\{(.*?)\n        \}", text, re.S)
    proxying = [b for b in blocks if "proxy_pass" in b and "proxy_set_header" in b]
    assert len(proxying) == 2, blocks  # the websocket and the pages
    for b in proxying:
        for header in ("Host $http_host", "X-Real-IP $remote_addr",
                       "X-Forwarded-For $proxy_add_x_forwarded_for",
                       "X-Forwarded-Proto $scheme"):
            assert f"proxy_set_header {header};" in b, (header, b)


def test_bad_replica_addresses_are_refused(prefix):
    for bad in ([], ["8501"], ["127.0.0.1:8501; include /etc/passwd"], ["host:port"]):
        with pytest.raises(ValueError):
            render(bad, 8080, prefix)


def _get(url: str, cookie: str | None = None, timeout: float = 10):
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.headers, r.read().decode("utf-8", "replace")


def _upstreams(prefix: Path, at_least: int = 0, timeout: float = 10) -> list[str]:
    """The upstream of each logged request, in order ("a, b" when nginx tried a, then b). nginx
    writes a line when a request ends, a moment after the client has its response, so wait for
    ``at_least`` lines."""
    deadline = time.time() + timeout
    while True:
        log = (prefix / "access.log").read_text() if (prefix / "access.log").exists() else ""
        ups = re.findall(r"upstream=(.*?) route=", log)
        if len(ups) >= at_least or time.time() > deadline:
            return ups
        time.sleep(0.05)


def start_nginx(exe: str, prefix: Path, bases: list[str]) -> tuple[subprocess.Popen, str]:
    """nginx (unprivileged, in the foreground) in front of the servers at ``bases``
    (``http://host:port``) on a free port; returns the process and the proxy's address once its
    health check answers 200 (AssertionError with nginx's output when it never does)."""
    port = _free_port()
    proxy = f"http://127.0.0.1:{port}"
    conf = _write_conf(prefix, [b.removeprefix("http://") for b in bases], f"127.0.0.1:{port}")
    nginx = subprocess.Popen(_unprivileged([exe, *nginx_args(conf, prefix), "-g", "daemon off;"]),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while True:
        try:
            if _get(proxy + "/_stcore/health")[0] == 200:
                return nginx, proxy
        except OSError:
            if nginx.poll() is not None or time.time() > deadline:
                if nginx.poll() is None:
                    nginx.kill()
                raise AssertionError("nginx did not serve: " + nginx.stdout.read().decode()
                                     + (prefix / "error.log").read_text()) from None
            time.sleep(0.2)


def stop_nginx_and_servers(nginx: subprocess.Popen | None, procs: list) -> None:
    """Stop what :func:`start_nginx` and ``start_server`` started (nginx first, killed if it
    does not end within 10 s; then every server still running)."""
    if nginx is not None:
        nginx.terminate()
        try:
            nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.kill()
    for p in procs:
        if p.poll() is None:
            stop_server(p)


@pytest.mark.slow
def test_two_replicas_behind_nginx_both_serve(prefix):
    exe = _nginx()
    procs = []
    nginx = None
    try:
        (pa, base_a), (pb, base_b) = start_server(), start_server()
        procs = [pa, pb]
        addr_a, addr_b = base_a.removeprefix("http://"), base_b.removeprefix("http://")
        nginx, proxy = start_nginx(exe, prefix, [base_a, base_b])
        if os.geteuid() == 0 and shutil.which("setpriv"):
            uid = int(re.search(r"^Uid:\s+(\d+)", Path(f"/proc/{nginx.pid}/status").read_text(),
                                re.M).group(1))
            assert uid == pwd.getpwnam("nobody").pw_uid  # the master process is not root

        # The app's page and health check through the proxy; each newcomer gets a route cookie.
        n = len(_upstreams(prefix))
        status, headers, body = _get(proxy + "/")
        n += 1
        assert status == 200 and "<div id=\"root\"" in body.replace("'", '"'), body[:300]
        assert "dl_route=" in (headers.get("Set-Cookie") or "")
        for _ in range(20):  # newcomers (no cookie) spread over both replicas
            assert _get(proxy + "/_stcore/health")[0] == 200
        n += 20
        seen = set(_upstreams(prefix, n))
        assert seen == {addr_a, addr_b}, seen

        # A returning student (cookie) always reaches the same replica.
        cookie = "dl_route=student-42"
        for _ in range(8):
            assert _get(proxy + "/_stcore/health", cookie)[0] == 200
        mine = set(_upstreams(prefix, n + 8)[n:n + 8])
        n += 8
        assert len(mine) == 1, (mine, (prefix / "error.log").read_text()[-2000:])
        home_replica = mine.pop()

        # The websocket through the proxy, as a browser sends it (Origin = the proxy's address):
        # Home runs and its slider reruns the page.
        from deploy.protocol import ProtocolSession

        async def session():
            s = ProtocolSession(proxy, headers={"Origin": proxy, "Cookie": cookie})
            try:
                opened = await s.open()
                assert opened.ok, (opened.error, opened.exceptions)
                assert opened.metrics["W1 (Earth Mover)"] == "0.5000 units"
                sl = s.first_slider()
                moved = await s.set_slider(sl, 1.0)
                assert moved.ok, (moved.error, moved.exceptions)
                assert moved.metrics["W1 (Earth Mover)"] == "1.0000 units"
            finally:
                await s.close()

        run_async(session())
        n += 1  # the websocket is logged when it closes
        assert _upstreams(prefix, n)[n - 1] == home_replica  # it went to the same replica

        # That replica dies: the student's next request is served by the other one.
        dead = pa if home_replica == addr_a else pb
        stop_server(dead)
        status, _, _ = _get(proxy + "/_stcore/health", cookie)
        n += 1
        assert status == 200
        tried = _upstreams(prefix, n)[n - 1]  # "dead, alive" when nginx tried the dead one first
        assert tried.split(", ")[-1] != home_replica, tried
    finally:
        stop_nginx_and_servers(nginx, procs)


def _get_raw(url: str, accept: str | None):
    """(status, headers, body as sent: not decompressed)."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.headers, r.read()


@pytest.mark.slow
def test_nginx_sends_static_files_compressed_and_cached_for_a_year(prefix):
    """Through nginx: Streamlit's hashed JavaScript gzipped from the precompressed copy (the same
    bytes once decompressed) with a year's immutable caching and no route cookie, as it is to a
    client that does not accept gzip; a static file nginx has no copy of comes from the replica;
    the proxied page is gzipped on the way."""
    import gzip as gzip_mod

    from deploy.render_nginx import streamlit_static

    exe = _nginx()
    nginx = None
    procs = []
    try:
        proc, base = start_server()
        procs = [proc]
        nginx, proxy = start_nginx(exe, prefix, [base])
        status, headers, html = _get(proxy + "/")
        js = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', html).group(1)
        original = (streamlit_static() / js.removeprefix("static/")).read_bytes()

        status, h, body = _get_raw(f"{proxy}/{js}", "gzip, deflate, br")
        assert status == 200 and h["Content-Encoding"] == "gzip", dict(h)
        assert gzip_mod.decompress(body) == original and len(body) < len(original) / 2
        assert h["Cache-Control"] == "public, max-age=31536000, immutable", dict(h)
        assert "javascript" in h["Content-Type"] and "Accept-Encoding" in (h["Vary"] or "")
        assert "dl_route" not in (h.get("Set-Cookie") or "")

        status, h, body = _get_raw(f"{proxy}/{js}", None)
        assert status == 200 and h.get("Content-Encoding") is None and body == original
        assert "immutable" in h["Cache-Control"]

        # a file the copy lacks (a replica on another Streamlit version): the replica's
        (prefix / js).unlink()
        (prefix / (js + ".gz")).unlink()
        status, h, body = _get_raw(f"{proxy}/{js}", "gzip")
        assert status == 200 and gzip_mod.decompress(body) == original, dict(h)
        assert "max-age=31536000" in h["Cache-Control"]

        status, h, body = _get_raw(proxy + "/", "gzip")  # the page itself, proxied and gzipped
        assert status == 200 and h["Content-Encoding"] == "gzip"
        assert b"<div id=" in gzip_mod.decompress(body)
    finally:
        stop_nginx_and_servers(nginx, procs)


# ---- deploy/warm_caches.py: the caches a lesson needs, trained before the class ---------------------

def test_warming_walks_every_value_of_a_slider_and_no_more_than_the_cap():
    from deploy.protocol import SliderInfo
    from deploy.warm_caches import MAX_VALUES, slider_values

    theta = SliderInfo("id", "Offset θ of Q (units)", "", 0.0, 4.0, 0.25, 3.0)
    vals = slider_values(theta)
    assert vals[0] == 0.0 and vals[-1] == 4.0 and len(vals) == 17
    assert all(abs(b - a - 0.25) < 1e-9 for a, b in zip(vals, vals[1:]))
    choice = SliderInfo("id", "c", "", 0, 0, 1.0, 2.0, n_options=5)
    assert slider_values(choice) == [0.0, 1.0, 2.0, 3.0, 4.0]
    fine = SliderInfo("id", "x", "", 0.0, 1000.0, 0.001, 0.0)
    assert len(slider_values(fine)) == MAX_VALUES  # bounded work whatever a slider offers


def test_warming_covers_every_analytic_page_and_both_views_of_the_critic():
    from app.navigation import PAGES
    from deploy.warm_caches import TRAINING_VIEWS, VIEWS

    paths = {p for p, _ in VIEWS}
    assert paths == {(p.url_path if p.step else "") for p in PAGES} - {"live_training"}
    assert ("critic", "critic.dim=2d") in VIEWS and ("critic", "") in VIEWS
    assert set(TRAINING_VIEWS) == {("critic", ""), ("critic", "critic.dim=2d")}


def test_warming_only_talks_to_this_machine():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from deploy.warm_caches import warm

    # in a thread of its own: browser tests may leave an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        fut = pool.submit(asyncio.run, warm("http://example.org:8501"))
        with pytest.raises(ValueError, match="only talks to this machine"):
            fut.result(timeout=30)


def test_the_replica_script_warms_unless_told_not_to():
    script = (ROOT / "deploy" / "replicas.sh").read_text(encoding="utf-8")
    assert 'if [ "${DL_WARM:-1}" != "0" ]' in script and "-m deploy.warm_caches" in script

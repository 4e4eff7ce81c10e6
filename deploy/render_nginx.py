"""Write the nginx configuration for N Divergence Lab replicas (deploy/nginx.conf.template).

    python -m deploy.render_nginx --listen 8080 --replica 127.0.0.1:8501 --replica 127.0.0.1:8502 \
        --prefix /tmp/dl-nginx > /tmp/dl-nginx/nginx.conf
    nginx -t -c /tmp/dl-nginx/nginx.conf -p /tmp/dl-nginx -e /tmp/dl-nginx/error.log
    nginx -c /tmp/dl-nginx/nginx.conf -p /tmp/dl-nginx -e /tmp/dl-nginx/error.log

Every path nginx writes (pid file, logs, temp directories) is under ``--prefix``, so nginx runs as
an ordinary user; ``--listen`` may be a port or ``address:port``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
DEFAULT_MAX_BODY = "6m"
"""Streamlit's server.maxUploadSize (5 MiB, .streamlit/config.toml) plus the multipart envelope."""

_ADDR = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")


def _check_addr(addr: str) -> str:
    if not _ADDR.match(addr):
        raise ValueError(f"a replica must be host:port; got {addr!r}")
    return addr


def render(replicas: list[str], listen: str | int, prefix: str | Path, workers: int | str = 1,
           base_path: str = "/", max_body: str = DEFAULT_MAX_BODY) -> str:
    """The nginx.conf text for ``replicas`` (``host:port`` each), listening on ``listen``.

    ``base_path`` must match Streamlit's ``server.baseUrlPath`` ("/" when the app is at the root;
    "/lab/" for ``server.baseUrlPath = "lab"``). Creates the temp directories under ``prefix``.
    """
    if not replicas:
        raise ValueError("at least one replica is needed")
    prefix = Path(prefix).resolve()
    if not (base_path.startswith("/") and base_path.endswith("/")):
        raise ValueError(f"base_path must start and end with '/'; got {base_path!r}")
    for d in TEMP_DIRS:
        (prefix / "tmp" / d).mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server {_check_addr(r)} max_fails=1 fail_timeout=10s;"
                        for r in replicas)
    fields = {"prefix": str(prefix), "listen": str(listen), "servers": servers,
              "workers": str(workers), "base_path": base_path, "max_body": max_body}
    # {{name}} placeholders: nginx's own $variables stay as they are
    text = re.sub(r"\{\{(\w+)\}\}", lambda m: fields[m.group(1)],
                  TEMPLATE.read_text(encoding="utf-8"))
    return text


def nginx_args(conf: str | Path, prefix: str | Path) -> list[str]:
    """The nginx command-line options that keep every path under ``prefix`` (-e is the error
    log nginx opens before it reads the configuration)."""
    prefix = Path(prefix).resolve()
    return ["-c", str(Path(conf).resolve()), "-p", str(prefix), "-e", str(prefix / "error.log")]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listen", default="8080", help="port or address:port (default 8080)")
    ap.add_argument("--replica", action="append", required=True,
                    help="host:port of a Streamlit replica (repeat)")
    ap.add_argument("--prefix", required=True, help="directory for pid, logs and temp files")
    ap.add_argument("--workers", default="auto")
    ap.add_argument("--base-path", default="/")
    ap.add_argument("--max-body", default=DEFAULT_MAX_BODY)
    args = ap.parse_args(argv)
    sys.stdout.write(render(args.replica, args.listen, args.prefix, args.workers, args.base_path,
                            args.max_body))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

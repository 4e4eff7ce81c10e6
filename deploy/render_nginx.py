"""Write the nginx configuration for N Divergence Lab replicas (deploy/nginx.conf.template).

    python -m deploy.render_nginx --listen 8080 --replica 127.0.0.1:8501 --replica 127.0.0.1:8502 \
        --prefix /tmp/dl-nginx > /tmp/dl-nginx/nginx.conf
    nginx -t -c /tmp/dl-nginx/nginx.conf -p /tmp/dl-nginx -e /tmp/dl-nginx/error.log
    nginx -c /tmp/dl-nginx/nginx.conf -p /tmp/dl-nginx -e /tmp/dl-nginx/error.log

Every path nginx writes (pid file, logs, temp directories) is under ``--prefix``, so nginx runs as
an ordinary user; ``--listen`` may be a port or ``address:port``.

Streamlit's own static files (its JavaScript, CSS and fonts, about 7.7 MB on a first visit) are
served by nginx itself from ``--prefix``/static: a copy of the files of the Streamlit installed
here (the replicas' version; a file it lacks, e.g. a replica on another version, is asked of the
replicas instead) with a gzip copy of each one that compresses, made here once (``gzip_static``:
nginx compresses nothing per request). ``--no-static`` leaves that out: everything is proxied, and
nginx gzips the replicas' text responses as they pass.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
DEFAULT_MAX_BODY = "6m"
"""Streamlit's server.maxUploadSize (5 MiB, .streamlit/config.toml) plus the multipart envelope."""

COMPRESSIBLE = (".js", ".mjs", ".css", ".json", ".map", ".svg", ".txt", ".ttf", ".otf", ".eot",
                ".html", ".wasm")
"""Files that get a .gz copy (woff2 fonts and pictures are compressed already)."""
GZIP_MIN = 512

STATIC_LOCATION = """
        # Streamlit's static files (names with a content hash: cached for a year) from disk, with
        # the .gz copies render_nginx.py made (gzip_static); a file that is not here (a replica
        # on another Streamlit version) is asked of the replicas.
        location {base_path}static/ {{
            alias {static}/;
            types {{
                text/javascript js mjs;
                text/css css;
                application/json json map;
                image/svg+xml svg;
                font/woff2 woff2;
                font/woff woff;
                font/ttf ttf;
                font/otf otf;
                application/vnd.ms-fontobject eot;
                image/png png;
                image/jpeg jpg jpeg;
                image/gif gif;
                image/webp webp;
                application/wasm wasm;
                text/plain txt;
            }}
            default_type application/octet-stream;
            gzip_static on;
            add_header Cache-Control "public, max-age=31536000, immutable" always;
            error_page 403 404 = @replicas;
        }}

        location @replicas {{
            proxy_pass http://divergence_lab;
        }}
"""


def streamlit_static() -> Path:
    """The folder of Streamlit's hashed static files (``.../streamlit/static/static``)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir()) / "static"


def precompress_static(dest: str | Path, source: str | Path | None = None) -> dict:
    """Fill ``dest`` with a copy of every file under ``source`` (Streamlit's static files by
    default; copies, not links, so that nginx's unprivileged user can read them wherever Python
    is installed) and a gzip copy (level 9) beside each one that compresses, for nginx's
    ``gzip_static``. Files already there and up to date are kept. Returns counts and bytes."""
    source = Path(source) if source is not None else streamlit_static()
    dest = Path(dest)
    out = {"files": 0, "gz": 0, "raw_bytes": 0, "gz_bytes": 0}
    for src in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = src.relative_to(source)
        copy = dest / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        st = src.stat()
        if copy.is_symlink():
            copy.unlink()
        if not copy.exists() or (copy.stat().st_size, int(copy.stat().st_mtime)) != (
                st.st_size, int(st.st_mtime)):
            shutil.copy2(src, copy)
        out["files"] += 1
        size = st.st_size
        if not src.name.lower().endswith(COMPRESSIBLE) or size < GZIP_MIN:
            continue
        gz = copy.with_name(copy.name + ".gz")
        if not gz.exists() or gz.stat().st_mtime < st.st_mtime:
            data = src.read_bytes()
            tmp = gz.with_name(gz.name + ".tmp")
            tmp.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
            os.replace(tmp, gz)
        out["gz"] += 1
        out["raw_bytes"] += size
        out["gz_bytes"] += gz.stat().st_size
    return out


_ADDR = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")


def _check_addr(addr: str) -> str:
    if not _ADDR.match(addr):
        raise ValueError(f"a replica must be host:port; got {addr!r}")
    return addr


def render(replicas: list[str], listen: str | int, prefix: str | Path, workers: int | str = 1,
           base_path: str = "/", max_body: str = DEFAULT_MAX_BODY, static: bool = True) -> str:
    """The nginx.conf text for ``replicas`` (``host:port`` each), listening on ``listen``.

    ``base_path`` must match Streamlit's ``server.baseUrlPath`` ("/" when the app is at the root;
    "/lab/" for ``server.baseUrlPath = "lab"``). Creates the temp directories under ``prefix``,
    and with ``static`` (the default) ``prefix``/static: Streamlit's static files with their gzip
    copies (:func:`precompress_static`), which nginx then serves itself.
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
    static_location = ""
    if static:
        precompress_static(prefix / "static")
        static_location = STATIC_LOCATION.format(base_path=base_path, static=prefix / "static")
    fields = {"prefix": str(prefix), "listen": str(listen), "servers": servers,
              "workers": str(workers), "base_path": base_path, "max_body": max_body,
              "static_location": static_location}
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
    ap.add_argument("--no-static", action="store_true",
                    help="proxy Streamlit's static files too instead of serving them from "
                         "PREFIX/static with gzip copies")
    args = ap.parse_args(argv)
    sys.stdout.write(render(args.replica, args.listen, args.prefix, args.workers, args.base_path,
                            args.max_body, static=not args.no_static))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

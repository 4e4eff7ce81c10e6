"""Run ``streamlit`` with a Python audit hook that logs every file-system write (for
tests/test_security.py): ``python -m tests.audit_server LOGFILE run app/main.py --server...``.

Logged, one JSON object a line: ``open`` calls that can write (a mode with w/a/x/+, or write/create
flags), and ``os.mkdir``, ``os.rename``, ``os.remove``, ``os.rmdir``, ``os.truncate``,
``shutil.rmtree``, ``shutil.copyfile``, ``os.symlink``, ``os.link``. The log file is opened before
the hook is installed and written with ``os.write``, so logging does not log itself.
"""

from __future__ import annotations

import json
import os
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
EVENTS = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.truncate", "shutil.rmtree",
          "shutil.copyfile", "os.symlink", "os.link"}


def install(log_path: str) -> None:
    """Install the audit hook; every write from now on is logged to ``log_path``."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def hook(event: str, eargs: tuple) -> None:
        try:
            if event == "open":
                path, mode, flags = (list(eargs) + [None, None, None])[:3]
                if not isinstance(path, (str, bytes, os.PathLike)):
                    return
                writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                         (isinstance(flags, int) and flags & WRITE_FLAGS)
                if not writes:
                    return
                rec = {"event": event, "path": os.fsdecode(path), "mode": str(mode)}
            elif event in EVENTS:
                rec = {"event": event, "path": os.fsdecode(eargs[0])
                       if isinstance(eargs[0], (str, bytes, os.PathLike)) else repr(eargs[0])}
            else:
                return
            os.write(fd, (json.dumps(rec) + "\n").encode())
        except Exception:  # noqa: BLE001 - an audit hook must never break the app
            pass

    sys.addaudithook(hook)


def main() -> None:
    log_path, *args = sys.argv[1:]
    install(log_path)
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *args]
    streamlit_main()


if __name__ == "__main__":
    main()

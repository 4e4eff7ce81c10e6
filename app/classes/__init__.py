"""Class sessions: a teacher, anonymous students and counts, in SQLite or PostgreSQL.

Public API (no Streamlit import in this package)::

    from app.classes import ClassStore, QUESTIONS

    store = ClassStore("sqlite:////tmp/classes.sqlite3")   # or DL_DATABASE_URL's PostgreSQL
    code, token = store.create()
    sid = store.join(code)                                  # ValueError: unknown/ended/expired
    store.answer(code, sid, "home.where_js", "ln2")         # ValueError: not in QUESTIONS
    store.tally(code, "home.where_js")                      # {"grows": 0, "ln2": 1, ...}
    store.reveal(code, token, "home.where_js")              # PermissionError: wrong token
    store.revealed(code, "home.where_js")                   # True
    store.end(code, token)                                  # deletes the class

See :mod:`app.classes.store` (schema, expiry, faults) and :mod:`app.classes.questions` (the
question registry, bins for number questions).
"""

from app.classes.questions import QUESTIONS, REGISTRY, SLIDER_BINS, check, choice_of
from app.classes.store import (ALPHABET, CODE_LEN, EXPIRY_S, ClassStore, ClassView, default_url,
                               normalize_code)

__all__ = ["ALPHABET", "CODE_LEN", "EXPIRY_S", "QUESTIONS", "REGISTRY", "SLIDER_BINS", "ClassStore",
           "ClassView", "check", "choice_of", "default_url", "normalize_code"]

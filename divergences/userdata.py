"""Bring your own data: parse a small CSV of 1-D samples or 2-D points, safely.

The file is read as text and split into numbers, nothing else: it is never evaluated, imported or
unpickled. Rules:

* at most ``max_bytes`` bytes (default 1 MB) and ``max_rows`` data rows (default 20 000);
* UTF-8 text (a byte-order mark is fine); cells separated by commas, semicolons, tabs or spaces
  (detected from the first line);
* one column (1-D samples) or two columns (x, y points); ``dims`` asks for one of them;
* an optional header row (detected when no cell of the first row is a number, or forced with
  ``header=True/False``); blank lines and lines starting with ``#`` are skipped;
* every other cell must be a number; a row with an empty, NaN or infinite cell is dropped and
  counted (``UserData.dropped``); values must satisfy ``abs(v) <= max_abs`` (default 1e6);
* at least ``min_rows`` valid rows must remain (default 2).

Anything else raises :class:`UserDataError` (a ``ValueError``) with a message for a student: a
:class:`~divergences.messages.Message` in ``err.message`` that the app translates
(``app.i18n.t_msg``); ``str(err)`` is the formatted English text.

Units: the values are taken as they are, in the units of the page's axis ("units").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .messages import N_, MessageError

MAX_BYTES = 1_000_000
MAX_ROWS = 20_000
MAX_ABS = 1e6
MIN_ROWS = 2


class UserDataError(MessageError):
    """Points that cannot be used: a ``ValueError`` with a translatable ``message``."""


@dataclass(frozen=True)
class UserData:
    """Parsed points: ``values`` has shape (n,) for 1-D samples or (n, 2) for 2-D points."""

    values: np.ndarray
    dropped: int
    header: tuple[str, ...] | None
    rows_read: int

    @property
    def dims(self) -> int:
        return 1 if self.values.ndim == 1 else int(self.values.shape[1])

    @property
    def n(self) -> int:
        return int(self.values.shape[0])


def _split(line: str, sep: str | None) -> list[str]:
    cells = line.split(sep) if sep else line.split()
    return [c.strip().strip('"').strip("'").strip() for c in cells]


def _detect_sep(line: str) -> str | None:
    for sep in (",", ";", "\t"):
        if sep in line:
            return sep
    return None  # whitespace


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$",
                     re.IGNORECASE)


def _number(cell: str) -> float | None:
    """The cell's value (NaN for an empty cell), or None when it is not a plain number."""
    if cell == "":
        return math.nan
    if not _NUMBER.match(cell):  # no "1_000", "0x10", "1e", "--1"
        return None
    return float(cell)


def parse_points(data: bytes | str, dims: int | None = None, *, header: bool | None = None,
                 max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS, max_abs: float = MAX_ABS,
                 min_rows: int = MIN_ROWS) -> UserData:
    """Parse CSV text of 1-D samples (one column) or 2-D points (two columns).

    ``dims`` = 1 or 2 demands that many columns; None accepts either. Returns :class:`UserData`;
    raises :class:`UserDataError` (a ValueError) with a clear message otherwise.
    """
    if dims not in (None, 1, 2):
        raise ValueError(f"dims must be 1, 2 or None, not {dims!r}")
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > max_bytes:
        raise UserDataError(N_("The file is too big: {size} bytes; the limit is {limit} bytes."),
                            size=size, limit=max_bytes)
    if isinstance(data, bytes):
        if b"\x00" in data:
            raise UserDataError(N_("This is not a text file (it contains binary data). "
                                   "Upload a CSV of numbers."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserDataError(N_("This file is not UTF-8 text. Save it as a plain CSV "
                                   "(UTF-8) and upload it again.")) from None
    else:
        text = data.lstrip("\ufeff")

    lines = [(i + 1, ln) for i, ln in enumerate(text.splitlines())
             if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise UserDataError(N_("The file is empty: it has no rows of numbers."))
    sep = _detect_sep(lines[0][1])
    first_cells = _split(lines[0][1], sep)
    has_header = header if header is not None else all(_number(c) is None for c in first_cells)
    names = tuple(first_cells) if has_header else None
    body = lines[1:] if has_header else lines
    ncol = len(first_cells)
    if not body:
        raise UserDataError(N_("The file has a header but no rows of numbers."))
    if len(body) > max_rows:
        raise UserDataError(N_("The file has {rows} rows; the limit is {limit}."),
                            rows=len(body), limit=max_rows)
    wanted = (dims,) if dims else (1, 2)
    if ncol not in wanted:
        if dims == 1:
            raise UserDataError(N_("Expected one column of 1-D samples, found {n} columns."), n=ncol)
        if dims == 2:
            raise UserDataError(N_("Expected two columns (x, y) of 2-D points, found {n} column.",
                                   "Expected two columns (x, y) of 2-D points, found {n} "
                                   "columns."), count=ncol, n=ncol)
        raise UserDataError(N_("Expected one column (1-D samples) or two columns (x, y), found "
                               "{n} columns."), n=ncol)

    values = np.empty((len(body), ncol), dtype=float)
    for r, (lineno, line) in enumerate(body):
        cells = _split(line, sep)
        if len(cells) != ncol:
            raise UserDataError(N_("Line {line} has {n} cells; the first row has {m}."),
                                line=lineno, n=len(cells), m=ncol)
        for c, cell in enumerate(cells):
            v = _number(cell)
            if v is None:
                raise UserDataError(N_("Line {line}, column {col}: “{cell}” is not a number. "
                                       "Only numeric columns are accepted."),
                                    line=lineno, col=c + 1, cell=cell[:20])
            values[r, c] = v

    finite = np.isfinite(values).all(axis=1)
    dropped = int((~finite).sum())
    values = values[finite]
    if values.shape[0] and np.abs(values).max() > max_abs:
        raise UserDataError(N_("Values must lie between −{m:g} and {m:g}; this file has "
                               "{v:.3g}."), m=max_abs, v=float(values.flat[np.abs(values).argmax()]))
    if values.shape[0] < min_rows:
        raise UserDataError(N_("Only {n} usable rows after dropping {k} with NaN, empty or "
                               "infinite cells; at least {m} are needed."),
                            n=int(values.shape[0]), k=dropped, m=min_rows)
    out = values[:, 0].copy() if ncol == 1 else values
    return UserData(values=out, dropped=dropped, header=names, rows_read=len(body))


def points_csv(values: np.ndarray) -> str:
    """CSV text of 1-D samples (column ``x``) or 2-D points (columns ``x,y``): what the app lets a
    student download, and what :func:`parse_points` reads back."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 1:
        return "x\n" + "".join(f"{v:.10g}\n" for v in arr)
    return "x,y\n" + "".join(f"{a:.10g},{b:.10g}\n" for a, b in arr)

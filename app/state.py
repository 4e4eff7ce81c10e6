"""Widgets whose values live in the session and in the URL.

Each control has a stable ``key`` (page-prefixed, e.g. ``"home.theta"``). Its value

* starts from the URL (``?home.theta=1.5``) the first time the session sees the key, parsed and
  clamped to the control's range; a bad or out-of-range value gives a visible notice, never an
  exception;
* is kept in ``st.session_state["v.<key>"]`` so it survives a change of page (Streamlit drops
  widget values when their page is not shown);
* is written back to the URL, so that the address bar is always a link to the current view.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import streamlit as st

from app.i18n import t

_NOTICES = "_url_notices"
URL_LISTENERS: list[Callable[[str, str | None, str | None], None]] = []
"""Called with a control's key, its URL value before (None: the control was not in the URL) and
after, when its URL value changes (use :func:`add_url_listener`)."""
_SEEN = "_url_seen"
MAX_PARAM_LEN = 64


def _notice(msg: str) -> None:
    st.session_state.setdefault(_NOTICES, []).append(msg)


def pop_notices() -> list[str]:
    """The URL notices gathered during this run (and clears them)."""
    return st.session_state.pop(_NOTICES, [])


def _initial(key: str, default: Any, parse: Callable[[str], Any]) -> Any:
    """The value to start a control with: kept value, else URL value (once), else default."""
    kept = st.session_state.get(f"v.{key}")
    seen = st.session_state.setdefault(_SEEN, set())
    if key not in seen:
        seen.add(key)
        raw = st.query_params.get(key)
        if raw is not None:
            try:
                if len(raw) > MAX_PARAM_LEN:
                    raise ValueError(t("too long"))
                return parse(raw)
            except (ValueError, TypeError) as exc:
                _notice(t("Ignored the link's value for “{key}”: {why}.", key=key, why=str(exc)))
    return default if kept is None else kept


def _bind(key: str, widget: Callable[..., Any], start: Any, to_url: Callable[[Any], str], **kw):
    register_param(key)
    _note_fragment(key)
    wkey = f"w.{key}"
    if wkey not in st.session_state:
        st.session_state[wkey] = start
    value = widget(key=wkey, **kw)
    st.session_state[f"v.{key}"] = value
    try:
        before, after = st.query_params.get(key), to_url(value)
        if before != after:  # each write sends the browser the whole URL again
            st.query_params[key] = after
    except Exception:  # the URL is a convenience; never let it break a page
        before = after = None
    if before != after:
        url_changed(key, before, after)  # a class teacher's view publishes the change
    return value


def url_changed(key: str, before: str | None, after: str | None) -> None:
    """Tell the URL listeners that parameter ``key`` went from ``before`` (None: not in the URL
    yet, a control drawn for the first time) to ``after``; for a page that writes a parameter of
    its own by hand (register it with :func:`register_param`)."""
    for listener in URL_LISTENERS:
        listener(key, before, after)


def _parse_number(raw: str, lo: float, hi: float, integer: bool, key: str) -> float:
    try:
        v = float(raw)
    except ValueError:
        raise ValueError(t("“{raw}” is not a number", raw=raw[:20])) from None
    if not math.isfinite(v):
        raise ValueError(t("the value must be finite"))
    if v < lo or v > hi:
        clamped = min(max(v, lo), hi)
        _notice(t("The link's value {v} for “{key}” is outside [{lo}, {hi}]; using {c}.",
                  v=raw[:20], key=key, lo=lo, hi=hi, c=clamped))
        v = clamped
    return int(round(v)) if integer else v


def url_slider(label: str, key: str, min_value: float, max_value: float, value: float,
               step: float, **kw) -> float:
    """A slider bound to the session and the URL; values snap to ``step``."""
    integer = all(isinstance(v, int) and not isinstance(v, bool)
                  for v in (min_value, max_value, value, step))

    def parse(raw: str):
        v = _parse_number(raw, min_value, max_value, integer, key)
        if not integer:  # snap to the slider's steps so the widget accepts it
            v = min_value + round((v - min_value) / step) * step
            v = min(max(round(v, 10), min_value), max_value)
        return v

    start = _initial(key, value, parse)
    return _bind(key, st.slider, start, lambda v: f"{v:g}" if not integer else str(v),
                 label=label, min_value=min_value, max_value=max_value, step=step, **kw)


def snap_url_slider(key: str, lo: float, hi: float, step: float) -> None:
    """Call before ``url_slider(label, key, lo, hi, ..., step)`` whose range or step follows the
    data (a student's own samples): puts the value kept for the widget and for the URL on the
    new range and steps. A value from the old range would be refused by the slider, and a slider
    whose range changed is a new widget that must be given its value again."""
    span = (float(lo), float(hi), float(step))
    changed = st.session_state.get(f"range.{key}") != span
    st.session_state[f"range.{key}"] = span
    for k in (f"w.{key}", f"v.{key}"):  # the widget's value and the one kept for the URL
        v = st.session_state.get(k)
        if v is None:
            continue
        snapped = float(min(max(round((float(v) - lo) / step) * step + lo, lo), hi))
        if changed or abs(snapped - float(v)) > 1e-9 * max(1.0, abs(hi), abs(lo)):
            st.session_state[k] = snapped


def url_number(label: str, key: str, min_value: float, max_value: float, value: float,
               step: float, **kw) -> float:
    """A number input bound to the session and the URL, clamped to [min_value, max_value]."""
    integer = all(isinstance(v, int) and not isinstance(v, bool)
                  for v in (min_value, max_value, value, step))
    start = _initial(key, value, lambda raw: _parse_number(raw, min_value, max_value, integer, key))
    return _bind(key, st.number_input, start, lambda v: f"{v:g}" if not integer else str(v),
                 label=label, min_value=min_value, max_value=max_value, step=step, **kw)


def url_select(label: str, key: str, options: Sequence[str], value: str,
               format_func: Callable[[str], str] = str, widget=st.selectbox, **kw) -> str:
    """A choice among ``options`` (a selectbox, or ``widget=st.radio``/``st.segmented_control``)."""

    def parse(raw: str):
        if raw not in options:
            raise ValueError(t("“{raw}” is not one of the choices", raw=raw[:20]))
        return raw

    start = _initial(key, value, parse)
    return _bind(key, widget, start, str, label=label, options=list(options),
                 format_func=format_func, **kw)


def url_toggle(label: str, key: str, value: bool = False, **kw) -> bool:
    """An on/off toggle bound to the session and the URL (``1``/``0``)."""

    def parse(raw: str):
        if raw.lower() in ("1", "true", "on", "yes"):
            return True
        if raw.lower() in ("0", "false", "off", "no"):
            return False
        raise ValueError(t("“{raw}” is not on or off", raw=raw[:20]))

    start = _initial(key, value, parse)
    return _bind(key, st.toggle, start, lambda v: "1" if v else "0", label=label, **kw)


# ---- Link hygiene: which URL parameters this run understood (used by app/main.py) ----------------
_RUN_KEYS = "_url_run_keys"
RESERVED_PARAMS = frozenset({"embed", "embed_options"})  # Streamlit's own


def add_url_listener(listener: Callable[[str, str | None, str | None], None]) -> None:
    """Call ``listener(key, before, after)`` whenever a control's URL value changes (once per
    listener); ``before`` is None when the control was not in the URL (its first drawing)."""
    if listener not in URL_LISTENERS:
        URL_LISTENERS.append(listener)


def run_keys() -> set[str]:
    """The URL parameters this run (so far) registered: the current page's controls."""
    return set(st.session_state.get(_RUN_KEYS, set()))


def forget_value(key: str) -> None:
    """Forget the value kept for control ``key`` (widget, session and "URL already read"), so that
    the next run starts it from the URL again, as a freshly opened link does."""
    st.session_state.pop(f"w.{key}", None)
    st.session_state.pop(f"v.{key}", None)
    seen = st.session_state.get(_SEEN)
    if isinstance(seen, set):
        seen.discard(key)


def register_param(key: str) -> None:
    """Declare that this run reads the URL parameter ``key`` (the url_* widgets do it themselves;
    call it only if a page reads ``st.query_params`` by hand), so it is not reported as unknown."""
    st.session_state.setdefault(_RUN_KEYS, set()).add(key)


def begin_run() -> None:
    """Forget the parameters registered by the previous run (app/main.py calls it first)."""
    st.session_state[_RUN_KEYS] = set()
    st.session_state[_FRAGMENT_OF] = {}


# ---- Which fragment draws which control (a class follows a teacher's move by rerunning it) -----
_FRAGMENT_OF = "_url_fragment_of"
FRESH_KEY = "dl_class_fresh_run"
"""Set (by the class's poll) when the next run, full or a fragment's, must send every element in
full: no reference to a copy the browser may have dropped (app/classroom/following.py)."""


def _current_fragment() -> str | None:
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

        return ThreadState.get().fragment_id
    except Exception:  # Streamlit's internals moved: every control counts as the page's own
        return None


def _note_fragment(key: str) -> None:
    """Remember which ``st.fragment`` (None: the page's body) drew control ``key`` in this full
    run; and, in a run that must send no cache references, drop them before the first
    control (a chart comes after its page's controls)."""
    if st.session_state.get(FRESH_KEY):
        st.session_state.pop(FRESH_KEY, None)
        no_cache_references()
    st.session_state.setdefault(_FRAGMENT_OF, {})[key] = _current_fragment()


def fragments_of(keys) -> set[str] | None:
    """The fragments that drew the controls ``keys`` in the last full run; None when one of them
    was drawn by the page's body or not at all (only a full run then shows a new value)."""
    where = st.session_state.get(_FRAGMENT_OF, {})
    out = set()
    for key in keys:
        fid = where.get(key)
        if fid is None:
            return None
        out.add(fid)
    return out


def no_cache_references() -> None:
    """This run sends every element in full, never as a reference to the browser's cached copy
    (Streamlit answers with references to the hashes listed by the request that started the
    run; see app/classroom/following.py for when a browser may have dropped them)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.cached_message_hashes = frozenset()


def unknown_params() -> list[str]:
    """URL parameters that neither this run nor an earlier one of the session registered."""
    known = st.session_state.get(_RUN_KEYS, set()) | st.session_state.get(_SEEN, set())
    return sorted(k for k in st.query_params.keys() if k not in known and k not in RESERVED_PARAMS)


def drop_params(names) -> None:
    """Remove ``names`` from the URL (so a copied link holds only what the page understood)."""
    for name in names:
        try:
            del st.query_params[name]
        except Exception:  # already gone
            pass

"""Benchmarks: printed speed figures against the budgets of docs/DESIGN.md §4.

The benchmarks call the app's cached functions outside a Streamlit script run, where Streamlit
logs "missing ScriptRunContext" once per call (about a thousand lines per run); that warning is
silenced here, for every benchmark module, and nothing else is.
"""

import logging

from streamlit.runtime.scriptrunner_utils import script_run_context as _src


class _NoBareModeWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "missing ScriptRunContext" not in record.getMessage()


logging.getLogger(_src.__name__).addFilter(_NoBareModeWarning())

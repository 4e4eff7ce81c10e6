"""Static checks of the page scripts: Streamlit's "magic" writes any bare expression statement of
a page to the screen, so a stray string (a docstring under a constant, say) or the value of an
expression used as a statement (``a() if c else b()`` shows "True") would appear to the students.

Magic rewrites the scripts Streamlit runs (the entry point and the pages, not the modules they
import), at the top level and inside their functions, ``with``, ``if``, loops and ``try``; the
check asks Streamlit's own rewriter which statements it would write."""

import ast

import pytest
from streamlit.runtime.scriptrunner.magic import MAGIC_MODULE_NAME, add_magic

from app import classroom
from app.navigation import PAGES, ROOT

SCRIPTS = [p.path for p in PAGES] + [ROOT / "app" / "main.py", classroom.CLASS_PAGE]


def magic_writes(path) -> list[int]:
    """Lines of ``path`` whose statement Streamlit's magic turns into ``st.write``."""
    tree = add_magic(path.read_text(encoding="utf-8"), str(path))
    return sorted(n.lineno for n in ast.walk(tree)
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                  and isinstance(n.func.value, ast.Name) and n.func.value.id == MAGIC_MODULE_NAME)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_bare_expression_is_written_to_the_page(path):
    stray = magic_writes(path)
    assert not stray, f"{path.name}: bare expressions shown by Streamlit magic at lines {stray}"


def test_the_check_sees_expressions_inside_functions(tmp_path):
    script = tmp_path / "page.py"
    script.write_text('"""Doc."""\n\ndef on_start():\n    """Doc."""\n    a() if c else b()\n'
                      "    f()\n\nwith x:\n    y and z()\n", encoding="utf-8")
    assert magic_writes(script) == [5, 9]

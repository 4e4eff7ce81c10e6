"""Static checks of the page scripts: Streamlit's "magic" writes any bare expression statement of
a page to the screen, so a stray string (a docstring under a constant, say) would appear to the
students, untranslated."""

import ast

import pytest

from app.navigation import PAGES


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.file)
def test_no_bare_expression_is_written_to_the_page(info):
    tree = ast.parse(info.path.read_text(encoding="utf-8"))
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    stray = [f"line {n.lineno}" for n in body
             if isinstance(n, ast.Expr) and not isinstance(n.value, ast.Call)
             and not isinstance(n.value, ast.Await)]
    assert not stray, f"{info.file}: bare expressions shown by Streamlit magic at {stray}"

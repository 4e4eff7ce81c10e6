"""Helpers for the "nothing revealed early" tests (issue 22, item 3): commit a guess the way a
student does, and read everything a page wrote (markdown, captions, info boxes, metrics, chart
titles), to look for the text that would give a page's answer away."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def commit(at: AppTest, key: str, guess) -> AppTest:
    """Choose ``guess`` in question ``key``'s radio (or slider) and press "Commit my guess"."""
    widget = f"w.predict.{key}"
    try:
        at.radio(key=widget).set_value(guess).run()
    except KeyError:
        at.slider(key=widget).set_value(guess).run()
    at.button(key=f"predict.{key}.commit").click().run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    """Every text the page drew, joined: markdown, captions, info/success/warning boxes, metric
    labels, values and help, titles, expander labels, and the charts' titles and trace names."""
    out = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "title",
                 "subheader", "latex"):
        out += [str(e.value) for e in getattr(at, kind)]
    for m in at.metric:
        out += [m.label, m.value, m.proto.help]
    out += [e.label for e in at.expander]
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        title = spec.get("layout", {}).get("title", {})
        out.append(title.get("text", "") if isinstance(title, dict) else str(title))
        out += [str(tr.get("name", "")) for tr in spec.get("data", [])]
    return "\n".join(out)

"""app.ui's shared charts: a ChartSpec draws exactly the element st.plotly_chart draws (same
proto, element id and layout: the browser's cache and the element identity cannot tell them
apart), and the shared cache is keyed and bounded."""

from streamlit.testing.v1 import AppTest

SCRIPT = '''
import sys
sys.path.insert(0, {root!r})
import plotly.graph_objects as go
import streamlit as st
from app.chart_text import alt_text
from app.ui import chart, chart_config, chart_spec, layered_chart
fig = go.Figure(go.Scatter(x=[0, 1, 2], y=[1.5, 3, 2], name="θ"))
fig.update_layout(height=321, title="Ω")
layer = go.Figure(go.Scatter(x=[1], y=[3]))
c1, c2 = st.columns(2)
if st.session_state.get("fast"):
    chart(chart_spec(fig), "k", c2)
    layered_chart(chart_spec(fig), chart_spec(layer), "lay")
else:
    c2.plotly_chart(fig, key="k", config=chart_config("k"), width="stretch", alt=alt_text(fig))
    layered_chart(fig, layer, "lay")
'''


def _deltas(fast: bool):
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    at = AppTest.from_string(SCRIPT.format(root=root))  # one script: the element ids
    at.session_state["fast"] = fast  # depend on the script's hash
    at.run(timeout=60)
    assert not at.exception, at.exception
    msgs = []
    for node in at.get("plotly_chart"):
        msgs.append(node.proto.SerializeToString(deterministic=True))
    return msgs


def test_chart_spec_draws_the_same_element():
    slow, fast = _deltas(False), _deltas(True)
    assert len(slow) == 3
    assert slow == fast
    from streamlit.proto.PlotlyChart_pb2 import PlotlyChart

    alts = [PlotlyChart.FromString(m).alt for m in fast]
    assert alts[0] == "Ω. Marked: θ 1.5 (at x = 0); θ 3 (at x = 1).", alts  # every chart speaks


def test_forward_msgs_identical(monkeypatch):
    """The whole delta (element, layout, place) is byte for byte the same."""
    import streamlit.runtime.scriptrunner_utils.script_run_context as src

    def capture(fast):
        seen = []
        orig = src.ScriptRunContext.enqueue

        def enqueue(self, msg):
            if msg.WhichOneof("type") == "delta":
                m = type(msg)()
                m.CopyFrom(msg)
                m.ClearField("metadata")
                m.ClearField("hash")
                seen.append(m.SerializeToString(deterministic=True))
            return orig(self, msg)

        monkeypatch.setattr(src.ScriptRunContext, "enqueue", enqueue)
        _deltas(fast)
        monkeypatch.setattr(src.ScriptRunContext, "enqueue", orig)
        return seen

    slow = capture(False)
    assert len(slow) >= 4 and slow == capture(True)


def test_shared_charts_key_and_build_once():
    from app import ui

    calls = []

    def build():
        import plotly.graph_objects as go

        calls.append(1)
        return go.Figure(go.Scatter(x=[0, 1], y=[0, 1])), go.Figure()

    ui._shared.clear()
    a = ui.shared_charts(("t", 1, "en"), build)
    b = ui.shared_charts(("t", 1, "en"), build)
    c = ui.shared_charts(("t", 1, "zh"), build)
    assert len(calls) == 2 and a is b and a == c and len(a) == 2
    ui.shared_charts(None, build)
    ui.shared_charts(None, build)
    assert len(calls) == 4  # None: never shared (a session's own data)
    ui._shared.clear()

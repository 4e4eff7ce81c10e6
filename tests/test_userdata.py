"""Bring your own data: CSV parsing (divergences/userdata.py) and the upload/draw widget
(app/byod.py) in a tiny AppTest script."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from divergences.userdata import (MAX_BYTES, UserDataError, parse_points, points_csv)


# ---- valid files ----------------------------------------------------------------------------------

def test_one_column_with_header():
    d = parse_points(b"x\n1.5\n-2\n3e-1\n", dims=1)
    assert d.values.tolist() == [1.5, -2.0, 0.3]
    assert d.header == ("x",) and d.dropped == 0 and d.dims == 1 and d.n == 3


def test_two_columns_without_header_and_other_separators():
    for text in ("1,2\n3,4\n5,6\n", "1;2\n3;4\n5;6\n", "1\t2\n3\t4\n5\t6\n", "1 2\n3   4\n 5 6\n",
                 '"1","2"\n"3","4"\n"5","6"\n'):
        d = parse_points(text.encode(), dims=2)
        assert d.values.shape == (3, 2) and d.values.tolist() == [[1, 2], [3, 4], [5, 6]], text
        assert d.header is None


def test_bom_crlf_comments_and_blank_lines():
    d = parse_points("\ufeffx,y\r\n# a comment\r\n\r\n0,1\r\n2,3\r\n".encode("utf-8"))
    assert d.header == ("x", "y") and d.values.tolist() == [[0, 1], [2, 3]]


def test_auto_dims_and_forced_header():
    assert parse_points(b"1\n2\n3\n").dims == 1
    assert parse_points(b"1,2\n3,4\n").dims == 2
    d = parse_points(b"10,20\n1,2\n3,4\n", header=True)
    assert d.header == ("10", "20") and d.n == 2


def test_nan_inf_and_empty_rows_are_dropped_and_counted():
    d = parse_points(b"x,y\n1,2\nnan,3\n4,inf\n5,\n-inf,1\n6,7\n", dims=2)
    assert d.values.tolist() == [[1, 2], [6, 7]]
    assert d.dropped == 4 and d.rows_read == 6


def test_round_trip_through_points_csv():
    rng = np.random.default_rng(0)
    for arr in (rng.normal(size=50), rng.normal(size=(40, 2))):
        back = parse_points(points_csv(arr).encode(), dims=arr.ndim)
        np.testing.assert_allclose(back.values, arr, rtol=1e-9)


# ---- files that must be refused with a clear message -----------------------------------------------

@pytest.mark.parametrize("data, dims, words", [
    (b"", None, "empty"),
    (b"\n\n  \n# only a comment\n", None, "empty"),
    (b"x,y\n", 2, "header but no rows"),
    (b"x\n1\nabc\n3\n", 1, "Line 3, column 1: \u201cabc\u201d is not a number"),
    (b"1,2\n3,four\n", 2, "column 2"),
    (b"1,2,3\n4,5,6\n", None, "found 3 columns"),
    (b"1,2\n3,4\n", 1, "one column of 1-D samples, found 2"),
    (b"1\n2\n", 2, "two columns (x, y)"),
    (b"1,2\n3\n", 2, "Line 2 has 1 cells; the first row has 2"),
    (b"nan\nnan\ninf\n", 1, "Only 0 usable rows after dropping 3"),
    (b"x\n5\nnan\n", 1, "Only 1 usable rows"),
    (b"x\n1e300\n2\n", 1, "between"),
    (b"x\n0x10\n1_000\n", 1, "not a number"),
    (b"\x80\x81\x82,1\n", None, "not UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", None, "not a text file"),
    (b"cos(1)\n__import__('os')\n", 1, "not a number"),
])
def test_bad_files_give_clear_messages(data, dims, words):
    with pytest.raises(UserDataError) as err:
        parse_points(data, dims)
    assert words in str(err.value), str(err.value)
    assert isinstance(err.value, ValueError)
    assert err.value.template.format(**err.value.fmt) == str(err.value)  # translatable


def test_huge_file_is_refused_before_parsing():
    big = b"1.0\n" * (MAX_BYTES // 4 + 10)
    with pytest.raises(UserDataError, match="too big"):
        parse_points(big, 1)


def test_too_many_rows():
    with pytest.raises(UserDataError, match="rows; the limit is 100"):
        parse_points(b"1\n" * 101, 1, max_rows=100)
    assert parse_points(b"1\n" * 100, 1, max_rows=100).n == 100


def test_nothing_is_evaluated():
    # A pickle of os.system would run code if it were unpickled; here it is just bad text.
    import pickle

    payload = pickle.dumps(print)
    with pytest.raises(UserDataError):
        parse_points(payload)


# ---- the widget, in a tiny app ------------------------------------------------------------------------

def _byod_app():
    import streamlit as st

    from app.byod import user_points

    pts = user_points("t.q", dims=1, role="Q")
    st.session_state["result"] = None if pts is None else pts.tolist()
    pts2 = user_points("t.real", dims=2, role="real")
    st.session_state["result2"] = None if pts2 is None else pts2.tolist()


def _app() -> AppTest:
    at = AppTest.from_function(_byod_app, default_timeout=30)
    at.run()
    return at


def test_upload_widget_returns_parsed_points_and_reports_dropped_rows():
    at = _app()
    assert not at.exception and at.session_state["result"] is None  # built-in data by default
    at.radio(key="w.byod.t.q.source").set_value("upload").run()
    assert at.session_state["result"] is None and at.file_uploader
    at.file_uploader[0].upload("mine.csv", b"x\n0.5\n1.5\nnan\n2.5\n", "text/csv").run()
    assert not at.exception
    assert at.session_state["result"] == [0.5, 1.5, 2.5]
    assert any("Dropped 1 rows" in w.value for w in at.warning)
    assert any("Using 3 of your points as Q" in s.value for s in at.success)
    assert at.download_button  # the points can be downloaded again


def test_upload_widget_shows_a_clear_error_for_a_bad_file():
    at = _app()
    at.radio(key="w.byod.t.real.source").set_value("upload").run()
    at.file_uploader[0].upload("bad.csv", b"x,y\n1,2\n3,hello\n", "text/csv").run()
    assert not at.exception
    assert at.session_state["result2"] is None
    msgs = [e.value for e in at.error]
    assert any("bad.csv" in m and "“hello” is not a number" in m for m in msgs), msgs


def test_upload_error_is_translated_in_chinese():
    at = AppTest.from_function(_byod_app, default_timeout=30)
    at.session_state["lang"] = "zh"
    at.run()
    at.radio(key="w.byod.t.q.source").set_value("upload").run()
    at.file_uploader[0].upload("e.csv", b"", "text/csv").run()
    assert any("文件是空的" in e.value for e in at.error), [e.value for e in at.error]


def test_draw_widget_adds_clicked_grid_points():
    from app.byod import grid_points, selected_points

    g2 = grid_points(2, (-3, 3))
    assert g2.shape == (31 * 31, 2) and g2.min() == -3 and g2.max() == 3
    event = {"selection": {"points": [{"curve_number": 0, "x": 1.2, "y": -0.6},
                                      {"curve_number": 1, "x": 9, "y": 9}]}}
    assert selected_points(event, 2) == [(1.2, -0.6)]  # clicks on drawn points are not grid dots
    assert selected_points(event, 1) == [1.2]
    assert selected_points(None, 1) == [] and selected_points({"selection": {}}, 2) == []


def test_draw_widget_in_the_app_uses_the_drawn_points():
    at = _app()
    at.radio(key="w.byod.t.real.source").set_value("draw").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1  # the clickable canvas
    assert at.session_state["result2"] is None
    assert any("At least 2 points" in c.value for c in at.caption)


def test_undo_and_clear_of_drawn_points():
    at = AppTest.from_function(_byod_app, default_timeout=30)
    at.session_state["w.byod.t.real.source"] = "draw"
    at.session_state["byod.t.real.draw"] = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, -1.0]])
    at.run()
    assert at.session_state["result2"] == [[0, 0], [1, 1], [2, -1]]
    at.button(key="byod.t.real.undo").click().run()
    assert at.session_state["result2"] == [[0, 0], [1, 1]]
    assert any(c.value == "Points drawn: 2" for c in at.caption)
    at.button(key="byod.t.real.clear").click().run()
    assert at.session_state["result2"] is None and not at.exception

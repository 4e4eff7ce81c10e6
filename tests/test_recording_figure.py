"""Page 6's recorded runs as one plotly figure (app.figures_training.recording_figure): every frame
of every recording carries both D/critic maps, and the timeline labels the last iteration."""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np
import pytest

from app.figures_training import MAP_SCALE, _map_rgba, _map_values, loss_label, recording_figure
from divergences import recordings
from divergences.metrics import n_modes
from divergences.scenarios import SCENARIOS


def _png_rgba(source: str) -> np.ndarray:
    """The pixels of a ``data:image/png;base64,...`` RGBA PNG (8 bits, no interlace)."""
    head = "data:image/png;base64,"
    assert source.startswith(head)
    png = base64.b64decode(source[len(head):])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, (w, h) = 8, b"", (0, 0)
    while pos < len(png):
        (length,), tag = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        data = png[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", png[pos + 8 + length:pos + 12 + length])[0] == \
            zlib.crc32(tag + data) & 0xFFFFFFFF
        if tag == b"IHDR":
            w, h, depth, color = struct.unpack(">IIBB", data[:10])
            assert (depth, color) == (8, 6)
        elif tag == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    rows = [raw[r * (4 * w + 1):(r + 1) * (4 * w + 1)] for r in range(h)]
    assert all(row[0] == 0 for row in rows)  # filter "none", as written
    return np.array([np.frombuffer(row[1:], dtype=np.uint8).reshape(w, 4) for row in rows])


def _figures():
    for key, sc in SCENARIOS.items():
        rec = recordings.load(key)
        for seed in rec.seeds:
            left, right = rec.panel(seed, "left"), rec.panel(seed, "right")
            fig = recording_figure(left, right, (loss_label(left.loss), loss_label(right.loss)),
                                   sc.metric, n_modes(sc.configs(seed)[0].dataset))
            yield f"{key}/{seed}", (left, right), fig.to_dict()


FIGURES = list(_figures())


@pytest.mark.parametrize("name,runs,fig", FIGURES, ids=[f[0] for f in FIGURES])
def test_every_frame_carries_both_maps(name, runs, fig):
    """The maps are layout images that each frame replaces: plotly.js animates a frame's scatter
    traces by re-plotting their subplot's traces only, which took the heatmap traces drawn there
    away during Play (and for good after a Pause that cut the frame's redraw short)."""
    assert not [tr for tr in fig["data"] if tr["type"] == "heatmap"]
    assert len(fig["frames"]) == len(runs[0].iterations)
    for k, frame in enumerate(fig["frames"]):
        assert not [d for d in frame["data"] if d.get("type") == "heatmap"]
        images = frame["layout"]["images"]
        assert len(images) == 2, f"frame {k}"
        for col, (run, img) in enumerate(zip(runs, images), start=1):
            assert (img["xref"], img["yref"]) == (("x", "y") if col == 1 else ("x2", "y2"))
            assert img["layer"] == "below" and img["sizing"] == "stretch"
            pixels = _png_rgba(img["source"])
            want = _map_rgba(_map_values(run, k))[::-1]  # the top row is the highest y
            assert pixels.shape == want.shape == np.asarray(run.maps[k]).shape + (4,)
            assert np.array_equal(pixels, want), f"frame {k}, panel {col}"
            assert (pixels[..., 3] == 255).all(), f"frame {k}, panel {col}: a hole in the map"
        # the map covers the panel's grid cells, each centred on its grid point
        xs = np.asarray(runs[0].map_x, dtype=float)
        dx = (xs[-1] - xs[0]) / (len(xs) - 1)
        assert images[0]["x"] == pytest.approx(xs[0] - dx / 2, abs=1e-3)
        assert images[0]["sizex"] == pytest.approx(len(xs) * dx, abs=1e-3)
    assert fig["layout"]["images"] == fig["frames"][-1]["layout"]["images"]  # opens on the end


def test_map_colours_follow_the_scale_and_holes_are_transparent():
    z = np.array([[0.0, 0.5, 1.0, np.nan], [2.0, -1.0, np.inf, 0.25]])
    rgba = _map_rgba(z)
    hexes = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for _, c in MAP_SCALE]
    assert [tuple(p) for p in rgba[0, :3, :3]] == hexes
    assert rgba[0, 3, 3] == 0 and rgba[1, 2, 3] == 0 and (rgba[:, :2, 3] == 255).all()
    assert tuple(rgba[1, 0, :3]) == hexes[-1] and tuple(rgba[1, 1, :3]) == hexes[0]  # clipped


@pytest.mark.parametrize("name,runs,fig", FIGURES, ids=[f[0] for f in FIGURES])
def test_the_timeline_labels_its_first_and_last_iteration(name, runs, fig):
    """plotly labels every s-th step of a slider (s from the browser's widths), which left the
    last iteration unlabelled (0, 111, ..., 1443 of 1500): the labels are annotations."""
    its = [int(i) for i in runs[0].iterations]
    slider = fig["layout"]["sliders"][0]
    assert [s["label"] for s in slider["steps"]] == [str(i) for i in its]
    assert slider["font"]["color"] == "rgba(0,0,0,0)"  # plotly's own labels: not shown
    ticks = [a for a in fig["layout"]["annotations"] if a.get("name") == "timeline tick"]
    labels = [a["text"] for a in ticks]
    assert labels[0] == "0" and labels[-1] == str(its[-1]) and len(labels) >= 5
    # at the slider's steps: x (fraction of the plot area) and xshift (px) as plotly places them
    n = len(its)
    for a in ticks:
        f = its.index(int(a["text"])) / (n - 1)
        assert a["x"] == pytest.approx(slider["x"] + slider["len"] * f)
        assert a["xshift"] == pytest.approx(10 - 20 * f)
    shown = [a for a in fig["layout"]["annotations"] if a.get("name") == "iteration"]
    assert [a["text"] for a in shown] == [f"iteration {its[-1]}"]
    for k, frame in enumerate(fig["frames"]):
        assert frame["layout"]["annotations"][-1]["text"] == f"iteration {its[k]}"


def test_phone_layout_stacks_the_four_panels():
    """On a phone (issue 23): the two maps and the two line charts one under the other, each the
    full width, the maps square and in order (left map, right map, W1, metric, top to bottom);
    the Play buttons above the timeline, which spans the width; the same traces and frames as
    the desktop figure."""
    key, sc = next(iter(SCENARIOS.items()))
    rec = recordings.load(key)
    seed = rec.seeds[0]
    left, right = rec.panel(seed, "left"), rec.panel(seed, "right")
    args = (left, right, (loss_label(left.loss), loss_label(right.loss)), sc.metric,
            n_modes(sc.configs(seed)[0].dataset))
    wide, narrow = recording_figure(*args).to_dict(), recording_figure(*args, narrow=True).to_dict()
    lay = narrow["layout"]
    names = ("", "2", "3", "4")
    assert all(lay[f"xaxis{n}"]["domain"] == [0.0, 1.0] for n in names)
    tops = [lay[f"yaxis{n}"]["domain"][1] for n in names]
    assert tops == sorted(tops, reverse=True) and tops[0] == 1.0
    assert wide["layout"]["xaxis2"]["domain"][0] > 0.3  # the desktop one: side by side
    assert lay["height"] > 2 * wide["layout"]["height"]
    menu, slider = lay["updatemenus"][0], lay["sliders"][0]
    assert slider["x"] == 0.0 and slider["len"] == 1.0 and slider["y"] < menu["y"]
    assert len(narrow["data"]) == len(wide["data"])
    assert len(narrow["frames"]) == len(wide["frames"])


def test_on_phone(monkeypatch):
    from types import SimpleNamespace

    from app import a11y

    def with_headers(h):
        monkeypatch.setattr(a11y, "st", SimpleNamespace(context=SimpleNamespace(headers=h)))
        return a11y.on_phone()

    pixel = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/131.0.0.0 Mobile Safari/537.36")
    tablet = ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
    assert with_headers({"User-Agent": pixel})
    assert not with_headers({"User-Agent": tablet})
    assert with_headers({"Sec-CH-UA-Mobile": "?1", "User-Agent": tablet})
    assert not with_headers({"Sec-CH-UA-Mobile": "?0", "User-Agent": pixel})
    assert not with_headers({})

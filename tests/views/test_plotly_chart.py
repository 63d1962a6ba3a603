"""ScaleLab's chart element: what it sends (deterministic, digest first, frames as cut points),
and that the browser's frame builder rebuilds exactly the frames Plotly would have been sent."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from views.animation import Panel, Trace, animated_figure
from views.page import PLOTLY_CONFIG
from views.payload import FramePrefixes, encoded
from views.plotly_chart import BUNDLE, BUNDLE_FILE, CHART, chart_payload, decode_payload

N = 8640  # 24 h at 10 s steps
UNITS = {"t_s": "s", "load_rps": "req/s", "desired": "instances"}
FRONTEND = Path(__file__).resolve().parents[2] / "views" / "plotly_chart" / "frontend" / "index.js"


def node_frontend(names: str, body: str, fig: dict | None = None) -> Any:
    """Run ``body`` (JavaScript that logs one JSON value) under node, with ``names`` imported from
    the chart element's index.js and ``fig`` (if given) as the constant ``fig``; the value logged."""
    lines = [f"import {{ {names} }} from {json.dumps(FRONTEND.as_uri())};"]
    if fig is not None:
        lines.append(f"const fig = {json.dumps(fig)};")
    script = "\n".join([*lines, body])  # on stdin: a figure may be longer than one argument may be
    out = subprocess.run(
        ["node", "--input-type=module"], input=script, capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(out.stdout)


def day(shift: float = 0.0) -> pd.DataFrame:
    t = np.arange(N) * 10.0
    return pd.DataFrame(
        {
            "t_s": t,
            "load_rps": 100 + 50 * np.sin(t / 86_400 * 2 * np.pi) + shift,
            "desired": np.repeat(np.arange(N // 480) % 7 + 2, 480).astype(float),
        }
    )


def events() -> pd.DataFrame:
    return pd.DataFrame({"t_s": np.arange(50) * 1700.0, "kind": "scale_out", "message": "desired 2 -> 3"})


def figure(shift: float = 0.0) -> go.Figure:
    panels = [Panel.of("load_rps"), Panel.of(Trace("desired", style="step"))]
    return animated_figure(day(shift), panels, units=UNITS, events=events(), max_frames=40)


def test_payload_is_deterministic_and_starts_with_its_digest() -> None:
    a, b = chart_payload(figure(), PLOTLY_CONFIG), chart_payload(figure(), PLOTLY_CONFIG)
    assert a == b  # the same scenario twice: the same bytes, so the browser skips the redraw
    digest, _, body = a.partition(b"\n")
    assert len(digest) == 32 and all(c in b"0123456789abcdef" for c in digest)
    changed = chart_payload(figure(shift=1.0), PLOTLY_CONFIG)
    assert changed[:32] != a[:32]  # one changed value: a new digest, so the browser redraws
    assert decode_payload(a)["config"] == PLOTLY_CONFIG
    assert json.loads(body) == decode_payload(a)


def test_animated_figure_is_sent_as_cut_points_not_frame_copies() -> None:
    """40 frames of prefixes of 2 series (+ the event trace) would repeat each series about 20 times
    over (the mean prefix is half a series); the compact form sends each array once plus 40 cuts."""
    fig = figure()
    sent = decode_payload(chart_payload(fig, PLOTLY_CONFIG))["figure"]
    assert "frames" not in sent
    assert len(sent["anim"]["cuts"]) == 40 == len(sent["anim"]["keeps"])
    assert sent["anim"]["prefix"] == [0, 1] and sent["anim"]["event"] == 2
    full = len(pio.to_json(fig.to_dict()))  # what st.plotly_chart would serialise (template by name)
    compact = len(chart_payload(fig, PLOTLY_CONFIG)) - len(json.dumps(sent["layout"]["template"]))
    assert compact * 4 < full, (compact, full)


def test_prefixes_rebuild_the_figure_frames() -> None:
    fig = figure()
    prefixes = fig.prefixes
    assert isinstance(prefixes, FramePrefixes)
    rebuilt = prefixes.frames([{"x": np.asarray(t.x), "y": np.asarray(t.y)} for t in fig.data])
    frames = fig.frames
    assert len(rebuilt) == len(frames) == 40
    for mine, theirs in zip(rebuilt, frames, strict=True):
        assert list(mine["traces"]) == list(theirs.traces)
        assert np.array_equal(np.asarray(mine["data"][0]["y"]), np.asarray(theirs.data[0].y))
        assert np.array_equal(np.asarray(mine["data"][2]["x"]), np.asarray(theirs.data[2].x))
    # Events every 1,700 s; the last frame ends with the last point of the run, so it keeps all 50.
    assert prefixes.keeps[-1] == 50 and prefixes.keeps[0] == 1  # only the event at t = 0 at first


def test_a_still_figure_is_sent_whole() -> None:
    fig = animated_figure(day(), [Panel.of("load_rps")], units=UNITS, reduced_motion=True)
    sent = decode_payload(chart_payload(fig, PLOTLY_CONFIG))["figure"]
    assert "anim" not in sent and "frames" not in sent
    plain = go.Figure(go.Scatter(x=[0, 1], y=[2, 3]))
    sent = decode_payload(chart_payload(plain, PLOTLY_CONFIG))["figure"]
    assert sent["data"][0]["y"] == [2, 3]


def test_an_animated_figure_is_sent_without_building_its_plotly_figure() -> None:
    """Building and sending an animated figure never makes its ``go.Figure`` (its Layout objects
    were about a tenth of a class's server time); reading it as one does, and what is sent then is
    the same figure, byte for byte, until a caller changes it."""
    fig = figure()
    sent = chart_payload(fig, PLOTLY_CONFIG)
    assert fig._figure is None
    assert fig.layout.height == fig.plotly_spec()["layout"]["height"]  # read as Plotly objects
    assert isinstance(fig.figure, go.Figure) and fig._figure is not None
    assert chart_payload(fig, PLOTLY_CONFIG) == sent  # keys are sorted: built or not, the same bytes
    fig.update_layout(height=333)  # the rest of go.Figure's interface is the built figure's
    assert decode_payload(chart_payload(fig, PLOTLY_CONFIG))["figure"]["layout"]["height"] == 333


def test_arrays_are_encoded_as_plotly_encodes_them() -> None:
    """The one-walk encoder sends what ``copy + plotly's convert_to_base64`` sent: typed arrays for
    numeric arrays (64-bit integers narrowed, 2-D with its shape), the ``range`` key left alone."""
    import copy

    from _plotly_utils.utils import convert_to_base64

    values = {
        "f4": np.arange(5, dtype=np.float32),
        "strided": np.arange(6, dtype=np.float64)[::2],
        "i8": np.arange(4, dtype=np.int64),
        "big": np.array([2**40, 1], dtype=np.int64),
        "u1": np.arange(3, dtype=np.uint8),
        "z": np.ones((2, 3)),
        "text": np.array(["a", "b"], dtype=object),
        "empty": np.array([], dtype=np.float32),
        "range": np.arange(2.0),
        "nested": [{"y": np.arange(3, dtype=np.float32)}],
    }
    theirs = copy.deepcopy(values)
    convert_to_base64(theirs)
    ours = encoded(values)
    assert list(ours) == sorted(values)
    for key in values:
        assert repr(ours[key]) == repr(theirs[key]), key
    assert ours["f4"]["dtype"] == "f4" and ours["i8"]["dtype"] == "i1"  # 0..3 fits in 8 bits
    assert isinstance(ours["range"], np.ndarray)  # not a typed array, as Plotly leaves it


def test_a_foreign_payload_is_refused() -> None:
    with pytest.raises(ValueError, match="not a ScaleLab chart payload"):
        decode_payload(b'{"figure": {}}')


def test_both_components_serve_from_their_asset_folders() -> None:
    """The element's script and ScaleLab's Plotly bundle are served by the app's own server
    (nothing from a CDN)."""
    from streamlit.components.v2.get_bidi_component_manager import get_bidi_component_manager

    import views.plotly_chart as pc

    manager = get_bidi_component_manager()
    pc._register_assets(manager)
    assert (Path(manager.get_component_path(CHART)) / "index.js").is_file()
    bundle = Path(manager.get_component_path(BUNDLE)) / BUNDLE_FILE
    assert bundle.is_file() and bundle.stat().st_size > 1_000_000
    assert f"../scalelab.plotly_bundle/{BUNDLE_FILE}" in FRONTEND.read_text()


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_frame_builder_matches_the_server_frames() -> None:
    """The browser's own buildFrames (index.js, run under node) gives the frames Plotly would get."""
    fig = figure()
    sent = decode_payload(chart_payload(fig, PLOTLY_CONFIG))["figure"]
    built = node_frontend(
        "buildFrames",
        "const frames = buildFrames(fig.data, fig.anim);\n"
        "console.log(JSON.stringify(frames.map(f => ({name: f.name, traces: f.traces,"
        " data: f.data.map(d => d.y ? {y: Array.from(d.y)} : {x: Array.from(d.x)})}))));",
        sent,
    )
    assert len(built) == len(fig.frames) == 40
    for mine, theirs in zip(built, fig.frames, strict=True):
        assert mine["name"] == theirs.name and mine["traces"] == list(theirs.traces)
        np.testing.assert_allclose(mine["data"][0]["y"], np.asarray(theirs.data[0].y), rtol=0, atol=0)
        np.testing.assert_allclose(mine["data"][1]["y"], np.asarray(theirs.data[1].y), rtol=0, atol=0)
        np.testing.assert_allclose(mine["data"][2]["x"], np.asarray(theirs.data[2].x), rtol=0, atol=0)


def test_a_named_template_is_sent_as_what_it_stands_for() -> None:
    """plotly.js knows no template names: "plotly_white" must arrive as its layout settings."""
    sent = decode_payload(chart_payload(figure(), PLOTLY_CONFIG))["figure"]
    template = sent["layout"]["template"]
    assert isinstance(template, dict)
    assert template["layout"]["plot_bgcolor"] == pio.templates["plotly_white"].layout.plot_bgcolor == "white"


def test_clicks_are_reported_only_by_a_chart_that_asks() -> None:
    """A chart drawn with ``on_click`` tells the browser to report clicks; every other chart's
    payload is as before (a click there must not start a rerun)."""
    plain = decode_payload(chart_payload(figure(), PLOTLY_CONFIG))
    clicked = decode_payload(chart_payload(figure(), PLOTLY_CONFIG, clicks=True))
    assert "clicks" not in plain and clicked["clicks"] is True
    assert clicked["figure"] == plain["figure"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_a_clicked_point_is_reported_as_plain_json() -> None:
    """The browser's clickedPoint (index.js under node): curve, point ([row, column] on a heat map)
    and x, y of Plotly's first clicked point, nothing of the figure it refers back to."""
    got = node_frontend(
        "clickedPoint",
        "const fig = {data: []}; fig.self = fig;\n"
        "const heat = {curveNumber: 0, pointNumber: [1, 2], x: 1800, y: 53, data: fig, fullData: fig};\n"
        "const dot = {curveNumber: 2, pointIndex: 0, pointNumber: 0, x: 'a', y: 0};\n"
        "console.log(JSON.stringify([clickedPoint({points: [heat]}), clickedPoint({points: [dot]}),"
        " clickedPoint({points: []}), clickedPoint(undefined)]));",
    )
    assert got == [
        {"curve": 0, "point": [1, 2], "x": 1800, "y": 53},
        {"curve": 2, "point": 0, "x": "a", "y": 0},
        None,
        None,
    ]

"""The sweep panel (views.sweep) in Streamlit's AppTest: the grid is computed through
engine.sweep and drawn with the current scenario marked, a clicked cell sets the page's controls and
so the URL, and an axis of more than 40 points is refused with a message saying what is allowed.

The page here is a small Auto Scaling scenario with two knobs declared in this test; the lab pages
use their own knobs (views/<lab>/knobs.py)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from engine.autoscaling import GroupConfig, TargetTrackingPolicy
from engine.load import preset
from engine.sweep import sweep
from views.knobs import Knob
from views.plotly_chart import CHART, decode_payload
from views.sweep import axes, panel

COOLDOWN = Knob("cooldown", "Cooldown", "cooldown_s", 0, 1800, 30, unit="s")
TARGET = Knob("target", "Target value", "policies.0.target", 5, 100, 1, unit="%")


def _page() -> None:
    """A page with two URL-bound controls and the sweep panel over them."""
    from engine.autoscaling import GroupConfig, TargetTrackingPolicy
    from engine.load import preset
    from views.controls import Controls
    from views.knobs import Knob
    from views.sweep import sweep_panel

    ctrl = Controls("t")
    cooldown = ctrl.slider("Cooldown (s)", "cooldown", 0, 1800, 300, 30)
    target = ctrl.slider("Target value", "target", 5, 100, 50)
    ctrl.notices()
    base = GroupConfig(policies=(TargetTrackingPolicy(target=float(target)),), cooldown_s=float(cooldown))
    knobs = [
        Knob("cooldown", "Cooldown", "cooldown_s", 0, 1800, 30, unit="s"),
        Knob("target", "Target value", "policies.0.target", 5, 100, 1, unit="%"),
    ]
    sweep_panel("t", "autoscaling", base, preset("Flash crowd"), 0, knobs)


def _open(at: AppTest, prefix: str) -> AppTest:
    """Open the panel as a click on it does (it draws its contents only while open)."""
    at.session_state[f"__sweep.{prefix}.open"] = True
    return at.run()


def _opened() -> AppTest:
    at = _open(AppTest.from_function(_page, default_timeout=120), "t")
    assert not at.exception
    return at


def _inputs(at: AppTest, points: int) -> AppTest:
    for which in ("x", "y"):
        name = "cooldown" if which == "x" else "target"
        at.number_input(key=f"__sweep.t.{which}.{name}.n").set_value(points)
    return at.run()


def _array(value: object) -> np.ndarray:
    """A figure array as sent: a list, or Plotly's typed-array form (base64 ``bdata``)."""
    if isinstance(value, dict) and "bdata" in value:
        shape = [int(n) for n in str(value.get("shape", "-1")).split(",")]
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).reshape(shape)
    return np.asarray(value, dtype=float)


def _payload(at: AppTest) -> dict:
    """What the sweep's chart element sends the browser (figure, config, whether clicks are reported)."""
    sent = [decode_payload(el.proto.bytes) for el in at.get("bidi_component") if el.proto.component_name == CHART]
    assert len(sent) == 1
    return sent[0]


def _figure(at: AppTest) -> go.Figure:
    """The sweep's figure as the browser receives it."""
    return go.Figure(_payload(at)["figure"], skip_invalid=True)


def test_the_grid_is_computed_and_drawn_with_the_current_scenario_marked() -> None:
    at = _inputs(_opened(), 3)
    at.button(key="__sweep.t.run").click().run()
    assert not at.exception and not at.error
    fig = _figure(at)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert list(heat.x) == [0, 900, 1800] and list(heat.y) == [5, 53, 100]
    # every cell is the engine's own summary of that combination
    base = GroupConfig(policies=(TargetTrackingPolicy(target=50.0),), cooldown_s=300.0)
    table = sweep(
        "autoscaling", base, {"policies.0.target": [5, 53, 100], "cooldown_s": [0, 900, 1800]}, preset("Flash crowd")
    )
    expected = (100 * table["dropped"] / table["offered"]).to_numpy().reshape(3, 3)
    assert np.allclose(_array(heat.z), expected)
    current = next(t for t in fig.data if t.name == "current scenario")
    assert (list(current.x), list(current.y)) == ([300], [50])
    assert "Click to open this scenario" in heat.hovertemplate  # the cells themselves take the click
    assert _payload(at)["clicks"] is True  # and the element reports it
    assert any("Lowest dropped" in c.value for c in at.caption)


def test_an_axis_of_more_than_40_points_is_refused_with_what_is_allowed() -> None:
    at = _inputs(_opened(), 41)
    assert not at.exception
    assert any("at most 40 per axis" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "__sweep.t.run"]  # nothing to run


def test_a_second_metric_is_drawn_as_labelled_contour_lines() -> None:
    at = _inputs(_opened(), 3)
    at.selectbox(key="__sweep.t.contour").set_value("Cost (USD)").run()
    at.button(key="__sweep.t.run").click().run()
    fig = _figure(at)
    contour = fig.data[1]
    assert contour.type == "contour" and contour.contours.showlabels
    assert "Cost (USD)" in fig.layout.title.text


class _Clicked(dict):
    """The chart element's state as a callback reads it (``st.session_state[key].click``)."""

    __getattr__ = dict.get


def _picked(monkeypatch: pytest.MonkeyPatch, click: object) -> dict:
    """The session state after the click callback ran on ``click`` (the element's click trigger)."""
    x = axes.Axis(COOLDOWN, (0, 900, 1800))
    y = axes.Axis(TARGET, (5, 53, 100))
    state: dict = {"sweep-chart.t": _Clicked(click=click)}
    with monkeypatch.context() as patch:
        patch.setattr(panel.st, "session_state", state)
        panel._pick("t", "sweep-chart.t", x, y)
    return {k: v for k, v in state.items() if k != "sweep-chart.t"}


def test_a_click_off_the_cells_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    for click in (
        None,
        {"curve": 2, "point": 0, "x": 300, "y": 50},  # the current-scenario marker
        {"curve": 0, "point": [3, 0]},  # no such row
        {"curve": 0, "point": "1,2"},
    ):
        assert _picked(monkeypatch, click) == {}


def _click(at: AppTest, value: dict) -> AppTest:
    """Run ``at`` as the browser does after a click on the chart: the element's ``click`` trigger
    sent with the widget states (the trigger widget of a components-v2 element)."""
    from streamlit.components.v2.bidi_component.main import _make_trigger_id

    element = next(e for e in at.get("bidi_component") if e.proto.component_name == CHART)
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(element.proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": "click", "value": value}])
    return at._run(widget_state=states)


def test_a_clicked_cell_sets_both_controls_and_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """The click callback maps the clicked heat-map cell ([row, column]) to the two controls' values,
    before the rerun, so that run moves the controls and their URL parameters."""
    assert _picked(monkeypatch, {"curve": 0, "point": [1, 2], "x": 1800, "y": 53}) == {
        "t.cooldown": 1800,
        "t.target": 53,
    }  # row 1, column 2
    at = _inputs(_opened(), 3)
    at.button(key="__sweep.t.run").click().run()
    _click(at, {"curve": 0, "point": [1, 2], "x": 1800, "y": 53})
    assert not at.exception
    assert [s.value for s in at.slider] == [1800, 53]
    assert at.query_params["t.cooldown"] == "1800" and at.query_params["t.target"] == "53"
    current = next(t for t in _figure(at).data if t.name == "current scenario")
    assert (list(current.x), list(current.y)) == ([1800], [53])  # the same grid, the clicked cell marked


def test_axis_values_follow_the_controls_step_and_range() -> None:
    assert axes.axis_values(COOLDOWN, 0, 1800, 4) == (0, 600, 1200, 1800)
    assert axes.axis_values(COOLDOWN, 0, 100, 5) == (0, 30, 60, 90)  # on the 30 s step, duplicates merged
    with pytest.raises(ValueError, match="at most 40"):
        axes.axis_values(COOLDOWN, 0, 1800, 41)
    with pytest.raises(ValueError, match="inside 0 to 1800"):
        axes.axis_values(COOLDOWN, 900, 300, 3)


LAB_PAGES = {
    "autoscaling": ("app_pages/autoscaling_policies.py", "views.autoscaling.knobs"),
    "dynamodb": ("app_pages/dynamodb.py", "views.dynamodb.knobs"),
    "kinesis": ("app_pages/kinesis.py", "views.kinesis.knobs"),
    "queues": ("app_pages/queues.py", "views.queues.knobs"),
    "lambda_": ("app_pages/lambda.py", "views.lambda_.knobs"),
}


@pytest.mark.parametrize("lab", sorted(LAB_PAGES))
def test_every_swept_lab_starts_on_its_own_knobs_and_metrics(lab: str) -> None:
    import importlib

    knobs = {k.name for k in importlib.import_module(LAB_PAGES[lab][1]).KNOBS}
    (x, y), metric, lines = panel.STARTS[lab]
    assert {x, y} <= knobs and x != y
    names = {m.name for m in axes.metrics(lab)}
    assert {metric, lines} <= names


@pytest.mark.parametrize("lab", sorted(LAB_PAGES))
def test_every_swept_lab_page_draws_the_panel(lab: str) -> None:
    from tests.pages.apptest import run_page

    at = run_page(LAB_PAGES[lab][0], timeout=240)  # a first run compiles the lab's kernels
    assert not at.exception
    assert any("Sweep two settings" in e.label for e in at.expander)
    at = _open(at, Path(LAB_PAGES[lab][0]).stem)
    run = [b for b in at.button if str(b.key).endswith(".run") and str(b.key).startswith("__sweep.")]
    assert len(run) == 1 and "scenarios" in run[0].label


def test_a_knob_the_scenario_lacks_is_no_axis() -> None:
    """Simple scaling has no target value: the panel leaves that knob out instead of refusing."""
    from tests.pages.apptest import run_page

    at = run_page("app_pages/autoscaling_policies.py", {"autoscaling_policies.policy": "Simple scaling"}, timeout=240)
    at = _open(at, "autoscaling_policies")
    assert not at.exception and not at.error
    axes = at.selectbox(key="__sweep.autoscaling_policies.y")
    assert "Target value (target tracking)" not in axes.options
    assert "Alarm threshold (step and simple)" in axes.options

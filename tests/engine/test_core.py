"""Engine core: time grid, validation messages, schemas, event log, results."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from engine.core import (
    EVENT_COLUMNS,
    Column,
    EventLog,
    Result,
    Schema,
    TimeGrid,
    broadcast_loads,
    check_choice,
    check_int,
    check_range,
    format_clock,
    shared_grid,
    stack_frames,
    stack_scenarios,
)


def test_grid_steps_and_times() -> None:
    g = TimeGrid(86_400, 10)
    assert g.n_steps == 8640
    assert g.t_s[0] == 0 and g.t_s[-1] == 86_390
    assert TimeGrid(95, 10).n_steps == 10  # a partial last step still counts


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dt_s": 0}, "dt_s must be between 0.001 and 3600 s, got 0"),
        ({"dt_s": 10, "horizon_s": 5}, "horizon_s must be between 10 and"),
        ({"dt_s": 0.001, "horizon_s": 86_400 * 30}, "steps; at most 2,000,000"),
    ],
)
def test_grid_rejects_bad_values_with_the_rule(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TimeGrid(**kwargs)


def test_validation_messages_name_field_value_and_range() -> None:
    with pytest.raises(ValueError, match=r"^cooldown_s must be between 0 and 3600 s, got -5$"):
        check_range("cooldown_s", -5, 0, 3600, unit="s")
    with pytest.raises(ValueError, match="must be a finite number"):
        check_range("x", math.inf, 0, 1)
    with pytest.raises(ValueError, match="must be a number"):
        check_range("x", "3", 0, 5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must be a whole number, got 2.5"):
        check_int("shards", 2.5, 1, 500)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must be one of 'a', 'b', got 'c'"):
        check_choice("mode", "c", ("a", "b"))
    check_range("ok", 3, 0, 5)


def test_format_clock() -> None:
    assert format_clock(0) == "00:00:00"
    assert format_clock(3_725) == "01:02:05"
    assert format_clock(86_400 + 3_600) == "d2 01:00"


def test_schema_frames_have_exactly_the_declared_columns() -> None:
    schema = Schema(Column("t_s", "s", "time"), Column("x", "req/s", "load"))
    df = schema.frame({"x": [1.0], "t_s": [0.0]})
    assert list(df.columns) == ["t_s", "x"]
    assert schema.units() == {"t_s": "s", "x": "req/s"}
    with pytest.raises(KeyError, match="undeclared"):
        schema.frame({"t_s": [0.0], "x": [1.0], "y": [2.0]})
    with pytest.raises(ValueError, match="duplicate"):
        Schema(Column("a", "", ""), Column("a", "", ""))


def test_event_log_sorted_by_scenario_then_time() -> None:
    log = EventLog()
    log.add(30, "scale_out", "b", scenario=1, to=3)
    log.add(20, "scale_out", "a", to=2)
    log.add(10, "scale_in", "c", scenario=1)
    df = log.frame()
    assert list(df["message"]) == ["a", "c", "b"]
    assert df.loc[0, "data"] == {"to": 2}
    assert EventLog().frame().empty


def test_result_scenario_view() -> None:
    frame = pd.DataFrame({"scenario": [0, 0, 1, 1], "t_s": [0.0, 1.0, 0.0, 1.0], "x": [1, 2, 3, 4]})
    log = EventLog()
    log.add(1, "k", "m", scenario=1)
    r = Result(frame=frame, events=log.frame(), config=("a", "b"))
    one = r.scenario(1)
    assert list(one.frame.columns) == ["t_s", "x"]
    assert np.array_equal(one.frame["x"], [3, 4])
    assert one.config == "b" and len(one.events) == 1
    assert len(r.scenario(0).events) == 0


def test_broadcast_loads_repeats_one_load_and_lists_many() -> None:
    one = np.arange(3.0)
    assert broadcast_loads(5.0, 3) == [5.0, 5.0, 5.0]
    assert broadcast_loads(None, 2) == [None, None]
    assert all(x is one for x in broadcast_loads(one, 2))
    two = np.ones((2, 3))
    assert [list(r) for r in broadcast_loads(two, 2)] == [[1, 1, 1], [1, 1, 1]]
    assert broadcast_loads((1.0, 2.0), 2) == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"one load or one per config \(3\), got 2"):
        broadcast_loads([1.0, 2.0], 3)


def test_shared_grid_rejects_mixed_grids() -> None:
    class C:
        def __init__(self, dt: float) -> None:
            self.grid = TimeGrid(600, dt)

    assert shared_grid([C(10), C(10)]) == TimeGrid(600, 10)
    with pytest.raises(ValueError, match="share horizon_s and dt_s"):
        shared_grid([C(10), C(60)])


def test_stack_scenarios_tags_frames_and_events() -> None:
    a = pd.DataFrame({"t_s": [0.0, 1.0], "x": [1, 2]})
    b = pd.DataFrame({"t_s": [0.0, 1.0], "x": [3, 4]})
    frame, events = stack_scenarios([(a, [(1.0, "k", "late")]), (b, [(0.0, "k", "early")])])
    assert list(frame.columns) == ["t_s", "x", "scenario"]
    assert frame["scenario"].tolist() == [0, 0, 1, 1] and frame["x"].tolist() == [1, 2, 3, 4]
    assert events["scenario"].tolist() == [0, 1] and events["message"].tolist() == ["late", "early"]
    assert list(events.columns) == list(EVENT_COLUMNS)
    with pytest.raises(ValueError, match="no scenario"):
        stack_scenarios([])


def test_stack_frames_overwrites_scenario_in_place() -> None:
    f = pd.DataFrame({"t_s": [0.0], "scenario": [0], "data": [{}]})
    out = stack_frames([f, f])
    assert list(out.columns) == ["t_s", "scenario", "data"] and out["scenario"].tolist() == [0, 1]

"""The declarative query language (engine/query.py) on hand-made results with hand-computed values."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.core import EventLog, Result, stack_results
from engine.query import evaluate, validate


def _result(desired: list[float], *, dt: float = 60.0, events: list[tuple[float, str]] = ()) -> Result:
    n = len(desired)
    frame = pd.DataFrame(
        {"t_s": np.arange(n) * dt, "desired": desired, "dropped_rps": [0.0] * (n - 1) + [2.0] if n else []}
    )
    log = EventLog()
    for t, kind in events:
        log.add(t, kind, f"{kind} at {t}")
    summary = pd.DataFrame({"scenario": [0], "dropped_pct": [1.5]})
    return Result(frame=frame, events=log.frame(), config=None, summary=summary)


RUN = _result(
    [10, 10, 11, 11, 14, 14, 12],
    events=[(120, "scale_out"), (240, "scale_out"), (360, "scale_in"), (60, "suppressed")],
)


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ({"max": "desired"}, 14),
        ({"min": "desired"}, 10),
        ({"mean": "desired"}, 82 / 7),
        ({"sum": "desired"}, 82),
        ({"last": "desired"}, 12),
        ({"total": "dropped_rps"}, 2.0 * 60),  # 2 req/s for one 60 s step
        ({"at": {"col": "desired", "t": 150}}, 11),  # 150 s lies in the step starting at 120 s
        ({"at": {"col": "desired", "t": 0}}, 10),
        ({"count": "scale_out"}, 2),
        ({"count": ["scale_out", "scale_in"]}, 3),
        ({"count": "throttle"}, 0),
        ({"first_t": "scale_out"}, 120),
        ({"first_t": ["scale_in", "suppressed"]}, 60),
        ({"summary": "dropped_pct"}, 1.5),
        ({"sequence": "desired"}, [10, 11, 14, 12]),
        ({"+": [{"max": "desired"}, 1]}, 15),
        ({"-": [{"max": "desired"}, {"min": "desired"}]}, 4),
        ({"*": [2, {"last": "desired"}]}, 24),
        ({"/": [{"max": "desired"}, 4]}, 3.5),
        (7, 7),
    ],
)
def test_values(expr, value) -> None:
    assert evaluate(expr, RUN) == pytest.approx(value)


@pytest.mark.parametrize(
    ("expr", "truth"),
    [
        ({">": [{"max": "desired"}, 13]}, True),
        ({">=": [{"max": "desired"}, 14]}, True),
        ({"<": [{"max": "desired"}, 14]}, False),
        ({"<=": [{"min": "desired"}, 10]}, True),
        ({"==": [{"count": "scale_out"}, 2]}, True),
        ({"==": [{"sequence": "desired"}, {"sequence": "desired"}]}, True),
        ({"starts_with": [{"sequence": "desired"}, [10, 11, 14]]}, True),
        ({"starts_with": [{"sequence": "desired"}, [10, 14]]}, False),
        ({"starts_with": [{"sequence": "desired"}, [10, 11, 14, 12, 9]]}, False),  # longer than the run
        ({"all": [{">": [1, 0]}, {"<": [1, 0]}]}, False),
        ({"any": [{">": [1, 0]}, {"<": [1, 0]}]}, True),
        ({"not": {"<": [1, 0]}}, True),
        ({"<": [{"first_t": "throttle"}, 1e9]}, False),  # no such event: NaN compares false
    ],
)
def test_conditions(expr, truth) -> None:
    assert evaluate(expr, RUN) is truth


def test_division_by_zero_is_infinite_or_nan_not_an_error() -> None:
    assert evaluate({"/": [1, 0]}, RUN) == math.inf
    assert math.isnan(evaluate({"/": [0, 0]}, RUN))


def test_scenarios_of_a_batched_result() -> None:
    both = stack_results([_result([1, 2, 2]), _result([5, 5, 9], events=[(60, "scale_out")])])
    assert evaluate({"max": "desired", "scenario": 1}, both) == 9
    assert evaluate({"max": "desired"}, both) == 2  # scenario 0 by default
    assert evaluate({"count": "scale_out", "scenario": 1}, both) == 1
    assert evaluate({"count": "scale_out", "scenario": 0}, both) == 0
    assert evaluate({"sequence": "desired", "scenario": 1}, both) == [5, 9]
    assert evaluate({"summary": "dropped_pct", "scenario": 1}, both) == 1.5
    with pytest.raises(ValueError, match=r"claim\.scenario: scenario 2 does not exist; this result has 0 to 1"):
        evaluate({"max": "desired", "scenario": 2}, both)


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ({"all": [{">": [1, 0]}, {"max": "cpu"}]}, r"claim\.all\[1\]: must be a condition"),
        ({"maxx": "desired"}, r"claim: unknown operator 'maxx'; allowed: max, min"),
        ({"max": "desired", "min": "desired"}, r"claim: an expression has exactly one operator, found 'max', 'min'"),
        ({">": [1]}, r"claim\.>: takes a list of two operands"),
        ({">": [{"sequence": "desired"}, 1]}, r"claim\.>\[0\]: '>' compares numbers, not a sequence"),
        ({"+": [{">": [1, 0]}, 1]}, r"claim\.\+\[0\]: arithmetic takes numbers, not a condition"),
        ({"==": [{"sequence": "desired"}, 3]}, r"claim\.==: compares two numbers or two sequences"),
        ({"starts_with": [{"max": "desired"}, [1]]}, r"claim\.starts_with\[0\]: must be a sequence expression"),
        ({"starts_with": [{"sequence": "desired"}, [1, "x"]]}, r"claim\.starts_with\[1\]: must be a list of numbers"),
        ({"at": {"col": "desired"}}, r"claim\.at: takes \{col: column, t: seconds\}"),
        ({"at": {"col": "desired", "t": -1}}, r"claim\.at\.t: must be a time in seconds"),
        ({"count": []}, r"claim\.count: takes an event kind or a non-empty list"),
        ({"max": 3}, r"claim\.max: takes a column name"),
        ({"all": []}, r"claim\.all: takes a non-empty list of conditions"),
        ({"max": "desired", "scenario": -1}, r"claim\.scenario: must be a whole number"),
        ({"all": [{">": [1, 0]}], "scenario": 1}, r"claim: 'scenario' goes with a value operator"),
        ("desired", r"claim: an expression is a number or a mapping"),
        (True, r"claim: an expression is a number or a mapping"),
        (math.inf, r"claim: a literal must be a finite number"),
    ],
)
def test_validate_names_the_bad_part_and_what_is_allowed(expr, message) -> None:
    with pytest.raises(ValueError, match=message):
        validate(expr)


def test_columns_and_kinds_are_checked_against_the_result() -> None:
    with pytest.raises(
        ValueError, match=r"claim\.all\[1\]\.>\[0\]\.max: unknown column 'cpu'; the frame has t_s, desired"
    ):
        evaluate({"all": [{">": [1, 0]}, {">": [{"max": "cpu"}, 1]}]}, RUN)
    with pytest.raises(ValueError, match=r"claim\.summary: unknown column 'cost'; the summary has dropped_pct"):
        evaluate({"summary": "cost"}, RUN)
    with pytest.raises(
        ValueError, match=r"lesson\.count: unknown event kind 'scale_up'; this lab logs scale_in, scale_out"
    ):
        evaluate({"count": "scale_up"}, RUN, path="lesson", kinds=("scale_out", "scale_in"))
    with pytest.raises(ValueError, match=r"claim\.at\.t: t = 1000 s is outside the run"):
        evaluate({"at": {"col": "desired", "t": 1000}}, RUN)


def test_validate_accepts_a_whole_claim() -> None:
    validate(
        {
            "all": [
                {"starts_with": [{"sequence": "desired"}, [10, 11, 14]]},
                {">=": [{"count": ["scale_out"]}, 2]},
                {"not": {">": [{"total": "dropped_rps", "scenario": 1}, {"*": [2, {"summary": "dropped_pct"}]}]}},
            ]
        }
    )


@given(st.lists(st.integers(0, 5), min_size=2, max_size=40))
def test_sequence_is_the_run_length_dedup_and_total_is_sum_times_step(values: list[int]) -> None:
    run = _result([float(v) for v in values], dt=10.0)
    seq = evaluate({"sequence": "desired"}, run)
    assert all(a != b for a, b in itertools.pairwise(seq))
    assert seq[0] == values[0] and seq[-1] == values[-1]
    assert len(seq) == 1 + sum(a != b for a, b in itertools.pairwise(values))
    assert evaluate({"total": "desired"}, run) == pytest.approx(10.0 * sum(values))
    assert evaluate({"starts_with": [{"sequence": "desired"}, seq[:2]]}, run) is True

"""Target-tracking arithmetic and alarm semantics (aws-facts.md §1.6, §10)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.kernel.target_tracking import (
    NO_CHANGE,
    SCALE_IN,
    SCALE_OUT,
    alarm_counts,
    target_tracking_capacity,
    tt_decide,
)


def test_aws_example_ten_instances_at_150_vs_100_gives_15() -> None:
    """§1.6 / §4 SQS example: 10 instances, metric 150, target 100 -> 15 (+5)."""
    assert target_tracking_capacity(10, 150, 100) == 15


def test_adding_rounds_up_and_removing_removes_fewer() -> None:
    """§1.6: adding 1.5 instances adds 2; removing 1.5 removes 1."""
    assert target_tracking_capacity(10, 115, 100) == 12  # 11.5 -> add 2
    assert target_tracking_capacity(10, 85, 100) == 9  # 8.5 -> remove 1


def test_bad_arguments_name_the_field() -> None:
    with pytest.raises(ValueError, match="target must be greater than 0"):
        target_tracking_capacity(3, 50, 0)
    with pytest.raises(ValueError, match="current must be at least 0"):
        target_tracking_capacity(-1, 50, 50)


def test_scale_out_needs_three_consecutive_datapoints() -> None:
    """§1.6: AlarmHigh = 3 of 3 datapoints above target; one datapoint below resets it."""
    high = low = 0
    for m in (80, 80):
        high, low = alarm_counts(m, 50.0, 0.7, high, low)
    assert tt_decide(4, 0, 80.0, 50.0, high, low, True, 3, 15) == (NO_CHANGE, 4)
    high, low = alarm_counts(80.0, 50.0, 0.7, high, low)
    assert tt_decide(4, 0, 80.0, 50.0, high, low, True, 3, 15) == (SCALE_OUT, 7)  # ceil(4*1.6)=7
    high, low = alarm_counts(40.0, 50.0, 0.7, high, low)
    assert high == 0


def test_scale_in_needs_fifteen_datapoints_below_the_low_threshold_and_no_warming() -> None:
    """§1.6, §1.5: AlarmLow = 15 of 15 below ~0.7 x target; scale-in blocked during warm-up."""
    high = low = 0
    for _ in range(15):
        high, low = alarm_counts(20.0, 50.0, 0.7, high, low)
    assert low == 15
    assert tt_decide(10, 0, 20.0, 50.0, high, low, True, 3, 15) == (SCALE_IN, 4)
    assert tt_decide(10, 2, 20.0, 50.0, high, low, True, 3, 15) == (NO_CHANGE, 12)
    assert tt_decide(10, 0, 20.0, 50.0, high, low, False, 3, 15) == (NO_CHANGE, 10)
    # The low threshold is 0.7 x 50 = 35 %: 34 % counts towards scale-in, 36 % resets it.
    assert alarm_counts(36.0, 50.0, 0.7, 0, 14)[1] == 0
    assert alarm_counts(34.0, 50.0, 0.7, 0, 14)[1] == 15


def test_missing_data_fires_nothing() -> None:
    """§1.6: INSUFFICIENT_DATA means no scaling."""
    assert alarm_counts(math.nan, 50.0, 0.7, 2, 14) == (0, 0)


def test_warming_instances_count_as_added() -> None:
    """§1.5: warming instances count toward desired capacity at the next scale-out, so a breach
    while they warm adds only the difference.

    4 in service at 80 % vs target 50 need ceil(6.4) = 7 in all: with 3 already warming nothing
    more is launched; with 2 warming one more is (7 > 6).
    """
    assert tt_decide(4, 3, 80.0, 50.0, 3, 0, True, 3, 15) == (NO_CHANGE, 7)
    assert tt_decide(4, 2, 80.0, 50.0, 3, 0, True, 3, 15) == (SCALE_OUT, 7)


@given(
    current=st.integers(0, 10_000),
    metric=st.floats(0, 1e4, allow_nan=False),
    target=st.floats(0.1, 1e3, allow_nan=False),
)
def test_capacity_moves_toward_the_target(current: int, metric: float, target: float) -> None:
    want = target_tracking_capacity(current, metric, target)
    assert want >= 0
    if metric > target:
        assert want >= current
    if metric < target:
        assert want <= current

"""Auto Scaling policy kinds: adjustment arithmetic (§1.3), step validation (§1.5), alarm words."""

from __future__ import annotations

import pytest

from engine.autoscaling import GroupConfig, SimpleScalingPolicy, StepScalingPolicy, TargetTrackingPolicy
from engine.autoscaling.layout import PF, PI, ST
from engine.autoscaling.policies import KIND, MAX_POLICIES, adjusted_capacity, parse_steps, policy_arrays
from engine.kernel.target_tracking import HIGH_DATAPOINTS, LOW_DATAPOINTS


def test_percent_rounding_rules() -> None:
    """§1.3: > 1 rounds down, (0, 1) -> 1, (-1, 0) -> -1, < -1 rounds toward zero;
    MinAdjustmentMagnitude lifts a small percent change (+25 % of 4 = 1 -> 2)."""
    pct = 2
    assert adjusted_capacity(127, pct, 10.0, 0) == 139  # +12.7 -> +12
    assert adjusted_capacity(4, pct, 10.0, 0) == 5  # +0.4 -> +1
    assert adjusted_capacity(4, pct, -10.0, 0) == 3  # -0.4 -> -1
    assert adjusted_capacity(10, pct, -66.7, 0) == 4  # -6.67 -> -6
    assert adjusted_capacity(4, pct, 25.0, 2) == 6
    assert adjusted_capacity(4, 0, 3.0, 0) == 7 and adjusted_capacity(4, 1, 9.0, 0) == 9


def test_bad_steps_name_the_rule() -> None:
    """§1.5 validation: overlaps, gaps, both bounds null; §1.3 MinAdjustmentMagnitude percent only."""
    with pytest.raises(ValueError, match="overlap"):
        StepScalingPolicy(steps=((0, 20, 1), (10, None, 2)))
    with pytest.raises(ValueError, match="gap"):
        StepScalingPolicy(steps=((0, 10, 1), (20, None, 2)))
    with pytest.raises(ValueError, match="both bounds null"):
        StepScalingPolicy(steps=((None, None, 1),))
    with pytest.raises(ValueError, match="PercentChangeInCapacity only"):
        StepScalingPolicy(steps=((0, None, 1),), adjustment_type="ChangeInCapacity", min_adjustment_magnitude=2)
    assert parse_steps("0:10=0, 10:=+2") == ((0.0, 10.0, 0.0), (10.0, None, 2.0))
    with pytest.raises(ValueError, match="lower:upper=adjustment"):
        parse_steps("0-10=1")


def test_percent_scale_out_from_zero_needs_a_minimum_magnitude() -> None:
    """§1.3: x % of 0 instances is 0, so a percent scale-out policy on a group that may be empty
    needs MinAdjustmentMagnitude (then the change is that minimum)."""
    with pytest.raises(ValueError, match="set min_adjustment_magnitude"):
        GroupConfig(min_size=0, desired=0, policies=(SimpleScalingPolicy(adjustment_type="PercentChangeInCapacity",
                                                                         adjustment=50),))  # fmt: skip
    assert adjusted_capacity(0, 2, 50.0, 2) == 2
    ok = StepScalingPolicy(min_adjustment_magnitude=1)
    assert GroupConfig(min_size=0, desired=0, policies=(ok,)).min_size == 0


def test_each_policy_packs_its_own_kernel_row() -> None:
    """A policy kind packs its parameters by slot name; unused policy rows are KIND.NONE."""
    tt, step = TargetTrackingPolicy(target=60, disable_scale_in=True), StepScalingPolicy(datapoints=2)
    simple = SimpleScalingPolicy(threshold=80, comparison="below", adjustment=-2, cooldown_s=120)
    pi, pf, st = (a[0] for a in policy_arrays([(tt, step, simple)], [10.0]))
    assert pi.shape[0] == pf.shape[0] == st.shape[0] == MAX_POLICIES
    assert [int(k) for k in pi[:, PI.KIND]] == [KIND.TARGET_TRACKING, KIND.STEP, KIND.SIMPLE, KIND.NONE]
    assert pi[0, PI.NO_SCALE_IN] == 1 and pf[0, PF.TARGET] == 60 and pf[0, PF.LOW_FACTOR] == tt.low_factor
    assert pi[1, PI.DATAPOINTS] == 2 and pi[1, PI.N_STEPS] == len(step.steps)
    assert st[1, 2, ST.LOWER] == 20 and st[1, 2, ST.UPPER] == float("inf") and st[1, 2, ST.ADJUSTMENT] == 30
    assert pi[2, PI.COMPARISON] == -1 and pi[2, PI.COOLDOWN_STEPS] == 12 and pf[2, PF.ADJUSTMENT] == -2


def test_alarm_sentences_name_the_datapoints_from_the_shared_rule() -> None:
    """§1.6: target tracking's alarms need HIGH_DATAPOINTS of HIGH_DATAPOINTS above the target
    (3 of 3) and LOW_DATAPOINTS of LOW_DATAPOINTS below low_factor x target (15 of 15)."""
    tt = TargetTrackingPolicy(target=50)
    up, down = tt.alarm(78.0, True), tt.alarm(20.0, False)
    assert f"for {HIGH_DATAPOINTS} of {HIGH_DATAPOINTS} datapoints" in up and "CPU > 50 %" in up
    assert f"for {LOW_DATAPOINTS} of {LOW_DATAPOINTS} datapoints" in down and "CPU < 35 %" in down
    step = StepScalingPolicy().alarm(62.0, True)
    assert step.endswith("offset +12 → step scaling (PercentChangeInCapacity)")
    assert "(+1, ChangeInCapacity)" in SimpleScalingPolicy().alarm(80.0, True)
    with pytest.raises(ValueError, match="policies must be scaling policies"):
        GroupConfig(policies=("up",))  # type: ignore[arg-type]

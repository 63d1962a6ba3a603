"""EC2 Auto Scaling engine: hand-computed cases from aws-facts.md §1 and §9, invariants, sweeps."""

from __future__ import annotations

import numpy as np
import pytest

from engine.autoscaling import (
    GroupConfig,
    ManualChange,
    PredictivePolicy,
    ScheduledAction,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    simulate,
    simulate_many,
    step_scaling_capacity,
    target_tracking_capacity,
)
from engine.load import Constant, LoadTrace, Step
from tests.engine.autoscaling.common import FAST
from tests.engine.autoscaling.common import at as _at


def test_target_tracking_ten_at_150_vs_100_gives_15() -> None:
    """§1.6 (ASG-UG as-using-sqs-queue): 10 instances, metric 150 per instance, target 100 -> 15.

    In the kernel: 1,500 req/s over 10 instances is 150 req/s each; after 3 of 3 one-minute
    datapoints above the target (the third ends at 00:03) desired goes 10 -> 15.
    """
    assert target_tracking_capacity(10, 150, 100) == 15
    cfg = GroupConfig(
        min_size=1, max_size=40, desired=10, capacity_rps=1000.0,
        policies=(TargetTrackingPolicy(target=100, metric="requests"),), **FAST,
    )  # fmt: skip
    r = simulate(cfg, 1500.0)
    assert _at(r, 160.0) == 10
    assert _at(r, 170.0) == 15
    first = r.events[r.events["kind"] == "scale_out"].iloc[0]
    assert "desired 10 → 15" in first["message"]


def test_simple_scaling_second_alarm_inside_the_cooldown_does_nothing() -> None:
    """§1.4: after firing, a simple policy waits for the activity (60 s launch) and then the
    cooldown (300 s). First datapoint ends at step 5 (00:00:50): 2 -> 3; locked until step
    5 + 6 + 30 = 41 (00:06:50); the alarms at 00:01:50 ... 00:05:50 do nothing."""
    cfg = GroupConfig(desired=2, capacity_rps=10.0, policies=(SimpleScalingPolicy(threshold=70),), **FAST)
    r = simulate(cfg, 200.0)
    d = r.frame["desired"].to_numpy()
    assert d[4] == 2 and d[5] == 3
    assert (d[5:41] == 3).all()
    assert d[41] == 4
    held = r.events[r.events["kind"] == "suppressed"]
    assert "held by cooldown until 00:06:50" in held.iloc[0]["message"]


def test_scheduled_action_inside_the_cooldown_applies() -> None:
    """§1.2, §1.7: scheduled actions never wait for a cooldown."""
    cfg = GroupConfig(
        desired=2, max_size=20, capacity_rps=10.0, policies=(SimpleScalingPolicy(threshold=70),),
        scheduled=(ScheduledAction(at_s=200.0, desired=8),), **FAST,
    )  # fmt: skip
    r = simulate(cfg, 200.0)
    assert _at(r, 190.0) == 3 and _at(r, 200.0) == 8
    ev = r.events[r.events["kind"] == "scheduled"].iloc[0]["message"]
    assert "applied inside the cooldown" in ev


def test_manual_change_honours_the_cooldown_only_when_asked() -> None:
    """§1.2: SetDesiredCapacity ignores the cooldown unless HonorCooldown is true."""
    base = {"desired": 2, "capacity_rps": 10.0, "policies": (SimpleScalingPolicy(threshold=70),), **FAST}
    off = simulate(GroupConfig(manual=(ManualChange(200.0, 9),), **base), 200.0)
    on = simulate(GroupConfig(manual=(ManualChange(200.0, 9, honor_cooldown=True),), **base), 200.0)
    assert _at(off, 200.0) == 9
    assert _at(on, 200.0) == 3 and _at(on, 400.0) == 3
    applied = on.events[on.events["kind"] == "manual"]
    assert applied["t_s"].tolist() == [410.0] and "desired 3 → 9" in applied["message"].iloc[0]


def _drop_load() -> LoadTrace:
    return LoadTrace((Constant(100.0), Step(-95.0, 600.0)))


def test_warm_up_blocks_scale_in() -> None:
    """§1.5/§1.6: while instances warm up, policy scale-in is blocked. 2 -> 4 at 00:02:50; the
    load drops at 00:10 and 15 low datapoints follow, but the new instances warm up until
    00:02:50 + 60 s + 1800 s: scale-in waits for that; with no warm-up it happens earlier."""
    pol = (TargetTrackingPolicy(target=50),)
    kw = {**FAST, "desired": 2, "capacity_rps": 50.0, "policies": pol, "rules": "aws-today"}
    warm = simulate(GroupConfig(**{**kw, "warmup_s": 1800.0}), _drop_load())
    cold = simulate(GroupConfig(**kw), _drop_load())
    t_warm = warm.events.loc[warm.events["kind"] == "scale_in", "t_s"].min()
    t_cold = cold.events.loc[cold.events["kind"] == "scale_in", "t_s"].min()
    assert t_cold < 170 + 60 + 1800 <= t_warm
    assert warm.events["message"].str.contains("still launching or warming up").any()


def test_aws_step_example_10_to_11_to_14() -> None:
    """§1.5 worked example: threshold 50, capacity 10; at 60 -> 11; at 70, +30 % of 11 = 3.3
    -> 3 -> 14. In the kernel: 10 req/s per instance, 60 req/s (CPU 60 %) then 77 req/s
    (CPU 70 % on 11)."""
    p = StepScalingPolicy()
    assert step_scaling_capacity(10, 60, p) == 11
    assert step_scaling_capacity(11, 70, p) == 14
    cfg = GroupConfig(min_size=1, max_size=30, desired=10, capacity_rps=10.0, policies=(p,), **FAST)
    r = simulate(cfg, LoadTrace((Constant(60.0), Step(17.0, 300.0))))
    seq = r.frame["desired"].to_numpy()
    assert list(dict.fromkeys(seq[:100])) == [10, 11, 14]


def test_largest_capacity_wins() -> None:
    """§1.2: with several policies firing, the largest resulting capacity wins (-3 vs -25 % of 8
    = -2: it removes 2)."""
    pols = (
        SimpleScalingPolicy(threshold=30, comparison="below", adjustment=-3),
        SimpleScalingPolicy(
            threshold=30, comparison="below", adjustment=-25, adjustment_type="PercentChangeInCapacity"
        ),
    )
    r = simulate(GroupConfig(desired=8, capacity_rps=100.0, policies=pols, **FAST), 50.0)
    assert _at(r, 50.0) == 6


def test_health_check_grace_period_keeps_booting_instances_alive() -> None:
    """§1.7 (ELB checks, opt-in): the group acts on failed checks only after the grace period. The app
    needs 120 s after InService; 2 checks 30 s apart fail by 60 s: a 60 s grace replaces the new
    instances (in a loop), 300 s lets them start."""
    kw = {**FAST, "app_boot_s": 120.0, "policies": (), "scheduled": (ScheduledAction(600.0, desired=4),)}
    kw["health_check_type"] = "ELB"
    short = simulate(GroupConfig(health_grace_s=60.0, **kw), 10.0)
    long = simulate(GroupConfig(health_grace_s=300.0, **kw), 10.0)
    bad = short.events[short.events["kind"] == "unhealthy"]
    assert bad["t_s"].min() == 600 + 60 + 60
    assert len(bad) > 5 and short.frame["serving"].max() == 2
    assert (long.events["kind"] != "unhealthy").all()
    assert _at(long, 600.0 + 60 + 120, "serving") == 4


def test_failed_instances_are_replaced() -> None:
    """§1.1 maintain, §1.7: failures are detected by health checks and replaced, no cooldown."""
    cfg = GroupConfig(desired=5, policies=(), failure_rate_per_hour=1.0, detect_s=60.0, **FAST)
    r = simulate(cfg, 10.0, seed=3)
    assert (r.events["kind"] == "failure").any() and (r.events["kind"] == "replace").any()
    assert r.frame["in_service"].iloc[-1] + r.frame["pending"].iloc[-1] == 5


def test_editions_cooldown_for_target_tracking() -> None:
    """§9: course — cooldown applies to all dynamic scaling; AWS today — TT uses warm-up only."""
    from engine.load import preset

    kw = {"max_size": 40, "policies": (TargetTrackingPolicy(),)}
    course = simulate(GroupConfig(**kw, rules="course"), preset("Flash crowd"))
    today = simulate(GroupConfig(**kw, rules="aws-today"), preset("Flash crowd"))
    assert course.events["message"].str.contains("held by cooldown").any()
    assert not today.events["message"].str.contains("held by cooldown").any()


def test_batched_equals_one_by_one_and_summary_matches() -> None:
    """Sweeps: one kernel call over a leading scenario axis equals separate runs."""
    from engine.load import preset

    cfgs = [
        GroupConfig(cooldown_s=c, policies=(p,), failure_rate_per_hour=0.2)
        for c, p in ((0, TargetTrackingPolicy()), (300, StepScalingPolicy()), (600, SimpleScalingPolicy()))
    ]
    batch = simulate_many(cfgs, preset("Business day"), seed=5)
    summ = simulate_many(cfgs, preset("Business day"), seed=5, summary=True)
    for k, c in enumerate(cfgs):
        one = simulate(c, preset("Business day"), seed=5)
        got = batch.scenario(k)
        np.testing.assert_array_equal(got.frame.to_numpy(), one.frame.to_numpy())
        assert got.events["message"].tolist() == one.events["message"].tolist()
        assert summ.summary.loc[k, "cost_usd"] == pytest.approx(one.frame["cost_usd"].iloc[-1])


def test_warmup_compiles_and_bad_config_type_is_refused() -> None:
    from engine.autoscaling import warmup

    warmup()
    with pytest.raises(ValueError, match="GroupConfig or VerticalConfig"):
        simulate("group", 10.0)  # type: ignore[arg-type]


def test_sweep_summary_accounts_for_every_request() -> None:
    """Sweep summary: served + dropped + final queue = offered, per scenario."""
    from engine.load import preset

    cfgs = [GroupConfig(queue=q, cooldown_s=c) for q in (False, True) for c in (0.0, 600.0)]
    s = simulate_many(cfgs, preset("Flash crowd"), summary=True).summary
    np.testing.assert_allclose(s["served"] + s["dropped"] + s["queued_end"], s["offered"], rtol=1e-9)
    assert (s["cost_usd"] > 0).all() and len(s) == 4


def test_batch_with_predictive_and_per_scenario_loads_equals_one_by_one() -> None:
    """Sweeps with a predictive scenario and one load per config equal separate runs."""
    from engine.load import preset

    cfgs = [GroupConfig(predictive=PredictivePolicy("ForecastAndScale")), GroupConfig()]
    loads = [preset("Business day"), preset("Flash crowd")]
    batch = simulate_many(cfgs, loads, seed=2)
    for k in range(2):
        one = simulate(cfgs[k], loads[k], seed=2)
        np.testing.assert_array_equal(batch.scenario(k).frame.to_numpy(), one.frame.to_numpy())
    assert batch.scenario(0).extra["forecast"]["capacity"].max() > 0


def test_simulate_many_returns_a_stacked_result_whose_scenarios_are_simulate() -> None:
    """One public shape: a Result always (even for one config); scenario i equals simulate(config_i)
    (frame, events, summary); summary=True gives the same summary, with empty frames."""
    from engine.autoscaling import SCHEMA, SUMMARY_COLUMNS
    from engine.load import preset

    cfgs = [GroupConfig(), GroupConfig(policies=(SimpleScalingPolicy(),), cooldown_s=600.0)]
    load = preset("Flash crowd")
    many = simulate_many(cfgs, load, seed=4)
    assert many.config == cfgs and many.n_scenarios == 2
    assert list(many.summary.columns) == ["scenario", *SUMMARY_COLUMNS]
    for k, c in enumerate(cfgs):
        one = simulate(c, load, seed=4)
        got = many.scenario(k)
        np.testing.assert_array_equal(got.frame.to_numpy(), one.frame.to_numpy())
        assert got.events[["t_s", "kind", "message"]].equals(one.events[["t_s", "kind", "message"]])
        np.testing.assert_array_equal(got.summary.to_numpy(), one.summary.to_numpy())
    fast = simulate_many(cfgs, load, seed=4, summary=True)
    np.testing.assert_array_equal(fast.summary.to_numpy(), many.summary.to_numpy())
    assert fast.frame.empty and list(fast.frame.columns) == [*SCHEMA.names, "scenario"] and fast.events.empty
    single = simulate_many(cfgs[:1], load, seed=4)
    assert single.config == cfgs[:1] and "scenario" in single.frame
    every = set(many.frame.columns) | set(many.summary.columns) | {"scenario"}
    assert every - {"scenario"} <= set(many.units)


def test_summary_figures_match_the_frame() -> None:
    """The summary row restates the run: offered and served requests, cost, peak desired."""
    r = simulate(GroupConfig(queue=True), 300.0)
    s, f = r.summary.iloc[0], r.frame
    assert s["offered"] == pytest.approx((f["load_rps"] * 10.0).sum())
    assert s["served"] == pytest.approx((f["served_rps"] * 10.0).sum())
    assert s["cost_usd"] == f["cost_usd"].iloc[-1] and s["max_desired"] == f["desired"].max()
    assert s["queued_end"] == f["queued"].iloc[-1]

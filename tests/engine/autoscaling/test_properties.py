"""Properties of the Auto Scaling group simulation (hypothesis): limits, conservation, batches."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.autoscaling import (
    GroupConfig,
    ScheduledAction,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    simulate,
    simulate_many,
)
from engine.load import Bursts, Constant, LoadTrace, Spike, Step

policies = st.sampled_from(
    [
        (TargetTrackingPolicy(),),
        (StepScalingPolicy(min_adjustment_magnitude=1),),
        (SimpleScalingPolicy(), SimpleScalingPolicy(threshold=30, comparison="below", adjustment=-1)),
        (TargetTrackingPolicy(target=70), StepScalingPolicy(min_adjustment_magnitude=2)),
        (TargetTrackingPolicy(target=50), TargetTrackingPolicy(target=30, metric="requests")),
        (TargetTrackingPolicy(target=40, disable_scale_in=True), TargetTrackingPolicy(target=60, low_factor=0.9)),
        (),
    ]
)


@st.composite
def configs(draw) -> GroupConfig:
    lo = draw(st.integers(0, 5))
    hi = draw(st.integers(max(lo, 1), 30))
    return GroupConfig(
        min_size=lo,
        max_size=hi,
        desired=draw(st.integers(lo, hi)),
        capacity_rps=draw(st.sampled_from([5.0, 20.0, 80.0])),
        launch_s=draw(st.sampled_from([10.0, 60.0, 300.0])),
        warmup_s=draw(st.sampled_from([None, 0.0, 120.0])),
        cooldown_s=draw(st.sampled_from([0.0, 300.0])),
        app_boot_s=draw(st.sampled_from([0.0, 90.0])),
        health_grace_s=draw(st.sampled_from([None, 0.0, 30.0])),
        health_check_type=draw(st.sampled_from(["EC2", "ELB"])),
        elb_unhealthy_threshold=draw(st.sampled_from([2, 5])),
        failure_rate_per_hour=draw(st.sampled_from([0.0, 0.5])),
        queue=draw(st.booleans()),
        queue_max=2000.0,
        policies=draw(policies),
        scheduled=(ScheduledAction(1800.0, desired=hi, daily=True),) if draw(st.booleans()) else (),
        horizon_s=2 * 3600.0,
        rules=draw(st.sampled_from(["course", "aws-today"])),
    )


LOAD = LoadTrace((Constant(60.0), Spike(400.0, 1200.0, 60.0, 900.0, 600.0), Bursts(3.0, 100.0, 120.0)), noise=0.1)
CLIFF = LoadTrace((Constant(900.0), Step(-890.0, 2400.0)))
"""A big load that falls off a cliff at 40 min: every group that grew scales in (the termination step)."""


@given(cfg=configs(), seed=st.integers(0, 50))
def test_capacity_within_limits_and_requests_conserved(cfg: GroupConfig, seed: int) -> None:
    """§1.1: desired always within [min, max]; every offered request is served, dropped or queued."""
    f = simulate(cfg, LOAD, seed=seed).frame
    assert (f["desired"] >= f["min_size"]).all() and (f["desired"] <= f["max_size"]).all()
    assert (f["pending"] >= 0).all() and (f["serving"] >= 0).all() and (f["queued"] >= 0).all()
    offered = np.cumsum(f["load_rps"] * cfg.dt_s)
    accounted = np.cumsum((f["served_rps"] + f["dropped_rps"]) * cfg.dt_s) + f["queued"]
    np.testing.assert_allclose(offered, accounted, rtol=1e-9, atol=1e-6)


@given(cfg=configs(), seed=st.integers(0, 50), cliff=st.booleans())
def test_instance_states_add_up_in_every_row(cfg: GroupConfig, seed: int, cliff: bool) -> None:
    """§1.8 bookkeeping, in every row (termination steps included): serving <= in service; the
    InService instances are serving, booting or impaired (failed, not yet detected); warming ones
    are InService; the group (in service + pending) is what is billed."""
    r = simulate(cfg, CLIFF if cliff else LOAD, seed=seed)
    f = r.frame
    assert (f["serving"] <= f["in_service"]).all()
    assert (f["serving"] + f["booting"] + f["impaired"] == f["in_service"]).all()
    assert (f["warming"] <= f["in_service"]).all() and (f[["booting", "impaired", "warming"]] >= 0).all().all()
    np.testing.assert_allclose(f["capacity_rps"], f["serving"] * cfg.capacity_rps)
    assert (f["served_rps"] <= f["capacity_rps"] + 1e-9).all()
    group_hours = ((f["in_service"] + f["pending"]) * cfg.dt_s / 3600.0).sum()
    assert r.summary["instance_hours"].iloc[0] == pytest.approx(group_hours)
    cost = np.cumsum((f["in_service"] + f["pending"]) * cfg.price_per_hour * cfg.dt_s / 3600.0)
    np.testing.assert_allclose(f["cost_usd"], cost, rtol=1e-9, atol=1e-9)


@given(a=configs(), b=configs(), seed=st.integers(0, 50))
def test_batched_equals_one_by_one_and_same_seed_same_result(a: GroupConfig, b: GroupConfig, seed: int) -> None:
    """A sweep equals its runs made one by one; a rerun with the same seed is identical."""
    batch = simulate_many([a, b], LOAD, seed=seed)
    for k, c in enumerate((a, b)):
        one = simulate(c, LOAD, seed=seed)
        np.testing.assert_array_equal(batch.scenario(k).frame.to_numpy(), one.frame.to_numpy())
    again = simulate(a, LOAD, seed=seed)
    np.testing.assert_array_equal(again.frame.to_numpy(), simulate(a, LOAD, seed=seed).frame.to_numpy())

"""Round-2 fidelity of the group kernel, hand-computed from aws-facts.md §1.

Cooldown group-wide (§1.4, §1.7), several target-tracking policies (§1.6), the gradual
target-tracking scale-in (an approximation of §1.6), health-check types (§1.7) and sizes refused
outside [min, max] (§1.1, §1.2). Every case uses 10 s steps and 60 s alarm periods, so a datapoint
ends at every step ``i`` with ``(i + 1) % 6 == 0`` (t = 50 s, 110 s, 170 s, ...).
"""

from __future__ import annotations

import pytest

from engine.autoscaling import (
    GroupConfig,
    ManualChange,
    ScheduledAction,
    SimpleScalingPolicy,
    TargetTrackingPolicy,
    simulate,
)
from engine.load import Constant, LoadTrace, Step
from tests.engine.autoscaling.common import FAST, H
from tests.engine.autoscaling.common import at as _at


def _changes(r) -> list[tuple[float, int]]:
    """(t_s, desired) at every change of desired capacity."""
    d = r.frame["desired"].to_numpy()
    t = r.frame["t_s"].to_numpy()
    return [(float(t[k]), int(d[k])) for k in range(1, len(d)) if d[k] != d[k - 1]]


# --- 6. simple scaling's cooldown is group-wide (§1.4, §1.7), in both editions -------------------


@pytest.mark.parametrize("rules", ["course", "aws-today"])
def test_a_scale_out_by_one_simple_policy_holds_the_other_simple_policy(rules: str) -> None:
    """§1.4/§1.7 (ASG-UG ec2-auto-scaling-scaling-cooldowns): after the group launches or terminates
    instances, no simple policy starts an activity until the cooldown ends.

    2 instances of 10 req/s, 200 req/s offered: CPU 100 % > 70, the "above" policy adds 1 at
    t = 50 s (2 -> 3); the launch ends at 110 s, the 300 s cooldown at 410 s. At 120 s the load falls
    to 5 req/s: CPU 5 / 30 = 17 % < 30 from the datapoint ending at 170 s, so the "below" policy
    wants 3 -> 2, but waits for the group's cooldown: its scale-in comes at 410 s, the first
    datapoint at or after the cooldown's end (step 41). Before this fix, in AWS today, the other
    policy did not wait (only the same policy waited) and scaled in at 170 s.
    """
    pols = (SimpleScalingPolicy(threshold=70), SimpleScalingPolicy(threshold=30, comparison="below", adjustment=-1))
    load = LoadTrace((Constant(200.0), Step(-195.0, 120.0)))
    r = simulate(GroupConfig(desired=2, capacity_rps=10.0, policies=pols, rules=rules, **FAST), load)
    assert _changes(r)[:2] == [(50.0, 3), (410.0, 2)]
    held = r.events[r.events["message"].str.startswith("scale-in to 2")].iloc[0]
    assert held["t_s"] == 170.0 and "held by cooldown until 00:06:50" in held["message"]
    assert "group-wide" in held["message"]


@pytest.mark.parametrize("rules", ["course", "aws-today"])
def test_a_scheduled_change_starts_the_cooldown_for_simple_policies(rules: str) -> None:
    """§1.7: a scheduled action never waits for the cooldown, but it launches instances, so the
    group's cooldown runs after it.

    200 req/s on 10 req/s instances keeps CPU at 100 %: the simple policy adds 1 at 50 s (2 -> 3,
    cooldown to 50 + 60 + 300 = 410 s), again at 410 s (3 -> 4, cooldown to 770 s). The scheduled
    action at 600 s sets 6 (inside the cooldown: it does not wait); its launch ends at 660 s and the
    cooldown at 960 s, so the policy's next activity is at the first datapoint after that, 1010 s
    (step 101), not at 770 s.
    """
    cfg = GroupConfig(
        desired=2, capacity_rps=10.0, policies=(SimpleScalingPolicy(threshold=70),),
        scheduled=(ScheduledAction(at_s=600.0, desired=6),), rules=rules, **FAST,
    )  # fmt: skip
    r = simulate(cfg, 200.0)
    assert _changes(r)[:4] == [(50.0, 3), (410.0, 4), (600.0, 6), (1010.0, 7)]
    # then +1 every 60 s launch + 300 s cooldown (1010, 1370, ... 5690 s) up to max 20: 16 policy
    # activities (2 -> 4, 6 -> 20) and the scheduled one, which the summary now counts too
    assert _changes(r)[-1] == (5690.0, 20) and r.summary["activities"].iloc[0] == 17


def test_a_target_tracking_activity_starts_the_cooldown_for_a_simple_policy() -> None:
    """§1.7 in AWS today: target tracking itself never waits for a cooldown, but its launches start
    the group's cooldown, so a simple policy on the same group waits.

    10 instances of 100 req/s at 1,500 req/s (150 per instance against a target of 100): target
    tracking goes 10 -> 15 at 170 s (§1.6 worked example); the launch ends at 230 s, the cooldown at
    530 s. The load falls to 100 req/s at 180 s: CPU 10 % < 30 from the datapoint ending at 230 s,
    so the simple "below" policy (-1) wants 15 -> 14 but waits: it scales in at 530 s (step 53, a
    datapoint end). Target tracking's own scale-in needs 15 low datapoints (230 ... 1070 s).
    """
    pols = (
        TargetTrackingPolicy(target=100, metric="requests"),
        SimpleScalingPolicy(threshold=30, comparison="below", adjustment=-1),
    )
    cfg = GroupConfig(min_size=1, max_size=40, desired=10, capacity_rps=100.0, policies=pols, rules="aws-today", **FAST)
    r = simulate(cfg, LoadTrace((Constant(1500.0), Step(-1400.0, 180.0))))
    assert _changes(r)[:2] == [(170.0, 15), (530.0, 14)]
    held = r.events[r.events["kind"] == "suppressed"].iloc[0]
    assert (
        held["t_s"] == 230.0 and "scale-in to 14 by simple scaling held by cooldown until 00:08:50" in held["message"]
    )


# --- 5. several target-tracking policies (§1.6) --------------------------------------------------


def _two_tt(requests_target: float, **over) -> tuple[TargetTrackingPolicy, TargetTrackingPolicy]:
    cpu = TargetTrackingPolicy(target=50.0)
    req = TargetTrackingPolicy(target=requests_target, metric="requests", **over)
    return cpu, req


def test_scale_in_waits_while_another_target_tracking_policy_is_not_ready() -> None:
    """§1.6 (ASG-UG as-scaling-target-tracking): with several target-tracking policies the group
    scales in only when all of them (with scale-in enabled) are ready to.

    10 instances of 100 req/s at 200 req/s: CPU 20 % is below 0.7 x 50 = 35 (the CPU policy wants
    in after 15 low datapoints, at 890 s) but 20 req/s per instance is between 0.7 x 25 = 17.5 and
    25: the requests policy is not ready, so nothing scales in and the log says why. With the CPU
    policy alone the group scales in at 890 s (10 -> 9, see the gradual rule); with the requests
    policy's scale-in disabled it no longer counts, and the CPU policy scales in alone.
    """
    kw = {**FAST, "min_size": 1, "max_size": 20, "desired": 10, "capacity_rps": 100.0, "rules": "aws-today"}
    both = simulate(GroupConfig(policies=_two_tt(25.0), **kw), 200.0)
    assert _changes(both) == []
    held = both.events[both.events["message"].str.contains("not ready to scale in")]
    assert held["t_s"].tolist() == [890.0]  # one event per hold, not one per datapoint
    alone = simulate(GroupConfig(policies=_two_tt(25.0)[:1], **kw), 200.0)
    assert _changes(alone)[0] == (890.0, 9)
    off = simulate(GroupConfig(policies=_two_tt(25.0, disable_scale_in=True), **kw), 200.0)
    assert _changes(off)[0] == (890.0, 9)


def test_when_all_agree_the_group_goes_to_the_largest_capacity_any_asks_for() -> None:
    """§1.6: in only when all agree, to the largest capacity any of them asks for.

    20 instances of 100 req/s at 1,700 req/s: 85 % CPU, 85 req/s per instance. Scale-in alarms at
    0.99 x target (``low_factor`` 0.99, so that the gradual limit does not bind): CPU target 90
    (low 89.1) asks ceil(20 x 85 / 90) = ceil(18.9) = 19; requests target 100 (low 99) asks
    ceil(20 x 85 / 100) = 17. Both are low for 15 datapoints at 890 s: the group goes to 19, the
    larger; the gradual limit (remove at most ceil(10 % of 20) = 2) allows 18, so 19 stands. Then
    1,700 / 19 = 89.5 % > 89.1: no more scale-in. The requests policy alone goes 20 -> 18 (limited).
    """
    cpu = TargetTrackingPolicy(target=90.0, low_factor=0.99)
    req = TargetTrackingPolicy(target=100.0, metric="requests", low_factor=0.99)
    kw = {**FAST, "min_size": 1, "max_size": 40, "desired": 20, "capacity_rps": 100.0, "rules": "aws-today"}
    both = simulate(GroupConfig(policies=(cpu, req), **kw), 1700.0)
    assert _changes(both) == [(890.0, 19)]
    alone = simulate(GroupConfig(policies=(req,), **kw), 1700.0)
    assert _changes(alone)[0] == (890.0, 18)


def test_any_target_tracking_policy_scales_out() -> None:
    """§1.6: out if any policy wants out. 10 instances of 200 req/s at 1,000 req/s: CPU 50 % (at the
    CPU target: no change) but 100 req/s per instance against a target of 80 asks
    ceil(10 x 100 / 80) = ceil(12.5) = 13 after 3 datapoints, at 170 s."""
    pols = (TargetTrackingPolicy(target=50.0), TargetTrackingPolicy(target=80.0, metric="requests"))
    cfg = GroupConfig(desired=10, max_size=40, capacity_rps=200.0, policies=pols, rules="aws-today", **FAST)
    assert _changes(simulate(cfg, 1000.0))[0] == (170.0, 13)


# --- 5b. target tracking removes capacity gradually (approximation of §1.6) ----------------------


@pytest.mark.parametrize("rules", ["course", "aws-today"])
def test_target_tracking_scale_in_is_gradual(rules: str) -> None:
    """§1.6: target tracking "is more aggressive in adding capacity ... than in removing" it; the
    exact rule is not published. Approximation (engine.kernel.target_tracking.gradual_scale_in):
    one scale-in removes at most ceil(10 % of the group), and the next needs 15 fresh low
    datapoints.

    20 instances of 100 req/s at 50 req/s: CPU 2.5 % against a target of 50 asks
    ceil(20 x 2.5 / 50) = 1 (then min 2). Instead: 20 -> 18 at 890 s (15th datapoint, step 89),
    then every 15 datapoints (900 s): 18 -> 16 (ceil 1.8 = 2), 16 -> 14, 14 -> 12, 12 -> 10,
    10 -> 9, 9 -> 8, 8 -> 7 at 890 + 7 x 900 = 7190 s. Before the fix: 20 -> 2 at once.
    (Course edition: the 300 s cooldown after each scale-in is shorter than the 900 s wait.)
    """
    cfg = GroupConfig(min_size=2, max_size=40, desired=20, capacity_rps=100.0,
                      policies=(TargetTrackingPolicy(target=50.0),), rules=rules, **FAST)  # fmt: skip
    r = simulate(cfg, 50.0)
    assert _changes(r) == [(890.0 + 900 * k, n) for k, n in enumerate((18, 16, 14, 12, 10, 9, 8, 7))]
    first = r.events[r.events["kind"] == "scale_in"].iloc[0]["message"]
    assert "asked for 1" in first and "approximation" in first and "10%" in first


def test_terminated_instances_serve_their_last_step_and_leave_at_its_end() -> None:
    """§1.8 bookkeeping: the step a scale-in is decided, the instances still serve (and are billed);
    the next row has them gone. Same case as above: at 890 s desired 18 while 20 are in service
    and serving; at 900 s 18 are."""
    cfg = GroupConfig(min_size=2, max_size=40, desired=20, capacity_rps=100.0,
                      policies=(TargetTrackingPolicy(target=50.0),), rules="aws-today", **FAST)  # fmt: skip
    r = simulate(cfg, 50.0)
    assert (_at(r, 890.0), _at(r, 890.0, "in_service"), _at(r, 890.0, "serving")) == (18, 20, 20)
    assert (_at(r, 900.0, "in_service"), _at(r, 900.0, "serving")) == (18, 18)


# --- 7. health checks (§1.7) ----------------------------------------------------------------------


def _grow(**over) -> GroupConfig:
    """A scheduled action at 600 s raises desired 2 -> 4; launches take 60 s (InService at 660 s)."""
    kw = {**FAST, "policies": (), "scheduled": (ScheduledAction(600.0, desired=4),), "rules": "aws-today"}
    return GroupConfig(**{**kw, **over})


def test_ec2_checks_by_default_never_judge_a_booting_application() -> None:
    """§1.7, BOTO CreateAutoScalingGroupType.HealthCheckType (default EC2): EC2 checks look at the
    instance, not the application. Grace 0 s (the API default in AWS today) with a 300 s boot: no
    replacement, and the two new instances serve from 660 + 300 = 960 s. Before the fix they were
    replaced forever and the group never grew."""
    r = simulate(_grow(app_boot_s=300.0), 10.0)
    assert r.config.health_check_type == "EC2" and r.config.effective_grace_s == 0
    assert not (r.events["kind"] == "unhealthy").any()
    assert _at(r, 950.0, "serving") == 2 and _at(r, 950.0, "booting") == 2 and _at(r, 960.0, "serving") == 4


@pytest.mark.parametrize(
    ("grace", "threshold", "interval", "boot", "replaced_at"),
    [
        (0.0, 2, 30.0, 50.0, None),  # 2 x 30 s = 60 s of failed checks: the app is up at 50 s
        (0.0, 2, 30.0, 120.0, 720.0),  # still booting at 60 s: unhealthy at 660 + 60 (a loop, as in AWS)
        (200.0, 2, 30.0, 300.0, 860.0),  # unhealthy at 60 s, but the grace period holds it to 200 s
        (600.0, 2, 30.0, 300.0, None),  # grace longer than the boot: never replaced
        (0.0, 5, 30.0, 120.0, None),  # 5 x 30 s = 150 s > 120 s boot: healthy in time
    ],
)
def test_elb_checks_mark_unhealthy_after_threshold_times_interval_and_never_in_the_grace(
    grace: float, threshold: int, interval: float, boot: float, replaced_at: float | None
) -> None:
    """§1.7 (ASG-UG health-check-grace-period: ELB checks run from registration, the grace period
    keeps the group from acting on them); ELBv2 CreateTargetGroup: unhealthy after
    UnhealthyThresholdCount (default 2) failed checks HealthCheckIntervalSeconds (default 30) apart.
    A booting instance is replaced at max(grace, threshold x interval) after InService (660 s)."""
    r = simulate(
        _grow(health_check_type="ELB", health_grace_s=grace, elb_unhealthy_threshold=threshold,
              elb_interval_s=interval, app_boot_s=boot),
        10.0,
    )  # fmt: skip
    bad = r.events[r.events["kind"] == "unhealthy"]
    if replaced_at is None:
        assert bad.empty and r.frame["serving"].iloc[-1] == 4
    else:
        assert bad["t_s"].min() == replaced_at
        assert "ELB" in bad["message"].iloc[0] and f"{threshold} failed ELB checks" in bad["message"].iloc[0]


# --- 9. sizes outside [min, max] are refused (§1.1, §1.2) -----------------------------------------


def test_set_desired_capacity_outside_min_max_is_refused() -> None:
    """§1.1: desired must satisfy min <= desired <= max; SetDesiredCapacity above max is refused by the
    API (ValidationError), not clamped. A scheduled max raised to 30 at 300 s makes 25 valid at 600 s."""
    with pytest.raises(ValueError, match=r"manual desired 25 at 00:10:00 is outside .*\[1, 20\].*refuses"):
        GroupConfig(max_size=20, manual=(ManualChange(600.0, 25),))
    with pytest.raises(ValueError, match=r"outside .*\[3, 20\]"):
        GroupConfig(min_size=3, desired=3, manual=(ManualChange(600.0, 1),))
    ok = GroupConfig(max_size=20, scheduled=(ScheduledAction(300.0, max_size=30),), manual=(ManualChange(600.0, 25),))
    assert ok.manual[0].desired == 25


def test_scheduled_actions_that_break_min_max_are_refused() -> None:
    """§1.2: a scheduled action whose min exceeds its max, or whose desired is outside its limits,
    is refused (today a min of 25 above a max of 20 was silently raised to 25)."""
    with pytest.raises(ValueError, match="scheduled min_size 25 must not exceed max_size 10"):
        ScheduledAction(60.0, min_size=25, max_size=10)
    with pytest.raises(ValueError, match="leaves min_size 25 above max_size 20"):
        GroupConfig(max_size=20, scheduled=(ScheduledAction(60.0, min_size=25),))
    with pytest.raises(ValueError, match=r"scheduled desired 30 at 07:00:00 is outside \[min, max\] = \[1, 20\]"):
        GroupConfig(max_size=20, scheduled=(ScheduledAction(7 * H, desired=30, daily=True),))
    with pytest.raises(ValueError, match=r"scheduled desired 3 at 00:20:00 is outside \[min, max\] = \[5, 20\]"):
        GroupConfig(scheduled=(ScheduledAction(600.0, min_size=5), ScheduledAction(1200.0, desired=3)))


def test_a_manual_change_delayed_by_honor_cooldown_is_refused_if_limits_moved_meanwhile() -> None:
    """§1.2: HonorCooldown makes SetDesiredCapacity wait for the cooldown; if a scheduled action
    lowered max meanwhile, the value is outside [min, max] when it runs and is refused.

    Simple policy adds 1 at 50 s (cooldown to 410 s). Manual 15 at 100 s waits; at 200 s the
    schedule sets max 10; at 410 s, 15 > 10: refused, desired stays where the policy put it."""
    cfg = GroupConfig(
        desired=2, capacity_rps=10.0, policies=(SimpleScalingPolicy(threshold=70),),
        scheduled=(ScheduledAction(200.0, max_size=10),), manual=(ManualChange(100.0, 15, honor_cooldown=True),),
        **FAST,
    )  # fmt: skip
    r = simulate(cfg, 200.0)
    refused = r.events[r.events["kind"] == "refused"]
    assert refused["t_s"].tolist() == [410.0] and "[1, 10]" in refused["message"].iloc[0]
    assert r.frame["desired"].max() <= 10

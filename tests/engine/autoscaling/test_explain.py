"""Event sentences of the Auto Scaling lab: read from the kernel's named payloads (aws-facts §1)."""

from __future__ import annotations

from engine.autoscaling import GroupConfig, ScheduledAction, SimpleScalingPolicy, TargetTrackingPolicy, simulate
from engine.kernel.target_tracking import HIGH_DATAPOINTS

FAST = {"launch_s": 60.0, "warmup_s": 0.0, "app_boot_s": 0.0, "horizon_s": 7200.0}


def test_scale_out_sentence_names_the_alarm_the_change_and_when_capacity_arrives() -> None:
    """§1.6: 3 of 3 datapoints above the target; the new instances are InService a launch later."""
    cfg = GroupConfig(desired=10, max_size=40, capacity_rps=1000.0,
                      policies=(TargetTrackingPolicy(target=100, metric="requests"),), **FAST)  # fmt: skip
    first = simulate(cfg, 1500.0).events.iloc[0]
    assert first["kind"] == "scale_out" and first["t_s"] == 170.0
    assert first["message"] == (
        f"alarm requests > 100 req/s per instance for {HIGH_DATAPOINTS} of {HIGH_DATAPOINTS} datapoints "
        "(last 150 req/s per instance) → target tracking: scale-out, desired 10 → 15; InService by 00:03:50"
    )
    assert first["data"] == {"policy": 0.0, "frm": 10.0, "to": 15.0, "metric": 150.0}


def test_held_and_scheduled_sentences_say_why() -> None:
    """§1.4: a simple policy waits for its cooldown; §1.2: scheduled actions never do."""
    cfg = GroupConfig(desired=2, capacity_rps=10.0, policies=(SimpleScalingPolicy(threshold=70),),
                      scheduled=(ScheduledAction(at_s=200.0, desired=8),), **FAST)  # fmt: skip
    ev = simulate(cfg, 200.0).events
    held = ev[ev["kind"] == "suppressed"].iloc[0]["message"]
    assert held == (
        "scale-out to 4 by simple scaling held by cooldown until 00:06:50 "
        "(simple scaling waits until the group's last activity has ended and the cooldown has run, group-wide)"
    )
    sched = ev[ev["kind"] == "scheduled"].iloc[0]["message"]
    assert sched == (
        "scheduled action sets desired 8: desired 3 → 8 — applied inside the cooldown: scheduled actions never wait for it"
    )


def test_every_event_kind_has_a_sentence() -> None:
    from engine.autoscaling.explain import _SENTENCES
    from engine.autoscaling.layout import KINDS

    assert set(_SENTENCES) == {int(k) for k in KINDS.enum}


def test_dropped_requests_are_reported_as_rolled_up_bursts() -> None:
    """The pages' *Dropped* metric has its events: one per burst (bursts under 5 min apart join).
    2 instances of 10 req/s, no policy; 30 req/s for the first minute and again from 700 to 760 s,
    10 req/s between: each burst drops 10 req/s x 60 s = 600 of 1,800 offered (33.3 %)."""
    from engine.load import Constant, LoadTrace, Step

    load = LoadTrace((Constant(10.0), Step(20.0, 0.0), Step(-20.0, 60.0), Step(20.0, 700.0), Step(-20.0, 760.0)))
    cfg = GroupConfig(desired=2, capacity_rps=10.0, policies=(), **{**FAST, "horizon_s": 1200.0})
    ev = simulate(cfg, load).events
    drops = ev[ev["kind"] == "dropped"]
    assert drops["t_s"].tolist() == [0.0, 700.0]
    assert drops["message"].iloc[0] == (
        "600 requests dropped from 00:00:00 to 00:01:00 (33.3 % of those offered then): serving capacity "
        "below demand (no queue); at worst 30 req/s offered to 20 req/s of serving capacity"
    )
    assert drops["data"].iloc[1] == {"requests": 600.0, "until_s": 760.0}

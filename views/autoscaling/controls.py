"""Widget groups of the Auto Scaling pages: the group, a policy, the step table, the services panel.

Everything is URL-bound through :class:`views.controls.Controls`. The step table is a compact
text control (``lower:upper=adjustment, ...``) because an editable table (``st.data_editor``)
cannot be bound to the URL; a read-only table shows what the text means.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from engine.autoscaling import (
    ADJUSTMENT_TYPES,
    GroupConfig,
    ManualChange,
    PredictivePolicy,
    ScheduledAction,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    parse_steps,
)
from engine.kernel.target_tracking import HIGH_DATAPOINTS, LOW_DATAPOINTS
from views.controls import Controls

# The step adjustment types, shown short enough for the controls column (their AWS names in the help).
ADJUSTMENT_SHORT = {"ChangeInCapacity": "Add n", "ExactCapacity": "Set to n", "PercentChangeInCapacity": "Add n %"}

__all__ = [
    "AWS_STEPS",
    "OPTIONS",
    "POLICY_KINDS",
    "SCHEDULE",
    "group_controls",
    "group_kwargs",
    "option_controls",
    "parse_schedule",
    "policy_controls",
    "policy_for",
    "scale_in_note",
    "services_panel",
    "vertical_controls",
]

POLICY_KINDS = (
    "Target tracking",
    "Step scaling",
    "Simple scaling",
    "Target tracking + step",
    "Two target-tracking policies",
)
"""The policy menu; "Two target-tracking policies" pairs the chosen metric's policy with one on the
other metric (§1.6: out if any wants out, in only when both agree)."""
AWS_STEPS = "0:10=0, 10:20=10, 20:=30, -10:0=0, -20:-10=-10, :-20=-30"


def group_controls(ctrl: Controls, where: Any = None) -> dict[str, Any]:
    """Group size, instance capacity, launch time, warm-up, cooldown, alarm period, queue."""
    box = where or st
    kw: dict[str, Any] = {
        "min_size": ctrl.slider("Min size", "min", 0, 50, 1, where=box, help="§1.1: desired never goes below."),
        "max_size": ctrl.slider("Max size", "max", 1, 100, 20, where=box, help="§1.1: desired never goes above."),
    }
    kw["desired"] = ctrl.slider("Start with (desired)", "desired", 0, 100, 2, where=box)
    kw["capacity_rps"] = float(
        ctrl.slider("Capacity per instance (req/s at 100 % CPU)", "cap", 5, 500, 50, 5, where=box)
    )
    kw["launch_s"] = float(
        ctrl.slider("Launch time, Pending → InService (s)", "launch", 10, 900, 120, 10, where=box, help="§1.8")
    )
    kw["cooldown_s"] = float(
        ctrl.slider(
            "Cooldown (s)",
            "cooldown",
            0,
            1800,
            300,
            30,
            where=box,
            help="§1.7: course rules — all dynamic scaling waits for it; AWS today — simple scaling only.",
        )
    )
    warm = ctrl.slider(
        "Instance warm-up (s)",
        "warmup",
        -1,
        1800,
        120,
        30,
        where=box,
        help="§1.5: instances warming up count as already added and block scale-in. −1 = not set: "
        "AWS falls back to the cooldown.",
    )
    kw["warmup_s"] = None if warm < 0 else float(warm)
    kw["period_s"] = float(
        ctrl.select(
            "CloudWatch period",
            "period",
            [60, 300],
            60,
            where=box,
            radio=True,
            format_func=lambda s: f"{s} s ({'detailed' if s == 60 else 'basic'})",
            help="§1.6: AWS recommends 1-minute (detailed) monitoring for scaling.",
        )
    )
    kw["queue"] = ctrl.toggle(
        "Queue excess requests (else drop)",
        "queue",
        False,
        where=box,
        help=f"Queue up to {GroupConfig().queue_max:,.0f} requests.",
    )
    return kw


def policy_for(kind: str, values: dict[str, Any]) -> tuple:
    """Build the policies of ``kind`` from control values (raises ValueError on bad settings)."""
    tt = TargetTrackingPolicy(target=float(values["target"]), metric=values["metric"], disable_scale_in=values["no_in"])
    adj_type = values["adj_type"]
    step = StepScalingPolicy(
        threshold=float(values["threshold"]),
        steps=parse_steps(values["steps"]),
        adjustment_type=adj_type,
        min_adjustment_magnitude=(values["min_mag"] or None) if adj_type == "PercentChangeInCapacity" else None,
        metric=values["metric"],
    )
    if kind == "Target tracking":
        return (tt,)
    if kind == "Step scaling":
        return (step,)
    if kind == "Target tracking + step":
        return (tt, step)
    if kind == "Two target-tracking policies":
        other = "requests" if values["metric"] == "cpu" else "cpu"
        return (tt, TargetTrackingPolicy(target=float(values["target2"]), metric=other))
    up = SimpleScalingPolicy(
        threshold=float(values["threshold"]), adjustment=float(values["simple_adj"]), metric=values["metric"]
    )
    down = SimpleScalingPolicy(
        threshold=float(values["threshold"]) * 0.5, comparison="below", adjustment=-1.0, metric=values["metric"]
    )
    return (up, down)


def policy_controls(ctrl: Controls, where: Any = None) -> tuple[str, dict[str, Any]]:
    """Policy type and its parameters; returns ``(kind, values)`` for :func:`policy_for`."""
    box = where or st
    kind = ctrl.select("Policy", "policy", list(POLICY_KINDS), "Target tracking", where=box)
    v: dict[str, Any] = {
        "metric": ctrl.select(
            "Metric",
            "metric",
            ["cpu", "requests"],
            "cpu",
            radio=True,
            where=box,
            format_func=lambda m: "Average CPU (%)" if m == "cpu" else "Requests per instance (req/s)",
        )
    }
    is_cpu = v["metric"] == "cpu"
    main = box.container()
    # Drawn only while open (a lazy group); which controls it holds depends on the policy, so each
    # policy has its own.
    extra = ctrl.group("Settings of the other policy types (used by *Compare with*)", key=f"other.{kind}", where=box)
    tt_box = main if "Target" in kind else extra
    step_box = main if "step" in kind.lower() else extra
    simple_box = main if kind == "Simple scaling" else extra
    v["target"] = ctrl.slider("Target value", "target", 5, 100 if is_cpu else 500, 50, where=tt_box, help="§1.6")
    tt_box.caption(scale_in_note(float(v["target"]), " %" if is_cpu else " req/s"))
    v["no_in"] = ctrl.toggle("Disable scale-in", "no_in", False, where=tt_box, help="§1.6: DisableScaleIn.")
    two = kind == "Two target-tracking policies"
    v["target2"] = ctrl.slider(
        f"Second policy's target ({'req/s per instance' if is_cpu else 'CPU %'})",
        "target2",
        5,
        500 if is_cpu else 100,
        30,
        where=main if two else extra,
        help="§1.6: with several target-tracking policies the group scales out if any wants to and in "
        "only when all (with scale-in enabled) agree.",
    )
    v["threshold"] = ctrl.slider(
        "Alarm threshold (step and simple)",
        "threshold",
        5,
        100 if is_cpu else 500,
        50,
        where=main if kind != "Target tracking" else extra,
        help="Simple scaling also gets a scale-in alarm at half this threshold (−1 instance).",
    )
    v["simple_adj"] = ctrl.slider("Simple: add instances", "simple_adj", 1, 20, 2, where=simple_box, help="§1.4")
    v["adj_type"] = ctrl.select(
        "Step adjustment type",
        "adj_type",
        list(ADJUSTMENT_TYPES),
        "PercentChangeInCapacity",
        where=step_box,
        format_func=ADJUSTMENT_SHORT.get,
        help="§1.3: AWS's ChangeInCapacity (add n), ExactCapacity (set n) and PercentChangeInCapacity (add n %).",
    )
    v["min_mag"] = ctrl.slider(
        "MinAdjustmentMagnitude (0 = none)", "min_mag", 0, 10, 0, where=step_box, help="§1.3: percent adjustments only."
    )
    v["steps"] = ctrl.text(
        "Step table (lower:upper=adjustment, relative to the threshold)",
        "steps",
        AWS_STEPS,
        where=step_box,
        help="§1.5: bounds relative to the alarm threshold; empty = unbounded. Default = AWS's worked example. "
        "A text box rather than an editable table so that it is part of the share link.",
    )
    box = step_box
    if "step" in kind.lower():
        try:
            rows = parse_steps(v["steps"])
            box.table(
                pd.DataFrame(
                    [
                        ("−∞" if lo is None else f"{lo:g}", "+∞" if hi is None else f"{hi:g}", f"{adj:+g}")
                        for lo, hi, adj in rows
                    ],
                    columns=["lower (offset)", "upper (offset)", "adjustment"],
                ),
                hide_index=True,
                height=150,
            )
        except ValueError:
            pass  # the page reports it through the config error
    return kind, v


def scale_in_note(target: float, unit: str) -> str:
    """Where a target-tracking policy's two alarms sit, for the caption under its target (§1.6:
    scale out after 3 of 3 datapoints above the target; scale in after 15 of 15 below about 70 % of
    it, the EC2 console's observed margin, aws-facts "Scale-in margin")."""
    low = TargetTrackingPolicy(target=target).low_factor
    return (
        f"Scale-out alarm: above {target:g}{unit} for {HIGH_DATAPOINTS} of {HIGH_DATAPOINTS} one-minute "
        f"datapoints. Scale-in alarm: below {low * target:.3g}{unit} — {low * 100:.0f} % of the target — for "
        f"{LOW_DATAPOINTS} of {LOW_DATAPOINTS}. Between the two lines nothing happens, so the group does "
        "not flap: it scales in only once load has clearly fallen."
    )


def services_panel() -> None:
    """EC2 Auto Scaling, Application Auto Scaling and AWS Auto Scaling side by side (§1.10, §1.11)."""
    with st.expander("Three kinds of AWS auto scaling, side by side (course notes: *Type of Auto-Scaling*)"):
        st.table(
            pd.DataFrame(
                {
                    "EC2 Auto Scaling": [
                        "EC2 instances in Auto Scaling groups",
                        "Target tracking, step, simple, predictive, scheduled",
                        "DefaultCooldown — simple scaling only; warm-up for TT/step (§1.7)",
                        "Current",
                    ],
                    "Application Auto Scaling": [
                        "ECS services, DynamoDB tables/GSIs, Aurora & Neptune replicas, EMR, Lambda provisioned "
                        "concurrency, Spot Fleet, SageMaker, ElastiCache, Keyspaces, MSK, custom (§1.10)",
                        "Target tracking (not EMR), step (not DynamoDB, Lambda …), predictive (ECS only), scheduled",
                        "ScaleOutCooldown / ScaleInCooldown for TT, Cooldown for step",
                        "Current",
                    ],
                    "AWS Auto Scaling (scaling plans)": [
                        "A whole stack: ASGs, ECS, Spot Fleet, DynamoDB, Aurora (§1.11)",
                        "Bundles target tracking + predictive for ASGs; strategies availability / balanced / cost",
                        "Predictive defaults ForecastAndScale (ASG policy: ForecastOnly)",
                        "Legacy — AWS documents migrating to native policies (§9)",
                    ],
                },
                index=["Scales", "Policies", "Cooldown", "Status"],
            )
        )


OPTIONS = ("Maintain", "Manual", "Scheduled", "Dynamic", "Predictive")
SCHEDULE = "07:00 desired=8, 20:00 desired=2"


def parse_schedule(text: str, daily: bool) -> tuple:
    """Parse ``"07:00 desired=8 min=2, 20:00 desired=2"`` into scheduled actions (ValueError if bad)."""
    actions = []
    for part in [p.strip() for p in text.split(",") if p.strip()]:
        words = part.split()
        try:
            hh, mm = words[0].split(":")
            values = {k: int(v) for k, v in (w.split("=") for w in words[1:])}
            at = int(hh) * 3600 + int(mm) * 60
        except ValueError:
            raise ValueError(f"scheduled action {part!r} is not of the form 'HH:MM desired=N min=N max=N'") from None
        unknown = set(values) - {"desired", "min", "max"}
        if unknown:
            raise ValueError(f"scheduled action {part!r}: unknown field(s) {sorted(unknown)}; use desired, min, max")
        actions.append(
            ScheduledAction(
                at, desired=values.get("desired"), min_size=values.get("min"), max_size=values.get("max"), daily=daily
            )
        )
    return tuple(actions)


def group_kwargs(kw: dict[str, Any]) -> dict[str, Any]:
    """Turn :func:`option_controls`' values into GroupConfig arguments (ValueError if bad)."""
    out = dict(kw)
    if "scheduled" in out:
        out["scheduled"] = parse_schedule(*out["scheduled"])
    return out


def option_controls(ctrl: Controls, where: Any = None) -> tuple[str, dict[str, Any]]:
    """The scaling option and its settings; returns ``(option, GroupConfig keyword arguments)``."""
    box = where or st
    option = ctrl.select("Scaling option", "option", list(OPTIONS), "Predictive", radio=True, where=box)
    kw: dict[str, Any] = {"policies": (TargetTrackingPolicy(target=50),)}
    if option in ("Maintain", "Manual", "Scheduled"):
        kw["policies"] = ()
    kw["failure_rate_per_hour"] = ctrl.slider(
        "Instance failures per instance-hour",
        "fail",
        0.0,
        2.0,
        0.0,
        0.05,
        where=box,
        help="Maintain: the group replaces failed instances.",
    )
    kw["health_grace_s"] = float(
        ctrl.slider(
            "Health-check grace period (s)",
            "grace",
            0,
            900,
            300,
            30,
            where=box,
            help="§1.7: no health checks on a new instance before this.",
        )
    )
    kw["app_boot_s"] = float(
        ctrl.slider("Application start time after InService (s)", "boot", 0, 600, 0, 10, where=box)
    )
    kw["health_check_type"] = ctrl.select(
        "Health-check type",
        "hc_type",
        ["EC2", "ELB"],
        "EC2",
        radio=True,
        where=box,
        help="§1.7: EC2 (the default) checks the instance only, so a booting application is not unhealthy; "
        "ELB (opt-in) also uses the load balancer's checks, which fail while the application starts.",
    )
    if kw["health_check_type"] == "ELB":
        kw["elb_interval_s"] = float(
            ctrl.slider("ELB check interval (s)", "elb_interval", 5, 300, 30, 5, where=box, help="Default 30 s.")
        )
        kw["elb_unhealthy_threshold"] = ctrl.slider(
            "ELB unhealthy threshold (failed checks)", "elb_threshold", 2, 10, 2, where=box, help="Default 2."
        )
    if option == "Manual":
        at_h = ctrl.slider("SetDesiredCapacity at hour", "man_h", 0.0, 23.5, 10.2, 0.1, where=box)
        n = ctrl.slider("…to desired", "man_n", 0, 40, 12, where=box)
        honor = ctrl.toggle("HonorCooldown", "honor", False, where=box, help="§1.2: default false.")
        kw["manual"] = (ManualChange(at_h * 3600.0, n, honor),)
        kw["policies"] = (TargetTrackingPolicy(target=50),)
    if option == "Scheduled":
        daily = ctrl.toggle("Repeat daily (recurring)", "daily", True, where=box)
        spec = ctrl.text("Scheduled actions (HH:MM desired=N min=N max=N, …)", "schedule", SCHEDULE, where=box)
        kw["scheduled"] = (spec, daily)  # parsed by group_kwargs, inside the page's error handling
        kw["policies"] = (TargetTrackingPolicy(target=50),)
    if option == "Predictive":
        kw["predictive"] = PredictivePolicy(
            mode=ctrl.select(
                "Mode", "mode", ["ForecastOnly", "ForecastAndScale"], "ForecastAndScale", radio=True, where=box
            ),
            buffer_s=float(ctrl.slider("SchedulingBufferTime (s)", "buffer", 0, 3540, 300, 60, where=box)),
            history_days=ctrl.slider("History (days)", "days", 1, 14, 7, where=box, help="§1.9: ≥ 1 day, up to 14."),
            growth_per_day=ctrl.slider("Load growth per day", "growth", 0.0, 0.3, 0.0, 0.01, where=box),
            max_breach=ctrl.select(
                "Max capacity breach",
                "breach",
                ["HonorMaxCapacity", "IncreaseMaxCapacity"],
                "HonorMaxCapacity",
                where=box,
            ),
        )
        with_tt = ctrl.toggle(
            "…with target tracking",
            "with_tt",
            True,
            help="Predictive and target tracking together: the larger of their capacities wins.",
            where=box,
        )
        if not with_tt:
            kw["policies"] = ()
    return option, kw


def vertical_controls(ctrl: Controls, where: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Vertical ladder + resize script, and the horizontal group's launch time and max size."""
    box = where or st
    v = {
        "n_sizes": ctrl.slider(
            "Sizes on the ladder (m5.large …)",
            "sizes",
            1,
            6,
            6,
            where=box,
            help="The largest size is the vertical ceiling.",
        ),
        "start_size": ctrl.slider("Start at size (0 = m5.large)", "start", 0, 5, 1, where=box),
        "downtime_s": float(
            ctrl.slider(
                "Resize downtime (s)",
                "downtime",
                0,
                1800,
                180,
                30,
                where=box,
                help="Stop → change instance type → start: capacity is zero meanwhile.",
            )
        ),
        "up_pct": float(ctrl.slider("Scale up above CPU (%)", "up", 30, 100, 75, 5, where=box)),
        "up_after_s": float(ctrl.slider("…sustained for (s)", "up_after", 60, 1800, 300, 60, where=box)),
        "down_after_s": float(
            ctrl.slider("Scale down below 30 % sustained for (s)", "down_after", 300, 7200, 1800, 300, where=box)
        ),
    }
    h = {
        "launch_s": float(ctrl.slider("Horizontal: launch time (s)", "launch", 10, 900, 120, 10, where=box)),
        "max_size": ctrl.slider("Horizontal: max size", "hmax", 1, 100, 64, where=box),
    }
    return v, h

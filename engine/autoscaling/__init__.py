"""EC2 Auto Scaling lab: a group, its scaling options and policies, simulated step by step.

Notebook use::

    from engine.autoscaling import GroupConfig, TargetTrackingPolicy, simulate, simulate_many
    from engine.load import preset

    r = simulate(GroupConfig(policies=(TargetTrackingPolicy(target=50),)), preset("Flash crowd"))
    r.frame[["t_s", "load_rps", "desired", "in_service", "cpu_pct"]]
    r.events  # every scaling action, and every one held back, with the reason
    r.summary  # whole-run figures (SUMMARY_COLUMNS)
    sweep = simulate_many([GroupConfig(cooldown_s=c) for c in (0, 300, 900)], preset("Flash crowd"), summary=True)
    sweep.summary  # one row per scenario

Facts (aws-facts.md): §1.1 group size, §1.2 options, §1.3 rounding, §1.4 simple, §1.5 step,
§1.6 target tracking (shared :mod:`engine.kernel.target_tracking`), §1.7 cooldown/warm-up/grace,
§1.8 lifecycle (billed from launch), §1.9 predictive, §9 editions.

Modules: :mod:`~engine.autoscaling.config` (the group and its options),
:mod:`~engine.autoscaling.policies` (the policy kinds), :mod:`~engine.autoscaling.layout` (the
kernel's arrays and events), :mod:`~engine.autoscaling.kernel` (the time loop),
:mod:`~engine.autoscaling.explain` (event sentences), :mod:`~engine.autoscaling.simulation`
(configs to arrays to a Result), :mod:`~engine.autoscaling.predictive` (the forecast),
:mod:`~engine.autoscaling.vertical` (one instance scaled up and down).
"""

from __future__ import annotations

from engine.autoscaling.config import GroupConfig, ManualChange, PredictivePolicy, ScheduledAction
from engine.autoscaling.layout import SUMMARY
from engine.autoscaling.policies import (
    ADJUSTMENT_TYPES,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    parse_steps,
    step_scaling_capacity,
)
from engine.autoscaling.predictive import Forecast, forecast
from engine.autoscaling.simulation import SCHEMA, SUMMARY_COLUMNS, simulate, simulate_many
from engine.autoscaling.vertical import PRICES_AS_OF, SIZES, VerticalConfig, horizontal_equivalent
from engine.kernel.target_tracking import target_tracking_capacity

__all__ = [
    "ADJUSTMENT_TYPES",
    "PRICES_AS_OF",
    "SCHEMA",
    "SIZES",
    "SUMMARY",
    "SUMMARY_COLUMNS",
    "Forecast",
    "GroupConfig",
    "ManualChange",
    "PredictivePolicy",
    "ScheduledAction",
    "SimpleScalingPolicy",
    "StepScalingPolicy",
    "TargetTrackingPolicy",
    "VerticalConfig",
    "forecast",
    "horizontal_equivalent",
    "parse_steps",
    "simulate",
    "simulate_many",
    "step_scaling_capacity",
    "target_tracking_capacity",
    "warmup",
]


def warmup() -> None:
    """Compile the kernels on a tiny input (the app calls this at start)."""
    pols = (TargetTrackingPolicy(), StepScalingPolicy(), SimpleScalingPolicy())
    cfg = GroupConfig(policies=pols, horizon_s=600.0, failure_rate_per_hour=0.1)
    simulate(cfg, 100.0)
    simulate(VerticalConfig(horizon_s=600.0), 100.0)

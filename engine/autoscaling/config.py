"""The Auto Scaling group config and its non-dynamic options (aws-facts.md §1.1, §1.2, §1.7-§1.9).

Scaling options (course notes "Amazon EC2 Auto-Scaling Options"): *maintain* (failures replaced,
health-check grace period), *manual* (:class:`ManualChange`, HonorCooldown), *scheduled*
(:class:`ScheduledAction`, never waits for a cooldown), *dynamic* (the policies) and *predictive*
(:class:`PredictivePolicy`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from engine.autoscaling.policies import (
    MAX_POLICIES,
    POLICY_TYPES,
    Policy,
    TargetTrackingPolicy,
    percent_scale_out_needs_minimum,
)
from engine.core import TimeGrid, check_choice, check_int, check_range, format_clock
from engine.rules import check_edition

__all__ = [
    "COURSE_GRACE_S",
    "MAX_SCHEDULED_ACTIONS",
    "GroupConfig",
    "ManualChange",
    "PredictivePolicy",
    "ScheduledAction",
    "ScheduledStep",
]

MAX_SIZE = 1000
DAY_S = 86_400.0
MAX_SCHEDULED_ACTIONS = 125
"""Scheduled actions per group (aws-facts.md §1.1 quota)."""
COURSE_GRACE_S = 300.0
"""Health-check grace period by default: the console's 300 s (course); the API's is 0 s (§1.7, §9)."""
HEALTH_CHECK_TYPES = ("EC2", "ELB")
"""``HealthCheckType``: EC2 (the default, BOTO CreateAutoScalingGroupType) or ELB (opt-in)."""
ELB_INTERVAL_S = 30.0
"""Target group ``HealthCheckIntervalSeconds`` default, range 5-300 s (ELBv2 API, CreateTargetGroup)."""
ELB_UNHEALTHY_THRESHOLD = 2
"""Target group ``UnhealthyThresholdCount`` default, range 2-10 (ELBv2 API, CreateTargetGroup)."""


@dataclass(frozen=True)
class ScheduledAction:
    """Set min/max/desired at ``at_s`` (and every day after, if ``daily``); ``None`` keeps a value.

    §1.2, §1.7: scheduled actions never wait for a cooldown (but their launches start it). One that
    leaves min above max, or sets a desired outside the limits it leaves, is refused
    (:class:`GroupConfig` raises ``ValueError``), not clamped.
    """

    at_s: float
    desired: int | None = None
    min_size: int | None = None
    max_size: int | None = None
    daily: bool = False

    def __post_init__(self) -> None:
        check_range("scheduled at_s", self.at_s, 0, 366 * DAY_S, unit="s")
        for name in ("desired", "min_size", "max_size"):
            v = getattr(self, name)
            if v is not None:
                check_int(f"scheduled {name}", v, 0, MAX_SIZE)
        if self.desired is None and self.min_size is None and self.max_size is None:
            raise ValueError("a scheduled action must set at least one of desired, min_size, max_size")
        if self.min_size is not None and self.max_size is not None and self.min_size > self.max_size:
            raise ValueError(f"scheduled min_size {self.min_size} must not exceed max_size {self.max_size}")


class ScheduledStep(NamedTuple):
    """One scheduled action on the step grid (daily ones expanded); -1 keeps a size."""

    step: int
    min_size: int
    max_size: int
    desired: int


@dataclass(frozen=True)
class ManualChange:
    """``SetDesiredCapacity`` at ``at_s`` (§1.2). With ``honor_cooldown`` it waits for the cooldown.

    A value outside the group's [min, max] at that time is refused, as the API refuses it (§1.1):
    :class:`GroupConfig` raises ``ValueError``; one that a wait for the cooldown carries past a
    scheduled change of the limits is refused when it runs (a ``refused`` event)."""

    at_s: float
    desired: int
    honor_cooldown: bool = False

    def __post_init__(self) -> None:
        check_range("manual at_s", self.at_s, 0, 366 * DAY_S, unit="s")
        check_int("manual desired", self.desired, 0, MAX_SIZE)


@dataclass(frozen=True)
class PredictivePolicy:
    """Forecast-driven scale-out (§1.9).

    Forecast method (documented, ours): the load of each of ``history_days`` past days (the same
    trace drawn with other seeds, or the given array repeated) is averaged per hour of day; a
    linear trend of the daily means (least squares) is extrapolated; the forecast for hour *h*
    is that hourly mean times the trend factor. Capacity for hour *h* =
    ``ceil(forecast / (target_pct/100 x capacity per instance))``, launched
    ``buffer_s`` (SchedulingBufferTime) before the hour. It only scales out.
    """

    mode: str = "ForecastOnly"
    target_pct: float = 50.0
    history_days: int = 7
    buffer_s: float = 300.0
    max_breach: str = "HonorMaxCapacity"
    max_buffer_pct: float = 10.0
    growth_per_day: float = 0.0

    def __post_init__(self) -> None:
        check_choice("mode", self.mode, ("ForecastOnly", "ForecastAndScale"))
        check_range("target_pct", self.target_pct, 1, 100, unit="%")
        check_int("history_days", self.history_days, 1, 14)
        check_range("buffer_s", self.buffer_s, 0, 3599, unit="s")
        check_choice("max_breach", self.max_breach, ("HonorMaxCapacity", "IncreaseMaxCapacity"))
        check_range("max_buffer_pct", self.max_buffer_pct, 0, 100, unit="%")
        check_range("growth_per_day", self.growth_per_day, -0.5, 1.0)

    @property
    def scales(self) -> bool:
        """Whether it acts (ForecastAndScale) or only draws the forecast (ForecastOnly)."""
        return self.mode == "ForecastAndScale"


def _default_policies() -> tuple[Policy, ...]:
    return (TargetTrackingPolicy(),)


@dataclass(frozen=True)
class GroupConfig:
    """An EC2 Auto Scaling group, its load model and its scaling options.

    Capacity: each serving instance handles ``capacity_rps`` at 100 % CPU. Demand above capacity
    is queued up to ``queue_max`` requests (``queue=True``) or dropped. Latency is an M/M/1
    approximation per instance, ``base_latency_ms / (1 - ρ)`` with ρ capped at 0.99, plus the
    queue's wait by Little's law (backlog / capacity), capped at ``timeout_ms``.

    Lifecycle (§1.8): Pending for ``launch_s``, then InService; the application needs
    ``app_boot_s`` more before it takes traffic. Health checks (§1.7, ASG-UG
    ``health-check-grace-period``): ``health_check_type`` ``"EC2"`` (the default) looks at the
    instance only, so a booting application is never unhealthy; ``"ELB"`` (opt-in) also uses the
    target group's checks, which run from registration: an instance is unhealthy after
    ``elb_unhealthy_threshold`` failed checks ``elb_interval_s`` apart, and the group ignores that
    during ``health_grace_s`` (``None`` = the edition's default: course 300 s, AWS API 0 s). So a
    booting instance is replaced at ``elb_check_s`` = max(grace, threshold x interval) after
    InService if its application is still starting then. ``warmup_s`` (§1.5): ``None`` falls back
    to ``cooldown_s``, as AWS does when DefaultInstanceWarmup is unset.
    """

    min_size: int = 1
    max_size: int = 20
    desired: int | None = 2
    capacity_rps: float = 50.0
    launch_s: float = 120.0
    warmup_s: float | None = 120.0
    cooldown_s: float = 300.0
    health_grace_s: float | None = None
    health_check_type: str = "EC2"
    elb_interval_s: float = ELB_INTERVAL_S
    elb_unhealthy_threshold: int = ELB_UNHEALTHY_THRESHOLD
    app_boot_s: float = 0.0
    failure_rate_per_hour: float = 0.0
    detect_s: float = 60.0
    queue: bool = False
    queue_max: float = 20_000.0
    base_latency_ms: float = 50.0
    timeout_ms: float = 30_000.0
    price_per_hour: float = 0.096
    period_s: float = 60.0
    policies: tuple[Policy, ...] = field(default_factory=_default_policies)
    scheduled: tuple[ScheduledAction, ...] = ()
    manual: tuple[ManualChange, ...] = ()
    predictive: PredictivePolicy | None = None
    horizon_s: float = DAY_S
    dt_s: float = 10.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        check_int("min_size", self.min_size, 0, MAX_SIZE)
        check_int("max_size", self.max_size, 1, MAX_SIZE)
        if self.min_size > self.max_size:
            raise ValueError(f"min_size {self.min_size} must not exceed max_size {self.max_size}")
        if self.desired is not None:
            check_int("desired", self.desired, 0, MAX_SIZE)
            if not self.min_size <= self.desired <= self.max_size:
                raise ValueError(
                    f"desired {self.desired} must be between min_size {self.min_size} and max_size {self.max_size}"
                )
        check_range("capacity_rps", self.capacity_rps, 0.001, 1e7)
        for name in ("launch_s", "cooldown_s", "app_boot_s"):
            check_range(name, getattr(self, name), 0, 3600, unit="s")
        if self.warmup_s is not None:
            check_range("warmup_s", self.warmup_s, 0, 3600, unit="s")
        if self.health_grace_s is not None:
            check_range("health_grace_s", self.health_grace_s, 0, 3600, unit="s")
        check_choice("health_check_type", self.health_check_type, HEALTH_CHECK_TYPES)
        check_range("elb_interval_s", self.elb_interval_s, 5, 300, unit="s")
        check_int("elb_unhealthy_threshold", self.elb_unhealthy_threshold, 2, 10)
        check_range("failure_rate_per_hour", self.failure_rate_per_hour, 0, 10)
        check_range("detect_s", self.detect_s, 0, 3600, unit="s")
        check_range("queue_max", self.queue_max, 0, 1e9)
        check_range("base_latency_ms", self.base_latency_ms, 0.1, 60_000, unit="ms")
        check_range("timeout_ms", self.timeout_ms, self.base_latency_ms, 600_000, unit="ms")
        check_range("price_per_hour", self.price_per_hour, 0, 1000)
        check_choice("period_s", self.period_s, (10.0, 60.0, 300.0))
        grid = TimeGrid(self.horizon_s, self.dt_s)
        check_choice("dt_s", self.dt_s, (1.0, 5.0, 10.0, 30.0, 60.0))
        if self.period_s % self.dt_s:
            raise ValueError(f"period_s {self.period_s} must be a whole number of steps of dt_s {self.dt_s}")
        if grid.n_steps > 400_000:
            raise ValueError(f"horizon_s / dt_s gives {grid.n_steps:,} steps; at most 400,000 are allowed")
        for name in ("policies", "scheduled", "manual"):
            if not isinstance(getattr(self, name), tuple):
                object.__setattr__(self, name, tuple(getattr(self, name)))
        if len(self.policies) > MAX_POLICIES:
            raise ValueError(f"policies may hold at most {MAX_POLICIES} policies, got {len(self.policies)}")
        for p in self.policies:
            if not isinstance(p, POLICY_TYPES):
                raise ValueError(f"policies must be scaling policies, got {type(p).__name__}")
            if self.min_size == 0 and percent_scale_out_needs_minimum(p):
                raise ValueError(
                    f"{p.kind} policy uses PercentChangeInCapacity with min_size 0: from 0 instances x % of 0 "
                    "adds nothing (§1.3); set min_adjustment_magnitude"
                )
        if len(self.scheduled) > MAX_SCHEDULED_ACTIONS:
            raise ValueError(
                f"scheduled may hold at most {MAX_SCHEDULED_ACTIONS} actions (§1.1 quota), got {len(self.scheduled)}"
            )
        starts = [a.at_s for a in self.scheduled]
        if len(set(starts)) != len(starts):
            raise ValueError("no two scheduled actions may share a start time (§1.2)")
        if len(self.manual) > 100:
            raise ValueError(f"manual may hold at most 100 changes, got {len(self.manual)}")
        self._check_sizes_over_time()

    def _check_sizes_over_time(self) -> None:
        """Refuse, as AWS's API does, a scheduled action that leaves min above max or sets a desired
        outside the limits it leaves, and a SetDesiredCapacity outside the [min, max] in force when it
        runs (§1.1: desired must satisfy min <= desired <= max; the API refuses, it does not clamp)."""
        lo, hi = self.min_size, self.max_size
        changes = sorted(
            [(a.step * self.dt_s, 0, a) for a in self.scheduled_steps()]
            + [(round(m.at_s / self.dt_s) * self.dt_s, 1, m) for m in self.manual],  # the step grid, as run
            key=lambda c: (c[0], c[1]),
        )
        for at_s, is_manual, change in changes:
            when = format_clock(at_s)
            if is_manual:
                if not lo <= change.desired <= hi:
                    raise ValueError(
                        f"manual desired {change.desired} at {when} is outside the group's [min, max] = "
                        f"[{lo}, {hi}] in force then: SetDesiredCapacity refuses it (it does not clamp)"
                    )
                continue
            new_lo = lo if change.min_size < 0 else change.min_size
            new_hi = hi if change.max_size < 0 else change.max_size
            if new_lo > new_hi:
                raise ValueError(
                    f"scheduled action at {when} leaves min_size {new_lo} above max_size {new_hi}: "
                    "AWS refuses a scheduled action whose min exceeds its max"
                )
            if change.desired >= 0 and not new_lo <= change.desired <= new_hi:
                raise ValueError(
                    f"scheduled desired {change.desired} at {when} is outside [min, max] = [{new_lo}, {new_hi}]: "
                    "AWS refuses a scheduled action whose desired capacity is outside its limits"
                )
            lo, hi = new_lo, new_hi

    @property
    def grid(self) -> TimeGrid:
        """The simulation's time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def start_desired(self) -> int:
        """Desired capacity at the start (defaults to min_size, §1.1)."""
        return self.min_size if self.desired is None else self.desired

    @property
    def effective_warmup_s(self) -> float:
        """Instance warm-up used by TT and step policies (§1.5: unset falls back to the cooldown)."""
        return self.cooldown_s if self.warmup_s is None else self.warmup_s

    @property
    def effective_grace_s(self) -> float:
        """Health-check grace period (§1.7, §9: course 300 s; AWS API default 0 s)."""
        if self.health_grace_s is not None:
            return self.health_grace_s
        return COURSE_GRACE_S if self.rules == "course" else 0.0

    @property
    def elb_check_s(self) -> float | None:
        """When ELB checks can first replace a still-booting instance, after InService: max(grace,
        unhealthy threshold x interval); ``None`` with EC2 checks, which never judge the application."""
        if self.health_check_type != "ELB":
            return None
        return max(self.effective_grace_s, self.elb_unhealthy_threshold * self.elb_interval_s)

    @property
    def dynamic_cooldown(self) -> bool:
        """Whether TT and step policies wait for the cooldown (course) or use warm-up only (§9)."""
        return self.rules == "course"

    def scheduled_steps(self) -> list[ScheduledStep]:
        """Scheduled actions expanded (daily ones repeated) on the step grid, by time."""
        out = []
        for a in self.scheduled:
            times = [a.at_s]
            if a.daily:
                times = list(np.arange(a.at_s % DAY_S, self.horizon_s, DAY_S))
            for t in times:
                if t < self.horizon_s:
                    out.append(
                        ScheduledStep(
                            round(t / self.dt_s),
                            -1 if a.min_size is None else a.min_size,
                            -1 if a.max_size is None else a.max_size,
                            -1 if a.desired is None else a.desired,
                        )
                    )
        return sorted(out)

"""The Auto Scaling pages' controls that set one field of the engine's config (compare and sweep panels).

``KNOBS``: the policies page (a :class:`~engine.autoscaling.GroupConfig` with its first policy a
target-tracking one for ``target``, a step or simple one for ``threshold``). ``OPTIONS_KNOBS``:
the scaling-options page (also a ``GroupConfig``). ``VERTICAL_KNOBS``: the horizontal-vs-vertical
page's :class:`~engine.autoscaling.VerticalConfig`. Ranges and labels are the pages' own.
"""

from __future__ import annotations

from views.knobs import Knob

__all__ = ["KNOBS", "OPTIONS_KNOBS", "VERTICAL_KNOBS"]

_COOLDOWN = Knob("cooldown", "Cooldown (s)", "cooldown_s", 0, 1800, 30, unit="s")
_WARMUP = Knob("warmup", "Instance warm-up (s)", "warmup_s", 0, 1800, 30, unit="s")
_LAUNCH = Knob("launch", "Launch time, Pending → InService (s)", "launch_s", 10, 900, 10, unit="s")
_MAX = Knob("max", "Max size", "max_size", 2, 100, 1, unit="instances")

KNOBS: tuple[Knob, ...] = (
    _COOLDOWN,
    _WARMUP,
    _LAUNCH,
    _MAX,
    Knob("cap", "Capacity per instance (req/s at 100 % CPU)", "capacity_rps", 5, 500, 5, unit="req/s"),
    Knob("target", "Target value (target tracking)", "policies.0.target", 5, 100, 1),
    Knob("threshold", "Alarm threshold (step and simple)", "policies.0.threshold", 5, 100, 1),
    Knob("period", "CloudWatch period", "period_s", choices=(60.0, 300.0), unit="s"),
    Knob("queue", "Queue excess requests (else drop)", "queue", choices=(False, True)),
)

OPTIONS_KNOBS: tuple[Knob, ...] = (
    _COOLDOWN,
    _WARMUP,
    _LAUNCH,
    _MAX,
    Knob("fail", "Instance failures per instance-hour", "failure_rate_per_hour", 0.0, 2.0, 0.05),
    Knob("grace", "Health-check grace period (s)", "health_grace_s", 0, 900, 30, unit="s"),
    Knob("boot", "Application start time after InService (s)", "app_boot_s", 0, 600, 10, unit="s"),
    Knob("hc_type", "Health-check type", "health_check_type", choices=("EC2", "ELB")),
)

VERTICAL_KNOBS: tuple[Knob, ...] = (
    Knob("sizes", "Sizes on the ladder (m5.large …)", "n_sizes", 2, 6, 1),
    Knob("start", "Start at size (0 = m5.large)", "start_size", 0, 1, 1),
    Knob("downtime", "Resize downtime (s)", "downtime_s", 0, 1800, 30, unit="s"),
    Knob("up", "Scale up above CPU (%)", "up_pct", 30, 100, 5, unit="%"),
    Knob("up_after", "…sustained for (s)", "up_after_s", 60, 1800, 60, unit="s"),
    Knob("down_after", "Scale down below 30 % sustained for (s)", "down_after_s", 300, 7200, 300, unit="s"),
)

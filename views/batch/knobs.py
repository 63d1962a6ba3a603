"""The AWS Batch page's controls that set one field of :class:`~engine.batch.BatchConfig` (compare
and sweep panels): compute environment 1 (``compute_environments.0``) and queue ``high``
(``queues.0``); minutes and hours set second fields."""

from __future__ import annotations

from engine.batch import ATTEMPTS, RESOURCE_TYPES, STRATEGIES
from views.knobs import Knob

__all__ = ["KNOBS"]

KNOBS: tuple[Knob, ...] = (
    Knob("max", "Max vCPUs", "compute_environments.0.max_vcpus", 1, 10_000, 1),
    Knob("type", "Resource type", "compute_environments.0.resource_type", choices=tuple(RESOURCE_TYPES)),
    Knob("strategy", "Allocation strategy", "compute_environments.0.allocation_strategy", choices=tuple(STRATEGIES)),
    Knob("inst", "vCPUs per instance", "compute_environments.0.instance_vcpus", choices=(2, 4, 8, 16, 32, 64)),
    Knob("intr", "Spot interruptions per instance-hour", "spot_interruptions_per_h", 0.0, 5.0, 0.1),
    Knob("hours", "Simulated hours", "horizon_s", 1, 24, 1, scale=3600.0, unit="h"),
    Knob("high_rate", "Queue high: submissions per hour", "queues.0.submissions_per_h", 0, 600, 1),
    Knob("high_dur", "Queue high: job duration (min)", "queues.0.duration_s", 1, 120, 1, scale=60.0, unit="min"),
    Knob("high_attempts", "Queue high: retry attempts", "queues.0.attempts", ATTEMPTS[0], ATTEMPTS[1], 1),
    Knob("high_fail", "Queue high: failure rate per attempt", "queues.0.fail_p", 0.0, 1.0, 0.05),
)

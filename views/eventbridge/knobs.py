"""The EventBridge page's controls that set one field of :class:`~engine.eventbridge.BusConfig`
(compare and sweep panels); hour controls set second fields (``scale=3600``)."""

from __future__ import annotations

from views.knobs import Knob

__all__ = ["KNOBS"]

KNOBS: tuple[Knob, ...] = (
    Knob("retry_attempts", "Retry attempts (MaximumRetryAttempts)", "retry_attempts", 0, 185, 1),
    Knob(
        "retry_age",
        "Retry for at most (MaximumEventAgeInSeconds)",
        "retry_max_age_s",
        choices=(60.0, 300.0, 3600.0, 21_600.0, 86_400.0),
        unit="s",
    ),
    Knob("dlq", "Dead-letter queue (an SQS queue)", "dlq", choices=(False, True)),
    Knob("team", "The team's other rules on the same bus", "team_rules", choices=(False, True)),
    Knob(
        "outage_len",
        "Outage length",
        "outage_s",
        choices=(600.0, 1800.0, 3600.0, 7200.0, 21_600.0, 86_400.0),
        unit="s",
    ),
    Knob("outage_h", "Targets go down at hour", "outage_at_s", 0.0, 23.5, 0.5, scale=3600.0, unit="h"),
    Knob("incident_h", "Payment incident at hour", "incident_at_s", 0.0, 23.5, 0.5, scale=3600.0, unit="h"),
)

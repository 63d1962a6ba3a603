"""The EventBridge lab's settings: the bus, the learner's rule and its targets, the team's rules."""

from __future__ import annotations

from dataclasses import dataclass

from engine.core import TimeGrid, check_int, check_range
from engine.eventbridge.pattern import Pattern, parse_pattern
from engine.eventbridge.retry import DEFAULT_ATTEMPTS, DEFAULT_MAX_AGE_S, MIN_MAX_AGE_S
from engine.rules import check_edition

__all__ = ["BUILTIN_RULES", "MAX_TARGETS", "TARGETS", "BusConfig"]

TARGETS: dict[str, str] = {
    "lambda": "Lambda function",
    "sqs": "SQS queue",
    "sns": "SNS topic",
    "sfn": "Step Functions state machine",
}
MAX_TARGETS = 5
"""Targets per rule (EventBridge quotas, docs; not in aws-facts)."""
BUILTIN_RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ops-instance-down", '{"source": ["aws.ec2"], "detail": {"state": ["stopped", "terminated"]}}', ("sns",)),
    ("audit-shop", '{"source": [{"prefix": "com.shop."}]}', ("sqs",)),
)
"""The team's rules on the same bus: name, pattern, targets."""


@dataclass(frozen=True)
class BusConfig:
    """The bus, the learner's rule and its targets. ``pattern`` is JSON text (validated here).

    ``outage_at_s``/``outage_s``: your rule's targets are unavailable for that while (None: never);
    ``retry_attempts`` (0–185) and ``retry_max_age_s`` (60–86,400 s) are the targets' retry policy,
    ``dlq`` whether they have a dead-letter queue (:mod:`engine.eventbridge.retry`)."""

    pattern: str = '{"source": ["com.shop.orders"], "detail-type": ["Order Placed"]}'
    targets: tuple[str, ...] = ("lambda",)
    team_rules: bool = True
    incident_at_s: float | None = None
    incident_s: float = 1800.0
    incident_factor: float = 20.0
    outage_at_s: float | None = None
    outage_s: float = 3600.0
    retry_attempts: int = DEFAULT_ATTEMPTS
    retry_max_age_s: float = DEFAULT_MAX_AGE_S
    dlq: bool = False
    n_sample: int = 10_000
    horizon_s: float = 86_400.0
    dt_s: float = 300.0
    rules: str = "course"

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", tuple(self.targets))
        self.parsed  # noqa: B018 - raises PatternError (a ValueError) naming the place
        for t in self.targets:
            if t not in TARGETS:
                raise ValueError(f"targets entry must be one of {', '.join(TARGETS)}, got {t!r}")
        if len(self.targets) > MAX_TARGETS:
            raise ValueError(
                f"a rule can have at most {MAX_TARGETS} targets (EventBridge quota), got {len(self.targets)}"
            )
        if len(set(self.targets)) != len(self.targets):
            raise ValueError(f"targets must not repeat a target, got {', '.join(self.targets)}")
        check_int("n_sample", self.n_sample, 100, 200_000)
        check_range("incident_s", self.incident_s, 60, 86_400, unit="s")
        check_range("incident_factor", self.incident_factor, 1, 1000)
        TimeGrid(self.horizon_s, self.dt_s)
        if self.incident_at_s is not None:
            check_range("incident_at_s", self.incident_at_s, 0, self.horizon_s, unit="s")
        check_range("outage_s", self.outage_s, 60, 86_400, unit="s")
        if self.outage_at_s is not None:
            check_range("outage_at_s", self.outage_at_s, 0, self.horizon_s - self.dt_s, unit="s")
        check_int("retry_attempts", self.retry_attempts, 0, DEFAULT_ATTEMPTS)
        check_range("retry_max_age_s", self.retry_max_age_s, MIN_MAX_AGE_S, DEFAULT_MAX_AGE_S, unit="s")
        check_edition(self.rules)

    @property
    def parsed(self) -> Pattern:
        """The validated pattern."""
        return parse_pattern(self.pattern)

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

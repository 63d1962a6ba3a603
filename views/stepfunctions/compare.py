"""What the Step Functions page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Succeeded", "succeeded"),
        Metric("Failed", "failed"),
        Metric("Timed out", "timed_out"),
        Metric("p99 duration", "p99_duration_s", "duration"),
        Metric("Retries", "retries"),
        Metric("State transitions per execution", "transitions_per_execution"),
        Metric("Cost", "cost_usd", "usd"),
    ),
    series=("in_progress", "succeeded", "failed", "timed_out"),
)

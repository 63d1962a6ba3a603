"""What the queues page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Peak visible", "peak_visible"),
        Metric("Oldest message", "peak_age_s", "duration"),
        Metric("Duplicate deliveries", "duplicates_total"),
        Metric("Dead-lettered", "dead_lettered_total"),
        Metric("Expired (lost)", "expired_total"),
        Metric("Processed (deleted)", "deleted_total"),
        Metric("Peak consumers", "peak_consumers"),
        Metric("Sends refused (FIFO)", "throttled_total"),
    ),
    series=("visible", "oldest_age_s", "consumers"),
)

"""What the Lambda page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Needed at peak", "needed_at_peak"),
        Metric("Peak concurrency", "peak_concurrency"),
        Metric("Throttled (429s)", "throttled_total"),
        Metric("Async dropped", "async_dropped_total"),
        Metric("Cold starts", "cold_starts_total"),
        Metric("Cost", "cost_total_usd", "usd"),
    ),
    series=("concurrency", "throttled", "cold_starts"),
)

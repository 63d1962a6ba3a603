"""What the Kinesis page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Accepted", "accepted_pct", "pct"),
        Metric("Throttled writes", "throttled_records_total"),
        Metric("Lost (after the last try)", "lost_records_total"),
        Metric("Busiest shard (% of its limit)", "max_utilization_pct", "pct"),
        Metric("Max iterator age", "max_iterator_age_s", "duration"),
        Metric("Expired unread", "expired_records_total"),
        Metric("Shards at the end", "final_shards"),
    ),
    series=("throttled_records", "max_utilization_pct", "iterator_age_s"),
)

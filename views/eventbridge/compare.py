"""What the EventBridge page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Matched", "matched_pct", "pct"),
        Metric("Deliveries", "deliveries"),
        Metric("Retried", "retried"),
        Metric("Dead-lettered", "dead_lettered"),
        Metric("Dropped (lost)", "dropped"),
        Metric("Still retrying at the end", "retrying_at_end"),
    ),
    series=("delivered_rps", "retrying", "lost_rps"),
)

"""What the coupling page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Tight: requests lost", "sync_lost_total"),
        Metric("Tight: timed out (504)", "sync_timeouts_total"),
        Metric("Tight: refused (503)", "sync_refused_total"),
        Metric("Tight: worst latency", "sync_worst_latency_s", "duration"),
        Metric("Loose: messages lost", "queue_lost_total"),
        Metric("Loose: worst delay", "queue_worst_delay_s", "duration"),
    ),
    series=("sync_lost", "queue_visible", "queue_oldest_s"),
)

"""What the EMR page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Job runtime (−1 = not finished)", "finish_s", "duration"),
        Metric("Peak nodes", "peak_nodes"),
        Metric("Work redone (node-h)", "recomputed_h"),
        Metric("HDFS replication", "replication"),
        Metric("Cost", "cost_usd", "usd"),
    ),
    series=("core_nodes", "task_nodes", "work_left_h"),
)

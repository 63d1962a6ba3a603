"""What the AWS Batch page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Jobs submitted", "jobs_submitted"),
        Metric("Succeeded", "jobs_succeeded"),
        Metric("Failed", "jobs_failed"),
        Metric("Interrupted (Spot)", "interrupted"),
        Metric("Peak vCPUs", "peak_vcpus"),
        Metric("Mean jobs RUNNABLE", "mean_runnable"),
        Metric("vCPU utilisation", "vcpu_utilisation", "pct", scale=100.0),
        Metric("Cost", "cost_usd", "usd"),
    ),
    series=("runnable", "running", "vcpus"),
)

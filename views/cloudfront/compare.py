"""What the CloudFront page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Cache hit ratio", "hit_ratio", "pct"),
        Metric("Mean origin load (req/s)", "mean_origin_rps"),
        Metric("Peak origin load (req/s)", "peak_origin_rps"),
        Metric("Origin errors", "origin_errors"),
        Metric("Mean latency", "mean_latency_ms", "ms"),
        Metric("Blocked (geo)", "blocked_requests"),
        Metric("Invalidation cost", "invalidation_cost_usd", "usd"),
    ),
    series=("hit_ratio", "origin_rps", "latency_ms"),
)

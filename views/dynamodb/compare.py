"""What the DynamoDB page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Throttled requests", "throttled_requests"),
        Metric("Throttled (% of requests)", "throttled_pct", "pct"),
        Metric("Partitions at the end", "final_partitions"),
        Metric("Peak consumed RCU", "peak_consumed_rcu"),
        Metric("Peak consumed WCU", "peak_consumed_wcu"),
        Metric("Cost, provisioned", "cost_provisioned_usd", "usd"),
        Metric("Cost, on-demand", "cost_on_demand_usd", "usd"),
        Metric("DAX hit ratio", "dax_hit_pct", "pct"),
    ),
    series=("provisioned_rcu", "throttled_reads", "throttled_writes"),
)

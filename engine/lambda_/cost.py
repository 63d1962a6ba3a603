"""What a run costs: per request and per GB-second, with provisioned concurrency charged for the
time it is configured and, at a lower rate, for the time it is busy. **Illustrative us-east-1 x86
list prices as of 2026** (USD); check the Lambda pricing page.

>>> round(float(cost_so_far(np.array([100.0]), np.array([500.0]), np.array([50.0]), 1.0, 1024, 0)[-1]), 6)
0.000853
"""

from __future__ import annotations

import numpy as np

__all__ = ["PRICES", "cost_so_far"]

PRICES = {
    "request": 0.20 / 1e6,
    "gb_s": 0.0000166667,
    "provisioned_gb_s": 0.0000041667,
    "provisioned_duration_gb_s": 0.0000097222,
}


def cost_so_far(
    invocations: np.ndarray,
    duration_ms: np.ndarray,
    concurrency: np.ndarray,
    dt_s: float,
    memory_mb: int,
    provisioned: int,
) -> np.ndarray:
    """Cumulative cost (USD) per step: requests, on-demand GB-seconds beyond the provisioned
    environments' busy time, provisioned busy time and provisioned configured time."""
    gb = memory_mb / 1024.0
    billed_s = np.nan_to_num(duration_ms / 1000.0) * invocations
    prov_busy = np.minimum(concurrency, provisioned) * dt_s
    on_demand_gb_s = np.maximum(billed_s - prov_busy, 0.0) * gb
    step_cost = (
        invocations * PRICES["request"]
        + on_demand_gb_s * PRICES["gb_s"]
        + prov_busy * gb * PRICES["provisioned_duration_gb_s"]
        + provisioned * dt_s * gb * PRICES["provisioned_gb_s"]
    )
    return np.cumsum(step_cost)

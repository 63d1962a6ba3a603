"""EC2 Auto Scaling engine budgets (issue 3): one scenario 24 h at 10 s steps with any policy
<= 20 ms; 1,000 scenarios x 24 h in one batched call <= 1 s.

    python benchmarks/bench_autoscaling.py
"""

from __future__ import annotations

from common import median_ms, report

from engine.autoscaling import (
    GroupConfig,
    PredictivePolicy,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    simulate,
    simulate_many,
    warmup,
)
from engine.load import preset


def main() -> None:
    """Print the measured figures against the budgets."""
    warmup()
    load = preset("Day with a flash sale")
    rows = []
    cases = {
        "target tracking": GroupConfig(policies=(TargetTrackingPolicy(),)),
        "step scaling": GroupConfig(policies=(StepScalingPolicy(),)),
        "simple scaling": GroupConfig(policies=(SimpleScalingPolicy(),)),
        "TT + step + failures": GroupConfig(
            policies=(TargetTrackingPolicy(), StepScalingPolicy()), failure_rate_per_hour=0.2
        ),
        "TT + predictive": GroupConfig(predictive=PredictivePolicy("ForecastAndScale")),
    }
    for name, cfg in cases.items():
        rows.append((f"1 scenario, 24 h @ 10 s, {name} (ms)", median_ms(lambda c=cfg: simulate(c, load)), 20, "ms"))
    sweep = [
        GroupConfig(cooldown_s=float(30 * (k % 20)), launch_s=float(60 + 10 * (k % 7)), policies=(pol,))
        for k, pol in enumerate([TargetTrackingPolicy(), StepScalingPolicy(), SimpleScalingPolicy()] * 334)
    ][:1000]
    rows.append(
        ("1,000 scenarios x 24 h, one batched call, summary (ms)",
         median_ms(lambda: simulate_many(sweep, load, summary=True), repeat=3), 1000, "ms")
    )  # fmt: skip
    report(rows)


if __name__ == "__main__":
    main()

"""Edge labs' engine budgets: CloudFront day, EventBridge pattern match, Amazon MQ vs SQS day.

    python benchmarks/bench_edge.py

Budgets (issue 7): each page's rerun <= 150 ms median (measure with ``benchmarks/pages.py
cloudfront`` etc.); a 10,000-event pattern match <= 50 ms. The engine runs below are what a
rerun pays on a cache miss.
"""

from __future__ import annotations

from common import median_ms, report

from engine import cloudfront
from engine.load import preset


def cloudfront_rows() -> list[tuple[str, float, float, str]]:
    """A 24 h day at 60 s steps, one scenario and a batch of 20."""
    cloudfront.warmup()
    day = preset("Business day")
    cfg = cloudfront.CloudFrontConfig(n_objects=1_000_000, origin_shield=True, deploy_at_s=50_000.0, mode="all")
    one = median_ms(lambda: cloudfront.simulate(cfg, day))
    many = median_ms(lambda: cloudfront.simulate_many([cfg] * 20, [day] * 20), repeat=3)
    return [
        ("CloudFront: 1 day, 1M objects, shield", one, 150, "ms"),
        ("CloudFront: 20 scenarios batched", many, 1000, "ms"),
    ]


def main() -> None:
    """Print every figure against its budget."""
    rows = cloudfront_rows()
    report(rows)


if __name__ == "__main__":
    main()

"""Edge labs' engine budgets: CloudFront day, EventBridge pattern match, Amazon MQ vs SQS day.

    python benchmarks/bench_edge.py

Budgets (issue 7): each page's rerun <= 150 ms median (measure with ``benchmarks/pages.py
cloudfront`` etc.); a 10,000-event pattern match <= 50 ms. The engine runs below are what a
rerun pays on a cache miss.
"""

from __future__ import annotations

from common import median_ms, report

from engine import cloudfront, mq
from engine.eventbridge import BusConfig, match, parse_pattern, sample_table, simulate
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


def events_rows() -> list[tuple[str, float, float, str]]:
    """Match a compound pattern (nested, numeric, anything-but, exists, arrays) over 10,000 events."""
    table, _ = sample_table(10_000, seed=0)
    pattern = parse_pattern(
        '{"source": [{"prefix": "com.shop."}], "region": [{"anything-but": {"prefix": "ap-"}}],'
        ' "detail": {"amount": [{"numeric": [">=", 20, "<", 500]}], "customer": {"tier": ["gold", "silver"]},'
        ' "coupon": [{"exists": false}]}}'
    )
    every_op = parse_pattern('{"detail": {"object": {"key": [{"suffix": ".png"}, {"prefix": "logs/"}]}}}')
    day = preset("Business day")
    return [
        ("EventBridge: 10,000-event match (5 fields)", median_ms(lambda: match(pattern, table), repeat=21), 50, "ms"),
        (
            "EventBridge: 10,000-event match (suffix/prefix)",
            median_ms(lambda: match(every_op, table), repeat=21),
            50,
            "ms",
        ),
        ("EventBridge: sample 10,000 events", median_ms(lambda: sample_table(10_000, 1)), 150, "ms"),
        ("EventBridge: bus day, 3 rules (incl. sample)", median_ms(lambda: simulate(BusConfig(), day)), 150, "ms"),
    ]


def mq_rows() -> list[tuple[str, float, float, str]]:
    """A day at 60 s steps, one scenario and 100 batched."""
    mq.warmup()
    day = preset("Day with a flash sale")
    cfg = mq.MqConfig()
    return [
        ("Amazon MQ vs SQS: 1 day", median_ms(lambda: mq.simulate(cfg, day)), 150, "ms"),
        (
            "Amazon MQ vs SQS: 100 scenarios batched",
            median_ms(lambda: mq.simulate_many([cfg] * 100, [day] * 100), repeat=3),
            1000,
            "ms",
        ),
    ]


def main() -> None:
    """Print every figure against its budget."""
    rows = cloudfront_rows() + events_rows() + mq_rows()
    report(rows)


if __name__ == "__main__":
    main()

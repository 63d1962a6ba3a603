"""The DynamoDB page's default day, pinned: the figures a learner sees first must not move when
the engine is made faster.

The page's default scenario is ``DynamoConfig(autoscaling=True)`` under the "Day with a flash
sale" trace scaled to a 4,000 req/s peak, seed 0. The figures below are what the engine gave
before its speed work, checked by hand: reads are 80 % of requests at 0.5 RCU each (2 KB,
eventual: one 4 KB block halved, aws-facts §3.1) and writes 20 % at 2 WCU each (two 1 KB
blocks), so read and write capacity peak together at 0.4 x the peak load; on demand costs
0.4 x 73.0 M x $0.125 / M for reads plus 0.4 x 73.0 M x $0.625 / M for writes = $21.90.
Floats are compared to 1e-9 (a different CPU may round a cosine differently), counts exactly.
"""

from __future__ import annotations

import pytest

from engine import dynamodb as ddb
from engine.load import PRESETS, scaled

FIGURES = {
    "initial_partitions": 1,
    "final_partitions": 3,
    "total_requests": 72987571.91252545,
    "throttled_requests": 59105.87207444213,
    "throttled_pct": 0.08098073483699345,
    "dax_hit_pct": 0.0,
    "peak_consumed_rcu": 1405.0469141426215,
    "peak_consumed_wcu": 1405.0469141426215,
    "cost_provisioned_usd": 12.315260713877807,
    "cost_on_demand_usd": 21.89627157375753,
}
KINDS = {"scaling": 14, "decrease_refused": 8, "split": 2, "throttle": 1}
FIRST = (
    "auto scaling lowers RCU 1,000 → 232: 15 consecutive minutes below 63 % (utilisation 16%); lands at "
    "00:17:59; counts against the daily decrease budget"
)


@pytest.fixture(scope="module")
def trace():  # type: ignore[no-untyped-def]
    base = PRESETS["Day with a flash sale"]
    return scaled(base, 4000 / base.peak_hint)


@pytest.mark.parametrize("rules", ["course", "aws-today"])
def test_the_default_day_gives_the_same_figures(trace, rules: str) -> None:  # type: ignore[no-untyped-def]
    r = ddb.simulate(ddb.DynamoConfig(autoscaling=True, rules=rules), trace, seed=0)
    got = r.summary.iloc[0].to_dict()
    assert got == pytest.approx(FIGURES, rel=1e-9, abs=1e-12)
    assert r.events["kind"].value_counts().to_dict() == KINDS
    assert r.events["message"].iloc[0] == FIRST
    assert len(r.frame) == 86_400 and len(r.extra["partitions"]) == 2027
    assert float(r.frame["throttled_writes"].sum()) == pytest.approx(25762.873030815503, rel=1e-9)
    assert float(r.frame["provisioned_wcu"].sum()) == 59096113.0


def test_the_default_day_batched_is_the_day_alone(trace) -> None:  # type: ignore[no-untyped-def]
    configs = [ddb.DynamoConfig(autoscaling=True), ddb.DynamoConfig(autoscaling=True, mode="on-demand")]
    many = ddb.simulate_many(configs, trace, seed=0, summary=True)
    assert many.summary.drop(columns="scenario").iloc[0].to_dict() == pytest.approx(FIGURES, rel=1e-9, abs=1e-12)


def test_a_summary_only_batch_keeps_the_frame_columns_and_types_without_rows(trace) -> None:  # type: ignore[no-untyped-def]
    many = ddb.simulate_many([ddb.DynamoConfig(autoscaling=True, horizon_s=3600)], trace, seed=0, summary=True)
    full = ddb.simulate_many([ddb.DynamoConfig(autoscaling=True, horizon_s=3600)], trace, seed=0)
    assert many.frame.empty and many.events.empty and many.extra["partitions"].empty
    assert dict(many.frame.dtypes) == dict(full.frame.dtypes)
    assert many.summary.equals(full.summary)

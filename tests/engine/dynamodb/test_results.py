"""What a DynamoDB run returns: the summary is the frame's totals, in the units it declares."""

from __future__ import annotations

import pytest

from engine import dynamodb as ddb

W_ONLY = {"read_fraction": 0.0, "item_size_kb": 1.0, "n_keys": 10_000, "popularity": "uniform"}


def test_summary_reads_the_frame() -> None:
    """The summary's figures are the frame's totals, in the units the summary declares."""
    cfg = ddb.DynamoConfig(horizon_s=900, wcu=300, **{**W_ONLY, "popularity": "hot", "hot_key_pct": 50})
    r = ddb.simulate(cfg, 500.0)
    s = r.summary.iloc[0]
    f = r.frame
    thr = f["throttled_reads"].sum() + f["throttled_writes"].sum()
    assert s["throttled_requests"] == pytest.approx(thr) and thr > 0
    assert s["throttled_pct"] == pytest.approx(100 * thr / (f["read_requests"].sum() + f["write_requests"].sum()))
    assert s["final_partitions"] == f["partitions"].iloc[-1] and s["initial_partitions"] == cfg.initial_partitions
    assert s["cost_on_demand_usd"] == f["cost_on_demand_usd"].iloc[-1]
    assert r.units["throttled_pct"] == "%" and r.units["provisioned_wcu"] == "WCU"

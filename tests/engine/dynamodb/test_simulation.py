"""DynamoDB simulation: the issue's hand-computed cases, invariants, properties and the public
shape of ``simulate`` / ``simulate_many`` (aws-facts §3)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import dynamodb as ddb
from engine.load import Constant, LoadTrace, Step
from tests.engine.public_shape import check_simulate_many

W_ONLY = {"read_fraction": 0.0, "item_size_kb": 1.0, "n_keys": 10_000, "popularity": "uniform"}

# --- the simulation ------------------------------------------------------------------------


def test_raising_wcu_splits_and_lowering_keeps_partitions_diluted() -> None:
    """§3.2: raising WCU 999 -> 2,999 (with 1 RCU) needs 3 partitions; lowering it back keeps 3,
    each with a third of the share (333 WCU). The split halves a key range, so the partition
    with half the keys now gets 450 of 900 writes/s against 333: throttled although the table
    runs at 90 %. (WCU 1,000 -> 3,000 with the minimum 1 RCU gives ceil(3.0003) = 4.)"""
    cfg = ddb.DynamoConfig(
        rcu=1, wcu=999, burst=False, update_delay_s=0, horizon_s=3600,
        capacity_changes=((600, 1, 2999), (1800, 1, 999)), **W_ONLY,
    )  # fmt: skip
    r = ddb.simulate(cfg, 900.0)
    f = r.frame
    assert f["partitions"].iloc[0] == 1
    assert f["throttled_writes"].iloc[:600].max() == 0
    assert f["partitions"].iloc[700] == 3 and f["partitions"].iloc[-1] == 3
    assert f["provisioned_wcu"].iloc[-1] == 999
    late = f["throttled_writes"].iloc[2000:].mean()
    assert 90 < late < 145  # ≈ 450 - 333
    splits = r.events[r.events["kind"] == "split"]
    assert len(splits) == 2
    assert "partition 1 split into 1a/1b" in splits["message"].iloc[0]
    assert "needs 3 partitions" in splits["message"].iloc[0]


def test_hot_key_throttles_while_table_utilisation_is_low() -> None:
    """§3.2: capacity is spread equally (course); a hot key exceeds its partition's share."""
    cfg = ddb.DynamoConfig(rcu=3000, wcu=3000, popularity="hot", hot_key_pct=50, read_fraction=0.0,
                           item_size_kb=1, horizon_s=900)  # fmt: skip
    f = ddb.simulate(cfg, 1500.0).frame
    assert f["throttled_writes"].iloc[-1] > 100
    assert (f["consumed_wcu"] / f["provisioned_wcu"]).iloc[-1] < 0.5
    ev = ddb.simulate(cfg, 1500.0).events
    assert "hot key #1" in ev[ev["kind"] == "throttle"]["message"].iloc[0]


def test_adaptive_capacity_and_split_for_heat_only_in_aws_today() -> None:
    """§3.2: adaptive capacity (AWS today) lets the hot partition borrow unused capacity."""
    base = {"rcu": 3000, "wcu": 3000, "popularity": "hot", "hot_key_pct": 50, "read_fraction": 0.0,
            "item_size_kb": 1, "horizon_s": 900}  # fmt: skip
    today = ddb.simulate(ddb.DynamoConfig(rules="aws-today", **base), 1500.0)
    assert today.frame["throttled_writes"].sum() == 0
    assert (today.events["kind"] == "split").any()
    assert today.frame["partitions"].iloc[-1] > 4


def _burst_run(spike_s: int) -> np.ndarray:
    load = LoadTrace((Constant(50.0), Step(150.0, 600.0), Step(-150.0, 600.0 + spike_s)))
    cfg = ddb.DynamoConfig(rcu=1, wcu=100, horizon_s=1800, **W_ONLY)
    return ddb.simulate(cfg, load).frame["throttled_writes"].to_numpy()


def test_burst_absorbs_a_spike_shorter_than_the_bank_not_a_longer_one() -> None:
    """§3.2: up to 300 s of unused capacity is banked. 600 s at 50 of 100 WCU banks the full
    30,000; a 200 WCU spike draws 100/s: 200 s fits, 400 s throttles for the last ~100 s."""
    assert _burst_run(200).sum() == 0
    thr = _burst_run(400)
    assert thr[600:890].sum() == 0
    assert thr.sum() == pytest.approx(100 * 100, rel=0.03)


def test_on_demand_serves_twice_the_previous_peak_and_throttles_three_times() -> None:
    """§3.4: on demand serves up to 2× the previous peak at once; 3× within 30 min throttles."""
    cfg = ddb.DynamoConfig(mode="on-demand", horizon_s=3 * 3600, **W_ONLY)
    twice = ddb.simulate(cfg, LoadTrace((Constant(5000.0), Step(5000.0, 3600.0)))).frame
    assert twice["throttled_writes"].sum() == 0
    thrice = ddb.simulate(cfg, LoadTrace((Constant(5000.0), Step(10000.0, 3600.0)))).frame
    assert thrice["throttled_writes"].iloc[3600 : 3600 + 1800].mean() == pytest.approx(5000, rel=0.01)
    assert thrice["throttled_writes"].iloc[-600:].max() == 0  # the new peak counts after 30 min


def test_gsi_without_write_capacity_throttles_base_writes() -> None:
    """§3.2: a GSI short of write capacity throttles writes to the base table."""
    cfg = ddb.DynamoConfig(wcu=1000, gsi=True, gsi_wcu=200, burst=False, horizon_s=600, **W_ONLY)
    f = ddb.simulate(cfg, 500.0).frame
    assert f["gsi_throttled_writes"].iloc[-1] == pytest.approx(300)
    assert f["consumed_wcu"].iloc[-1] == pytest.approx(200)


def test_dax_serves_eventual_reads_and_strong_reads_pass_through() -> None:
    """§3.5: cached reads use no RCU; strong and transactional reads pass through."""
    kw = {"dax": True, "popularity": "zipf", "zipf_s": 1.0, "horizon_s": 600}
    ev = ddb.simulate(ddb.DynamoConfig(consistency="eventual", **kw), 1000.0).frame
    strong = ddb.simulate(ddb.DynamoConfig(consistency="strong", **kw), 1000.0).frame
    assert ev["dax_hits"].iloc[-1] > 0.5 * ev["read_requests"].iloc[-1]
    assert ev["read_latency_ms"].iloc[-1] < 3
    assert strong["dax_hits"].sum() == 0


def test_storage_growth_splits_partitions() -> None:
    """§3.2: a partition holds at most 10 GB; growing data splits."""
    cfg = ddb.DynamoConfig(rcu=100, wcu=100, storage_gb=9, growth_gb_per_h=2, horizon_s=3 * 3600)
    r = ddb.simulate(cfg, 10.0)
    assert r.frame["partitions"].iloc[-1] == 2
    assert "GB stored" in r.events[r.events["kind"] == "split"]["message"].iloc[0]


# --- properties ----------------------------------------------------------------------------

configs = st.builds(
    ddb.DynamoConfig,
    mode=st.sampled_from(["provisioned", "on-demand"]),
    rcu=st.floats(1, 5000),
    wcu=st.floats(1, 3000),
    read_fraction=st.floats(0, 1),
    consistency=st.sampled_from(["strong", "eventual", "transactional"]),
    n_keys=st.integers(1, 300),
    popularity=st.sampled_from(["uniform", "zipf", "hot"]),
    hot_key_pct=st.floats(0, 100),
    autoscaling=st.booleans(),
    gsi=st.booleans(),
    dax=st.booleans(),
    rules=st.sampled_from(["course", "aws-today"]),
    capacity_changes=st.just(((300.0, 4000.0, 2500.0), (900.0, 100.0, 100.0))),
    horizon_s=st.just(1200.0),
)


@given(configs, st.floats(0, 3000))
def test_requests_are_conserved_and_partitions_never_decrease(cfg: ddb.DynamoConfig, level: float) -> None:
    """Every request is answered by DAX, served by the table or throttled; splits never merge."""
    r = ddb.simulate(cfg, LoadTrace((Constant(level), Step(level, 400.0))))
    f = r.frame
    reads = f["dax_hits"] + f["served_reads"] + f["throttled_reads"]
    np.testing.assert_allclose(reads, f["read_requests"], rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(f["served_writes"] + f["throttled_writes"], f["write_requests"], rtol=1e-9, atol=1e-6)
    assert (f[["throttled_reads", "throttled_writes", "served_reads"]] >= -1e-9).all().all()
    assert (np.diff(f["partitions"]) >= 0).all()
    per = r.extra["partitions"]
    assert per["partition"].max() < f["partitions"].max()


@given(configs, configs)
def test_batched_equals_one_by_one_and_same_seed_same_result(a: ddb.DynamoConfig, b: ddb.DynamoConfig) -> None:
    load = LoadTrace((Constant(800.0), Step(1500.0, 300.0)))
    batch = ddb.simulate_many([a, b], load, seed=3)
    for i, cfg in enumerate((a, b)):
        res = batch.scenario(i)
        one = ddb.simulate(cfg, load, seed=3)
        assert one.frame.equals(res.frame)
        assert one.events["message"].tolist() == res.events["message"].tolist()
        assert one.extra["partitions"].equals(res.extra["partitions"])


@given(configs, st.floats(0, 3000))
def test_without_burst_consumption_stays_within_capacity(cfg: ddb.DynamoConfig, level: float) -> None:
    """§3.1/§3.2: with no burst bank, a table never consumes more than it has (provisioned, or
    the on-demand limit); adaptive capacity only lends capacity the table already has."""
    from dataclasses import replace

    f = ddb.simulate(replace(cfg, burst=False), LoadTrace((Constant(level), Step(level, 400.0)))).frame
    assert (f["consumed_wcu"] <= f["provisioned_wcu"] * (1 + 1e-9) + 1e-6).all()
    assert (f["consumed_rcu"] <= f["provisioned_rcu"] * (1 + 1e-9) + 1e-6).all()


def test_simulate_many_takes_one_row_per_scenario_and_checks_horizons() -> None:
    cfgs = [ddb.DynamoConfig(horizon_s=600, wcu=w, **W_ONLY) for w in (100, 1000)]
    rows = np.vstack([np.full(600, 300.0), np.full(600, 50.0)])
    many = ddb.simulate_many(cfgs, rows)
    a, b = many.scenario(0), many.scenario(1)
    assert a.frame["throttled_writes"].iloc[-1] == pytest.approx(200)
    assert b.frame["throttled_writes"].sum() == 0
    with pytest.raises(ValueError, match="share horizon_s"):
        ddb.simulate_many([cfgs[0], ddb.DynamoConfig(horizon_s=1200)], 10.0)


def test_celebrity_item_dax_fixes_reads_not_writes() -> None:
    """§3.5: DAX serves the hot key's eventually consistent reads from cache (no RCU) but writes
    still go to the hot partition; §3.2 adaptive capacity + split for heat (AWS today) fix both."""
    base = {"rcu": 6000, "wcu": 1000, "read_fraction": 0.9, "item_size_kb": 1.0, "popularity": "hot",
            "hot_key_pct": 40.0, "horizon_s": 1800}  # fmt: skip
    plain = ddb.simulate(ddb.DynamoConfig(**base), 8000.0).frame
    cached = ddb.simulate(ddb.DynamoConfig(dax=True, **base), 8000.0).frame
    today = ddb.simulate(ddb.DynamoConfig(rules="aws-today", **base), 8000.0).frame
    assert plain["throttled_reads"].sum() > 0 and plain["throttled_writes"].sum() > 0
    assert cached["throttled_reads"].sum() == 0 and cached["throttled_writes"].sum() > 0
    assert today["throttled_reads"].sum() == 0 and today["throttled_writes"].sum() == 0


def test_simulate_many_returns_one_stacked_result_whose_scenarios_equal_simulate() -> None:
    """The public shape: a Result always (one config too); scenario i is simulate(config_i) —
    frame, events, summary and the per-partition frame — and summary=True gives the same summary."""
    cfgs = [
        ddb.DynamoConfig(horizon_s=900, wcu=300, **{**W_ONLY, "popularity": "hot", "hot_key_pct": 50}),
        ddb.DynamoConfig(
            horizon_s=900, wcu=1500, rules="aws-today", **{**W_ONLY, "popularity": "hot", "hot_key_pct": 50}
        ),
        ddb.DynamoConfig(horizon_s=900, autoscaling=True, dax=True),
    ]
    many = check_simulate_many(
        ddb.simulate, ddb.simulate_many, cfgs, LoadTrace((Constant(800.0), Step(1500.0, 300.0))), 4
    )
    assert many.summary["final_partitions"].tolist()[1] > many.summary["initial_partitions"].tolist()[1]  # heat splits


def test_sweep_runs_the_lab_in_chunks_and_matches_simulate() -> None:
    """engine.sweep relies on scenario i being simulate(config_i): a grid in chunks of 2 gives
    each point the summary of its own simulate call."""
    from engine.sweep import sweep

    base = ddb.DynamoConfig(horizon_s=600, **W_ONLY)
    rows = sweep("dynamodb", base, {"wcu": [100.0, 400.0, 1000.0]}, 300.0, seed=2, chunk_size=2)
    assert rows["wcu"].tolist() == [100.0, 400.0, 1000.0]
    for _, row in rows.iterrows():
        one = ddb.simulate(ddb.DynamoConfig(horizon_s=600, wcu=row["wcu"], **W_ONLY), 300.0, seed=2).summary.iloc[0]
        assert row["throttled_requests"] == one["throttled_requests"]
    assert rows["throttled_requests"].iloc[0] == pytest.approx(200 * 600)

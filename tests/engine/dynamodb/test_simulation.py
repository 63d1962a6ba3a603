"""DynamoDB simulation: the issue's hand-computed cases, invariants, properties and the public
shape of ``simulate`` / ``simulate_many`` (aws-facts §3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import dynamodb as ddb
from engine.load import Constant, LoadTrace, Step
from tests.engine.public_shape import check_simulate_many

W_ONLY = {"read_fraction": 0.0, "item_size_kb": 1.0, "n_keys": 10_000, "popularity": "uniform"}

# --- the simulation ------------------------------------------------------------------------


def _last_shares(r) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    per = r.extra["partitions"]
    return per[per["t_s"] == per["t_s"].max()].sort_values("partition")


def test_one_to_three_partitions_keys_and_capacity_halve_together() -> None:
    """§3.2 course formula, hand-computed: 1,000 RCU + 600 WCU gives ceil(0.33 + 0.6) = 1
    partition; UpdateTable to 4,500 RCU + 600 WCU at 10 min gives ceil(1.5 + 0.6) = 3. Halving
    splits reach 3 as 1 -> 1a/1b (5,000 of the 10,000 keys each) -> 1aa/1ab/1b (2,500, 2,500,
    5,000). Each partition's capacity is its share of the keys: 1,125 / 2,250 / 1,125 RCU, each
    within the 3,000 RCU and 1,000 WCU a partition supports, so 3 it stays. Uniform reads at 95 %
    (4,275 strong 4 KB reads/s) put 2,137.5 RCU on 1b, within its 2,250: nothing throttles.
    (The old rule gave each of the 3 partitions a third, 1,500 RCU, and throttled 1b by 637.5.)"""
    cfg = ddb.DynamoConfig(
        rcu=1000, wcu=600, read_fraction=1.0, consistency="strong", item_size_kb=4.0, popularity="uniform",
        n_keys=10_000, burst=False, update_delay_s=0, horizon_s=1800, capacity_changes=((600, 4500, 600),),
    )  # fmt: skip
    r = ddb.simulate(cfg, 4275.0)
    f = r.frame
    assert f["partitions"].iloc[599] == 1 and f["partitions"].iloc[600] == 3 and f["partitions"].iloc[-1] == 3
    assert f["throttled_reads"].iloc[600:].max() == 0
    assert f["throttled_reads"].iloc[:600].mean() == pytest.approx(4275 - 1000)
    last = _last_shares(r)
    assert last["name"].tolist() == ["1aa", "1b", "1ab"]
    assert last["key_share"].tolist() == [25.0, 50.0, 25.0]
    assert last["capacity_share"].tolist() == last["key_share"].tolist()
    assert last["read_demand"].tolist() == pytest.approx([1068.75, 2137.5, 1068.75])
    splits = r.events[r.events["kind"] == "split"]
    assert len(splits) == 2 and splits["message"].str.contains("needs 3 partitions").all()


def test_a_half_over_the_partition_limit_splits_again_then_lowering_dilutes_a_hot_key() -> None:
    """§3.2: 1 RCU + 2,999 WCU asks for ceil(3.0) = 3 partitions, but halving leaves 1b with half
    the keys, 1,499.5 WCU, over the 1,000 WCU a partition supports ("new partitions are added when
    provisioned throughput exceeds what the existing partitions support"): 1b splits too, 4
    partitions of 749.75 WCU. Uniform writes at 90 % (2,699 writes/s, 674.8 each) never throttle.
    Lowering back to 999 WCU keeps 4 partitions (never merge) of 249.75 WCU: uniform keys still
    fit (see the property below), but a key with 10 % of the writes now overloads its partition."""
    base = {"rcu": 1, "wcu": 999, "burst": False, "update_delay_s": 0, "horizon_s": 3600, **W_ONLY}
    cfg = ddb.DynamoConfig(capacity_changes=((600, 1, 2999),), **base)
    r = ddb.simulate(cfg, LoadTrace((Constant(2699.0),)))
    f = r.frame
    assert f["partitions"].iloc[600] == 4
    assert f["throttled_writes"].iloc[600:].max() == 0
    assert _last_shares(r)["capacity_share"].tolist() == [25.0, 25.0, 25.0, 25.0]
    why = r.events[r.events["kind"] == "split"]["message"].tolist()
    assert len(why) == 3 and "would hold 1,500 WCU, more than a partition supports" in why[2]
    # dilution: after 999 -> 2,999 -> 999, the hot key's partition holds 0.1 + 0.9 × 2,500/9,999 of
    # 900 writes/s = 292.5 writes/s against its 249.75 WCU: 42.8/s throttled, at 90 % table use
    hot = {**base, "popularity": "hot", "hot_key_pct": 10.0, "capacity_changes": ((600, 1, 2999), (1800, 1, 999))}
    diluted = ddb.simulate(ddb.DynamoConfig(**hot), 900.0).frame
    assert diluted["throttled_writes"].iloc[:600].max() == 0  # one partition of 999 WCU took it all
    assert diluted["partitions"].iloc[-1] == 4
    hot_part = _last_shares(ddb.simulate(ddb.DynamoConfig(**hot), 900.0))["write_demand"].max()
    capacity = 999 * 0.25
    assert diluted["throttled_writes"].iloc[-1] == pytest.approx(hot_part - capacity, rel=1e-9)
    assert hot_part == pytest.approx(900 * (0.1 + 0.9 * 2499 / 9999), abs=1.0)


uniform_tables = st.builds(
    ddb.DynamoConfig,
    rcu=st.floats(1, 20_000),
    wcu=st.floats(1, 8_000),
    storage_gb=st.floats(0, 300),
    read_fraction=st.floats(0.05, 0.95),
    consistency=st.sampled_from(["strong", "eventual", "transactional"]),
    item_size_kb=st.sampled_from([0.5, 1.0, 3.0, 7.0]),
    n_keys=st.integers(1000, 10_000),
    popularity=st.just("uniform"),
    burst=st.just(False),
    update_delay_s=st.just(0.0),
    rules=st.sampled_from(["course", "aws-today"]),
    capacity_changes=st.tuples(st.tuples(st.just(60.0), st.floats(1, 20_000), st.floats(1, 8_000))),
    horizon_s=st.just(300.0),
)


@settings(max_examples=40, deadline=None)
@given(uniform_tables, st.floats(0.0, 0.995))
def test_uniform_keys_under_provisioned_capacity_never_throttle_once_split(cfg: ddb.DynamoConfig, util: float) -> None:
    """Course notes (capacity allocated over partitions; keys spread uniformly) with §3.2: once the
    splits an UpdateTable asks for are made, a uniform key space offered less than 100 % of the
    provisioned RCU and WCU throttles nothing, whatever the capacity, data size or edition."""
    _, rcu, wcu = cfg.capacity_changes[0]
    rf = cfg.read_fraction
    level = util * min(rcu / (rf * cfg.rcu_per_read), wcu / ((1 - rf) * cfg.wcu_per_write))
    f = ddb.simulate(cfg, float(level)).frame
    assert f["throttled_reads"].iloc[60:].max() == 0
    assert f["throttled_writes"].iloc[60:].max() == 0


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
    """§3.4: on demand serves up to 2× the previous peak at once; 3× within 30 min throttles.
    2,000 writes/s keeps the peak at 2,000 (the new table's own): doubling to 4,000 at 1 h is
    served; tripling to 6,000 throttles 2,000/s for 30 min, until the 4,000 served at 1 h counts
    as the previous peak (2 × 4,000 = 8,000 then serves 6,000)."""
    cfg = ddb.DynamoConfig(mode="on-demand", horizon_s=3 * 3600, **W_ONLY)
    twice = ddb.simulate(cfg, LoadTrace((Constant(2000.0), Step(2000.0, 3600.0)))).frame
    assert twice["throttled_writes"].sum() == 0
    thrice = ddb.simulate(cfg, LoadTrace((Constant(2000.0), Step(4000.0, 3600.0)))).frame
    assert thrice["throttled_writes"].iloc[3600 : 3600 + 1800].mean() == pytest.approx(2000, rel=1e-9)
    assert thrice["throttled_writes"].iloc[-600:].max() == 0  # the new peak counts after 30 min


def test_a_new_on_demand_table_serves_4000_writes_and_12000_reads_at_once() -> None:
    """aws-facts §3.4: "A new on-demand table can sustain up to 4 000 writes/s and 12 000 reads/s
    (... it behaves as if its previous peak were half that, 2 000 WRU / 6 000 RRU, doubled at once)".
    4,500 writes/s (1 KB) from the start: 500/s throttled until the first peak counts at 30 min
    (500 × 1,800 = 900,000), then 2 × 4,000 = 8,000 serves it all. 12,000 strong 4 KB reads/s fit
    exactly; 13,000 throttle 1,000/s. The formula on 12,000 RRU + 4,000 WRU: 4 + 4 = 8 partitions."""
    w = ddb.DynamoConfig(mode="on-demand", horizon_s=3600, **W_ONLY)
    f = ddb.simulate(w, 4500.0).frame
    assert f["throttled_writes"].iloc[:1800].to_numpy() == pytest.approx(np.full(1800, 500.0))
    assert f["throttled_writes"].iloc[1800:].max() == 0
    assert f["throttled_writes"].sum() == pytest.approx(900_000)
    assert f["provisioned_wcu"].iloc[0] == 4000 and f["provisioned_rcu"].iloc[0] == 12_000
    reads = {"read_fraction": 1.0, "item_size_kb": 4.0, "consistency": "strong", "popularity": "uniform"}
    r = ddb.DynamoConfig(mode="on-demand", horizon_s=600, **reads)
    assert ddb.simulate(r, 12_000.0).frame["throttled_reads"].max() == 0
    assert ddb.simulate(r, 13_000.0).frame["throttled_reads"].iloc[0] == pytest.approx(1000)
    assert r.initial_partitions == 8


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

"""Kinesis streams simulated: hand-computed cases from aws-facts §2 and §9, invariants and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import kinesis as k

# --- write limits (aws-facts §2.1: 1,000 records/s and 1 MiB/s per shard)


def test_one_shard_1500_records_of_100_bytes_throttles_500_each_second() -> None:
    """§2.1: 1,000 records/s per shard; with one try the 500 excess are throttled and lost."""
    r = k.simulate(k.KinesisConfig(shards=1, record_size_bytes=100, max_attempts=1, horizon_s=60), 1500.0)
    f = r.frame
    assert np.allclose(f["accepted_records"], 1000)
    assert np.allclose(f["throttled_records"], 500)
    assert np.allclose(f["lost_records"], 500)
    assert k.KinesisConfig(shards=1, record_size_bytes=100).binding_limit == "records"


def test_one_shard_300_records_of_5_kb_hits_the_byte_limit() -> None:
    """§2.1: 1 MiB/s per shard, keys included: 300 × (5,120 + 11) B > 1,048,576 B. Records are
    accepted whole: 1,048,576 / 5,131 = 204.4, so 204 a second (this test used to expect 204.4, a
    fraction of a record)."""
    cfg = k.KinesisConfig(shards=1, record_size_bytes=5_120, max_attempts=1, horizon_s=60)
    r = k.simulate(cfg, 300.0)
    assert cfg.binding_limit == "bytes"
    assert (r.frame["accepted_records"] == 204).all()
    assert (r.frame["throttled_records"] > 95).all()
    assert "1 MiB/s limit" in " ".join(r.events["message"])


def test_even_load_on_four_shards_fits_but_a_40pct_key_throttles_its_shard() -> None:
    """§2.1: 3,500 rec/s over 4 shards is 875 each; a key with 40 % puts 55 % on one shard."""
    even = k.simulate(k.KinesisConfig(shards=4, n_keys=100_000, horizon_s=60), 3500.0)
    assert even.frame["throttled_records"].sum() == 0
    hot = k.simulate(k.KinesisConfig(shards=4, n_keys=100_000, popularity="hot", hot_pct=40, horizon_s=60), 3500.0)
    by_shard = hot.extra["shard"].groupby("shard")["throttled_records"].sum()
    hot_shard = k.shard_for_key("user-000000", 4)
    assert by_shard[hot_shard] > 0
    assert by_shard.drop(hot_shard).sum() == 0
    msg = hot.events[hot.events["kind"] == "throttle"]["message"].iloc[0]
    assert f"shard {hot_shard} throttled" in msg and "key user-000000" in msg and "1,000 rec/s limit" in msg


def test_a_10_mib_record_is_accepted_whole_or_throttled_whole() -> None:
    """§2.1, §9 (docs large-records): AWS today takes records up to 10 MiB; the shard's 1 MiB/s is
    unchanged and a large record bursts past it, the shard's capacity refilling at 1 MiB/s.

    One record of 10 MiB (data + 11-byte key) a second, one try: the full bucket takes the first
    at t = 0; the next 10 MiB are back at t = 10 s. Over 60 s: 6 accepted (t = 0, 10 … 50), 54
    throttled and lost, each a whole record; the sustained rate is still 1 MiB/s."""
    mib10 = 10 * k.MIB
    cfg = k.KinesisConfig(rules="aws-today", shards=1, record_size_bytes=mib10 - 11, max_attempts=1, horizon_s=60)
    assert cfg.bytes_per_record == mib10
    f = k.simulate(cfg, 1.0).frame
    assert set(f["accepted_records"]) == {0.0, 1.0}
    assert f.loc[f["accepted_records"] == 1, "t_s"].tolist() == [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]
    assert f["lost_records"].sum() == 54 and set(f["throttled_records"]) == {0.0, 1.0}


def test_large_records_at_twice_the_shard_rate_alternate_whole() -> None:
    """§2.1 (large records) with the producer's tries: 4 MiB records every 2 s is 2 MiB/s, twice a
    shard's 1 MiB/s. The first (t = 1 s) drains the full 4 MiB; at t = 3 s only 2 MiB are back, so
    that record is throttled whole; at t = 5 s 4 MiB again. With one try, of 30 records 15 are
    accepted and 15 lost; with two tries (backoff 1 s) the throttled record comes back at t = 4 s with
    3 MiB available and is throttled again: still 15 accepted and 15 not (the last one's retry is
    due after the run, so it is still pending), no fraction accepted anywhere."""
    base = dict(rules="aws-today", shards=1, record_size_bytes=4 * k.MIB - 11, horizon_s=60)
    for tries in (1, 2):
        f = k.simulate(k.KinesisConfig(max_attempts=tries, **base), 0.5).frame
        assert f["produced_records"].sum() == 30
        assert f.loc[f["accepted_records"] == 1, "t_s"].tolist() == [1.0 + 4 * n for n in range(15)]
        assert f["lost_records"].sum() + f["pending_retries"].iloc[-1] == 15
        assert set(f["accepted_records"]) == {0.0, 1.0}


def test_the_log_totals_throttled_lost_and_expired_records() -> None:
    """Issue 11: the log reports every count the page shows. One shard, 1,500 rec/s of 100 B, one
    try, 60 s: 1,000 accepted and 500 throttled and lost each second: 60,000 of 90,000 accepted."""
    r = k.simulate(k.KinesisConfig(shards=1, record_size_bytes=100, max_attempts=1, horizon_s=60), 1500.0)
    line = r.events.loc[r.events["kind"] == "totals", "message"].tolist()
    assert line == [
        "Over the run: 60,000 of 90,000 records accepted (66.7 %); 30,000 writes throttled (tries included), "
        "30,000 records lost after the producer's last try, 0 expired unread"
    ]
    assert "totals" not in set(k.simulate(k.KinesisConfig(horizon_s=60), 1000.0).events["kind"])


def test_aggregation_gets_round_the_record_limit() -> None:
    """§2.1 (KPL): small records packed into ~50 KB Kinesis records stop counting one by one."""
    plain = k.simulate(k.KinesisConfig(shards=1, record_size_bytes=100, horizon_s=30), 3000.0)
    packed = k.simulate(k.KinesisConfig(shards=1, record_size_bytes=100, aggregation=True, horizon_s=30), 3000.0)
    assert plain.frame["throttled_records"].sum() > 0
    assert packed.frame["throttled_records"].sum() == 0


def test_retries_come_back_and_then_are_lost() -> None:
    """Producer retries add load later; after max_attempts a record is lost (issue 4)."""
    r = k.simulate(k.KinesisConfig(shards=1, max_attempts=3, retry_base_s=1, horizon_s=30), 1500.0)
    f = r.frame
    assert f["retried_records"].iloc[0] == 0 and f["retried_records"].iloc[1] == pytest.approx(500)
    assert f["lost_records"].iloc[:3].sum() == 0 and f["lost_records"].sum() > 0


# --- resharding (aws-facts §2.1, §9)


def test_a_split_halves_a_hot_shards_load() -> None:
    """§2.1 SplitShard: 1 shard into 2 at the midpoint; 100,000 uniform keys land about half-half."""
    r = k.simulate(
        k.KinesisConfig(shards=1, n_keys=100_000, splits_at_s=(10.0,), reshard_s=5, horizon_s=30, max_attempts=1),
        1800.0,
    )
    sh = r.extra["shard"]
    before = sh[sh["t_s"] < 10]
    after = sh[sh["t_s"] >= 20]
    assert set(after["shard"]) == {1, 2}
    assert np.allclose(before["incoming_records"], 1800)
    assert np.allclose(after.groupby("shard")["incoming_records"].mean(), 900, rtol=0.02)
    table = r.extra["shards"].set_index("shard")
    assert table.loc[0, "state"] == "CLOSED" and table.loc[1, "parents"] == "0"
    assert int(table.loc[1, "ending_hash_key"]) + 1 == int(table.loc[2, "starting_hash_key"]) == 2**127


def test_automatic_rule_merges_cold_neighbours() -> None:
    """Issue 4: the automatic rule merges two cold adjacent shards (MergeShards, §2.1)."""
    cfg = k.KinesisConfig(shards=8, auto_reshard=True, auto_low_pct=40, auto_cooldown_s=60, reshard_s=0, horizon_s=900)
    r = k.simulate(cfg, 400.0)
    assert r.frame["shards"].iloc[-1] < 8
    assert (r.events["kind"] == "merge").any()
    _check_conservation(r)


def test_merge_joins_adjacent_shards() -> None:
    """§2.1 MergeShards: two adjacent ranges become one."""
    r = k.simulate(k.KinesisConfig(shards=3, merges_at_s=(5.0,), reshard_s=0, horizon_s=20), 300.0)
    assert r.frame["shards"].iloc[-1] == 2
    child = r.extra["shards"].iloc[-1]
    assert child["parents"] in ("0, 1", "1, 2")


def test_update_shard_count_limits_by_edition() -> None:
    """§2.1/§9: ×½…×2 per call; 2 calls per 24 h in the course notes, 10 today."""
    plan = ((10.0, 8), (100.0, 16), (200.0, 32), (300.0, 64))
    course = k.simulate(k.KinesisConfig(shards=4, shard_count_at=plan, reshard_s=10, horizon_s=400), 100.0)
    today = k.simulate(k.KinesisConfig(rules="aws-today", shards=4, shard_count_at=plan, reshard_s=10, horizon_s=400), 100.0)  # fmt: skip
    assert course.frame["shards"].iloc[-1] == 16
    assert "2 calls already in the last 24 h" in " ".join(course.events["message"])
    assert today.frame["shards"].iloc[-1] == 64
    far = k.simulate(k.KinesisConfig(shards=4, shard_count_at=((5.0, 9),), horizon_s=60), 100.0)
    assert far.frame["shards"].iloc[-1] == 4
    assert "may go to 2–8" in " ".join(far.events["message"])


def test_quota_stops_the_automatic_rule() -> None:
    """§2.1/§9: the account's shard quota caps splits, with a message naming it."""
    cfg = k.KinesisConfig(shards=2, shard_quota=3, auto_reshard=True, auto_cooldown_s=0, reshard_s=0, horizon_s=600)
    r = k.simulate(cfg, 10_000.0)
    assert r.frame["shards"].max() == 3
    assert "shard quota of 3" in " ".join(r.events["message"])


def test_a_single_hot_key_cannot_be_split_away() -> None:
    """§2.1 on-demand note: a single partition key stays capped at 1,000 rec/s whatever the shards."""
    cfg = k.KinesisConfig(shards=1, n_keys=1, auto_reshard=True, horizon_s=300)
    r = k.simulate(cfg, 2000.0)
    assert "holds one key" in " ".join(r.events["message"])


def test_on_demand_absorbs_a_double_and_throttles_a_fast_quadruple() -> None:
    """§2.1/§10 on-demand: starts at 4 MB/s; splits shards above 500 KB/s within ~15 min."""
    cfg = k.KinesisConfig(rules="aws-today", capacity_mode="on-demand", n_keys=10_000, horizon_s=3600)
    grid = cfg.grid
    t = grid.t_s
    doubled = np.where(t < 600, 1_500.0, 3_000.0)
    assert k.simulate(cfg, doubled).frame["throttled_records"].sum() == 0
    r = k.simulate(cfg, np.where(t < 600, 1_500.0, 6_000.0))
    _check_conservation(r)
    assert r.frame["throttled_records"].sum() > 0
    assert r.frame["shards"].iloc[-1] > 4
    with pytest.raises(ValueError, match="AWS-today"):
        k.KinesisConfig(capacity_mode="on-demand")


# --- consumers and retention (aws-facts §2.1, §9)


def test_slow_consumer_loses_records_once_retention_passes() -> None:
    """§2.1: unread records expire after the retention period (24 h default).

    Reading 100 of 500 rec/s, the oldest unread record ages 0.8 s per second: it reaches 24 h
    after 30 h, and from then on records expire unread."""
    cfg = k.KinesisConfig(shards=1, consumer_rate=100, retention_h=24, horizon_s=2 * 86_400, dt_s=60)
    f = k.simulate(cfg, 500.0).frame
    before = f["t_s"] < 30 * 3600 - 120
    assert f.loc[before, "expired_records"].sum() == 0
    assert f.loc[f["t_s"] > 30 * 3600 + 120, "expired_records"].min() > 0
    assert f["iterator_age_s"].max() == pytest.approx(86_400, abs=120)


def test_closed_parent_stays_readable_until_retention_ends() -> None:
    """§2.1: after a split the parent is CLOSED (readable, no writes), EXPIRED after retention;
    consumers finish the parent before reading its children."""
    cfg = k.KinesisConfig(shards=1, consumer_rate=60, splits_at_s=(3_600.0,), reshard_s=60, horizon_s=2 * 86_400,
                          dt_s=60, n_keys=1_000)  # fmt: skip
    r = k.simulate(cfg, 100.0)
    table = r.extra["shards"].set_index("shard")
    assert table.loc[0, "state"] == "EXPIRED"
    assert "closed shard 0 expired" in " ".join(r.events["message"])
    f = r.frame
    after_close = f[(f["t_s"] > 3_800) & (f["t_s"] < 7_000)]
    assert (after_close["read_records"] > 0).all()  # the parent's backlog is still being read
    _check_conservation(r)


def test_shared_consumers_split_the_read_limit_and_fan_out_does_not() -> None:
    """§2.1: shared 2 MB/s per shard for all; enhanced fan-out 2 MB/s per consumer."""
    shared = k.KinesisConfig(consumers=4, consumer_rate=10_000, record_size_bytes=989)
    efo = k.KinesisConfig(consumers=4, consumer_rate=10_000, record_size_bytes=989, fan_out="enhanced")
    assert shared.read_records_per_s == pytest.approx(2 * 1_048_576 / 4 / 1_000)
    assert efo.read_records_per_s == pytest.approx(2 * 1_048_576 / 1_000)


def test_sequence_numbers_grow_per_shard_and_repeat_across_shards() -> None:
    """Course notes: sequence numbers can be duplicated across shards."""
    r = k.simulate(k.KinesisConfig(shards=4, horizon_s=120), 2000.0)
    s = r.extra["sequence_samples"]
    for _sh, g in s.groupby("shard"):
        assert list(g["sequence_number"].astype(int)) == sorted(g["sequence_number"].astype(int))
    dup = s[s["in_both_shards"]]
    assert dup["shard"].nunique() == 2 and dup["sequence_number"].nunique() == 1


# --- properties


def _check_conservation(r) -> None:  # type: ignore[no-untyped-def]
    f, dt = r.frame, r.config.dt_s
    produced = np.cumsum(f["produced_records"]) * dt
    accepted = np.cumsum(f["accepted_records"]) * dt
    lost = np.cumsum(f["lost_records"]) * dt
    scale = max(1.0, float(produced.iloc[-1]))
    assert np.allclose(produced, accepted + lost + f["pending_retries"], atol=1e-6 * scale)
    read = np.cumsum(f["read_records"]) * dt
    expired = np.cumsum(f["expired_records"]) * dt
    assert np.allclose(accepted, read + expired + f["unread_records"], atol=1e-6 * scale)
    cfg = r.config
    burst = np.floor(cfg.write_bucket_bytes / cfg.bytes_per_record + 1e-9) / dt  # a large record's burst
    cap = max(cfg.shard_write_records, burst)
    assert (r.extra["shard"]["accepted_records"] <= cap * (1 + 1e-6)).all()
    assert (f["iterator_age_s"] >= 0).all() and (f["unread_records"] >= -1e-6 * scale).all()


configs = st.builds(
    k.KinesisConfig,
    horizon_s=st.just(7_200.0),
    dt_s=st.sampled_from([1.0, 10.0, 60.0]),
    shards=st.integers(1, 12),
    record_size_bytes=st.integers(10, 20_000),
    n_keys=st.sampled_from([1, 5, 100, 1_000]),
    popularity=st.sampled_from(["uniform", "zipf", "hot"]),
    hot_pct=st.floats(0, 100),
    aggregation=st.booleans(),
    max_attempts=st.integers(1, 5),
    retry_base_s=st.floats(0.1, 10),
    splits_at_s=st.lists(st.floats(0, 7_000), max_size=2).map(tuple),
    merges_at_s=st.lists(st.floats(0, 7_000), max_size=2).map(tuple),
    auto_reshard=st.booleans(),
    auto_low_pct=st.sampled_from([0.0, 20.0]),
    consumers=st.integers(0, 6),
    fan_out=st.sampled_from(["shared", "enhanced"]),
    consumer_rate=st.floats(0, 5_000),
)


@given(cfg=configs, rate=st.floats(0, 20_000))
def test_records_are_conserved(cfg, rate) -> None:
    """accepted + lost + pending retries = produced; read + expired + unread = accepted, every step."""
    _check_conservation(k.simulate(cfg, rate))


def test_conservation_with_expiry_and_reshards() -> None:
    cfg = k.KinesisConfig(shards=3, consumer_rate=100, horizon_s=3 * 86_400, dt_s=300, auto_reshard=True,
                          auto_low_pct=30, popularity="zipf")  # fmt: skip
    _check_conservation(k.simulate(cfg, np.linspace(0, 6_000, cfg.grid.n_steps)))


@given(a=configs, b=configs, seed=st.integers(0, 100))
def test_batched_equals_one_by_one(a, b, seed) -> None:
    loads = [1_500.0, np.linspace(0, 9_000, a.grid.n_steps)]
    b = k.KinesisConfig(**{**b.__dict__, "dt_s": a.dt_s})
    batch = k.simulate_many([a, b], loads, seed=seed)
    for i, (cfg, load) in enumerate(zip([a, b], loads, strict=True)):
        got = batch.scenario(i)
        one = k.simulate(cfg, load, seed=seed)
        assert one.frame.equals(got.frame)
        assert one.extra["shard"].equals(got.extra["shard"])
        assert one.events["message"].tolist() == got.events["message"].tolist()


def test_same_seed_same_result() -> None:
    from engine.load import Constant, LoadTrace

    trace = LoadTrace((Constant(3_000.0),), noise=0.2)
    cfg = k.KinesisConfig(shards=3, popularity="zipf")
    a, b = k.simulate(cfg, trace, seed=3), k.simulate(cfg, trace, seed=3)
    assert a.frame.equals(b.frame) and a.extra["sequence_samples"].equals(b.extra["sequence_samples"])
    assert not a.frame.equals(k.simulate(cfg, trace, seed=4).frame)


# --- the public shape: Result always, summary, units


def test_simulate_many_returns_one_stacked_result() -> None:
    """Scenario i of simulate_many is simulate(config_i) exactly; summary=True keeps only the summary."""
    from engine.core import Result
    from engine.load import Constant, LoadTrace

    configs = [k.KinesisConfig(shards=n, horizon_s=300, auto_reshard=True, popularity="hot") for n in (1, 2, 4)]
    loads = [1_500.0, LoadTrace((Constant(3_000.0),), noise=0.2), np.linspace(0, 6_000, 300)]
    many = k.simulate_many(configs, loads, seed=4)
    assert isinstance(many, Result) and many.n_scenarios == 3 and many.config == configs
    for i, (cfg, load) in enumerate(zip(configs, loads, strict=True)):
        one, got = k.simulate(cfg, load, seed=4), many.scenario(i)
        assert one.frame.equals(got.frame)
        assert one.events.drop(columns="scenario").equals(got.events.drop(columns="scenario"))
        assert (got.events["scenario"] == i).all()
        for name, frame in one.extra.items():
            assert frame.equals(got.extra[name]), name
        assert one.summary.equals(got.summary)
    fast = k.simulate_many(configs, loads, seed=4, summary=True)
    assert fast.summary.equals(many.summary)
    assert list(fast.summary.columns) == ["scenario", *k.SUMMARY.names]
    assert fast.frame.empty and list(fast.frame.columns) == list(many.frame.columns)
    assert fast.events.empty
    for name, frame in fast.extra.items():
        assert frame.empty and list(frame.columns) == list(many.extra[name].columns), name
    single = k.simulate_many(configs[:1], loads[0])
    assert isinstance(single, Result) and len(single.summary) == 1


def test_summary_totals_match_the_frame() -> None:
    """The summary is the frame's totals (rate × dt summed) and extremes."""
    r = k.simulate(k.KinesisConfig(shards=1, max_attempts=1, horizon_s=60, dt_s=10), 1_500.0)
    s = r.summary.iloc[0]
    assert s.produced_records_total == pytest.approx(90_000)
    assert s.accepted_records_total == pytest.approx(60_000) and s.lost_records_total == pytest.approx(30_000)
    assert s.accepted_pct == pytest.approx(100 * 60_000 / 90_000)
    assert s.max_utilization_pct == pytest.approx(150) and s.max_shards == s.final_shards == 1


def test_units_cover_every_column() -> None:
    """Result.units gives the unit of every column of the frame, every extra frame and the summary."""
    r = k.simulate(k.KinesisConfig(horizon_s=60), 1_000.0)
    frames = [r.frame, r.summary, *r.extra.values()]
    assert all(c in r.units for f in frames for c in f.columns)
    assert r.units["incoming_records"] == "records/s" and r.units["max_iterator_age_s"] == "s"


def test_a_sweep_over_shard_counts() -> None:
    """engine.sweep runs the lab in chunks; each row is that config's own summary."""
    from engine.sweep import sweep

    base = k.KinesisConfig(horizon_s=120, max_attempts=1)
    table = sweep("kinesis", base, {"shards": [1, 2, 4]}, 2_500.0, chunk_size=2)
    assert table["shards"].tolist() == [1, 2, 4]
    one = k.simulate(k.KinesisConfig(horizon_s=120, max_attempts=1, shards=2), 2_500.0).summary
    assert table.iloc[1][one.columns].tolist() == one.iloc[0].tolist()
    assert table["lost_records_total"].tolist()[-1] == 0 < table["lost_records_total"].tolist()[0]

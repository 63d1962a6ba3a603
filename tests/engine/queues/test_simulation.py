"""SQS engine: the issue's hand-computed cases and properties (aws-facts.md §4, §1.6, §6, §9)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.queues import QueueConfig, simulate, simulate_many
from tests.engine.public_shape import check_simulate_many


def _conserved(f) -> np.ndarray:
    """sent (so far) - (deleted so far + visible + in flight + delayed + dead-lettered + expired)."""
    rhs = f["deleted"].cumsum() + f["visible"] + f["in_flight"] + f["delayed"] + f["dead_lettered"] + f["expired"]
    return (f["sent"].cumsum() - rhs).to_numpy()


def test_visibility_timeout_shorter_than_processing_duplicates() -> None:
    """§4: processing 40 s with a 30 s visibility timeout makes messages visible again -> duplicates;
    with 60 s none."""
    kw = dict(horizon_s=600, consumers=100, processing_s=40.0)
    short = simulate(QueueConfig(visibility_timeout_s=30, **kw), 1.0).frame
    long = simulate(QueueConfig(visibility_timeout_s=60, **kw), 1.0).frame
    assert short["duplicates"].sum() > 0
    assert long["duplicates"].sum() == 0
    assert long["deleted"].sum() > 0


def test_always_failing_message_is_dead_lettered_after_max_receive_count() -> None:
    """§4: after maxReceiveCount failed receives the message moves to the DLQ (one receive per timeout)."""
    load = np.zeros(600)
    load[0] = 1.0
    r = simulate(QueueConfig(horizon_s=600, consumers=1, processing_s=1, failure_rate=1.0, max_receive_count=3), load)
    f = r.frame
    assert f["dead_lettered"].iloc[-1] == 1
    assert f["received"].sum() == 3
    first = f.index[f["dead_lettered"] > 0][0]
    assert f["t_s"][first] == pytest.approx(3 * 30.0)
    assert (r.events["kind"] == "dead_letter").any()


def test_no_consumers_and_60s_retention_expire_everything() -> None:
    """§4: retention 60 s; nobody receives, so every message sent more than 60 s ago is gone."""
    f = simulate(QueueConfig(horizon_s=600, consumers=0, retention_s=60), 10.0).frame
    assert f["deleted"].sum() == 0
    assert f["expired"].iloc[-1] == f["sent"].sum() - f["visible"].iloc[-1]
    assert f["visible"].iloc[-1] <= 600
    assert f["oldest_age_s"].max() <= 60


def test_fifo_caps_at_300_per_second_without_batching() -> None:
    """§4: FIFO 300 messages/s per action without batching; 3,000 with batches of 10."""
    kw = dict(horizon_s=120, queue_type="fifo", consumers=2000, processing_s=0.01, threads=10, message_groups=1000)
    f = simulate(QueueConfig(**kw), 1000.0).frame
    assert f["sent"].max() == 300
    assert f["received"].max() <= 300
    assert f["send_throttled"].sum() == 120 * 700
    f10 = simulate(QueueConfig(batch_size=10, **kw), 5000.0).frame
    assert f10["sent"].max() == 3000


def test_fifo_poison_message_blocks_its_group_until_dead_lettered() -> None:
    """§4: FIFO keeps order per group; a message that always fails holds its group until the DLQ."""
    cfg = QueueConfig(
        horizon_s=1200,
        queue_type="fifo",
        consumers=20,
        processing_s=0.1,
        message_groups=4,
        poison_at_s=100,
        max_receive_count=5,
    )
    f = simulate(cfg, 20.0).frame
    assert f["dead_lettered"].iloc[-1] == 1
    assert f["visible"].max() > 500  # a quarter of 20 msg/s held for ~150 s
    assert f["oldest_age_s"].max() >= 140
    assert f["visible"].iloc[-1] < 5
    std = simulate(QueueConfig(**{**cfg.__dict__, "queue_type": "standard"}), 20.0).frame
    assert std["visible"].max() < 5  # a standard queue does not block behind it


def test_backlog_scaling_adds_consumers_and_depth_scaling_hits_max() -> None:
    """§4, §1.6: backlog per instance scales towards load; raw depth asks for far too many."""
    kw = dict(horizon_s=3600, consumers=2, min_consumers=2, max_consumers=40, processing_s=0.5)
    b = simulate(QueueConfig(scaling="backlog", acceptable_latency_s=60, **kw), 20.0)
    assert b.frame["consumers"].max() > 2
    assert (b.events["kind"] == "scale_out").any()
    d = simulate(QueueConfig(scaling="depth", depth_target=100, **kw), 20.0)
    assert d.frame["consumers"].max() == 40


def test_lambda_poller_rate_by_edition() -> None:
    """§6, §9: the SQS event source adds 60 pollers/min (course) vs 300/min (today), up to 1,000."""
    kw = dict(horizon_s=600, scaling="lambda", processing_s=10.0)
    c = simulate(QueueConfig(rules="course", **kw), 500.0).frame
    t = simulate(QueueConfig(rules="aws-today", **kw), 500.0).frame
    assert c["consumers"].iloc[59] == pytest.approx(5 + 60, abs=1)
    assert t["consumers"].iloc[59] == pytest.approx(5 + 300, abs=1)
    assert t["consumers"].max() <= 1000


def test_outage_is_absorbed_and_drained() -> None:
    """§4: with consumers down, messages wait (up to retention) and drain afterwards: none lost."""
    cfg = QueueConfig(horizon_s=7200, consumers=10, processing_s=0.1, outage_start_s=600, outage_s=1800)
    f = simulate(cfg, 50.0).frame
    assert f["visible"].max() >= 50 * 1800 - 100
    assert f["oldest_age_s"].max() >= 1790
    assert f["expired"].iloc[-1] == 0
    assert f["visible"].iloc[-1] < 100


cfgs = st.builds(
    QueueConfig,
    queue_type=st.sampled_from(["standard", "fifo"]),
    visibility_timeout_s=st.sampled_from([0.0, 5.0, 30.0]),
    retention_s=st.sampled_from([60.0, 300.0]),
    delay_s=st.sampled_from([0.0, 10.0]),
    max_receive_count=st.integers(1, 4),
    dlq=st.booleans(),
    processing_s=st.sampled_from([0.05, 1.0, 8.0]),
    processing_cv=st.sampled_from([0.0, 1.0]),
    failure_rate=st.sampled_from([0.0, 0.3, 1.0]),
    duplicate_rate=st.sampled_from([0.0, 0.05]),
    producer_retry_rate=st.sampled_from([0.0, 0.1]),
    poison_at_s=st.sampled_from([None, 20.0]),
    scaling=st.sampled_from(["fixed", "backlog", "depth", "lambda"]),
    consumers=st.integers(1, 5),
    max_consumers=st.just(8),
    outage_start_s=st.just(60.0),
    outage_s=st.sampled_from([0.0, 60.0]),
    slowdown_s=st.sampled_from([0.0, 100.0]),
    slowdown_factor=st.sampled_from([1.0, 5.0]),
    horizon_s=st.just(400.0),
)


@given(cfgs, st.floats(0, 40), st.integers(0, 3))
def test_messages_conserved_and_depth_never_negative(cfg, rate, seed) -> None:
    """Conservation at every step: sent = deleted + visible + in flight + delayed + DLQ + expired."""
    f = simulate(cfg, rate, seed=seed).frame
    assert np.all(_conserved(f) == 0)
    for col in ("visible", "in_flight", "delayed", "dead_lettered", "expired", "oldest_age_s", "consumers"):
        assert f[col].min() >= 0, col


@given(st.lists(cfgs, min_size=1, max_size=3), st.integers(0, 3))
def test_batched_equals_one_by_one_and_same_seed_same_result(configs, seed) -> None:
    loads = [5.0 + 3 * k for k in range(len(configs))]
    batch = simulate_many(configs, loads, seed=seed)
    for i, (cfg, ld) in enumerate(zip(configs, loads, strict=True)):
        one = simulate(cfg, ld, seed=seed)
        assert batch.scenario(i).frame.equals(one.frame)
        assert simulate(cfg, ld, seed=seed).frame.equals(one.frame)


def test_fifo_deduplicates_producer_retries_standard_delivers_them_twice() -> None:
    """§4: FIFO deduplicates within a 5-min window; a standard queue takes the retried send as a new
    message, so the consumer processes it twice."""
    kw = dict(horizon_s=600, consumers=20, producer_retry_rate=0.1)
    fifo = simulate(QueueConfig(queue_type="fifo", **kw), 10.0).frame
    std = simulate(QueueConfig(**kw), 10.0).frame
    assert fifo["deduplicated"].sum() > 0 and fifo["sent"].sum() == 6000
    assert std["deduplicated"].sum() == 0 and std["sent"].sum() > 6000
    assert std["duplicates"].sum() == std["sent"].sum() - 6000


def test_consumer_group_uses_the_shared_target_tracking_rules() -> None:
    """§1.6, §4: 3 of 3 one-minute datapoints above target, then ceil(in service x metric / target).
    Consumers stalled, 25 msg/s: datapoints at 60, 120, 180 s; at 180 s visible = 25 x 181 = 4,525,
    backlog/instance 452.5 vs target 10 s / 0.1 s = 100 -> ceil(10 x 4.525) = 46 consumers."""
    cfg = QueueConfig(
        horizon_s=400, scaling="backlog", consumers=10, min_consumers=1, max_consumers=100, processing_s=0.1,
        acceptable_latency_s=10, outage_start_s=0, outage_s=400, launch_s=120,
    )  # fmt: skip
    r = simulate(cfg, 25.0)
    first = r.events[r.events["kind"] == "scale_out"].iloc[0]
    assert first["t_s"] == 180
    assert "10 → 46" in first["message"]
    f = r.frame
    assert f["pending"][180] == 36 and f["consumers"][299] == 10 and f["consumers"][300] == 46  # 120 s launch


def test_simulate_many_returns_a_stacked_result_whose_scenarios_are_simulate() -> None:
    """The shared shape (scenario ``i`` is ``simulate(configs[i])``, ``summary=True`` the same
    summary, units for every column), on a redelivery run and a retention run; load in msg/s."""
    configs = [
        QueueConfig(horizon_s=600, consumers=100, processing_s=40.0),
        QueueConfig(horizon_s=600, consumers=0, retention_s=60),
    ]
    many = check_simulate_many(simulate, simulate_many, configs, 1.0, seed=2)
    assert many.units["load"] == "msg/s"
    assert many.summary["duplicates_total"].iloc[0] > 0 and many.summary["expired_total"].iloc[1] > 0


def test_an_empty_batch_is_an_empty_result_with_the_declared_columns() -> None:
    r = simulate_many([], 1.0)
    assert r.frame.empty and r.frame.columns[-1] == "scenario"
    assert r.summary.empty and r.summary.columns[0] == "scenario"


def test_a_sweep_over_the_visibility_timeout_gives_the_simulate_summaries() -> None:
    """engine.sweep runs the lab through simulate_many(summary=True): each row is that config's summary."""
    from engine.sweep import sweep

    base = QueueConfig(horizon_s=600, consumers=100, processing_s=40.0)
    rows = sweep("queues", base, {"visibility_timeout_s": [30.0, 60.0]}, 1.0, seed=1)
    assert rows["visibility_timeout_s"].tolist() == [30.0, 60.0]
    for i, vis in enumerate((30.0, 60.0)):
        one = simulate(QueueConfig(**{**base.__dict__, "visibility_timeout_s": vis}), 1.0, seed=1).summary
        assert rows.loc[i, one.columns].tolist() == one.iloc[0].tolist()
    assert rows["duplicates_total"].iloc[0] > 0 and rows["duplicates_total"].iloc[1] == 0

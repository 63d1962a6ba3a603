"""The compiled DynamoDB kernel called directly on tiny hand-made cases: outputs and event
payloads read by their layout names (aws-facts §3.1, §3.2)."""

from __future__ import annotations

import numpy as np

from engine.dynamodb.kernel import run_batch, run_one
from engine.dynamodb.layout import BUCKET, CAUSE, DIM, EV, KINDS, MAX_EVENTS, MAX_PARTITIONS, N_DIM, OUT, PAR
from engine.kernel.events import event_buffer
from engine.kernel.layout import pack

T = 6
BASE = {
    "on_demand": 0, "rcu": 1, "wcu": 999, "rcu_per_read": 1, "wcu_per_write": 1, "storage_gb": 0,
    "growth_gb_per_s": 0, "burst": 0, "adaptive": 0, "heat": 0, "autoscaling": 0, "target": 0.7,
    "min_rcu": 1, "max_rcu": 40_000, "min_wcu": 1, "max_wcu": 40_000, "delay_s": 0, "zero_hold": 1,
    "pin": 0, "gsi": 0, "gsi_wcu": 500, "gsi_autoscaling": 0, "gsi_target": 0.7, "gsi_min_wcu": 1,
    "gsi_max_wcu": 40_000, "dax": 0, "bucket_s": 3, "n_keys": 2,
}  # fmt: skip
HASHES = np.array([0.25, 0.75])  # two keys, half the traffic each
CUM = np.array([0.0, 0.5, 1.0])


def _run(writes: float, change_at: int | None = None, change_wcu: float = 0.0, **par: float):
    """One scenario of ``T`` seconds with ``writes`` writes/s and no reads."""
    p = pack(PAR, [{**BASE, **par}])[0]
    load = np.zeros((N_DIM, T))
    load[DIM.WCU] = writes
    change = np.full((N_DIM, T), np.nan)
    if change_at is not None:
        change[DIM.RCU, change_at], change[DIM.WCU, change_at] = BASE["rcu"], change_wcu
    out = np.zeros((len(OUT), T))
    buckets = np.zeros((len(BUCKET), 2, MAX_PARTITIONS))
    ev, _ = event_buffer(1, MAX_EVENTS)
    n = run_one(p, load, change, HASHES, CUM, np.zeros((2, 3)), np.array([0.0, 1.0]), out, buckets, ev[0])
    return out, buckets, list(KINDS.decode(ev[0], n))


def test_one_partition_serves_what_fits() -> None:
    """1 RCU + 999 WCU: ceil(1/3000 + 999/1000) = 1 partition; 600 writes/s fit."""
    out, buckets, events = _run(600.0)
    assert (out[OUT.PARTITIONS] == 1).all()
    assert (out[OUT.PROVISIONED_WCU] == 999).all() and (out[OUT.CONSUMED_WCU] == 600).all()
    assert (out[OUT.WRITE_REQUESTS] == 600).all() and (out[OUT.THROTTLED_WRITES] == 0).all()
    assert buckets[BUCKET.WRITE_DEMAND, 0, 0] == 3 * 600  # a bucket sums its 3 seconds
    assert events == []


def test_over_capacity_throttles_and_names_the_cause() -> None:
    """1,500 writes/s against 999 WCU (no burst): 501/s throttled; the burst's event says the
    table as a whole is over capacity, and the run ends still throttling."""
    out, _, events = _run(1500.0)
    assert (out[OUT.THROTTLED_WRITES] == 501).all() and (out[OUT.CONSUMED_WCU] == 999).all()
    first, last = events[0], events[-1]
    assert first.kind == EV.THROTTLE and first["cause"] == CAUSE.TABLE and first["dimension"] == DIM.WCU
    assert first["demand"] == 1500 and first["share"] == 999
    assert last.kind == EV.THROTTLE_END and last["at_end"] == 1 and last["throttled"] == 501 * T


def test_raising_wcu_splits_the_fullest_partition_at_its_key_median() -> None:
    """UpdateTable to 2,999 WCU at t=2 (no delay): ceil(1/3000 + 2.999) = 3 partitions; the one
    partition splits between its two keys (0.5); then neither half holds two keys, so the first of
    the two equal ranges splits at its middle (0.25), and the key at 0.25 goes right. Each single
    key's half (1,499.5 WCU) is over the 1,000 WCU ceiling, but one key cannot split further."""
    out, _, events = _run(900.0, change_at=2, change_wcu=2999.0)
    assert out[OUT.PARTITIONS].tolist() == [1, 1, 3, 3, 3, 3]
    assert [e.kind for e in events[:4]] == [EV.MANUAL, EV.DONE, EV.SPLIT, EV.SPLIT]
    manual = events[0]
    assert (manual["dimension"], manual["frm"], manual["to"], manual["delay_s"]) == (DIM.WCU, 999, 2999, 0)
    split = events[2]
    assert split.t == 2 and (split["slot"], split["new_slot"], split["why"], split["needed"]) == (0, 1, 0, 3)
    assert split["share"] == 1.0 and events[3]["share"] == 0.5
    assert (split["rcu"], split["wcu"]) == (1, 2999)
    assert (events[3]["slot"], events[3]["new_slot"]) == (0, 2)
    # each key holds half the capacity (capped at the 1,000 WCU ceiling): 450 writes/s each fit
    assert out[OUT.THROTTLED_WRITES, 2:].max() == 0
    assert len(events) == 4


def test_batch_gives_each_scenario_its_own_event_count() -> None:
    par = pack(PAR, [BASE, {**BASE, "wcu": 100}])
    load = np.zeros((2, N_DIM, T))
    load[:, DIM.WCU] = 600.0
    out = np.zeros((2, len(OUT), T))
    ev, counts = event_buffer(2, MAX_EVENTS)
    run_batch(par, load, np.full((2, N_DIM, T), np.nan), np.stack([HASHES] * 2), np.stack([CUM] * 2),
              np.zeros((2, 2, 3)), np.array([0.0, 1.0]), out, np.zeros((2, len(BUCKET), 2, MAX_PARTITIONS)), ev,
              counts)  # fmt: skip
    assert counts.tolist() == [0, 2]  # the 100-WCU table throttles: a burst and its end
    assert (out[1, OUT.THROTTLED_WRITES] == 500).all()

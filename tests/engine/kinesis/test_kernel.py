"""The compiled Kinesis kernel on tiny hand-made arrays: named outputs and named event payloads.

Cases are small enough to compute by hand from the per-shard limits of aws-facts §2.1.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.core import EventLog
from engine.kernel.events import event_buffer, write_log
from engine.kernel.layout import pack
from engine.kinesis import KinesisConfig
from engine.kinesis.hashing import key_set
from engine.kinesis.kernel import run_batch
from engine.kinesis.layout import ACT, BY, EMPTY, EV, HASH, KINDS, OUT, RESHARD, SHARD, STATE, P
from engine.kinesis.run import params

M = 4  # shard ids the tiny tables hold


def tiny(rate: float, steps: int, *, attempts: int = 1, split_at: int | None = None, cap: int = 64, **slots):  # type: ignore[no-untyped-def]
    """One scenario: one shard over two keys of equal weight, dt 1 s, ``rate`` records/s.

    ``slots`` override parameters by slot name (``record_cap=1000``). Returns the kernel's arrays.
    """
    p = params(KinesisConfig(shards=1, max_attempts=attempts, reshard_s=0, consumers=0))[None, :]
    p[0, P.MAX_SHARDS] = M
    for name, value in slots.items():
        p[0, getattr(P, name.upper())] = value
    ks = key_set(2)
    arrays = {
        "rate": np.full((1, steps), float(rate)),
        "khi": ks.hi[None, :].copy(),
        "klo": ks.lo[None, :].copy(),
        "cumw": np.array([[0.0, 0.5, 1.0]]),
        "nk": np.array([2]),
        "p": p,
        "init_hi": np.zeros((1, M), np.uint64),
        "init_lo": np.zeros((1, M), np.uint64),
        "n0": np.array([1]),
        "act": np.full((1, 1, len(ACT)), EMPTY, np.int64),
        "ub_hi": np.zeros((1, 1), np.uint64),
        "ub_lo": np.zeros((1, 1), np.uint64),
        "dsteps": np.ones((1, 11), np.int64),
        "sh_inc": np.zeros((1, steps, M), np.float32),
        "sh_acc": np.zeros((1, steps, M), np.float32),
        "sh_thr": np.zeros((1, steps, M), np.float32),
        "out": np.zeros((1, steps, len(OUT))),
        "meta": np.zeros((1, M, len(SHARD)), np.int64),
        "hashes": np.zeros((1, M, len(HASH)), np.uint64),
    }
    arrays["ev"], arrays["n_ev"] = event_buffer(1, cap)
    arrays["nsh"] = np.zeros(1, np.int64)
    arrays["pend"] = np.zeros((1, M, attempts + 1, 2))
    arrays["ring"] = np.zeros((1, M, steps + 1))
    if split_at is not None:
        arrays["act"][0] = pack(ACT, [{"step": split_at, "kind": RESHARD.SPLIT, "shards": 0, "offset": 0}], np.int64)
    run_batch(*arrays.values())
    return arrays


def test_writes_over_the_record_limit_are_throttled_and_lost_after_one_try() -> None:
    """§2.1: 1,000 records/s per shard; 1,500/s with one try: 1,000 accepted, 500 throttled and lost."""
    a = tiny(1500, 3, record_cap=1000, byte_cap=1e12)
    out = a["out"][0]
    assert out[:, OUT.ACCEPTED_RECORDS].tolist() == [1000.0] * 3
    assert out[:, OUT.THROTTLED_RECORDS].tolist() == [500.0] * 3
    assert out[:, OUT.LOST_RECORDS].tolist() == [500.0] * 3
    assert out[0, OUT.SHARDS] == 1 and out[0, OUT.WRITE_CAPACITY_RECORDS] == 1000
    assert out[0, OUT.MAX_UTILIZATION_PCT] == pytest.approx(150)
    meta = a["meta"][0, 0]
    assert (meta[SHARD.STATE], meta[SHARD.KEY_START], meta[SHARD.KEY_END]) == (STATE.OPEN, 0, 2)
    assert (meta[SHARD.PARENT], meta[SHARD.CLOSED]) == (EMPTY, EMPTY)
    assert a["n_ev"][0] == 0 and a["nsh"][0] == 1


def test_the_byte_limit_binds_when_it_is_tighter() -> None:
    """§2.1: 1 MiB/s per shard: at 2,048 bytes per record a shard takes 512 records/s."""
    a = tiny(600, 2, record_cap=1000, byte_cap=1_048_576, bytes_per_record=2_048)
    assert a["out"][0, :, OUT.ACCEPTED_RECORDS].tolist() == [512.0, 512.0]
    assert a["sh_thr"][0, :, 0].tolist() == [88.0, 88.0]


def test_a_throttled_record_retries_once_then_is_lost() -> None:
    """Two tries, backoff one step: step 0 throttles 500 (retried at step 1); step 1 takes 2,000,
    accepts 1,000 and throttles half of each part: 750 new records wait, 250 retries are lost."""
    out = tiny(1500, 2, attempts=2, record_cap=1000, byte_cap=1e12)["out"][0]
    assert out[1, OUT.RETRIED_RECORDS] == 500
    assert out[1, OUT.THROTTLED_RECORDS] == 1000
    assert out[1, OUT.LOST_RECORDS] == 250
    assert out[1, OUT.PENDING_RETRIES] == 750


def test_a_scheduled_split_opens_two_children_over_the_two_halves() -> None:
    """§2.1 SplitShard: the parent closes (readable), its children split the range at 2¹²⁷."""
    a = tiny(100, 6, split_at=1, reshard_steps=1)
    events = list(KINDS.decode(a["ev"][0], a["n_ev"][0]))
    start, done = events
    assert (start.kind, start.t, start["shard"], start["by"], start["duration_s"]) == (
        EV.SPLIT_START,
        1,
        0,
        BY.SCHEDULE,
        1,
    )
    assert start["utilization_pct"] == pytest.approx(10.0)
    assert (done.kind, done.t, done["shard"], done["child"], done["child2"]) == (EV.SPLIT_DONE, 3, 0, 1, 2)
    meta, hashes = a["meta"][0], a["hashes"][0]
    assert (meta[0, SHARD.STATE], meta[0, SHARD.CLOSED]) == (STATE.CLOSED, 3)
    assert meta[1, SHARD.PARENT] == meta[2, SHARD.PARENT] == 0 and meta[1, SHARD.OPENED] == 3
    end1 = (int(hashes[1, HASH.END_HI]) << 64) | int(hashes[1, HASH.END_LO])
    start2 = (int(hashes[2, HASH.START_HI]) << 64) | int(hashes[2, HASH.START_LO])
    assert end1 + 1 == start2 == 2**127
    assert a["out"][0, 3, OUT.SHARDS] == 2 and a["nsh"][0] == 3


def test_a_split_past_the_shard_table_is_skipped_with_an_event() -> None:
    """A scenario's own table size (P.MAX_SHARDS) decides, not the batch's padded arrays."""
    a = tiny(100, 6, split_at=1, reshard_steps=0, max_shards=2)
    kinds = [(e.kind, dict(e.values)) for e in KINDS.decode(a["ev"][0], a["n_ev"][0])]
    assert kinds[-1] == (EV.TABLE_FULL, {"shard": 0.0, "max_shards": 2.0})
    assert a["nsh"][0] == 1


def test_events_past_the_buffer_are_counted_and_reported() -> None:
    """The kernel keeps counting past its event buffer; the log then says how many were dropped."""
    a = tiny(100, 6, split_at=1, reshard_steps=0, cap=1)
    assert a["n_ev"][0] == 2
    log = EventLog()
    write_log(log, KINDS, a["ev"][0], a["n_ev"][0], dt_s=1.0, explain=lambda e: e.tag)
    assert log.frame()["kind"].tolist() == ["split", "truncated"]


@pytest.mark.parametrize(
    ("rate", "bytes_per_record", "splits"),
    [
        (52, 10_011, True),  # 52 x 10,011 = 520,572 B/s > 500 KiB/s (512,000 B/s)
        (51, 10_011, False),  # 510,561 B/s < 512,000 B/s, and far under 500 rec/s
        (501, 100, True),  # 50,100 B/s, but 501 rec/s > 500 rec/s (half the record limit)
        (499, 100, False),
    ],
)
def test_on_demand_splits_a_shard_above_500_kb_or_500_records_a_second(rate, bytes_per_record, splits) -> None:
    """§2.1 on-demand: a shard seeing more than 500 KB/s is split (after the lag; 2 steps here).
    The old rule, 50 % of the binding limit, would not split at 52 x 10,011 B: 50 % of
    1,048,576 / 10,011 = 104.7 rec/s is 52.4 rec/s; the documented 500 KB/s does."""
    a = tiny(rate, 4, on_demand=1, od_lag_steps=2, reshard_steps=1, bytes_per_record=bytes_per_record)
    starts = [e for e in KINDS.decode(a["ev"][0], a["n_ev"][0]) if e.kind == EV.SPLIT_START]
    assert bool(starts) is splits
    if splits:
        assert (starts[0].t, starts[0]["by"]) == (1, BY.ON_DEMAND)

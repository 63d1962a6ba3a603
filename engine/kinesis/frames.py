"""Kinesis result frames: their schemas, and how each is built from the kernel's named outputs.

* :data:`FRAME`: one row per step (stream totals);
* :data:`SHARD_FRAME` (``extra["shard"]``): one row per open or closed shard per step;
* :data:`SHARD_TABLE` (``extra["shards"]``): every shard of the run, its exact hash range and keys;
* :data:`SEQUENCE_SAMPLES` (``extra["sequence_samples"]``): a few records of two busy shards;
* :data:`KEY_GROUPS` (``extra["key_groups"]``): accepted records/s of the top keys, per step;
* :data:`SUMMARY`: the whole run in one row.

Sequence numbers are a teaching model (aws-facts §2.1, course notes): each shard counts its own
records, so numbers grow within a shard and the same number appears in two shards; real ones
are 56-digit strings that also grow over time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from engine.core import Column, Schema
from engine.kernel.layout import columns
from engine.kinesis.hashing import HASH_SPACE, key_name, top_key
from engine.kinesis.layout import HASH, OUT, SHARD, STATE

__all__ = [
    "FRAME",
    "KEY_GROUPS",
    "SCHEMAS",
    "SEQUENCE_SAMPLES",
    "SHARD_FRAME",
    "SHARD_TABLE",
    "SUMMARY",
    "UNITS",
    "key_groups",
    "sequence_samples",
    "shard_frame",
    "shard_table",
    "stream_columns",
    "stream_frame",
    "summary",
    "summary_row",
]

FRAME = Schema(
    Column("t_s", "s", "start of the step"),
    Column("produced_records", "records/s", "new records the producers send"),
    Column("retried_records", "records/s", "throttled records sent again after backoff"),
    Column("incoming_records", "records/s", "new plus retried records reaching the stream"),
    Column("accepted_records", "records/s", "records written to a shard"),
    Column("throttled_records", "records/s", "records refused (ProvisionedThroughputExceeded)"),
    Column("lost_records", "records/s", "records dropped after the producer's last try"),
    Column("pending_retries", "records", "throttled records waiting for their next try"),
    Column("shards", "shards", "open shards"),
    Column("write_capacity_records", "records/s", "write limit of the open shards at this record size"),
    Column("max_utilization_pct", "%", "busiest shard's incoming load as a share of its write limit"),
    Column("read_records", "records/s", "records the consumer read"),
    Column("expired_records", "records/s", "records that reached the retention period unread"),
    Column("unread_records", "records", "accepted records not yet read (in open and closed shards)"),
    Column("iterator_age_s", "s", "age of the oldest unread record (GetRecords.IteratorAgeMilliseconds)"),
)
SHARD_FRAME = Schema(
    Column("t_s", "s", "start of the step"),
    Column("shard", "", "shard id (shardId-00000000000N)"),
    Column("incoming_records", "records/s", "records sent to the shard"),
    Column("incoming_bytes", "bytes/s", "bytes sent to the shard, partition keys included"),
    Column("accepted_records", "records/s", "records written"),
    Column("throttled_records", "records/s", "records refused"),
    Column("utilization_pct", "%", "incoming load as a share of the shard's write limit"),
)
SHARD_TABLE = Schema(
    Column("shard", "", "shard id"),
    Column("state", "", "OPEN, CLOSED (readable, no writes) or EXPIRED at the end of the run"),
    Column("starting_hash_key", "", "first 128-bit hash of the range (decimal, as the API shows it)"),
    Column("ending_hash_key", "", "last 128-bit hash of the range"),
    Column("range_start_frac", "fraction", "start of the range as a fraction of the hash space"),
    Column("range_end_frac", "fraction", "end of the range as a fraction of the hash space"),
    Column("keys", "keys", "partition keys hashing into the range"),
    Column("traffic_pct", "%", "share of the producers' traffic those keys carry"),
    Column("top_key", "", "the range's most popular key"),
    Column("top_key_pct", "%", "its share of the range's traffic"),
    Column("opened_s", "s", "when the shard opened"),
    Column("closed_s", "s", "when it closed (NaN: still open)"),
    Column("parents", "", "the shard ids it was split or merged from"),
)
SEQUENCE_SAMPLES = Schema(
    Column("t_s", "s", "when the record was written"),
    Column("shard", "", "shard id"),
    Column("partition_key", "", "the record's partition key"),
    Column("sequence_number", "", "its sequence number within the shard (teaching model)"),
    Column("in_both_shards", "", "True for the number that appears in both shards"),
)
KEY_GROUPS = Schema(
    Column("t_s", "s", "start of the step"),
    Column("key_group", "", "one of the most popular keys, or 'other keys'"),
    Column("records", "records/s", "accepted records of the group"),
)
SUMMARY = Schema(
    Column("produced_records_total", "records", "new records the producers sent"),
    Column("accepted_records_total", "records", "records written to a shard (retries included)"),
    Column("accepted_pct", "%", "accepted as a share of produced (0 when nothing was produced)"),
    Column("throttled_records_total", "records", "refused writes, retries included"),
    Column("lost_records_total", "records", "records dropped after the producer's last try"),
    Column("expired_records_total", "records", "records removed by retention before a read"),
    Column("max_utilization_pct", "%", "the busiest shard's peak incoming load ÷ its write limit"),
    Column("max_iterator_age_s", "s", "how far the consumer fell behind at worst"),
    Column("max_shards", "shards", "most shards open at once"),
    Column("final_shards", "shards", "shards open at the end"),
)
SCHEMAS = {"frame": FRAME, "shard": SHARD_FRAME, "shards": SHARD_TABLE, "sequence_samples": SEQUENCE_SAMPLES,
           "key_groups": KEY_GROUPS, "summary": SUMMARY}  # fmt: skip
"""Every schema of a stream Result, by where it appears (``extra`` keys for the long frames)."""


def _units() -> dict[str, str]:
    units: dict[str, str] = {}
    for schema in SCHEMAS.values():
        for name, unit in schema.units().items():
            if units.setdefault(name, unit) != unit:
                raise ValueError(f"column {name} has two units: {units[name]!r} and {unit!r}")
    return units


UNITS = _units()
"""The unit of every column of every frame a stream Result holds."""

_PER_STEP = ("produced_records", "retried_records", "accepted_records", "throttled_records", "lost_records",
             "read_records", "expired_records")  # fmt: skip
"""Output slots counted per step: the frame shows them per second."""


def stream_columns(cfg: Any, t: np.ndarray, out: np.ndarray) -> dict[str, np.ndarray]:
    """:data:`FRAME`'s columns from one scenario's outputs ``out[t, OUT.*]`` (what a sweep's
    summary reads without building the frame)."""
    dt = cfg.dt_s
    col = columns(out, OUT, axis=1)
    data = {name: (col[name] / dt if name in _PER_STEP else col[name]) for name in col}
    data["incoming_records"] = (col["produced_records"] + col["retried_records"]) / dt
    data["shards"] = col["shards"].astype(np.int64)
    return {"t_s": t, **data}


def stream_frame(cfg: Any, t: np.ndarray, out: np.ndarray) -> pd.DataFrame:
    """:data:`FRAME` from one scenario's outputs ``out[t, OUT.*]``."""
    return FRAME.frame(stream_columns(cfg, t, out))


def shard_frame(cfg: Any, t: np.ndarray, inc: np.ndarray, acc: np.ndarray, thr: np.ndarray,
                meta: np.ndarray) -> pd.DataFrame:  # fmt: skip
    """:data:`SHARD_FRAME`: every shard's rows while it is open or closed (``inc``/``acc``/``thr``:
    records/s per step and shard id)."""
    n_steps = inc.shape[0]
    closed = np.where(meta[:, SHARD.CLOSED] >= 0, meta[:, SHARD.CLOSED], n_steps)
    steps = np.arange(n_steps)[:, None]
    mask = (steps >= meta[None, :, SHARD.OPENED]) & (steps < closed[None, :])
    # boolean indexing walks the (step, shard) grid row-major: rows by step, then by shard id
    ids = np.broadcast_to(np.arange(inc.shape[1], dtype=np.int32), mask.shape)
    inc_s = inc[mask]  # float32 per shard and step: a long frame can hold millions of rows
    return SHARD_FRAME.frame(
        {
            "t_s": np.broadcast_to(t[:, None], mask.shape)[mask],
            "shard": ids[mask],
            "incoming_records": inc_s,
            "incoming_bytes": inc_s * np.float32(cfg.bytes_per_record),
            "accepted_records": acc[mask],
            "throttled_records": thr[mask],
            "utilization_pct": inc_s * np.float32(100.0 / cfg.shard_write_records),
        }
    )


def _exact(hi: int, lo: int) -> int:
    return (int(hi) << 64) | int(lo)


def shard_table(cfg: Any, meta: np.ndarray, hashes: np.ndarray, ks: Any, w_sorted: np.ndarray) -> pd.DataFrame:
    """:data:`SHARD_TABLE`: every shard of the run, its state, exact hash range, keys and parents."""
    states = {STATE.OPEN: "OPEN", STATE.CLOSED: "CLOSED", STATE.EXPIRED: "EXPIRED"}
    dt = cfg.dt_s
    rows = []
    for i in range(len(meta)):
        p0, p1 = int(meta[i, SHARD.KEY_START]), int(meta[i, SHARD.KEY_END])
        parents = [int(x) for x in meta[i, [SHARD.PARENT, SHARD.PARENT2]] if x >= 0]
        key, share = top_key(ks, w_sorted, p0, p1)
        start = _exact(hashes[i, HASH.START_HI], hashes[i, HASH.START_LO])
        end = _exact(hashes[i, HASH.END_HI], hashes[i, HASH.END_LO])
        rows.append(
            {
                "shard": i,
                "state": states.get(int(meta[i, SHARD.STATE]), "?"),
                "starting_hash_key": str(start),
                "ending_hash_key": str(end),
                "range_start_frac": start / HASH_SPACE,
                "range_end_frac": (end + 1) / HASH_SPACE,
                "keys": p1 - p0,
                "traffic_pct": 100.0 * float(w_sorted[p0:p1].sum()),
                "top_key": key,
                "top_key_pct": 100.0 * share,
                "opened_s": meta[i, SHARD.OPENED] * dt,
                "closed_s": meta[i, SHARD.CLOSED] * dt if meta[i, SHARD.CLOSED] >= 0 else np.nan,
                "parents": ", ".join(map(str, parents)),
            }
        )
    return pd.DataFrame(rows, columns=SHARD_TABLE.names)


def sequence_samples(cfg: Any, acc: np.ndarray, meta: np.ndarray, ks: Any, w_sorted: np.ndarray,
                     rng: np.random.Generator) -> pd.DataFrame:  # fmt: skip
    """:data:`SEQUENCE_SAMPLES`: numbers grow within a shard, and one repeats across the two."""
    dt = cfg.dt_s
    counts = np.cumsum(acc.astype(np.float64) * dt, axis=0)
    busiest = [int(i) for i in np.argsort(-counts[-1])[:2] if counts[-1, i] >= 1]
    rows = []
    base = 49_600_000_000
    if len(busiest) == 2:
        shared = int(min(counts[-1, busiest[0]], counts[-1, busiest[1]]) // 2)
    for sh in busiest:
        p0, p1 = int(meta[sh, SHARD.KEY_START]), int(meta[sh, SHARD.KEY_END])
        seg = w_sorted[p0:p1]
        total = counts[-1, sh]
        picks = sorted({*np.linspace(1, total, 4).astype(np.int64).tolist(), *([shared] if len(busiest) == 2 else [])})
        for n in picks:
            step = int(np.searchsorted(counts[:, sh], n))
            j = p0 + int(rng.choice(len(seg), p=seg / seg.sum())) if seg.sum() > 0 else p0
            rows.append(
                {
                    "t_s": min(step, len(counts) - 1) * dt,
                    "shard": sh,
                    "partition_key": key_name(int(ks.order[j]), ks.prefix),
                    "sequence_number": str(base + int(n)),
                    "in_both_shards": len(busiest) == 2 and n == shared,
                }
            )
    return pd.DataFrame(rows, columns=SEQUENCE_SAMPLES.names)


def key_groups(cfg: Any, acc: np.ndarray, meta: np.ndarray, ks: Any, w_sorted: np.ndarray, t: np.ndarray,
               top: int = 3) -> pd.DataFrame:  # fmt: skip
    """:data:`KEY_GROUPS`: accepted records/s per key group (the ``top`` keys by popularity, then
    "other keys"), per step. A shard's accepted records are shared among its keys in proportion
    to their popularity."""
    weights = cfg.weights()
    top_idx = list(np.argsort(-weights, kind="stable")[: min(top, len(weights) - 1)])
    names = [key_name(int(i), ks.prefix) for i in top_idx] + ["other keys"]
    group_of = np.full(ks.n, len(top_idx))
    for g, i in enumerate(top_idx):
        group_of[int(i)] = g
    g_sorted = group_of[ks.order]
    frac = np.zeros((len(meta), len(names)))
    for i in range(len(meta)):
        p0, p1 = int(meta[i, SHARD.KEY_START]), int(meta[i, SHARD.KEY_END])
        tot = float(w_sorted[p0:p1].sum())
        if tot > 0:
            frac[i] = np.bincount(g_sorted[p0:p1], weights=w_sorted[p0:p1], minlength=len(names)) / tot
    per_group = acc.astype(np.float64) @ frac
    n = len(t)
    return KEY_GROUPS.frame(
        {
            "t_s": np.repeat(t, len(names)),
            "key_group": pd.Categorical.from_codes(np.tile(np.arange(len(names)), n), categories=names),
            "records": per_group.reshape(-1),
        }
    )


def summary_row(cfg: Any, frame: Mapping[str, Any]) -> dict[str, float | int]:
    """:data:`SUMMARY`'s figures of one run, from its :data:`FRAME` or the frame's columns
    (:func:`stream_columns`); totals are rate × ``dt_s`` summed. Missing values are skipped, as
    the frame's own ``sum`` and ``max`` skip them."""
    dt = cfg.dt_s

    def total(column: str) -> float:
        return float(np.nansum(np.asarray(frame[column])) * dt)

    def top(column: str) -> float:
        return float(np.nanmax(np.asarray(frame[column])))

    produced, accepted = total("produced_records"), total("accepted_records")
    shards = np.asarray(frame["shards"])
    return {
        "produced_records_total": produced,
        "accepted_records_total": accepted,
        "accepted_pct": 100.0 * accepted / produced if produced else 0.0,
        "throttled_records_total": total("throttled_records"),
        "lost_records_total": total("lost_records"),
        "expired_records_total": total("expired_records"),
        "max_utilization_pct": top("max_utilization_pct"),
        "max_iterator_age_s": top("iterator_age_s"),
        "max_shards": int(shards.max()),
        "final_shards": int(shards[-1]),
    }


def summary(cfg: Any, frame: Mapping[str, Any]) -> pd.DataFrame:
    """:data:`SUMMARY` of one run (one row), from its :data:`FRAME` or the frame's columns."""
    return SUMMARY.frame({name: [value] for name, value in summary_row(cfg, frame).items()})

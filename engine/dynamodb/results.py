"""What a DynamoDB run returns: the per-second frame, the per-partition long frame and the
whole-run summary, built from the kernel's outputs by slot name (:mod:`engine.dynamodb.layout`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from engine.core import Column, Schema
from engine.dynamodb.capacity import ON_DEMAND_PEAK_FACTOR, PRICES
from engine.dynamodb.config import DynamoConfig
from engine.dynamodb.dax import DAX_HIT_MS, TABLE_READ_MS
from engine.dynamodb.layout import BUCKET, BUCKET_SUMS, MAX_PARTITIONS, OUT
from engine.kernel.layout import columns

__all__ = [
    "PARTITION_SCHEMA",
    "SCHEMA",
    "SUMMARY",
    "UNITS",
    "partition_frame",
    "step_columns",
    "summary_frame",
]

_ON_DEMAND_LIMIT = f"{ON_DEMAND_PEAK_FACTOR:g}× previous-peak limit"
SCHEMA = Schema(
    Column("t_s", "s", "seconds from the start (00:00 UTC of day 1)"),
    Column("provisioned_rcu", "RCU", f"provisioned read capacity (on-demand: the {_ON_DEMAND_LIMIT})"),
    Column("provisioned_wcu", "WCU", f"provisioned write capacity (on-demand: the {_ON_DEMAND_LIMIT})"),
    Column("consumed_rcu", "RCU", "read capacity consumed by served reads"),
    Column("consumed_wcu", "WCU", "write capacity consumed by served writes"),
    Column("read_requests", "req/s", "reads offered (DAX included, trickle included)"),
    Column("write_requests", "req/s", "writes offered"),
    Column("dax_hits", "req/s", "reads answered by the DAX item cache (no RCU)"),
    Column("served_reads", "req/s", "reads served by the table"),
    Column("served_writes", "req/s", "writes served"),
    Column("throttled_reads", "req/s", "reads throttled"),
    Column("throttled_writes", "req/s", "writes throttled (partition or GSI)"),
    Column("gsi_throttled_writes", "req/s", "writes throttled because the GSI lacked write capacity"),
    Column("gsi_provisioned_wcu", "WCU", "the GSI's provisioned write capacity (0 without a GSI)"),
    Column("gsi_consumed_wcu", "WCU", "write capacity the GSI consumed (every served write writes the index)"),
    Column("partitions", "partitions", "partition count (splits only, never merges)"),
    Column("storage_gb", "GB", "data stored"),
    Column("read_latency_ms", "ms", "mean read latency (illustrative: DAX µs, table ms)"),
    Column("cost_provisioned_usd", "USD", "cumulative cost of provisioned capacity-hours (illustrative)"),
    Column("cost_on_demand_usd", "USD", "cumulative cost of the same requests on demand (illustrative)"),
)
PARTITION_SCHEMA = Schema(
    Column("t_s", "s", "start of the bucket"),
    Column("partition", "", "partition slot (splits keep the left half in the old slot)"),
    Column("name", "", "the slot's partition name at the end of the run (2 splits into 2a/2b)"),
    Column("read_demand", "RCU", "mean read demand on the partition"),
    Column("write_demand", "WCU", "mean write demand on the partition"),
    Column("throttled", "req/s", "mean requests throttled on the partition"),
    Column("key_share", "%", "the partition's share of the table's keys at the bucket's end"),
    Column(
        "capacity_share",
        "%",
        "the partition's share of the provisioned capacity at the bucket's end (its share of the keys, "
        "capped by the partition ceiling; empty on demand, which has no provisioned share)",
    ),
)
SUMMARY = Schema(
    Column("initial_partitions", "partitions", "partitions at the start"),
    Column("final_partitions", "partitions", "partitions at the end (splits only, never merges)"),
    Column("total_requests", "requests", "reads and writes offered over the run"),
    Column("throttled_requests", "requests", "reads and writes throttled over the run"),
    Column("throttled_pct", "%", "throttled share of the requests offered"),
    Column("dax_hit_pct", "%", "share of reads answered by DAX"),
    Column("peak_consumed_rcu", "RCU", "highest read capacity consumed in a second"),
    Column("peak_consumed_wcu", "WCU", "highest write capacity consumed in a second"),
    Column("cost_provisioned_usd", "USD", "cost of provisioned capacity-hours over the run (illustrative)"),
    Column("cost_on_demand_usd", "USD", "cost of the same requests on demand over the run (illustrative)"),
)
UNITS: Mapping[str, str] = {**SCHEMA.units(), **PARTITION_SCHEMA.units(), **SUMMARY.units(), "scenario": ""}
"""The unit of every column of the frame, the per-partition frame and the summary."""


def step_columns(c: DynamoConfig, t: np.ndarray, out: np.ndarray) -> dict[str, np.ndarray]:
    """The per-second frame's columns (:data:`SCHEMA`) from one scenario's outputs ``out[OUT, T]``."""
    o = columns(out, OUT, axis=0)
    reads, writes, hits = o["read_requests"], o["write_requests"], o["dax_hits"]
    cons_r, cons_w = o["consumed_rcu"], o["consumed_wcu"]
    served_r = np.maximum(reads - hits - o["throttled_reads"], 0.0)
    served_w = np.maximum(writes - o["throttled_writes"], 0.0)
    table_ms = TABLE_READ_MS + (DAX_HIT_MS if c.dax_effective else 0.0)
    answered = hits + served_r
    with np.errstate(invalid="ignore", divide="ignore"):
        latency = np.where(answered > 0, (hits * DAX_HIT_MS + served_r * table_ms) / answered, table_ms)
    if c.mode == "provisioned":
        held_r, held_w = o["provisioned_rcu"], o["provisioned_wcu"]
    else:  # what an ideal auto-scaled provisioned table at the target would cost
        u = c.target_pct / 100.0
        held_r, held_w = np.maximum(cons_r / u, 1.0), np.maximum(cons_w / u, 1.0)
    prov_cost = np.cumsum(held_r * PRICES["rcu_hour"] + held_w * PRICES["wcu_hour"]) / 3600.0
    od_cost = np.cumsum((reads - hits) * c.rcu_per_read * PRICES["rru"] + writes * c.wcu_per_write * PRICES["wru"])
    return {
        **o,
        "t_s": t,
        "served_reads": served_r,
        "served_writes": served_w,
        "partitions": o["partitions"].astype(np.int64),
        "read_latency_ms": latency,
        "cost_provisioned_usd": prov_cost,
        "cost_on_demand_usd": od_cost,
    }


def partition_frame(c: DynamoConfig, partitions: np.ndarray, buckets: np.ndarray, names: list[str]) -> pd.DataFrame:
    """The per-partition long frame: each bucket's mean demand and throttling on every partition
    that exists at the bucket's end, and its shares of keys and capacity then (in %)
    (``buckets[BUCKET, NB, MAX_PARTITIONS]``: sums over the bucket, shares at its end)."""
    bs = c.partition_bucket_s
    nb = buckets.shape[1]
    ends = np.minimum(np.arange(1, nb + 1) * bs, len(partitions)) - 1
    lens = ends + 1 - np.arange(nb) * bs
    n_end = partitions[ends].astype(np.int64)
    mask = np.arange(MAX_PARTITIONS)[None, :] < n_end[:, None]
    b_idx, p_idx = np.nonzero(mask)
    sums = {BUCKET._fields[i].lower() for i in BUCKET_SUMS}
    per = {
        k: v[b_idx, p_idx] / lens[b_idx] if k in sums else 100.0 * v[b_idx, p_idx]
        for k, v in columns(buckets, BUCKET, axis=0).items()
    }
    return PARTITION_SCHEMA.frame(
        {
            "t_s": (b_idx * bs).astype(np.float64),
            "partition": p_idx.astype(np.int64),
            "name": np.asarray(names, dtype=object)[p_idx],
            **per,
        }
    )


def summary_frame(c: DynamoConfig, f: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """One row of whole-run figures (:data:`SUMMARY`) from the per-second columns."""
    offered = float(f["read_requests"].sum() + f["write_requests"].sum())
    throttled = float(f["throttled_reads"].sum() + f["throttled_writes"].sum())
    reads = float(f["read_requests"].sum())
    return SUMMARY.frame(
        {
            "initial_partitions": [c.initial_partitions],
            "final_partitions": [int(f["partitions"][-1])],
            "total_requests": [offered],
            "throttled_requests": [throttled],
            "throttled_pct": [100.0 * throttled / max(offered, 1.0)],
            "dax_hit_pct": [100.0 * float(f["dax_hits"].sum()) / max(reads, 1.0)],
            "peak_consumed_rcu": [float(f["consumed_rcu"].max())],
            "peak_consumed_wcu": [float(f["consumed_wcu"].max())],
            "cost_provisioned_usd": [float(f["cost_provisioned_usd"][-1])],
            "cost_on_demand_usd": [float(f["cost_on_demand_usd"][-1])],
        }
    )

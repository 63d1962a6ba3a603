"""DynamoDB lab: capacity units, partitions that split and never merge, hot keys, burst and
adaptive capacity, auto scaling and its quirks, on-demand mode, GSI back-pressure and DAX.

One step per second (DynamoDB throttles per second, aws-facts §3.1). The loop is the compiled
kernel in :mod:`engine.dynamodb_kernel`; the arithmetic in :mod:`engine.dynamodb_capacity`; the
DAX hit model in :mod:`engine.dax`. This module holds the config, turns it into arrays, and turns
the arrays back into a tidy frame, a per-partition long frame and an explained event log
(:mod:`engine.dynamodb_events`).

>>> from engine import dynamodb as ddb
>>> ddb.partition_count(1000, 1800, 5)
3
>>> r = ddb.simulate(ddb.DynamoConfig(wcu=1000, capacity_changes=((600, 1000, 3000),), horizon_s=1800), 500)
>>> int(r.frame["partitions"].iloc[-1])
4
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine import dax
from engine import dynamodb_kernel as K
from engine.core import Column, Result, Schema, TimeGrid, broadcast_loads, check_choice, check_int, check_range
from engine.dynamodb_capacity import (
    CONSISTENCIES,
    POPULARITIES,
    PRICES,
    TABLE_MAX_CU,
    key_popularity,
    partition_count,
    rcu_per_read,
    read_capacity_units,
    wcu_per_write,
    write_capacity_units,
)
from engine.dynamodb_events import build_events
from engine.load import LoadTrace, as_load
from engine.rules import check_edition

__all__ = [
    "CONSISTENCIES",
    "MODES",
    "PARTITION_SCHEMA",
    "POPULARITIES",
    "SCHEMA",
    "DynamoConfig",
    "partition_count",
    "read_capacity_units",
    "simulate",
    "simulate_many",
    "warmup",
    "write_capacity_units",
]

MODES = ("provisioned", "on-demand")
TRICKLE_RPS = 1.0  # workaround 1 (course notes): a trickle of synthetic reads and writes per second

SCHEMA = Schema(
    Column("t_s", "s", "seconds from the start (00:00 UTC of day 1)"),
    Column("provisioned_rcu", "RCU", "provisioned read capacity (on-demand: the 2× previous-peak limit)"),
    Column("provisioned_wcu", "WCU", "provisioned write capacity (on-demand: the 2× previous-peak limit)"),
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
)


@dataclass(frozen=True)
class DynamoConfig:
    """One table and its traffic. Load (``simulate``'s ``load``) is requests/s, split into reads
    (``read_fraction``) and writes. Capacities in RCU/WCU; times in seconds.

    ``capacity_changes``: manual UpdateTable calls ``(t_s, rcu, wcu)``. ``rules``: ``course``
    (capacity spread equally, no scale-in at zero traffic) or ``aws-today`` (adaptive capacity
    and split for heat; the zero-traffic note is gone, so zero counts as a low datapoint).
    """

    mode: str = "provisioned"
    rcu: float = 1000.0
    wcu: float = 500.0
    item_size_kb: float = 2.0
    read_fraction: float = 0.8
    consistency: str = "eventual"
    transactional_writes: bool = False
    storage_gb: float = 5.0
    growth_gb_per_h: float = 0.0
    n_keys: int = 10_000
    popularity: str = "zipf"
    zipf_s: float = 0.8
    hot_key_pct: float = 10.0
    burst: bool = True
    autoscaling: bool = False
    target_pct: float = 70.0
    min_rcu: float = 5.0
    max_rcu: float = 40_000.0
    min_wcu: float = 5.0
    max_wcu: float = 40_000.0
    update_delay_s: float = 180.0
    trickle: bool = False
    pin_max_to_min: bool = False
    capacity_changes: tuple[tuple[float, float, float], ...] = ()
    gsi: bool = False
    gsi_wcu: float = 500.0
    dax: bool = False
    dax_ttl_s: float = 300.0
    dax_items: int = 1000
    horizon_s: float = 86_400.0
    partition_bucket_s: int = 60
    rules: str = "course"

    def __post_init__(self) -> None:
        check_choice("mode", self.mode, MODES)
        check_range("rcu", self.rcu, 1, TABLE_MAX_CU, unit="RCU")
        check_range("wcu", self.wcu, 1, TABLE_MAX_CU, unit="WCU")
        rcu_per_read(self.item_size_kb, self.consistency)  # item size ≤ 400 KB, consistency
        check_range("read_fraction", self.read_fraction, 0, 1)
        check_range("storage_gb", self.storage_gb, 0, 1000, unit="GB")
        check_range("growth_gb_per_h", self.growth_gb_per_h, 0, 50, unit="GB/h")
        check_int("n_keys", self.n_keys, 1, 100_000)
        check_choice("popularity", self.popularity, POPULARITIES)
        check_range("zipf_s", self.zipf_s, 0, 3)
        check_range("hot_key_pct", self.hot_key_pct, 0, 100, unit="%")
        check_range("target_pct", self.target_pct, 20, 90, unit="%")
        for dim in ("rcu", "wcu"):
            lo, hi = getattr(self, f"min_{dim}"), getattr(self, f"max_{dim}")
            check_range(f"min_{dim}", lo, 1, TABLE_MAX_CU)
            check_range(f"max_{dim}", hi, 1, TABLE_MAX_CU)
            if lo > hi:
                raise ValueError(f"min_{dim} {lo:g} must not exceed max_{dim} {hi:g}")
        check_range("update_delay_s", self.update_delay_s, 0, 3600, unit="s")
        check_range("gsi_wcu", self.gsi_wcu, 1, TABLE_MAX_CU, unit="WCU")
        check_range("dax_ttl_s", self.dax_ttl_s, 0, 86_400, unit="s")
        check_int("dax_items", self.dax_items, 1, 10_000_000)
        check_range("horizon_s", self.horizon_s, 60, 7 * 86_400, unit="s")
        check_int("partition_bucket_s", self.partition_bucket_s, 1, 3600)
        check_edition(self.rules)
        if not isinstance(self.capacity_changes, tuple):
            object.__setattr__(self, "capacity_changes", tuple(tuple(c) for c in self.capacity_changes))
        for i, change in enumerate(self.capacity_changes):
            if len(change) != 3:
                raise ValueError(f"capacity_changes[{i}] must be (t_s, rcu, wcu), got {change}")
            check_range(f"capacity_changes[{i}] time", change[0], 0, self.horizon_s - 1, unit="s")
            check_range(f"capacity_changes[{i}] rcu", change[1], 1, TABLE_MAX_CU, unit="RCU")
            check_range(f"capacity_changes[{i}] wcu", change[2], 1, TABLE_MAX_CU, unit="WCU")
        final_gb = self.storage_gb + self.growth_gb_per_h * self.horizon_s / 3600
        if partition_count(TABLE_MAX_CU, TABLE_MAX_CU, final_gb) > 200:
            raise ValueError(f"storage would reach {final_gb:,.0f} GB; at most 1,460 GB (200 partitions) is simulated")

    @property
    def rcu_per_read(self) -> float:
        """RCU one read costs (§3.1)."""
        return rcu_per_read(self.item_size_kb, self.consistency)

    @property
    def wcu_per_write(self) -> float:
        """WCU one write costs (§3.1)."""
        return wcu_per_write(self.item_size_kb, self.transactional_writes)

    @property
    def start_rcu(self) -> float:
        """Provisioned RCU at the start (auto scaling brings it into [min, max])."""
        return min(max(self.rcu, self.min_rcu), self.max_rcu) if self.autoscaling else self.rcu

    @property
    def start_wcu(self) -> float:
        """Provisioned WCU at the start (auto scaling brings it into [min, max])."""
        return min(max(self.wcu, self.min_wcu), self.max_wcu) if self.autoscaling else self.wcu

    @property
    def initial_partitions(self) -> int:
        """Partitions at creation by the course formula (§3.2)."""
        if self.mode == "on-demand":
            return partition_count(2 * K.OD_INIT_R, 2 * K.OD_INIT_W, self.storage_gb)
        return partition_count(self.start_rcu, self.start_wcu, self.storage_gb)

    @property
    def dax_effective(self) -> bool:
        """DAX caches only eventually consistent reads (§3.5)."""
        return self.dax and self.consistency == "eventual"

    @property
    def grid(self) -> TimeGrid:
        """One-second steps over the horizon."""
        return TimeGrid(self.horizon_s, 1.0)


def _params(c: DynamoConfig) -> np.ndarray:
    p = np.zeros(K.N_PARAMS)
    p[K.P_MODE] = 1.0 if c.mode == "on-demand" else 0.0
    p[K.P_RCU], p[K.P_WCU] = c.start_rcu, c.start_wcu
    p[K.P_RPR], p[K.P_WPW] = c.rcu_per_read, c.wcu_per_write
    p[K.P_STORE], p[K.P_GROWTH] = c.storage_gb, c.growth_gb_per_h / 3600.0
    p[K.P_BURST] = float(c.burst)
    p[K.P_ADAPT] = p[K.P_HEAT] = float(c.rules == "aws-today")
    p[K.P_AS], p[K.P_TARGET] = float(c.autoscaling), c.target_pct / 100.0
    p[K.P_MIN_R], p[K.P_MAX_R], p[K.P_MIN_W], p[K.P_MAX_W] = c.min_rcu, c.max_rcu, c.min_wcu, c.max_wcu
    p[K.P_DELAY] = c.update_delay_s
    p[K.P_ZERO_HOLD] = float(c.rules == "course")
    p[K.P_PIN] = float(c.pin_max_to_min)
    p[K.P_GSI], p[K.P_GSI_WCU] = float(c.gsi), c.gsi_wcu
    p[K.P_DAX] = float(c.dax_effective)
    p[K.P_BUCKET], p[K.P_NKEYS] = c.partition_bucket_s, c.n_keys
    return p


def _keys(c: DynamoConfig, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Popularity by rank and each rank's hash position in [0, 1)."""
    pop = key_popularity(c.n_keys, c.popularity, zipf_s=c.zipf_s, hot_pct=c.hot_key_pct)
    return pop, rng.random(c.n_keys)


def simulate_many(configs: Sequence[DynamoConfig], loads: object, *, seed: int = 0) -> list[Result]:
    """Run several tables at once through one kernel call (leading scenario axis).

    ``loads`` is one load for all (LoadTrace, number, array) or a sequence, one per config.
    All configs must share ``horizon_s`` and ``partition_bucket_s``.
    """
    configs = list(configs)
    if not configs:
        raise ValueError("configs must hold at least one config")
    c0 = configs[0]
    for c in configs:
        if c.horizon_s != c0.horizon_s or c.partition_bucket_s != c0.partition_bucket_s:
            raise ValueError("every config in a batch must share horizon_s and partition_bucket_s")
    per = broadcast_loads(loads, len(configs))
    grid = c0.grid
    T, S = grid.n_steps, len(configs)
    kmax = max(c.n_keys for c in configs)
    nb = -(-T // c0.partition_bucket_s)
    any_dax = any(c.dax_effective for c in configs)
    G = dax.GRID_POINTS if any_dax else 2
    par = np.stack([_params(c) for c in configs])
    load_r, load_w = np.zeros((S, T)), np.zeros((S, T))
    change = np.full((S, 2, T), np.nan)
    hashes = np.full((S, kmax), 2.0)
    cum = np.zeros((S, kmax + 1))
    miss = np.zeros((S, G, kmax + 1))
    keys = []
    for s, c in enumerate(configs):
        rng = np.random.default_rng(seed)
        total = as_load(per[s], grid, seed) if isinstance(per[s], LoadTrace) else as_load(per[s], grid)
        trickle = TRICKLE_RPS if (c.trickle and c.mode == "provisioned") else 0.0
        load_r[s] = total * c.read_fraction + trickle
        load_w[s] = total * (1.0 - c.read_fraction) + trickle
        for t_s, r, w in sorted(c.capacity_changes):
            change[s, 0, int(t_s)], change[s, 1, int(t_s)] = r, w
        pop, h = _keys(c, rng)
        order = np.argsort(h, kind="stable")
        hashes[s, : c.n_keys] = h[order]
        cum[s, 1 : c.n_keys + 1] = np.cumsum(pop[order])
        cum[s, c.n_keys + 1 :] = cum[s, c.n_keys]
        if c.dax_effective:
            m = dax.miss_tables(pop[order], c.dax_ttl_s, c.dax_items)
            miss[s, :, : c.n_keys + 1] = m
            miss[s, :, c.n_keys + 1 :] = m[:, -1:]
        keys.append((pop, h))
    log_grid = np.log(dax.rate_grid()) if any_dax else np.array([0.0, 1.0])
    o = np.zeros((S, 12, T))
    buckets = np.zeros((S, 3, nb, K.MAXP))
    ev = np.zeros((S, K.MAXEV, K.EV_W))
    ev_n = np.zeros((S, 1), np.int64)
    K.run_batch(par, load_r, load_w, change, hashes, cum, miss, log_grid, o, buckets, ev, ev_n)
    return [_result(c, grid.t_s, o[s], buckets[s], ev[s, : ev_n[s, 0]], keys[s], s) for s, c in enumerate(configs)]


def simulate(config: DynamoConfig, load: object, *, seed: int = 0) -> Result:
    """Simulate one table for ``config.horizon_s`` seconds under ``load`` (requests/s)."""
    return simulate_many([config], [load], seed=seed)[0]


def _result(c: DynamoConfig, t: np.ndarray, o: np.ndarray, buckets: np.ndarray, ev: np.ndarray, keys, s: int) -> Result:
    prov_r, prov_w, cons_r, cons_w, reads, writes, hits, thr_r, thr_w, gsi_thr, parts, store = o
    served_r = np.maximum(reads - hits - thr_r, 0.0)
    served_w = np.maximum(writes - thr_w, 0.0)
    table_ms = dax.TABLE_READ_MS + (dax.DAX_HIT_MS if c.dax_effective else 0.0)
    answered = hits + served_r
    with np.errstate(invalid="ignore", divide="ignore"):
        latency = np.where(answered > 0, (hits * dax.DAX_HIT_MS + served_r * table_ms) / answered, table_ms)
    if c.mode == "provisioned":
        prov_cost = np.cumsum(prov_r * PRICES["rcu_hour"] + prov_w * PRICES["wcu_hour"]) / 3600.0
    else:  # what an ideal auto-scaled provisioned table at the target would cost
        u = c.target_pct / 100.0
        held_r, held_w = np.maximum(cons_r / u, 1.0), np.maximum(cons_w / u, 1.0)
        prov_cost = np.cumsum(held_r * PRICES["rcu_hour"] + held_w * PRICES["wcu_hour"]) / 3600.0
    od_cost = np.cumsum((reads - hits) * c.rcu_per_read * PRICES["rru"] + writes * c.wcu_per_write * PRICES["wru"])
    frame = SCHEMA.frame(
        {
            "t_s": t,
            "provisioned_rcu": prov_r,
            "provisioned_wcu": prov_w,
            "consumed_rcu": cons_r,
            "consumed_wcu": cons_w,
            "read_requests": reads,
            "write_requests": writes,
            "dax_hits": hits,
            "served_reads": served_r,
            "served_writes": served_w,
            "throttled_reads": thr_r,
            "throttled_writes": thr_w,
            "gsi_throttled_writes": gsi_thr,
            "partitions": parts.astype(np.int64),
            "storage_gb": store,
            "read_latency_ms": latency,
            "cost_provisioned_usd": prov_cost,
            "cost_on_demand_usd": od_cost,
        }
    )
    bs = c.partition_bucket_s
    nb = buckets.shape[1]
    ends = np.minimum(np.arange(1, nb + 1) * bs, len(t)) - 1
    lens = ends + 1 - np.arange(nb) * bs
    n_end = parts[ends].astype(np.int64)
    mask = np.arange(K.MAXP)[None, :] < n_end[:, None]
    b_idx, p_idx = np.nonzero(mask)
    events, names = build_events(c, ev, keys, s)
    per = PARTITION_SCHEMA.frame(
        {
            "t_s": (b_idx * bs).astype(np.float64),
            "partition": p_idx.astype(np.int64),
            "name": np.asarray(names, dtype=object)[p_idx],
            "read_demand": buckets[0][b_idx, p_idx] / lens[b_idx],
            "write_demand": buckets[1][b_idx, p_idx] / lens[b_idx],
            "throttled": buckets[2][b_idx, p_idx] / lens[b_idx],
        }
    )
    return Result(frame=frame, events=events, config=c, units=SCHEMA.units(), extra={"partitions": per})


def warmup() -> None:
    """Compile the kernel on a tiny input (the app calls this at start)."""
    simulate(DynamoConfig(horizon_s=120, n_keys=10, dax=True, autoscaling=True, gsi=True), 10.0)

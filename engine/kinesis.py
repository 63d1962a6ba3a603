"""Kinesis Data Streams: shards and their limits, MD5 key placement, hot shards, resharding,
consumers and retention (aws-facts §2.1, §9; course notes "AWS Kinesis").

    >>> from engine import kinesis
    >>> kinesis.shard_for_key("user-000042", 4)
    0
    >>> r = kinesis.simulate(kinesis.KinesisConfig(shards=4, popularity="hot", hot_pct=40), 3500)
    >>> r.frame[["t_s", "incoming_records", "accepted_records", "throttled_records"]].head(2)

Facts used: per shard 1,000 records/s and 1 MiB/s of writes, partition keys counting toward the
bytes (§2.1); shared reads 2 MB/s and 5 GetRecords/s per shard (≤ 10,000 records per call),
enhanced fan-out 2 MB/s per consumer per shard, ≤ 20 consumers (§2.1); retention 24 h to 7 days
(course) or 365 days (today, §9); shard quota 500 (course) or 20,000 (today); UpdateShardCount
×½…×2 per call, 2 (course) or 10 (today) calls per 24 h, ≤ 500 or 10,000 shards per stream (§2.1,
§9); on-demand mode starts at 4 MB/s and a shard above 500 KB/s is split within ~15 min (§2.1,
§10); KPL aggregation packs small records into ~50 KB Kinesis records (§2.1). How long a reshard
takes and the producer's backoff are settings, not documented numbers.

This module holds the output schemas, the conversion of configs to kernel arrays, ``simulate`` /
``simulate_many`` and the result frames. The settings and their validation are in
:mod:`engine.kinesis_config` (``KinesisConfig`` and the limits, re-exported here), the time loop in
:mod:`engine.kinesis_kernel` with its helper steps and array layout in :mod:`engine.kinesis_steps`,
key hashing in :mod:`engine.kinesis_hashing` and event sentences in :mod:`engine.kinesis_events`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from engine import kinesis_steps as K
from engine.core import Column, Result, Schema, broadcast_loads, shared_grid
from engine.kinesis_config import (
    AGGREGATE_BYTES,
    EDITION,
    MAX_CONSUMERS,
    MIB,
    READ_BYTES_PER_S,
    READ_CALLS_PER_S,
    RECORDS_PER_CALL,
    SIM_MAX_SHARDS,
    WRITE_BYTES_PER_S,
    WRITE_RECORDS_PER_S,
    KinesisConfig,
)
from engine.kinesis_events import build_events, key_groups, sequence_samples, shard_table
from engine.kinesis_hashing import even_starts, hash_key, key_set, shard_for_key, split_halves
from engine.kinesis_kernel import run_batch
from engine.load import LoadTrace, as_load

__all__ = [
    "AGGREGATE_BYTES",
    "EDITION",
    "FRAME",
    "MAX_CONSUMERS",
    "MIB",
    "READ_BYTES_PER_S",
    "READ_CALLS_PER_S",
    "RECORDS_PER_CALL",
    "SHARD_FRAME",
    "SIM_MAX_SHARDS",
    "WRITE_BYTES_PER_S",
    "WRITE_RECORDS_PER_S",
    "KinesisConfig",
    "hash_key",
    "shard_for_key",
    "simulate",
    "simulate_many",
    "warmup",
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


def _actions(cfg: KinesisConfig) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Scheduled reshards as (step, kind, target) and the even split tables for UpdateShardCount."""
    dt = cfg.dt_s
    acts = [(int(t // dt), 1, 0) for t in cfg.splits_at_s] + [(int(t // dt), 2, 0) for t in cfg.merges_at_s]
    acts += [(int(t // dt), 3, n) for t, n in cfg.shard_count_at]
    acts.sort(key=lambda a: a[0])
    return acts, [s for a in acts if a[1] == 3 for s in even_starts(a[2])]


def _max_ids(cfg: KinesisConfig) -> int:
    extra = 2 * len(cfg.splits_at_s) + len(cfg.merges_at_s) + sum(n for _t, n in cfg.shard_count_at)
    if cfg.auto_reshard:  # one split per cooldown (at least one evaluation minute) at most
        extra += min(256, 2 * math.ceil(cfg.horizon_s / max(cfg.auto_cooldown_s, 60.0, cfg.dt_s)) + 2)
    if cfg.capacity_mode == "on-demand":
        extra += 256
    return cfg.initial_shards + extra


def _params(cfg: KinesisConfig) -> np.ndarray:
    _q, stream_max, calls, *_ = EDITION[cfg.rules]
    dt = cfg.dt_s
    p = np.zeros(K.NP)
    p[K.P_DT], p[K.P_BPR] = dt, cfg.bytes_per_record
    p[K.P_REC_CAP] = WRITE_RECORDS_PER_S * cfg.records_per_kinesis_record
    p[K.P_BYTE_CAP] = WRITE_BYTES_PER_S
    p[K.P_RESHARD] = round(cfg.reshard_s / dt)
    p[K.P_HIGH], p[K.P_LOW] = cfg.auto_high_pct, cfg.auto_low_pct
    p[K.P_COOLDOWN] = round(cfg.auto_cooldown_s / dt)
    p[K.P_EVAL] = max(1, round(60.0 / dt))
    p[K.P_READ_REC], p[K.P_READ_BYTES] = cfg.read_records_per_s, 1e300
    p[K.P_RET] = math.ceil(cfg.retention_h * 3600.0 / dt - 1e-9)
    p[K.P_QUOTA], p[K.P_STREAM_MAX], p[K.P_USC_CALLS] = cfg.quota, stream_max, calls
    p[K.P_OD] = 1.0 if cfg.capacity_mode == "on-demand" else 0.0
    p[K.P_OD_LAG] = max(1, round(900.0 / dt))
    p[K.P_ATTEMPTS], p[K.P_AUTO] = cfg.max_attempts, 1.0 if cfg.auto_reshard else 0.0
    p[K.P_DAY] = round(86_400.0 / dt)
    return p


def _delays(cfg: KinesisConfig) -> np.ndarray:
    """Backoff in steps after try j fails: base·2^(j-1), capped at 60 s, at least one step."""
    j = np.arange(11)
    return np.maximum(1, np.round(np.minimum(cfg.retry_base_s * 2.0 ** (j - 1), 60.0) / cfg.dt_s)).astype(np.int64)


def simulate_many(configs: Sequence[KinesisConfig], loads: Sequence[object] | object, *, seed: int = 0) -> list[Result]:
    """Run several streams at once (state arrays have a leading scenario axis); all share one grid.

    ``loads`` is one load for all or one per config: a LoadTrace, a number or an array (records/s).
    """
    configs = list(configs)
    if not configs:
        raise ValueError("configs must hold at least one KinesisConfig, got none")
    grid = shared_grid(configs)
    load_list = broadcast_loads(loads, len(configs))
    S, T = len(configs), grid.n_steps
    rate = np.stack([as_load(ld, grid, seed) for ld in load_list])  # type: ignore[arg-type]
    if rate.ndim != 2:
        raise ValueError("each load must be one series on the grid")
    sets = [key_set(c.n_keys, c.key_prefix) for c in configs]
    kmax = max(ks.n for ks in sets)
    M = max(_max_ids(c) for c in configs)
    plan = [_actions(c) for c in configs]
    amax = max(1, *(len(a) for a, _ in plan))
    umax = max(1, *(len(u) for _, u in plan))
    att = max(c.max_attempts for c in configs) + 1
    D = int(max(_delays(c)[: c.max_attempts].max() for c in configs)) + 1
    L = max(min(int(_params(c)[K.P_RET]), T) for c in configs) + 1

    khi, klo = np.zeros((S, kmax), np.uint64), np.zeros((S, kmax), np.uint64)
    cumw, nk = np.zeros((S, kmax + 1)), np.zeros(S, np.int64)
    p, dsteps = np.zeros((S, K.NP)), np.zeros((S, 11), np.int64)
    init_hi, init_lo, n0 = np.zeros((S, M), np.uint64), np.zeros((S, M), np.uint64), np.zeros(S, np.int64)
    act = np.full((S, amax, 4), -1, np.int64)
    ub_hi, ub_lo = np.zeros((S, umax), np.uint64), np.zeros((S, umax), np.uint64)
    weights = []
    for s, (c, ks) in enumerate(zip(configs, sets, strict=True)):
        khi[s, : ks.n], klo[s, : ks.n], nk[s] = ks.hi, ks.lo, ks.n
        w_sorted = c.weights()[ks.order]
        weights.append(w_sorted)
        cumw[s, 1 : ks.n + 1] = np.cumsum(w_sorted)
        cumw[s, ks.n + 1 :] = cumw[s, ks.n]
        p[s], dsteps[s] = _params(c), _delays(c)
        hi, lo = split_halves(even_starts(c.initial_shards))
        init_hi[s, : len(hi)], init_lo[s, : len(lo)], n0[s] = hi, lo, len(hi)
        acts, ub = plan[s]
        off = 0
        for a, (step, kind, n) in enumerate(acts):
            act[s, a] = (step, kind, n, off)
            off += n
        if ub:
            ub_hi[s, : len(ub)], ub_lo[s, : len(ub)] = split_halves(ub)

    sh_inc, sh_acc, sh_thr = (np.zeros((S, T, M), np.float32) for _ in range(3))
    st = np.zeros((S, T, K.NC))
    meta, hmeta = np.zeros((S, M, 7), np.int64), np.zeros((S, M, 4), np.uint64)
    ev, nev, nsh = np.zeros((S, 4096, K.NE)), np.zeros(S, np.int64), np.zeros(S, np.int64)
    pend, ring = np.zeros((S, M, att, D)), np.zeros((S, M, L))
    run_batch(rate, khi, klo, cumw, nk, p, init_hi, init_lo, n0, act, ub_hi, ub_lo, dsteps,
                sh_inc, sh_acc, sh_thr, st, meta, hmeta, ev, nev, nsh, pend, ring)  # fmt: skip
    out = []
    for s, c in enumerate(configs):
        n = int(nsh[s])
        out.append(
            _result(
                c,
                grid,
                st[s],
                sh_inc[s, :, :n],
                sh_acc[s, :, :n],
                sh_thr[s, :, :n],
                meta[s, :n],
                hmeta[s, :n],
                ev[s, : min(int(nev[s]), ev.shape[1])],
                sets[s],
                weights[s],
                seed,
            )
        )
    return out


def simulate(config: KinesisConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Simulate one stream under ``load`` (records/s). See the module docstring for the facts."""
    return simulate_many([config], [load], seed=seed)[0]


def _result(cfg, grid, st, inc, acc, thr, meta, hmeta, ev, ks, w_sorted, seed) -> Result:  # type: ignore[no-untyped-def]
    dt, t = cfg.dt_s, grid.t_s
    per_s = lambda col: st[:, col] / dt  # noqa: E731
    frame = FRAME.frame(
        {
            "t_s": t,
            "produced_records": per_s(K.C_PRODUCED),
            "retried_records": per_s(K.C_RETRIED),
            "incoming_records": (st[:, K.C_PRODUCED] + st[:, K.C_RETRIED]) / dt,
            "accepted_records": per_s(K.C_ACCEPTED),
            "throttled_records": per_s(K.C_THROTTLED),
            "lost_records": per_s(K.C_LOST),
            "pending_retries": st[:, K.C_PENDING],
            "shards": st[:, K.C_SHARDS].astype(np.int64),
            "write_capacity_records": st[:, K.C_CAPACITY],
            "max_utilization_pct": st[:, K.C_MAXUTIL],
            "read_records": per_s(K.C_READ),
            "expired_records": per_s(K.C_EXPIRED),
            "unread_records": st[:, K.C_UNREAD],
            "iterator_age_s": st[:, K.C_AGE],
        }
    )
    n_steps = inc.shape[0]
    closed = np.where(meta[:, 4] >= 0, meta[:, 4], n_steps)
    steps = np.arange(n_steps)[:, None]
    mask = (steps >= meta[None, :, 3]) & (steps < closed[None, :])
    ti, si = np.nonzero(mask)
    cap = cfg.shard_write_records
    inc_s = inc[ti, si]  # float32 per shard and step: a long frame can hold millions of rows
    shard_frame = SHARD_FRAME.frame(
        {
            "t_s": t[ti],
            "shard": si.astype(np.int32),
            "incoming_records": inc_s,
            "incoming_bytes": inc_s * np.float32(cfg.bytes_per_record),
            "accepted_records": acc[ti, si],
            "throttled_records": thr[ti, si],
            "utilization_pct": inc_s * np.float32(100.0 / cap),
        }
    )
    table = shard_table(cfg, meta, hmeta, ks, w_sorted, dt)
    rng = np.random.default_rng(seed)
    extra = {
        "shard": shard_frame,
        "shards": table,
        "sequence_samples": sequence_samples(cfg, acc, meta, ks, w_sorted, dt, rng),
        "key_groups": key_groups(cfg, acc, meta, ks, w_sorted, t),
    }
    events = build_events(cfg, ev, thr, inc, meta, ks, w_sorted, dt)
    units = {c.name: c.unit for c in FRAME.columns}
    return Result(frame=frame, events=events, config=cfg, units=units, extra=extra)


def warmup() -> None:
    """Compile the kernels (stream and Firehose) on a tiny input; numba caches them on disk."""
    from engine.kinesis_streams import FirehoseConfig, firehose

    firehose(
        FirehoseConfig(),
        simulate(KinesisConfig(horizon_s=10.0, n_keys=10, auto_reshard=True, splits_at_s=(2.0,)), 100.0),
    )

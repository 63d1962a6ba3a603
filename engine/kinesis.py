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
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from engine import kinesis_kernel as K
from engine.core import Column, Result, Schema, TimeGrid, check_choice, check_int, check_range
from engine.kinesis_events import build_events, key_groups, sequence_samples, shard_table
from engine.kinesis_hashing import even_starts, hash_key, key_set, shard_for_key, split_halves
from engine.load import LoadTrace, as_load
from engine.rules import check_edition

__all__ = [
    "FRAME",
    "SHARD_FRAME",
    "KinesisConfig",
    "hash_key",
    "shard_for_key",
    "simulate",
    "simulate_many",
    "warmup",
]

MIB = 1_048_576
WRITE_RECORDS_PER_S = 1_000  # per shard, §2.1
WRITE_BYTES_PER_S = MIB  # per shard, §2.1
READ_BYTES_PER_S = 2 * MIB  # per shard, shared by classic consumers or per EFO consumer, §2.1
READ_CALLS_PER_S = 5  # GetRecords per shard, shared, §2.1
RECORDS_PER_CALL = 10_000  # §2.1
AGGREGATE_BYTES = 51_200  # KPL aggregated record of about 50 KB, §2.1 example
MAX_CONSUMERS = 20  # registered (EFO) consumers per stream, §2.1
SIM_MAX_SHARDS = 1_024  # what this simulator handles; not an AWS number
EDITION = {
    #            quota, stream max, UpdateShardCount calls/24 h, retention max h, record max B, firehose min s
    "course": (500, 500, 2, 168, MIB, 60),
    "aws-today": (20_000, 10_000, 10, 8_760, 10 * MIB, 0),
}

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


@dataclass(frozen=True)
class KinesisConfig:
    """One stream, its producers and its consumer. Times in seconds, sizes in bytes."""

    rules: str = "course"
    horizon_s: float = 3_600.0
    dt_s: float = 1.0
    capacity_mode: str = "provisioned"
    shards: int = 4
    shard_quota: int | None = None
    record_size_bytes: int = 1_000
    n_keys: int = 1_000
    popularity: str = "uniform"
    zipf_s: float = 1.0
    hot_pct: float = 40.0
    aggregation: bool = False
    max_attempts: int = 3
    retry_base_s: float = 1.0
    reshard_s: float = 30.0
    splits_at_s: tuple[float, ...] = ()
    merges_at_s: tuple[float, ...] = ()
    shard_count_at: tuple[tuple[float, int], ...] = ()
    auto_reshard: bool = False
    auto_high_pct: float = 80.0
    auto_low_pct: float = 0.0
    auto_cooldown_s: float = 300.0
    consumers: int = 1
    fan_out: str = "shared"
    consumer_rate: float = 2_000.0
    retention_h: float = 24.0
    key_prefix: str = field(default="user-", repr=False)

    def __post_init__(self) -> None:
        check_edition(self.rules)
        quota, stream_max, _calls, ret_max, rec_max, _fh = EDITION[self.rules]
        TimeGrid(self.horizon_s, self.dt_s)
        check_choice("capacity_mode", self.capacity_mode, ("provisioned", "on-demand"))
        if self.capacity_mode == "on-demand" and self.rules != "aws-today":
            raise ValueError("capacity_mode 'on-demand' exists only in the AWS-today edition (aws-facts §2.1)")
        check_int("shard_quota", self.quota, 1, quota)
        check_int("shards", self.shards, 1, min(self.quota, stream_max))
        if self.shards > SIM_MAX_SHARDS:
            raise ValueError(f"shards {self.shards} is within the quota, but this simulator handles at most "
                             f"{SIM_MAX_SHARDS:,}")  # fmt: skip
        check_int("record_size_bytes", self.record_size_bytes, 1, rec_max)
        check_int("n_keys", self.n_keys, 1, 1_000_000)
        check_choice("popularity", self.popularity, ("uniform", "zipf", "hot"))
        check_range("zipf_s", self.zipf_s, 0, 4)
        check_range("hot_pct", self.hot_pct, 0, 100, unit="%")
        check_int("max_attempts", self.max_attempts, 1, 10)
        check_range("retry_base_s", self.retry_base_s, 0.01, 60, unit="s")
        check_range("reshard_s", self.reshard_s, 0, 3_600, unit="s")
        for t in (*self.splits_at_s, *self.merges_at_s, *(a[0] for a in self.shard_count_at)):
            check_range("reshard time", t, 0, self.horizon_s, unit="s")
        for _t, n in self.shard_count_at:
            check_int("UpdateShardCount target", n, 1, min(stream_max, SIM_MAX_SHARDS))
        if len(self.splits_at_s) + len(self.merges_at_s) + len(self.shard_count_at) > 16:
            raise ValueError("at most 16 scheduled reshards are allowed")
        check_range("auto_high_pct", self.auto_high_pct, 1, 1_000, unit="%")
        check_range("auto_low_pct", self.auto_low_pct, 0, 100, unit="%")
        if self.auto_low_pct >= self.auto_high_pct:
            raise ValueError(f"auto_low_pct {self.auto_low_pct:g} must be below auto_high_pct {self.auto_high_pct:g}")
        check_range("auto_cooldown_s", self.auto_cooldown_s, 0, 86_400, unit="s")
        if self.capacity_mode == "on-demand" and (self.auto_reshard or self.splits_at_s or self.merges_at_s
                                                  or self.shard_count_at):  # fmt: skip
            raise ValueError("an on-demand stream reshards itself: scheduled or automatic resharding needs "
                             "capacity_mode 'provisioned'")  # fmt: skip
        check_int("consumers", self.consumers, 0, MAX_CONSUMERS)
        check_choice("fan_out", self.fan_out, ("shared", "enhanced"))
        check_range("consumer_rate", self.consumer_rate, 0, 1_000_000, unit="records/s")
        check_range("retention_h", self.retention_h, 24, ret_max, unit="h")

    @property
    def quota(self) -> int:
        """The account's shard quota: the edition's default unless set (aws-facts §2.1, §9)."""
        return EDITION[self.rules][0] if self.shard_quota is None else self.shard_quota

    @property
    def grid(self) -> TimeGrid:
        """The simulation's time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def initial_shards(self) -> int:
        """Shards at the start: on-demand streams start at 4 MB/s, i.e. 4 shards (aws-facts §2.1)."""
        return 4 if self.capacity_mode == "on-demand" else self.shards

    @property
    def bytes_per_record(self) -> int:
        """Bytes a record counts against the 1 MiB/s limit: data blob plus partition key (§2.1)."""
        return self.record_size_bytes + len(self.key_prefix) + 6

    @property
    def records_per_kinesis_record(self) -> int:
        """User records per Kinesis record: 1, or as many as fit ~50 KB with KPL aggregation (§2.1)."""
        return max(1, AGGREGATE_BYTES // self.bytes_per_record) if self.aggregation else 1

    @property
    def shard_write_records(self) -> float:
        """User records/s one shard accepts at this record size: the tighter of the two limits."""
        return min(WRITE_RECORDS_PER_S * self.records_per_kinesis_record, WRITE_BYTES_PER_S / self.bytes_per_record)

    @property
    def binding_limit(self) -> str:
        """Which per-shard write limit binds at this record size."""
        recs = WRITE_RECORDS_PER_S * self.records_per_kinesis_record
        return "records" if recs <= WRITE_BYTES_PER_S / self.bytes_per_record else "bytes"

    @property
    def read_records_per_s(self) -> float:
        """Records/s the consumer can take from one shard (limits and processing rate, §2.1)."""
        if self.consumers == 0:
            return 0.0
        if self.fan_out == "enhanced":
            return min(self.consumer_rate, READ_BYTES_PER_S / self.bytes_per_record)
        share = READ_BYTES_PER_S / self.consumers / self.bytes_per_record
        calls = READ_CALLS_PER_S / self.consumers * RECORDS_PER_CALL
        return min(self.consumer_rate, share, calls)

    def weights(self) -> np.ndarray:
        """Share of the traffic of each key, in key-index order (key 0 is the most popular)."""
        n = self.n_keys
        if self.popularity == "zipf":
            w = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** self.zipf_s
        elif self.popularity == "hot" and n > 1:
            w = np.full(n, (100.0 - self.hot_pct) / (n - 1))
            w[0] = self.hot_pct
        else:
            w = np.ones(n)
        return w / w.sum()


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
    grid = configs[0].grid
    if any(c.grid != grid for c in configs):
        raise ValueError("every config in a batch must have the same horizon_s and dt_s")
    if isinstance(loads, (list, tuple)):
        if len(loads) != len(configs):
            raise ValueError(f"loads must hold one load per config ({len(configs)}), got {len(loads)}")
        load_list = list(loads)
    else:
        load_list = [loads] * len(configs)
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
    K.run_batch(rate, khi, klo, cumw, nk, p, init_hi, init_lo, n0, act, ub_hi, ub_lo, dsteps,
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

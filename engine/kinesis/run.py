"""Running Kinesis streams: configs packed into the kernel's named arrays, the batched kernel call,
and one :class:`~engine.core.Result` per scenario built from its outputs.

Scenario ``i`` of :func:`simulate_many` equals :func:`simulate` of ``configs[i]`` exactly: every
scenario's tables, limits and randomness come from its own config and the seed, never from the
batch it runs in (the batch only pads the arrays).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from engine.core import EventLog, Result, broadcast_loads, shared_grid, stack_results
from engine.kernel.events import event_buffer
from engine.kernel.layout import pack
from engine.kinesis.config import AUTO_EVAL_S, MAX_ATTEMPTS, RETRY_CAP_S, KinesisConfig
from engine.kinesis.explain import build_events
from engine.kinesis.frames import (
    FRAME,
    SCHEMAS,
    SUMMARY,
    UNITS,
    key_groups,
    sequence_samples,
    shard_frame,
    shard_table,
    stream_columns,
    stream_frame,
    summary,
    summary_row,
)
from engine.kinesis.hashing import even_starts, key_set, split_halves
from engine.kinesis.kernel import run_batch
from engine.kinesis.layout import ACT, EMPTY, EVENT_CAP, HASH, OUT, RESHARD, SHARD, P
from engine.kinesis.limits import (
    EDITION,
    ON_DEMAND_SPLIT_BYTES_PER_S,
    ON_DEMAND_SPLIT_LAG_S,
    ON_DEMAND_SPLIT_RECORDS_PER_S,
    USC_FACTOR,
    USC_WINDOW_S,
    WRITE_BYTES_PER_S,
    WRITE_RECORDS_PER_S,
)
from engine.load import LoadTrace, as_load

__all__ = ["max_shard_ids", "params", "simulate", "simulate_many"]

AUTO_SPLIT_ROOM = 256
"""Shard ids kept for the automatic rule's splits at most (one split per cooldown)."""
ON_DEMAND_ROOM = 256
"""Shard ids kept for an on-demand stream's own splits."""
_NO_LIMIT = 1e300
_EXTRAS = ("shard", "shards", "sequence_samples", "key_groups")


def _actions(cfg: KinesisConfig) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Scheduled reshards as (step, kind, target) and the even split tables for UpdateShardCount."""
    dt = cfg.dt_s
    acts = [(int(t // dt), RESHARD.SPLIT, 0) for t in cfg.splits_at_s]
    acts += [(int(t // dt), RESHARD.MERGE, 0) for t in cfg.merges_at_s]
    acts += [(int(t // dt), RESHARD.UPDATE, n) for t, n in cfg.shard_count_at]
    acts.sort(key=lambda a: a[0])
    return acts, [s for a in acts if a[1] == RESHARD.UPDATE for s in even_starts(a[2])]


def max_shard_ids(cfg: KinesisConfig) -> int:
    """Shard ids a run of ``cfg`` may open: the first shards, every scheduled reshard's children,
    and room for the automatic rule's or on-demand mode's splits."""
    extra = 2 * len(cfg.splits_at_s) + len(cfg.merges_at_s) + sum(n for _t, n in cfg.shard_count_at)
    if cfg.auto_reshard:  # one split per cooldown (at least one evaluation period) at most
        every = max(cfg.auto_cooldown_s, AUTO_EVAL_S, cfg.dt_s)
        extra += min(AUTO_SPLIT_ROOM, 2 * math.ceil(cfg.horizon_s / every) + 2)
    if cfg.capacity_mode == "on-demand":
        extra += ON_DEMAND_ROOM
    return cfg.initial_shards + extra


def params(cfg: KinesisConfig) -> np.ndarray:
    """The kernel parameters of one config, a row of slots :data:`~engine.kinesis.layout.P`."""
    edition = EDITION[cfg.rules]
    dt = cfg.dt_s
    row = {
        "dt": dt,
        "bytes_per_record": cfg.bytes_per_record,
        "record_cap": WRITE_RECORDS_PER_S * cfg.records_per_kinesis_record,
        "byte_cap": WRITE_BYTES_PER_S,
        "reshard_steps": round(cfg.reshard_s / dt),
        "high_pct": cfg.auto_high_pct,
        "low_pct": cfg.auto_low_pct,
        "cooldown_steps": round(cfg.auto_cooldown_s / dt),
        "eval_steps": max(1, round(AUTO_EVAL_S / dt)),
        "read_records": cfg.read_records_per_s,
        "read_bytes": _NO_LIMIT,  # read_records_per_s already holds the byte limits
        "retention_steps": math.ceil(cfg.retention_h * 3600.0 / dt - 1e-9),
        "quota": cfg.quota,
        "stream_max": edition.stream_max,
        "usc_calls": edition.usc_calls,
        "on_demand": 1.0 if cfg.capacity_mode == "on-demand" else 0.0,
        "od_lag_steps": max(1, round(ON_DEMAND_SPLIT_LAG_S / dt)),
        "attempts": cfg.max_attempts,
        "auto": 1.0 if cfg.auto_reshard else 0.0,
        "day_steps": round(USC_WINDOW_S / dt),
        "od_split_bytes": ON_DEMAND_SPLIT_BYTES_PER_S,
        "od_split_records": ON_DEMAND_SPLIT_RECORDS_PER_S * cfg.records_per_kinesis_record,
        "usc_factor": USC_FACTOR,
        "max_shards": max_shard_ids(cfg),
        "bucket_bytes": cfg.write_bucket_bytes,
    }
    return pack(P, [row])[0]


def _delays(cfg: KinesisConfig) -> np.ndarray:
    """Backoff in steps after try j fails: base·2^(j-1), capped, at least one step."""
    j = np.arange(MAX_ATTEMPTS + 1)
    steps = np.round(np.minimum(cfg.retry_base_s * 2.0 ** (j - 1), RETRY_CAP_S) / cfg.dt_s)
    return np.maximum(1, steps).astype(np.int64)


def _run(configs: Sequence[KinesisConfig], load: object, seed: int, summary_only: bool) -> list[Result]:
    """Every config through one batched kernel call; one Result each (``summary_only``: one
    stacked summary-only Result for the whole batch, :func:`_summaries`)."""
    configs = list(configs)
    if not configs:
        raise ValueError("configs must hold at least one KinesisConfig, got none")
    grid = shared_grid(configs)
    load_list = broadcast_loads(load, len(configs))
    S, T = len(configs), grid.n_steps
    rate = np.stack([as_load(ld, grid, seed) for ld in load_list])  # type: ignore[arg-type]
    if rate.ndim != 2:
        raise ValueError("each load must be one series on the grid")
    sets = [key_set(c.n_keys, c.key_prefix) for c in configs]
    kmax = max(ks.n for ks in sets)
    p = np.stack([params(c) for c in configs])
    M = int(p[:, P.MAX_SHARDS].max())
    plan = [_actions(c) for c in configs]
    amax = max(1, *(len(a) for a, _ in plan))
    umax = max(1, *(len(u) for _, u in plan))
    att = max(c.max_attempts for c in configs) + 1
    D = int(max(_delays(c)[: c.max_attempts].max() for c in configs)) + 1
    L = int(min(p[:, P.RETENTION_STEPS].max(), T)) + 1

    khi, klo = np.zeros((S, kmax), np.uint64), np.zeros((S, kmax), np.uint64)
    cumw, nk = np.zeros((S, kmax + 1)), np.zeros(S, np.int64)
    dsteps = np.zeros((S, MAX_ATTEMPTS + 1), np.int64)
    init_hi, init_lo, n0 = np.zeros((S, M), np.uint64), np.zeros((S, M), np.uint64), np.zeros(S, np.int64)
    act = np.full((S, amax, len(ACT)), EMPTY, np.int64)
    ub_hi, ub_lo = np.zeros((S, umax), np.uint64), np.zeros((S, umax), np.uint64)
    weights = []
    for s, (c, ks) in enumerate(zip(configs, sets, strict=True)):
        khi[s, : ks.n], klo[s, : ks.n], nk[s] = ks.hi, ks.lo, ks.n
        w_sorted = c.weights()[ks.order]
        weights.append(w_sorted)
        cumw[s, 1 : ks.n + 1] = np.cumsum(w_sorted)
        cumw[s, ks.n + 1 :] = cumw[s, ks.n]
        dsteps[s] = _delays(c)
        hi, lo = split_halves(even_starts(c.initial_shards))
        init_hi[s, : len(hi)], init_lo[s, : len(lo)], n0[s] = hi, lo, len(hi)
        acts, ub = plan[s]
        rows, off = [], 0
        for step, kind, n in acts:
            rows.append({"step": step, "kind": kind, "shards": n, "offset": off})
            off += n
        if rows:
            act[s, : len(rows)] = pack(ACT, rows, np.int64)
        if ub:
            ub_hi[s, : len(ub)], ub_lo[s, : len(ub)] = split_halves(ub)

    sh_inc, sh_acc, sh_thr = (np.zeros((S, T, M), np.float32) for _ in range(3))
    out = np.zeros((S, T, len(OUT)))
    meta, hashes = np.zeros((S, M, len(SHARD)), np.int64), np.zeros((S, M, len(HASH)), np.uint64)
    ev, n_ev = event_buffer(S, EVENT_CAP)
    nsh = np.zeros(S, np.int64)
    pend, ring = np.zeros((S, M, att, D)), np.zeros((S, M, L))
    run_batch(rate, khi, klo, cumw, nk, p, init_hi, init_lo, n0, act, ub_hi, ub_lo, dsteps,
              sh_inc, sh_acc, sh_thr, out, meta, hashes, ev, n_ev, nsh, pend, ring)  # fmt: skip
    if summary_only:
        return [_summaries(configs, grid.t_s, out)]
    results = []
    for s, c in enumerate(configs):
        n = int(nsh[s])
        parts = (sh_inc[s, :, :n], sh_acc[s, :, :n], sh_thr[s, :, :n], meta[s, :n], hashes[s, :n])
        events = (ev[s], int(n_ev[s]))
        results.append(_result(c, grid.t_s, out[s], parts, events, sets[s], weights[s], seed))
    return results


def _summaries(configs: list[KinesisConfig], t: np.ndarray, out: np.ndarray) -> Result:
    """The stacked summary-only Result of a batch (what :func:`stack_results` makes of one
    summary-only Result per scenario), its summary read from the frames' columns without
    building a frame per scenario: a sweep's thousands of scenarios spend their time in the kernel."""
    rows = [summary_row(c, stream_columns(c, t, out[s])) for s, c in enumerate(configs)]
    table = SUMMARY.frame({name: [row[name] for row in rows] for name in SUMMARY.names})
    table.insert(0, "scenario", np.arange(len(configs), dtype=np.int64))
    empty = {k: v[:0] for k, v in stream_columns(configs[0], t, out[0]).items()}
    extra = {name: SCHEMAS[name].frame({c: [] for c in SCHEMAS[name].names}) for name in _EXTRAS}
    shape = stack_results(
        [Result(FRAME.frame(empty), EventLog().frame(), configs[0], UNITS, extra, table)], summary_only=True
    )
    return Result(shape.frame, shape.events, list(configs), UNITS, shape.extra, table)


def _result(cfg, t, out, parts, events, ks, w_sorted, seed) -> Result:  # type: ignore[no-untyped-def]
    """One scenario's Result."""
    frame = stream_frame(cfg, t, out)
    one = summary(cfg, frame)
    inc, acc, thr, meta, hashes = parts
    rng = np.random.default_rng(seed)
    extra = {
        "shard": shard_frame(cfg, t, inc, acc, thr, meta),
        "shards": shard_table(cfg, meta, hashes, ks, w_sorted),
        "sequence_samples": sequence_samples(cfg, acc, meta, ks, w_sorted, rng),
        "key_groups": key_groups(cfg, acc, meta, ks, w_sorted, t),
    }
    log = build_events(cfg, events[0], events[1], thr, meta, ks, w_sorted, one)
    return Result(frame=frame, events=log, config=cfg, units=UNITS, extra=extra, summary=one)


def simulate_many(
    configs: Sequence[KinesisConfig], load: Sequence[object] | object, *, seed: int = 0, summary: bool = False
) -> Result:
    """Run several streams in one kernel call (state arrays have a leading scenario axis); all
    share one grid. ``load`` is one load for all or one per config: a LoadTrace, a number or an
    array (records/s).

    Returns one stacked Result (a ``scenario`` column everywhere, ``config`` the list);
    ``result.scenario(i)`` equals ``simulate(configs[i], load_i, seed=seed)``. ``summary=True``
    is the fast path for sweeps: only ``summary`` is filled (one row per scenario).
    """
    if summary:
        return _run(configs, load, seed, True)[0]
    return stack_results(_run(configs, load, seed, False))


def simulate(config: KinesisConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Simulate one stream under ``load`` (records/s)."""
    return _run([config], [load], seed, False)[0]

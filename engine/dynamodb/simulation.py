"""Running DynamoDB tables: configs packed into the kernel's arrays, one kernel call for a whole
batch, and the arrays turned back into :class:`~engine.core.Result` objects.

Each scenario's keys are drawn from its own generator seeded with ``seed``, so scenario ``i`` of
:func:`simulate_many` is exactly :func:`simulate` of ``configs[i]``, wherever it sits in a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.core import EventLog, Result, broadcast_loads, stack_results
from engine.dynamodb.capacity import key_popularity
from engine.dynamodb.config import TRICKLE_RPS, DynamoConfig
from engine.dynamodb.dax import GRID_POINTS, miss_tables, rate_grid
from engine.dynamodb.explain import explain_events
from engine.dynamodb.kernel import run_batch
from engine.dynamodb.layout import BUCKET, DIM, MAX_EVENTS, MAX_PARTITIONS, N_DIM, OUT, PAR
from engine.dynamodb.results import PARTITION_SCHEMA, SCHEMA, UNITS, partition_frame, step_columns, summary_frame
from engine.kernel.events import event_buffer
from engine.kernel.layout import pack
from engine.load import LoadTrace, as_load

__all__ = ["param_row", "simulate", "simulate_many", "warmup"]


def param_row(c: DynamoConfig) -> dict[str, Any]:
    """One scenario's kernel parameters, by :data:`~engine.dynamodb.layout.PAR` slot name."""
    aws_today = float(c.rules == "aws-today")
    return {
        "on_demand": float(c.mode == "on-demand"),
        "rcu": c.start_rcu,
        "wcu": c.start_wcu,
        "rcu_per_read": c.rcu_per_read,
        "wcu_per_write": c.wcu_per_write,
        "storage_gb": c.storage_gb,
        "growth_gb_per_s": c.growth_gb_per_h / 3600.0,
        "burst": float(c.burst),
        "adaptive": aws_today,
        "heat": aws_today,
        "autoscaling": float(c.autoscaling),
        "target": c.target_pct / 100.0,
        "min_rcu": c.min_rcu,
        "max_rcu": c.max_rcu,
        "min_wcu": c.min_wcu,
        "max_wcu": c.max_wcu,
        "delay_s": c.update_delay_s,
        "zero_hold": float(c.rules == "course"),
        "pin": float(c.pin_max_to_min),
        "gsi": float(c.gsi),
        "gsi_wcu": c.start_gsi_wcu,
        "gsi_autoscaling": float(c.gsi_autoscaling),
        "gsi_target": c.gsi_target_pct / 100.0,
        "gsi_min_wcu": c.gsi_min_wcu,
        "gsi_max_wcu": c.gsi_max_wcu,
        "dax": float(c.dax_effective),
        "bucket_s": c.partition_bucket_s,
        "n_keys": c.n_keys,
    }


def _run(configs: Sequence[DynamoConfig], loads: object, seed: int, *, summary_only: bool = False) -> list[Result]:
    """Every config through one kernel call; one single-scenario Result each. ``summary_only``
    leaves out the frame's rows, the event sentences and the per-partition frame (empty, columns kept)."""
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
    G = GRID_POINTS if any_dax else 2
    par = pack(PAR, [param_row(c) for c in configs])
    load = np.zeros((S, N_DIM, T))
    change = np.full((S, N_DIM, T), np.nan)
    hashes = np.full((S, kmax), 2.0)
    cum = np.zeros((S, kmax + 1))
    miss = np.zeros((S, G, kmax + 1))
    keys = []
    for s, c in enumerate(configs):
        rng = np.random.default_rng(seed)
        total = as_load(per[s], grid, seed) if isinstance(per[s], LoadTrace) else as_load(per[s], grid)
        trickle = TRICKLE_RPS if (c.trickle and c.mode == "provisioned") else 0.0
        load[s, DIM.RCU] = total * c.read_fraction + trickle
        load[s, DIM.WCU] = total * (1.0 - c.read_fraction) + trickle
        for t_s, r, w in sorted(c.capacity_changes):
            change[s, DIM.RCU, int(t_s)], change[s, DIM.WCU, int(t_s)] = r, w
        pop = key_popularity(c.n_keys, c.popularity, zipf_s=c.zipf_s, hot_pct=c.hot_key_pct)
        h = rng.random(c.n_keys)  # each key's hash position in [0, 1)
        order = np.argsort(h, kind="stable")
        hashes[s, : c.n_keys] = h[order]
        cum[s, 1 : c.n_keys + 1] = np.cumsum(pop[order])
        cum[s, c.n_keys + 1 :] = cum[s, c.n_keys]
        if c.dax_effective:
            m = miss_tables(pop[order], c.dax_ttl_s, c.dax_items)
            miss[s, :, : c.n_keys + 1] = m
            miss[s, :, c.n_keys + 1 :] = m[:, -1:]
        keys.append((pop, h))
    log_grid = np.log(rate_grid()) if any_dax else np.array([0.0, 1.0])
    out = np.zeros((S, len(OUT), T))
    buckets = np.zeros((S, len(BUCKET), nb, MAX_PARTITIONS))
    ev, counts = event_buffer(S, MAX_EVENTS)
    run_batch(par, load, change, hashes, cum, miss, log_grid, out, buckets, ev, counts)
    results = []
    for s, c in enumerate(configs):
        columns = step_columns(c, grid.t_s, out[s])
        summary = summary_frame(c, columns)
        if summary_only:  # the frame's columns, no rows: a sweep's batch never holds a day per scenario
            frame = SCHEMA.frame({n: v[:0] for n, v in columns.items()})
            events, extra = EventLog().frame(), PARTITION_SCHEMA.frame({n: [] for n in PARTITION_SCHEMA.names})
        else:
            frame = SCHEMA.frame(columns)
            events, names = explain_events(c, ev[s], counts[s], keys[s])
            extra = partition_frame(c, out[s, OUT.PARTITIONS], buckets[s], names)
        results.append(Result(frame, events, c, units=UNITS, extra={"partitions": extra}, summary=summary))
    return results


def simulate(config: DynamoConfig, load: object, *, seed: int = 0) -> Result:
    """Simulate one table for ``config.horizon_s`` seconds under ``load`` (requests/s)."""
    return _run([config], [load], seed)[0]


def simulate_many(configs: Sequence[DynamoConfig], loads: object, *, seed: int = 0, summary: bool = False) -> Result:
    """Run several tables at once through one kernel call (leading scenario axis); a stacked
    Result whose ``scenario(i)`` is ``simulate(configs[i], load_i, seed=seed)``.

    ``loads`` is one load for all (LoadTrace, number, array) or a sequence, one per config.
    All configs must share ``horizon_s`` and ``partition_bucket_s``. ``summary=True``: only the
    summary is filled (one row per scenario), the fast path for sweeps.
    """
    return stack_results(_run(configs, loads, seed, summary_only=summary), summary_only=summary)


def warmup() -> None:
    """Compile the kernel on a tiny input (the app calls this at start)."""
    simulate(DynamoConfig(horizon_s=120, n_keys=10, dax=True, autoscaling=True, gsi=True, gsi_autoscaling=True), 10.0)

"""The CloudFront run: configs packed into the kernel's arrays, the kernel, its outputs as a Result.

:func:`simulate_many` runs every scenario in one kernel call (they share the time grid);
:func:`simulate` is the one-scenario case. Scenario ``i`` of a batch is exactly ``simulate(configs[i])``:
the load of each scenario is drawn from the seed alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from engine.cloudfront.config import MODES, CloudFrontConfig
from engine.cloudfront.explain import explain
from engine.cloudfront.kernel import kernel
from engine.cloudfront.layout import BUCKET, OUT, PRM, REGION_IN, REGION_OUT, RTT
from engine.cloudfront.profiles import COUNTRIES, ORIGINS, REGIONS
from engine.core import Column, EventLog, Result, Schema, broadcast_loads
from engine.kernel.layout import columns, pack, slot_names
from engine.load import LoadTrace, batch_loads

__all__ = [
    "COUNTRIES_SCHEMA",
    "N_BUCKETS",
    "REGIONS_SCHEMA",
    "SCHEMA",
    "SUMMARY",
    "simulate",
    "simulate_many",
    "ttl_runs",
    "ttl_sweep",
]

N_BUCKETS = 48
"""Rank buckets of the catalogue the kernel tracks (exact up to this many objects)."""

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("requests", "req/s", "viewer requests"),
    Column("blocked_rps", "req/s", "refused by geo restriction (403)"),
    Column("edge_hits_rps", "req/s", "served from an edge cache"),
    Column("stale_rps", "req/s", "edge hits that served an out-of-date copy"),
    Column("shield_hits_rps", "req/s", "misses answered by Origin Shield (incl. collapsed)"),
    Column("origin_rps", "req/s", "requests reaching the origin"),
    Column("origin_errors_rps", "req/s", "origin requests over its capacity (5xx)"),
    Column("hit_ratio", "%", "edge hits / allowed requests"),
    Column("offload_pct", "%", "allowed requests that never reached the origin"),
    Column("origin_util_pct", "%", "origin requests / origin capacity"),
    Column("latency_ms", "ms", "mean time to first byte of served requests"),
)
REGIONS_SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("region", "", "viewer region (one edge cache each)"),
    Column("allowed_rps", "req/s", "requests from the region that geo restriction lets in"),
    Column("edge_hits_rps", "req/s", "served from the region's edge cache"),
    Column("latency_ms", "ms", "mean time to first byte in the region"),
)
COUNTRIES_SCHEMA = Schema(
    Column("code", "", "ISO country code (?? = not located)"),
    Column("country", "", "country name"),
    Column("region", "", "viewer region"),
    Column("total_requests", "requests", "requests from the country over the run"),
    Column("blocked_requests", "requests", "of those, refused by geo restriction (403)"),
)
SUMMARY = Schema(
    Column("total_requests", "requests", "viewer requests over the run"),
    Column("hit_ratio", "%", "edge hits / allowed requests over the run"),
    Column("mean_origin_rps", "req/s", "mean origin load"),
    Column("peak_origin_rps", "req/s", "highest origin load of a step"),
    Column("origin_errors", "requests", "origin requests over its capacity (5xx) over the run"),
    Column("blocked_requests", "requests", "requests refused by geo restriction over the run"),
    Column("mean_latency_ms", "ms", "mean of the steps' time to first byte"),
    Column("invalidation_cost_usd", "USD", "the deploy's invalidation charge (illustrative)"),
)
UNITS: dict[str, str] = {
    **COUNTRIES_SCHEMA.units(),
    **REGIONS_SCHEMA.units(),
    **SCHEMA.units(),
    **SUMMARY.units(),
    "scenario": "",
}
assert SCHEMA.names[1:] == list(slot_names(OUT)), "OUT slots must be the frame's columns after t_s"
assert REGIONS_SCHEMA.names[2:] == list(slot_names(REGION_OUT)), "REGION_OUT slots must be the regions columns"


@lru_cache(maxsize=32)
def _buckets(n: int, s: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rank buckets of the catalogue: objects per bucket, per-object request share, first rank.

    Up to ``N_BUCKETS`` objects are exact (one per bucket); larger catalogues use geometric rank
    buckets whose objects share the bucket's mean rate (padding buckets hold 0 objects).
    """
    m = np.zeros(N_BUCKETS)
    p = np.zeros(N_BUCKETS)
    first = np.zeros(N_BUCKETS, dtype=np.int64)
    ranks = np.arange(1, n + 1, dtype=np.float64)
    w = ranks ** (-s)
    w /= w.sum()
    if n <= N_BUCKETS:
        edges = np.arange(1, n + 2)
    else:
        edges = np.unique(np.round(np.geomspace(1, n + 1, N_BUCKETS + 1)).astype(np.int64))
    cum = np.concatenate([[0.0], np.cumsum(w)])
    k = len(edges) - 1
    m[:k] = np.diff(edges)
    p[:k] = (cum[edges[1:] - 1] - cum[edges[:-1] - 1]) / m[:k]
    first[:k] = edges[:-1]
    return m, p, first


def _changed_fraction(m: np.ndarray, first: np.ndarray, changed: int) -> np.ndarray:
    """Fraction of each bucket's objects among the ``changed`` most popular."""
    lo = first - 1
    overlap = np.clip(changed - lo, 0, m)
    return np.where(m > 0, overlap / np.maximum(m, 1), 0.0)


def _params(cfg: CloudFrontConfig) -> dict[str, float]:
    """One row of :data:`~engine.cloudfront.layout.PRM`, by slot name."""
    prof = ORIGINS[cfg.origin]
    return {
        "dynamic": cfg.dynamic_pct / 100.0,
        "ttl": cfg.ttl_s,
        "shield": float(cfg.origin_shield),
        "fetch_s": prof.base_ms / 1000.0,
        "capacity": prof.capacity_rps,
        "base_ms": prof.base_ms,
        "deploy_step": -1.0 if cfg.deploy_at_s is None else float(cfg.deploy_at_s // cfg.dt_s),
        "mode": float(MODES.index("none" if cfg.invalidation_rejected else cfg.mode)),
        "warm": float(cfg.warm_start),
    }


def _regions(cfg: CloudFrontConfig) -> np.ndarray:
    """``[REGION_IN, R]``: each region's share of viewers and the share of it geo restriction lets in."""
    share_c = np.array([c.share for c in COUNTRIES])
    region_of = np.array([c.region for c in COUNTRIES])
    share = np.bincount(region_of, weights=share_c, minlength=len(REGIONS))
    ok = np.bincount(region_of, weights=share_c * cfg.country_allowed(), minlength=len(REGIONS))
    out = np.zeros((len(REGION_IN), len(REGIONS)))
    out[REGION_IN.SHARE] = share
    out[REGION_IN.ALLOWED] = np.where(share > 0, ok / np.maximum(share, 1e-300), 1.0)
    return out


def _bucket_inputs(cfg: CloudFrontConfig) -> np.ndarray:
    """``[BUCKET, B]``: objects per rank bucket, request share per object, fraction changed."""
    m, p, first = _buckets(cfg.n_objects, cfg.zipf_s)
    out = np.zeros((len(BUCKET), N_BUCKETS))
    out[BUCKET.OBJECTS] = m
    out[BUCKET.SHARE] = p
    out[BUCKET.CHANGED] = _changed_fraction(m, first, cfg.changed)
    return out


def _trips() -> np.ndarray:
    out = np.zeros((len(RTT), len(REGIONS)))
    out[RTT.EDGE_MS] = [r.edge_ms for r in REGIONS]
    out[RTT.ORIGIN_MS] = [r.origin_ms for r in REGIONS]
    return out


@dataclass(frozen=True)
class _Run:
    """One batch's raw outputs: per-column arrays ``[S, N]`` and per-region ``[S, R, N]``."""

    t: np.ndarray
    dt: float
    rate: np.ndarray
    cols: dict[str, np.ndarray]
    regions: dict[str, np.ndarray]


def _run(configs: Sequence[CloudFrontConfig], loads: Sequence[Any], seed: int) -> _Run:
    grid, rate = batch_loads(configs, loads, seed)
    if grid is None:
        raise ValueError("simulate_many needs at least one config")
    out, reg = kernel(
        rate,
        pack(PRM, [_params(c) for c in configs]),
        np.stack([_regions(c) for c in configs]),
        np.stack([_bucket_inputs(c) for c in configs]),
        _trips(),
        float(grid.dt_s),
    )
    return _Run(grid.t_s, float(grid.dt_s), rate, columns(out, OUT, axis=1), columns(reg, REGION_OUT, axis=2))


def _summary(run: _Run, configs: Sequence[CloudFrontConfig]) -> dict[str, np.ndarray]:
    c, dt = run.cols, run.dt
    allowed = (c["requests"] - c["blocked_rps"]).sum(axis=1)
    return {
        "total_requests": run.rate.sum(axis=1) * dt,
        "hit_ratio": 100 * c["edge_hits_rps"].sum(axis=1) / np.maximum(allowed, 1e-12),
        "mean_origin_rps": c["origin_rps"].mean(axis=1),
        "peak_origin_rps": c["origin_rps"].max(axis=1),
        "origin_errors": c["origin_errors_rps"].sum(axis=1) * dt,
        "blocked_requests": c["blocked_rps"].sum(axis=1) * dt,
        "mean_latency_ms": c["latency_ms"].mean(axis=1),
        "invalidation_cost_usd": np.array([cfg.invalidation_cost_usd for cfg in configs]),
    }


def _countries(cfg: CloudFrontConfig, total_req: float) -> dict[str, list]:
    return {
        "code": [c.code for c in COUNTRIES],
        "country": [c.name for c in COUNTRIES],
        "region": [REGIONS[c.region].name for c in COUNTRIES],
        "total_requests": [total_req * c.share for c in COUNTRIES],
        "blocked_requests": [
            total_req * c.share * (1 - a) for c, a in zip(COUNTRIES, cfg.country_allowed(), strict=True)
        ],
    }


def _result(run: _Run, configs: Sequence[CloudFrontConfig], *, stacked: bool, summary_only: bool) -> Result:
    """The batch as one Result: with a ``scenario`` column when ``stacked``, else scenario 0 alone."""
    S, N = run.rate.shape
    R = len(REGIONS)
    scen = {"scenario": np.repeat(np.arange(S), N)} if stacked else {}
    keep = slice(0, 0) if summary_only else slice(None)
    frame = pd.DataFrame(
        {"t_s": np.tile(run.t, S)[keep], **{k: v.ravel()[keep] for k, v in run.cols.items()}}
        | {k: v[keep] for k, v in scen.items()}
    )
    regions = pd.DataFrame(
        {
            "t_s": np.tile(run.t, S * R)[keep],
            "region": np.tile(np.repeat([r.name for r in REGIONS], N), S)[keep],
            **{k: v.ravel()[keep] for k, v in run.regions.items()},
        }
        | ({"scenario": np.repeat(np.arange(S), R * N)[keep]} if stacked else {})
    )
    totals = run.rate.sum(axis=1) * run.dt
    per_country = [] if summary_only else [pd.DataFrame(_countries(c, totals[i])) for i, c in enumerate(configs)]
    if summary_only:
        countries = COUNTRIES_SCHEMA.frame({n: [] for n in COUNTRIES_SCHEMA.names})
        countries = countries.assign(scenario=np.zeros(0, np.int64)) if stacked else countries
    elif stacked:
        countries = pd.concat([f.assign(scenario=i) for i, f in enumerate(per_country)], ignore_index=True)
    else:
        countries = per_country[0]
    log = EventLog()
    if not summary_only:
        for i, cfg in enumerate(configs):
            cols = {"t_s": run.t, **{k: v[i] for k, v in run.cols.items()}}
            explain(cfg, cols, log, scenario=i)
    summary = SUMMARY.frame(_summary(run, configs))
    if stacked:
        summary.insert(0, "scenario", np.arange(S))
    return Result(
        frame=frame,
        events=log.frame(),
        config=list(configs) if stacked else configs[0],
        units=UNITS,
        extra={"regions": regions, "countries": countries},
        summary=summary,
    )


def simulate_many(
    configs: Sequence[CloudFrontConfig],
    load: LoadTrace | float | np.ndarray | Sequence[Any],
    *,
    seed: int = 0,
    summary: bool = False,
) -> Result:
    """Run scenarios in one kernel call (all must share ``horizon_s`` and ``dt_s``); ``load`` is one
    load for every config or one per config. Returns the stacked Result (``scenario`` column;
    ``result.scenario(i)`` equals ``simulate(configs[i], load_i, seed=seed)``); with ``summary=True``
    only ``result.summary`` is filled (frames and events empty, their columns kept)."""
    configs = list(configs)
    run = _run(configs, broadcast_loads(load, len(configs)), seed)
    return _result(run, configs, stacked=True, summary_only=summary)


def simulate(config: CloudFrontConfig, load: LoadTrace | float | np.ndarray, *, seed: int = 0) -> Result:
    """Run one distribution on ``load`` (total viewer req/s)."""
    return _result(_run([config], [load], seed), [config], stacked=False, summary_only=False)


def ttl_runs(
    config: CloudFrontConfig, load: LoadTrace | float | np.ndarray, ttls: Sequence[float], *, seed: int = 0
) -> Result:
    """``config`` once per TTL (the origin's max-age set to it, at ≥ 300 s steps), in one batched
    kernel call: the stacked summary Result (``summary.hit_ratio`` is the day-average hit ratio,
    the r·T / (1 + r·T) curve summed over the catalogue)."""
    dt = max(config.dt_s, 300.0)  # day averages: a coarser grid is plenty and 5x cheaper
    base = replace(
        config,
        dt_s=dt,
        deploy_at_s=None if config.deploy_at_s is None else min(config.deploy_at_s, config.horizon_s - dt),
    )
    cfgs = [replace(base.without_ttl, origin_max_age_s=float(t)) for t in ttls]
    return simulate_many(cfgs, [load] * len(cfgs), seed=seed, summary=True)


def ttl_sweep(
    config: CloudFrontConfig, load: LoadTrace | float | np.ndarray, ttls: Sequence[float], *, seed: int = 0
) -> pd.DataFrame:
    """Day-average hit ratio and mean origin load for each TTL (see :func:`ttl_runs`), one row each."""
    s = ttl_runs(config, load, ttls, seed=seed).summary
    return pd.DataFrame(
        {
            "ttl_s": [float(t) for t in ttls],
            "hit_ratio": s["hit_ratio"].to_numpy(),
            "origin_rps": s["mean_origin_rps"].to_numpy(),
        }
    )

"""CloudFront lab: edge caches with TTLs, invalidations, Origin Shield and geo restriction.

Model (facts: aws-facts.md §7; tables and illustrative numbers in ``engine.cloudfront_profiles``):

* Viewers in 15 countries (+ "unknown") in 5 regions send ``load`` req/s in total; a share is
  dynamic (never cached, always forwarded). Static requests pick an object of a catalogue with
  Zipf popularity ``p_i ∝ 1 / i^s``. Each region has one edge cache.
* **TTL** (§7): ``DefaultTTL`` applies when the origin sends no Cache-Control; a ``max-age`` from
  the origin is honoured but clamped to ``[MinTTL, MaxTTL]``.
* **Expected cache state, no per-request loop.** For each object (rank bucket) and edge the
  kernel keeps ``u`` = the probability a copy is cached. Requests arrive at rate ``λ``; a miss
  caches the object, which expires after ``T``. Treating expiry as a rate ``1/T`` gives
  ``du/dt = λ(1 − u) − u/T``, solved exactly over each step for the step's ``λ``. In steady state
  ``u = λT / (1 + λT)``, and the hit ratio equals ``u``:

      hit ratio = 1 − 1/(1 + r·T)       (one object, rate r, TTL T)

  Derivation (renewal): each cycle starts with one miss, then the copy is fresh for ``T`` and
  takes ``r·T`` hits; after expiry the next request misses again. So a cycle has 1 miss and
  ``r·T`` hits. This is exact for Poisson arrivals, and for evenly spaced arrivals when ``r·T`` is
  a whole number (a copy aged exactly ``T`` still counts as fresh).
* **Invalidation vs versioned names** (§7): a deploy at ``deploy_at_s`` changes the ``changed``
  most popular objects. "none" leaves stale copies to expire by TTL (stale hits are counted);
  "paths" invalidates each changed path (limit 3,000 in progress — over it the request is
  rejected — first 1,000 paths a month free); "all" invalidates ``/*`` (one path, every object
  cold); "versioned" publishes new names (cold, no invalidation, no cost).
* **Origin Shield** (§7): one extra cache in front of the origin shared by all edges; it also
  collapses concurrent misses: a fetch taking ``L`` absorbs the misses arriving meanwhile, so the
  shield behaves as a cache with TTL ``T + L``.
* **Origin** (notes: S3, EC2, ELB, another web server): base latency and capacity; requests over
  capacity fail (5xx), latency grows as ``1/(1 − ρ)`` near saturation.
* **Geo restriction** (§7): allow or block list of countries; blocked requests get 403 and are
  counted; an unknown country is always served.

Conservation per step: ``requests = blocked + edge hits + shield hits + origin served + origin errors``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from engine.cloudfront_kernel import kernel
from engine.cloudfront_profiles import (
    COUNTRIES,
    DEFAULT_TTL_S,
    FREE_PATHS_PER_MONTH,
    MAX_PATHS_IN_PROGRESS,
    MAX_TTL_S,
    ORIGINS,
    PRICE_PER_PATH_USD,
    REGIONS,
)
from engine.cloudfront_report import build_events
from engine.core import Column, Result, Schema, TimeGrid, check_choice, check_int, check_range
from engine.load import LoadTrace, batch_loads
from engine.rules import check_edition

__all__ = ["MODES", "SCHEMA", "CloudFrontConfig", "effective_ttl", "simulate", "simulate_many", "ttl_sweep", "warmup"]

MODES: tuple[str, ...] = ("none", "paths", "all", "versioned")
N_BUCKETS = 48
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


def effective_ttl(default_ttl_s: float, min_ttl_s: float, max_ttl_s: float, origin_max_age_s: float | None) -> float:
    """The TTL CloudFront applies (aws-facts §7): DefaultTTL without a header, else the header
    clamped to ``[MinTTL, MaxTTL]``."""
    if origin_max_age_s is None:
        return float(default_ttl_s)
    return float(min(max(origin_max_age_s, min_ttl_s), max_ttl_s))


@dataclass(frozen=True)
class CloudFrontConfig:
    """One distribution and its traffic. Times in seconds."""

    n_objects: int = 10_000
    zipf_s: float = 1.0
    dynamic_pct: float = 10.0
    min_ttl_s: float = 0.0
    default_ttl_s: float = float(DEFAULT_TTL_S)
    max_ttl_s: float = float(MAX_TTL_S)
    origin_max_age_s: float | None = None
    origin: str = "s3"
    origin_shield: bool = False
    geo_mode: str = "none"
    geo_countries: tuple[str, ...] = ()
    warm_start: bool = True
    deploy_at_s: float | None = None
    changed: int = 100
    mode: str = "none"
    distribution: str = "web"
    horizon_s: float = 86_400.0
    dt_s: float = 60.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_int("n_objects", self.n_objects, 1, 1_000_000)
        check_range("zipf_s", self.zipf_s, 0.0, 2.0)
        check_range("dynamic_pct", self.dynamic_pct, 0.0, 100.0, unit="%")
        check_range("min_ttl_s", self.min_ttl_s, 0, MAX_TTL_S, unit="s")
        check_range("max_ttl_s", self.max_ttl_s, 0, MAX_TTL_S, unit="s")
        check_range("default_ttl_s", self.default_ttl_s, 0, MAX_TTL_S, unit="s")
        if self.min_ttl_s > self.default_ttl_s:
            raise ValueError(f"min_ttl_s {self.min_ttl_s:g} must not exceed default_ttl_s {self.default_ttl_s:g}")
        if self.default_ttl_s > self.max_ttl_s:
            raise ValueError(f"default_ttl_s {self.default_ttl_s:g} must not exceed max_ttl_s {self.max_ttl_s:g}")
        if self.origin_max_age_s is not None:
            check_range("origin_max_age_s", self.origin_max_age_s, 0, 10 * MAX_TTL_S, unit="s")
        check_choice("origin", self.origin, ORIGINS)
        check_choice("geo_mode", self.geo_mode, ("none", "allow", "block"))
        object.__setattr__(self, "geo_countries", tuple(self.geo_countries))
        for code in self.geo_countries:
            check_choice("geo_countries entry", code, [c.code for c in COUNTRIES if c.code != "??"])
        if self.geo_mode == "allow" and not self.geo_countries:
            raise ValueError("geo_mode 'allow' needs at least one country in geo_countries, got none")
        check_int("changed", self.changed, 0, 1_000_000)
        if self.deploy_at_s is not None and self.changed > self.n_objects:
            raise ValueError(f"changed {self.changed:,} must not exceed n_objects {self.n_objects:,} (the catalogue)")
        check_choice("mode", self.mode, MODES)
        check_edition(self.rules)
        check_choice("distribution", self.distribution, ("web", "rtmp"))
        if self.distribution == "rtmp" and self.rules == "aws-today":
            raise ValueError(
                "distribution 'rtmp' is not available under the AWS-today rules: RTMP distributions "
                "were deprecated on 31 Dec 2020 (aws-facts §7); use 'web'"
            )
        TimeGrid(self.horizon_s, self.dt_s)  # validates horizon_s and dt_s
        if self.deploy_at_s is not None:
            check_range("deploy_at_s", self.deploy_at_s, 0, self.horizon_s - self.dt_s, unit="s")

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def ttl_s(self) -> float:
        """The TTL applied to static objects (aws-facts §7)."""
        return effective_ttl(self.default_ttl_s, self.min_ttl_s, self.max_ttl_s, self.origin_max_age_s)

    @property
    def without_ttl(self) -> CloudFrontConfig:
        """The same distribution with default TTL settings (a cache key for TTL sweeps)."""
        return replace(
            self, origin_max_age_s=None, min_ttl_s=0.0, default_ttl_s=float(DEFAULT_TTL_S), max_ttl_s=float(MAX_TTL_S)
        )

    @property
    def capacity_rps(self) -> float:
        """Requests/s the chosen origin kind can serve (illustrative profile)."""
        return ORIGINS[self.origin].capacity_rps

    @property
    def invalidation_paths(self) -> int:
        """Paths the deploy's invalidation submits (``/*`` is one path, §7)."""
        if self.deploy_at_s is None:
            return 0
        return {"paths": self.changed, "all": 1}.get(self.mode, 0)

    @property
    def invalidation_rejected(self) -> bool:
        """More individual paths than may be in progress at once (§7: 3,000): rejected."""
        return self.invalidation_paths > MAX_PATHS_IN_PROGRESS

    @property
    def invalidation_cost_usd(self) -> float:
        """Paths beyond the free 1,000 a month, at the illustrative 2026 price."""
        if self.invalidation_rejected:
            return 0.0
        return max(0, self.invalidation_paths - FREE_PATHS_PER_MONTH) * PRICE_PER_PATH_USD

    def country_allowed(self) -> np.ndarray:
        """1.0 for each country served, 0.0 for each blocked (unknown is always served, §7)."""
        codes = set(self.geo_countries)
        out = np.ones(len(COUNTRIES))
        for i, c in enumerate(COUNTRIES):
            if c.code == "??" or self.geo_mode == "none":
                continue
            listed = c.code in codes
            out[i] = float(listed if self.geo_mode == "allow" else not listed)
        return out


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


def _arrays(cfg: CloudFrontConfig) -> dict[str, float | np.ndarray]:
    share_c = np.array([c.share for c in COUNTRIES])
    region_of = np.array([c.region for c in COUNTRIES])
    allowed_c = cfg.country_allowed()
    share = np.bincount(region_of, weights=share_c, minlength=len(REGIONS))
    ok = np.bincount(region_of, weights=share_c * allowed_c, minlength=len(REGIONS))
    m, p, first = _buckets(cfg.n_objects, cfg.zipf_s)
    prof = ORIGINS[cfg.origin]
    mode = MODES.index("none" if cfg.invalidation_rejected else cfg.mode)
    deploy = -1 if cfg.deploy_at_s is None else int(cfg.deploy_at_s // cfg.dt_s)
    return {
        "share": share,
        "allowed": np.where(share > 0, ok / np.maximum(share, 1e-300), 1.0),
        "dyn": cfg.dynamic_pct / 100.0,
        "m": m,
        "p": p,
        "frac": _changed_fraction(m, first, cfg.changed),
        "ttl": cfg.ttl_s,
        "shield": cfg.origin_shield,
        "fetch_s": prof.base_ms / 1000.0,
        "cap": prof.capacity_rps,
        "base_ms": prof.base_ms,
        "deploy": deploy,
        "mode": mode,
        "warm": cfg.warm_start,
    }


def simulate_many(
    configs: Sequence[CloudFrontConfig], loads: Sequence[LoadTrace | float | np.ndarray], *, seed: int = 0
) -> list[Result]:
    """Run scenarios in one kernel call (all must share ``horizon_s`` and ``dt_s``)."""
    grid, rate = batch_loads(configs, loads, seed)
    if grid is None:
        return []
    arrs = [_arrays(c) for c in configs]

    def col(name: str, dtype: type = np.float64) -> np.ndarray:
        return np.array([a[name] for a in arrs], dtype=dtype)

    out, reg = kernel(
        rate, col("share"), col("allowed"), col("dyn"), col("m"), col("p"), col("frac"), col("ttl"),
        col("shield", np.bool_), col("fetch_s"), col("cap"), col("base_ms"),
        np.array([r.edge_ms for r in REGIONS]), np.array([r.origin_ms for r in REGIONS]),
        col("deploy", np.int64), col("mode", np.int64), col("warm", np.bool_), float(grid.dt_s),
    )  # fmt: skip
    t = grid.t_s
    results = []
    for i, cfg in enumerate(configs):
        names = SCHEMA.names[1:]
        frame = SCHEMA.frame({"t_s": t, **{n: out[i, k] for k, n in enumerate(names)}})
        regions = pd.DataFrame(
            {
                "t_s": np.tile(t, len(REGIONS)),
                "region": np.repeat([r.name for r in REGIONS], len(t)),
                "allowed_rps": reg[i, :, 0].ravel(),
                "edge_hits_rps": reg[i, :, 1].ravel(),
                "latency_ms": reg[i, :, 2].ravel(),
            }
        )
        total_req = float(rate[i].sum() * grid.dt_s)
        countries = pd.DataFrame(
            {
                "code": [c.code for c in COUNTRIES],
                "country": [c.name for c in COUNTRIES],
                "region": [REGIONS[c.region].name for c in COUNTRIES],
                "requests": [total_req * c.share for c in COUNTRIES],
                "blocked": [
                    total_req * c.share * (1 - a) for c, a in zip(COUNTRIES, cfg.country_allowed(), strict=True)
                ],
            }
        )
        results.append(
            Result(
                frame=frame,
                events=build_events(cfg, frame),
                config=cfg,
                units=SCHEMA.units(),
                extra={"regions": regions, "countries": countries},
            )
        )
    return results


def simulate(config: CloudFrontConfig, load: LoadTrace | float | np.ndarray, *, seed: int = 0) -> Result:
    """Run one distribution on ``load`` (total viewer req/s)."""
    return simulate_many([config], [load], seed=seed)[0]


def ttl_sweep(
    config: CloudFrontConfig, load: LoadTrace | float | np.ndarray, ttls: Sequence[float], *, seed: int = 0
) -> pd.DataFrame:
    """Day-average hit ratio and origin load for each TTL (the origin's max-age set to it), in one
    batched kernel call at ≥ 300 s steps: the r·T / (1 + r·T) curve summed over the catalogue."""
    dt = max(config.dt_s, 300.0)  # day averages: a coarser grid is plenty and 5x cheaper
    base = replace(
        config,
        dt_s=dt,
        deploy_at_s=None if config.deploy_at_s is None else min(config.deploy_at_s, config.horizon_s - dt),
    )
    cfgs = [replace(base, origin_max_age_s=float(t), min_ttl_s=0.0, max_ttl_s=float(MAX_TTL_S)) for t in ttls]
    res = simulate_many(cfgs, [load] * len(cfgs), seed=seed)
    hit = [
        100 * r.frame["edge_hits_rps"].sum() / max((r.frame["requests"] - r.frame["blocked_rps"]).sum(), 1e-12)
        for r in res
    ]
    return pd.DataFrame(
        {"ttl_s": [float(t) for t in ttls], "hit_ratio": hit, "origin_rps": [r.frame["origin_rps"].mean() for r in res]}
    )


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(
        CloudFrontConfig(n_objects=10, horizon_s=600, dt_s=60, origin_shield=True, deploy_at_s=60, changed=5), 10.0
    )

"""CloudFront lab: edge caches with TTLs, invalidations, Origin Shield and geo restriction.

Model (facts: aws-facts.md §7; tables and illustrative numbers in :mod:`engine.cloudfront.profiles`):

* Viewers in 15 countries (+ "unknown") in 5 regions send ``load`` req/s in total; a share is
  dynamic (never cached, always forwarded). Static requests pick an object of a catalogue with
  Zipf popularity ``p_i ∝ 1 / i^s``. Each region has one edge cache.
* **TTL** (§7, :func:`~engine.cloudfront.config.cache_decision`): ``DefaultTTL`` applies when the
  origin sends no Cache-Control or Expires; ``s-maxage``, else ``max-age``, else ``Expires`` is
  honoured but clamped to ``[MinTTL, MaxTTL]``; ``no-cache``, ``no-store`` or ``private`` keep the
  object out of the edge unless MinTTL > 0, which still caches it for MinTTL.
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
  "paths" invalidates each changed path (over ``MAX_PATHS_IN_PROGRESS`` in progress the request is
  rejected; the first ``FREE_PATHS_PER_MONTH`` paths a month are free); "all" invalidates ``/*``
  (one path, every object cold); "versioned" publishes new names (cold, no invalidation, no cost).
* **Origin Shield** (§7): one extra cache in front of the origin shared by all edges; it also
  collapses concurrent misses: a fetch taking ``L`` absorbs the misses arriving meanwhile, so the
  shield behaves as a cache with TTL ``T + L``.
* **Origin** (notes: S3, EC2, ELB, another web server): base latency and capacity; requests over
  capacity fail (5xx), latency grows as ``1/(1 − ρ)`` near saturation.
* **Geo restriction** (§7): allow or block list of countries; blocked requests get 403 and are
  counted; an unknown country is always served.

Conservation per step: ``requests = blocked + edge hits + shield hits + origin served + origin errors``.

The package: :mod:`~engine.cloudfront.config` (settings), :mod:`~engine.cloudfront.profiles`
(tables and limits), :mod:`~engine.cloudfront.layout` (the kernel's array slots),
:mod:`~engine.cloudfront.kernel` (the time loop), :mod:`~engine.cloudfront.explain` (event
sentences), :mod:`~engine.cloudfront.simulation` (config → kernel → Result).

In a notebook::

    from engine.cloudfront import CloudFrontConfig, simulate, simulate_many
    from engine.load import preset

    r = simulate(CloudFrontConfig(origin_max_age_s=10, origin_shield=True), preset("Business day"))
    r.frame[["t_s", "hit_ratio", "origin_rps"]]
    r.events
    sweep = simulate_many([CloudFrontConfig(zipf_s=z) for z in (0.6, 1.0, 1.4)], 500.0, summary=True)
    sweep.summary[["scenario", "hit_ratio", "peak_origin_rps"]]
"""

from __future__ import annotations

from engine.cloudfront.config import (
    DIRECTIVES,
    GEO_MODES,
    MODES,
    CacheDecision,
    CloudFrontConfig,
    cache_decision,
    effective_ttl,
)
from engine.cloudfront.profiles import (
    COUNTRIES,
    COUNTRY_NAMES,
    DEFAULT_TTL_S,
    FREE_PATHS_PER_MONTH,
    MAX_PATHS_IN_PROGRESS,
    MAX_TTL_S,
    MAX_WILDCARDS_IN_PROGRESS,
    MIN_TTL_S,
    ORIGINS,
    PRICE_PER_PATH_USD,
    REGIONS,
    UNKNOWN_COUNTRY,
    Country,
    OriginProfile,
    Region,
)
from engine.cloudfront.simulation import (
    COUNTRIES_SCHEMA,
    REGIONS_SCHEMA,
    SCHEMA,
    SUMMARY,
    simulate,
    simulate_many,
    ttl_runs,
    ttl_sweep,
)

__all__ = [
    "COUNTRIES",
    "COUNTRIES_SCHEMA",
    "COUNTRY_NAMES",
    "DEFAULT_TTL_S",
    "DIRECTIVES",
    "FREE_PATHS_PER_MONTH",
    "GEO_MODES",
    "MAX_PATHS_IN_PROGRESS",
    "MAX_TTL_S",
    "MAX_WILDCARDS_IN_PROGRESS",
    "MIN_TTL_S",
    "MODES",
    "ORIGINS",
    "PRICE_PER_PATH_USD",
    "REGIONS",
    "REGIONS_SCHEMA",
    "SCHEMA",
    "SUMMARY",
    "UNKNOWN_COUNTRY",
    "CacheDecision",
    "CloudFrontConfig",
    "Country",
    "OriginProfile",
    "Region",
    "cache_decision",
    "effective_ttl",
    "simulate",
    "simulate_many",
    "ttl_runs",
    "ttl_sweep",
    "warmup",
]


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(
        CloudFrontConfig(n_objects=10, horizon_s=600, dt_s=60, origin_shield=True, deploy_at_s=60, changed=5), 10.0
    )

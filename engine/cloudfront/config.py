"""The CloudFront lab's settings: one distribution and its traffic, validated at construction."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine.cloudfront.layout import MODE
from engine.cloudfront.profiles import (
    COUNTRIES,
    DEFAULT_TTL_S,
    FREE_PATHS_PER_MONTH,
    MAX_PATHS_IN_PROGRESS,
    MAX_TTL_S,
    MIN_TTL_S,
    ORIGINS,
    PRICE_PER_PATH_USD,
    UNKNOWN_COUNTRY,
)
from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.kernel.layout import slot_names
from engine.rules import check_edition

__all__ = ["DIRECTIVES", "GEO_MODES", "MODES", "CacheDecision", "CloudFrontConfig", "cache_decision", "effective_ttl"]

MODES: tuple[str, ...] = slot_names(MODE)
"""How a deploy reaches viewers: wait for the TTL, invalidate the changed paths, ``/*``, or versioned names."""
GEO_MODES: tuple[str, ...] = ("none", "allow", "block")
DIRECTIVES: tuple[str, ...] = ("none", "no-cache", "no-store", "private")
"""Cache-Control directives the origin may send that forbid a shared cache from keeping the object."""


@dataclass(frozen=True)
class CacheDecision:
    """How long an edge keeps an object and which header (or setting) decided it.

    ``source``: ``directive`` (no-cache / no-store / private), ``s-maxage``, ``max-age``,
    ``expires`` or ``default`` (no header: DefaultTTL); ``header_s`` the header's own value
    (None for ``default`` and ``directive``); ``clamped`` whether MinTTL/MaxTTL changed it.
    """

    ttl_s: float
    source: str
    header_s: float | None
    clamped: bool


def cache_decision(
    default_ttl_s: float,
    min_ttl_s: float,
    max_ttl_s: float,
    *,
    max_age_s: float | None = None,
    s_maxage_s: float | None = None,
    expires_in_s: float | None = None,
    directive: str = "none",
) -> CacheDecision:
    """The edge TTL for the origin's headers (aws-facts §7; CF-DG ``Expiration.md``, "Manage how
    long content stays in the cache"; CloudFront API reference ``CachePolicyConfig``), in order:

    1. ``Cache-Control: no-cache``, ``no-store`` or ``private``: not cached when MinTTL is 0;
       with MinTTL > 0 CloudFront still caches for MinTTL ("CloudFront will cache content for at
       least the duration specified in the cache policy's minimum TTL, even if the Cache-Control:
       no-cache, no-store, or private directives are present", ``CachePolicyConfig``).
    2. ``s-maxage`` (the shared-cache lifetime; it overrides ``max-age`` for a shared cache,
       RFC 9111 §5.2.2.10, and MaxTTL applies to it, CF-DG), clamped to ``[MinTTL, MaxTTL]``.
    3. ``max-age``, clamped to ``[MinTTL, MaxTTL]`` ("MaxTTL 300 s and max-age 3600 s: CloudFront
       caches for 5 minutes", AWS knowledge center "cloudfront-cache-files-time").
    4. ``Expires`` (seconds from the response to its date), clamped the same way; with max-age also
       present CloudFront uses only max-age (same article: max-age 3 h and Expires 1 month → 3 h).
    5. No header: DefaultTTL.

    >>> cache_decision(86_400, 0, 31_536_000, directive="no-store").ttl_s
    0.0
    >>> cache_decision(86_400, 60, 3600, directive="private", max_age_s=600).ttl_s
    60.0
    >>> cache_decision(86_400, 0, 3600, s_maxage_s=7200, max_age_s=60).ttl_s
    3600.0
    """
    lo, hi = float(min_ttl_s), float(max_ttl_s)
    if directive != "none":
        return CacheDecision(lo, "directive", None, lo > 0)
    for source, value in (("s-maxage", s_maxage_s), ("max-age", max_age_s), ("expires", expires_in_s)):
        if value is not None:
            ttl = float(min(max(value, lo), hi))
            return CacheDecision(ttl, source, float(value), ttl != value)
    return CacheDecision(float(default_ttl_s), "default", None, False)


def effective_ttl(default_ttl_s: float, min_ttl_s: float, max_ttl_s: float, origin_max_age_s: float | None) -> float:
    """The TTL for a ``max-age`` header alone (aws-facts §7): DefaultTTL without a header, else the
    header clamped to ``[MinTTL, MaxTTL]`` (:func:`cache_decision` covers every header).

    >>> effective_ttl(86_400, 60, 3600, None), effective_ttl(86_400, 60, 3600, 10), effective_ttl(86_400, 60, 3600, 7200)
    (86400.0, 60.0, 3600.0)
    """
    return cache_decision(default_ttl_s, min_ttl_s, max_ttl_s, max_age_s=origin_max_age_s).ttl_s


@dataclass(frozen=True)
class CloudFrontConfig:
    """One distribution and its traffic. Times in seconds."""

    n_objects: int = 10_000
    zipf_s: float = 1.0
    dynamic_pct: float = 10.0
    min_ttl_s: float = float(MIN_TTL_S)
    default_ttl_s: float = float(DEFAULT_TTL_S)
    max_ttl_s: float = float(MAX_TTL_S)
    origin_max_age_s: float | None = None
    origin_s_maxage_s: float | None = None
    origin_expires_in_s: float | None = None
    origin_directive: str = "none"
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
        check_range("min_ttl_s", self.min_ttl_s, MIN_TTL_S, MAX_TTL_S, unit="s")
        check_range("max_ttl_s", self.max_ttl_s, MIN_TTL_S, MAX_TTL_S, unit="s")
        check_range("default_ttl_s", self.default_ttl_s, MIN_TTL_S, MAX_TTL_S, unit="s")
        if self.min_ttl_s > self.default_ttl_s:
            raise ValueError(f"min_ttl_s {self.min_ttl_s:g} must not exceed default_ttl_s {self.default_ttl_s:g}")
        if self.default_ttl_s > self.max_ttl_s:
            raise ValueError(f"default_ttl_s {self.default_ttl_s:g} must not exceed max_ttl_s {self.max_ttl_s:g}")
        for name in ("origin_max_age_s", "origin_s_maxage_s", "origin_expires_in_s"):
            if getattr(self, name) is not None:
                check_range(name, getattr(self, name), 0, 10 * MAX_TTL_S, unit="s")
        check_choice("origin_directive", self.origin_directive, DIRECTIVES)
        check_choice("origin", self.origin, ORIGINS)
        check_choice("geo_mode", self.geo_mode, GEO_MODES)
        object.__setattr__(self, "geo_countries", tuple(self.geo_countries))
        for code in self.geo_countries:
            check_choice("geo_countries entry", code, [c.code for c in COUNTRIES if c.code != UNKNOWN_COUNTRY])
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
    def cache(self) -> CacheDecision:
        """The edge TTL of static objects and the header that set it (:func:`cache_decision`)."""
        return cache_decision(
            self.default_ttl_s,
            self.min_ttl_s,
            self.max_ttl_s,
            max_age_s=self.origin_max_age_s,
            s_maxage_s=self.origin_s_maxage_s,
            expires_in_s=self.origin_expires_in_s,
            directive=self.origin_directive,
        )

    @property
    def ttl_s(self) -> float:
        """The TTL applied to static objects (aws-facts §7, :func:`cache_decision`)."""
        return self.cache.ttl_s

    @property
    def without_ttl(self) -> CloudFrontConfig:
        """The same distribution with default TTL settings (a cache key for TTL sweeps)."""
        return replace(
            self,
            origin_max_age_s=None,
            origin_s_maxage_s=None,
            origin_expires_in_s=None,
            origin_directive="none",
            min_ttl_s=float(MIN_TTL_S),
            default_ttl_s=float(DEFAULT_TTL_S),
            max_ttl_s=float(MAX_TTL_S),
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
        """More individual paths than may be in progress at once (§7, ``MAX_PATHS_IN_PROGRESS``): rejected."""
        return self.invalidation_paths > MAX_PATHS_IN_PROGRESS

    @property
    def invalidation_cost_usd(self) -> float:
        """Paths beyond the free ones a month (``FREE_PATHS_PER_MONTH``), at the illustrative 2026 price."""
        if self.invalidation_rejected:
            return 0.0
        return max(0, self.invalidation_paths - FREE_PATHS_PER_MONTH) * PRICE_PER_PATH_USD

    def country_allowed(self) -> np.ndarray:
        """1.0 for each country served, 0.0 for each blocked (unknown is always served, §7)."""
        codes = set(self.geo_countries)
        out = np.ones(len(COUNTRIES))
        for i, c in enumerate(COUNTRIES):
            if c.code == UNKNOWN_COUNTRY or self.geo_mode == "none":
                continue
            listed = c.code in codes
            out[i] = float(listed if self.geo_mode == "allow" else not listed)
        return out

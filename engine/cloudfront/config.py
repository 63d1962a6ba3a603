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

__all__ = ["GEO_MODES", "MODES", "CloudFrontConfig", "effective_ttl"]

MODES: tuple[str, ...] = slot_names(MODE)
"""How a deploy reaches viewers: wait for the TTL, invalidate the changed paths, ``/*``, or versioned names."""
GEO_MODES: tuple[str, ...] = ("none", "allow", "block")


def effective_ttl(default_ttl_s: float, min_ttl_s: float, max_ttl_s: float, origin_max_age_s: float | None) -> float:
    """The TTL CloudFront applies (aws-facts §7): DefaultTTL without a header, else the header
    clamped to ``[MinTTL, MaxTTL]``.

    >>> effective_ttl(86_400, 60, 3600, None), effective_ttl(86_400, 60, 3600, 10), effective_ttl(86_400, 60, 3600, 7200)
    (86400.0, 60.0, 3600.0)
    """
    if origin_max_age_s is None:
        return float(default_ttl_s)
    return float(min(max(origin_max_age_s, min_ttl_s), max_ttl_s))


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
        if self.origin_max_age_s is not None:
            check_range("origin_max_age_s", self.origin_max_age_s, 0, 10 * MAX_TTL_S, unit="s")
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
    def ttl_s(self) -> float:
        """The TTL applied to static objects (aws-facts §7)."""
        return effective_ttl(self.default_ttl_s, self.min_ttl_s, self.max_ttl_s, self.origin_max_age_s)

    @property
    def without_ttl(self) -> CloudFrontConfig:
        """The same distribution with default TTL settings (a cache key for TTL sweeps)."""
        return replace(
            self,
            origin_max_age_s=None,
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

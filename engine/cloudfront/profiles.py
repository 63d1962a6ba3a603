"""CloudFront lab tables: viewer countries and regions, origin kinds, limits and prices.

Facts (aws-facts.md §7, CF-DG / BOTO): TTL bounds MinTTL 0, DefaultTTL 86,400 s, MaxTTL
31,536,000 s; invalidation limits 3,000 individual paths and 15 wildcard paths in progress per
distribution, the first 1,000 paths a month free, ``/*`` counts as one path; geo restriction is a
country allow or block list for the whole distribution, and an unknown country is served.

Everything else here is **illustrative** (not an AWS figure): traffic shares, round-trip times,
origin latency/capacity profiles and the invalidation price ("illustrative, us-east-1 list
prices as of 2026").
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COUNTRIES",
    "COUNTRY_NAMES",
    "DEFAULT_TTL_S",
    "FREE_PATHS_PER_MONTH",
    "MAX_PATHS_IN_PROGRESS",
    "MAX_TTL_S",
    "MAX_WILDCARDS_IN_PROGRESS",
    "MIN_TTL_S",
    "ORIGINS",
    "PRICE_PER_PATH_USD",
    "REGIONS",
    "UNKNOWN_COUNTRY",
    "Country",
    "OriginProfile",
    "Region",
]

# aws-facts §7 (BOTO CachePolicyConfig; CF-DG Expiration.md)
MIN_TTL_S = 0
DEFAULT_TTL_S = 86_400
MAX_TTL_S = 31_536_000
# aws-facts §7 (CF-DG Invalidation.md, cloudfront-limits.md)
MAX_PATHS_IN_PROGRESS = 3_000
MAX_WILDCARDS_IN_PROGRESS = 15
FREE_PATHS_PER_MONTH = 1_000
PRICE_PER_PATH_USD = 0.005  # illustrative, list price as of 2026


@dataclass(frozen=True)
class Region:
    """A viewer region served by its own edge cache (illustrative round-trip times)."""

    name: str
    edge_ms: float  # viewer -> edge location
    origin_ms: float  # edge -> origin (origin in us-east-1)


REGIONS: tuple[Region, ...] = (
    Region("North America", 12.0, 25.0),
    Region("Europe", 14.0, 85.0),
    Region("Asia Pacific", 18.0, 170.0),
    Region("South America", 20.0, 125.0),
    Region("Middle East & Africa", 25.0, 190.0),
)


UNKNOWN_COUNTRY = "??"
"""The code of viewers whose country cannot be determined (always served, aws-facts §7)."""


@dataclass(frozen=True)
class Country:
    """A viewer country: ISO code, name, region index and share of all viewers (illustrative)."""

    code: str
    name: str
    region: int
    share: float


COUNTRIES: tuple[Country, ...] = (
    Country("US", "United States", 0, 0.30),
    Country("CA", "Canada", 0, 0.04),
    Country("MX", "Mexico", 0, 0.03),
    Country("GB", "United Kingdom", 1, 0.07),
    Country("DE", "Germany", 1, 0.07),
    Country("FR", "France", 1, 0.05),
    Country("IN", "India", 2, 0.09),
    Country("JP", "Japan", 2, 0.06),
    Country("CN", "China", 2, 0.06),
    Country("AU", "Australia", 2, 0.03),
    Country("BR", "Brazil", 3, 0.05),
    Country("AR", "Argentina", 3, 0.02),
    Country("ZA", "South Africa", 4, 0.02),
    Country("NG", "Nigeria", 4, 0.02),
    Country("AE", "United Arab Emirates", 4, 0.02),
    # aws-facts §7: when the viewer's country cannot be determined, CloudFront serves the content.
    Country(UNKNOWN_COUNTRY, "Unknown (IP not located)", 0, 0.07),
)
COUNTRY_NAMES: dict[str, str] = {c.code: c.name for c in COUNTRIES}


@dataclass(frozen=True)
class OriginProfile:
    """How an origin answers a cache miss: time to first byte and requests/s it can serve."""

    label: str
    base_ms: float
    capacity_rps: float
    note: str


# The notes' origin kinds (course notes, CloudFront: "S3, EC2, ELB and another web server").
ORIGINS: dict[str, OriginProfile] = {
    "s3": OriginProfile("S3 bucket", 35.0, 5_500.0, "scales per prefix; slowest first byte of the AWS origins"),
    "ec2": OriginProfile("Single EC2 instance", 15.0, 600.0, "fast, but one instance saturates early"),
    "elb": OriginProfile("Load balancer + Auto Scaling group", 20.0, 6_000.0, "a fleet behind an ELB"),
    "web": OriginProfile("Other web server (on premises)", 60.0, 250.0, "far away and small"),
}

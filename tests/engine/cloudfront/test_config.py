"""CloudFront settings: TTL rules (aws-facts §7) and what a config refuses, with the rule named."""

from __future__ import annotations

import pytest

from engine.cloudfront import DEFAULT_TTL_S, CloudFrontConfig, cache_decision, effective_ttl


def test_ttl_bounds_and_default() -> None:
    """aws-facts §7: DefaultTTL without Cache-Control; max-age honoured within [MinTTL, MaxTTL]."""
    assert effective_ttl(86_400, 0, 31_536_000, None) == 86_400
    assert effective_ttl(86_400, 60, 3600, 10) == 60  # raised to MinTTL
    assert effective_ttl(86_400, 60, 3600, 7200) == 3600  # cut to MaxTTL
    assert effective_ttl(86_400, 60, 3600, 600) == 600  # honoured
    assert CloudFrontConfig().ttl_s == DEFAULT_TTL_S == 86_400


HEADER_CASES = [
    # (origin headers, MinTTL, DefaultTTL, MaxTTL) -> (TTL, deciding header); worked by hand from the rules
    ({}, 0, 86_400, 31_536_000, 86_400, "default"),  # no header: DefaultTTL 24 h
    ({"directive": "no-store"}, 0, 86_400, 31_536_000, 0, "directive"),  # MinTTL 0: not cached
    ({"directive": "no-cache"}, 0, 86_400, 31_536_000, 0, "directive"),
    ({"directive": "private", "max_age_s": 600}, 0, 86_400, 31_536_000, 0, "directive"),  # private beats max-age
    ({"directive": "no-store"}, 60, 300, 3600, 60, "directive"),  # MinTTL 60 > 0: cached 60 s anyway
    ({"s_maxage_s": 120, "max_age_s": 10}, 0, 86_400, 31_536_000, 120, "s-maxage"),  # s-maxage wins for the edge
    ({"s_maxage_s": 7200}, 0, 300, 3600, 3600, "s-maxage"),  # cut to MaxTTL 1 h
    ({"max_age_s": 3600}, 0, 86_400, 300, 300, "max-age"),  # KC article: MaxTTL 5 min, max-age 1 h -> 5 min
    ({"max_age_s": 10_800, "expires_in_s": 2_592_000}, 0, 86_400, 31_536_000, 10_800, "max-age"),  # 3 h, not 1 month
    ({"expires_in_s": 2_592_000}, 0, 86_400, 31_536_000, 2_592_000, "expires"),  # Expires alone: 30 days
    ({"expires_in_s": 30}, 60, 300, 3600, 60, "expires"),  # raised to MinTTL
    ({"max_age_s": 0}, 0, 86_400, 31_536_000, 0, "max-age"),  # max-age=0: expires at once
]


@pytest.mark.parametrize(("headers", "lo", "default", "hi", "ttl", "source"), HEADER_CASES)
def test_cache_headers_act_on_the_edge_ttl(
    headers: dict, lo: float, default: float, hi: float, ttl: float, source: str
) -> None:
    """aws-facts §7 (MinTTL/DefaultTTL/MaxTTL bound the headers); CF-DG Expiration.md and the
    CachePolicyConfig API reference (no-cache/no-store/private: not cached at MinTTL 0, cached for
    MinTTL when it is above 0); the AWS knowledge-center article "cloudfront-cache-files-time"
    (MaxTTL 300 s cuts max-age 3600 s to 300 s; max-age 3 h beats Expires 1 month); RFC 9111
    §5.2.2.10 (s-maxage overrides max-age in a shared cache)."""
    d = cache_decision(default, lo, hi, **headers)
    assert (d.ttl_s, d.source) == (ttl, source)


def test_config_reads_every_header() -> None:
    """The config's TTL is the decision's; a directive with MinTTL 0 gives TTL 0."""
    assert CloudFrontConfig(origin_directive="no-store").ttl_s == 0
    assert CloudFrontConfig(origin_s_maxage_s=60.0, origin_max_age_s=600.0).ttl_s == 60
    assert CloudFrontConfig(origin_expires_in_s=3600.0).cache.source == "expires"
    assert CloudFrontConfig(origin_directive="private", min_ttl_s=30.0, default_ttl_s=60.0).ttl_s == 30
    assert CloudFrontConfig(origin_directive="private", origin_s_maxage_s=5.0).without_ttl.ttl_s == DEFAULT_TTL_S


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"min_ttl_s": 100.0, "default_ttl_s": 50.0}, "min_ttl_s 100 must not exceed default_ttl_s 50"),
        ({"max_ttl_s": 10.0}, "default_ttl_s 86400 must not exceed max_ttl_s 10"),
        ({"geo_mode": "allow"}, "geo_mode 'allow' needs at least one country"),
        ({"geo_mode": "block", "geo_countries": ("XX",)}, "geo_countries entry must be one of"),
        ({"distribution": "rtmp", "rules": "aws-today"}, "deprecated on 31 Dec 2020"),
        ({"changed": 20, "n_objects": 10, "deploy_at_s": 0.0}, "changed 20 must not exceed n_objects 10"),
        ({"origin": "ftp"}, "origin must be one of"),
        ({"origin_directive": "must-revalidate"}, "origin_directive must be one of"),
        ({"origin_s_maxage_s": -1.0}, "origin_s_maxage_s must be between"),
        ({"origin_expires_in_s": -5.0}, "origin_expires_in_s must be between"),
    ],
)
def test_bad_configs_name_the_field_and_rule(kw: dict, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        CloudFrontConfig(**kw)


def test_invalidation_paths_by_mode() -> None:
    """§7: /* is one path; versioned names and no invalidation submit none."""
    kw = {"deploy_at_s": 60.0, "changed": 40, "horizon_s": 3600.0}
    assert [CloudFrontConfig(mode=m, **kw).invalidation_paths for m in ("none", "paths", "all", "versioned")] == [
        0,
        40,
        1,
        0,
    ]

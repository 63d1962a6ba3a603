"""CloudFront settings: TTL rules (aws-facts §7) and what a config refuses, with the rule named."""

from __future__ import annotations

import pytest

from engine.cloudfront import DEFAULT_TTL_S, CloudFrontConfig, effective_ttl


def test_ttl_bounds_and_default() -> None:
    """aws-facts §7: DefaultTTL without Cache-Control; max-age honoured within [MinTTL, MaxTTL]."""
    assert effective_ttl(86_400, 0, 31_536_000, None) == 86_400
    assert effective_ttl(86_400, 60, 3600, 10) == 60  # raised to MinTTL
    assert effective_ttl(86_400, 60, 3600, 7200) == 3600  # cut to MaxTTL
    assert effective_ttl(86_400, 60, 3600, 600) == 600  # honoured
    assert CloudFrontConfig().ttl_s == DEFAULT_TTL_S == 86_400


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

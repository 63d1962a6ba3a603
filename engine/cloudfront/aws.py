"""The CloudFront scenario as AWS takes it: CreateCachePolicy with the minimum, default and maximum
TTLs (§7), CreateInvalidation for a deployment's changed objects, and the geo restriction as the
distribution's Restrictions block (part of a DistributionConfig, shown as JSON)."""

from __future__ import annotations

from engine.cloudfront.config import CloudFrontConfig
from engine.export.aws import Artefact, api, note

__all__ = ["artefacts"]


def artefacts(c: CloudFrontConfig) -> tuple[Artefact, ...]:
    """Cache policy, invalidation and geo restriction of a CloudFront scenario."""
    policy = {
        "CachePolicyConfig": {
            "Name": "scalelab-cache-policy",
            "MinTTL": int(c.min_ttl_s),
            "DefaultTTL": int(c.default_ttl_s),
            "MaxTTL": int(c.max_ttl_s),
            "ParametersInCacheKeyAndForwardedToOrigin": {
                "EnableAcceptEncodingGzip": True,
                "HeadersConfig": {"HeaderBehavior": "none"},
                "CookiesConfig": {"CookieBehavior": "none"},
                "QueryStringsConfig": {"QueryStringBehavior": "none"},
            },
        }
    }
    arts = [api("CreateCachePolicy", "cloudfront", "CreateCachePolicy", policy)]
    if c.mode in ("paths", "all"):
        items = ["/*"] if c.mode == "all" else [f"/objects/{i}" for i in range(min(c.changed, 100))]
        batch = {
            "DistributionId": "E0123456789ABC",
            "InvalidationBatch": {
                "Paths": {"Quantity": len(items), "Items": items},
                "CallerReference": "scalelab-deploy",
            },
        }
        arts.append(api("CreateInvalidation", "cloudfront", "CreateInvalidation", batch))
    elif c.mode == "versioned":
        arts.append(note("Versioned names", "New object names need no invalidation: deploy them and update the links."))
    if c.geo_mode != "none":
        countries = sorted(c.geo_countries)
        arts.append(
            note(
                "Geo restriction",
                f'In the distribution\'s DistributionConfig: "Restrictions": {{"GeoRestriction": {{"RestrictionType": '
                f'"{ {"allow": "whitelist", "block": "blacklist"}[c.geo_mode] }", "Quantity": {len(countries)}, "Items": {countries}}}}}',
            )
        )
    if c.origin_shield:
        arts.append(note("Origin Shield", "Set OriginShield {Enabled: true, OriginShieldRegion} on the origin."))
    return tuple(arts)

"""CloudFront lab views: the animated timeline, region and country bars, the TTL curve; presets."""

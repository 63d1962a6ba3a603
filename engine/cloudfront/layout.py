"""The CloudFront kernel's arrays, named once: parameters, per-region and per-bucket inputs, outputs.

The kernel (:mod:`engine.cloudfront.kernel`) indexes these slots, :mod:`engine.cloudfront.simulation`
packs and reads them. ``OUT`` slot names are the frame's column names (lower-cased), ``REGION_OUT``
the columns of the ``regions`` extra frame.

>>> from engine.kernel.layout import slot_names
>>> OUT.HIT_RATIO, MODE.ALL, slot_names(REGION_OUT)
(7, 2, ('allowed_rps', 'edge_hits_rps', 'latency_ms'))
"""

from __future__ import annotations

from engine.kernel.layout import slots

__all__ = ["BUCKET", "MODE", "OUT", "PRM", "REGION_IN", "REGION_OUT", "RTT"]

MODE = slots("InvalidationMode", "NONE PATHS ALL VERSIONED")
"""How a deploy reaches viewers: the config's ``mode`` names, in this order, are the kernel's codes."""

PRM = slots("CloudFrontParams", "DYNAMIC TTL SHIELD FETCH_S CAPACITY BASE_MS DEPLOY_STEP MODE WARM")
"""Per-scenario scalars ``prm[s, PRM.X]``: dynamic share (0..1), TTL s, Origin Shield (0/1), origin
fetch time s, origin capacity req/s, origin first-byte ms, deploy step (-1: none), :data:`MODE`
code, warm start (0/1)."""

REGION_IN = slots("RegionInputs", "SHARE ALLOWED")
"""Per scenario and viewer region ``rgn[s, REGION_IN.X, r]``: share of all viewers, share allowed."""

RTT = slots("RegionTrips", "EDGE_MS ORIGIN_MS")
"""Per viewer region ``rtt[RTT.X, r]``: viewer → edge and edge → origin round trips (ms)."""

BUCKET = slots("Buckets", "OBJECTS SHARE CHANGED")
"""Per scenario and rank bucket ``bk[s, BUCKET.X, b]``: objects in it, request share per object,
fraction of its objects the deploy changes."""

OUT = slots(
    "CloudFrontOut",
    "REQUESTS BLOCKED_RPS EDGE_HITS_RPS STALE_RPS SHIELD_HITS_RPS ORIGIN_RPS ORIGIN_ERRORS_RPS "
    "HIT_RATIO OFFLOAD_PCT ORIGIN_UTIL_PCT LATENCY_MS",
)
"""Per scenario and step ``out[s, OUT.X, t]``: the frame's columns after ``t_s``."""

REGION_OUT = slots("RegionOut", "ALLOWED_RPS EDGE_HITS_RPS LATENCY_MS")
"""Per scenario, region and step ``reg[s, r, REGION_OUT.X, t]``: the ``regions`` frame's columns."""

"""The CloudFront lab's event log: one sentence per change, with the numbers behind it.

Built in Python after the kernel (a loop over a handful of events, never over requests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from engine.cloudfront_profiles import (
    COUNTRIES,
    FREE_PATHS_PER_MONTH,
    MAX_PATHS_IN_PROGRESS,
    ORIGINS,
    PRICE_PER_PATH_USD,
)
from engine.core import EventLog

if TYPE_CHECKING:
    from engine.cloudfront import CloudFrontConfig

__all__ = ["build_events", "fmt_duration"]


def fmt_duration(s: float) -> str:
    """Seconds as a short human duration."""
    if s >= 86_400 and s % 86_400 == 0:
        return f"{s / 86_400:g} d"
    if s >= 3600:
        return f"{s / 3600:g} h"
    if s >= 60:
        return f"{s / 60:g} min"
    return f"{s:g} s"


def _ttl_event(cfg: CloudFrontConfig, log: EventLog) -> None:
    bounds = f"[{fmt_duration(cfg.min_ttl_s)}, {fmt_duration(cfg.max_ttl_s)}]"
    if cfg.origin_max_age_s is None:
        why = f"the origin sends no Cache-Control, so DefaultTTL applies: {fmt_duration(cfg.ttl_s)}"
    elif cfg.ttl_s != cfg.origin_max_age_s:
        why = (
            f"the origin asks for max-age={cfg.origin_max_age_s:g} s but CloudFront clamps it to "
            f"MinTTL/MaxTTL {bounds}: TTL = {fmt_duration(cfg.ttl_s)}"
        )
    else:
        why = f"the origin's max-age={cfg.origin_max_age_s:g} s is within {bounds} and honoured"
    log.add(0.0, "ttl", f"Static objects are cached for {fmt_duration(cfg.ttl_s)}: {why}.", ttl_s=cfg.ttl_s)
    if cfg.ttl_s == 0:
        log.add(0.0, "ttl", "A TTL of 0 caches nothing: every request goes back to the origin.", ttl_s=0.0)


def _geo_event(cfg: CloudFrontConfig, log: EventLog) -> None:
    if cfg.geo_mode == "none":
        return
    allowed = cfg.country_allowed()
    blocked = [c for c, a in zip(COUNTRIES, allowed, strict=True) if a == 0]
    share = sum(c.share for c in blocked)
    names = ", ".join(c.code for c in blocked) or "none"
    kind = "allow list" if cfg.geo_mode == "allow" else "block list"
    log.add(
        0.0,
        "geo",
        f"Geo restriction ({kind} {', '.join(cfg.geo_countries)}): viewers from {names} get 403 Forbidden "
        f"({share:.0%} of traffic); viewers whose country is unknown are still served.",
        blocked_share=share,
    )


def _deploy_event(cfg: CloudFrontConfig, frame: pd.DataFrame, log: EventLog) -> None:
    if cfg.deploy_at_s is None:
        return
    t = frame["t_s"].to_numpy()
    i = int(np.searchsorted(t, cfg.deploy_at_s, side="right") - 1)
    before = frame["origin_rps"].iloc[max(i - 1, 0)]
    after = frame["origin_rps"].iloc[min(i, len(t) - 1)]
    jump = f"origin load {before:,.0f} → {after:,.0f} req/s"
    k = cfg.changed
    if cfg.mode == "paths" and cfg.invalidation_rejected:
        log.add(
            t[i],
            "invalidation_rejected",
            f"Deploy changed {k:,} objects; an invalidation of {k:,} paths exceeds the {MAX_PATHS_IN_PROGRESS:,} "
            "paths allowed in progress per distribution, so it is rejected: edges keep serving stale copies "
            f"until their TTL ({fmt_duration(cfg.ttl_s)}) runs out. Use /* or versioned names.",
            paths=k,
        )
        return
    if cfg.mode == "none":
        msg = (
            f"Deploy changed the {k:,} most popular objects with no invalidation: cached copies are now stale "
            f"and are served until their TTL ({fmt_duration(cfg.ttl_s)}) expires."
        )
    elif cfg.mode == "versioned":
        msg = (
            f"Deploy published {k:,} changed objects under new (versioned) names: only those are cold, no "
            f"invalidation is needed and nothing is charged; {jump}."
        )
    else:
        paths = cfg.invalidation_paths
        what = "/* (one path, every object)" if cfg.mode == "all" else f"{paths:,} paths"
        cost = cfg.invalidation_cost_usd
        price = (
            f"within the free {FREE_PATHS_PER_MONTH:,} paths a month"
            if cost == 0
            else f"${cost:,.2f} for {paths - FREE_PATHS_PER_MONTH:,} paths over the free {FREE_PATHS_PER_MONTH:,} "
            f"(illustrative ${PRICE_PER_PATH_USD}/path, 2026)"
        )
        msg = f"Invalidation of {what}: the edges drop those copies and refetch them; {jump}; {price}."
    log.add(t[i], "deploy", msg, mode=cfg.mode, paths=cfg.invalidation_paths, cost_usd=cfg.invalidation_cost_usd)
    hr = frame["hit_ratio"].to_numpy()
    ref = hr[max(i - 1, 0)]
    if cfg.mode != "none" and ref > 1:
        back = np.nonzero(hr[i:] >= 0.95 * ref)[0]
        if len(back) and back[0] > 0:
            j = i + int(back[0])
            log.add(
                t[j],
                "recovered",
                f"Hit ratio back to {hr[j]:.1f}% (95% of the {ref:.1f}% before the deploy) "
                f"after {fmt_duration(t[j] - t[i])} of refilling.",
            )


def _origin_events(cfg: CloudFrontConfig, frame: pd.DataFrame, log: EventLog) -> None:
    prof = ORIGINS[cfg.origin]
    util = frame["origin_util_pct"].to_numpy()
    over = util > 100.0
    edges = np.nonzero(np.diff(np.concatenate([[False], over]).astype(np.int8)))[0]
    t = frame["t_s"].to_numpy()
    for n, j in enumerate(edges[:20]):
        if over[j]:
            o = frame["origin_rps"].iloc[j]
            log.add(
                t[j],
                "origin_saturated",
                f"The {prof.label} origin gets {o:,.0f} req/s, over its {prof.capacity_rps:,.0f} req/s capacity: "
                f"{o - prof.capacity_rps:,.0f} req/s fail with 5xx errors.",
                origin_rps=float(o),
                capacity_rps=prof.capacity_rps,
            )
        elif n:
            log.add(t[j], "origin_recovered", f"Origin load back under {prof.capacity_rps:,.0f} req/s: no more errors.")


def build_events(cfg: CloudFrontConfig, frame: pd.DataFrame) -> pd.DataFrame:
    """Every explained happening of one run."""
    log = EventLog()
    _ttl_event(cfg, log)
    if not cfg.warm_start:
        log.add(
            0.0, "cold_start", "All edge caches start empty: the first request for each object at each edge misses."
        )
    if cfg.origin_shield:
        log.add(
            0.0,
            "origin_shield",
            "Origin Shield on: edge misses go to one shared regional cache that also collapses concurrent "
            "misses for the same object into one origin fetch.",
        )
    if cfg.distribution == "rtmp":
        log.add(
            0.0,
            "rtmp",
            "RTMP distribution (course edition): streamed like a web distribution here. RTMP distributions "
            "were deprecated on 31 Dec 2020.",
        )
    _geo_event(cfg, log)
    _deploy_event(cfg, frame, log)
    _origin_events(cfg, frame, log)
    return log.frame()

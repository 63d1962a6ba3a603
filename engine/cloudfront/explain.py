"""The CloudFront lab's event log: one sentence per change, with the numbers behind it.

Built in Python after the kernel from the run's columns (a loop over a handful of events, never
over requests); the kernel itself records no events, so :meth:`engine.core.EventLog.add` is the
one writer. Durations read through :func:`engine.core.format_duration`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.cloudfront.config import CloudFrontConfig
from engine.cloudfront.profiles import (
    COUNTRIES,
    FREE_PATHS_PER_MONTH,
    MAX_PATHS_IN_PROGRESS,
    ORIGINS,
    PRICE_PER_PATH_USD,
)
from engine.core import EventLog, format_duration

__all__ = ["MAX_ORIGIN_EPISODES", "explain"]

MAX_ORIGIN_EPISODES = 20
"""Origin saturation changes logged per run (the first ones)."""

Columns = Mapping[str, np.ndarray]


def _ttl_event(cfg: CloudFrontConfig, log: EventLog, s: int) -> None:
    d = cfg.cache
    ttl = format_duration(d.ttl_s)
    bounds = f"MinTTL/MaxTTL [{format_duration(cfg.min_ttl_s)}, {format_duration(cfg.max_ttl_s)}]"
    if d.source == "default":
        why = f"the origin sends no Cache-Control or Expires, so DefaultTTL applies: {ttl}"
    elif d.source == "directive":
        why = (
            f"the origin sends Cache-Control: {cfg.origin_directive}, so the edge keeps no copy"
            if d.ttl_s == 0
            else f"the origin sends Cache-Control: {cfg.origin_directive}, but MinTTL is {ttl}, and "
            "CloudFront caches for at least MinTTL even then"
        )
    else:
        order = ("s-maxage", "max-age", "expires")
        values = {
            "s-maxage": cfg.origin_s_maxage_s,
            "max-age": cfg.origin_max_age_s,
            "expires": cfg.origin_expires_in_s,
        }
        said = (
            f"an Expires date {format_duration(d.header_s)} ahead"
            if d.source == "expires"
            else f"{d.source}={d.header_s:g} s"
        )
        ignored = [h for h in order[order.index(d.source) + 1 :] if values[h] is not None]
        over = f" ({' and '.join(ignored)} ignored: {d.source} takes precedence)" if ignored else ""
        why = (
            f"the origin asks for {said}{over} but CloudFront clamps it to {bounds}: TTL = {ttl}"
            if d.clamped
            else f"the origin's {said}{over} is within {bounds} and honoured"
        )
    log.add(0.0, "ttl", f"Static objects are cached for {ttl}: {why}.", scenario=s, ttl_s=d.ttl_s, source=d.source)
    if d.ttl_s == 0:
        log.add(0.0, "ttl", "A TTL of 0 caches nothing: every request goes back to the origin.", scenario=s, ttl_s=0.0)


def _geo_event(cfg: CloudFrontConfig, log: EventLog, s: int) -> None:
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
        scenario=s,
        blocked_share=share,
    )


def _deploy_event(cfg: CloudFrontConfig, cols: Columns, log: EventLog, s: int) -> None:
    if cfg.deploy_at_s is None:
        return
    t = cols["t_s"]
    i = int(np.searchsorted(t, cfg.deploy_at_s, side="right") - 1)
    before = cols["origin_rps"][max(i - 1, 0)]
    after = cols["origin_rps"][min(i, len(t) - 1)]
    jump = f"origin load {before:,.0f} → {after:,.0f} req/s"
    k = cfg.changed
    if cfg.mode == "paths" and cfg.invalidation_rejected:
        log.add(
            t[i],
            "invalidation_rejected",
            f"Deploy changed {k:,} objects; an invalidation of {k:,} paths exceeds the {MAX_PATHS_IN_PROGRESS:,} "
            "paths allowed in progress per distribution, so it is rejected: edges keep serving stale copies "
            f"until their TTL ({format_duration(cfg.ttl_s)}) runs out. Use /* or versioned names.",
            paths=k,
        )
        return
    if cfg.mode == "none":
        msg = (
            f"Deploy changed the {k:,} most popular objects with no invalidation: cached copies are now stale "
            f"and are served until their TTL ({format_duration(cfg.ttl_s)}) expires."
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
    log.add(
        t[i],
        "deploy",
        msg,
        scenario=s,
        mode=cfg.mode,
        paths=cfg.invalidation_paths,
        cost_usd=cfg.invalidation_cost_usd,
    )
    hr = cols["hit_ratio"]
    ref = hr[max(i - 1, 0)]
    if cfg.mode != "none" and ref > 1:
        back = np.nonzero(hr[i:] >= 0.95 * ref)[0]
        if len(back) and back[0] > 0:
            j = i + int(back[0])
            log.add(
                t[j],
                "recovered",
                f"Hit ratio back to {hr[j]:.1f}% (95% of the {ref:.1f}% before the deploy) "
                f"after {format_duration(t[j] - t[i])} of refilling.",
                scenario=s,
            )


def _origin_events(cfg: CloudFrontConfig, cols: Columns, log: EventLog, s: int) -> None:
    prof = ORIGINS[cfg.origin]
    util = cols["origin_util_pct"]
    over = util > 100.0
    edges = np.nonzero(np.diff(np.concatenate([[False], over]).astype(np.int8)))[0]
    t = cols["t_s"]
    for n, j in enumerate(edges[:MAX_ORIGIN_EPISODES]):
        if over[j]:
            o = cols["origin_rps"][j]
            log.add(
                t[j],
                "origin_saturated",
                f"The {prof.label} origin gets {o:,.0f} req/s, over its {prof.capacity_rps:,.0f} req/s capacity: "
                f"{o - prof.capacity_rps:,.0f} req/s fail with 5xx errors.",
                scenario=s,
                origin_rps=float(o),
                capacity_rps=prof.capacity_rps,
            )
        elif n:
            log.add(
                t[j],
                "origin_recovered",
                f"Origin load back under {prof.capacity_rps:,.0f} req/s: no more errors.",
                scenario=s,
            )


def explain(cfg: CloudFrontConfig, cols: Columns, log: EventLog, *, scenario: int = 0) -> None:
    """Add every explained happening of one run (``cols``: its frame columns as arrays) to ``log``."""
    s = scenario
    _ttl_event(cfg, log, s)
    if not cfg.warm_start:
        log.add(
            0.0,
            "cold_start",
            "All edge caches start empty: the first request for each object at each edge misses.",
            scenario=s,
        )
    if cfg.origin_shield:
        log.add(
            0.0,
            "origin_shield",
            "Origin Shield on: edge misses go to one shared regional cache that also collapses concurrent "
            "misses for the same object into one origin fetch.",
            scenario=s,
        )
    if cfg.distribution == "rtmp":
        log.add(
            0.0,
            "rtmp",
            "RTMP distribution (course edition): streamed like a web distribution here. RTMP distributions "
            "were deprecated on 31 Dec 2020.",
            scenario=s,
        )
    _geo_event(cfg, log, s)
    _deploy_event(cfg, cols, log, s)
    _origin_events(cfg, cols, log, s)

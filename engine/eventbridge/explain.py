"""The EventBridge lab's event log: what your rule matches, fan-out to the team's rules, incidents.

Built in Python after the run (a handful of sentences per run); the lab has no kernel, so
:meth:`engine.core.EventLog.add` is the one writer. Durations read through
:func:`engine.core.format_duration`, clock times through :func:`engine.core.format_clock`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.core import EventLog, format_clock, format_duration
from engine.eventbridge.config import TARGETS, BusConfig
from engine.eventbridge.retry import BACKOFF_CAP_S, Retries
from engine.eventbridge.stream import KINDS

__all__ = ["explain", "share_matched"]

Rule = tuple[str, np.ndarray, tuple[str, ...]]


def share_matched(hits: np.ndarray, kind_of: np.ndarray) -> np.ndarray:
    """The share of each kind of sample event that ``hits`` marks (one entry per kind)."""
    counts = np.bincount(kind_of, minlength=len(KINDS))
    return np.bincount(kind_of, weights=hits.astype(float), minlength=len(KINDS)) / np.maximum(counts, 1)


def explain(
    cfg: BusConfig,
    mine: np.ndarray,
    kind_of: np.ndarray,
    frame: pd.DataFrame,
    total: float,
    rules: Sequence[Rule],
    log: EventLog,
    *,
    retries: Retries | None = None,
    scenario: int = 0,
) -> None:
    """Add one run's sentences to ``log``: ``mine`` marks the sample events your rule matches,
    ``rules`` are (name, hits, targets) with yours first, ``total`` the events over the run."""
    s = scenario
    share = share_matched(mine, kind_of)
    parts = [f"{k.detail_type} {v:.0%}" for k, v in zip(KINDS, share, strict=True) if v > 0]
    frac = float(frame["matched_rps"].sum() / max(frame["events_rps"].sum(), 1e-12))
    if mine.any():
        log.add(
            0.0,
            "rule",
            f"Your rule matches {mine.sum():,} of {len(mine):,} sample events ({frac:.1%} of the day's traffic): "
            + ", ".join(parts)
            + ".",
            scenario=s,
            share=frac,
        )
    else:
        log.add(
            0.0,
            "no_match",
            f"Your rule matches none of the {len(mine):,} sample events: check field names, nesting and exact spelling (matching is case-sensitive).",
            scenario=s,
        )
    if not cfg.targets:
        log.add(0.0, "no_targets", "Your rule has no targets: matched events are dropped silently.", scenario=s)
    for name, hits, tg in rules[1:]:
        both = int((hits & mine).sum())
        log.add(
            0.0,
            "fan_out",
            f"Team rule {name} → {', '.join(TARGETS[t] for t in tg)} also matches {hits.mean():.0%} of events; {both:,} sample events go to both rules (each rule delivers its own copy).",
            scenario=s,
        )
    if cfg.incident_at_s is not None:
        t0 = cfg.incident_at_s
        log.add(
            t0,
            "incident",
            f"Payment incident: 'Payment Failed' events ×{cfg.incident_factor:g} for {format_duration(cfg.incident_s)} (from {format_clock(t0)}).",
            scenario=s,
        )
        i = min(int(t0 // cfg.dt_s), len(frame) - 1)
        log.add(
            t0,
            "incident",
            f"Your rule now matches {frame['matched_rps'].iloc[i]:,.1f} events/s of {frame['events_rps'].iloc[i]:,.1f}.",
            scenario=s,
        )
        log.add(t0 + cfg.incident_s, "incident_over", "Incident over: the event mix returns to normal.", scenario=s)
    if retries is not None and cfg.outage_at_s is not None and cfg.targets:
        _outage(cfg, retries, log, s)
    log.add(
        0.0,
        "volume",
        f"{total:,.0f} events on the bus over {format_duration(cfg.horizon_s)}; {frame['delivered_rps'].sum() * cfg.dt_s:,.0f} deliveries to targets in all.",
        scenario=s,
    )


def _outage(cfg: BusConfig, r: Retries, log: EventLog, s: int) -> None:
    """The outage of your rule's targets: failures, retries that deliver late, DLQ or drops."""
    dt = cfg.dt_s
    t0, t1 = cfg.outage_at_s or 0.0, (cfg.outage_at_s or 0.0) + cfg.outage_s
    names = ", ".join(TARGETS[t] for t in cfg.targets)
    policy = f"up to {cfg.retry_attempts} retries within {format_duration(cfg.retry_max_age_s)}"
    log.add(
        t0,
        "target_down",
        f"Your rule's targets ({names}) are unavailable for {format_duration(cfg.outage_s)}: each failed delivery "
        f"is retried with exponential backoff ({policy}; the lab doubles the wait from 1 s to "
        f"{BACKOFF_CAP_S:g} s, an approximation: AWS documents the limits, not the schedule).",
        scenario=s,
        failed=float(r.failed.sum() * dt),
    )
    late = float(r.retried.sum() * dt)
    if late > 0:
        log.add(
            t1,
            "retried",
            f"Targets back: retries deliver {late:,.0f} copies late; the longest waited {format_duration(r.late_s)}.",
            scenario=s,
            retried=late,
        )
    lost_dlq, lost = float(r.dead_lettered.sum() * dt), float(r.dropped.sum() * dt)
    if r.exhausted_at_s is not None and lost_dlq + lost > 0:
        where = (
            f"{lost_dlq:,.0f} copies go to the dead-letter queue (an SQS queue) to be redriven later"
            if cfg.dlq
            else f"{lost:,.0f} copies are dropped: no dead-letter queue is set, so they are lost"
        )
        log.add(
            r.exhausted_at_s,
            "retries_exhausted",
            f"Retries run out ({policy}, whichever comes first): {where}.",
            scenario=s,
            dead_lettered=lost_dlq,
            dropped=lost,
        )
    if r.waiting[-1] > 0.5:
        log.add(
            float(len(r.waiting) * dt),
            "still_retrying",
            f"{r.waiting[-1]:,.0f} copies are still waiting for a retry when the run ends.",
            scenario=s,
        )

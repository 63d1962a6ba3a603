"""The sentences of the coupling lab's event log: the tight chain's kernel events, and the queue's
own events marked as the loose side's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.core import EventLog, format_duration, format_number
from engine.coupling.config import CouplingConfig
from engine.coupling.layout import EV, KINDS
from engine.kernel.events import Event, write_log

__all__ = ["LOOSE", "TIGHT", "explain", "totals", "write_events"]

TIGHT = "Tight"
"""How a tight-side event's sentence starts (the figures split the log on it)."""
LOOSE = "Loose"
"""How a loose-side (queue) event's sentence starts."""


def explain(cfg: CouplingConfig, e: Event) -> str:
    """The sentence for one event of the tight chain."""
    kind = int(e.kind)
    if kind == EV.TIMEOUTS:
        return (
            f"{TIGHT}: {format_number(e['failed'])} requests got no answer within the "
            f"{format_duration(cfg.timeout_s)} timeout and failed (504)."
        )
    if kind == EV.LATE:
        return (
            f"{TIGHT}: workers pick up {format_number(e['requests'])} requests that waited "
            f"{format_duration(e['wait_s'])}: waiting plus the work no longer fits the "
            f"{format_duration(cfg.timeout_s)} timeout, so their callers give up (504) while the workers still "
            "spend the time on them."
        )
    if kind == EV.SATURATED:
        return (
            f"{TIGHT}: all {cfg.web_threads:,} web threads are stuck waiting on the worker tier; "
            f"{format_number(e['failed'])} new requests refused at once (503) — the failure cascades upstream."
        )
    return f"{TIGHT}: requests succeed again; {format_number(e['lost'])} failed in all."


def totals(log: EventLog, cfg: CouplingConfig, summary: pd.Series, *, scenario: int = 0) -> None:
    """One tight-side ``totals`` line whenever requests failed: answered, 504s (and how many of them a
    worker still processed) and 503s, the counts the page shows."""
    if not summary["sync_lost_total"]:
        return
    log.add(
        cfg.horizon_s - cfg.dt_s,
        "totals",
        f"{TIGHT}, over the run: {format_number(summary['sync_served_total'])} answered within "
        f"{format_duration(cfg.timeout_s)}, {format_number(summary['sync_timeouts_total'])} timed out (504; "
        f"{format_number(summary['sync_wasted_total'])} of them after a worker had picked them up), "
        f"{format_number(summary['sync_refused_total'])} refused (503).",
        scenario=scenario,
    )


def write_events(
    log: EventLog,
    cfg: CouplingConfig,
    ev: np.ndarray,
    n: int,
    queue_events: pd.DataFrame,
    summary: pd.Series | None = None,
    *,
    scenario: int = 0,
) -> None:
    """The chain's events as sentences (and its totals from ``summary``), then the queue's events,
    each marked with its side."""
    write_log(log, KINDS, ev, n, dt_s=cfg.dt_s, explain=lambda e: explain(cfg, e), scenario=scenario)
    if summary is not None:
        totals(log, cfg, summary, scenario=scenario)
    for row in queue_events.itertuples(index=False):
        log.add(row.t_s, row.kind, f"{LOOSE}: {row.message}", scenario=scenario, **row.data)

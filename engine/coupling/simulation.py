"""Running the coupling lab: the tight chain's kernel and the queue lab's simulation on the same
load, one frame with both sets of columns."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.core import Column, EventLog, Result, Schema, broadcast_loads, stack_results
from engine.coupling.config import CouplingConfig
from engine.coupling.explain import write_events
from engine.coupling.kernel import run_chain
from engine.coupling.layout import MAX_EVENTS, OUTPUTS
from engine.kernel.events import event_buffer
from engine.load import LoadTrace, as_load
from engine.queues import simulate as simulate_queue

__all__ = ["SCHEMA", "SUMMARY", "simulate", "simulate_many", "warmup"]

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("load", "req/s", "requests arriving at the web tier"),
    Column("sync_served", "requests", "tight: requests answered in the step"),
    Column("sync_failed", "requests", "tight: requests failed in the step (timeouts and refusals)"),
    Column("sync_timed_out", "requests", "tight: requests with no answer within the timeout (504) in the step"),
    Column("sync_refused", "requests", "tight: requests refused at once, every web thread held (503), in the step"),
    Column("sync_wasted", "requests", "tight: requests a worker took up too late to answer in time, in the step"),
    Column("sync_waiting", "requests", "tight: requests holding a web thread"),
    Column(
        "sync_latency_s",
        "s",
        "tight: mean latency (wait + work) of the answered requests a worker picked up in the step (0 if none); "
        "never above the timeout",
    ),
    Column("sync_lost", "requests", "tight: requests failed so far"),
    Column("queue_sent", "messages", "loose: messages the web tier put on the queue in the step"),
    Column("queue_done", "messages", "loose: messages processed and deleted in the step"),
    Column("queue_visible", "messages", "loose: messages waiting in the queue"),
    Column("queue_oldest_s", "s", "loose: age of the oldest waiting message (the worst latency)"),
    Column("queue_lost", "messages", "loose: messages expired (past retention) so far"),
    Column("workers", "workers", "loose: workers reading the queue (Lambda: concurrent pollers)"),
)

SUMMARY = Schema(
    Column("sync_served_total", "requests", "tight: requests answered within the timeout over the run"),
    Column("sync_lost_total", "requests", "tight: requests failed over the run (504s and 503s)"),
    Column("sync_timeouts_total", "requests", "tight: timeouts (504) over the run"),
    Column("sync_refused_total", "requests", "tight: refusals (503) over the run"),
    Column("sync_wasted_total", "requests", "tight: requests workers processed after their caller gave up"),
    Column("sync_worst_latency_s", "s", "tight: the worst mean latency of answered requests in a step"),
    Column("queue_lost_total", "messages", "loose: messages expired over the run"),
    Column("queue_worst_delay_s", "s", "loose: the peak age of the oldest waiting message"),
)
UNITS = {**SCHEMA.units(), **SUMMARY.units(), "scenario": ""}

_QUEUE_COLUMNS = {
    "queue_sent": "sent",
    "queue_done": "deleted",
    "queue_visible": "visible",
    "queue_oldest_s": "oldest_age_s",
    "queue_lost": "expired",
    "workers": "consumers",
}
"""Loose-side columns and the queue lab's columns they are."""


def _summary(f: dict[str, np.ndarray]) -> pd.DataFrame:
    return SUMMARY.frame(
        {
            "sync_served_total": [int(f["sync_served"].sum())],
            "sync_lost_total": [int(f["sync_lost"][-1])],
            "sync_timeouts_total": [int(f["sync_timed_out"].sum())],
            "sync_refused_total": [int(f["sync_refused"].sum())],
            "sync_wasted_total": [int(f["sync_wasted"].sum())],
            "sync_worst_latency_s": [float(np.nan_to_num(f["sync_latency_s"]).max())],
            "queue_lost_total": [int(f["queue_lost"][-1])],
            "queue_worst_delay_s": [float(f["queue_oldest_s"].max())],
        }
    )


def _run(cfg: CouplingConfig, load: np.ndarray, seed: int) -> Result:
    ev, _ = event_buffer(1, MAX_EVENTS)
    out, n_ev = run_chain(cfg.params(), np.ascontiguousarray(load, dtype=np.float64), ev[0])
    q = simulate_queue(cfg.queue_config, load, seed=seed)
    data: dict[str, np.ndarray] = {"t_s": cfg.grid.t_s, "load": load}
    for name, col in zip(OUTPUTS, out, strict=True):
        data[name] = col if name == "sync_latency_s" else col.astype(np.int64)
    data.update({name: q.frame[col].to_numpy() for name, col in _QUEUE_COLUMNS.items()})
    log = EventLog()
    one = _summary(data)
    write_events(log, cfg, ev[0], n_ev, q.events, one.iloc[0])
    frame = SCHEMA.frame(data)
    return Result(frame=frame, events=log.frame(), config=cfg, units=UNITS, summary=one)


def simulate(config: CouplingConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Run the same load through both architectures; both sets of columns in one frame."""
    return _run(config, as_load(load, config.grid, seed), seed)


def simulate_many(
    configs: Sequence[CouplingConfig],
    loads: Sequence[LoadTrace | np.ndarray | float] | LoadTrace | float,
    *,
    seed: int = 0,
    summary: bool = False,
) -> Result:
    """A batch of scenarios: one stacked :class:`Result` (``scenario`` column); scenario ``i``
    equals ``simulate(configs[i], loads[i], seed=seed)``. ``summary=True`` keeps only the summary."""
    loads = broadcast_loads(loads, len(configs))
    results = [_run(cfg, as_load(ld, cfg.grid, seed), seed) for cfg, ld in zip(configs, loads, strict=True)]
    return stack_results(results, summary_only=summary)


def warmup() -> None:
    """Compile the kernels on a tiny input."""
    simulate(CouplingConfig(horizon_s=120, outage_start_s=30, outage_s=30), 5.0)

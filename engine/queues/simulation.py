"""Running the queue lab: configs and loads in, a :class:`~engine.core.Result` out.

One kernel call per scenario (:func:`engine.queues.kernel.run_queue`), each with a generator made
from the seed, so scenario ``i`` of :func:`simulate_many` is exactly :func:`simulate` of config
``i``. The frame is built from the kernel's output rows by slot name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.core import Column, EventLog, Result, Schema, broadcast_loads, stack_results
from engine.kernel.events import event_buffer
from engine.load import LoadTrace, as_load
from engine.queues.config import QueueConfig
from engine.queues.explain import write_events
from engine.queues.kernel import run_queue
from engine.queues.layout import FLOAT_OUTPUTS, MAX_EVENTS, OUTPUTS

__all__ = ["SCHEMA", "SUMMARY", "simulate", "simulate_many", "warmup"]

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("load", "msg/s", "rate the producers try to send"),
    Column("sent", "messages", "messages accepted by the queue in the step"),
    Column("send_throttled", "messages", "sends refused over the FIFO throughput limit in the step"),
    Column("deduplicated", "messages", "producer retries a FIFO queue dropped within its 5-min window"),
    Column("received", "messages", "receives in the step (first deliveries and redeliveries)"),
    Column("deleted", "messages", "messages processed and deleted in the step"),
    Column("visible", "messages", "ApproximateNumberOfMessagesVisible at the end of the step"),
    Column("in_flight", "messages", "ApproximateNumberOfMessagesNotVisible: received, not yet deleted"),
    Column("delayed", "messages", "messages still inside the queue's delay"),
    Column("duplicates", "messages", "deliveries of a message already processed or being processed"),
    Column("dead_lettered", "messages", "messages in the dead-letter queue so far"),
    Column("expired", "messages", "messages deleted by retention so far (lost)"),
    Column("oldest_age_s", "s", "ApproximateAgeOfOldestMessage (visible messages)"),
    Column("consumers", "instances", "consumers in service (Lambda: concurrent pollers)"),
    Column("pending", "instances", "consumers launching"),
    Column("metric", "", "the scaling metric at the last 1-min datapoint (backlog/instance or depth)"),
    Column("out_of_order", "messages", "receives of a message after newer ones (redeliveries)"),
)

SUMMARY = Schema(
    Column("sent_total", "messages", "messages accepted by the queue over the run"),
    Column("deleted_total", "messages", "messages processed and deleted over the run"),
    Column("duplicates_total", "messages", "duplicate deliveries over the run"),
    Column("dead_lettered_total", "messages", "messages in the dead-letter queue at the end"),
    Column("expired_total", "messages", "messages lost to retention by the end"),
    Column("peak_visible", "messages", "most messages visible at once"),
    Column("peak_age_s", "s", "peak ApproximateAgeOfOldestMessage"),
    Column("peak_consumers", "instances", "most consumers in service at once"),
    Column("throttled_total", "messages", "sends refused over the FIFO limit over the run"),
)
UNITS = {**SCHEMA.units(), **SUMMARY.units(), "scenario": ""}


def _summary(f: dict[str, np.ndarray]) -> pd.DataFrame:
    return SUMMARY.frame(
        {
            "sent_total": [int(f["sent"].sum())],
            "deleted_total": [int(f["deleted"].sum())],
            "duplicates_total": [int(f["duplicates"].sum())],
            "dead_lettered_total": [int(f["dead_lettered"][-1])],
            "expired_total": [int(f["expired"][-1])],
            "peak_visible": [int(f["visible"].max())],
            "peak_age_s": [float(f["oldest_age_s"].max())],
            "peak_consumers": [int(f["consumers"].max())],
            "throttled_total": [int(f["send_throttled"].sum())],
        }
    )


def _run(cfg: QueueConfig, load: np.ndarray, seed: int) -> Result:
    """One scenario: the kernel, the frame by slot name, the event sentences."""
    ev, _ = event_buffer(1, MAX_EVENTS)
    rng = np.random.default_rng(seed)
    out, n_ev = run_queue(cfg.params(), np.ascontiguousarray(load), cfg.processing_bins, rng, ev[0])
    data: dict[str, np.ndarray] = {"t_s": cfg.grid.t_s, "load": load}
    for name, col in zip(OUTPUTS, out, strict=True):
        data[name] = col if name in FLOAT_OUTPUTS else col.astype(np.int64)
    log = EventLog()
    write_events(log, cfg, ev[0], n_ev, data)
    frame = SCHEMA.frame(data)
    return Result(frame=frame, events=log.frame(), config=cfg, units=UNITS, summary=_summary(data))


def simulate(config: QueueConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Simulate one queue and its consumers under ``load`` (messages/s)."""
    arr = as_load(load, config.grid, seed)
    if arr.ndim != 1:
        raise ValueError("simulate takes one scenario; use simulate_many for a batch")
    return _run(config, arr, seed)


def simulate_many(
    configs: Sequence[QueueConfig],
    loads: Sequence[LoadTrace | np.ndarray | float] | LoadTrace | float,
    *,
    seed: int = 0,
    summary: bool = False,
) -> Result:
    """Run a batch of queues: one stacked :class:`Result` (``scenario`` column; ``config`` a list).

    Every scenario uses a generator made from ``seed``, so scenario ``i`` equals
    ``simulate(configs[i], loads[i], seed=seed)``. ``summary=True`` keeps only ``summary`` (one row
    per scenario), the fast path for sweeps.
    """
    loads = broadcast_loads(loads, len(configs))
    if not configs:
        summary_frame = SUMMARY.frame({n: [] for n in SUMMARY.names})
        summary_frame.insert(0, "scenario", pd.Series(dtype="int64"))
        return Result(
            frame=SCHEMA.frame({n: [] for n in SCHEMA.names}).assign(scenario=pd.Series(dtype="int64")),
            events=EventLog().frame(),
            config=[],
            units=UNITS,
            summary=summary_frame,
        )
    results = [simulate(cfg, as_load(ld, cfg.grid, seed), seed=seed) for cfg, ld in zip(configs, loads, strict=True)]
    return stack_results(results, summary_only=summary)


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    for scaling in ("fixed", "backlog", "lambda"):
        simulate(QueueConfig(horizon_s=120, scaling=scaling, consumers=1, processing_cv=0.5), 5.0)

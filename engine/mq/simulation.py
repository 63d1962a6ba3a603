"""The Amazon MQ vs SQS run: configs packed into the kernel's arrays, the kernel, a Result.

:func:`simulate_many` runs every scenario in one kernel call (they share the time grid);
:func:`simulate` is the one-scenario case. Scenario ``i`` of a batch is exactly
``simulate(configs[i])``: each scenario's load is drawn from the seed alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from engine.core import Column, EventLog, Result, Schema, broadcast_loads
from engine.kernel.layout import columns, pack
from engine.load import LoadTrace, batch_loads
from engine.mq.config import MqConfig
from engine.mq.explain import explain
from engine.mq.kernel import kernel
from engine.mq.layout import OUT, PRM
from engine.mq.profiles import BROKER_LATENCY_MS, SQS_LATENCY_MS

__all__ = ["SCHEMA", "SUMMARY", "simulate", "simulate_many"]

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("sent", "msg/s", "producers' send rate (same for both)"),
    Column("broker_delivered", "msg/s", "delivered to consumers through the broker"),
    Column("broker_backlog", "messages", "waiting in the broker"),
    Column("broker_rejected", "msg/s", "sends refused by producer flow control (store full)"),
    Column("broker_latency_ms", "ms", "send-to-consume time through the broker"),
    Column("broker_util_pct", "%", "offered load / broker throughput"),
    Column("sqs_delivered", "msg/s", "delivered to consumers through SQS"),
    Column("sqs_backlog", "messages", "visible messages waiting in SQS"),
    Column("sqs_latency_ms", "ms", "send-to-consume time through SQS"),
    Column("broker_cost_usd", "USD", "broker cost so far"),
    Column("sqs_cost_usd", "USD", "SQS request cost so far"),
)
SUMMARY = Schema(
    Column("sent_messages", "messages", "messages the producers sent over the run"),
    Column("refused_messages", "messages", "sends the broker refused (flow control) over the run"),
    Column("peak_broker_latency_ms", "ms", "highest send-to-consume time through the broker"),
    Column("peak_sqs_latency_ms", "ms", "highest send-to-consume time through SQS"),
    Column("broker_total_usd", "USD", "broker cost over the run"),
    Column("sqs_total_usd", "USD", "SQS request cost over the run"),
)
UNITS: dict[str, str] = {**SCHEMA.units(), **SUMMARY.units(), "scenario": ""}


def _params(c: MqConfig) -> dict[str, float]:
    """One row of :data:`~engine.mq.layout.PRM`, by slot name."""
    return {
        "broker_cap": c.broker.throughput,
        "broker_store": c.broker.store_msgs,
        "sqs_cap": c.sqs_cap,
        "consumers": c.consumer_rps,
    }


def _columns(configs: Sequence[MqConfig], loads: Sequence[Any], seed: int) -> tuple[float, dict[str, np.ndarray]]:
    """The step ``dt_s`` and every frame column as an ``[S, N]`` array (``t_s`` as ``[N]``)."""
    grid, rate = batch_loads(configs, loads, seed)
    if grid is None:
        raise ValueError("simulate_many needs at least one config")
    dt = float(grid.dt_s)
    o = columns(kernel(rate, pack(PRM, [_params(c) for c in configs]), dt), OUT, axis=1)

    def per(values: list[float]) -> np.ndarray:
        return np.array(values, dtype=np.float64)[:, None]

    hours = (grid.t_s + dt) / 3600.0
    requests = np.cumsum(rate * dt, axis=1) + np.cumsum(o["sqs_delivered"] * dt, axis=1) * 2  # send + receive/delete
    cols = {
        "t_s": grid.t_s,
        "sent": rate,
        "broker_delivered": o["broker_delivered"],
        "broker_backlog": o["broker_backlog"],
        "broker_rejected": o["broker_rejected"],
        "broker_latency_ms": BROKER_LATENCY_MS + o["broker_wait_ms"],
        "broker_util_pct": 100 * rate / per([c.broker.throughput for c in configs]),
        "sqs_delivered": o["sqs_delivered"],
        "sqs_backlog": o["sqs_backlog"],
        "sqs_latency_ms": SQS_LATENCY_MS + o["sqs_wait_ms"],
        "broker_cost_usd": per([c.broker_usd_per_hour for c in configs]) * hours,
        "sqs_cost_usd": requests / per([c.batch for c in configs]) / 1e6 * per([c.sqs_price_per_m for c in configs]),
    }
    return dt, cols


def _result(configs: Sequence[MqConfig], dt: float, cols: dict[str, np.ndarray], *, stacked: bool, summary_only: bool):  # type: ignore[no-untyped-def]
    S, N = cols["sent"].shape
    keep = slice(0, 0) if summary_only else slice(None)
    data = {"t_s": np.tile(cols["t_s"], S)[keep], **{k: v.ravel()[keep] for k, v in cols.items() if k != "t_s"}}
    if stacked:
        data["scenario"] = np.repeat(np.arange(S), N)[keep]
    log = EventLog()
    if not summary_only:
        for i, c in enumerate(configs):
            explain(c, {k: (v if k == "t_s" else v[i]) for k, v in cols.items()}, log, scenario=i)
    summary = SUMMARY.frame(
        {
            "sent_messages": cols["sent"].sum(axis=1) * dt,
            "refused_messages": cols["broker_rejected"].sum(axis=1) * dt,
            "peak_broker_latency_ms": cols["broker_latency_ms"].max(axis=1),
            "peak_sqs_latency_ms": cols["sqs_latency_ms"].max(axis=1),
            "broker_total_usd": cols["broker_cost_usd"][:, -1],
            "sqs_total_usd": cols["sqs_cost_usd"][:, -1],
        }
    )
    if stacked:
        summary.insert(0, "scenario", np.arange(S))
    return Result(
        frame=pd.DataFrame(data),
        events=log.frame(),
        config=list(configs) if stacked else configs[0],
        units=UNITS,
        summary=summary,
    )


def simulate_many(
    configs: Sequence[MqConfig],
    load: LoadTrace | float | np.ndarray | Sequence[Any],
    *,
    seed: int = 0,
    summary: bool = False,
) -> Result:
    """Run scenarios in one kernel call (all must share ``horizon_s`` and ``dt_s``); ``load`` is one
    load for every config or one per config. Returns the stacked Result (``scenario`` column;
    ``result.scenario(i)`` equals ``simulate(configs[i], load_i, seed=seed)``); with ``summary=True``
    only ``result.summary`` is filled (frame and events empty, their columns kept)."""
    configs = list(configs)
    dt, cols = _columns(configs, broadcast_loads(load, len(configs)), seed)
    return _result(configs, dt, cols, stacked=True, summary_only=summary)


def simulate(config: MqConfig, load: LoadTrace | float | np.ndarray, *, seed: int = 0) -> Result:
    """Run one comparison on ``load`` (msg/s from the producers)."""
    dt, cols = _columns([config], [load], seed)
    return _result([config], dt, cols, stacked=False, summary_only=False)

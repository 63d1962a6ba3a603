"""The Amazon MQ vs SQS event log: the setup, saturation episodes, flow control, FIFO limits, the peak.

Built in Python after the kernel from the run's columns (a scan over the steps, never over
messages); the kernel records no events, so :meth:`engine.core.EventLog.add` is the one writer.
Durations read through :func:`engine.core.format_duration`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.core import EventLog, format_clock, format_duration
from engine.mq.config import MqConfig
from engine.mq.decision import ENGINE_NAMES
from engine.mq.profiles import DEPLOYMENTS, EXTENDED_CLIENT_MAX_GB, SQS_MAX_BATCH, sqs_max_message_kb

__all__ = ["MAX_EPISODES", "SATURATED_AFTER_S", "episodes", "explain"]

SATURATED_AFTER_S = 10.0
"""A side counts as saturated once its backlog holds this many seconds of its throughput (a lab choice)."""
MAX_EPISODES = {"broker_saturated": 12, "flow_control": 6, "fifo_limit": 6}
"""Changes logged per run and kind (the first ones)."""


def episodes(values: np.ndarray, enter: float, leave: float) -> list[tuple[int, bool]]:
    """Steps where ``values`` rises above ``enter`` and later falls to ``leave`` (hysteresis, no chatter).

    >>> episodes(np.array([0, 5, 12, 8, 0, 11]), 10, 0)
    [(2, True), (4, False), (5, True)]
    """
    out, on = [], False
    for j, v in enumerate(values):  # a scan over the result, after the kernel
        if not on and v > enter:
            out.append((j, True))
            on = True
        elif on and v <= leave:
            out.append((j, False))
            on = False
    return out


def explain(c: MqConfig, f: Mapping[str, np.ndarray], log: EventLog, *, scenario: int = 0) -> None:
    """Add one run's events to ``log`` (``f``: its frame columns as arrays)."""
    s = scenario
    t = f["t_s"]
    b = c.broker
    mode, n = DEPLOYMENTS[c.deployment]
    billed = f", billed as {n} broker instances" if n > 1 else ""
    quota = (
        f"{b.connections:,} connections per protocol"
        if c.engine == "activemq"
        else "AMQP 0-9-1 only (ActiveMQ's per-protocol connection quota does not apply)"
    )
    log.add(
        0.0,
        "setup",
        f"{c.instance} {ENGINE_NAMES[c.engine]} {mode}{billed}: about {b.throughput:,.0f} msg/s (illustrative), "
        f"{quota}; consumers can take {c.consumer_rps:,.0f} msg/s.",
        scenario=s,
    )
    if c.needs_extended_client:
        log.add(
            0.0,
            "message_size",
            f"{c.message_kb:,.0f} KB messages exceed SQS's {sqs_max_message_kb(c.rules):,.0f} KB maximum ({c.rules} edition): SQS needs the Extended Client Library (payload in S3, up to {EXTENDED_CLIENT_MAX_GB} GB).",
            scenario=s,
        )
    backlog = f["broker_backlog"]
    full = b.throughput * SATURATED_AFTER_S
    for j, up in episodes(backlog, full, 0.0)[: MAX_EPISODES["broker_saturated"]]:
        if up:
            log.add(
                t[j],
                "broker_saturated",
                f"Producers send {f['sent'][j]:,.0f} msg/s, over the broker's {b.throughput:,.0f} msg/s: its queue passes {full:,.0f} messages ({format_duration(SATURATED_AFTER_S)} of work) and latency climbs. A bigger instance type means a broker restart.",
                scenario=s,
            )
        else:
            log.add(
                t[j],
                "broker_ok",
                "The broker has drained its backlog: latency is back to normal.",
                scenario=s,
            )
    for j, up in episodes(backlog, b.store_msgs * 0.999, b.store_msgs * 0.5)[: MAX_EPISODES["flow_control"]]:
        if up:
            log.add(
                t[j],
                "flow_control",
                f"Broker store full ({b.store_msgs:,.0f} messages): producer flow control refuses {f['broker_rejected'][j]:,.0f} msg/s.",
                scenario=s,
            )
    if c.queue_type != "standard":
        batching = f"batches of {SQS_MAX_BATCH}" if c.queue_type == "fifo-batched" else "no batching"
        for j, up in episodes(f["sqs_backlog"], c.sqs_cap * SATURATED_AFTER_S, 0.0)[: MAX_EPISODES["fifo_limit"]]:
            if up:
                log.add(
                    t[j],
                    "fifo_limit",
                    f"SQS FIFO limit reached: {c.sqs_cap:,.0f} msg/s ({batching}, aws-facts §4); the FIFO queue backs up too.",
                    scenario=s,
                )
    peak = int(np.argmax(f["sent"]))
    log.add(
        t[peak],
        "peak",
        f"Peak {f['sent'][peak]:,.0f} msg/s at {format_clock(t[peak])}: broker latency "
        f"{format_duration(f['broker_latency_ms'][peak] / 1000)}, SQS {format_duration(f['sqs_latency_ms'][peak] / 1000)}.",
        scenario=s,
    )

"""The Amazon MQ vs SQS kernel's arrays, named once: per-scenario parameters and per-step outputs.

Output slots that are frame columns carry the column's name; the two ``*_WAIT_MS`` slots are the
queueing part of the latency (the frame adds each side's base latency).

>>> PRM.CONSUMERS, OUT.SQS_BACKLOG
(3, 5)
"""

from __future__ import annotations

from engine.kernel.layout import slots

__all__ = ["OUT", "PRM"]

PRM = slots("MqParams", "BROKER_CAP BROKER_STORE SQS_CAP CONSUMERS")
"""Per scenario ``prm[s, PRM.X]``: broker throughput (msg/s), broker store (messages), SQS
throughput limit (msg/s, inf for standard), consumers' processing rate (msg/s)."""

OUT = slots(
    "MqOut",
    "BROKER_DELIVERED BROKER_BACKLOG BROKER_REJECTED BROKER_WAIT_MS SQS_DELIVERED SQS_BACKLOG SQS_WAIT_MS",
)
"""Per scenario and step ``out[s, OUT.X, t]``: delivered (msg/s), backlog (messages), refused
(msg/s) and backlog wait (ms) through the broker; delivered, backlog and wait through SQS."""

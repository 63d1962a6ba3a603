"""The sentences of the SQS lab's event log: each kernel event code, with its numbers, explained.

Kept apart from :mod:`engine.queues` so the simulation module stays short; the facts behind each
sentence are in that module's docstring (aws-facts.md §4, §1.6, §6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine import queues_parts as qk

if TYPE_CHECKING:
    from engine.queues import QueueConfig

__all__ = ["message", "rollups"]


def message(cfg: QueueConfig, code: int, a: float, b: float, c: float) -> tuple[str, str]:
    """``(kind, sentence)`` for one kernel event."""
    metric = "backlog per instance" if cfg.scaling == "backlog" else "queue depth"
    target = cfg.backlog_target if cfg.scaling == "backlog" else cfg.depth_target
    if code == qk.EV_SCALE_OUT:
        return "scale_out", (
            f"Scale out {a:.0f} → {b:.0f} consumers: {metric} {c:,.1f} above target {target:,.1f} "
            f"for 3 datapoints; new consumers take {cfg.launch_s:.0f} s to launch."
        )
    if code == qk.EV_SCALE_IN:
        return "scale_in", (
            f"Scale in {a:.0f} → {b:.0f} consumers: {metric} {c:,.1f} below {0.7 * target:,.1f} "
            "(70 % of target) for 15 datapoints."
        )
    if code == qk.EV_AT_MAX:
        return "at_max", (
            f"The policy asked for {b:,.0f} consumers ({metric} {c:,.1f} vs target {target:,.1f}) but the "
            f"group is at its maximum of {cfg.max_consumers}: no scale-out."
        )
    if code == qk.EV_OVERRUN:
        return "redelivery", (
            f"{a:,.0f} message(s) still processing ({c:,.1f} s) when the {b:,.0f} s visibility timeout ran out: "
            "they become visible again and another consumer processes them a second time."
        )
    if code == qk.EV_DLQ:
        return (
            "dead_letter",
            f"{a:,.0f} message(s) moved to the dead-letter queue after {b:.0f} receives (maxReceiveCount).",
        )
    if code == qk.EV_POISON_DLQ:
        return "dead_letter", (
            f"The poison message was dead-lettered after {a:.0f} receives; "
            + (f"its message group unblocks, releasing {b:,.0f} messages held for {c:,.0f} s." if cfg.fifo else "")
        )
    if code == qk.EV_EXPIRY:
        return (
            "expired",
            f"{a:,.0f} message(s) expired: they waited longer than the {b:,.0f} s retention period and are lost.",
        )
    if code == qk.EV_OUTAGE_START:
        return "outage", f"Consumers go down; {a:,.0f} messages visible. Producers keep sending: the queue absorbs it."
    if code == qk.EV_OUTAGE_END:
        return "recovered", f"Consumers are back with {a:,.0f} messages waiting; the backlog drains."
    if code == qk.EV_SLOW_START:
        return "slowdown", f"The worker tier slows down: processing takes {a:.1f}x as long."
    if code == qk.EV_SLOW_END:
        return "recovered", f"The slowdown ends with {a:,.0f} messages waiting."
    if code == qk.EV_FIFO_THROTTLE:
        return "throttle", (
            f"Producers try {a:,.0f} msg/s but a FIFO queue takes {b:,.0f} msg/s per action "
            "(300 without batching, 3,000 with batches of 10): the excess sends are refused."
        )
    if code == qk.EV_POISON_SENT:
        extra = f" It blocks its message group (1 of {b:.0f}): that group's messages wait behind it." if a > 0 else ""
        return "poison", f"A poison message arrives: it fails every time it is processed.{extra}"
    if code == qk.EV_LAMBDA_MAX:
        return (
            "at_max",
            f"The Lambda SQS poller reached its maximum of {a:,.0f} concurrent batches with {b:,.0f} visible.",
        )
    return "event", f"event {code}"


def rollups(cfg: QueueConfig, data: dict[str, np.ndarray]) -> list[tuple]:
    """One summary sentence per window (1/24 of the run, at least 10 min) in which messages were
    dead-lettered or expired, or more than 1 % were delivered twice: the kernel logs only the first."""
    window = max(600.0, cfg.horizon_s / 24)
    per = max(1, round(window / cfg.dt_s))
    starts = np.arange(0, len(data["t_s"]), per)
    dups = np.add.reduceat(data["duplicates"], starts)
    sent = np.add.reduceat(data["sent"], starts)
    ends = np.minimum(np.arange(per, len(data["t_s"]) + per, per), len(data["t_s"])) - 1
    dlq = np.diff(data["dead_lettered"][ends], prepend=0)
    exp = np.diff(data["expired"][ends], prepend=0)
    rows = []
    for k, end in enumerate(ends):
        if dlq[k] or exp[k] or dups[k] > 0.01 * sent[k]:  # at-least-once noise alone is not news
            rows.append((
                float(data["t_s"][end]), "summary",
                f"In the last {window / 60:,.0f} min: {dups[k]:,} duplicate deliveries, {dlq[k]:,} dead-lettered, "
                f"{exp[k]:,} expired; {data['visible'][end]:,} visible, oldest {data['oldest_age_s'][end]:,.0f} s.",
            ))  # fmt: skip
    return rows

"""The sentences of the queue lab's event log: each kernel event, its payload read by name, and
the per-window roll-ups the kernel leaves to Python (facts in :mod:`engine.queues.limits`).
"""

from __future__ import annotations

import numpy as np

from engine.core import EventLog, format_duration, format_number
from engine.kernel.events import Event, write_log
from engine.kernel.target_tracking import EC2_LOW_FACTOR, HIGH_DATAPOINTS, LOW_DATAPOINTS
from engine.queues.config import QueueConfig
from engine.queues.layout import EV, KINDS
from engine.queues.limits import DATAPOINT_PERIOD_S, FIFO_BATCH_TPS, FIFO_TPS, MAX_BATCH

__all__ = ["BACKLOG_AGE_S", "backlogs", "explain", "rollups", "write_events"]


def explain(cfg: QueueConfig, e: Event) -> str:
    """The sentence for one kernel event of a run of ``cfg``."""
    metric = "backlog per instance" if cfg.scaling == "backlog" else "queue depth"
    target = cfg.scaling_target
    kind = int(e.kind)
    if kind == EV.SCALE_OUT:
        return (
            f"Scale out {format_number(e['frm'])} → {format_number(e['to'])} consumers: {metric} {e['metric']:,.1f} "
            f"above target {target:,.1f} for {HIGH_DATAPOINTS} datapoints; new consumers take "
            f"{format_duration(cfg.launch_s)} to launch."
        )
    if kind == EV.SCALE_IN:
        return (
            f"Scale in {format_number(e['frm'])} → {format_number(e['to'])} consumers: {metric} {e['metric']:,.1f} "
            f"below {EC2_LOW_FACTOR * target:,.1f} ({EC2_LOW_FACTOR * 100:.0f} % of target) "
            f"for {LOW_DATAPOINTS} datapoints."
        )
    if kind == EV.AT_MAX:
        return (
            f"The policy asked for {format_number(e['desired'])} consumers ({metric} {e['metric']:,.1f} vs target "
            f"{target:,.1f}) but the group is at its maximum of {cfg.max_consumers}: no scale-out."
        )
    if kind == EV.OVERRUN:
        return (
            f"{format_number(e['messages'])} message(s) still processing ({format_duration(e['processing_s'])}) when "
            f"the {format_duration(e['visibility_s'])} visibility timeout ran out: they become visible again and "
            "another consumer processes them a second time."
        )
    if kind == EV.DLQ:
        return (
            f"{format_number(e['messages'])} message(s) moved to the dead-letter queue after "
            f"{format_number(e['receives'])} receives (maxReceiveCount)."
        )
    if kind == EV.POISON_DLQ:
        released = (
            f"its message group unblocks, releasing {format_number(e['released'])} messages held for "
            f"{format_duration(e['held_s'])}."
        )
        return f"The poison message was dead-lettered after {format_number(e['receives'])} receives; " + (
            released if cfg.fifo else ""
        )
    if kind == EV.EXPIRY:
        return (
            f"{format_number(e['messages'])} message(s) expired: they waited longer than the "
            f"{format_duration(e['retention_s'])} retention period and are lost."
        )
    if kind == EV.OUTAGE_START:
        return (
            f"Consumers go down; {format_number(e['visible'])} messages visible. "
            "Producers keep sending: the queue absorbs it."
        )
    if kind == EV.OUTAGE_END:
        return f"Consumers are back with {format_number(e['visible'])} messages waiting; the backlog drains."
    if kind == EV.SLOW_START:
        return f"The worker tier slows down: processing takes {e['factor']:.1f}x as long."
    if kind == EV.SLOW_END:
        return f"The slowdown ends with {format_number(e['visible'])} messages waiting."
    if kind == EV.FIFO_THROTTLE:
        return (
            f"Producers try {format_number(e['tried_per_s'])} msg/s but a FIFO queue takes "
            f"{format_number(e['limit_per_s'])} msg/s per action ({format_number(FIFO_TPS)} without batching, "
            f"{format_number(FIFO_BATCH_TPS)} with batches of {MAX_BATCH}): the excess sends are refused."
        )
    if kind == EV.POISON_SENT:
        blocks = (
            f" It blocks its message group (1 of {format_number(e['groups'])}): that group's messages wait behind it."
            if e["blocks_group"] > 0
            else ""
        )
        return f"A poison message arrives: it fails every time it is processed.{blocks}"
    # LAMBDA_MAX
    return (
        f"The Lambda SQS poller reached its maximum of {format_number(e['pollers'])} concurrent batches with "
        f"{format_number(e['visible'])} visible."
    )


BACKLOG_AGE_S = DATAPOINT_PERIOD_S
"""A backlog episode starts when the oldest visible message is older than one CloudWatch datapoint
period (60 s, aws-facts §4: queue metrics arrive once a minute) and ends when the queue is empty
again. This threshold is the lab's choice, not an AWS number."""


def backlogs(cfg: QueueConfig, data: dict[str, np.ndarray], log: EventLog, *, scenario: int = 0) -> None:
    """One ``backlog`` event when a backlog builds (oldest message past :data:`BACKLOG_AGE_S`) and
    one ``drained`` event when no message waits longer than a step again, with the episode's peak depth and age."""
    age, visible, t = data["oldest_age_s"], data["visible"], data["t_s"]
    i, n = 0, len(t)
    while i < n:
        if age[i] <= BACKLOG_AGE_S:
            i += 1
            continue
        start = i
        window = slice(max(0, i - round(BACKLOG_AGE_S / cfg.dt_s)), i + 1)
        sent = float(data["sent"][window].mean()) / cfg.dt_s
        done = float(data["deleted"][window].mean()) / cfg.dt_s
        log.add(
            float(t[i]),
            "backlog",
            f"A backlog builds: {visible[i]:,} messages visible and the oldest has waited "
            f"{format_duration(age[i])}; producers send {format_number(sent)} msg/s, consumers delete "
            f"{format_number(done)} msg/s.",
            scenario=scenario,
            visible=int(visible[i]),
        )
        while i < n and visible[i] > 0 and age[i] > cfg.dt_s:  # until nothing waits longer than a step
            i += 1
        peak = slice(start, i)
        if i < n:
            log.add(
                float(t[i]),
                "drained",
                f"The backlog has drained after {format_duration(t[i] - t[start])}: it peaked at "
                f"{int(visible[peak].max()):,} visible, the oldest message at {format_duration(age[peak].max())}.",
                scenario=scenario,
                peak_visible=int(visible[peak].max()),
            )


def rollups(cfg: QueueConfig, data: dict[str, np.ndarray], log: EventLog, *, scenario: int = 0) -> None:
    """One summary sentence per window (1/24 of the run, at least 10 min) in which messages were
    dead-lettered or expired, or more than 1 % were delivered twice: the kernel logs only the first.
    Then one ``totals`` sentence for the run whenever any message was delivered twice, dead-lettered,
    expired or refused, so the log reports every count the page shows even when no window is news."""
    window = max(600.0, cfg.horizon_s / 24)
    per = max(1, round(window / cfg.dt_s))
    starts = np.arange(0, len(data["t_s"]), per)
    dups = np.add.reduceat(data["duplicates"], starts)
    sent = np.add.reduceat(data["sent"], starts)
    ends = np.minimum(np.arange(per, len(data["t_s"]) + per, per), len(data["t_s"])) - 1
    dlq = np.diff(data["dead_lettered"][ends], prepend=0)
    exp = np.diff(data["expired"][ends], prepend=0)
    for k, end in enumerate(ends):
        if dlq[k] or exp[k] or dups[k] > 0.01 * sent[k]:  # at-least-once noise alone is not news
            log.add(
                float(data["t_s"][end]),
                "summary",
                f"In the last {format_duration(window)}: {dups[k]:,} duplicate deliveries, {dlq[k]:,} dead-lettered, "
                f"{exp[k]:,} expired; {data['visible'][end]:,} visible, "
                f"oldest {format_duration(data['oldest_age_s'][end])}.",
                scenario=scenario,
            )
    totals = {
        "duplicates": int(data["duplicates"].sum()),
        "dead_lettered": int(data["dead_lettered"][-1]),
        "expired": int(data["expired"][-1]),
        "send_throttled": int(data["send_throttled"].sum()),
    }
    if any(totals.values()):
        received = int(data["received"].sum())
        why = " (a standard queue delivers at least once)" if not cfg.fifo and totals["duplicates"] else ""
        log.add(
            float(data["t_s"][-1]),
            "totals",
            f"Over the run: {totals['duplicates']:,} duplicate deliveries{why} of {received:,} receives, "
            f"{totals['dead_lettered']:,} dead-lettered, {totals['expired']:,} expired, "
            f"{totals['send_throttled']:,} sends refused.",
            scenario=scenario,
            **totals,
        )


def write_events(
    log: EventLog, cfg: QueueConfig, ev: np.ndarray, n: int, data: dict[str, np.ndarray], *, scenario: int = 0
) -> None:
    """The kernel's events of one scenario as sentences, the backlog episodes, then the roll-ups."""
    write_log(log, KINDS, ev, n, dt_s=cfg.dt_s, explain=lambda e: explain(cfg, e), scenario=scenario)
    backlogs(cfg, data, log, scenario=scenario)
    rollups(cfg, data, log, scenario=scenario)

"""The AWS Batch event log: submitted bursts, scaling, Spot interruptions, timeouts and jobs too big
for any instance, in words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.batch.config import BatchConfig
from engine.batch.layout import EV, KINDS
from engine.core import EventLog, format_duration, format_number
from engine.kernel.events import Event, write_log

__all__ = ["events"]


def events(
    cfg: BatchConfig,
    ev: np.ndarray,
    n: int,
    *,
    failures: Sequence[tuple[float, int, int]] = (),
    scenario: int = 0,
) -> pd.DataFrame:
    """The event log frame of one scenario: the one-off bursts it submits, the kernel's events
    (``ev``, ``n``: that scenario's event buffer and count) and, rolled up per queue, the jobs that
    FAILED with their attempts used up (``failures``: first time, queue, jobs by the end)."""
    log = EventLog()
    for t, qi, jobs in failures:
        q = cfg.queues[qi]
        tries = f"all {q.attempts} attempts" if q.attempts > 1 else "its one attempt (no retry strategy)"
        log.add(
            t,
            "failed",
            f"{format_number(jobs)} job(s) of queue {q.name} FAILED by the end of the run: {tries} failed, each by "
            "a job error or a Spot interruption (retry strategy: 1-10 attempts, aws-facts §8.3).",
            scenario=scenario,
        )
    for q in cfg.queues:
        if q.burst_at_s is not None and q.burst_at_s < cfg.horizon_s and q.burst_arrays:
            kind = (
                f"{q.burst_arrays} array job(s) of {q.array_size:,}" if q.array_size > 1 else f"{q.burst_arrays} job(s)"
            )
            log.add(
                q.burst_at_s,
                "submit",
                f"{kind} submitted to queue {q.name} (priority {q.priority}).",
                scenario=scenario,
            )
    said: dict[tuple[int, tuple[float, ...]], str] = {}

    def explain(e: Event) -> str:
        # A long Spot run repeats the same few payloads thousands of times: build each sentence once.
        key = (e.kind, tuple(e.values.values()))
        text = said.get(key)
        if text is None:
            text = said[key] = _sentence(cfg, e)
        return text

    write_log(log, KINDS, ev, n, dt_s=cfg.dt_s, explain=explain, scenario=scenario)
    return log.frame()


def _sentence(cfg: BatchConfig, e: Event) -> str:
    if e.kind == EV.UNPLACEABLE:
        q = cfg.queues[int(e["queue"])]
        names = ", ".join(cfg.compute_environments[i].name for i in q.compute_environments)
        return (
            f"Jobs of queue {q.name} need {format_number(e['vcpus'])} vCPUs, more than the largest instance of its "
            f"compute environments ({names}: {format_number(e['largest'])} vCPUs): a job runs on one instance, so "
            "they stay RUNNABLE and the environments do not scale out for them. Use larger instance types."
        )
    if e.kind == EV.TIMEOUT:
        q = cfg.queues[int(e["queue"])]
        return (
            f"{format_number(e['jobs'])} job(s) of queue {q.name} hit the {format_duration(q.timeout_s)} timeout: "
            "FAILED and not retried (BATCH-UG job timeouts)."
        )
    ce = cfg.compute_environments[int(e["ce"])]
    if e.kind == EV.SCALE_OUT:
        return (
            f"{ce.name} scales out from {format_number(e['frm'])} to {format_number(e['to'])} vCPUs: RUNNABLE jobs "
            f"need them (min {ce.min_vcpus}, max {ce.max_vcpus}); new capacity arrives after the launch delay."
        )
    if e.kind == EV.SCALE_IN:
        return (
            f"{ce.name} scales in from {format_number(e['frm'])} to {format_number(e['to'])} vCPUs: fewer jobs "
            f"need it (min {ce.min_vcpus})."
        )
    return (
        f"Spot reclaims a {format_number(e['vcpus'])}-vCPU instance of {ce.name}: {format_number(e['jobs'])} running "
        "job(s) lose their attempt; those with attempts left go back to RUNNABLE."
    )

"""The Step Functions event log: what went wrong in which state, and why an execution ended badly.

A Python-only lab (no compiled kernel), so it writes through :meth:`engine.core.EventLog.add`.
"""

from __future__ import annotations

import pandas as pd

from engine.core import EventLog, format_duration, format_number
from engine.stepfunctions.config import HISTORY_LIMIT, WorkflowConfig

__all__ = ["MAX_EXECUTION_EVENTS", "events"]

MAX_EXECUTION_EVENTS = 60
"""Executions that ended badly get one sentence each, up to this many (the first ones)."""


def events(
    cfg: WorkflowConfig, execs: pd.DataFrame, visits: pd.DataFrame, *, looped: bool, max_visits: int
) -> pd.DataFrame:
    """The event log frame of one run: per state, its retried, caught and uncaught errors; per
    execution that did not succeed, why; and a note if the definition kept looping."""
    log = EventLog()
    for st_name, g in visits[visits["outcome"] != "ok"].groupby("state", sort=False):
        n_retry = int((g["outcome"] == "retried").sum())
        n_caught = int((g["outcome"] == "caught").sum())
        n_failed = int((g["outcome"] == "failed").sum())
        t0 = float(g["start_s"].min())
        if n_retry:
            log.add(
                t0, "retry", f"{st_name}: {n_retry:,} failed attempt(s) retried (Retry: wait Interval × Backoff^n)."
            )
        if n_caught:
            log.add(t0, "caught", f"{st_name}: {n_caught:,} error(s) caught by Catch and routed on.")
        if n_failed:
            log.add(t0, "failed_state", f"{st_name}: {n_failed:,} error(s) not retried or caught.")
    for row in execs[execs["status"] != "SUCCEEDED"].head(MAX_EXECUTION_EVENTS).itertuples():
        if row.status == "TIMED_OUT":
            msg = (
                f"Execution {row.execution} stopped after {format_duration(row.duration_s)}: "
                f"{cfg.workflow_type.title()} workflows may run at most {format_duration(cfg.max_duration_s)}."
            )
        elif "history" in row.error:
            msg = (
                f"Execution {row.execution} failed: {format_number(row.history_events)} history events > "
                f"{format_number(HISTORY_LIMIT)} (Standard limit)."
            )
        else:
            msg = f"Execution {row.execution} failed with {row.error} after {format_duration(row.duration_s)}."
        log.add(row.end_s, "execution_" + row.status.lower(), msg)
    if looped:
        log.add(0.0, "loop", f"The definition kept looping: stopped after {format_number(max_visits)} state visits.")
    return log.frame()

"""The Step Functions event log: what went wrong in which state, and why an execution ended badly.

A Python-only lab (no compiled kernel), so it writes through :meth:`engine.core.EventLog.add`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from engine.core import EventLog, format_duration, format_number
from engine.stepfunctions.asl import Machine, State
from engine.stepfunctions.config import HISTORY_LIMIT, WorkflowConfig
from engine.stepfunctions.interpreter import INLINE_MAP_MAX_CONCURRENCY

__all__ = ["MAX_EXECUTION_EVENTS", "events"]

MAX_EXECUTION_EVENTS = 60
"""Executions that ended badly get one sentence each, up to this many (the first ones)."""


def events(
    cfg: WorkflowConfig,
    execs: pd.DataFrame,
    visits: pd.DataFrame,
    *,
    looped: bool,
    max_visits: int,
    map_limits: Mapping[str, tuple[int, int, int]] | None = None,
) -> pd.DataFrame:
    """The event log frame of one run: Map states held to their concurrency; per state, its
    retried, caught, uncaught and stopped visits; per execution that did not succeed, why; and a
    note if the definition kept looping."""
    log = EventLog()
    states = dict(_states(cfg.machine, ""))
    for name, (widest, limit, asked) in (map_limits or {}).items():
        why = (
            f"an inline Map runs at most {INLINE_MAP_MAX_CONCURRENCY} at once (SFN-DG state-map-inline)"
            + (f", whatever MaxConcurrency {asked} asks" if asked > INLINE_MAP_MAX_CONCURRENCY else "")
            if limit == INLINE_MAP_MAX_CONCURRENCY
            else f"MaxConcurrency {limit}"
        )
        log.add(
            0.0,
            "map_concurrency",
            f"{name}: up to {widest:,} items, {limit} at a time ({why}): the rest wait for a free slot.",
        )
    for st_name, g in visits[visits["outcome"] != "ok"].groupby("state", sort=False):
        n_retry = int((g["outcome"] == "retried").sum())
        n_caught = int((g["outcome"] == "caught").sum())
        n_failed = int((g["outcome"] == "failed").sum())
        n_stopped = int((g["outcome"] == "stopped").sum())
        t0 = float(g["start_s"].min())
        if n_retry:
            log.add(t0, "retry", f"{st_name}: {n_retry:,} failed attempt(s) retried ({_backoff(states.get(st_name))}).")
        if n_caught:
            log.add(t0, "caught", f"{st_name}: {n_caught:,} error(s) caught by Catch and routed on.")
        if n_failed:
            log.add(t0, "failed_state", f"{st_name}: {n_failed:,} error(s) not retried or caught.")
        if n_stopped:
            t_stop = float(g.loc[g["outcome"] == "stopped", "end_s"].min())
            log.add(
                t_stop,
                "stopped",
                f"{st_name}: {n_stopped:,} visit(s) stopped: another branch or Map iteration failed first, which "
                "fails the whole Parallel or Map state at that moment (SFN-DG state-parallel, state-map-inline).",
            )
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


def _states(m: Machine, prefix: str) -> Iterator[tuple[str, State]]:
    """Every state by its label in the visits frame (nested ones as ``Parent › Child``)."""
    for name, st in m.states.items():
        yield prefix + name, st
        for b in st.branches:
            yield from _states(b, f"{prefix}{name} › ")


def _backoff(st: State | None) -> str:
    """How the state's retriers wait, in words (SFN-DG ``concepts-error-handling``).

    >>> from engine.stepfunctions.asl import Retrier
    >>> _backoff(State("T", "Task", retry=(Retrier(("E",), 2.0, 3, 2.0, 5.0, "FULL"),)))
    'Retry: wait 2 s × 2^n, at most 5 s, FULL jitter: a random time up to that'
    """
    if st is None or not st.retry:
        return "Retry: wait Interval × Backoff^n"
    parts = []
    for r in st.retry:
        w = f"wait {r.interval_s:g} s × {r.backoff:g}^n"
        if r.max_delay_s is not None:
            w += f", at most {r.max_delay_s:g} s"
        if r.jitter == "FULL":
            w += ", FULL jitter: a random time up to that"
        parts.append(w)
    return "Retry: " + "; ".join(parts)

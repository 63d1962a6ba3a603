"""Run a Step Functions workflow for many executions at once: the executions, their state
visits, the timeline, the summary and the event log as one :class:`~engine.core.Result`.

The interpreter (:mod:`engine.stepfunctions.interpreter`) is vectorised *across executions*:
every state visit processes, in one numpy step, all executions (or Map iterations) that reached
that state, so 1,000 executions cost about as many Python steps as one. Retries follow
``IntervalSeconds * BackoffRate**(n-1)``; Catch routes an error to its ``Next``. Data does not
flow between states: Choice rules, ``SecondsPath`` and ``ItemsPath`` read the execution input
generated per execution (:data:`~engine.stepfunctions.config.INPUT_FIELDS`). A Map runs its items
in waves of ``MaxConcurrency``, at most 40 for an inline Map (each wave as long as its slowest
item; the real service starts the next item as soon as a slot frees, so it is a little faster);
a failed iteration or Parallel branch fails its state at that moment and stops the others. History events are counted
from the event types SFN-DG lists (approximate). The limits (§8.1) end an execution: the
workflow type's duration limit (``TIMED_OUT``) and, for Standard, the history limit (``FAILED``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.core import Column, Result, Schema, broadcast_loads, check_range, stack_results
from engine.stepfunctions.config import HISTORY_LIMIT, PRICES, WorkflowConfig
from engine.stepfunctions.explain import events
from engine.stepfunctions.interpreter import Interpreter

__all__ = ["EXECUTIONS", "SCHEMA", "STATUSES", "SUMMARY", "VISITS", "simulate", "simulate_many", "warmup"]

OUTCOMES = ("ok", "retried", "caught", "failed", "stopped")
"""A visit's outcome by code (the interpreter's ``STOPPED`` is the last)."""
STATUSES = ("SUCCEEDED", "FAILED", "TIMED_OUT")
TIMELINE_STEPS = 240
"""Points of the executions-over-time frame (it spans the run, however long)."""

SCHEMA = Schema(
    Column("t_s", "s", "start of the time step"),
    Column("started", "executions", "executions started in this step"),
    Column("in_progress", "executions", "executions running at the start of the step"),
    Column("succeeded", "executions", "executions that succeeded so far"),
    Column("failed", "executions", "executions that failed so far (uncaught error, Fail state, history limit)"),
    Column("timed_out", "executions", "executions stopped by the duration limit so far"),
    Column("not_started", "executions", "executions not yet started"),
    Column("cost_usd", "USD", "cost of the finished executions so far (illustrative prices)"),
)
EXECUTIONS = Schema(
    Column("execution", "", "execution number"),
    Column("start_s", "s", "when the execution started"),
    Column("end_s", "s", "when it ended"),
    Column("duration_s", "s", "how long it ran"),
    Column("status", "", "SUCCEEDED, FAILED or TIMED_OUT"),
    Column("error", "", "the error that ended it ('' if it succeeded)"),
    Column("transitions", "transitions", "state transitions (what Standard bills)"),
    Column("history_events", "events", "history events it recorded"),
    Column("retries", "attempts", "attempts retried by a Retry rule"),
    Column("caught", "errors", "errors caught by a Catch rule"),
    Column("cost_usd", "USD", "its cost (illustrative prices)"),
    Column("in_order_id", "", "simulated input: the order number"),
    Column("in_total", "USD", "simulated input: the order value"),
    Column("in_items", "items", "simulated input: line items"),
    Column("in_in_stock", "", "simulated input: in stock"),
    Column("in_express_shipping", "", "simulated input: express shipping"),
)
VISITS = Schema(
    Column("execution", "", "the execution that visited the state"),
    Column("state", "", "the state (nested ones as 'Parent › Child')"),
    Column("type", "", "its type (Task, Choice, ...)"),
    Column("start_s", "s", "when the visit (one attempt) started"),
    Column("end_s", "s", "when it ended"),
    Column("outcome", "", "ok, retried, caught, failed, or stopped (a sibling branch or Map iteration failed)"),
)
SUMMARY = Schema(
    Column("executions", "executions", "executions run"),
    Column("succeeded", "executions", "executions that succeeded"),
    Column("failed", "executions", "executions that failed"),
    Column("timed_out", "executions", "executions stopped by the duration limit"),
    Column("p99_duration_s", "s", "99th percentile of the execution durations"),
    Column("transitions_per_execution", "transitions", "mean state transitions per execution"),
    Column("max_history_events", "events", "the longest history of one execution"),
    Column("retries", "attempts", "attempts retried, all executions"),
    Column("cost_usd", "USD", "cost of all executions (illustrative prices)"),
)
UNITS = {**EXECUTIONS.units(), **VISITS.units(), **SUMMARY.units(), **SCHEMA.units(), "scenario": ""}
"""The unit of every column of the frame, the extras and the summary (a stacked result adds ``scenario``)."""


def _inputs(cfg: WorkflowConfig, rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = cfg.executions
    return {
        "order_id": np.arange(n, dtype=float),
        "total": np.round(150.0 * rng.lognormal(0.0, 0.9, n), 2),
        "items": rng.integers(1, cfg.max_items + 1, n) if cfg.max_items else np.zeros(n, np.int64),
        "in_stock": rng.random(n) < cfg.in_stock_p,
        "express_shipping": rng.random(n) < 0.3,
    }


def simulate(config: WorkflowConfig, load: float | None = None, *, seed: int = 0) -> Result:
    """Run ``config.executions`` executions started as a Poisson stream of ``load`` (default
    ``config.rate_per_min``) executions per minute."""
    cfg = config
    rate = cfg.rate_per_min if load is None else float(load)
    check_range("load", rate, 0.01, 100_000, unit="executions/min")
    rng = np.random.default_rng(seed)
    n = cfg.executions
    start = np.cumsum(rng.exponential(60.0 / rate, n))
    start -= start[0]
    inputs = _inputs(cfg, rng)
    run = Interpreter(cfg, inputs, rng)
    m = cfg.machine
    end, err = run.run(m, np.arange(n), start.copy(), "", np.arange(n))
    run.history += 2  # ExecutionStarted, ExecutionSucceeded/Failed
    status = np.where(err < 0, 0, 1)
    limit = cfg.max_duration_s
    over = (end - start) > limit
    status = np.where(over, 2, status)
    end = np.where(over, start + limit, end)
    hist_over = (cfg.workflow_type == "STANDARD") & (run.history > HISTORY_LIMIT) & ~over
    end = np.where(hist_over, start + (end - start) * HISTORY_LIMIT / np.maximum(run.history, 1), end)
    status = np.where(hist_over, 1, status)
    error = np.array([run.errors[e] if e >= 0 else "" for e in err], dtype=object)
    error[over] = "States.Timeout"
    error[hist_over] = "States.Runtime (history limit)"
    dur = end - start
    if cfg.workflow_type == "STANDARD":
        cost = run.transitions * PRICES["standard_per_transition"]
    else:
        billed = np.ceil(dur * 10) / 10  # rounded up to the next 100 ms
        cost = PRICES["express_per_request"] + billed * PRICES["express_memory_gb"] * PRICES["express_per_gb_s"]
    execs = EXECUTIONS.frame(
        {
            "execution": np.arange(n),
            "start_s": start,
            "end_s": end,
            "duration_s": dur,
            "status": np.array(STATUSES, dtype=object)[status],
            "error": error,
            "transitions": run.transitions,
            "history_events": run.history,
            "retries": run.retries,
            "caught": run.caught,
            "cost_usd": cost,
            **{f"in_{k}": v for k, v in inputs.items()},
        }
    )
    visits = _visits(run, start, end)
    frame = _timeline(start, end, status, cost)
    log = events(
        cfg, execs, visits, looped=run.visits > run.MAX_VISITS, max_visits=run.MAX_VISITS, map_limits=run.map_limits
    )
    summary = _summary(status, dur, run, cost)
    return Result(frame, log, cfg, UNITS, {"executions": execs, "visits": visits}, summary)


def _summary(status: np.ndarray, duration_s: np.ndarray, run: Interpreter, cost: np.ndarray) -> pd.DataFrame:
    """The whole-run figures (numpy, not pandas: this runs once per scenario of a sweep)."""
    counts = np.bincount(status, minlength=len(STATUSES))
    return SUMMARY.frame(
        {
            "executions": [len(status)],
            "succeeded": [int(counts[STATUSES.index("SUCCEEDED")])],
            "failed": [int(counts[STATUSES.index("FAILED")])],
            "timed_out": [int(counts[STATUSES.index("TIMED_OUT")])],
            "p99_duration_s": [float(np.quantile(duration_s, 0.99))],
            "transitions_per_execution": [float(run.transitions.mean())],
            "max_history_events": [int(run.history.max())],
            "retries": [int(run.retries.sum())],
            "cost_usd": [float(cost.sum())],
        }
    )


def _visits(run: Interpreter, start: np.ndarray, end: np.ndarray) -> pd.DataFrame:
    if not run.rec:
        return VISITS.frame({name: [] for name in VISITS.names})
    own, lab, t0, t1, oc, _ = (np.concatenate(c) for c in zip(*run.rec, strict=True))
    keep = t0 <= end[own] + 1e-9  # states after a duration limit never ran
    df = VISITS.frame(
        {
            "execution": own[keep],
            "state": np.array(run.labels, dtype=object)[lab[keep]],
            "type": np.array(run.types, dtype=object)[lab[keep]],
            "start_s": t0[keep],
            "end_s": np.minimum(t1[keep], end[own[keep]]),
            "outcome": np.array(OUTCOMES, dtype=object)[oc[keep]],
        }
    )
    return df.sort_values(["execution", "start_s"], kind="stable").reset_index(drop=True)


def _timeline(start, end, status, cost, n_steps: int = TIMELINE_STEPS) -> pd.DataFrame:
    horizon = float(max(end.max(), start.max(), 1.0))
    t = np.linspace(0.0, horizon, n_steps + 1)
    started_cum = np.searchsorted(np.sort(start), t, side="right")
    ended_by = {s: np.searchsorted(np.sort(end[status == s]), t, side="right") for s in range(len(STATUSES))}
    order = np.argsort(end)
    cost_cum = np.concatenate([[0.0], np.cumsum(cost[order])])[np.searchsorted(end[order], t, side="right")]
    finished = sum(ended_by.values())
    return SCHEMA.frame(
        {
            "t_s": t,
            "started": np.diff(np.concatenate([[0], started_cum])),
            "in_progress": started_cum - finished,
            "succeeded": ended_by[0],
            "failed": ended_by[1],
            "timed_out": ended_by[2],
            "not_started": len(start) - started_cum,
            "cost_usd": cost_cum,
        }
    )


def simulate_many(
    configs: Sequence[WorkflowConfig], load: object = None, *, seed: int = 0, summary: bool = False
) -> Result:
    """Several configs, one scenario each (scenario ``i`` is ``simulate(configs[i], load_i, seed=seed)``);
    ``summary=True`` keeps only the per-scenario summary (the fast path for sweeps)."""
    configs = list(configs)
    loads = broadcast_loads(load, len(configs))
    results = [simulate(c, ld, seed=seed) for c, ld in zip(configs, loads, strict=True)]
    return stack_results(results, summary_only=summary)


def warmup() -> None:
    """Nothing to compile (numpy only); parse the default definition once."""
    simulate(WorkflowConfig(executions=2), seed=0)

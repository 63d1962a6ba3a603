"""Step Functions lab: run an Amazon States Language definition for many executions at once.

Facts (aws-facts §8.1, SFN-DG ``concepts-standard-vs-express.md``, ``limits-overview.md``):
Standard workflows last at most 1 year and keep a history of at most 25,000 events; Express
workflows last at most 5 minutes and keep no execution history (CloudWatch Logs only). Standard
is billed per state transition, Express per request plus duration and memory.

The interpreter is vectorised *across executions*: every state visit processes, in one numpy
step, all executions (or Map iterations) that reached that state, so 1,000 executions cost about
as many Python steps as one. Retries follow ``IntervalSeconds * BackoffRate**(n-1)``; Catch
routes an error to its ``Next``. Data does not flow between states: Choice rules,
``SecondsPath`` and ``ItemsPath`` read the execution input generated per execution
(:data:`INPUT_FIELDS`). A Map runs its items in waves of ``MaxConcurrency`` (each wave as long as
its slowest item; the real service starts the next item as soon as a slot frees, so it is a
little faster). History events are counted from the event types SFN-DG lists (approximate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.asl import Machine, parse
from engine.asl_run import Interpreter
from engine.core import (
    Column,
    EventLog,
    Result,
    Schema,
    broadcast_loads,
    check_choice,
    check_int,
    check_range,
    format_clock,
    stack_frames,
)
from engine.workflows_defs import DEFAULT_PROFILES, ORDER_FULFILMENT

__all__ = [
    "EXPRESS_MAX_S",
    "HISTORY_LIMIT",
    "INPUT_FIELDS",
    "PRICES",
    "SCHEMA",
    "STANDARD_MAX_S",
    "WorkflowConfig",
    "simulate",
    "simulate_many",
    "task_names",
    "warmup",
]

EXPRESS_MAX_S = 300.0  # §8.1: Express max duration 5 min
STANDARD_MAX_S = 365 * 86_400.0  # §8.1: Standard max duration 1 year
HISTORY_LIMIT = 25_000  # §8.1: Standard history hard limit
# Illustrative us-east-1 list prices as of 2026 (check the AWS pricing page before relying on them).
PRICES = {
    "standard_per_transition": 0.025 / 1000,
    "express_per_request": 1.00 / 1_000_000,
    "express_per_gb_s": 0.00001667,
    "express_memory_gb": 64 / 1024,
}
INPUT_FIELDS = {
    "order_id": "execution number",
    "total": "order value in USD (log-normal, median 150)",
    "items": "number of line items (uniform 1..max_items); a Map's ItemsPath reads it as the array length",
    "in_stock": "true with probability in_stock_p",
    "express_shipping": "true for 30 % of orders",
}
OUTCOMES = ("ok", "retried", "caught", "failed")
STATUSES = ("SUCCEEDED", "FAILED", "TIMED_OUT")

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


@dataclass(frozen=True)
class WorkflowConfig:
    """A state machine, its type and the simulated work behind its Task states."""

    definition: str = ORDER_FULFILMENT
    workflow_type: str = "STANDARD"
    executions: int = 1000
    rate_per_min: float = 60.0
    task_time_scale: float = 1.0
    default_task_s: float = 1.0
    default_fail: float = 0.0
    profiles: tuple[tuple[str, float, float, str], ...] = DEFAULT_PROFILES
    flaky_task: str = ""
    flaky_fail: float = 0.0
    in_stock_p: float = 0.9
    max_items: int = 5

    def __post_init__(self) -> None:
        check_choice("workflow_type", self.workflow_type, ("STANDARD", "EXPRESS"))
        check_int("executions", self.executions, 1, 10_000)
        check_range("rate_per_min", self.rate_per_min, 0.01, 100_000, unit="executions/min")
        check_range("task_time_scale", self.task_time_scale, 0.01, 1000)
        check_range("default_task_s", self.default_task_s, 0.01, 86_400, unit="s")
        check_range("default_fail", self.default_fail, 0, 1)
        check_range("flaky_fail", self.flaky_fail, 0, 1)
        check_range("in_stock_p", self.in_stock_p, 0, 1)
        check_int("max_items", self.max_items, 0, 10_000)
        if self.executions * max(self.max_items, 1) > 2_000_000:
            raise ValueError(
                f"executions × max_items = {self.executions * self.max_items:,} Map iterations; "
                "at most 2,000,000 can be simulated (lower one of them)"
            )
        machine = parse(self.definition)  # raises ValueError naming the JSON path
        for where, path in _paths(machine, ""):
            if path[2:] not in INPUT_FIELDS:
                raise ValueError(
                    f"{where}: {path!r} is not a field of the simulated order input "
                    f"(fields: {', '.join('$.' + k for k in INPUT_FIELDS)})"
                )
        if self.flaky_task and self.flaky_task not in task_names(machine):
            raise ValueError(f"flaky_task {self.flaky_task!r} is not a Task state of the definition")

    @property
    def machine(self) -> Machine:
        """The parsed, validated definition."""
        return parse(self.definition)

    @property
    def max_duration_s(self) -> float:
        """The workflow type's duration limit (§8.1), or the definition's TimeoutSeconds if lower."""
        limit = EXPRESS_MAX_S if self.workflow_type == "EXPRESS" else STANDARD_MAX_S
        t = self.machine.timeout_s
        return min(limit, t) if t else limit

    def profile(self, name: str) -> tuple[float, float, str]:
        """(mean duration s, failure probability, error name) of a Task state."""
        mean, fail, err = self.default_task_s, self.default_fail, "States.TaskFailed"
        for n, m, f, e in self.profiles:
            if n == name:
                mean, fail, err = m, f, e
        if name == self.flaky_task:
            fail = self.flaky_fail
        return mean * self.task_time_scale, fail, err


def _rule_paths(rule, where: str):
    if rule.variable:
        yield f"{where}.Variable", rule.variable
    for i, c in enumerate(rule.children):
        yield from _rule_paths(c, f"{where}.{rule.op}[{i}]" if rule.op != "Not" else f"{where}.Not")


def _paths(m: Machine, pre: str):
    """(JSON path, input path) of every place a definition reads the input."""
    for name, s in m.states.items():
        here = f"{pre}States.{name}"
        for i, r in enumerate(s.choices):
            yield from _rule_paths(r, f"{here}.Choices[{i}]")
        if s.seconds_path:
            yield f"{here}.SecondsPath", s.seconds_path
        if s.type == "Map" and s.items_path:
            yield f"{here}.ItemsPath", s.items_path
        key = "Iterator" if s.type == "Map" else "Branches"
        for j, b in enumerate(s.branches):
            yield from _paths(b, f"{here}.{key}." if s.type == "Map" else f"{here}.{key}[{j}].")


def task_names(m: Machine) -> list[str]:
    """Every Task state name, nested ones included."""
    out = []
    for name, s in m.states.items():
        if s.type == "Task":
            out.append(name)
        for b in s.branches:
            out.extend(task_names(b))
    return out


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
    execs = pd.DataFrame(
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
    events = _events(cfg, execs, visits, run)
    return Result(frame, events, cfg, SCHEMA.units(), {"executions": execs, "visits": visits})


def _visits(run: Interpreter, start: np.ndarray, end: np.ndarray) -> pd.DataFrame:
    if not run.rec:
        return pd.DataFrame(columns=["execution", "state", "type", "start_s", "end_s", "outcome"])
    own, lab, t0, t1, oc, _ = (np.concatenate(c) for c in zip(*run.rec, strict=True))
    keep = t0 <= end[own] + 1e-9  # states after a duration limit never ran
    df = pd.DataFrame(
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


def _timeline(start, end, status, cost, n_steps: int = 240) -> pd.DataFrame:
    horizon = float(max(end.max(), start.max(), 1.0))
    t = np.linspace(0.0, horizon, n_steps + 1)
    started_cum = np.searchsorted(np.sort(start), t, side="right")
    ended_by = {s: np.searchsorted(np.sort(end[status == s]), t, side="right") for s in range(3)}
    order = np.argsort(end)
    cost_cum = np.concatenate([[0.0], np.cumsum(cost[order])])[np.searchsorted(end[order], t, side="right")]
    finished = ended_by[0] + ended_by[1] + ended_by[2]
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


def _events(cfg: WorkflowConfig, execs: pd.DataFrame, visits: pd.DataFrame, run: Interpreter) -> pd.DataFrame:
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
    for row in execs[execs["status"] != "SUCCEEDED"].head(60).itertuples():
        if row.status == "TIMED_OUT":
            msg = (
                f"Execution {row.execution} stopped at {format_clock(row.duration_s)}: "
                f"{cfg.workflow_type.title()} workflows may run at most {cfg.max_duration_s:,.0f} s."
            )
        elif "history" in row.error:
            msg = f"Execution {row.execution} failed: {row.history_events:,} history events > {HISTORY_LIMIT:,} (Standard limit)."
        else:
            msg = f"Execution {row.execution} failed with {row.error} after {row.duration_s:,.1f} s."
        log.add(row.end_s, "execution_" + row.status.lower(), msg)
    if run.visits > run.MAX_VISITS:
        log.add(0.0, "loop", f"The definition kept looping: stopped after {run.MAX_VISITS:,} state visits.")
    return log.frame()


def simulate_many(configs, loads=None, *, seed: int = 0) -> Result:
    """Several configs (one scenario each); frame and extras gain a ``scenario`` column."""
    loads = broadcast_loads(loads, len(configs))
    results = [simulate(c, ld, seed=seed) for c, ld in zip(configs, loads, strict=True)]
    events = stack_frames([r.events for r in results]) if any(len(r.events) for r in results) else results[0].events
    if "scenario" in events:
        events = events.drop(columns="scenario").assign(scenario=events["scenario"])
    return Result(
        stack_frames([r.frame for r in results]),
        events,
        list(configs),
        SCHEMA.units(),
        {k: stack_frames([r.extra[k] for r in results]) for k in ("executions", "visits")},
    )


def warmup() -> None:
    """Nothing to compile (numpy only); parse the default definition once."""
    simulate(WorkflowConfig(executions=2), seed=0)

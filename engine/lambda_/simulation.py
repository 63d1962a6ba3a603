"""Running the Lambda lab: configs and loads in, a :class:`~engine.core.Result` out (one kernel
call per scenario; the load alone uses the seed, to sample a noisy trace)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.core import Column, EventLog, Result, Schema, broadcast_loads, stack_results
from engine.kernel.events import event_buffer
from engine.lambda_.config import LambdaConfig, steady_concurrency
from engine.lambda_.cost import cost_so_far
from engine.lambda_.explain import totals, write_events
from engine.lambda_.kernel import run_function
from engine.lambda_.layout import INT_OUTPUTS, MAX_EVENTS, OUT, OUTPUTS
from engine.load import LoadTrace, as_load

__all__ = ["SCHEMA", "SUMMARY", "simulate", "simulate_many", "warmup"]

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("load", "req/s", "invocation requests arriving"),
    Column("invocations", "per step", "invocations started in the step"),
    Column("concurrency", "environments", "environments busy (average over the step)"),
    Column("environments", "environments", "initialised environments (busy + idle warm + provisioned)"),
    Column("limit", "environments", "the ceiling this step: reserved / account limit and the scaling rate"),
    Column("throttled", "per step", "sync: 429s returned; async: events that had to wait"),
    Column(
        "rate_limited", "per step", "sync: of the 429s, those refused by the request-rate quota (10 x account limit)"
    ),
    Column("async_waiting", "events", "async events waiting in Lambda's internal queue"),
    Column("async_dropped", "events", "async events older than the maximum event age (so far)"),
    Column("cold_starts", "per step", "invocations that had to initialise a new environment"),
    Column("duration_ms", "ms", "mean duration of invocations started in the step, Init included (0 if none)"),
    Column("cost_usd", "USD", "cost so far (illustrative prices)"),
)

SUMMARY = Schema(
    Column("needed_at_peak", "environments", "peak requests/s x duration (Little's law)"),
    Column("peak_concurrency", "environments", "most environments busy at once"),
    Column("invocations_total", "invocations", "invocations started over the run"),
    Column("throttled_total", "requests", "sync: 429s over the run; async: events that had to wait"),
    Column("rate_limited_total", "requests", "sync: of the 429s, those refused by the request-rate quota"),
    Column("async_dropped_total", "events", "async events dropped past the maximum event age"),
    Column("cold_starts_total", "invocations", "invocations that initialised a new environment"),
    Column("cost_total_usd", "USD", "cost of the run (illustrative prices)"),
)
UNITS = {**SCHEMA.units(), **SUMMARY.units(), "scenario": ""}


def _summary(cfg: LambdaConfig, f: dict[str, np.ndarray]) -> pd.DataFrame:
    return SUMMARY.frame(
        {
            "needed_at_peak": [steady_concurrency(float(f["load"].max()), cfg.duration_s)],
            "peak_concurrency": [float(f["concurrency"].max())],
            "invocations_total": [int(f["invocations"].sum())],
            "throttled_total": [int(f["throttled"].sum())],
            "rate_limited_total": [int(f["rate_limited"].sum())],
            "async_dropped_total": [int(f["async_dropped"][-1])],
            "cold_starts_total": [int(f["cold_starts"].sum())],
            "cost_total_usd": [float(f["cost_usd"][-1])],
        }
    )


def _run(cfg: LambdaConfig, load: np.ndarray) -> Result:
    ev, _ = event_buffer(1, MAX_EVENTS)
    out, n_ev = run_function(cfg.params(), np.ascontiguousarray(load, dtype=np.float64), ev[0])
    data: dict[str, np.ndarray] = {"t_s": cfg.grid.t_s, "load": load}
    for name, col in zip(OUTPUTS, out, strict=True):
        data[name] = col.astype(np.int64) if name in INT_OUTPUTS else col
    data["cost_usd"] = cost_so_far(
        out[OUT.INVOCATIONS], out[OUT.DURATION_MS], out[OUT.CONCURRENCY], cfg.dt_s, cfg.memory_mb, cfg.provisioned
    )
    log = EventLog()
    write_events(log, cfg, ev[0], n_ev)
    one = _summary(cfg, data)
    totals(log, cfg, one.iloc[0].to_dict(), float(data["t_s"][-1]))
    frame = SCHEMA.frame(data)
    return Result(frame=frame, events=log.frame(), config=cfg, units=UNITS, summary=one)


def simulate(config: LambdaConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Simulate one function under ``load`` (requests/s). ``seed`` only samples a noisy trace."""
    return _run(config, as_load(load, config.grid, seed))


def simulate_many(
    configs: Sequence[LambdaConfig],
    loads: Sequence[LoadTrace | np.ndarray | float] | LoadTrace | float,
    *,
    seed: int = 0,
    summary: bool = False,
) -> Result:
    """A batch of functions, one kernel call each: one stacked :class:`Result` (``scenario``
    column); scenario ``i`` equals ``simulate(configs[i], loads[i], seed=seed)``. ``summary=True``
    keeps only the per-scenario summary."""
    loads = broadcast_loads(loads, len(configs))
    results = [_run(cfg, as_load(ld, cfg.grid, seed)) for cfg, ld in zip(configs, loads, strict=True)]
    return stack_results(results, summary_only=summary)


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(LambdaConfig(horizon_s=60), 10.0)
    simulate(LambdaConfig(horizon_s=60, invocation="async"), 10.0)

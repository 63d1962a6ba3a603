"""EC2 Auto Scaling lab: a group, its scaling options and policies, simulated step by step.

Notebook use::

    from engine.autoscaling import GroupConfig, TargetTrackingPolicy, simulate
    from engine.load import preset
    r = simulate(GroupConfig(policies=(TargetTrackingPolicy(target=50),)), preset("Flash crowd"))
    r.frame[["t_s", "load_rps", "desired", "in_service", "cpu_pct"]]; r.events

Facts (aws-facts.md): §1.1 group size, §1.2 options, §1.3 rounding, §1.4 simple, §1.5 step,
§1.6 target tracking (shared :mod:`engine.kernel.target_tracking`), §1.7 cooldown/warm-up/grace,
§1.8 lifecycle (billed from launch), §1.9 predictive, §9 editions. The time loop is one numba
kernel (:mod:`engine.autoscaling_kernel`); :func:`simulate_many` runs a sweep in one call.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine import autoscaling_kernel as K
from engine.autoscaling_config import (
    GroupConfig,
    ManualChange,
    PredictivePolicy,
    ScheduledAction,
)
from engine.autoscaling_events import cfg_scheduled, explain
from engine.autoscaling_policies import (
    ADJUSTMENT_TYPES,
    MAX_STEPS,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    step_scaling_capacity,
)
from engine.core import Column, EventLog, Result, Schema, shared_grid
from engine.kernel.target_tracking import target_tracking_capacity
from engine.load import LoadTrace, as_load
from engine.predictive import forecast, forecast_on_grid
from engine.vertical import VerticalConfig, simulate_vertical

__all__ = [
    "SCHEMA",
    "SUMMARY_COLUMNS",
    "GroupConfig",
    "ManualChange",
    "PredictivePolicy",
    "ScheduledAction",
    "SimpleScalingPolicy",
    "StepScalingPolicy",
    "TargetTrackingPolicy",
    "VerticalConfig",
    "simulate",
    "simulate_many",
    "step_scaling_capacity",
    "target_tracking_capacity",
    "warmup",
]

SCHEMA = Schema(
    Column("t_s", "s", "start of the step, seconds from the start"),
    Column("load_rps", "req/s", "offered demand"),
    Column("desired", "instances", "desired capacity"),
    Column("in_service", "instances", "instances InService (including warming, booting, failed-undetected)"),
    Column("pending", "instances", "instances launching (Pending); billed already"),
    Column("warming", "instances", "InService instances still in warm-up (not yet in the metric)"),
    Column("serving", "instances", "instances taking traffic (InService, application up, healthy)"),
    Column("capacity_rps", "req/s", "serving instances x capacity per instance"),
    Column("cpu_pct", "%", "average CPU of serving instances (0 when none serve)"),
    Column("served_rps", "req/s", "requests served"),
    Column("dropped_rps", "req/s", "requests dropped (no queue, or queue full)"),
    Column("queued", "requests", "backlog waiting at the end of the step"),
    Column("latency_ms", "ms", "M/M/1 per-instance approximation plus backlog wait, capped at the timeout"),
    Column("cost_usd", "USD", "cumulative instance cost (billed from launch, §1.8)"),
    Column("min_size", "instances", "group minimum"),
    Column("max_size", "instances", "group maximum"),
    Column("datapoint", "metric", "alarm datapoint of the first policy's metric at each period end (else NaN)"),
    Column("forecast_rps", "req/s", "predictive forecast for the hour (NaN without predictive)"),
    Column("forecast_band", "req/s", "spread (std) of past days for that hour"),
    Column("forecast_capacity", "instances", "capacity predictive scaling schedules (buffer ahead)"),
)
SUMMARY_COLUMNS = (
    "offered",
    "served",
    "dropped",
    "queued_end",
    "cost_usd",
    "max_desired",
    "activities",
    "mean_latency_ms",
    "instance_hours",
    "suppressed",
)
_MAX_EVENTS = 4000


def _policy_rows(cfg: GroupConfig, dt: float):
    n = K.PI_N
    pi = np.zeros((4, n), np.int64)
    pf = np.zeros((pi.shape[0], K.PF_N))
    st = np.zeros((pi.shape[0], MAX_STEPS, 3))
    for j, p in enumerate(cfg.policies):
        pi[j, K.PI_METRIC] = 0 if p.metric == "cpu" else 1
        if isinstance(p, TargetTrackingPolicy):
            pi[j, K.PI_TYPE] = K.T_TT
            pi[j, K.PI_NOIN] = int(p.disable_scale_in)
            pf[j, K.PF_TARGET], pf[j, K.PF_LOWF] = p.target, p.low_factor
            continue
        pi[j, K.PI_ADJ] = ADJUSTMENT_TYPES.index(p.adjustment_type)
        pi[j, K.PI_MINMAG] = p.min_adjustment_magnitude or 0
        pi[j, K.PI_DP] = p.datapoints
        pf[j, K.PF_TARGET] = p.threshold
        if isinstance(p, StepScalingPolicy):
            pi[j, K.PI_TYPE] = K.T_STEP
            lo, hi, adj = p.arrays()
            pi[j, K.PI_NSTEPS] = len(lo)
            st[j, : len(lo), 0], st[j, : len(lo), 1], st[j, : len(lo), 2] = lo, hi, adj
        else:
            pi[j, K.PI_TYPE] = K.T_SIMPLE
            pi[j, K.PI_CMP] = 1 if p.comparison == "above" else -1
            pi[j, K.PI_CD] = -1 if p.cooldown_s is None else round(p.cooldown_s / dt)
            pf[j, K.PF_ADJ] = p.adjustment
    return pi, pf, st


def _steps(x: float, dt: float) -> int:
    return round(x / dt)


def _arrays(cfgs: Sequence[GroupConfig]):
    n = len(cfgs)
    gi = np.zeros((n, K.GI_N), np.int64)
    gf = np.zeros((n, K.GF_N))
    pi = np.zeros((n, 4, K.PI_N), np.int64)
    pf = np.zeros((n, 4, K.PF_N))
    st = np.zeros((n, 4, MAX_STEPS, 3))
    scheds = [cfg_scheduled(c) for c in cfgs]
    n_a = max([len(s) for s in scheds] + [1])
    n_m = max([len(c.manual) for c in cfgs] + [1])
    sched = np.zeros((n, n_a, 5), np.int64)
    manual = np.zeros((n, n_m, 3), np.int64)
    for s, c in enumerate(cfgs):
        dt = c.dt_s
        gi[s] = [
            c.min_size, c.max_size, c.start_desired, max(1, _steps(c.launch_s, dt)), _steps(c.effective_warmup_s, dt),
            _steps(c.app_boot_s, dt), _steps(c.effective_grace_s, dt), _steps(c.detect_s, dt),
            _steps(c.period_s, dt), int(c.queue), len(c.policies), _steps(c.cooldown_s, dt),
            int(c.dynamic_cooldown), len(scheds[s]), len(c.manual),
            int(c.predictive is not None and c.predictive.scales),
        ]  # fmt: skip
        gf[s] = [c.capacity_rps, c.queue_max, c.base_latency_ms, c.timeout_ms, c.price_per_hour,
                 c.failure_rate_per_hour, dt]  # fmt: skip
        pi[s], pf[s], st[s] = _policy_rows(c, dt)
        for k, row in enumerate(scheds[s]):
            sched[s, k, :4] = row
            sched[s, k, 4] = k
        for k, m in enumerate(sorted(c.manual, key=lambda m: m.at_s)):
            manual[s, k] = (_steps(m.at_s, dt), m.desired, int(m.honor_cooldown))
    return gi, gf, pi, pf, st, sched, manual


def _run(cfgs: Sequence[GroupConfig], load, seed: int, full: bool):
    if len(cfgs) == 0:
        raise ValueError("configs must hold at least one GroupConfig, got none")
    grid = shared_grid(cfgs)
    n, t = len(cfgs), grid.n_steps
    loads = _loads(load, grid, seed, n)
    fail = any(c.failure_rate_per_hour > 0 for c in cfgs)
    u = np.random.default_rng(seed).random((1, t)) if fail else np.zeros((1, 1))
    fcs = [
        None
        if c.predictive is None
        else forecast(c.predictive, _history_source(load, k, loads), grid, c.capacity_rps, c.max_size, seed)
        for k, c in enumerate(cfgs)
    ]
    if any(f is not None for f in fcs):
        pred = np.full((n, t), -1, np.int64)
        pmax = np.full((n, t), -1, np.int64)
        for k, f in enumerate(fcs):
            if f is not None:
                pred[k], pmax[k] = f.step_capacity, f.step_max
    else:
        pred = pmax = np.full((1, 1), -1, np.int64)
    gi, gf, pi, pf, st, sched, manual = _arrays(cfgs)
    out = np.zeros((n if full else 1, t if full else 1, K.O_N))
    summ = np.zeros((n, K.S_N))
    ev = np.zeros((n if full else 1, _MAX_EVENTS if full else 1, K.EV_W))
    ev_n = np.zeros(n, np.int64)
    K.run_kernel(loads, u, pred, pmax, gi, gf, pi, pf, st, sched, manual, out, summ, ev, ev_n)
    return grid, loads, out, summ, ev, ev_n, fcs


def _history_source(load, k: int, loads: np.ndarray):
    if isinstance(load, LoadTrace):
        return load
    if isinstance(load, (list, tuple)) and isinstance(load[k], LoadTrace):
        return load[k]
    return loads[k if loads.shape[0] > 1 else 0]


def _loads(load, grid, seed: int, n: int) -> np.ndarray:
    if isinstance(load, (list, tuple)):
        if len(load) != n:
            raise ValueError(f"loads must hold one load per config ({n}), got {len(load)}")
        return np.array([as_load(x, grid, seed) for x in load])
    arr = as_load(load, grid, seed)
    arr = arr.reshape(1, -1) if arr.ndim == 1 else arr
    if arr.shape[0] not in (1, n):
        raise ValueError(f"a 2-D load needs one row per config ({n}), got {arr.shape[0]}")
    return np.ascontiguousarray(arr)


def _frame(cfg: GroupConfig, grid, load_row: np.ndarray, o: np.ndarray, fc) -> pd.DataFrame:
    f_rps, f_band = forecast_on_grid(fc, grid) if fc is not None else (np.full(len(load_row), np.nan),) * 2
    return SCHEMA.frame(
        {
            "t_s": grid.t_s,
            "load_rps": load_row,
            "desired": o[:, K.O_DES].astype(np.int64),
            "in_service": o[:, K.O_INS].astype(np.int64),
            "pending": o[:, K.O_PEND].astype(np.int64),
            "warming": o[:, K.O_WARM].astype(np.int64),
            "serving": o[:, K.O_SERV_N].astype(np.int64),
            "capacity_rps": o[:, K.O_SERV_N] * cfg.capacity_rps,
            "cpu_pct": o[:, K.O_CPU],
            "served_rps": o[:, K.O_SERVED],
            "dropped_rps": o[:, K.O_DROP],
            "queued": o[:, K.O_QUEUE],
            "latency_ms": o[:, K.O_LAT],
            "cost_usd": o[:, K.O_COST],
            "min_size": o[:, K.O_MIN].astype(np.int64),
            "max_size": o[:, K.O_MAX].astype(np.int64),
            "datapoint": o[:, K.O_DP],
            "forecast_rps": f_rps,
            "forecast_band": f_band,
            "forecast_capacity": np.where(o[:, K.O_PRED] >= 0, o[:, K.O_PRED], np.nan),
        }
    )


def _forecast_frame(fc) -> pd.DataFrame:
    """The hourly 48 h forecast: hour from the start, forecast, band (std of past days), capacity."""
    return pd.DataFrame(
        {"hour": np.arange(len(fc.hourly_rps)), "forecast_rps": fc.hourly_rps, "band_rps": fc.band_rps,
         "capacity": fc.capacity}
    )  # fmt: skip


def simulate(config: GroupConfig | VerticalConfig, load, *, seed: int = 0) -> Result:
    """Simulate one group (or, for a :class:`VerticalConfig`, one vertically scaled instance)."""
    if isinstance(config, VerticalConfig):
        return simulate_vertical(config, load, seed=seed)
    if not isinstance(config, GroupConfig):
        raise ValueError(f"config must be a GroupConfig or VerticalConfig, got {type(config).__name__}")
    return simulate_many([config], load, seed=seed).scenario(0)


def simulate_many(configs: Sequence[GroupConfig], load, *, seed: int = 0, summary: bool = False):
    """Run many groups in one kernel call (leading scenario axis).

    ``load``: one load for all, or a list with one per config. Returns a :class:`Result` whose
    frame has a ``scenario`` column, or with ``summary=True`` a DataFrame of per-scenario totals
    (:data:`SUMMARY_COLUMNS`) without per-step frames — the fast path for big sweeps.
    """
    configs = list(configs)
    grid, loads, out, summ, ev, ev_n, fcs = _run(configs, load, seed, full=not summary)
    if summary:
        df = pd.DataFrame(summ, columns=list(SUMMARY_COLUMNS))
        df["mean_latency_ms"] = df["mean_latency_ms"] / np.maximum(df["offered"], 1e-12)
        df.insert(0, "scenario", np.arange(len(configs)))
        return df
    frames, log = [], EventLog()
    for s, c in enumerate(configs):
        f = _frame(c, grid, loads[s if loads.shape[0] > 1 else 0], out[s], fcs[s])
        if len(configs) > 1:
            f.insert(1, "scenario", s)
        frames.append(f)
        explain(c, ev[s], int(ev_n[s]), log, scenario=s)
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    extra = {}
    for name, build in (("history", lambda f: f.history), ("forecast", _forecast_frame)):
        parts = [build(f).assign(scenario=s) for s, f in enumerate(fcs) if f is not None]
        if parts:
            extra[name] = pd.concat(parts, ignore_index=True) if len(configs) > 1 else parts[0].drop(columns="scenario")
    return Result(
        frame=frame, events=log.frame(), config=configs if len(configs) > 1 else configs[0],
        units=SCHEMA.units(), extra=extra,
    )  # fmt: skip


def warmup() -> None:
    """Compile the kernels on a tiny input (the app calls this at start)."""
    pols = (TargetTrackingPolicy(), StepScalingPolicy(), SimpleScalingPolicy())
    cfg = GroupConfig(policies=pols, horizon_s=600.0, failure_rate_per_hour=0.1)
    simulate(cfg, 100.0)
    simulate(VerticalConfig(horizon_s=600.0), 100.0)

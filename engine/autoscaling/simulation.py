"""Running a group: configs packed into the kernel's arrays, its outputs read back into a Result.

Everything the kernel reads and writes is named in :mod:`engine.autoscaling.layout`; this module
fills those arrays from the configs (a policy packs its own row: ``policy.params``), calls the
kernel once for every scenario, and builds the frames, the event log and the summary.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.autoscaling.config import GroupConfig
from engine.autoscaling.explain import drop_rollups, explain
from engine.autoscaling.kernel import run_kernel
from engine.autoscaling.layout import GF, GI, MC, OUT, SC, SUMMARY, TOTAL
from engine.autoscaling.policies import policy_arrays
from engine.autoscaling.predictive import FORECAST, HISTORY, forecast, forecast_on_grid
from engine.autoscaling.vertical import VerticalConfig, simulate_vertical
from engine.core import Column, EventLog, Result, Schema, shared_grid, stack_results
from engine.kernel.events import event_buffer
from engine.kernel.layout import pack, slot_names
from engine.load import LoadTrace, as_load

__all__ = ["SCHEMA", "SUMMARY_COLUMNS", "UNITS", "simulate", "simulate_many"]

SCHEMA = Schema(
    Column("t_s", "s", "start of the step, seconds from the start"),
    Column("load_rps", "req/s", "offered demand"),
    Column("desired", "instances", "desired capacity"),
    Column("in_service", "instances", "instances InService (including warming, booting, failed-undetected)"),
    Column("pending", "instances", "instances launching (Pending); billed already"),
    Column("warming", "instances", "InService instances still in warm-up (not yet in the metric)"),
    Column("serving", "instances", "instances taking traffic (InService, application up, healthy)"),
    Column("booting", "instances", "InService instances whose application is still starting (not serving)"),
    Column("impaired", "instances", "InService instances that failed, not yet found by health checks"),
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
    Column("forecast_band", "req/s", "spread (std) of past days for that hour (NaN without predictive)"),
    Column(
        "forecast_capacity", "instances", "capacity predictive scaling schedules, buffer ahead (NaN without predictive)"
    ),
)
"""The per-step frame of a group run."""
SUMMARY_COLUMNS = tuple(SUMMARY.names)
"""The summary's columns (``Result.summary``, and ``sweep``'s figures)."""
UNITS = {**SCHEMA.units(), **HISTORY.units(), **FORECAST.units(), **SUMMARY.units()}
"""The unit of every column of a group's frame, extra frames and summary."""
_MAX_EVENTS = 4000
_INTS = ("desired", "in_service", "pending", "warming", "serving", "booting", "impaired", "min_size", "max_size")


def _group_row(c: GroupConfig, n_scheduled: int) -> dict[str, int]:
    """The :data:`GI` slots of one group: times in steps of ``dt_s``."""

    def steps(x: float) -> int:
        return round(x / c.dt_s)

    return {
        "min_size": c.min_size,
        "max_size": c.max_size,
        "desired": c.start_desired,
        "launch_steps": max(1, steps(c.launch_s)),
        "warmup_steps": steps(c.effective_warmup_s),
        "boot_steps": steps(c.app_boot_s),
        "check_steps": -1 if c.elb_check_s is None else steps(c.elb_check_s),
        "detect_steps": steps(c.detect_s),
        "period_steps": steps(c.period_s),
        "queue": int(c.queue),
        "n_policies": len(c.policies),
        "cooldown_steps": steps(c.cooldown_s),
        "dynamic_cooldown": int(c.dynamic_cooldown),
        "n_scheduled": n_scheduled,
        "n_manual": len(c.manual),
        "predictive": int(c.predictive is not None and c.predictive.scales),
    }


def _arrays(cfgs: Sequence[GroupConfig]):
    """Every kernel parameter array for a batch of groups (leading axis: the scenario)."""
    n = len(cfgs)
    scheds = [c.scheduled_steps() for c in cfgs]
    gi = pack(GI, [_group_row(c, len(sc)) for c, sc in zip(cfgs, scheds, strict=True)], np.int64)
    gf = pack(GF, [{name: getattr(c, name) for name in slot_names(GF)} for c in cfgs])
    pi, pf, st = policy_arrays([c.policies for c in cfgs], [c.dt_s for c in cfgs])
    sched = np.zeros((n, max([len(s) for s in scheds] + [1]), len(SC)), np.int64)
    manual = np.zeros((n, max([len(c.manual) for c in cfgs] + [1]), len(MC)), np.int64)
    for s, c in enumerate(cfgs):
        if scheds[s]:
            sched[s, : len(scheds[s])] = pack(
                SC, [{**a._asdict(), "action": k} for k, a in enumerate(scheds[s])], np.int64
            )
        for k, m in enumerate(sorted(c.manual, key=lambda m: m.at_s)):
            manual[s, k, MC.STEP] = round(m.at_s / c.dt_s)
            manual[s, k, MC.DESIRED] = m.desired
            manual[s, k, MC.HONOR_COOLDOWN] = int(m.honor_cooldown)
    return gi, gf, pi, pf, st, sched, manual


def _run(cfgs: Sequence[GroupConfig], load, seed: int, full: bool):
    if len(cfgs) == 0:
        raise ValueError("configs must hold at least one GroupConfig, got none")
    for c in cfgs:
        if not isinstance(c, GroupConfig):
            raise ValueError(f"configs must be GroupConfigs, got {type(c).__name__}")
    grid = shared_grid(cfgs)
    n, t = len(cfgs), grid.n_steps
    loads = _loads(load, grid, seed, n)
    fail = any(c.failure_rate_per_hour > 0 for c in cfgs)
    u = np.random.default_rng(seed).random((1, t)) if fail else np.zeros((1, 1))
    fcs = [
        None
        if c.predictive is None
        else forecast(
            c.predictive,
            _history_source(load, k, loads),
            grid,
            c.capacity_rps,
            c.max_size,
            seed,
            run_load=loads[k if loads.shape[0] > 1 else 0],
        )
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
    out = np.zeros((n if full else 1, t if full else 1, len(OUT)))
    summ = np.zeros((n, len(TOTAL)))
    ev, _ = event_buffer(n if full else 1, _MAX_EVENTS if full else 0)
    ev_n = np.zeros(n, np.int64)  # every scenario counts its events, even when none is kept
    run_kernel(loads, u, pred, pmax, gi, gf, pi, pf, st, sched, manual, out, summ, ev, ev_n)
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
    """The :data:`SCHEMA` frame of one scenario from its outputs ``o`` (``[steps, OUT]``)."""
    out = {name: o[:, i] for name, i in zip(slot_names(OUT), OUT, strict=True)}  # views: no copy
    f_rps, f_band = forecast_on_grid(fc, grid) if fc is not None else (np.full(len(load_row), np.nan),) * 2
    return SCHEMA.frame(
        {
            **out,
            **{name: out[name].astype(np.int64) for name in _INTS},
            "t_s": grid.t_s,
            "load_rps": load_row,
            "capacity_rps": out["serving"] * cfg.capacity_rps,
            "forecast_rps": f_rps,
            "forecast_band": f_band,
            "forecast_capacity": np.where(out["forecast_capacity"] >= 0, out["forecast_capacity"], np.nan),
        }
    )


def _result(cfg: GroupConfig, grid, load_row, o, totals, ev, n_ev, fc) -> Result:
    """One scenario's Result."""
    log = EventLog()
    explain(cfg, ev, int(n_ev), log)
    frame = _frame(cfg, grid, load_row, o, fc)
    drop_rollups(frame, log, dt_s=cfg.dt_s, queue=cfg.queue)
    extra = {} if fc is None else {"history": fc.history, "forecast": fc.frame()}
    summary = pd.DataFrame(totals.reshape(1, -1), columns=list(SUMMARY_COLUMNS))
    return Result(
        frame=frame,
        events=log.frame(),
        config=cfg,
        units=dict(UNITS),
        extra=extra,
        summary=summary,
    )


def simulate(config: GroupConfig | VerticalConfig, load, *, seed: int = 0) -> Result:
    """Simulate one group (or, for a :class:`VerticalConfig`, one vertically scaled instance)."""
    if isinstance(config, VerticalConfig):
        return simulate_vertical(config, load, seed=seed)
    if not isinstance(config, GroupConfig):
        raise ValueError(f"config must be a GroupConfig or VerticalConfig, got {type(config).__name__}")
    grid, loads, out, summ, ev, ev_n, fcs = _run([config], load, seed, full=True)
    return _result(config, grid, loads[0], out[0], summ[0], ev[0], ev_n[0], fcs[0])


def simulate_many(configs: Sequence[GroupConfig], load, *, seed: int = 0, summary: bool = False) -> Result:
    """Run many groups in one kernel call (leading scenario axis); scenario ``i`` is exactly
    ``simulate(configs[i], load_i, seed=seed)``.

    ``load``: one load for all, or a list with one per config. Returns a stacked :class:`Result`
    (``scenario`` columns, ``config`` a list, ``summary`` one row per scenario). With
    ``summary=True`` only the summary is filled: frame, events and extras keep their columns but
    no rows — the fast path for big sweeps.
    """
    configs = list(configs)
    grid, loads, out, summ, ev, ev_n, fcs = _run(configs, load, seed, full=not summary)
    if summary:
        return _summary_only(configs, summ, any(f is not None for f in fcs))
    results = [
        _result(c, grid, loads[s if loads.shape[0] > 1 else 0], out[s], summ[s], ev[s], ev_n[s], fcs[s])
        for s, c in enumerate(configs)
    ]
    if any(r.extra for r in results):  # every scenario stacks the same extra frames
        empty = {"history": _empty(HISTORY), "forecast": _empty(FORECAST)}
        results = [r if r.extra else dataclasses.replace(r, extra=empty) for r in results]
    return stack_results(results)


def _empty(schema: Schema) -> pd.DataFrame:
    return schema.frame({n: [] for n in schema.names})


def _summary_only(configs: list[GroupConfig], summ: np.ndarray, predictive: bool) -> Result:
    """The summary-only stacked Result (empty frames with their columns)."""
    table = pd.DataFrame(summ, columns=list(SUMMARY_COLUMNS))
    table.insert(0, "scenario", np.arange(len(configs)))
    extra = {"history": _empty(HISTORY), "forecast": _empty(FORECAST)} if predictive else {}
    return Result(
        frame=_empty(SCHEMA).assign(scenario=np.zeros(0, np.int64)),
        events=EventLog().frame(),
        config=configs,
        units=dict(UNITS),
        extra={k: v.assign(scenario=np.zeros(0, np.int64)) for k, v in extra.items()},
        summary=table,
    )

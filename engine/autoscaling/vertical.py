"""Vertical scaling (scale up/down) of one instance along a ladder of sizes, for comparison with
horizontal scaling (scale out/in) on the same load.

Course notes ("Horizontal Scaling vs. Vertical Scaling"): vertical scaling requires downtime, has
a ceiling (the largest size) and needs scripting; horizontal scaling is automated and
theoretically unlimited. Model: each size doubles capacity and price (the m5 family does: large,
xlarge, 2xlarge ...). A resize is stop → change type → start: capacity is **zero** for
``downtime_s`` (and no compute is billed while stopped). The "script" resizes up after CPU stays
above ``up_pct`` for ``up_after_s`` and down after it stays below ``down_pct`` for
``down_after_s`` (only if the smaller size would stay below ``up_pct``).

Prices are **illustrative**: m5 On-Demand Linux list prices, us-east-1, as of 2026 ($0.096/h for
m5.large, doubling per size). Check the AWS pricing page for real numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

from engine.autoscaling.config import GroupConfig
from engine.autoscaling.explain import drop_rollups
from engine.autoscaling.layout import VERTICAL_EV, VERTICAL_KINDS, VERTICAL_OUT
from engine.autoscaling.policies import TargetTrackingPolicy
from engine.core import (
    Column,
    EventLog,
    Result,
    Schema,
    TimeGrid,
    check_choice,
    check_int,
    check_range,
    format_duration,
)
from engine.kernel.events import Event, emit, event_buffer, write_log
from engine.kernel.layout import columns
from engine.load import as_load

__all__ = [
    "PRICES_AS_OF",
    "SIZES",
    "VSCHEMA",
    "VSUMMARY",
    "VerticalConfig",
    "horizontal_equivalent",
    "simulate_vertical",
    "totals",
]

SIZES = ("m5.large", "m5.xlarge", "m5.2xlarge", "m5.4xlarge", "m5.8xlarge", "m5.16xlarge")
PRICES_AS_OF = "illustrative, us-east-1 On-Demand Linux list prices as of 2026"
BASE_PRICE = 0.096

VSCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("load_rps", "req/s", "offered demand"),
    Column("desired", "instances", "always 1: vertical scaling changes the size, not the count"),
    Column("in_service", "instances", "1 when running, 0 while stopped for a resize"),
    Column("pending", "instances", "always 0 (no launches)"),
    Column("size", "index", "rung of the size ladder (0 = smallest)"),
    Column("capacity_rps", "req/s", "capacity of the running instance (0 during a resize)"),
    Column("cpu_pct", "%", "CPU of the instance"),
    Column("served_rps", "req/s", "requests served"),
    Column("dropped_rps", "req/s", "requests dropped"),
    Column("queued", "requests", "always 0 (no queue in this comparison)"),
    Column("latency_ms", "ms", "M/M/1 approximation, capped at the timeout"),
    Column("cost_usd", "USD", "cumulative cost (illustrative prices)"),
)
VSUMMARY = Schema(
    Column("dropped", "requests", "requests dropped over the run"),
    Column("served", "requests", "requests served over the run"),
    Column("zero_capacity_s", "s", "time with no capacity at all (resize downtime)"),
    Column("cost_usd", "USD", "cost of the run (illustrative prices)"),
)
_MAX_EVENTS = 2000


@dataclass(frozen=True)
class VerticalConfig:
    """One instance resized along :data:`SIZES` (see module docstring for the rules)."""

    base_capacity_rps: float = 50.0
    base_price_per_hour: float = BASE_PRICE
    n_sizes: int = 6
    start_size: int = 1
    up_pct: float = 75.0
    down_pct: float = 30.0
    up_after_s: float = 300.0
    down_after_s: float = 1800.0
    downtime_s: float = 180.0
    base_latency_ms: float = 50.0
    timeout_ms: float = 30_000.0
    horizon_s: float = 86_400.0
    dt_s: float = 10.0

    def __post_init__(self) -> None:
        check_range("base_capacity_rps", self.base_capacity_rps, 0.001, 1e7)
        check_range("base_price_per_hour", self.base_price_per_hour, 0, 1000)
        check_int("n_sizes", self.n_sizes, 1, len(SIZES))
        check_int("start_size", self.start_size, 0, self.n_sizes - 1)
        check_range("up_pct", self.up_pct, 1, 100, unit="%")
        check_range("down_pct", self.down_pct, 0, self.up_pct, unit="%")
        for name in ("up_after_s", "down_after_s"):
            check_range(name, getattr(self, name), 0, 86_400, unit="s")
        check_range("downtime_s", self.downtime_s, 0, 3600, unit="s")
        check_range("base_latency_ms", self.base_latency_ms, 0.1, 60_000, unit="ms")
        check_range("timeout_ms", self.timeout_ms, self.base_latency_ms, 600_000, unit="ms")
        check_choice("dt_s", self.dt_s, (1.0, 5.0, 10.0, 30.0, 60.0))
        TimeGrid(self.horizon_s, self.dt_s)

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    def size_name(self, k: int) -> str:
        """Instance type name of rung ``k``."""
        return SIZES[k]

    def capacity(self, k: int) -> float:
        """Capacity of rung ``k`` (doubling)."""
        return self.base_capacity_rps * 2**k

    def price(self, k: int) -> float:
        """Price per hour of rung ``k`` (doubling; illustrative)."""
        return self.base_price_per_hour * 2**k


def horizontal_equivalent(v: VerticalConfig, *, max_size: int = 64, launch_s: float = 120.0) -> GroupConfig:
    """The horizontal group to compare with: smallest-size instances, target tracking at ``up_pct``
    minus a margin, starting with the same capacity as the vertical start size."""
    start = 2**v.start_size
    return GroupConfig(
        min_size=1,
        max_size=max(max_size, start),
        desired=start,
        capacity_rps=v.base_capacity_rps,
        price_per_hour=v.base_price_per_hour,
        launch_s=launch_s,
        warmup_s=launch_s,
        health_grace_s=300.0,
        base_latency_ms=v.base_latency_ms,
        timeout_ms=v.timeout_ms,
        policies=(TargetTrackingPolicy(target=max(v.up_pct - 25.0, 10.0)),),
        horizon_s=v.horizon_s,
        dt_s=v.dt_s,
        rules="aws-today",
    )


@njit(cache=True, nogil=True)
def _vkernel(load, dt, cap0, price0, n_sizes, start, up, down, up_n, down_n, down_steps, lat0, tmo, out, ev):
    """One instance over every step of ``load``; writes ``out[i, VERTICAL_OUT.*]`` and the events;
    returns how many events happened (past the buffer's end too, see :func:`emit`)."""
    size = start
    stopped_until = -1
    target = start
    above, below, n_ev, cost = 0, 0, 0, 0.0
    for i in range(load.shape[0]):
        running = i >= stopped_until
        if running and target != size:
            size = target
            n_ev = emit(ev, n_ev, i, VERTICAL_EV.RESTARTED, size)
        cap = cap0 * 2.0**size if running else 0.0
        lo = load[i]
        served = min(lo, cap)
        cpu = 100.0 * served / cap if cap > 0 else 0.0
        lat = tmo if cap <= 0 else min(lat0 / (1.0 - min(served / cap, 0.99)), tmo)
        if running:
            cost += price0 * 2.0**size * dt / 3600.0
            above = above + 1 if cpu > up else 0
            below = below + 1 if cpu < down else 0
            if above >= up_n and above > 0:
                if size + 1 < n_sizes:
                    target = size + 1
                    stopped_until = i + 1 + down_steps
                    n_ev = emit(ev, n_ev, i, VERTICAL_EV.SCALE_UP, target)
                elif above == up_n:
                    n_ev = emit(ev, n_ev, i, VERTICAL_EV.CEILING, size)
                above = 0 if size + 1 < n_sizes else above
            elif below >= down_n and size > 0 and 100.0 * lo / (cap0 * 2.0 ** (size - 1)) < up:
                target = size - 1
                stopped_until = i + 1 + down_steps
                n_ev = emit(ev, n_ev, i, VERTICAL_EV.SCALE_DOWN, target)
                below = 0
        out[i, VERTICAL_OUT.IN_SERVICE] = 1.0 if running else 0.0
        out[i, VERTICAL_OUT.SIZE] = size
        out[i, VERTICAL_OUT.CAPACITY_RPS] = cap
        out[i, VERTICAL_OUT.CPU_PCT] = cpu
        out[i, VERTICAL_OUT.SERVED_RPS] = served
        out[i, VERTICAL_OUT.DROPPED_RPS] = lo - served
        out[i, VERTICAL_OUT.LATENCY_MS] = lat
        out[i, VERTICAL_OUT.COST_USD] = cost
    return n_ev


def _sentence(config: VerticalConfig, e: Event) -> str:
    """The event log's words for one vertical-scaling event."""
    k = int(e["size"])
    downtime = format_duration(config.downtime_s)
    if e.kind == VERTICAL_EV.SCALE_UP:
        return (
            f"CPU above {config.up_pct:g} % for {format_duration(config.up_after_s)} → scale up to {SIZES[k]} "
            f"({config.capacity(k):g} req/s, ${config.price(k):.3f}/h): stopped for {downtime}, capacity 0 meanwhile"
        )
    if e.kind == VERTICAL_EV.SCALE_DOWN:
        return (
            f"CPU below {config.down_pct:g} % for {format_duration(config.down_after_s)} → scale down to "
            f"{SIZES[k]}: stopped for {downtime}, capacity 0 meanwhile"
        )
    if e.kind == VERTICAL_EV.RESTARTED:
        return f"instance back as {SIZES[k]} after the resize"
    return (
        f"CPU above {config.up_pct:g} % but {SIZES[k]} is the largest size: the vertical ceiling "
        "(horizontal scaling has none short of max size)"
    )


def simulate_vertical(config: VerticalConfig, load, *, seed: int = 0) -> Result:
    """Simulate the vertically scaled instance; the event log names each scale up/down."""
    grid = config.grid
    arr = as_load(load, grid, seed)
    if arr.ndim != 1:
        raise ValueError("vertical scaling takes one load (a 1-D array), got a batch")
    out = np.zeros((grid.n_steps, len(VERTICAL_OUT)))
    ev, _ = event_buffer(1, _MAX_EVENTS)
    dt = config.dt_s
    n_ev = _vkernel(
        arr, dt, config.base_capacity_rps, config.base_price_per_hour, config.n_sizes, config.start_size,
        config.up_pct, config.down_pct, max(1, math.ceil(config.up_after_s / dt)),
        max(1, math.ceil(config.down_after_s / dt)), round(config.downtime_s / dt), config.base_latency_ms,
        config.timeout_ms, out, ev[0],
    )  # fmt: skip
    log = EventLog()
    write_log(log, VERTICAL_KINDS, ev[0], n_ev, dt_s=dt, explain=lambda e: _sentence(config, e))
    o = columns(out, VERTICAL_OUT, axis=1)
    zeros = np.zeros(grid.n_steps)
    frame = VSCHEMA.frame(
        {
            **o,
            "t_s": grid.t_s,
            "load_rps": arr,
            "desired": np.ones(grid.n_steps, np.int64),
            "in_service": o["in_service"].astype(np.int64),
            "pending": zeros.astype(np.int64),
            "size": o["size"].astype(np.int64),
            "queued": zeros,
        }
    )
    drop_rollups(frame, log, dt_s=dt, queue=False)
    units = {**VSCHEMA.units(), **VSUMMARY.units()}
    return Result(
        frame=frame, events=log.frame(), config=config, units=units, summary=VSUMMARY.frame(
            {k: [v] for k, v in totals(frame, dt).items()}
        ),
    )  # fmt: skip


def totals(frame: pd.DataFrame, dt_s: float) -> dict[str, float]:
    """Whole-run figures the comparison page shows for either way of scaling: requests dropped
    and served, time with no capacity at all, cost."""
    return {
        "dropped": float(frame["dropped_rps"].sum() * dt_s),
        "served": float(frame["served_rps"].sum() * dt_s),
        "zero_capacity_s": float((frame["capacity_rps"] <= 0).sum() * dt_s),
        "cost_usd": float(frame["cost_usd"].iloc[-1]),
    }

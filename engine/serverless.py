# ruff: noqa: RUF046, SIM108  (numba needs explicit int() and simple branches)
"""Lambda concurrency: rate x duration, limits, scaling rate by edition, cold starts, throttles, cost.

Facts (aws-facts.md §6, §9):

* concurrency ≈ requests per second x average duration (100 req/s x 0.5 s = 50);
* account limit default **1,000** per Region; **reserved concurrency** is a guaranteed share and a
  hard cap; at least **100** must stay unreserved;
* scaling rate — course notes / docs to Oct 2023: a **Region-wide burst** of 500, 1,000 or 3,000
  environments, then **+500 per minute** (shared by all functions); AWS today: **+1,000
  environments every 10 s per function** (refilling continuously: 0 → 5,000 takes 50 s);
* a new environment runs Init first (≤ 10 s): the request that lands on it waits — a **cold
  start**; **provisioned concurrency** keeps environments initialised (no cold starts, charged);
* over the limit, **synchronous** callers get **429 TooManyRequestsException** (counted, not retried
  by Lambda); **asynchronous** events wait in Lambda's internal queue and are retried for up to
  ``MaximumEventAgeInSeconds`` (60-21,600 s, default 6 h), then dropped to the on-failure target.
  Backoff is not modelled: a waiting event runs as soon as there is room (delays are a lower bound);
* cost per request and per GB-second — **illustrative us-east-1 x86 list prices as of 2026**.

Idle environments are kept for ``idle_s`` (AWS does not document how long; 10 min here is an
assumption) and reused without a cold start. Counts per step in one numba kernel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit

from engine.core import (
    Column,
    EventLog,
    Result,
    Schema,
    TimeGrid,
    broadcast_loads,
    check_choice,
    check_int,
    check_range,
    stack_scenarios,
)
from engine.load import LoadTrace, as_load
from engine.rules import check_edition

__all__ = [
    "PRICES",
    "SCHEMA",
    "LambdaConfig",
    "simulate",
    "simulate_many",
    "steady_concurrency",
    "warmup",
]

MIN_UNRESERVED = 100  # §6
OLD_RATE_PER_MIN = 500.0  # §6 [HIST]: after the burst, +500 per minute (account-wide)
NEW_RATE_PER_10S = 1000.0  # §6: per function, every 10 s
# Illustrative us-east-1 x86 list prices as of 2026 (USD); check the Lambda pricing page.
PRICES = {
    "request": 0.20 / 1e6,
    "gb_s": 0.0000166667,
    "provisioned_gb_s": 0.0000041667,
    "provisioned_duration_gb_s": 0.0000097222,
}

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("load", "req/s", "invocation requests arriving"),
    Column("invocations", "per step", "invocations started in the step"),
    Column("concurrency", "environments", "environments busy (average over the step)"),
    Column("environments", "environments", "initialised environments (busy + idle warm + provisioned)"),
    Column("limit", "environments", "the ceiling this step: reserved / account limit and the scaling rate"),
    Column("throttled", "per step", "sync: 429s returned; async: events that had to wait"),
    Column("async_waiting", "events", "async events waiting in Lambda's internal queue"),
    Column("async_dropped", "events", "async events older than the maximum event age (so far)"),
    Column("cold_starts", "per step", "invocations that had to initialise a new environment"),
    Column("duration_ms", "ms", "mean duration of invocations started in the step, Init included (0 if none)"),
    Column("cost_usd", "USD", "cost so far (illustrative prices)"),
)

EV_COLD_BURST, EV_THROTTLE, EV_AT_CAP, EV_DROP = 1, 2, 3, 4


@njit(cache=True)
def _run(load, dt, dur, cold_s, cap, burst, rate_per_s, per_function, provisioned, idle_steps, sync, max_age_steps):
    n = load.shape[0]
    out = np.zeros((11, n))
    rmax = int(math.ceil(dur / dt)) + 2
    busy_ring = np.zeros(rmax)
    busy = 0.0
    envs = float(provisioned)
    dcap = idle_steps + 2
    dq_v = np.zeros(dcap)
    dq_t = np.zeros(dcap, np.int64)
    dq_head = 0
    dq_len = 0
    q_cnt = np.zeros(n + 1, np.int64)
    q_t = np.zeros(n + 1, np.int64)
    q_head = 0
    q_len = 0
    waiting = 0
    dropped = 0
    acc = 0.0
    ev = np.zeros((400, 4))
    n_ev = 0
    throttling = False
    at_limit = False
    prev_limit = 0.0
    at_cap = False
    for i in range(n):
        slot = i % rmax
        busy = max(0.0, busy - busy_ring[slot])
        busy_ring[slot] = 0.0
        acc += load[i] * dt
        arrivals = int(math.floor(acc + 1e-9))
        acc -= arrivals
        # the ceiling: the cap, and how fast environments may be added
        base = max(envs, prev_limit) if throttling or at_limit else envs  # keep fractional growth
        if per_function:
            grow = base + rate_per_s * dt
        else:
            grow = max(float(burst), base + rate_per_s * dt)
        limit = min(float(cap), max(grow, float(provisioned)))
        d_eff = dur
        per_slot = dt / d_eff if d_eff < dt else 1.0
        room = max(0.0, limit - busy) * per_slot
        if sync:
            want = arrivals
        else:
            if arrivals > 0:
                q_cnt[q_len + q_head] = arrivals
                q_t[q_len + q_head] = i
                q_len += 1
                waiting += arrivals
            while q_len > 0 and q_t[q_head] <= i - max_age_steps:
                dropped += q_cnt[q_head]
                waiting -= q_cnt[q_head]
                q_head += 1
                q_len -= 1
                if n_ev < 400:
                    ev[n_ev, 0], ev[n_ev, 1], ev[n_ev, 2], ev[n_ev, 3] = i, EV_DROP, dropped, max_age_steps * dt
                    n_ev += 1
            want = waiting
        started = min(want, int(math.floor(room + 1e-9)))
        throttled = want - started if sync else (arrivals if started < want else 0)
        if not sync:
            left = started
            while left > 0 and q_len > 0:
                take = min(left, q_cnt[q_head])
                q_cnt[q_head] -= take
                left -= take
                waiting -= take
                if q_cnt[q_head] == 0:
                    q_head += 1
                    q_len -= 1
        # environments: busy slots after the starts; new ones beyond the warm pool are cold
        need = busy + started / per_slot
        cold = 0
        if need > envs + 1e-9:
            cold = int(math.ceil(need - envs - 1e-9))
            cold = min(cold, started)
            envs = need
        # Init adds latency to the cold invocations (duration_ms), not occupancy (a simplification)
        w = started / per_slot
        busy += w
        busy_ring[(i + max(1, int(math.ceil(dur / dt - 1e-9)))) % rmax] += w
        # idle environments are reclaimed after idle_steps without being needed (sliding max of busy)
        while dq_len > 0 and dq_v[(dq_head + dq_len - 1) % dcap] <= busy:
            dq_len -= 1
        dq_v[(dq_head + dq_len) % dcap] = busy
        dq_t[(dq_head + dq_len) % dcap] = i
        dq_len += 1
        while dq_t[dq_head] <= i - idle_steps:
            dq_head = (dq_head + 1) % dcap
            dq_len -= 1
        envs = max(float(provisioned), min(envs, math.ceil(dq_v[dq_head] - 1e-9)))
        if throttled > 0 and not throttling and n_ev < 400:
            ev[n_ev, 0], ev[n_ev, 1], ev[n_ev, 2], ev[n_ev, 3] = i, EV_THROTTLE, throttled, limit
            n_ev += 1
        throttling = throttled > 0
        at_limit = want > started
        prev_limit = limit
        if limit >= cap and want > started and not at_cap and n_ev < 400:
            ev[n_ev, 0], ev[n_ev, 1], ev[n_ev, 2], ev[n_ev, 3] = i, EV_AT_CAP, cap, want
            n_ev += 1
            at_cap = True
        if cold >= 100 and n_ev < 400 and (n_ev == 0 or ev[n_ev - 1, 1] != EV_COLD_BURST or i - ev[n_ev - 1, 0] > 60):
            ev[n_ev, 0], ev[n_ev, 1], ev[n_ev, 2], ev[n_ev, 3] = i, EV_COLD_BURST, cold, cold_s
            n_ev += 1
        out[0, i] = started
        out[1, i] = busy
        out[2, i] = envs
        out[3, i] = limit
        out[4, i] = throttled
        out[5, i] = waiting
        out[6, i] = dropped
        out[7, i] = cold
        out[8, i] = (dur + cold_s * cold / started) * 1000.0 if started > 0 else 0.0
    return out, ev[:n_ev]


def steady_concurrency(rate_per_s: float, duration_s: float) -> float:
    """Concurrency a steady load needs: rate x duration (aws-facts §6, Little's law).

    >>> steady_concurrency(100, 0.5)
    50.0
    """
    check_range("rate_per_s", rate_per_s, 0, 1e9)
    check_range("duration_s", duration_s, 0, 900)
    return float(rate_per_s) * float(duration_s)


@dataclass(frozen=True)
class LambdaConfig:
    """One function under load. ``reserved=None``: the function draws from the unreserved pool."""

    invocation: str = "sync"
    duration_s: float = 0.5
    memory_mb: int = 512
    account_limit: int = 1000
    reserved: int | None = None
    other_reserved: int = 0
    provisioned: int = 0
    burst: int = 3000
    cold_start_s: float = 0.5
    idle_s: float = 600.0
    max_event_age_s: float = 21_600.0
    horizon_s: float = 3600.0
    dt_s: float = 1.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        check_choice("invocation", self.invocation, ("sync", "async"))
        check_range("duration_s", self.duration_s, 0.001, 900, unit="s (the 15-min timeout)")
        check_int("memory_mb", self.memory_mb, 128, 10_240)
        check_int("account_limit", self.account_limit, 100, 1_000_000)
        check_int("other_reserved", self.other_reserved, 0, 1_000_000)
        if self.reserved is not None:
            check_int("reserved", self.reserved, 0, 1_000_000)
            if self.reserved > self.account_limit:
                raise ValueError(
                    f"reserved concurrency {self.reserved:,} is above the account limit of {self.account_limit:,}"
                )
        unreserved = self.account_limit - (self.reserved or 0) - self.other_reserved
        if unreserved < MIN_UNRESERVED:
            raise ValueError(
                f"reserving {(self.reserved or 0) + self.other_reserved:,} of {self.account_limit:,} leaves "
                f"{unreserved:,} unreserved; Lambda keeps at least {MIN_UNRESERVED} unreserved"
            )
        check_int("provisioned", self.provisioned, 0, 1_000_000)
        if self.provisioned > self.cap:
            raise ValueError(f"provisioned concurrency {self.provisioned:,} exceeds the function's cap of {self.cap:,}")
        check_choice("burst", self.burst, (500, 1000, 3000))
        check_range("cold_start_s", self.cold_start_s, 0, 10, unit="s (the Init limit)")
        check_range("idle_s", self.idle_s, 0, 7200, unit="s")
        check_range("max_event_age_s", self.max_event_age_s, 60, 21_600, unit="s")
        TimeGrid(self.horizon_s, self.dt_s)
        check_range("dt_s", self.dt_s, 0.1, 60, unit="s")

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def cap(self) -> int:
        """The function's ceiling: its reserved concurrency, else the unreserved pool (§6)."""
        if self.reserved is not None:
            return self.reserved
        return self.account_limit - self.other_reserved

    @property
    def per_function_scaling(self) -> bool:
        """AWS today scales each function separately; the course's burst is Region-wide."""
        return self.rules == "aws-today"

    @property
    def scale_rate_per_s(self) -> float:
        """New environments per second once past the burst: 500/60 (course) or 1,000/10 (today)."""
        return NEW_RATE_PER_10S / 10.0 if self.per_function_scaling else OLD_RATE_PER_MIN / 60.0


def _message(cfg: LambdaConfig, code: int, a: float, b: float) -> tuple[str, str]:
    if code == EV_THROTTLE:
        what = "callers get 429 TooManyRequestsException" if cfg.invocation == "sync" else "events wait to be retried"
        rule = (
            "+1,000 environments per 10 s per function"
            if cfg.per_function_scaling
            else f"a {cfg.burst:,} burst then +500/min"
        )
        return "throttle", f"Throttling starts: {a:,.0f} over a ceiling of {b:,.0f} environments ({rule}); {what}."
    if code == EV_AT_CAP:
        cap = "reserved concurrency" if cfg.reserved is not None else "the unreserved account pool"
        return "at_cap", f"Demand of {b:,.0f} concurrent hits the cap of {a:,.0f} ({cap}): the rest is throttled."
    if code == EV_COLD_BURST:
        return "cold_start", f"{a:,.0f} new environments initialise at once: each first request waits {b:.1f} s."
    return "dropped", f"Async events older than {b:,.0f} s are dropped to the on-failure target ({a:,.0f} so far)."


def _run_one(cfg: LambdaConfig, load: np.ndarray) -> tuple[dict, list]:
    out, ev = _run(
        np.ascontiguousarray(load, dtype=np.float64), cfg.dt_s, cfg.duration_s, cfg.cold_start_s, cfg.cap,
        cfg.burst, cfg.scale_rate_per_s, cfg.per_function_scaling, cfg.provisioned,
        max(1, int(cfg.idle_s / cfg.dt_s)), cfg.invocation == "sync", max(1, int(cfg.max_event_age_s / cfg.dt_s)),
    )  # fmt: skip
    gb = cfg.memory_mb / 1024.0
    billed_s = np.nan_to_num(out[8] / 1000.0) * out[0]
    prov_busy = np.minimum(out[1], cfg.provisioned) * cfg.dt_s
    on_demand_gb_s = np.maximum(billed_s - prov_busy, 0.0) * gb
    step_cost = (
        out[0] * PRICES["request"]
        + on_demand_gb_s * PRICES["gb_s"]
        + prov_busy * gb * PRICES["provisioned_duration_gb_s"]
        + cfg.provisioned * cfg.dt_s * gb * PRICES["provisioned_gb_s"]
    )
    data = {
        "t_s": cfg.grid.t_s, "load": load, "invocations": out[0].astype(np.int64), "concurrency": out[1],
        "environments": out[2], "limit": out[3], "throttled": out[4].astype(np.int64),
        "async_waiting": out[5].astype(np.int64), "async_dropped": out[6].astype(np.int64),
        "cold_starts": out[7].astype(np.int64), "duration_ms": out[8], "cost_usd": np.cumsum(step_cost),
    }  # fmt: skip
    events = [(row[0] * cfg.dt_s, *_message(cfg, int(row[1]), row[2], row[3])) for row in ev]
    return data, events


def simulate(config: LambdaConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Simulate one function under ``load`` (requests/s). ``seed`` only samples a noisy trace."""
    arr = as_load(load, config.grid, seed)
    data, events = _run_one(config, arr)
    log = EventLog()
    for t, kind, msg in events:
        log.add(t, kind, msg)
    return Result(frame=SCHEMA.frame(data), events=log.frame(), config=config, units=SCHEMA.units())


def simulate_many(
    configs: Sequence[LambdaConfig],
    loads: Sequence[LoadTrace | np.ndarray | float] | LoadTrace | float,
    *,
    seed: int = 0,
) -> Result:
    """A batch of functions (one kernel, one scenario after another); frame gets ``scenario``."""
    loads = broadcast_loads(loads, len(configs))
    runs = (_run_one(cfg, as_load(ld, cfg.grid, seed)) for cfg, ld in zip(configs, loads, strict=True))
    frame, events = stack_scenarios((SCHEMA.frame(data), ev) for data, ev in runs)
    return Result(frame=frame, events=events, config=list(configs), units=SCHEMA.units())


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(LambdaConfig(horizon_s=60), 10.0)
    simulate(LambdaConfig(horizon_s=60, invocation="async"), 10.0)

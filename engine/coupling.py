# ruff: noqa: RUF046  (numba needs explicit int())
"""Loose vs tight coupling: one workload, one worker outage, two architectures.

(a) **tight**: the web tier calls the worker tier synchronously. Each request holds a web thread
while it waits for a worker and while the worker runs; a request still waiting after
``timeout_s`` fails (504), and when every web thread is held new requests are refused at once
(503) — the worker's trouble cascades upstream.
(b) **loose**: the web tier sends a message to an SQS queue and answers at once; the worker tier
reads the queue (:mod:`engine.queues`). During the outage the queue absorbs the work and it
drains afterwards: nothing is lost within the retention period (aws-facts §4).

The worker behind the queue is either an EC2 fleet or Lambda's SQS poller (§6): the producer and
the queue do not change — the course notes' layers of abstraction and interchangeable components.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

from engine import queues
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

__all__ = ["SCHEMA", "CouplingConfig", "simulate", "simulate_many", "warmup"]

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("load", "req/s", "requests arriving at the web tier"),
    Column("sync_served", "requests", "tight: requests answered in the step"),
    Column("sync_failed", "requests", "tight: requests failed in the step (timeouts and refusals)"),
    Column("sync_waiting", "requests", "tight: requests holding a web thread"),
    Column(
        "sync_latency_s",
        "s",
        "tight: mean latency (wait + work) of requests a worker picked up in the step (0 if none)",
    ),
    Column("sync_lost", "requests", "tight: requests failed so far"),
    Column("queue_sent", "messages", "loose: messages the web tier put on the queue in the step"),
    Column("queue_done", "messages", "loose: messages processed and deleted in the step"),
    Column("queue_visible", "messages", "loose: messages waiting in the queue"),
    Column("queue_oldest_s", "s", "loose: age of the oldest waiting message (the worst latency)"),
    Column("queue_lost", "messages", "loose: messages expired (past retention) so far"),
    Column("workers", "workers", "loose: workers reading the queue (Lambda: concurrent pollers)"),
)

EV_TIMEOUTS, EV_SATURATED, EV_RECOVERED = 1, 2, 3


@njit(cache=True)
def _sync_chain(load, dt, workers, proc, timeout_steps, web_threads, out0, out1, slow0, slow1, slowf):
    n = load.shape[0]
    out = np.zeros((5, n))
    q_cnt = np.zeros(n + 1, np.int64)
    q_t = np.zeros(n + 1, np.int64)
    q_head = 0
    q_len = 0
    waiting = 0
    rmax = int(math.ceil(proc * max(1.0, slowf) / dt)) + 2
    release = np.zeros(rmax, np.int64)
    slots = np.zeros(rmax)
    busy = 0.0
    processing = 0
    lost = 0
    acc = 0.0
    ev = np.zeros((200, 3))
    n_ev = 0
    failing = False
    for i in range(n):
        t = i * dt
        slot = i % rmax
        processing -= release[slot]
        served = release[slot]
        release[slot] = 0
        busy = max(0.0, busy - slots[slot])
        slots[slot] = 0.0
        acc += load[i] * dt
        a = int(math.floor(acc + 1e-9))
        acc -= a
        # timeouts: the oldest waiting requests give up
        failed = 0
        while q_len > 0 and q_t[q_head] <= i - timeout_steps:
            failed += q_cnt[q_head]
            waiting -= q_cnt[q_head]
            q_head += 1
            q_len -= 1
        # the web tier: a thread per request in flight
        free_threads = web_threads - waiting - processing
        accepted = min(a, max(0, free_threads))
        refused = a - accepted
        failed += refused
        if accepted > 0:
            q_cnt[q_head + q_len] = accepted
            q_t[q_head + q_len] = i
            q_len += 1
            waiting += accepted
        # the worker tier
        down = out0 <= t < out1
        p = proc * (slowf if slow0 <= t < slow1 else 1.0)
        lat_sum = 0.0
        picked = 0
        if not down:
            free = workers - busy
            cap = int(math.floor((free if p >= dt else free * dt / p) + 1e-9))
            d = max(1, int(math.ceil(p / dt - 1e-9)))
            while cap > 0 and q_len > 0:
                take = min(cap, q_cnt[q_head])
                lat_sum += take * ((i - q_t[q_head]) * dt + p)
                picked += take
                q_cnt[q_head] -= take
                waiting -= take
                cap -= take
                if p < dt:
                    served += take
                else:
                    release[(i + d) % rmax] += take
                    processing += take
                w = take * min(p, dt) / dt
                busy += w
                slots[(i + d) % rmax] += w
                if q_cnt[q_head] == 0:
                    q_head += 1
                    q_len -= 1
        lost += failed
        if failed > 0 and not failing and n_ev < 200:
            ev[n_ev, 0], ev[n_ev, 1], ev[n_ev, 2] = i, EV_TIMEOUTS if refused == 0 else EV_SATURATED, failed
            n_ev += 1
        if failed == 0 and failing and n_ev < 200:
            ev[n_ev, 0], ev[n_ev, 1], ev[n_ev, 2] = i, EV_RECOVERED, lost
            n_ev += 1
        failing = failed > 0
        out[0, i] = served
        out[1, i] = failed
        out[2, i] = waiting + processing
        out[3, i] = lat_sum / picked if picked > 0 else 0.0
        out[4, i] = lost
    return out, ev[:n_ev]


@dataclass(frozen=True)
class CouplingConfig:
    """The same web tier and worker tier, wired synchronously and through a queue."""

    worker: str = "ec2"
    workers: int = 10
    processing_s: float = 0.2
    web_threads: int = 200
    timeout_s: float = 10.0
    lambda_max_concurrency: int = 100
    retention_s: float = 345_600.0
    visibility_timeout_s: float = 30.0
    outage_start_s: float = 600.0
    outage_s: float = 600.0
    slowdown_start_s: float = 0.0
    slowdown_s: float = 0.0
    slowdown_factor: float = 1.0
    horizon_s: float = 3600.0
    dt_s: float = 1.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        check_choice("worker", self.worker, ("ec2", "lambda"))
        check_int("workers", self.workers, 1, 10_000)
        check_range("processing_s", self.processing_s, 0.001, 900, unit="s")
        check_int("web_threads", self.web_threads, 1, 100_000)
        check_range("timeout_s", self.timeout_s, 0.1, 900, unit="s")
        check_int("lambda_max_concurrency", self.lambda_max_concurrency, 2, 1000)
        for name in ("outage_start_s", "outage_s", "slowdown_start_s", "slowdown_s"):
            check_range(name, getattr(self, name), 0, 366 * 86_400, unit="s")
        check_range("slowdown_factor", self.slowdown_factor, 1, 100)
        TimeGrid(self.horizon_s, self.dt_s)
        self.queue_config  # validates retention and visibility timeout against SQS's ranges  # noqa: B018

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def queue_config(self) -> queues.QueueConfig:
        """The loose architecture's queue and worker tier (the producer is the same either way)."""
        return queues.QueueConfig(
            scaling="lambda" if self.worker == "lambda" else "fixed",
            consumers=self.workers, processing_s=self.processing_s, retention_s=self.retention_s,
            visibility_timeout_s=self.visibility_timeout_s, lambda_max_concurrency=self.lambda_max_concurrency,
            outage_start_s=self.outage_start_s, outage_s=self.outage_s, slowdown_start_s=self.slowdown_start_s,
            slowdown_s=self.slowdown_s, slowdown_factor=self.slowdown_factor, horizon_s=self.horizon_s,
            dt_s=self.dt_s, rules=self.rules,
        )  # fmt: skip


def _sync_message(cfg: CouplingConfig, code: int, a: float) -> tuple[str, str]:
    if code == EV_TIMEOUTS:
        return "timeout", f"Tight: {a:,.0f} requests waited {cfg.timeout_s:g} s for a worker and failed (504)."
    if code == EV_SATURATED:
        return "saturated", (
            f"Tight: all {cfg.web_threads:,} web threads are stuck waiting on the worker tier; "
            f"{a:,.0f} new requests refused at once (503) — the failure cascades upstream."
        )
    return "recovered", f"Tight: requests succeed again; {a:,.0f} failed in all."


def _run_one(cfg: CouplingConfig, load: np.ndarray, seed: int) -> tuple[pd.DataFrame, list]:
    out, ev = _sync_chain(
        np.ascontiguousarray(load, dtype=np.float64), cfg.dt_s, float(cfg.workers), cfg.processing_s,
        max(1, int(math.ceil(cfg.timeout_s / cfg.dt_s - 1e-9))), cfg.web_threads, cfg.outage_start_s,
        cfg.outage_start_s + cfg.outage_s, cfg.slowdown_start_s, cfg.slowdown_start_s + cfg.slowdown_s,
        cfg.slowdown_factor,
    )  # fmt: skip
    q = queues.simulate(cfg.queue_config, load, seed=seed)
    f = q.frame
    data = {
        "t_s": cfg.grid.t_s, "load": load, "sync_served": out[0].astype(np.int64),
        "sync_failed": out[1].astype(np.int64), "sync_waiting": out[2].astype(np.int64), "sync_latency_s": out[3],
        "sync_lost": out[4].astype(np.int64), "queue_sent": f["sent"].to_numpy(), "queue_done": f["deleted"].to_numpy(),
        "queue_visible": f["visible"].to_numpy(), "queue_oldest_s": f["oldest_age_s"].to_numpy(),
        "queue_lost": f["expired"].to_numpy(), "workers": f["consumers"].to_numpy(),
    }  # fmt: skip
    events = [(row[0] * cfg.dt_s, *_sync_message(cfg, int(row[1]), row[2])) for row in ev]
    events += [
        (t, kind, f"Loose: {msg}")
        for t, kind, msg in zip(q.events["t_s"], q.events["kind"], q.events["message"], strict=True)
    ]
    return SCHEMA.frame(data), events


def simulate(config: CouplingConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Run the same load through both architectures; both sets of columns in one frame."""
    frame, events = _run_one(config, as_load(load, config.grid, seed), seed)
    log = EventLog()
    for t, kind, msg in events:
        log.add(t, kind, msg)
    return Result(frame=frame, events=log.frame(), config=config, units=SCHEMA.units())


def simulate_many(
    configs: Sequence[CouplingConfig],
    loads: Sequence[LoadTrace | np.ndarray | float] | LoadTrace | float,
    *,
    seed: int = 0,
) -> Result:
    """A batch of scenarios; the frame gets a ``scenario`` column."""
    loads = broadcast_loads(loads, len(configs))
    frame, events = stack_scenarios(
        _run_one(cfg, as_load(ld, cfg.grid, seed), seed) for cfg, ld in zip(configs, loads, strict=True)
    )
    return Result(frame=frame, events=events, config=list(configs), units=SCHEMA.units())


def warmup() -> None:
    """Compile the kernels on a tiny input."""
    simulate(CouplingConfig(horizon_s=120, outage_start_s=30, outage_s=30), 5.0)

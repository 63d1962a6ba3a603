"""AWS Batch lab: compute environments, prioritised job queues, job definitions, array jobs.

Facts (aws-facts §8.3, BOTO batch, BATCH-UG): a compute environment (CE) is MANAGED or
UNMANAGED, of resource type EC2, SPOT, FARGATE or FARGATE_SPOT; a managed CE scales between
min and max vCPUs with queue demand. A job queue has an integer priority, **higher first** among
queues sharing a CE, and at most **3** ordered CEs, all EC2/Spot or all Fargate. A job
definition sets vCPUs and memory, a retry strategy of **1-10 attempts** and a timeout of at
least **60 s** (a timed-out attempt is not retried). Array jobs have **2-10,000** children.
Job states: SUBMITTED -> (PENDING) -> RUNNABLE -> (STARTING) -> RUNNING -> SUCCEEDED / FAILED.

Modelling assumptions (illustrative, not AWS numbers): instances take ``launch_s`` to join
(Fargate tasks ``fargate_start_s``) in whole instances of ``instance_vcpus``; surplus
instances are released after ``scale_in_after_s`` of surplus; a Spot instance is reclaimed at ``spot_interruptions_per_h``
per instance-hour, halved by the SPOT_*_OPTIMIZED strategies; BEST_FIT adds at most two
instances a minute (it waits for the best-fitting type); durations vary ±25 % in three bins.
Prices: illustrative us-east-1 list prices as of 2026 (:data:`PRICES`).

This module holds the output schema, the conversion of configs to kernel arrays, ``simulate`` /
``simulate_many``, the result frames and event sentences. The settings and their validation
(``BatchConfig``, ``ComputeEnvironment``, ``JobQueue``, the resource types, strategies and
prices) are in :mod:`engine.batch_config`, re-exported here; the time loop is in
:mod:`engine.batch_kernel`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from engine.batch_config import (
    FARGATE_VCPUS,
    PRICES,
    RESOURCE_TYPES,
    STRATEGIES,
    BatchConfig,
    ComputeEnvironment,
    JobQueue,
)
from engine.batch_kernel import EV_INTERRUPT, EV_SCALE_IN, EV_SCALE_OUT, EV_TIMEOUT, batch_kernel
from engine.core import Column, EventLog, Result, Schema, broadcast_loads, stack_frames
from engine.load import LoadTrace, as_load

__all__ = [
    "FARGATE_VCPUS",
    "PRICES",
    "RESOURCE_TYPES",
    "SCHEMA",
    "STRATEGIES",
    "BatchConfig",
    "ComputeEnvironment",
    "JobQueue",
    "simulate",
    "simulate_many",
    "warmup",
]

BINS = (0.75, 1.0, 1.25)
BIN_P = np.array([0.25, 0.5, 0.25])

SCHEMA = Schema(
    Column("t_s", "s", "start of the time step"),
    Column("arrived", "jobs", "jobs submitted so far (array children counted one by one)"),
    Column("submitted", "jobs", "jobs in SUBMITTED"),
    Column("runnable", "jobs", "jobs in RUNNABLE, waiting for vCPUs"),
    Column("running", "jobs", "jobs in RUNNING"),
    Column("jobs_succeeded", "jobs", "jobs SUCCEEDED so far"),
    Column("jobs_failed", "jobs", "jobs FAILED so far (attempts used up or timed out)"),
    Column("interrupted", "jobs", "running jobs hit by a Spot interruption in this step"),
    Column("vcpus", "vCPU", "vCPUs in the compute environments"),
    Column("vcpus_used", "vCPU", "vCPUs used by running jobs"),
    Column("cost_usd", "USD", "cost so far (illustrative prices)"),
)


def _arrays(cfg: BatchConfig, load: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Config (and the submission-rate multiplier ``load``) as padded kernel arrays."""
    Q = C = 3
    T, dt = cfg.grid.n_steps, cfg.dt_s
    a = {
        "arrivals": np.zeros((Q, T), np.int64),
        "ce_present": np.zeros(C, np.bool_),
        "ce_managed": np.zeros(C, np.bool_),
        "ce_min": np.zeros(C),
        "ce_max": np.zeros(C),
        "ce_step_cap": np.zeros(C),
        "ce_launch": np.zeros(C, np.int64),
        "ce_idle_steps": np.zeros(C, np.int64),
        "ce_int_rate": np.zeros(C),
        "ce_inst": np.ones(C),
        "ce_per_vcpu": np.zeros(C),
        "ce_fargate": np.zeros(C, np.bool_),
        "q_present": np.zeros(Q, np.bool_),
        "q_order": np.full(Q, -1, np.int64),
        "q_ces": np.full((Q, 3), -1, np.int64),
        "q_vcpu": np.ones(Q),
        "q_job_cost": np.zeros(Q),
        "q_fail": np.zeros(Q),
        "q_attempts": np.ones(Q, np.int64),
        "q_bin_steps": np.ones((Q, 3), np.int64),
        "q_bin_timeout": np.zeros((Q, 3), np.bool_),
    }
    for c, ce in enumerate(cfg.compute_environments):
        a["ce_present"][c], a["ce_managed"][c] = True, ce.managed
        a["ce_min"][c], a["ce_max"][c] = ce.min_vcpus, ce.max_vcpus
        best_fit = ce.allocation_strategy == "BEST_FIT" and not ce.fargate
        a["ce_step_cap"][c] = 2 * ce.instance_vcpus * dt / 60 if best_fit else 1e12
        a["ce_launch"][c] = max(1, round((cfg.fargate_start_s if ce.fargate else cfg.launch_s) / dt))
        a["ce_idle_steps"][c] = 1 if ce.fargate else max(1, round(cfg.scale_in_after_s / dt))
        if ce.spot:
            factor = 0.5 if ce.allocation_strategy.startswith("SPOT_") else 1.0
            a["ce_int_rate"][c] = cfg.spot_interruptions_per_h * factor * dt / 3600
        a["ce_inst"][c] = 1.0 if ce.fargate else ce.instance_vcpus
        a["ce_per_vcpu"][c] = PRICES[ce.resource_type][0] * dt / 3600
        a["ce_fargate"][c] = ce.fargate
    kinds = {i: ce.resource_type for i, ce in enumerate(cfg.compute_environments)}
    for qi, q in enumerate(cfg.queues):
        a["q_present"][qi] = True
        a["q_ces"][qi, : len(q.compute_environments)] = q.compute_environments
        a["q_vcpu"][qi], a["q_fail"][qi], a["q_attempts"][qi] = q.vcpus, q.fail_p, q.attempts
        pv, pg = PRICES[kinds[q.compute_environments[0]]]
        a["q_job_cost"][qi] = (q.vcpus * pv + q.memory_mib / 1024 * pg) * dt / 3600
        for b, f in enumerate(BINS):
            d = q.duration_s * f
            timed_out = q.timeout_s is not None and d > q.timeout_s
            a["q_bin_steps"][qi, b] = max(1, round((q.timeout_s if timed_out else d) / dt))
            a["q_bin_timeout"][qi, b] = timed_out
        lam = q.submissions_per_h * load * dt / 3600
        a["arrivals"][qi] = rng.poisson(lam) * q.array_size
        if q.burst_at_s is not None and q.burst_at_s < cfg.horizon_s:
            a["arrivals"][qi, int(q.burst_at_s // dt)] += q.burst_arrays * q.array_size
    a["q_order"][: len(cfg.queues)] = cfg.priority_order
    return a


def _run(configs, loads, seed: int):
    grid = configs[0].grid
    for c in configs[1:]:
        if (c.horizon_s, c.dt_s) != (grid.horizon_s, grid.dt_s):
            raise ValueError("all scenarios of a batch must share horizon_s and dt_s")
    rng = np.random.default_rng(seed)
    per = []
    for cfg, ld in zip(configs, loads, strict=True):
        arr = as_load(1.0 if ld is None else ld, grid, seed)
        per.append(_arrays(cfg, arr, np.random.default_rng(seed)))
    stacked = {k: np.stack([p[k] for p in per]) for k in per[0]}
    ring = int(stacked["q_bin_steps"].max()) + 1
    kseed = int(rng.integers(0, 2**31 - 1))
    # One kernel call per scenario, each with its own Generator from the same seed: the random
    # stream of a scenario does not depend on what else is in the batch.
    parts = [
        batch_kernel(
            np.random.default_rng(kseed), **{k: v[i : i + 1] for k, v in stacked.items()}, bin_p=BIN_P, ring=ring
        )
        for i in range(len(per))
    ]
    return stacked, tuple(np.concatenate(outs, axis=0) for outs in zip(*parts, strict=True))


def _result(cfg: BatchConfig, arrays: dict, out: tuple, s: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    sub, runnable, running, succ, fail, intr, cap, used, cost, ev, n_ev = (o[s] for o in out)
    t = cfg.grid.t_s
    arrived = np.cumsum(arrays["arrivals"][s].sum(axis=0))
    frame = SCHEMA.frame(
        {
            "t_s": t,
            "arrived": arrived,
            "submitted": sub.sum(axis=1),
            "runnable": runnable.sum(axis=1),
            "running": running.sum(axis=1),
            "jobs_succeeded": succ.sum(axis=1),
            "jobs_failed": fail.sum(axis=1),
            "interrupted": intr.sum(axis=1),
            "vcpus": cap.sum(axis=1),
            "vcpus_used": used.sum(axis=1),
            "cost_usd": np.cumsum(cost),
        }
    )
    nq, nc = len(cfg.queues), len(cfg.compute_environments)
    queues = pd.concat(
        [
            pd.DataFrame(
                {
                    "t_s": t,
                    "queue": q.name,
                    "priority": q.priority,
                    "submitted": sub[:, i],
                    "runnable": runnable[:, i],
                    "running": running[:, i],
                    "succeeded": succ[:, i],
                    "failed": fail[:, i],
                }
            )
            for i, q in enumerate(cfg.queues[:nq])
        ],
        ignore_index=True,
    )
    ces = pd.concat(
        [
            pd.DataFrame({"t_s": t, "ce": ce.name, "vcpus": cap[:, i], "vcpus_used": used[:, i]})
            for i, ce in enumerate(cfg.compute_environments[:nc])
        ],
        ignore_index=True,
    )
    return frame, _events(cfg, ev[: min(int(n_ev), len(ev))], t), {"queues": queues, "ces": ces}


def _events(cfg: BatchConfig, ev: np.ndarray, t: np.ndarray) -> pd.DataFrame:
    log = EventLog()
    for q in cfg.queues:
        if q.burst_at_s is not None and q.burst_at_s < cfg.horizon_s and q.burst_arrays:
            kind = (
                f"{q.burst_arrays} array job(s) of {q.array_size:,}" if q.array_size > 1 else f"{q.burst_arrays} job(s)"
            )
            log.add(q.burst_at_s, "submit", f"{kind} submitted to queue {q.name} (priority {q.priority}).")
    for ti, kind, a, b, c in ev:
        ts, a_i = float(t[int(ti)]), int(a)
        if kind == EV_SCALE_OUT:
            ce = cfg.compute_environments[a_i]
            log.add(
                ts,
                "scale_out",
                f"{ce.name} scales out from {b:,.0f} to {c:,.0f} vCPUs: RUNNABLE jobs need them "
                f"(min {ce.min_vcpus}, max {ce.max_vcpus}); new capacity arrives after the launch delay.",
            )
        elif kind == EV_SCALE_IN:
            ce = cfg.compute_environments[a_i]
            log.add(
                ts,
                "scale_in",
                f"{ce.name} scales in from {b:,.0f} to {c:,.0f} vCPUs: fewer jobs need it (min {ce.min_vcpus}).",
            )
        elif kind == EV_INTERRUPT:
            ce = cfg.compute_environments[a_i]
            log.add(
                ts,
                "spot_interruption",
                f"Spot reclaims a {b:,.0f}-vCPU instance of {ce.name}: {c:,.0f} running "
                "job(s) lose their attempt; those with attempts left go back to RUNNABLE.",
            )
        elif kind == EV_TIMEOUT:
            q = cfg.queues[a_i]
            log.add(
                ts,
                "timeout",
                f"{b:,.0f} job(s) of queue {q.name} hit the {q.timeout_s} s timeout: FAILED and "
                "not retried (BATCH-UG job timeouts).",
            )
    return log.frame()


def simulate(config: BatchConfig, load: LoadTrace | np.ndarray | float | None = None, *, seed: int = 0) -> Result:
    """Run one configuration; ``load`` multiplies every queue's submission rate (default 1)."""
    arrays, out = _run([config], [load], seed)
    frame, events, extra = _result(config, arrays, out, 0)
    return Result(frame, events, config, SCHEMA.units(), extra)


def simulate_many(configs, loads=None, *, seed: int = 0) -> Result:
    """Several configurations in one kernel call (leading scenario axis); same grid required."""
    configs = list(configs)
    arrays, out = _run(configs, broadcast_loads(loads, len(configs)), seed)
    parts = [_result(c, arrays, out, s) for s, c in enumerate(configs)]

    return Result(
        stack_frames([p[0] for p in parts]),
        stack_frames([p[1] for p in parts]),
        configs,
        SCHEMA.units(),
        {k: stack_frames([p[2][k] for p in parts]) for k in ("queues", "ces")},
    )


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(BatchConfig(horizon_s=600.0), seed=0)


def jobs_total(cfg: BatchConfig) -> float:
    """Expected jobs submitted over the horizon (for sizing the page's axes)."""
    return sum(q.submissions_per_h * cfg.horizon_s / 3600 * q.array_size for q in cfg.queues) + math.fsum(
        q.burst_arrays * q.array_size for q in cfg.queues if q.burst_at_s is not None
    )

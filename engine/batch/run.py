"""AWS Batch lab: compute environments, prioritised job queues, job definitions, array jobs.

Facts (aws-facts §8.3, BOTO batch, BATCH-UG): a compute environment (CE) is MANAGED or
UNMANAGED, of resource type EC2, SPOT, FARGATE or FARGATE_SPOT; a managed CE scales between
min and max vCPUs with queue demand. A job queue has an integer priority, **higher first** among
queues sharing a CE, and a few ordered CEs, all EC2/Spot or all Fargate. A job definition sets
vCPUs and memory, a retry strategy and a timeout (a timed-out attempt is not retried); the
documented limits are the constants of :mod:`engine.batch.config`.
Job states: SUBMITTED -> (PENDING) -> RUNNABLE -> (STARTING) -> RUNNING -> SUCCEEDED / FAILED.

Modelling assumptions (illustrative, not AWS numbers): instances take ``launch_s`` to join
(Fargate tasks ``fargate_start_s``) in whole instances of ``instance_vcpus``; surplus
instances are released after ``scale_in_after_s`` of surplus; a Spot instance is reclaimed at ``spot_interruptions_per_h``
per instance-hour, halved by the SPOT_*_OPTIMIZED strategies; BEST_FIT adds at most two
instances a minute (it waits for the best-fitting type); durations vary ±25 % in three bins.
Prices: illustrative us-east-1 list prices as of 2026 (:data:`PRICES`).

This module packs configs into the kernel's arrays (:mod:`engine.batch.layout`), runs the
kernel (:mod:`engine.batch.kernel`) one scenario at a time and builds the result frames, the
summary and the event log (:mod:`engine.batch.explain`). The settings and their validation are
in :mod:`engine.batch.config`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.batch.config import MAX_CES, MAX_QUEUES, PRICES, BatchConfig
from engine.batch.explain import events
from engine.batch.kernel import batch_kernel
from engine.batch.layout import BIN_FACTORS, BIN_P, CEOUT, CF, CI, EVENT_CAP, N_BINS, QF, QI, QOUT, QUEUE_CES
from engine.core import Column, Result, Schema, broadcast_loads, stack_results
from engine.kernel.events import event_buffer
from engine.kernel.layout import columns, pack
from engine.load import LoadTrace, as_load

__all__ = ["CES", "QUEUES", "SCHEMA", "SUMMARY", "simulate", "simulate_many", "warmup"]

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
QUEUES = Schema(
    Column("t_s", "s", "start of the time step"),
    Column("queue", "", "job queue"),
    Column("priority", "", "its priority (higher first)"),
    Column("submitted", "jobs", "its jobs in SUBMITTED"),
    Column("runnable", "jobs", "its jobs in RUNNABLE"),
    Column("running", "jobs", "its jobs in RUNNING"),
    Column("succeeded", "jobs", "its jobs SUCCEEDED so far"),
    Column("failed", "jobs", "its jobs FAILED so far"),
)
CES = Schema(
    Column("t_s", "s", "start of the time step"),
    Column("ce", "", "compute environment"),
    Column("vcpus", "vCPU", "its vCPUs"),
    Column("vcpus_used", "vCPU", "its vCPUs used by running jobs"),
)
SUMMARY = Schema(
    Column("jobs_submitted", "jobs", "jobs submitted over the run"),
    Column("jobs_succeeded", "jobs", "jobs SUCCEEDED by the end"),
    Column("jobs_failed", "jobs", "jobs FAILED by the end"),
    Column("interrupted", "jobs", "attempts lost to Spot interruptions"),
    Column("peak_vcpus", "vCPU", "most vCPUs provisioned at once"),
    Column("mean_runnable", "jobs", "mean RUNNABLE backlog"),
    Column("vcpu_utilisation", "fraction", "vCPU-steps used / provisioned"),
    Column("cost_usd", "USD", "cost of the run (illustrative prices)"),
)
UNITS = {**QUEUES.units(), **CES.units(), **SUMMARY.units(), **SCHEMA.units(), "scenario": ""}
"""The unit of every column of the frame, the extras and the summary (a stacked result adds ``scenario``)."""

# The rows of the compute environments and queues a config does not use (the arrays are padded).
_NO_CE_INT = {"present": 0, "managed": 0, "fargate": 0, "launch": 0, "idle_steps": 0}
_NO_CE_FLOAT = {"min": 0.0, "max": 0.0, "step_cap": 0.0, "int_rate": 0.0, "inst": 1.0, "per_vcpu": 0.0, "per_gb": 0.0}
_NO_QUEUE_INT = {"present": 0, "attempts": 1}
_NO_QUEUE_FLOAT = {"vcpu": 1.0, "mem_gb": 0.0, "fail": 0.0}


def _arrays(cfg: BatchConfig, load: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """One config (and the submission-rate multiplier ``load``) as kernel arrays with a leading
    scenario axis of 1, padded to the lab's most queues and compute environments."""
    T, dt = cfg.grid.n_steps, cfg.dt_s
    ce_int = [_NO_CE_INT] * MAX_CES
    ce_float = [_NO_CE_FLOAT] * MAX_CES
    for c, ce in enumerate(cfg.compute_environments):
        best_fit = ce.allocation_strategy == "BEST_FIT" and not ce.fargate
        ce_int[c] = {
            "present": 1,
            "managed": int(ce.managed),
            "fargate": int(ce.fargate),
            "launch": max(1, round((cfg.fargate_start_s if ce.fargate else cfg.launch_s) / dt)),
            "idle_steps": 1 if ce.fargate else max(1, round(cfg.scale_in_after_s / dt)),
        }
        factor = 0.5 if ce.allocation_strategy.startswith("SPOT_") else 1.0
        ce_float[c] = {
            "min": ce.min_vcpus,
            "max": ce.max_vcpus,
            "step_cap": 2 * ce.instance_vcpus * dt / 60 if best_fit else 1e12,
            "int_rate": cfg.spot_interruptions_per_h * factor * dt / 3600 if ce.spot else 0.0,
            "inst": 1.0 if ce.fargate else ce.instance_vcpus,
            "per_vcpu": PRICES[ce.resource_type][0] * dt / 3600,
            "per_gb": PRICES[ce.resource_type][1] * dt / 3600,
        }
    q_int = [_NO_QUEUE_INT] * MAX_QUEUES
    q_float = [_NO_QUEUE_FLOAT] * MAX_QUEUES
    arrivals = np.zeros((MAX_QUEUES, T), np.int64)
    q_ces = np.full((MAX_QUEUES, QUEUE_CES), -1, np.int64)
    bin_steps = np.ones((MAX_QUEUES, N_BINS), np.int64)
    bin_timeout = np.zeros((MAX_QUEUES, N_BINS), np.bool_)
    for qi, q in enumerate(cfg.queues):
        q_int[qi] = {"present": 1, "attempts": q.attempts}
        q_float[qi] = {"vcpu": q.vcpus, "mem_gb": q.memory_mib / 1024, "fail": q.fail_p}
        q_ces[qi, : len(q.compute_environments)] = q.compute_environments
        for b, f in enumerate(BIN_FACTORS):
            d = q.duration_s * f
            timed_out = q.timeout_s is not None and d > q.timeout_s
            bin_steps[qi, b] = max(1, round((q.timeout_s if timed_out else d) / dt))
            bin_timeout[qi, b] = timed_out
        lam = q.submissions_per_h * load * dt / 3600
        arrivals[qi] = rng.poisson(lam) * q.array_size
        if q.burst_at_s is not None and q.burst_at_s < cfg.horizon_s:
            arrivals[qi, int(q.burst_at_s // dt)] += q.burst_arrays * q.array_size
    q_order = np.full(MAX_QUEUES, -1, np.int64)
    q_order[: len(cfg.queues)] = cfg.priority_order
    per = {
        "arrivals": arrivals,
        "ce_int": pack(CI, ce_int, np.int64),
        "ce_float": pack(CF, ce_float),
        "q_int": pack(QI, q_int, np.int64),
        "q_float": pack(QF, q_float),
        "q_order": q_order,
        "q_ces": q_ces,
        "q_bin_steps": bin_steps,
        "q_bin_timeout": bin_timeout,
    }
    return {k: v[np.newaxis] for k, v in per.items()}


def _run(cfg: BatchConfig, load: object, seed: int) -> tuple[dict[str, np.ndarray], tuple, np.ndarray, np.ndarray]:
    """One scenario through the kernel, with its own Generators made from the seed (so a scenario
    does not depend on what else is in a batch): its arrays, outputs and event buffer."""
    arrays = _arrays(cfg, as_load(1.0 if load is None else load, cfg.grid, seed), np.random.default_rng(seed))
    ring = int(arrays["q_bin_steps"].max()) + 1
    kseed = int(np.random.default_rng(seed).integers(0, 2**31 - 1))
    ev, n_ev = event_buffer(1, EVENT_CAP)
    out = batch_kernel(np.random.default_rng(kseed), **arrays, bin_p=np.array(BIN_P), ring=ring, ev=ev, n_ev=n_ev)
    return arrays, out, ev, n_ev


def simulate(config: BatchConfig, load: LoadTrace | np.ndarray | float | None = None, *, seed: int = 0) -> Result:
    """Run one configuration; ``load`` multiplies every queue's submission rate (default 1)."""
    cfg = config
    arrays, (out_q, out_ce, out_cost), ev, n_ev = _run(cfg, load, seed)
    t = cfg.grid.t_s
    q = columns(out_q[0], QOUT, axis=2)  # name -> [T, Q]
    ce = columns(out_ce[0], CEOUT, axis=2)  # name -> [T, C]
    data = {
        "t_s": t,
        "arrived": np.cumsum(arrays["arrivals"][0].sum(axis=0)),
        "submitted": q["submitted"].sum(axis=1),
        "runnable": q["runnable"].sum(axis=1),
        "running": q["running"].sum(axis=1),
        "jobs_succeeded": q["succeeded"].sum(axis=1),
        "jobs_failed": q["failed"].sum(axis=1),
        "interrupted": q["interrupted"].sum(axis=1),
        "vcpus": ce["vcpus"].sum(axis=1),
        "vcpus_used": ce["vcpus_used"].sum(axis=1),
        "cost_usd": np.cumsum(out_cost[0]),
    }
    frame = SCHEMA.frame(data)
    counts = [name for name in QUEUES.names if name in q]  # the job counts: QueueOut slots by name
    queues = pd.concat(
        [
            QUEUES.frame({"t_s": t, "queue": jq.name, "priority": jq.priority, **{k: q[k][:, i] for k in counts}})
            for i, jq in enumerate(cfg.queues)
        ],
        ignore_index=True,
    )
    ces = pd.concat(
        [
            CES.frame({"t_s": t, "ce": c.name, "vcpus": ce["vcpus"][:, i], "vcpus_used": ce["vcpus_used"][:, i]})
            for i, c in enumerate(cfg.compute_environments)
        ],
        ignore_index=True,
    )
    log = events(cfg, ev[0], int(n_ev[0]), failures=_failures(t, q["failed"] - q["timed_out"]))
    return Result(frame, log, cfg, UNITS, {"queues": queues, "ces": ces}, _summary(data))


def _failures(t: np.ndarray, failed: np.ndarray) -> list[tuple[float, int, int]]:
    """Per queue whose jobs FAILED with their attempts used up (``failed [T, Q]``, timeouts left out):
    (when the first one failed, the queue, how many by the end)."""
    out = []
    for i in range(failed.shape[1]):
        if failed[-1, i] > 0:
            out.append((float(t[int(np.argmax(failed[:, i] > 0))]), i, int(failed[-1, i])))
    return out


def _summary(f: dict[str, np.ndarray]) -> pd.DataFrame:
    """The whole-run figures of one scenario from its frame's columns (numpy, not pandas: this
    runs once per scenario of a sweep)."""
    return SUMMARY.frame(
        {
            "jobs_submitted": [f["arrived"][-1]],
            "jobs_succeeded": [f["jobs_succeeded"][-1]],
            "jobs_failed": [f["jobs_failed"][-1]],
            "interrupted": [f["interrupted"].sum()],
            "peak_vcpus": [f["vcpus"].max()],
            "mean_runnable": [f["runnable"].mean()],
            "vcpu_utilisation": [f["vcpus_used"].sum() / max(f["vcpus"].sum(), 1e-9)],
            "cost_usd": [f["cost_usd"][-1]],
        }
    )


def simulate_many(
    configs: Sequence[BatchConfig], load: object = None, *, seed: int = 0, summary: bool = False
) -> Result:
    """Several configurations (same grid), one kernel call each: scenario ``i`` is
    ``simulate(configs[i], load_i, seed=seed)``; ``summary=True`` keeps only the summary."""
    configs = list(configs)
    grid = configs[0].grid
    if any(c.grid != grid for c in configs):
        raise ValueError("all scenarios of a batch must share horizon_s and dt_s")
    loads = broadcast_loads(load, len(configs))
    return stack_results(
        [simulate(c, ld, seed=seed) for c, ld in zip(configs, loads, strict=True)], summary_only=summary
    )


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(BatchConfig(horizon_s=600.0), seed=0)

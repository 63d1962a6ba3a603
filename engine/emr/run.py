"""Run an EMR job on its cluster: the kernel per scenario, the frame, the summary and the event log.

Facts (aws-facts §8.4, EMR-MG): the **master** node coordinates and is not resized by scaling;
**core** nodes run tasks *and* host HDFS (at least one in a multi-node cluster); **task** nodes
run tasks only. Spot suits task nodes (losing one loses no data); Spot core nodes risk HDFS data.
**Managed scaling** keeps the cluster between Minimum and MaximumCapacityUnits; with
MaximumCoreCapacityUnits the units above the core cap are task nodes (max 100, core cap 17 ->
up to 17 core and 83 task). Course notes: "A Step is a programming task ... (i.e. count words)";
"A Cluster is a collection of EC2 instances provisioned by EMR to run your steps".

**Amdahl's law** sets the runtime: a step of W single-node seconds with serial fraction s takes
``s*W + (1-s)*W/N`` on N worker nodes (core + task), so no cluster beats ``s*W``.

Modelling assumptions (illustrative, not AWS numbers): nodes join ``launch_s`` after a scaling
decision and surplus nodes go after ``scale_in_after_s``; the cluster terminates after its last
step; managed scaling sizes the cluster to the pending containers (``containers_per_node``
containers of ``container_s``); HDFS replication follows Hadoop's EMR defaults (1 below 4 core
nodes, 2 below 10, else 3: :data:`~engine.emr.config.REPLICATION`); copying a GB of
blocks costs ``rerep_s_per_gb`` node-seconds. Prices: illustrative us-east-1 list prices as of
2026 for an m5.xlarge-class node (:data:`PRICES`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from engine.core import Column, Result, Schema, broadcast_loads, check_range, shared_grid, stack_results
from engine.emr.config import PRICES, EmrConfig
from engine.emr.explain import events
from engine.emr.kernel import emr_kernel
from engine.emr.layout import CL, EVENT_CAP, OUT, STEP
from engine.kernel.events import event_buffer
from engine.kernel.layout import columns, pack

__all__ = ["SCHEMA", "SUMMARY", "scaled", "simulate", "simulate_many", "warmup"]

SCHEMA = Schema(
    Column("t_s", "s", "start of the time step"),
    Column("core_nodes", "nodes", "core nodes (compute + HDFS)"),
    Column("task_nodes", "nodes", "task nodes (compute only)"),
    Column("pending_nodes", "nodes", "nodes launching"),
    Column("job_step", "step", "index of the running step (= number of steps done)"),
    Column("work_left_h", "node-h", "single-node hours of work left in the job"),
    Column("hdfs_gb", "GB", "data in HDFS (logical, before replication)"),
    Column("rereplication_h", "node-h", "block copies still to do (re-replication, decommissioning)"),
    Column("recomputed_h", "node-h", "work redone so far because nodes were lost"),
    Column("cost_usd", "USD", "cost so far (illustrative prices)"),
)


SUMMARY = Schema(
    Column("finish_s", "s", "when the last step finished (-1: not within the horizon)"),
    Column("replication", "copies", "HDFS replication factor"),
    Column("peak_nodes", "nodes", "most core + task nodes at once"),
    Column("recomputed_h", "node-h", "work redone because nodes were lost"),
    Column("cost_usd", "USD", "cost of the run (illustrative prices)"),
)
UNITS = {**SUMMARY.units(), **SCHEMA.units(), "scenario": ""}
"""The unit of every column of the frame and the summary (a stacked result adds ``scenario``)."""


def _arrays(cfg: EmrConfig) -> dict[str, np.ndarray]:
    """One config as kernel arrays with a leading scenario axis of 1."""
    dt = cfg.dt_s
    per_h = dt / 3600
    step = pack(STEP, [{"work": s.work_s, "serial": s.serial_fraction, "out_gb": s.output_gb} for s in cfg.steps])
    cluster = pack(
        CL,
        [
            {
                "core0": cfg.core_nodes,
                "task0": cfg.task_nodes,
                "managed": float(cfg.managed_scaling),
                "min_u": cfg.min_units,
                "max_u": cfg.max_units,
                "core_cap": cfg.max_core_units,
                "launch": max(1, round(cfg.launch_s / dt)),
                "core_loss": cfg.spot_loss_per_h * per_h if cfg.core_market == "SPOT" else 0.0,
                "task_loss": cfg.spot_loss_per_h * per_h if cfg.task_market == "SPOT" else 0.0,
                "replication": cfg.replication,
                "container_s": cfg.container_s,
                "containers_per_node": cfg.containers_per_node,
                "rerep_s_per_gb": cfg.rerep_s_per_gb,
                "idle_steps": max(1, round(cfg.scale_in_after_s / dt)),
            }
        ],
    )
    return {"step": step[np.newaxis], "cluster": cluster}


def _cost(cfg: EmrConfig, core: np.ndarray, task: np.ndarray, finish: float) -> np.ndarray:
    h = cfg.dt_s / 3600
    price = {m: PRICES["spot" if m == "SPOT" else "on_demand"] + PRICES["emr"] for m in ("SPOT", "ON_DEMAND")}
    per_step = (
        cfg.master_nodes * price["ON_DEMAND"] + core * price[cfg.core_market] + task * price[cfg.task_market]
    ) * h
    if finish >= 0:  # the cluster terminates after the last step
        per_step = np.where(cfg.grid.t_s < finish, per_step, 0.0)
    return np.cumsum(per_step)


def scaled(config: EmrConfig, load: object = None) -> EmrConfig:
    """The config whose job is ``load`` times as big: every step's work and HDFS output scaled
    (``None``: as it is). EMR runs one batch job, so its load is one number, not a time series.

    >>> from engine.emr.config import word_count
    >>> [s.work_s for s in scaled(EmrConfig(word_count(10.0)), 2.0).steps]
    [120.0, 800.0, 300.0, 40.0]
    """
    if load is None:
        return config
    if isinstance(load, bool) or not isinstance(load, (int, float, np.integer, np.floating)):
        raise ValueError(
            "load: the EMR lab runs one batch job, so its load is a number that scales the job's input "
            f"(work and HDFS output; 2.0 = twice the data), got {type(load).__name__}"
        )
    x = float(load)
    check_range("load", x, 0.01, 100)
    steps = tuple(replace(st, work_s=st.work_s * x, output_gb=st.output_gb * x) for st in config.steps)
    return replace(config, steps=steps)


def simulate(config: EmrConfig, load: float | None = None, *, seed: int = 0) -> Result:
    """Run the job on the cluster; ``load`` (default 1) multiplies the job's size (:func:`scaled`);
    the result keeps the config as given."""
    cfg = scaled(config, load)
    kseed = int(np.random.default_rng(seed).integers(0, 2**31 - 1))
    ev, n_ev = event_buffer(1, EVENT_CAP)
    out, finish = emr_kernel(np.random.default_rng(kseed), cfg.grid.n_steps, cfg.dt_s, **_arrays(cfg), ev=ev, n_ev=n_ev)
    o = columns(out[0], OUT, axis=1)
    fin = float(finish[0])
    cost = _cost(cfg, o["core_nodes"], o["task_nodes"], fin)
    frame = SCHEMA.frame(
        {
            "t_s": cfg.grid.t_s,
            "core_nodes": o["core_nodes"],
            "task_nodes": o["task_nodes"],
            "pending_nodes": o["pending_nodes"],
            "job_step": o["job_step"],
            "work_left_h": o["work_left_s"] / 3600,
            "hdfs_gb": o["hdfs_gb"],
            "rereplication_h": o["rereplication_s"] / 3600,
            "recomputed_h": o["recomputed_s"] / 3600,
            "cost_usd": cost,
        }
    )
    summary = SUMMARY.frame(
        {
            "finish_s": [fin],
            "replication": [cfg.replication],
            "peak_nodes": [float((o["core_nodes"] + o["task_nodes"]).max())],
            "recomputed_h": [float(o["recomputed_s"][-1] / 3600)],
            "cost_usd": [float(cost[-1])],
        }
    )
    return Result(frame, events(cfg, ev[0], int(n_ev[0]), fin), config, UNITS, {}, summary)


def simulate_many(configs: Sequence[EmrConfig], load: object = None, *, seed: int = 0, summary: bool = False) -> Result:
    """Several clusters (same grid), e.g. a sweep of cluster sizes: scenario ``i`` is
    ``simulate(configs[i], load_i, seed=seed)`` (``load``: one number for all or one per config);
    ``summary=True`` keeps only the summary."""
    configs = list(configs)
    shared_grid(configs)
    loads = broadcast_loads(load, len(configs))
    return stack_results(
        [simulate(c, ld, seed=seed) for c, ld in zip(configs, loads, strict=True)], summary_only=summary
    )


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(EmrConfig(horizon_s=600.0), seed=0)

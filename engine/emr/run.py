"""EMR lab: a cluster of master, core and task nodes running a job of steps (word count).

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
nodes, 2 below 10, else 3; EMR-MG HDFS configuration, not in the fact sheet); copying a GB of
blocks costs ``rerep_s_per_gb`` node-seconds. Prices: illustrative us-east-1 list prices as of
2026 for an m5.xlarge-class node (:data:`PRICES`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.core import (
    Column,
    EventLog,
    Result,
    Schema,
    TimeGrid,
    check_choice,
    check_int,
    check_range,
    shared_grid,
    stack_frames,
)
from engine.emr_kernel import EV_CORE_LOST, EV_DONE, EV_SCALE_IN, EV_SCALE_OUT, EV_STEP, EV_TASK_LOST, emr_kernel
from engine.rules import check_edition

__all__ = [
    "COMPONENTS",
    "PRICES",
    "SCHEMA",
    "EmrConfig",
    "JobStep",
    "amdahl_runtime_s",
    "simulate",
    "simulate_many",
    "warmup",
    "word_count",
]

# USD per node-hour: EC2 on-demand, EC2 Spot (illustrative discount) and the EMR charge per node.
PRICES = {"on_demand": 0.192, "spot": 0.07, "emr": 0.048}


@dataclass(frozen=True)
class JobStep:
    """One EMR step: its single-node work, serial fraction and the HDFS data it writes."""

    name: str
    work_s: float
    serial_fraction: float
    output_gb: float

    def __post_init__(self) -> None:
        check_range("work_s", self.work_s, 1, 10**8, unit="s")
        check_range("serial_fraction", self.serial_fraction, 0, 1)
        check_range("output_gb", self.output_gb, 0, 10**6)


def word_count(input_gb: float = 200.0, serial_fraction: float = 0.05) -> tuple[JobStep, ...]:
    """The course notes' word count as four steps (single-node seconds per GB are illustrative)."""
    check_range("input_gb", input_gb, 1, 100_000)
    return (
        JobStep("Copy input from S3 to HDFS (S3DistCp)", 6 * input_gb, serial_fraction, input_gb),
        JobStep("Map: split lines, emit (word, 1)", 40 * input_gb, serial_fraction, 0.3 * input_gb),
        JobStep("Shuffle and reduce: sum per word", 15 * input_gb, serial_fraction, 0.02 * input_gb),
        JobStep("Write the counts to S3", 2 * input_gb, serial_fraction, 0.0),
    )


COMPONENTS = pd.DataFrame(
    [
        ("Hadoop HDFS", "Distributed file system", "NameNode", "DataNode (stores blocks)", "—"),
        ("Hadoop MapReduce", "Distributed processing", "job history", "map/reduce tasks", "map/reduce tasks"),
        (
            "YARN (not in the notes)",
            "Resource manager every engine runs on",
            "ResourceManager",
            "NodeManager, app masters",
            "NodeManager",
        ),
        ("Apache Spark", "In-memory processing", "driver (client mode)", "executors", "executors"),
        ("Hive", "SQL over files", "HiveServer2, metastore", "query tasks", "query tasks"),
        ("HBase", "Columnar datastore", "HMaster", "RegionServers (need HDFS)", "—"),
        ("Flume", "Log collection", "agents (edge)", "sinks write to HDFS", "—"),
        ("ZooKeeper", "Resource coordination", "quorum (1 or 3 masters)", "—", "—"),
        ("Sqoop", "Data transfer to/from databases", "client", "map tasks", "map tasks"),
        ("Oozie", "Workflow", "Oozie server", "launched actions", "launched actions"),
        ("Apache Pig", "Scripting", "client", "MapReduce/Tez tasks", "MapReduce/Tez tasks"),
        ("Mahout", "Machine learning library", "client", "MapReduce/Spark tasks", "MapReduce/Spark tasks"),
        ("Presto, Flink", "Also supported (notes)", "coordinator / JobManager", "workers", "workers"),
        ("Ambari", "Cluster management UI", "not an EMR application: EMR manages the cluster itself", "—", "—"),
    ],
    columns=["component", "what it does (course notes)", "master", "core (HDFS + compute)", "task (compute only)"],
)

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


@dataclass(frozen=True)
class EmrConfig:
    """A cluster, its scaling and Spot settings, and the job it runs."""

    steps: tuple[JobStep, ...] = word_count()
    master_nodes: int = 1
    core_nodes: int = 4
    task_nodes: int = 6
    core_market: str = "ON_DEMAND"
    task_market: str = "ON_DEMAND"
    managed_scaling: bool = False
    min_units: int = 2
    max_units: int = 100
    max_core_units: int = 17
    spot_loss_per_h: float = 0.2
    horizon_s: float = 12 * 3600.0
    dt_s: float = 10.0
    launch_s: float = 300.0
    container_s: float = 60.0
    containers_per_node: int = 4
    rerep_s_per_gb: float = 20.0
    scale_in_after_s: float = 300.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        TimeGrid(self.horizon_s, self.dt_s)
        if not 1 <= len(self.steps) <= 20:
            raise ValueError(f"a job has 1 to 20 steps, got {len(self.steps)}")
        check_choice("master_nodes", self.master_nodes, (1, 3))
        check_int("core_nodes", self.core_nodes, 1, 1000)
        check_int("task_nodes", self.task_nodes, 0, 1000)
        check_choice("core_market", self.core_market, ("ON_DEMAND", "SPOT"))
        check_choice("task_market", self.task_market, ("ON_DEMAND", "SPOT"))
        check_int("min_units", self.min_units, 1, 2000)
        check_int("max_units", self.max_units, 1, 2000)
        check_int("max_core_units", self.max_core_units, 1, 2000)
        check_range("spot_loss_per_h", self.spot_loss_per_h, 0, 10)
        check_range("launch_s", self.launch_s, 0, 3600, unit="s")
        check_range("container_s", self.container_s, 1, 3600, unit="s")
        check_int("containers_per_node", self.containers_per_node, 1, 64)
        check_range("rerep_s_per_gb", self.rerep_s_per_gb, 0, 3600, unit="s")
        check_range("scale_in_after_s", self.scale_in_after_s, 0, 3600, unit="s")
        if self.managed_scaling:
            if self.min_units > self.max_units:
                raise ValueError(
                    f"managed scaling: MinimumCapacityUnits {self.min_units} must not exceed "
                    f"MaximumCapacityUnits {self.max_units}"
                )
            if self.max_core_units > self.max_units:
                raise ValueError(
                    f"managed scaling: MaximumCoreCapacityUnits {self.max_core_units} must not exceed "
                    f"MaximumCapacityUnits {self.max_units}"
                )
            if self.core_nodes > self.max_core_units:
                raise ValueError(
                    f"managed scaling: the cluster starts with {self.core_nodes} core nodes, above "
                    f"MaximumCoreCapacityUnits {self.max_core_units}"
                )

    @property
    def replication(self) -> int:
        """HDFS replication factor (EMR default by core-node count; an assumption, see module doc)."""
        n = self.core_nodes  # set when the cluster is created
        return 1 if n < 4 else 2 if n < 10 else 3

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)


def amdahl_runtime_s(steps: tuple[JobStep, ...], nodes: float) -> float:
    """Amdahl's law summed over the steps: sum(s*W + (1-s)*W/N)."""
    return float(sum(st.serial_fraction * st.work_s + (1 - st.serial_fraction) * st.work_s / nodes for st in steps))


def _arrays(cfgs: list[EmrConfig]) -> dict[str, np.ndarray]:
    K = max(len(c.steps) for c in cfgs)
    dt = cfgs[0].dt_s

    def pad(vals, fill):
        return np.array([list(v) + [fill] * (K - len(v)) for v in vals], dtype=np.float64)

    per_h = dt / 3600
    return {
        "work": pad([[s.work_s for s in c.steps] for c in cfgs], 1.0),
        "serial": pad([[s.serial_fraction for s in c.steps] for c in cfgs], 0.0),
        "out_gb": pad([[s.output_gb for s in c.steps] for c in cfgs], 0.0),
        "core0": np.array([c.core_nodes for c in cfgs], float),
        "task0": np.array([c.task_nodes for c in cfgs], float),
        "managed": np.array([c.managed_scaling for c in cfgs]),
        "min_u": np.array([c.min_units for c in cfgs], float),
        "max_u": np.array([c.max_units for c in cfgs], float),
        "core_cap": np.array([c.max_core_units for c in cfgs], float),
        "launch": np.array([max(1, round(c.launch_s / dt)) for c in cfgs], np.int64),
        "core_loss": np.array([c.spot_loss_per_h * per_h if c.core_market == "SPOT" else 0.0 for c in cfgs]),
        "task_loss": np.array([c.spot_loss_per_h * per_h if c.task_market == "SPOT" else 0.0 for c in cfgs]),
        "replication": np.array([c.replication for c in cfgs], float),
        "container_s": np.array([c.container_s for c in cfgs]),
        "containers_per_node": np.array([c.containers_per_node for c in cfgs], float),
        "rerep_s_per_gb": np.array([c.rerep_s_per_gb for c in cfgs]),
        "idle_steps": np.array([max(1, round(c.scale_in_after_s / dt)) for c in cfgs], np.int64),
    }


def _cost(cfg: EmrConfig, core: np.ndarray, task: np.ndarray, finish: float) -> np.ndarray:
    h = cfg.dt_s / 3600
    price = {m: PRICES["spot" if m == "SPOT" else "on_demand"] + PRICES["emr"] for m in ("SPOT", "ON_DEMAND")}
    per_step = (
        cfg.master_nodes * price["ON_DEMAND"] + core * price[cfg.core_market] + task * price[cfg.task_market]
    ) * h
    if finish >= 0:  # the cluster terminates after the last step
        per_step = np.where(cfg.grid.t_s < finish, per_step, 0.0)
    return np.cumsum(per_step)


def _events(cfg: EmrConfig, ev: np.ndarray, finish: float) -> pd.DataFrame:
    log = EventLog()
    for ti, kind, a, b, c in ev:
        t = float(ti) * cfg.dt_s
        if kind == EV_STEP:
            st = cfg.steps[int(a)]
            log.add(
                t,
                "step",
                f"Step {int(a) + 1} '{st.name}' starts on {b:,.0f} worker nodes: Amdahl gives "
                f"{amdahl_runtime_s((st,), max(b, 1)) / 60:,.1f} min ({st.serial_fraction:.0%} of it serial).",
            )
        elif kind == EV_DONE:
            log.add(t, "job_done", f"All {len(cfg.steps)} steps done after {t / 3600:,.2f} h.")
        elif kind == EV_SCALE_OUT:
            log.add(
                t,
                "scale_out",
                f"Managed scaling: pending containers want {b:,.0f} nodes (max {cfg.max_units}); "
                f"adds {b - a:,.0f}: {c:,.0f} core (cap {cfg.max_core_units}), {b - a - c:,.0f} task.",
            )
        elif kind == EV_SCALE_IN:
            log.add(
                t,
                "scale_in",
                f"Managed scaling: fewer containers pending for {cfg.scale_in_after_s:,.0f} s, removes {a:,.0f} task "
                f"node(s) (min {cfg.min_units}); core nodes stay while the job runs: they hold HDFS blocks.",
            )
        elif kind == EV_CORE_LOST:
            what = (
                f"its HDFS blocks are re-replicated from the other copies (replication {cfg.replication})"
                if cfg.replication >= 2
                else f"replication is 1, so {c:,.1f} GB of HDFS is gone: {b / 3600:,.2f} node-h of work is redone"
            )
            log.add(t, "core_lost", f"Spot reclaims {a:,.0f} core node(s): {what}.")
        elif kind == EV_TASK_LOST:
            log.add(
                t,
                "task_lost",
                f"Spot reclaims {a:,.0f} task node(s): only their running containers "
                f"({b / 3600:,.2f} node-h) are redone; no data is lost (no HDFS on task nodes).",
            )
    if finish < 0:
        log.add(cfg.horizon_s, "unfinished", "The job did not finish within the simulated horizon.")
    return log.frame()


def _run(cfgs: list[EmrConfig], seed: int):
    grid = shared_grid(cfgs)
    kseed = int(np.random.default_rng(seed).integers(0, 2**31 - 1))
    arrays = _arrays(cfgs)
    # One kernel call per scenario, each with its own Generator from the same seed (see batch.py).
    parts = [
        emr_kernel(
            np.random.default_rng(kseed), grid.n_steps, cfgs[0].dt_s, **{k: v[i : i + 1] for k, v in arrays.items()}
        )
        for i in range(len(cfgs))
    ]
    return tuple(np.concatenate(outs, axis=0) for outs in zip(*parts, strict=True))


def _result(cfg: EmrConfig, out: tuple, s: int) -> Result:
    core, task, pending, step, left, hdfs, rerep, redo, finish, ev, n_ev = (o[s] for o in out)
    frame = SCHEMA.frame(
        {
            "t_s": cfg.grid.t_s,
            "core_nodes": core,
            "task_nodes": task,
            "pending_nodes": pending,
            "job_step": step,
            "work_left_h": left / 3600,
            "hdfs_gb": hdfs,
            "rereplication_h": rerep / 3600,
            "recomputed_h": redo / 3600,
            "cost_usd": _cost(cfg, core, task, float(finish)),
        }
    )
    fin = float(finish)
    events = _events(cfg, ev[: min(int(n_ev), len(ev))], fin)
    summary = pd.DataFrame({"finish_s": [fin], "replication": [cfg.replication]})
    return Result(frame, events, cfg, SCHEMA.units(), {"summary": summary})


def simulate(config: EmrConfig, load: float | None = None, *, seed: int = 0) -> Result:
    """Run the job on the cluster (``load`` is unused: the job is the load)."""
    return _result(config, _run([config], seed), 0)


def simulate_many(configs, loads=None, *, seed: int = 0) -> Result:
    """Several clusters in one kernel call (same grid), e.g. a sweep of cluster sizes."""
    configs = list(configs)
    out = _run(configs, seed)
    parts = [_result(c, out, i) for i, c in enumerate(configs)]
    return Result(
        stack_frames([p.frame for p in parts]),
        stack_frames([p.events for p in parts]),
        configs,
        SCHEMA.units(),
        {"summary": stack_frames([p.extra["summary"] for p in parts])},
    )


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(EmrConfig(horizon_s=600.0), seed=0)

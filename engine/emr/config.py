"""EMR settings: a job of steps (the course notes' word count), the cluster, its scaling and Spot
markets, validated when built.

Facts (aws-facts §8.4, EMR-MG): the **master** node coordinates and is not resized by scaling;
**core** nodes run tasks *and* host HDFS (at least one in a multi-node cluster); **task** nodes
run tasks only. **Managed scaling** keeps the cluster between Minimum and MaximumCapacityUnits;
with MaximumCoreCapacityUnits the units above the core cap are task nodes (the sheet's example
is :data:`MANAGED_EXAMPLE`); a cluster that starts above MaximumCapacityUnits (or with more core
nodes than MaximumCoreCapacityUnits) is refused. HDFS replication follows Hadoop's EMR defaults
(:data:`REPLICATION`; EMR Release Guide ``emr-hdfs-config``, not in the fact sheet). Prices: illustrative us-east-1 list prices as of
2026 for an m5.xlarge-class node (:data:`PRICES`).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.rules import check_edition

__all__ = [
    "MARKETS",
    "MASTER_NODES",
    "MAX_JOB_STEPS",
    "PRICES",
    "REPLICATION",
    "EmrConfig",
    "JobStep",
    "replication_for",
    "word_count",
]

# USD per node-hour: EC2 on-demand, EC2 Spot (illustrative discount) and the EMR charge per node.
PRICES = {"on_demand": 0.192, "spot": 0.07, "emr": 0.048}
MARKETS = ("ON_DEMAND", "SPOT")
MASTER_NODES = (1, 3)
"""A cluster has one master node, or three for high availability (EMR-MG)."""
MANAGED_EXAMPLE = (100, 17)
"""aws-facts §8.4 (EMR-MG ``emr-managed-scaling.md``): MaximumCapacityUnits 100 with
MaximumCoreCapacityUnits 17 gives up to 17 core and 83 task nodes; the lab's defaults."""
MAX_JOB_STEPS = 20
"""Steps one simulated job may have (a lab limit)."""
REPLICATION = ((4, 1), (10, 2), (None, 3))
"""HDFS replication factor by core-node count at cluster creation, Hadoop's EMR defaults (EMR-MG
HDFS configuration): 1 below 4 core nodes, 2 below 10, else 3."""


def replication_for(core_nodes: int) -> int:
    """The HDFS replication factor :data:`REPLICATION` gives a cluster created with ``core_nodes``.

    >>> [replication_for(n) for n in (1, 3, 4, 9, 10)]
    [1, 1, 2, 2, 3]
    """
    return next(r for below, r in REPLICATION if below is None or core_nodes < below)


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
    max_units: int = MANAGED_EXAMPLE[0]
    max_core_units: int = MANAGED_EXAMPLE[1]
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
        if not 1 <= len(self.steps) <= MAX_JOB_STEPS:
            raise ValueError(f"a job has 1 to {MAX_JOB_STEPS} steps, got {len(self.steps)}")
        check_choice("master_nodes", self.master_nodes, MASTER_NODES)
        check_int("core_nodes", self.core_nodes, 1, 1000)
        check_int("task_nodes", self.task_nodes, 0, 1000)
        check_choice("core_market", self.core_market, MARKETS)
        check_choice("task_market", self.task_market, MARKETS)
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
            if self.core_nodes + self.task_nodes > self.max_units:
                raise ValueError(
                    f"managed scaling: the cluster starts with core_nodes + task_nodes = "
                    f"{self.core_nodes + self.task_nodes} nodes, above max_units (MaximumCapacityUnits) "
                    f"{self.max_units}; start at most {self.max_units} nodes or raise max_units"
                )
            if self.core_nodes > self.max_core_units:
                raise ValueError(
                    f"managed scaling: the cluster starts with {self.core_nodes} core nodes, above "
                    f"MaximumCoreCapacityUnits {self.max_core_units}"
                )

    @property
    def replication(self) -> int:
        """HDFS replication factor, set by the core-node count when the cluster is created (:data:`REPLICATION`)."""
        return replication_for(self.core_nodes)

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

"""AWS Batch settings: compute environments, job queues (with their job definition) and the
lab's config, each validated when built.

Facts (aws-facts §8.3, BOTO batch, BATCH-UG): a compute environment (CE) is MANAGED or
UNMANAGED, of resource type EC2, SPOT, FARGATE or FARGATE_SPOT; a managed CE scales between
min and max vCPUs with queue demand; the SPOT_* allocation strategies are for Spot CEs. A job
queue has an integer priority, **higher first** among queues sharing a CE, and at most **3**
ordered CEs, all EC2/Spot or all Fargate. A job definition sets vCPUs (Fargate: 0.25-16 in
fixed sizes; EC2/Spot: whole vCPUs) and memory, a retry strategy of **1-10 attempts** and a
timeout of at least **60 s**. Array jobs have **2-10,000** children.
Prices: illustrative us-east-1 list prices as of 2026 (:data:`PRICES`).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.rules import check_edition

__all__ = [
    "ARRAY_SIZE",
    "ATTEMPTS",
    "FARGATE_VCPUS",
    "MAX_CES",
    "MAX_CES_PER_QUEUE",
    "MAX_QUEUES",
    "MIN_TIMEOUT_S",
    "PRICES",
    "RESOURCE_TYPES",
    "STRATEGIES",
    "BatchConfig",
    "ComputeEnvironment",
    "JobQueue",
]

MAX_CES_PER_QUEUE = 3
"""aws-facts §8.3 (BOTO CreateJobQueue): a job queue maps to at most 3 ordered compute environments."""
ATTEMPTS = (1, 10)
"""aws-facts §8.3 (BOTO; BATCH-UG): a job definition's retry strategy allows 1 to 10 attempts."""
MIN_TIMEOUT_S = 60
"""aws-facts §8.3 (BOTO; BATCH-UG): a job timeout is at least 60 s."""
ARRAY_SIZE = (2, 10_000)
"""aws-facts §8.3 (BATCH-UG ``array_jobs.md``): an array job has 2 to 10,000 children."""
MAX_CES = 3
"""Compute environments this lab simulates (a lab limit, not an AWS one)."""
MAX_QUEUES = 3
"""Job queues this lab simulates (a lab limit, not an AWS one)."""

RESOURCE_TYPES = ("EC2", "SPOT", "FARGATE", "FARGATE_SPOT")
STRATEGIES = ("BEST_FIT", "BEST_FIT_PROGRESSIVE", "SPOT_CAPACITY_OPTIMIZED", "SPOT_PRICE_CAPACITY_OPTIMIZED")
FARGATE_VCPUS = (0.25, 0.5, 1, 2, 4, 8, 16)
# Illustrative us-east-1 list prices as of 2026: USD per vCPU-hour (EC2/Spot: per provisioned
# vCPU, idle or not) and, for Fargate, per vCPU-hour + per GB-hour of running jobs only.
PRICES = {
    "EC2": (0.0425, 0.0),
    "SPOT": (0.0150, 0.0),
    "FARGATE": (0.04048, 0.004445),
    "FARGATE_SPOT": (0.01214, 0.001334),
}


@dataclass(frozen=True)
class ComputeEnvironment:
    """One compute environment."""

    name: str = "ce-ondemand"
    resource_type: str = "EC2"
    managed: bool = True
    min_vcpus: int = 0
    max_vcpus: int = 256
    allocation_strategy: str = "BEST_FIT_PROGRESSIVE"
    instance_vcpus: int = 16

    def __post_init__(self) -> None:
        check_choice("resource_type", self.resource_type, RESOURCE_TYPES)
        check_int("min_vcpus", self.min_vcpus, 0, 100_000)
        check_int("max_vcpus", self.max_vcpus, 1, 100_000)
        check_int("instance_vcpus", self.instance_vcpus, 1, 192)
        check_choice("allocation_strategy", self.allocation_strategy, STRATEGIES)
        if self.min_vcpus > self.max_vcpus:
            raise ValueError(f"{self.name}: min_vcpus {self.min_vcpus} must not exceed max_vcpus {self.max_vcpus}")
        if self.fargate and self.min_vcpus:
            raise ValueError(f"{self.name}: a Fargate compute environment has no min_vcpus (got {self.min_vcpus})")
        if self.allocation_strategy.startswith("SPOT_") and self.resource_type != "SPOT":
            raise ValueError(
                f"{self.name}: allocation_strategy {self.allocation_strategy} is for SPOT compute environments, "
                f"not {self.resource_type}"
            )

    @property
    def fargate(self) -> bool:
        """Fargate CEs run each job as a task: no instances to keep."""
        return self.resource_type.startswith("FARGATE")

    @property
    def spot(self) -> bool:
        """Spot capacity can be interrupted."""
        return self.resource_type in ("SPOT", "FARGATE_SPOT")


@dataclass(frozen=True)
class JobQueue:
    """A job queue, its compute environments (by index) and the job definition of its jobs."""

    name: str = "high"
    priority: int = 10
    compute_environments: tuple[int, ...] = (0,)
    submissions_per_h: float = 60.0
    array_size: int = 1
    vcpus: float = 1.0
    memory_mib: int = 2048
    duration_s: float = 300.0
    fail_p: float = 0.0
    attempts: int = 1
    timeout_s: int | None = None
    burst_at_s: float | None = None
    burst_arrays: int = 1

    def __post_init__(self) -> None:
        check_int("priority", self.priority, 0, 1000)
        n = len(self.compute_environments)
        if not 1 <= n <= MAX_CES_PER_QUEUE:
            raise ValueError(
                f"queue {self.name}: a job queue maps to 1 to {MAX_CES_PER_QUEUE} compute environments, got {n}"
            )
        if len(set(self.compute_environments)) != n:
            raise ValueError(f"queue {self.name}: compute environments must be distinct")
        check_range("submissions_per_h", self.submissions_per_h, 0, 100_000)
        if self.array_size != 1:
            check_int("array_size", self.array_size, *ARRAY_SIZE)
        check_range("vcpus", self.vcpus, 0.25, 96)
        check_int("memory_mib", self.memory_mib, 512, 122_880)
        check_range("duration_s", self.duration_s, 1, 7 * 86_400, unit="s")
        check_range("fail_p", self.fail_p, 0, 1)
        check_int("attempts", self.attempts, *ATTEMPTS)
        if self.timeout_s is not None:
            check_int("timeout_s", self.timeout_s, MIN_TIMEOUT_S, 14 * 86_400)
        if self.burst_at_s is not None:
            check_range("burst_at_s", self.burst_at_s, 0, 366 * 86_400, unit="s")
        check_int("burst_arrays", self.burst_arrays, 0, 100)


@dataclass(frozen=True)
class BatchConfig:
    """Compute environments, queues and the simulation grid."""

    compute_environments: tuple[ComputeEnvironment, ...] = (ComputeEnvironment(),)
    queues: tuple[JobQueue, ...] = (JobQueue(),)
    horizon_s: float = 4 * 3600.0
    dt_s: float = 10.0
    spot_interruptions_per_h: float = 0.1
    launch_s: float = 120.0
    fargate_start_s: float = 45.0
    scale_in_after_s: float = 300.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        TimeGrid(self.horizon_s, self.dt_s)
        check_range("spot_interruptions_per_h", self.spot_interruptions_per_h, 0, 10)
        check_range("launch_s", self.launch_s, 0, 3600, unit="s")
        check_range("fargate_start_s", self.fargate_start_s, 0, 3600, unit="s")
        check_range("scale_in_after_s", self.scale_in_after_s, 0, 3600, unit="s")
        ces, qs = self.compute_environments, self.queues
        if not 1 <= len(ces) <= MAX_CES:
            raise ValueError(f"this lab simulates 1 to {MAX_CES} compute environments, got {len(ces)}")
        if not 1 <= len(qs) <= MAX_QUEUES:
            raise ValueError(f"this lab simulates 1 to {MAX_QUEUES} job queues, got {len(qs)}")
        for q in qs:
            for i in q.compute_environments:
                if not 0 <= i < len(ces):
                    raise ValueError(f"queue {q.name}: compute environment #{i} does not exist")
            kinds = {ces[i].fargate for i in q.compute_environments}
            if len(kinds) > 1:
                raise ValueError(
                    f"queue {q.name}: its compute environments must be all EC2/Spot or all Fargate, not a mix"
                )
            biggest = max(ces[i].max_vcpus for i in q.compute_environments)
            if q.vcpus > biggest:
                raise ValueError(
                    f"queue {q.name}: a job needs {q.vcpus:g} vCPUs but its compute environments allow at most "
                    f"{biggest} (max_vcpus): its jobs would stay RUNNABLE forever"
                )
            if kinds == {True} and q.vcpus not in FARGATE_VCPUS:
                raise ValueError(f"queue {q.name}: Fargate jobs take {FARGATE_VCPUS} vCPUs, got {q.vcpus:g}")
            if kinds == {False} and not float(q.vcpus).is_integer():
                raise ValueError(f"queue {q.name}: EC2/Spot jobs take whole vCPUs, got {q.vcpus:g}")

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def priority_order(self) -> list[int]:
        """Queue indices, highest priority first (ties keep their order)."""
        return sorted(range(len(self.queues)), key=lambda i: -self.queues[i].priority)

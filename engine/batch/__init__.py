"""AWS Batch lab: compute environments, prioritised job queues, job definitions, array jobs and
Spot interruptions, simulated in fixed time steps by one compiled kernel.

From a notebook::

    >>> from engine.batch import BatchConfig, JobQueue, simulate
    >>> r = simulate(BatchConfig(queues=(JobQueue("hi", 10), JobQueue("lo", 1, array_size=500)), horizon_s=3600.0))
    >>> sorted(r.extra), list(r.summary.columns[:3])
    (['ces', 'queues'], ['jobs_submitted', 'jobs_succeeded', 'jobs_failed'])

Modules: :mod:`~engine.batch.config` (settings, limits, prices), :mod:`~engine.batch.layout`
(kernel arrays and event kinds), :mod:`~engine.batch.kernel` (the time loop),
:mod:`~engine.batch.run` (``simulate``), :mod:`~engine.batch.explain` (event sentences).
"""

from __future__ import annotations

from engine.batch.config import (
    ARRAY_SIZE,
    ATTEMPTS,
    FARGATE_VCPUS,
    MAX_CES,
    MAX_CES_PER_QUEUE,
    MAX_QUEUES,
    MIN_TIMEOUT_S,
    PRICES,
    RESOURCE_TYPES,
    STRATEGIES,
    BatchConfig,
    ComputeEnvironment,
    JobQueue,
)
from engine.batch.run import CES, QUEUES, SCHEMA, SUMMARY, simulate, simulate_many, warmup

__all__ = [
    "ARRAY_SIZE",
    "ATTEMPTS",
    "CES",
    "FARGATE_VCPUS",
    "MAX_CES",
    "MAX_CES_PER_QUEUE",
    "MAX_QUEUES",
    "MIN_TIMEOUT_S",
    "PRICES",
    "QUEUES",
    "RESOURCE_TYPES",
    "SCHEMA",
    "STRATEGIES",
    "SUMMARY",
    "BatchConfig",
    "ComputeEnvironment",
    "JobQueue",
    "simulate",
    "simulate_many",
    "warmup",
]

"""EMR lab: a cluster of master, core and task nodes running a job of steps (the course notes'
word count); Amdahl's law, managed scaling with a core cap, Spot task vs core nodes.

From a notebook::

    >>> from engine.emr import EmrConfig, amdahl_runtime_s, simulate, word_count
    >>> r = simulate(EmrConfig(core_nodes=4, task_nodes=6), seed=0)
    >>> float(r.summary["finish_s"].iloc[0]) >= amdahl_runtime_s(word_count(), 10)
    True

Modules: :mod:`~engine.emr.config` (the job, the cluster, prices), :mod:`~engine.emr.amdahl`
(the runtime formula), :mod:`~engine.emr.components` (what runs where), :mod:`~engine.emr.layout`
(kernel arrays and event kinds), :mod:`~engine.emr.kernel` (the time loop),
:mod:`~engine.emr.run` (``simulate``), :mod:`~engine.emr.explain` (event sentences).
"""

from __future__ import annotations

from engine.emr.amdahl import amdahl_runtime_s
from engine.emr.components import COMPONENTS
from engine.emr.config import (
    MANAGED_EXAMPLE,
    MARKETS,
    MASTER_NODES,
    MAX_JOB_STEPS,
    PRICES,
    REPLICATION,
    EmrConfig,
    JobStep,
    replication_for,
    word_count,
)
from engine.emr.run import SCHEMA, SUMMARY, simulate, simulate_many, warmup

__all__ = [
    "COMPONENTS",
    "MANAGED_EXAMPLE",
    "MARKETS",
    "MASTER_NODES",
    "MAX_JOB_STEPS",
    "PRICES",
    "REPLICATION",
    "SCHEMA",
    "SUMMARY",
    "EmrConfig",
    "JobStep",
    "amdahl_runtime_s",
    "replication_for",
    "simulate",
    "simulate_many",
    "warmup",
    "word_count",
]

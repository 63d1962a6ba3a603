"""The AWS Batch kernel's array layouts and event kinds, declared once.

Parameters come in per-scenario rows: ``ce_int``/``ce_float`` ``[S, C, …]`` (one row per compute
environment, int and float slots apart so counts stay integers), ``q_int``/``q_float``
``[S, Q, …]`` per job queue. Outputs: ``out_q [S, T, Q, QOUT]`` job counts per queue (the names
are the ``queues`` frame's columns), ``out_ce [S, T, C, CEOUT]`` vCPUs per compute environment
(the ``ces`` frame's columns) and ``out_cost [S, T]``.

>>> CI.LAUNCH, QOUT.RUNNING, FINISH.TIMEOUT
(3, 2, 1)
>>> KINDS.tag(EV.INTERRUPT), KINDS.payload(EV.TIMEOUT)
('spot_interruption', ('queue', 'jobs', 'ce'))
"""

from __future__ import annotations

from engine.batch.config import ATTEMPTS, MAX_CES_PER_QUEUE
from engine.kernel.events import EventKinds
from engine.kernel.layout import slots

__all__ = [
    "BIN_FACTORS",
    "BIN_P",
    "CEOUT",
    "CF",
    "CI",
    "EV",
    "EVENT_CAP",
    "FINISH",
    "KINDS",
    "MAX_ATTEMPTS",
    "N_BINS",
    "QF",
    "QI",
    "QOUT",
    "QUEUE_CES",
]

CI = slots("CeInts", "PRESENT MANAGED FARGATE LAUNCH IDLE_STEPS")
"""Per compute environment: present, managed, Fargate (flags), launch delay and surplus steps
before scale-in (steps)."""
CF = slots("CeFloats", "MIN MAX STEP_CAP INT_RATE INST PER_VCPU PER_GB")
"""Per compute environment: min and max vCPUs, vCPUs launched per step at most, Spot
interruptions per instance per step, vCPUs per instance, USD per vCPU per step (EC2/Spot: per
provisioned vCPU; Fargate: per vCPU of a running job) and, for Fargate, USD per GB of a running
job per step: a job is billed at the prices of the CE it runs on."""
QI = slots("QueueInts", "PRESENT ATTEMPTS")
"""Per job queue: present (flag), attempts of its retry strategy."""
QF = slots("QueueFloats", "VCPU MEM_GB FAIL")
"""Per job queue: vCPUs and GB of memory per job, failure probability per attempt."""
QOUT = slots("QueueOut", "SUBMITTED RUNNABLE RUNNING SUCCEEDED FAILED INTERRUPTED TIMED_OUT")
"""Per queue and step: jobs in each state (SUCCEEDED, FAILED so far), jobs Spot-interrupted in the
step, and the FAILED ones that were stopped by their timeout (so far)."""
CEOUT = slots("CeOut", "VCPUS VCPUS_USED")
"""Per compute environment and step: vCPUs provisioned and used."""
FINISH = slots("Finish", "NORMAL TIMEOUT")
"""How an attempt in the kernel's finishing ring ends: normally (then succeeds or fails) or by its timeout."""

QUEUE_CES = MAX_CES_PER_QUEUE
"""Length of a queue's ordered compute-environment list ``q_ces [S, Q, QUEUE_CES]`` (-1 = none)."""
MAX_ATTEMPTS = ATTEMPTS[1]
"""Attempt cells the kernel keeps per queue (a job's attempt number is its cell)."""
BIN_FACTORS = (0.75, 1.0, 1.25)
"""Job durations vary ±25 % in three bins (illustrative): ``q_bin_steps [S, Q, N_BINS]``."""
BIN_P = (0.25, 0.5, 0.25)
"""Share of the jobs in each duration bin."""
N_BINS = len(BIN_FACTORS)
EVENT_CAP = 4000
"""Events one scenario keeps (a run past it gets a ``truncated`` event)."""

KINDS = EventKinds(
    "Batch",
    SCALE_OUT=("scale_out", ("ce", "frm", "to")),
    SCALE_IN=("scale_in", ("ce", "frm", "to")),
    INTERRUPT=("spot_interruption", ("ce", "vcpus", "jobs")),
    TIMEOUT=("timeout", ("queue", "jobs", "ce")),
    UNPLACEABLE=("unplaceable", ("queue", "vcpus", "largest")),
)
EV = KINDS.codes

"""The EMR kernel's array layouts and event kinds, declared once.

Parameters: ``step [S, K, STEP]`` one row per job step, ``cluster [S, CL]`` one row per
scenario. Outputs: ``out [S, T, OUT]`` (the frame's node columns by the same names; the work
columns are in node-seconds, the frame shows node-hours) and ``finish [S]`` (s, -1 = unfinished).

>>> STEP.SERIAL, CL.LAUNCH, OUT.HDFS_GB
(1, 6, 5)
>>> KINDS.tag(EV.DONE), KINDS.payload(EV.CORE_LOST)
('job_done', ('nodes', 'redo_s', 'lost_gb', 'left', 'step'))
"""

from __future__ import annotations

from engine.kernel.events import EventKinds
from engine.kernel.layout import slots

__all__ = ["CL", "EV", "EVENT_CAP", "KINDS", "OUT", "STEP"]

STEP = slots("StepParams", "WORK SERIAL OUT_GB")
"""Per job step: single-node seconds of work, serial fraction, HDFS GB it writes."""
CL = slots(
    "ClusterParams",
    "CORE0 TASK0 MANAGED MIN_U MAX_U CORE_CAP LAUNCH CORE_LOSS TASK_LOSS REPLICATION CONTAINER_S "
    "CONTAINERS_PER_NODE REREP_S_PER_GB IDLE_STEPS",
)
"""Per scenario: core and task nodes at start, managed scaling (flag) and its min, max and core
cap units, launch delay (steps), Spot losses per core and task node per step (0 if on-demand),
HDFS replication, node-seconds a task node's running containers hold, containers per node,
node-seconds to copy one GB of blocks, steps of wanting fewer nodes before scaling in."""
OUT = slots("EmrOut", "CORE_NODES TASK_NODES PENDING_NODES JOB_STEP WORK_LEFT_S HDFS_GB REREPLICATION_S RECOMPUTED_S")
"""Per step: core, task and launching nodes, the running job step, single-node seconds of work
left, GB in HDFS, node-seconds of block copies to do, node-seconds redone so far."""
EVENT_CAP = 2000
"""Events one scenario keeps (a run past it gets a ``truncated`` event)."""

KINDS = EventKinds(
    "Emr",
    STEP=("step", ("step", "nodes")),
    DONE=("job_done", ("nodes",)),
    SCALE_OUT=("scale_out", ("have", "want", "add_core")),
    SCALE_IN=("scale_in", ("drop_task", "drop_core", "want")),
    CORE_LOST=("core_lost", ("nodes", "redo_s", "lost_gb", "left", "step")),
    TASK_LOST=("task_lost", ("nodes", "redo_s")),
)
EV = KINDS.codes

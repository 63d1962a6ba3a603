"""The DynamoDB kernel's arrays and events, declared once.

The packer (:mod:`engine.dynamodb.simulation`) fills the parameter rows by these slot names, the
kernel (:mod:`engine.dynamodb.kernel`) indexes them by name, the frame builder
(:mod:`engine.dynamodb.results`) reads the outputs by the same names (output slots are the frame's
column names, upper-cased) and the sentences (:mod:`engine.dynamodb.explain`) read event payloads
by name.

Arrays (``S`` scenarios, ``T`` one-second steps, ``NB`` per-partition buckets):

* ``par[S, PAR]``: one parameter row per scenario (flags are 0/1).
* ``load[S, DIM, T]``: reads and writes offered per second; ``change[S, DIM, T]``: a manual
  UpdateTable target (NaN where none).
* ``out[S, OUT, T]``: one row per frame column.
* ``buckets[S, BUCKET, NB, MAX_PARTITIONS]``: per-partition sums per bucket (demand,
  throttling) and the partition's shares at the bucket's end (keys, capacity).
* the auto-scaling state ``sc[SC]`` inside the kernel (one for the table, one for the GSI: each
  has its own decrease budget, aws-facts §3.3); events ``ev[S, MAX_EVENTS, EVENT_WIDTH]``.

>>> OUT.PARTITIONS, PROVISIONED[DIM.WCU] == OUT.PROVISIONED_WCU
(12, True)
>>> KINDS.tag(EV.HEAT_SPLIT), KINDS.payload(EV.THROTTLE_END)
('split', ('duration_s', 'throttled', 'at_end'))
>>> DIMENSION_NAMES[GSI_DIM]
'GSI WCU'
"""

from __future__ import annotations

from engine.kernel.events import EventKinds
from engine.kernel.layout import slots

__all__ = [
    "BUCKET",
    "BUCKET_SUMS",
    "CAUSE",
    "CONSUMED",
    "DIM",
    "DIMENSION_NAMES",
    "EV",
    "GSI_DIM",
    "KINDS",
    "MAX_CAPACITY",
    "MAX_EVENTS",
    "MAX_PARTITIONS",
    "MIN_CAPACITY",
    "N_DIM",
    "OUT",
    "PAR",
    "PROVISIONED",
    "RULE",
    "SC",
    "SPLIT_WHY",
    "START_CAPACITY",
]

MAX_PARTITIONS = 256
"""Partition slots per scenario (the config keeps splits for capacity and size well below)."""
MAX_EVENTS = 4000
"""Event rows per scenario; a run past it gets a ``truncated`` event."""

DIM = slots("Dimension", "RCU WCU")
"""The two capacity dimensions of the table: reads (RCU) and writes (WCU)."""
N_DIM = len(DIM)
GSI_DIM = N_DIM
"""The ``dimension`` code events give the GSI's write capacity (after the table's two)."""
DIMENSION_NAMES = (*DIM._fields, "GSI WCU")
"""What each ``dimension`` code of an event names: ``RCU``, ``WCU`` (the table), ``GSI WCU``."""

PAR = slots(
    "DynamoParams",
    "ON_DEMAND RCU WCU RCU_PER_READ WCU_PER_WRITE STORAGE_GB GROWTH_GB_PER_S BURST ADAPTIVE HEAT "
    "AUTOSCALING TARGET MIN_RCU MAX_RCU MIN_WCU MAX_WCU DELAY_S ZERO_HOLD PIN GSI GSI_WCU "
    "GSI_AUTOSCALING GSI_TARGET GSI_MIN_WCU GSI_MAX_WCU DAX BUCKET_S N_KEYS",
)
"""A scenario's parameters: capacities at the start, unit costs, storage, switches, auto-scaling
bounds (``TARGET`` a fraction), the GSI (its write capacity and its own target tracking), DAX,
the partition bucket and the key count."""
START_CAPACITY = (PAR.RCU, PAR.WCU)
MIN_CAPACITY = (PAR.MIN_RCU, PAR.MIN_WCU)
MAX_CAPACITY = (PAR.MAX_RCU, PAR.MAX_WCU)

OUT = slots(
    "DynamoOutputs",
    "PROVISIONED_RCU PROVISIONED_WCU CONSUMED_RCU CONSUMED_WCU READ_REQUESTS WRITE_REQUESTS DAX_HITS "
    "THROTTLED_READS THROTTLED_WRITES GSI_THROTTLED_WRITES GSI_PROVISIONED_WCU GSI_CONSUMED_WCU PARTITIONS "
    "STORAGE_GB",
)
"""Per-second outputs; each is the frame column of the same name."""
PROVISIONED = (OUT.PROVISIONED_RCU, OUT.PROVISIONED_WCU)
CONSUMED = (OUT.CONSUMED_RCU, OUT.CONSUMED_WCU)

BUCKET = slots("PartitionBuckets", "READ_DEMAND WRITE_DEMAND THROTTLED KEY_SHARE CAPACITY_SHARE")
"""Per partition and bucket: sums of read demand (RCU), write demand (WCU) and requests throttled;
the partition's share of the table's keys and of its provisioned capacity at the bucket's end."""
BUCKET_SUMS = (BUCKET.READ_DEMAND, BUCKET.WRITE_DEMAND, BUCKET.THROTTLED)
"""The bucket slots that are sums over the bucket's seconds (the others are end-of-bucket values)."""

SC = slots("ScalingState", "DECREASES_TODAY FIRST_DECREASE_T LAST_DECREASE_T ZERO_MINUTES PINNED")
"""Auto-scaling state of the table (or of the GSI): decreases made this UTC day, when the first and
the last of them were, minutes of zero traffic in a row, and whether workaround 2 (max = min) is
in force."""

CAUSE = slots("ThrottleCause", "PARTITION GSI ON_DEMAND TABLE")
"""Why a throttling burst started: one partition over its share, GSI back-pressure, the on-demand
limit (a multiple of the previous peak), or the table as a whole over capacity."""
RULE = slots("DecreaseRule", "ALLOWED FIRST_HOUR HOURLY DAILY")
"""The decrease-budget rule that refused a decrease (``ALLOWED``: none did)."""
SPLIT_WHY = slots("SplitReason", "CAPACITY SIZE OVER_LIMIT")
"""Why a partition split: the formula's capacity term, its size term, or (the formula's count
reached) a partition whose share of the table is more than one partition supports."""

KINDS = EventKinds(
    "Dynamo",
    SPLIT=("split", ("slot", "new_slot", "why", "needed", "rcu", "wcu", "storage_gb", "share")),
    HEAT_SPLIT=("split", ("slot", "new_slot", "partitions", "read_demand", "write_demand", "lo", "hi")),
    MANUAL=("manual_update", ("dimension", "frm", "to", "delay_s")),
    SCALE=("scaling", ("dimension", "frm", "to", "utilisation", "workaround", "delay_s")),
    DONE=("update_done", ("dimension", "frm", "to")),
    REFUSED=("decrease_refused", ("dimension", "frm", "to", "rule", "by_autoscaling", "decreases_today")),
    ZERO_HOLD=("zero_traffic_hold", ("dimension", "provisioned", "minimum")),
    ZERO_COUNTED=("zero_traffic", ("dimension", "provisioned", "minimum")),
    THROTTLE=("throttle", ("slot", "dimension", "demand", "share", "table_utilisation", "cause", "lo", "hi")),
    THROTTLE_END=("throttle_end", ("duration_s", "throttled", "at_end")),
    PIN=("workaround", ("min_rcu", "min_wcu", "rcu", "wcu")),
    UNPIN=("workaround", ("max_rcu", "max_wcu")),
)
"""Every event the kernel records. ``slot`` is a partition slot (its name is given by the
sentences: splits name partitions by lineage), ``dimension`` a :data:`DIMENSION_NAMES` index,
``lo``/``hi`` a partition's hash range, ``cause`` a :data:`CAUSE`, ``rule`` a :data:`RULE`,
``why`` a :data:`SPLIT_WHY`, ``share`` the split partition's share of the keys before it split
(in ``THROTTLE``: the partition's capacity in that dimension).
A GSI-caused ``THROTTLE`` carries the index's write demand and capacity in ``demand``/``share``."""
EV = KINDS.codes

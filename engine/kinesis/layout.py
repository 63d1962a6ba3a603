"""The Kinesis kernels' arrays and events, declared once: the packer, the kernels, the frame builder
and the event sentences all read these names.

Stream kernel (:mod:`engine.kinesis.kernel`), per scenario ``s``:

* ``p[s, P.*]``: parameters (float64), packed from a config by :func:`engine.kinesis.run.params`;
* ``out[s, t, OUT.*]``: stream outputs per step (float64): counts per step for the record flows,
  levels for the rest; slot names are the frame's column names;
* ``meta[s, i, SHARD.*]`` (int64) and ``hashes[s, i, HASH.*]`` (uint64): shard ``i``'s key
  positions, state, lifetime, parents and exact 128-bit hash range;
* ``act[s, a, ACT.*]`` (int64): the scheduled reshards; ``ops[q, OP.*]``: reshards under way;
* ``ev[s]`` with ``n_ev[s]``: the event buffer, kinds :data:`KINDS` (``EV`` are their codes).

Firehose kernel (:mod:`engine.kinesis.firehose`): ``out[t, FH.*]`` and why a step delivered
(:data:`DELIVERED_BY`).

>>> OUT.ACCEPTED_RECORDS, SHARD.STATE, STATE.CLOSED, RESHARD.MERGE
(2, 2, 2, 2)
>>> KINDS.tag(EV.SPLIT_DONE), KINDS.payload(EV.SPLIT_DONE)
('split', ('shard', 'child', 'child2'))
"""

from __future__ import annotations

from engine.kernel.events import EventKinds
from engine.kernel.layout import slots

__all__ = [
    "ACT",
    "AUTO_MERGE",
    "AUTO_SPLIT",
    "BY",
    "DELIVERED_BY",
    "EMPTY",
    "EV",
    "EVENT_CAP",
    "FH",
    "HASH",
    "KINDS",
    "MAX_OPS",
    "OP",
    "OUT",
    "RESHARD",
    "SHARD",
    "STATE",
    "USC_HISTORY",
    "P",
]

P = slots(
    "KinesisParams",
    "DT BYTES_PER_RECORD RECORD_CAP BYTE_CAP RESHARD_STEPS HIGH_PCT LOW_PCT COOLDOWN_STEPS EVAL_STEPS "
    "READ_RECORDS READ_BYTES RETENTION_STEPS QUOTA STREAM_MAX USC_CALLS ON_DEMAND OD_LAG_STEPS ATTEMPTS AUTO "
    "DAY_STEPS OD_SPLIT_BYTES OD_SPLIT_RECORDS USC_FACTOR MAX_SHARDS BUCKET_BYTES",
)
"""Kernel parameters of one scenario. ``RECORD_CAP``/``BYTE_CAP``: a shard's write limits (user
records/s, bytes/s); ``*_STEPS``: durations in steps; ``QUOTA``/``STREAM_MAX``/``USC_CALLS``/
``USC_FACTOR``: the UpdateShardCount rules; ``ON_DEMAND``/``AUTO``: 1.0 when on;
``MAX_SHARDS``: shard ids this scenario's tables hold (the batch may allot more);
``OD_SPLIT_BYTES``/``OD_SPLIT_RECORDS``: per-second loads above which on-demand mode splits a
shard; ``BUCKET_BYTES``: the depth of each shard's write byte bucket (refilled at ``BYTE_CAP``)."""

OUT = slots(
    "StreamOut",
    "PRODUCED_RECORDS RETRIED_RECORDS ACCEPTED_RECORDS THROTTLED_RECORDS LOST_RECORDS PENDING_RETRIES SHARDS "
    "READ_RECORDS EXPIRED_RECORDS UNREAD_RECORDS ITERATOR_AGE_S MAX_UTILIZATION_PCT WRITE_CAPACITY_RECORDS",
)
"""Stream outputs per step. The ``*_RECORDS`` flows (produced … expired) are records in the step
(the frame divides them by ``dt_s``); ``PENDING_RETRIES``/``UNREAD_RECORDS`` are records,
``SHARDS`` open shards, ``WRITE_CAPACITY_RECORDS`` records/s."""

SHARD = slots("ShardMeta", "KEY_START KEY_END STATE OPENED CLOSED PARENT PARENT2")
"""Per shard id: its keys are sorted positions ``KEY_START … KEY_END - 1``; ``STATE``
(:data:`STATE`); ``OPENED``/``CLOSED`` steps (``CLOSED`` −1 while open); parents (−1: none)."""

HASH = slots("ShardHash", "START_HI START_LO END_HI END_LO")
"""Per shard id: the exact 128-bit hash range, as (high, low) uint64 halves, both ends included."""

ACT = slots("Action", "STEP KIND SHARDS OFFSET")
"""A scheduled reshard: its step, its :data:`RESHARD` kind, the UpdateShardCount target and the
offset of that target's even starting hash keys in the scenario's table (−1 rows: none)."""

OP = slots("ReshardOp", "KIND SHARD OTHER DONE")
"""A reshard under way: kind (−1: free row), the shard split or the first of a merged pair, the
second of the pair (or, for UpdateShardCount, its :data:`ACT` row), the step it completes."""

STATE = slots("ShardState", "NONE OPEN CLOSED EXPIRED")
"""Shard states: OPEN takes writes; CLOSED is readable, no writes; EXPIRED after retention."""

RESHARD = slots("ReshardKind", "NONE SPLIT MERGE UPDATE")
"""Reshard kinds (``UPDATE`` = UpdateShardCount)."""

BY = slots("Initiator", "SCHEDULE RULE ON_DEMAND")
"""Who started a split or merge: the schedule, the automatic rule, on-demand mode."""

EMPTY = -1
"""A free :data:`OP` row, or no shard."""
AUTO_SPLIT, AUTO_MERGE = -1, -2
"""What the automatic rule asks for, beside the indices of scheduled :data:`ACT` rows."""

MAX_OPS = 64
"""Reshards under way at once (rows of the kernel's ``ops`` table)."""
USC_HISTORY = 32
"""UpdateShardCount call times remembered (more than any edition allows per 24 h)."""
EVENT_CAP = 4_096
"""Events one scenario records; more give one ``truncated`` event."""

_REFUSAL = ("shard", "open_shards", "target", "op")
KINDS = EventKinds(
    "Kinesis",
    SPLIT_START=("split", ("shard", "utilization_pct", "duration_s", "by")),
    SPLIT_DONE=("split", ("shard", "child", "child2")),
    MERGE_START=("merge", ("shard", "other", "utilization_pct", "by")),
    MERGE_DONE=("merge", ("shard", "other", "child")),
    USC_START=("reshard", ("from_shards", "to_shards", "call")),
    USC_DONE=("reshard", ("closed", "opened")),
    NO_QUOTA=("refused", _REFUSAL),
    BUSY=("refused", _REFUSAL),
    NO_CALLS=("refused", _REFUSAL),
    BAD_FACTOR=("refused", _REFUSAL),
    ONE_KEY=("refused", _REFUSAL),
    TABLE_FULL=("refused", ("shard", "max_shards")),
    EXPIRY=("expiry", ("shard", "records", "retention_s")),
    SHARD_EXPIRED=("expiry", ("shard", "retention_s")),
    NO_PAIR=("refused", _REFUSAL),
)
"""The stream kernel's events. Refusals carry the shard (−1: none), the open shards, the target
(UpdateShardCount's, else the quota) and the :data:`RESHARD` kind refused."""
EV = KINDS.codes

FH = slots("FirehoseOut", "BUFFER_MB DELIVERED_MB DELIVERIES REASON")
"""Firehose outputs per step: buffer left (MiB), delivered (MiB), batches, :data:`DELIVERED_BY`."""
DELIVERED_BY = slots("DeliveredBy", "NOTHING SIZE INTERVAL BOTH")
"""Why a Firehose step delivered: the size hint, the interval, or both (``SIZE | INTERVAL``)."""

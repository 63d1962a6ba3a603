"""Kinesis Data Streams: shards and their limits, MD5 key placement, hot shards, resharding,
consumers and retention, with Firehose buffering and Analytics windows downstream (aws-facts
§2, §9; course notes "AWS Kinesis").

    >>> from engine import kinesis
    >>> kinesis.shard_for_key("user-000042", 4)
    0
    >>> r = kinesis.simulate(kinesis.KinesisConfig(shards=4, popularity="hot", hot_pct=40, horizon_s=60), 3500)
    >>> r.frame[["accepted_records", "throttled_records"]].iloc[0].round().tolist()
    [2619.0, 879.0]
    >>> r.summary[["accepted_pct", "max_shards"]].round(1).values.tolist()
    [[74.9, 4.0]]
    >>> many = kinesis.simulate_many([kinesis.KinesisConfig(shards=n, horizon_s=60) for n in (2, 4)], 3500)
    >>> many.summary["throttled_records_total"].round().tolist()
    [354006.0, 0.0]
    >>> fh = kinesis.firehose(kinesis.FirehoseConfig(), r)
    >>> bool(fh.frame["buffer_mb"].iloc[-1] > 0)
    True

Where things are: :mod:`~engine.kinesis.limits` (the documented numbers, each with its
aws-facts section), :mod:`~engine.kinesis.config` (``KinesisConfig``), :mod:`~engine.kinesis.hashing`
(MD5 and exact 128-bit ranges), :mod:`~engine.kinesis.layout` (the kernels' named arrays and
event kinds), :mod:`~engine.kinesis.kernel` and :mod:`~engine.kinesis.resharding` (the compiled
time loop), :mod:`~engine.kinesis.run` (``simulate``, ``simulate_many``),
:mod:`~engine.kinesis.frames` (result schemas), :mod:`~engine.kinesis.explain` (event sentences),
:mod:`~engine.kinesis.firehose` and :mod:`~engine.kinesis.analytics`.
"""

from __future__ import annotations

from engine.kinesis.analytics import analytics_sql, windowed
from engine.kinesis.config import SIM_MAX_SHARDS, KinesisConfig
from engine.kinesis.firehose import FIREHOSE_FRAME, FirehoseConfig, firehose
from engine.kinesis.frames import FRAME, SHARD_FRAME, SUMMARY
from engine.kinesis.hashing import hash_key, shard_for_key
from engine.kinesis.limits import (
    AGGREGATE_BYTES,
    EDITION,
    MAX_CONSUMERS,
    MIB,
    READ_BYTES_PER_S,
    READ_CALLS_PER_S,
    RECORDS_PER_CALL,
    WRITE_BYTES_PER_S,
    WRITE_RECORDS_PER_S,
)
from engine.kinesis.run import simulate, simulate_many

__all__ = [
    "AGGREGATE_BYTES",
    "EDITION",
    "FIREHOSE_FRAME",
    "FRAME",
    "MAX_CONSUMERS",
    "MIB",
    "READ_BYTES_PER_S",
    "READ_CALLS_PER_S",
    "RECORDS_PER_CALL",
    "SHARD_FRAME",
    "SIM_MAX_SHARDS",
    "SUMMARY",
    "WRITE_BYTES_PER_S",
    "WRITE_RECORDS_PER_S",
    "FirehoseConfig",
    "KinesisConfig",
    "analytics_sql",
    "firehose",
    "hash_key",
    "shard_for_key",
    "simulate",
    "simulate_many",
    "warmup",
    "windowed",
]


def warmup() -> None:
    """Compile the kernels (stream and Firehose) on a tiny input; numba caches them on disk."""
    stream = simulate(KinesisConfig(horizon_s=10.0, n_keys=10, auto_reshard=True, splits_at_s=(2.0,)), 100.0)
    firehose(FirehoseConfig(), stream)

"""The documented Kinesis numbers, each defined once with its aws-facts.md section.

Every sentence, validation message and kernel parameter that states one of these numbers formats
it from here. Numbers that are settings of this simulator, not AWS facts, live in
:mod:`engine.kinesis.config` beside the fields they bound.

>>> f"{WRITE_RECORDS_PER_S:,} records/s and {WRITE_BYTES_PER_S / MIB:g} MiB/s per shard"
'1,000 records/s and 1 MiB/s per shard'
>>> EDITION["course"].usc_calls, EDITION["aws-today"].usc_calls
(2, 10)
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "AGGREGATE_BYTES",
    "EDITION",
    "FIREHOSE_BUFFER_MB",
    "FIREHOSE_DEFAULT_BUFFER_MB",
    "FIREHOSE_DEFAULT_INTERVAL_S",
    "FIREHOSE_DESTINATIONS",
    "FIREHOSE_MAX_INTERVAL_S",
    "MAX_CONSUMERS",
    "MIB",
    "ON_DEMAND_SPLIT_BYTES_PER_S",
    "ON_DEMAND_SPLIT_LAG_S",
    "ON_DEMAND_SPLIT_RECORDS_PER_S",
    "ON_DEMAND_START_SHARDS",
    "PARTITION_KEY_CHARS",
    "READ_BYTES_PER_S",
    "READ_CALLS_PER_S",
    "RECORDS_PER_CALL",
    "RETENTION_MIN_H",
    "USC_FACTOR",
    "USC_WINDOW_S",
    "WRITE_BYTES_PER_S",
    "WRITE_RECORDS_PER_S",
    "Edition",
]

MIB = 1_048_576
"""Bytes in a MiB."""

# --- Kinesis Data Streams, aws-facts §2.1 ---
WRITE_RECORDS_PER_S = 1_000
"""Records/s one shard accepts (§2.1); a single partition key is capped at the same."""
WRITE_BYTES_PER_S = MIB
"""Bytes/s one shard accepts, partition keys included (§2.1: "1 MB/s"). Records are accepted or
throttled whole against a per-shard byte bucket refilled at this rate; the bucket holds one second
of it, or one record when a record is larger (AWS today's large records, up to 10 MiB, "burst"
beyond the sustained rate and then return to it: §2.1, docs ``large-records.html``)."""
READ_BYTES_PER_S = 2 * MIB
"""Read bytes/s per shard: shared by the classic consumers, or per enhanced fan-out consumer (§2.1)."""
READ_CALLS_PER_S = 5
"""GetRecords calls/s per shard, shared by the classic consumers (§2.1)."""
RECORDS_PER_CALL = 10_000
"""Records one GetRecords call returns at most (§2.1)."""
MAX_CONSUMERS = 20
"""Registered (enhanced fan-out) consumers per stream (§2.1)."""
AGGREGATE_BYTES = 51_200
"""A KPL aggregated record: about 50 KB (§2.1, AWS's example of 1,000 × 512 B → 10 records)."""
PARTITION_KEY_CHARS = (1, 256)
"""Length of a partition key, in characters (§2.1)."""
RETENTION_MIN_H = 24
"""Shortest (and default) retention period, hours (§2.1)."""
USC_FACTOR = 2
"""UpdateShardCount goes to at most ×2 and at least ×½ the open shards per call (§2.1)."""
USC_WINDOW_S = 86_400.0
"""UpdateShardCount calls are counted over a rolling 24 h (§2.1, §9)."""
ON_DEMAND_START_SHARDS = 4
"""An on-demand stream starts at 4 MB/s of writes: 4 shards' worth (§2.1)."""
ON_DEMAND_SPLIT_BYTES_PER_S = 500 * 1024
"""On-demand mode splits a shard that sees more than 500 KB/s (§2.1), read as KiB like the sheet's
"1 MB/s" write limit (:data:`WRITE_BYTES_PER_S`). This used to be 50 % of the shard's binding
limit, i.e. 512 KiB/s when bytes bind: 2.4 % above the documented figure."""
ON_DEMAND_SPLIT_RECORDS_PER_S = WRITE_RECORDS_PER_S // 2
"""...or more than 500 records/s. The fact sheet gives only the byte figure; half the 1,000 rec/s
limit, the same share as 500 KB of 1 MB, is this simulator's assumption, so that a stream of small
records (bound by the record count, not bytes) also splits."""
ON_DEMAND_SPLIT_LAG_S = 900.0
"""...within about 15 min (§2.1, §10)."""

# --- Kinesis Data Firehose, aws-facts §2.2 ---
FIREHOSE_BUFFER_MB = (1, 128)
"""``BufferingHints.SizeInMBs`` range, MiB (§2.2)."""
FIREHOSE_DEFAULT_BUFFER_MB = 5.0
"""Default buffer size, MiB (§2.2)."""
FIREHOSE_DEFAULT_INTERVAL_S = 300.0
"""Default ``IntervalInSeconds`` (§2.2)."""
FIREHOSE_MAX_INTERVAL_S = 900.0
"""Longest ``IntervalInSeconds`` (§2.2); the shortest depends on the edition (§9)."""
FIREHOSE_DESTINATIONS = ("S3", "Redshift", "OpenSearch", "Splunk", "HTTP endpoint")
"""Destinations this lab offers (§2.2)."""


class Edition(NamedTuple):
    """The numbers that differ between the course notes and AWS today (aws-facts §2.1, §2.2, §9)."""

    quota: int
    """Account shard quota (big three Regions)."""
    stream_max: int
    """Shards per stream that UpdateShardCount may reach."""
    usc_calls: int
    """UpdateShardCount calls per rolling 24 h."""
    retention_max_h: int
    """Longest retention, hours."""
    record_max_bytes: int
    """Largest record payload, bytes."""
    firehose_min_interval_s: int
    """Shortest Firehose buffer interval, seconds."""


EDITION: dict[str, Edition] = {
    "course": Edition(
        quota=500, stream_max=500, usc_calls=2, retention_max_h=168, record_max_bytes=MIB, firehose_min_interval_s=60
    ),
    "aws-today": Edition(
        quota=20_000,
        stream_max=10_000,
        usc_calls=10,
        retention_max_h=8_760,
        record_max_bytes=10 * MIB,
        firehose_min_interval_s=0,
    ),
}
"""Each rules edition's numbers, by edition key."""

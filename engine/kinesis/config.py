"""Kinesis Data Streams settings: :class:`KinesisConfig`, its validation and derived values.

The documented numbers it checks against (per-shard limits, the two editions' quotas,
retention, UpdateShardCount) are defined in :mod:`engine.kinesis.limits`; the bounds below that
are not AWS numbers are this simulator's own and say so.

>>> cfg = KinesisConfig(shards=1, record_size_bytes=100)
>>> cfg.bytes_per_record, cfg.binding_limit, cfg.shard_write_records
(111, 'records', 1000)
>>> KinesisConfig(shards=600)
Traceback (most recent call last):
...
ValueError: shards must be between 1 and 500, got 600
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.kinesis.hashing import KEY_DIGITS
from engine.kinesis.limits import (
    AGGREGATE_BYTES,
    EDITION,
    MAX_CONSUMERS,
    ON_DEMAND_START_SHARDS,
    READ_BYTES_PER_S,
    READ_CALLS_PER_S,
    RECORDS_PER_CALL,
    RETENTION_MIN_H,
    WRITE_BYTES_PER_S,
    WRITE_RECORDS_PER_S,
)
from engine.rules import check_edition

__all__ = [
    "AUTO_EVAL_S",
    "MAX_ATTEMPTS",
    "MAX_KEYS",
    "MAX_SCHEDULED_RESHARDS",
    "RETRY_CAP_S",
    "SIM_MAX_SHARDS",
    "KinesisConfig",
]

SIM_MAX_SHARDS = 1_024
"""Shards this simulator handles; not an AWS number."""
MAX_KEYS = 1_000_000
"""Distinct partition keys this simulator hashes; not an AWS number."""
MAX_ATTEMPTS = 10
"""Producer tries per record this lab offers (the producer's setting, not an AWS number)."""
MAX_SCHEDULED_RESHARDS = 16
"""Scheduled reshards one run takes (this simulator's bound)."""
RETRY_CAP_S = 60.0
"""Longest producer backoff between two tries (the producer's setting, not an AWS number)."""
AUTO_EVAL_S = 60.0
"""The automatic reshard rule looks at each shard's mean utilisation over this period."""


@dataclass(frozen=True)
class KinesisConfig:
    """One stream, its producers and its consumer. Times in seconds, sizes in bytes."""

    rules: str = "course"
    horizon_s: float = 3_600.0
    dt_s: float = 1.0
    capacity_mode: str = "provisioned"
    shards: int = 4
    shard_quota: int | None = None
    record_size_bytes: int = 1_000
    n_keys: int = 1_000
    popularity: str = "uniform"
    zipf_s: float = 1.0
    hot_pct: float = 40.0
    aggregation: bool = False
    max_attempts: int = 3
    retry_base_s: float = 1.0
    reshard_s: float = 30.0
    splits_at_s: tuple[float, ...] = ()
    merges_at_s: tuple[float, ...] = ()
    shard_count_at: tuple[tuple[float, int], ...] = ()
    auto_reshard: bool = False
    auto_high_pct: float = 80.0
    auto_low_pct: float = 0.0
    auto_cooldown_s: float = 300.0
    consumers: int = 1
    fan_out: str = "shared"
    consumer_rate: float = 2_000.0
    retention_h: float = float(RETENTION_MIN_H)
    key_prefix: str = field(default="user-", repr=False)

    def __post_init__(self) -> None:
        check_edition(self.rules)
        edition = EDITION[self.rules]
        stream_max = edition.stream_max
        TimeGrid(self.horizon_s, self.dt_s)
        check_choice("capacity_mode", self.capacity_mode, ("provisioned", "on-demand"))
        if self.capacity_mode == "on-demand" and self.rules != "aws-today":
            raise ValueError("capacity_mode 'on-demand' exists only in the AWS-today edition (aws-facts §2.1)")
        check_int("shard_quota", self.quota, 1, edition.quota)
        check_int("shards", self.shards, 1, min(self.quota, stream_max))
        if self.shards > SIM_MAX_SHARDS:
            raise ValueError(f"shards {self.shards} is within the quota, but this simulator handles at most "
                             f"{SIM_MAX_SHARDS:,}")  # fmt: skip
        check_int("record_size_bytes", self.record_size_bytes, 1, edition.record_max_bytes)
        check_int("n_keys", self.n_keys, 1, MAX_KEYS)
        check_choice("popularity", self.popularity, ("uniform", "zipf", "hot"))
        check_range("zipf_s", self.zipf_s, 0, 4)
        check_range("hot_pct", self.hot_pct, 0, 100, unit="%")
        check_int("max_attempts", self.max_attempts, 1, MAX_ATTEMPTS)
        check_range("retry_base_s", self.retry_base_s, 0.01, 60, unit="s")
        check_range("reshard_s", self.reshard_s, 0, 3_600, unit="s")
        for name, times in (
            ("splits_at_s", self.splits_at_s),
            ("merges_at_s", self.merges_at_s),
            ("shard_count_at time", tuple(a[0] for a in self.shard_count_at)),
        ):
            for t in times:
                check_range(name, t, 0, self.horizon_s, unit="s")
        for _t, n in self.shard_count_at:
            check_int("shard_count_at target (UpdateShardCount)", n, 1, min(stream_max, SIM_MAX_SHARDS))
        if len(self.splits_at_s) + len(self.merges_at_s) + len(self.shard_count_at) > MAX_SCHEDULED_RESHARDS:
            raise ValueError(f"at most {MAX_SCHEDULED_RESHARDS} scheduled reshards are allowed")
        check_range("auto_high_pct", self.auto_high_pct, 1, 1_000, unit="%")
        check_range("auto_low_pct", self.auto_low_pct, 0, 100, unit="%")
        if self.auto_low_pct >= self.auto_high_pct:
            raise ValueError(f"auto_low_pct {self.auto_low_pct:g} must be below auto_high_pct {self.auto_high_pct:g}")
        check_range("auto_cooldown_s", self.auto_cooldown_s, 0, 86_400, unit="s")
        if self.capacity_mode == "on-demand" and (self.auto_reshard or self.splits_at_s or self.merges_at_s
                                                  or self.shard_count_at):  # fmt: skip
            raise ValueError("an on-demand stream reshards itself: scheduled or automatic resharding needs "
                             "capacity_mode 'provisioned'")  # fmt: skip
        check_int("consumers", self.consumers, 0, MAX_CONSUMERS)
        check_choice("fan_out", self.fan_out, ("shared", "enhanced"))
        check_range("consumer_rate", self.consumer_rate, 0, 1_000_000, unit="records/s")
        check_range("retention_h", self.retention_h, RETENTION_MIN_H, edition.retention_max_h, unit="h")

    @property
    def quota(self) -> int:
        """The account's shard quota: the edition's default unless set (aws-facts §2.1, §9)."""
        return EDITION[self.rules].quota if self.shard_quota is None else self.shard_quota

    @property
    def grid(self) -> TimeGrid:
        """The simulation's time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def initial_shards(self) -> int:
        """Shards at the start: on-demand streams start at 4 MB/s, i.e. 4 shards (aws-facts §2.1)."""
        return ON_DEMAND_START_SHARDS if self.capacity_mode == "on-demand" else self.shards

    @property
    def bytes_per_record(self) -> int:
        """Bytes a record counts against the 1 MiB/s limit: data blob plus partition key (§2.1)."""
        return self.record_size_bytes + len(self.key_prefix) + KEY_DIGITS

    @property
    def write_bucket_bytes(self) -> float:
        """Depth of a shard's write byte bucket: one step of the 1 MiB/s limit, or one whole record
        if a record is larger (a large record bursts past the sustained rate, AWS today, §2.1)."""
        return float(max(WRITE_BYTES_PER_S * self.dt_s, self.bytes_per_record))

    @property
    def records_per_kinesis_record(self) -> int:
        """User records per Kinesis record: 1, or as many as fit ~50 KB with KPL aggregation (§2.1)."""
        return max(1, AGGREGATE_BYTES // self.bytes_per_record) if self.aggregation else 1

    @property
    def shard_write_records(self) -> float:
        """User records/s one shard accepts at this record size: the tighter of the two limits."""
        return min(WRITE_RECORDS_PER_S * self.records_per_kinesis_record, WRITE_BYTES_PER_S / self.bytes_per_record)

    @property
    def binding_limit(self) -> str:
        """Which per-shard write limit binds at this record size."""
        recs = WRITE_RECORDS_PER_S * self.records_per_kinesis_record
        return "records" if recs <= WRITE_BYTES_PER_S / self.bytes_per_record else "bytes"

    @property
    def read_records_per_s(self) -> float:
        """Records/s the consumer can take from one shard (limits and processing rate, §2.1)."""
        if self.consumers == 0:
            return 0.0
        if self.fan_out == "enhanced":
            return min(self.consumer_rate, READ_BYTES_PER_S / self.bytes_per_record)
        share = READ_BYTES_PER_S / self.consumers / self.bytes_per_record
        calls = READ_CALLS_PER_S / self.consumers * RECORDS_PER_CALL
        return min(self.consumer_rate, share, calls)

    def weights(self) -> np.ndarray:
        """Share of the traffic of each key, in key-index order (key 0 is the most popular)."""
        n = self.n_keys
        if self.popularity == "zipf":
            w = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** self.zipf_s
        elif self.popularity == "hot" and n > 1:
            w = np.full(n, (100.0 - self.hot_pct) / (n - 1))
            w[0] = self.hot_pct
        else:
            w = np.ones(n)
        return w / w.sum()

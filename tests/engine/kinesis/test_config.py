"""KinesisConfig validation and derived values (aws-facts §2.1, §9)."""

from __future__ import annotations

import pytest

from engine import kinesis as k
from engine.kinesis.limits import EDITION, MIB, WRITE_BYTES_PER_S, WRITE_RECORDS_PER_S

# --- validation: messages name the field, the value and the rule


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"shards": 0}, "shards must be between 1 and 500"),
        ({"shards": 600}, "shards must be between 1 and 500"),
        ({"record_size_bytes": 2_000_000}, "record_size_bytes must be between 1 and 1048576"),
        ({"n_keys": 0}, "n_keys must be between 1"),
        ({"retention_h": 200}, "retention_h must be between 24 and 168"),
        ({"retention_h": 12}, "retention_h must be between 24"),
        ({"consumers": 21}, "consumers must be between 0 and 20"),
        ({"auto_low_pct": 90, "auto_high_pct": 80}, "auto_low_pct 90 must be below"),
    ],
)
def test_bad_configs_name_the_rule(kwargs, match) -> None:
    with pytest.raises(ValueError, match=match):
        k.KinesisConfig(**kwargs)


def test_the_other_edition_allows_more() -> None:
    """§9: retention to 365 days, records to 10 MiB, 20,000-shard quota today."""
    cfg = k.KinesisConfig(rules="aws-today", retention_h=8_760, record_size_bytes=10 * 1_048_576, shards=600)
    assert cfg.quota == 20_000
    with pytest.raises(ValueError, match="simulator handles at most"):
        k.KinesisConfig(rules="aws-today", shards=5_000)


def test_the_binding_limit_and_the_shard_write_rate() -> None:
    """§2.1: 1,000 records/s or 1 MiB/s per shard, whichever binds at the record size (key included)."""
    small = k.KinesisConfig(record_size_bytes=100)
    big = k.KinesisConfig(record_size_bytes=5_120)
    assert small.bytes_per_record == 100 + len("user-000000")
    assert (small.binding_limit, small.shard_write_records) == ("records", WRITE_RECORDS_PER_S)
    assert big.binding_limit == "bytes" and big.shard_write_records == pytest.approx(WRITE_BYTES_PER_S / 5_131)
    packed = k.KinesisConfig(record_size_bytes=100, aggregation=True)
    assert packed.records_per_kinesis_record == 51_200 // 111


def test_editions_hold_the_documented_numbers() -> None:
    """§2.1/§9: quota 500 vs 20,000; UpdateShardCount 2 vs 10 calls; retention 7 vs 365 days."""
    assert (EDITION["course"].quota, EDITION["aws-today"].quota) == (500, 20_000)
    assert (EDITION["course"].usc_calls, EDITION["aws-today"].usc_calls) == (2, 10)
    assert (EDITION["course"].retention_max_h, EDITION["aws-today"].retention_max_h) == (168, 8_760)
    assert EDITION["aws-today"].record_max_bytes == 10 * MIB

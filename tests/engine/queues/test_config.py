"""Queue settings and formulas: SQS's documented ranges and the backlog-per-instance rule
(aws-facts.md §4, §1.6, §9)."""

from __future__ import annotations

import pytest

from engine.queues import QueueConfig, backlog_per_instance_capacity


def test_backlog_per_instance_example_gives_15() -> None:
    """§4 / ASG-UG as-using-sqs-queue: 1,500 msgs / 10 instances = 150 vs 10 s / 0.1 s = 100 -> 15."""
    assert backlog_per_instance_capacity(1500, 10, 10, 0.1) == 15


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("visibility_timeout_s", 50_000, "visibility_timeout_s must be between 0 and 43200"),
        ("retention_s", 30, "retention_s must be between 60 and 1209600"),
        ("max_receive_count", 0, "max_receive_count must be between 1 and 1000"),
        ("message_kb", 300, "maximum message size of 256 KB"),
    ],
)
def test_bad_settings_name_the_rule(field, value, words) -> None:
    with pytest.raises(ValueError, match=words):
        QueueConfig(**{field: value})


def test_fifo_with_per_message_delay_and_size_by_edition() -> None:
    """§4: FIFO has no per-message delay; §9: 256 KB (course) vs 1 MiB today; S3 pointer to 2 GB."""
    with pytest.raises(ValueError, match="FIFO queues do not support per-message delays"):
        QueueConfig(queue_type="fifo", per_message_delays=True)
    QueueConfig(message_kb=300, rules="aws-today")
    QueueConfig(message_kb=100_000, s3_pointer=True)
    with pytest.raises(ValueError, match="1,024 KB"):
        QueueConfig(message_kb=2000, rules="aws-today")

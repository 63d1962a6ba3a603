"""The queues page's controls that set one field of :class:`~engine.queues.QueueConfig` (compare
and sweep panels). Labels are the page's; number boxes that accept more than SQS does, so that a
wrong value is explained, get SQS's own range here (``engine.queues.limits``)."""

from __future__ import annotations

from engine.queues.limits import (
    MAX_BATCH,
    MAX_DELAY_S,
    MAX_RECEIVE_COUNT,
    MAX_RETENTION_S,
    MAX_VISIBILITY_S,
    MIN_RETENTION_S,
)
from views.knobs import Knob

__all__ = ["KNOBS"]

KNOBS: tuple[Knob, ...] = (
    Knob("vis", "Visibility timeout (s)", "visibility_timeout_s", 0, MAX_VISIBILITY_S, 1, unit="s"),
    Knob("proc", "Processing time, mean (s)", "processing_s", 0.01, 120.0, 0.01, unit="s"),
    Knob("mrc", "maxReceiveCount", "max_receive_count", 1, MAX_RECEIVE_COUNT, 1),
    Knob("ret", "Retention (s)", "retention_s", MIN_RETENTION_S, MAX_RETENTION_S, 60, unit="s"),
    Knob("type", "Queue type", "queue_type", choices=("standard", "fifo")),
    Knob("n", "Consumers (start)", "consumers", 0, 200, 1),
    Knob("mode", "Consumer scaling", "scaling", choices=("fixed", "backlog", "depth", "lambda")),
    Knob("max", "Max consumers", "max_consumers", 1, 500, 1),
    Knob("latency", "Acceptable latency (s)", "acceptable_latency_s", 1, 600, 1, unit="s"),
    Knob("depth_t", "Queue-depth target", "depth_target", 10, 10_000, 1),
    Knob("cv", "Processing time spread (CV)", "processing_cv", 0.0, 2.0, 0.1),
    Knob("fail", "Failure rate per attempt", "failure_rate", 0.0, 1.0, 0.01),
    Knob("dup", "At-least-once extra deliveries", "duplicate_rate", 0.0, 0.05, 0.001),
    Knob("delay", "Delay (s)", "delay_s", 0, MAX_DELAY_S, 1, unit="s"),
    Knob("batch", "Batch size", "batch_size", choices=(1, MAX_BATCH)),
    Knob("groups", "FIFO message groups", "message_groups", 1, 100, 1),
)

"""The Amazon MQ page's controls that set one field of :class:`~engine.mq.MqConfig` (compare and
sweep panels); ranges and labels are the page's own."""

from __future__ import annotations

from engine.mq import BROKERS, QUEUE_TYPES, SQS_MAX_BATCH
from views.knobs import Knob

__all__ = ["KNOBS"]

KNOBS: tuple[Knob, ...] = (
    Knob("instance", "Broker instance type", "instance", choices=tuple(BROKERS)),
    Knob("clients", "Client connections", "clients", 1, 1000, 1),
    Knob("queue", "SQS queue type", "queue_type", choices=tuple(QUEUE_TYPES)),
    Knob("batch", "SQS batch size", "batch", 1, SQS_MAX_BATCH, 1),
    Knob("consumers", "Consumers can process (msg/s)", "consumer_rps", 100, 50_000, 100, unit="msg/s"),
    Knob("size_kb", "Message size (KB)", "message_kb", 1, 256, 1, unit="KB"),
)

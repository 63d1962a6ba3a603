"""What the Amazon MQ page compares between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

from views.compare import Metric, Spec

__all__ = ["SPEC"]

SPEC = Spec(
    metrics=(
        Metric("Messages sent", "sent_messages"),
        Metric("Refused by the broker", "refused_messages"),
        Metric("Peak broker latency", "peak_broker_latency_ms", "ms"),
        Metric("Peak SQS latency", "peak_sqs_latency_ms", "ms"),
        Metric("Broker cost", "broker_total_usd", "usd"),
        Metric("SQS cost", "sqs_total_usd", "usd"),
    ),
    series=("broker_backlog", "broker_latency_ms", "sqs_latency_ms"),
)

"""Amazon MQ vs SQS tables: broker instance types, protocols, limits, illustrative prices.

Sources: course notes (Amazon MQ: "Managed, HA implementation of Apache ActiveMQ", "supports
different protocols", "drop-in replacement for on-premise message brokers (lift and shift)",
"recommended to use SQS if you are building a new application from scratch"); aws-facts §4 (SQS:
standard ≈ unlimited API calls/s; FIFO 300 TPS per action, 3,000 msg/s with batches of 10; max
message 256 KiB course, 1 MiB today; Extended Client up to 2 GB via S3). Amazon MQ instance
types (vCPU / memory) and ActiveMQ's connection quotas (300 wire-level connections per protocol
for ``*.micro``, 2,000 for ``*.large`` and up) are from the Amazon MQ developer guide (docs; not in
aws-facts), as are the engines' protocols and deployment modes (``rabbitmq-broker-architecture``,
``rabbitmq-basic-elements``): a RabbitMQ broker speaks AMQP 0-9-1 and is a single instance or a
cluster of three broker nodes behind a load balancer; an ActiveMQ broker is a single instance or
an active/standby pair in two AZs (:data:`DEPLOYMENTS`). **Illustrative** (not AWS figures): broker throughput per instance type, latencies,
and prices ("illustrative, us-east-1 list prices as of 2026").
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BROKERS",
    "BROKER_LATENCY_MS",
    "DEPLOYMENTS",
    "ENGINE_DEPLOYMENTS",
    "ENGINE_PROTOCOLS",
    "EXTENDED_CLIENT_MAX_GB",
    "PROTOCOLS",
    "SQS_FIFO_BATCHED",
    "SQS_FIFO_TPS",
    "SQS_LATENCY_MS",
    "SQS_MAX_BATCH",
    "SQS_PRICE_PER_M",
    "BrokerType",
    "sqs_max_message_kb",
]


@dataclass(frozen=True)
class BrokerType:
    """One Amazon MQ broker instance type."""

    name: str
    vcpu: int
    memory_gib: int
    throughput: float  # msg/s, persistent small messages (illustrative)
    connections: int  # ActiveMQ's wire-level connections per protocol (docs quota)
    usd_per_hour: float  # illustrative, 2026
    store_msgs: float  # messages the broker can hold before producer flow control (illustrative)


BROKERS: dict[str, BrokerType] = {
    "mq.t3.micro": BrokerType("mq.t3.micro", 2, 1, 400.0, 300, 0.03, 50_000),
    "mq.m5.large": BrokerType("mq.m5.large", 2, 8, 3_000.0, 2_000, 0.29, 1_000_000),
    "mq.m5.xlarge": BrokerType("mq.m5.xlarge", 4, 16, 5_000.0, 2_000, 0.58, 2_000_000),
    "mq.m5.2xlarge": BrokerType("mq.m5.2xlarge", 8, 32, 8_000.0, 2_000, 1.15, 4_000_000),
    "mq.m5.4xlarge": BrokerType("mq.m5.4xlarge", 16, 64, 12_000.0, 2_000, 2.30, 8_000_000),
}

# Protocols and APIs a client speaks, and who serves them (course notes: MQ "supports different protocols").
PROTOCOLS: dict[str, str] = {
    "sqs": "SQS API (HTTPS, AWS SDKs)",
    "jms": "JMS (Java Message Service API)",
    "amqp": "AMQP 1.0",
    "amqp091": "AMQP 0-9-1",
    "mqtt": "MQTT",
    "openwire": "OpenWire",
    "stomp": "STOMP",
}
ENGINE_PROTOCOLS: dict[str, tuple[str, ...]] = {
    "activemq": ("jms", "amqp", "mqtt", "openwire", "stomp"),  # AMQP 1.0; JMS through OpenWire/AMQP clients
    "rabbitmq": ("amqp091",),  # AMQP 0-9-1 only
}
DEPLOYMENTS: dict[str, tuple[str, int]] = {
    "SINGLE_INSTANCE": ("single-instance broker", 1),
    "ACTIVE_STANDBY_MULTI_AZ": ("active/standby pair in two AZs", 2),
    "CLUSTER_MULTI_AZ": ("cluster of three broker nodes across AZs", 3),
}
"""Deployment mode (Amazon MQ API names) -> (words, broker instances billed)."""
ENGINE_DEPLOYMENTS: dict[str, tuple[str, ...]] = {
    "activemq": ("SINGLE_INSTANCE", "ACTIVE_STANDBY_MULTI_AZ"),
    "rabbitmq": ("SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"),
}
"""The deployment modes each engine offers; the first is single, the second highly available."""
SQS_FIFO_TPS = 300.0  # aws-facts §4: per API action, without batching
SQS_MAX_BATCH = 10  # aws-facts §4: messages per SendMessageBatch / ReceiveMessage / DeleteMessageBatch
SQS_FIFO_BATCHED = 3_000.0  # aws-facts §4: with batches of SQS_MAX_BATCH
EXTENDED_CLIENT_MAX_GB = 2  # aws-facts §4: the Extended Client Library's payload limit (in S3)
SQS_PRICE_PER_M = {"standard": 0.40, "fifo": 0.50}  # USD per million requests, illustrative 2026
SQS_LATENCY_MS = 15.0  # illustrative send-to-receive when no backlog
BROKER_LATENCY_MS = 3.0  # illustrative, in-VPC broker with no backlog


def sqs_max_message_kb(rules: str) -> float:
    """aws-facts §4, §9: 256 KiB in the course notes; 1 MiB since Aug 2025."""
    return 256.0 if rules == "course" else 1024.0

"""The Amazon MQ vs SQS lab's settings: the broker, the queue and the consumers both share.

Broker rules (Amazon MQ developer guide, :mod:`engine.mq.profiles`): the client's protocol must be
one the engine speaks (RabbitMQ: AMQP 0-9-1 only); the deployment is one the engine offers
(ActiveMQ: single or active/standby; RabbitMQ: single or a three-node cluster, billed for three);
ActiveMQ's per-protocol connection quota applies to ActiveMQ brokers only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.mq.decision import ENGINE_NAMES
from engine.mq.profiles import (
    BROKERS,
    DEPLOYMENTS,
    ENGINE_DEPLOYMENTS,
    ENGINE_PROTOCOLS,
    PROTOCOLS,
    SQS_FIFO_BATCHED,
    SQS_FIFO_TPS,
    SQS_MAX_BATCH,
    SQS_PRICE_PER_M,
    BrokerType,
    sqs_max_message_kb,
)
from engine.rules import check_edition

__all__ = ["QUEUE_TYPES", "MqConfig"]

QUEUE_TYPES = ("standard", "fifo", "fifo-batched")


@dataclass(frozen=True)
class MqConfig:
    """The broker, the queue and the shared consumers."""

    instance: str = "mq.m5.large"
    engine: str = "activemq"
    deployment: str = "ACTIVE_STANDBY_MULTI_AZ"
    clients: int = 200
    protocol: str = "jms"
    queue_type: str = "standard"
    batch: int = SQS_MAX_BATCH
    consumer_rps: float = 20_000.0
    message_kb: float = 4.0
    horizon_s: float = 86_400.0
    dt_s: float = 60.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_choice("instance", self.instance, BROKERS)
        check_edition(self.rules)
        check_choice("engine", self.engine, ENGINE_PROTOCOLS)
        if self.engine == "rabbitmq" and self.rules == "course":
            raise ValueError(
                "engine 'rabbitmq' is not in the course notes (Amazon MQ = managed ActiveMQ); switch the rules edition to AWS today"
            )
        check_choice("deployment", self.deployment, ENGINE_DEPLOYMENTS[self.engine])
        check_choice("protocol", self.protocol, PROTOCOLS)
        speaks = ENGINE_PROTOCOLS[self.engine]
        if self.protocol != "sqs" and self.protocol not in speaks:
            raise ValueError(
                f"protocol {self.protocol!r}: an Amazon MQ {ENGINE_NAMES[self.engine]} broker speaks "
                f"{' and '.join(PROTOCOLS[p] for p in speaks)} only (Amazon MQ developer guide); choose "
                + ("ActiveMQ for this client" if self.engine == "rabbitmq" else "RabbitMQ for an AMQP 0-9-1 client")
            )
        check_choice("queue_type", self.queue_type, QUEUE_TYPES)
        check_int("batch", self.batch, 1, SQS_MAX_BATCH)
        check_int("clients", self.clients, 1, 100_000)
        b = BROKERS[self.instance]
        if self.engine == "activemq" and self.clients > b.connections:
            raise ValueError(
                f"clients {self.clients:,} exceed the {b.connections:,} wire-level connections per protocol of an "
                f"{self.instance} ActiveMQ broker (Amazon MQ quota); choose a larger instance type or pool connections"
            )
        check_range("consumer_rps", self.consumer_rps, 1, 1e7, unit="msg/s")
        check_range("message_kb", self.message_kb, 0.1, 2_000_000, unit="KB")
        TimeGrid(self.horizon_s, self.dt_s)

    @property
    def broker(self) -> BrokerType:
        """The broker instance type."""
        return BROKERS[self.instance]

    @property
    def sqs_cap(self) -> float:
        """SQS throughput limit in msg/s (inf for standard, aws-facts §4 for FIFO)."""
        return {"standard": np.inf, "fifo": SQS_FIFO_TPS, "fifo-batched": SQS_FIFO_BATCHED}[self.queue_type]

    @property
    def sqs_price_per_m(self) -> float:
        """USD per million SQS requests for this queue type (illustrative 2026 prices)."""
        return SQS_PRICE_PER_M["standard" if self.queue_type == "standard" else "fifo"]

    @property
    def broker_instances(self) -> int:
        """Broker instances billed: 1 single, 2 active/standby, 3 for a RabbitMQ cluster (:data:`DEPLOYMENTS`)."""
        return DEPLOYMENTS[self.deployment][1]

    @property
    def broker_usd_per_hour(self) -> float:
        """Broker cost per hour: instance-hours × :attr:`broker_instances`, illustrative 2026 prices."""
        return self.broker.usd_per_hour * self.broker_instances

    @property
    def broker_usd_per_day(self) -> float:
        """Broker cost per day: instance-hours × :attr:`broker_instances`, illustrative 2026 prices."""
        return self.broker_usd_per_hour * 24

    @property
    def cost_crossover_rps(self) -> float:
        """Steady msg/s above which SQS requests (send + receive + delete, ÷ batch) cost more per day
        than the broker's hours — below it SQS is cheaper (illustrative 2026 prices)."""
        per_msg = 3 / self.batch / 1e6 * self.sqs_price_per_m
        return self.broker_usd_per_day / (86_400 * per_msg)

    @property
    def needs_extended_client(self) -> bool:
        """The message is over SQS's maximum size (§4, §9): it needs the S3-backed Extended Client."""
        return self.message_kb > sqs_max_message_kb(self.rules)

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

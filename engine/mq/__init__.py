"""Amazon MQ vs SQS: a broker of fixed size saturating while a queue service keeps scaling.

The same producers (``load``, msg/s) and the same consumers (``consumer_rps``) are wired once to an
Amazon MQ broker and once to an SQS queue (tables and sources: :mod:`engine.mq.profiles`):

* **Broker**: moves at most ``min(throughput of its instance type, consumers)`` msg/s. The rest
  waits in the broker (``broker_backlog``); past its store, producer flow control refuses sends
  (``broker_rejected``). Active/standby doubles the price, a RabbitMQ three-node cluster triples
  it, neither adds throughput (one broker is active; a cluster mirrors each queue).
* **SQS standard**: accepts any rate (aws-facts §4: nearly unlimited API calls); only the consumers
  bound delivery. **FIFO**: ``SQS_FIFO_TPS`` msg/s per action without batching, ``SQS_FIFO_BATCHED``
  with batches of ``SQS_MAX_BATCH`` (§4).
* Latency = base + backlog ÷ drain rate (Little's law). Cost: broker hours (× 2 for active/standby)
  vs SQS requests (send + receive + delete, ÷ batch size) — illustrative 2026 prices.

Conservation per side and step: arrivals = delivered + Δbacklog + rejected. One numba kernel
(:mod:`~engine.mq.kernel`, slots in :mod:`~engine.mq.layout`) runs every scenario;
:func:`recommend` (:mod:`~engine.mq.decision`) encodes the course notes' decision (lift and shift
vs new app); :mod:`~engine.mq.explain` writes the event sentences.

In a notebook::

    from engine.mq import MqConfig, recommend, simulate, simulate_many
    from engine.load import preset

    r = simulate(MqConfig(instance="mq.t3.micro"), preset("Flash crowd"))
    r.frame[["t_s", "sent", "broker_backlog", "sqs_backlog"]]
    recommend("jms", new_app=False)
    simulate_many([MqConfig(instance=i) for i in ("mq.m5.large", "mq.m5.2xlarge")], 4000.0, summary=True).summary
"""

from __future__ import annotations

from engine.mq.config import QUEUE_TYPES, MqConfig
from engine.mq.decision import ENGINE_NAMES, recommend
from engine.mq.profiles import (
    BROKER_LATENCY_MS,
    BROKERS,
    DEPLOYMENTS,
    ENGINE_DEPLOYMENTS,
    ENGINE_PROTOCOLS,
    EXTENDED_CLIENT_MAX_GB,
    PROTOCOLS,
    SQS_FIFO_BATCHED,
    SQS_FIFO_TPS,
    SQS_LATENCY_MS,
    SQS_MAX_BATCH,
    SQS_PRICE_PER_M,
    BrokerType,
    sqs_max_message_kb,
)
from engine.mq.simulation import SCHEMA, SUMMARY, simulate, simulate_many

__all__ = [
    "BROKERS",
    "BROKER_LATENCY_MS",
    "DEPLOYMENTS",
    "ENGINE_DEPLOYMENTS",
    "ENGINE_NAMES",
    "ENGINE_PROTOCOLS",
    "EXTENDED_CLIENT_MAX_GB",
    "PROTOCOLS",
    "QUEUE_TYPES",
    "SCHEMA",
    "SQS_FIFO_BATCHED",
    "SQS_FIFO_TPS",
    "SQS_LATENCY_MS",
    "SQS_MAX_BATCH",
    "SQS_PRICE_PER_M",
    "SUMMARY",
    "BrokerType",
    "MqConfig",
    "recommend",
    "simulate",
    "simulate_many",
    "sqs_max_message_kb",
    "warmup",
]


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(MqConfig(horizon_s=600, dt_s=60), 10.0)

"""The Amazon MQ scenario as AWS takes it: CreateBroker with the instance type, engine and deployment
mode the learner chose (API names). The SQS side of the comparison is a CreateQueue (FIFO for the
FIFO queue types)."""

from __future__ import annotations

from engine.export.aws import Artefact, api
from engine.mq.config import MqConfig

__all__ = ["artefacts"]

_VERSIONS = {"activemq": "5.18", "rabbitmq": "3.13"}
"""Engine versions to start from (check the current ones in the console before creating)."""


def artefacts(c: MqConfig) -> tuple[Artefact, ...]:
    """The broker, and the SQS queue it is compared with."""
    broker = {
        "BrokerName": "scalelab-broker",
        "EngineType": "ACTIVEMQ" if c.engine == "activemq" else "RABBITMQ",
        "EngineVersion": _VERSIONS[c.engine],
        "HostInstanceType": c.instance,
        "DeploymentMode": c.deployment,
        "PubliclyAccessible": False,
        "AutoMinorVersionUpgrade": True,
        "Users": [{"Username": "scalelab", "Password": "change-me-please-123"}],
    }
    fifo = c.queue_type != "standard"
    queue = {
        "QueueName": "scalelab-queue" + (".fifo" if fifo else ""),
        "Attributes": {"FifoQueue": "true"} if fifo else {},
    }
    return (
        api(
            "CreateBroker",
            "mq",
            "CreateBroker",
            broker,
            "Replace the user's password; the engine version is a starting point.",
        ),
        api("CreateQueue (the SQS side)", "sqs", "CreateQueue", queue),
    )

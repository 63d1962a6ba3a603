"""The course notes' choice between Amazon MQ and SQS: lift and shift, or a new application."""

from __future__ import annotations

from engine.core import check_choice
from engine.mq.profiles import ENGINE_PROTOCOLS, PROTOCOLS
from engine.rules import check_edition

__all__ = ["ENGINE_NAMES", "recommend"]

ENGINE_NAMES: dict[str, str] = {"activemq": "ActiveMQ", "rabbitmq": "RabbitMQ"}


def recommend(protocol: str, new_app: bool, rules: str = "course") -> tuple[str, list[str]]:
    """The course notes' decision: ("Amazon MQ" | "SQS", reasons).

    >>> recommend("jms", new_app=False)[0], recommend("jms", new_app=True)[0]
    ('Amazon MQ', 'SQS')
    >>> recommend("amqp091", new_app=False)[0], recommend("amqp091", False, "aws-today")[0]
    ('SQS', 'Amazon MQ')
    """
    check_choice("protocol", protocol, PROTOCOLS)
    check_edition(rules)
    name = PROTOCOLS[protocol]
    if protocol == "sqs":
        return "SQS", ["The app already speaks the SQS API.", "SQS scales without sizing a broker."]
    if new_app:
        return "SQS", [
            "Course notes: use SQS (with SNS for pub/sub) when building a new application from scratch.",
            f"A new app need not speak {name}: the SQS API scales without brokers to size, patch or fail over.",
        ]
    engines = [e for e, ps in ENGINE_PROTOCOLS.items() if protocol in ps and (e == "activemq" or rules == "aws-today")]
    if not engines:  # AMQP 0-9-1 in the course edition: the notes' Amazon MQ is ActiveMQ only
        return "SQS", [
            f"The app speaks {name}, which ActiveMQ (the course notes' Amazon MQ) does not: there is no drop-in "
            "broker, so the messaging code changes anyway.",
            "Course notes: when the app is (re)written, use SQS. (Amazon MQ for RabbitMQ speaks AMQP 0-9-1: "
            "see the AWS today edition.)",
        ]
    return "Amazon MQ", [
        f"The existing app speaks {name}: Amazon MQ ({' or '.join(ENGINE_NAMES[e] for e in engines)}) is a drop-in "
        "replacement — lift and shift without rewriting the messaging code (course notes).",
        "You still choose an instance size: throughput is bounded by it, unlike SQS.",
    ]

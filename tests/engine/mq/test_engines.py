"""Amazon MQ engines: RabbitMQ speaks AMQP 0-9-1 only, deploys as one instance or a three-node
cluster (billed for three), and ActiveMQ's per-protocol connection quota does not apply to it
(Amazon MQ developer guide: ``rabbitmq-broker-architecture``, ``rabbitmq-basic-elements``; issue 11
item 18)."""

from __future__ import annotations

import pytest

from engine.mq import MqConfig, recommend, simulate

HOUR = {"horizon_s": 3600.0, "dt_s": 60.0}
RABBIT = {"engine": "rabbitmq", "protocol": "amqp091", "rules": "aws-today"}


@pytest.mark.parametrize(
    ("kw", "hourly"),
    [
        ({"deployment": "SINGLE_INSTANCE"}, 0.29),
        ({"deployment": "ACTIVE_STANDBY_MULTI_AZ"}, 2 * 0.29),
        ({**RABBIT, "deployment": "SINGLE_INSTANCE"}, 0.29),
        ({**RABBIT, "deployment": "CLUSTER_MULTI_AZ"}, 3 * 0.29),
    ],
)
def test_broker_hours_are_billed_per_broker_instance(kw: dict, hourly: float) -> None:
    """mq.m5.large at an illustrative $0.29 per broker-hour: single 0.29, active/standby pair
    2 × 0.29 = 0.58, RabbitMQ cluster of three nodes 3 × 0.29 = 0.87 for one hour."""
    f = simulate(MqConfig(**kw, **HOUR), 100.0).frame
    assert f["broker_cost_usd"].iloc[-1] == pytest.approx(hourly)


def test_rabbitmq_speaks_amqp_0_9_1_only() -> None:
    for proto in ("jms", "mqtt", "stomp", "openwire", "amqp"):
        with pytest.raises(ValueError, match="RabbitMQ broker speaks AMQP 0-9-1 only"):
            MqConfig(**{**RABBIT, "protocol": proto, "deployment": "SINGLE_INSTANCE"})
    with pytest.raises(ValueError, match="choose RabbitMQ for an AMQP 0-9-1 client"):
        MqConfig(protocol="amqp091")


def test_each_engine_has_its_own_deployment_modes() -> None:
    with pytest.raises(ValueError, match="deployment must be one of 'SINGLE_INSTANCE', 'CLUSTER_MULTI_AZ'"):
        MqConfig(**RABBIT, deployment="ACTIVE_STANDBY_MULTI_AZ")
    with pytest.raises(ValueError, match="deployment must be one of 'SINGLE_INSTANCE', 'ACTIVE_STANDBY_MULTI_AZ'"):
        MqConfig(deployment="CLUSTER_MULTI_AZ")


def test_the_activemq_connection_quota_does_not_apply_to_rabbitmq() -> None:
    """Two rules at once: 1,000 clients on an mq.t3.micro are refused for ActiveMQ (300 per
    protocol) but accepted for a RabbitMQ cluster, billed 3 × $0.03 per hour (illustrative)."""
    with pytest.raises(ValueError, match="300 wire-level connections per protocol of an mq.t3.micro ActiveMQ"):
        MqConfig(instance="mq.t3.micro", clients=1000, deployment="SINGLE_INSTANCE")
    cfg = MqConfig(instance="mq.t3.micro", clients=1000, deployment="CLUSTER_MULTI_AZ", **RABBIT, **HOUR)
    res = simulate(cfg, 100.0)
    assert res.frame["broker_cost_usd"].iloc[-1] == pytest.approx(3 * 0.03)
    setup = res.events.loc[res.events["kind"] == "setup", "message"].iloc[0]
    assert "RabbitMQ cluster of three broker nodes" in setup and "billed as 3 broker instances" in setup
    assert "connection quota does not apply" in setup


def test_an_amqp_0_9_1_app_has_no_drop_in_broker_in_the_course_edition() -> None:
    """Course notes: Amazon MQ is ActiveMQ, which does not speak AMQP 0-9-1; in AWS today RabbitMQ does."""
    choice, why = recommend("amqp091", new_app=False)
    assert choice == "SQS" and "no drop-in" in " ".join(why)
    choice, why = recommend("amqp091", new_app=False, rules="aws-today")
    assert choice == "Amazon MQ" and "RabbitMQ" in " ".join(why) and "ActiveMQ" not in why[0].split(":")[1]

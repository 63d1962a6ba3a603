"""Amazon MQ page: defaults, every preset, the decision, URL values, impossible capacities."""

from __future__ import annotations

import pytest

from tests.pages.apptest import event_log, metric, run_page

PAGE = "app_pages/mq.py"
PRESETS = ["Flash sale on a small broker", "Right-sized broker", "FIFO needs batching", "Lift and shift a JMS app"]


def test_defaults() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert "Choose Amazon MQ" in at.success[0].value
    assert metric(at, "Peak SQS latency") == "15 ms"
    # the lesson in the first run: the broker saturates and refuses sends while SQS keeps up
    log = event_log(at)
    assert {"broker saturated", "flow control"} <= set(log["what"])
    assert metric(at, "Refused by the broker") != "0"


@pytest.mark.parametrize("name", PRESETS)
def test_presets_run(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"mq.__preset.{name}").click().run()
    assert not at.exception and not at.error


def test_right_sized_broker_keeps_up() -> None:
    at = run_page(PAGE)
    at.button(key="mq.__preset.Right-sized broker").click().run()
    assert metric(at, "Peak Amazon MQ latency") == "3 ms"


def test_new_app_recommends_sqs() -> None:
    at = run_page(PAGE, {"mq.new_app": "true"})
    assert "Choose SQS" in at.success[0].value


def test_too_many_connections_is_explained() -> None:
    at = run_page(PAGE, {"mq.instance": "mq.t3.micro", "mq.clients": "1000"})
    assert not at.exception
    assert "300 wire-level connections" in at.error[0].value


def test_rabbitmq_needs_the_aws_today_edition() -> None:
    at = run_page(PAGE, {"mq.engine": "RabbitMQ"})
    assert "not in the course notes" in at.error[0].value
    at = run_page(PAGE, {"mq.engine": "RabbitMQ", "mq.protocol": "AMQP 0-9-1"}, rules="aws-today")
    assert not at.error
    log = event_log(at)
    assert "cluster of three broker nodes" in log["why"].iloc[0]


def test_rabbitmq_with_a_jms_client_is_explained() -> None:
    """A RabbitMQ broker speaks AMQP 0-9-1 only (Amazon MQ developer guide)."""
    at = run_page(PAGE, {"mq.engine": "RabbitMQ"}, rules="aws-today")
    assert not at.exception
    assert "speaks AMQP 0-9-1 only" in at.error[0].value


def test_bad_url_value_gets_a_notice() -> None:
    at = run_page(PAGE, {"mq.batch": "50"})
    assert not at.exception
    assert "mq.batch=50" in " ".join(w.value for w in at.warning)


def test_big_messages_warn_by_edition() -> None:
    at = run_page(PAGE, {"mq.size_kb": "512"})
    assert any("Extended Client" in w.value for w in at.warning)
    at = run_page(PAGE, {"mq.size_kb": "512"}, rules="aws-today")
    assert not any("Extended Client" in w.value for w in at.warning)

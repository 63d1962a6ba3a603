"""MQ figures: both sides drawn, bounded frames, small payload; the decision table."""

from __future__ import annotations

from engine.load import preset, scaled
from engine.mq import MqConfig, simulate
from views.mq.figures import comparison_figure, decision_table

RES = simulate(MqConfig(), scaled(preset("Business day"), 25))


def test_comparison_figure() -> None:
    fig = comparison_figure(RES)
    names = {t.name for t in fig.data}
    assert {"Delivered via Amazon MQ", "Delivered via SQS", "Amazon MQ latency", "SQS latency"} <= names
    assert 2 <= len(fig.frames) <= 40
    assert len(fig.to_json()) < 350_000
    assert not comparison_figure(RES, reduced_motion=True).frames


def test_decision_table_by_edition() -> None:
    course = decision_table("course", 256)
    today = decision_table("aws-today", 1024)
    assert list(course.columns) == ["", "Amazon MQ", "SQS"]
    assert "RabbitMQ" not in course.to_string() and "RabbitMQ" in today.to_string()
    assert "1,024 KB" in today.to_string()

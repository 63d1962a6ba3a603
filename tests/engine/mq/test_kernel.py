"""The Amazon MQ vs SQS kernel called directly on hand-made arrays, read back by slot name."""

from __future__ import annotations

import numpy as np
import pytest

from engine.kernel.layout import pack
from engine.mq.kernel import kernel
from engine.mq.layout import OUT, PRM


def run(rate: float, steps: int = 3, **params: float) -> np.ndarray:
    prm = pack(PRM, [{"broker_cap": 100.0, "broker_store": 1e9, "sqs_cap": np.inf, "consumers": 1e6} | params])
    return kernel(np.full((1, steps), rate), prm, 10.0)


def test_broker_backlog_grows_by_the_excess_and_sqs_keeps_up() -> None:
    """150 msg/s into a 100 msg/s broker: 50 × 10 s more waiting each step, wait = backlog / 100 msg/s."""
    out = run(150.0)
    assert out[0, OUT.BROKER_DELIVERED] == pytest.approx(100.0)
    assert out[0, OUT.BROKER_BACKLOG].tolist() == pytest.approx([500.0, 1000.0, 1500.0])
    assert out[0, OUT.BROKER_WAIT_MS, 2] == pytest.approx(1500 / 100 * 1000)
    assert out[0, OUT.SQS_DELIVERED] == pytest.approx(150.0)
    assert out[0, OUT.SQS_BACKLOG].max() == 0 and out[0, OUT.SQS_WAIT_MS].max() == 0


def test_full_store_refuses_sends_and_fifo_caps_sqs() -> None:
    out = run(150.0, broker_store=700.0, sqs_cap=120.0)
    assert out[0, OUT.BROKER_BACKLOG].max() == pytest.approx(700.0)
    assert out[0, OUT.BROKER_REJECTED, 2] == pytest.approx(50.0)
    assert out[0, OUT.SQS_DELIVERED] == pytest.approx(120.0)
    assert out[0, OUT.SQS_BACKLOG, 0] == pytest.approx(300.0)


def test_consumers_bound_both_sides() -> None:
    out = run(80.0, consumers=50.0)
    assert out[0, OUT.BROKER_DELIVERED] == pytest.approx(50.0)
    assert out[0, OUT.SQS_DELIVERED] == pytest.approx(50.0)

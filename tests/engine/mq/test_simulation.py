"""Amazon MQ vs SQS: hand-computed saturation, FIFO limits, conservation, costs, the decision.

Facts: course notes (Amazon MQ: lift and shift; SQS for new apps), aws-facts §4 (SQS standard
nearly unlimited; FIFO 300 msg/s per action, 3,000 with batches of 10; 256 KB / 1 MiB messages).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.load import Constant, LoadTrace, Spike
from engine.mq import BROKERS, MqConfig, recommend, simulate, simulate_many, warmup
from tests.engine.public_shape import check_simulate_many

HOUR = {"horizon_s": 3600.0, "dt_s": 60.0}


def test_broker_backlog_grows_by_the_excess_hand_computed() -> None:
    """m5.large moves 3,000 msg/s (illustrative); at 3,500 msg/s the backlog grows 500 × 60 per minute
    and latency = base + backlog / throughput; SQS standard delivers all 3,500 (aws-facts §4)."""
    f = simulate(MqConfig(**HOUR), 3500.0).frame
    assert f["broker_delivered"].to_numpy() == pytest.approx(3000.0)
    assert f["broker_backlog"].iloc[9] == pytest.approx(500 * 60 * 10)
    assert f["broker_latency_ms"].iloc[9] == pytest.approx(3.0 + 300_000 / 3000 * 1000)
    assert f["sqs_delivered"].to_numpy() == pytest.approx(3500.0)
    assert f["sqs_backlog"].max() == 0


def test_store_full_triggers_flow_control() -> None:
    """t3.micro holds 50,000 messages (illustrative): past that, sends are refused."""
    f = simulate(MqConfig(instance="mq.t3.micro", **HOUR), 1400.0).frame
    assert f["broker_backlog"].max() == pytest.approx(BROKERS["mq.t3.micro"].store_msgs)
    assert f["broker_rejected"].iloc[-1] == pytest.approx(1000.0)


@pytest.mark.parametrize(("queue", "cap"), [("fifo", 300.0), ("fifo-batched", 3000.0), ("standard", 5000.0)])
def test_sqs_fifo_limits(queue: str, cap: float) -> None:
    """aws-facts §4: FIFO 300 msg/s per action unbatched, 3,000 with batches of 10."""
    f = simulate(MqConfig(queue_type=queue, **HOUR), 5000.0).frame
    assert f["sqs_delivered"].to_numpy() == pytest.approx(cap)


def test_consumers_bound_both_sides() -> None:
    f = simulate(MqConfig(consumer_rps=1000.0, **HOUR), 2000.0).frame
    assert f["broker_delivered"].to_numpy() == pytest.approx(1000.0)
    assert f["sqs_delivered"].to_numpy() == pytest.approx(1000.0)


def test_costs_hand_computed() -> None:
    """Broker: hours × price (× 2 active/standby); SQS: (send + receive + delete) / batch × $0.40 per M."""
    f = simulate(MqConfig(**HOUR), 100.0).frame
    assert f["broker_cost_usd"].iloc[-1] == pytest.approx(2 * 0.29)
    assert f["sqs_cost_usd"].iloc[-1] == pytest.approx(100 * 3600 * 3 / 10 / 1e6 * 0.40)
    single = simulate(MqConfig(deployment="SINGLE_INSTANCE", **HOUR), 100.0).frame
    assert single["broker_cost_usd"].iloc[-1] == pytest.approx(0.29)


def test_events_explain_saturation() -> None:
    r = simulate(MqConfig(**HOUR), LoadTrace((Constant(1000.0), Spike(4000.0, 600.0, 60.0, 600.0, 60.0))))
    kinds = list(r.events["kind"])
    assert "broker_saturated" in kinds and "broker_ok" in kinds


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"clients": 500, "instance": "mq.t3.micro"}, "exceed the 300 wire-level connections"),
        ({"clients": 2500}, "exceed the 2,000 wire-level connections"),
        ({"engine": "rabbitmq"}, "not in the course notes"),
        ({"instance": "mq.m9.huge"}, "instance must be one of"),
        ({"batch": 11}, "batch must be between 1 and 10"),
        ({"consumer_rps": 0}, "consumer_rps must be between 1"),
    ],
)
def test_impossible_configs_name_the_rule(kw: dict, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        MqConfig(**kw)


def test_message_size_by_edition() -> None:
    """aws-facts §4, §9: 256 KB in the course notes, 1 MiB today."""
    assert MqConfig(message_kb=512).needs_extended_client
    assert not MqConfig(message_kb=512, rules="aws-today").needs_extended_client
    rabbit = MqConfig(engine="rabbitmq", deployment="CLUSTER_MULTI_AZ", protocol="amqp091", rules="aws-today")
    assert rabbit.engine == "rabbitmq"


def test_recommendation_follows_the_course_notes() -> None:
    assert recommend("jms", new_app=False)[0] == "Amazon MQ"
    assert recommend("mqtt", new_app=True)[0] == "SQS"
    assert recommend("sqs", new_app=False)[0] == "SQS"
    assert "RabbitMQ" not in " ".join(recommend("amqp", False, "course")[1])
    # AMQP 1.0 is ActiveMQ's; RabbitMQ speaks AMQP 0-9-1 only (Amazon MQ developer guide)
    assert "RabbitMQ" not in " ".join(recommend("amqp", False, "aws-today")[1])
    assert "RabbitMQ" in " ".join(recommend("amqp091", False, "aws-today")[1])


CONFIGS = st.builds(
    MqConfig,
    instance=st.sampled_from(["mq.t3.micro", "mq.m5.large", "mq.m5.4xlarge"]),
    clients=st.integers(1, 300),
    queue_type=st.sampled_from(["standard", "fifo", "fifo-batched"]),
    batch=st.integers(1, 10),
    consumer_rps=st.floats(1, 50_000),
    horizon_s=st.just(3600.0),
    dt_s=st.just(60.0),
)


@given(CONFIGS, st.floats(0, 20_000), st.floats(0, 20_000))
def test_conservation_every_step(cfg: MqConfig, base: float, spike: float) -> None:
    """arrivals = delivered + Δbacklog + refused, each side, every step."""
    f = simulate(cfg, LoadTrace((Constant(base), Spike(spike, 900.0, 60.0, 600.0, 300.0)))).frame
    a = f["sent"].to_numpy() * 60
    for side, rej in (("broker", f["broker_rejected"].to_numpy() * 60), ("sqs", 0.0)):
        q = f[f"{side}_backlog"].to_numpy()
        dq = np.diff(np.concatenate([[0.0], q]))
        assert np.allclose(a, f[f"{side}_delivered"].to_numpy() * 60 + dq + rej, rtol=1e-9, atol=1e-6)
        assert (q >= -1e-9).all()
    assert (f["broker_backlog"] <= cfg.broker.store_msgs + 1e-6).all()


@given(st.lists(CONFIGS, min_size=1, max_size=3))
def test_batched_equals_one_by_one(cfgs: list[MqConfig]) -> None:
    load = LoadTrace((Constant(3000.0),), noise=0.3)
    many = simulate_many(cfgs, [load] * len(cfgs), seed=2)
    for i, cfg in enumerate(cfgs):
        one, res = simulate(cfg, load, seed=2), many.scenario(i)
        assert one.frame.equals(res.frame)
        assert one.events.drop(columns="scenario").equals(res.events.drop(columns="scenario"))


def test_same_seed_same_result_and_warmup() -> None:
    warmup()
    load = LoadTrace((Constant(3000.0),), noise=0.3)
    assert simulate(MqConfig(**HOUR), load, seed=1).frame.equals(simulate(MqConfig(**HOUR), load, seed=1).frame)


def test_cost_crossover_hand_computed() -> None:
    """m5.large pair: 0.29 × 24 × 2 = $13.92/day; SQS at batch 10: 86,400 × 3 / 10 / 1e6 × $0.40 = $0.010368/day
    per msg/s, so SQS costs more above 13.92 / 0.010368 ≈ 1,342.6 msg/s (illustrative prices)."""
    cfg = MqConfig()
    assert cfg.broker_usd_per_day == pytest.approx(13.92)
    assert cfg.cost_crossover_rps == pytest.approx(13.92 / 0.010368)
    f = simulate(MqConfig(horizon_s=86_400.0), cfg.cost_crossover_rps).frame
    assert f["sqs_cost_usd"].iloc[-1] == pytest.approx(f["broker_cost_usd"].iloc[-1], rel=1e-9)


def test_simulate_many_returns_one_stacked_result_and_a_summary() -> None:
    """The one public shape: scenario(i) == simulate(config_i); summary=True: the same summary, empty frames."""
    cfgs = [MqConfig(**HOUR), MqConfig(instance="mq.t3.micro", queue_type="fifo", **HOUR)]
    check_simulate_many(simulate, simulate_many, cfgs, LoadTrace((Constant(1400.0),), noise=0.1), 3)


def test_peak_sentence_and_metric_share_one_duration_format() -> None:
    """The peak latency reads as a duration in the unit its size calls for (engine.core.format_duration)."""
    r = simulate(MqConfig(**HOUR), 3500.0)
    peak = r.events[r.events["kind"] == "peak"]["message"].iloc[0]
    assert "broker latency 10 s, SQS 15 ms" in peak

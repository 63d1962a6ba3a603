"""The EventBridge bus: conservation, fan-out, the incident, batching and seeds, routes, the one public shape."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.eventbridge import KINDS, BusConfig, PatternError, record, routes, sample_table, simulate, simulate_many
from engine.load import Constant, LoadTrace
from tests.engine.eventbridge.test_pattern import CASES
from tests.engine.public_shape import check_simulate_many

DOCS = [record(sample_table(2000, seed=1)[0], i) for i in range(400)]


def test_bus_conservation_and_fan_out() -> None:
    """matched + unmatched = events at every step; each target gets its own copy."""
    cfg = BusConfig(targets=("lambda", "sqs", "sns"), team_rules=False, horizon_s=3600, dt_s=60)
    r = simulate(cfg, 100.0)
    f = r.frame
    assert np.allclose(f["matched_rps"] + f["unmatched_rps"], f["events_rps"])
    assert np.allclose(f["delivered_rps"], 3 * f["matched_rps"])
    assert (r.extra["targets"]["delivered"].nunique()) == 1


def test_order_placed_rate_is_its_share() -> None:
    """The default rule (Order Placed) catches that kind's share of the stream: 40% here."""
    r = simulate(BusConfig(team_rules=False, horizon_s=3600, dt_s=60), 100.0)
    assert r.frame["matched_rps"].to_numpy() == pytest.approx(100.0 * KINDS[0].weight)


def test_incident_spikes_a_payment_rule() -> None:
    cfg = BusConfig(pattern='{"source": ["com.shop.payments"]}', incident_at_s=1800.0, horizon_s=3600, dt_s=60)
    f = simulate(cfg, 100.0).frame
    assert f["matched_rps"].iloc[35] > 5 * f["matched_rps"].iloc[10]
    assert np.allclose(f["events_rps"], 100.0)


def test_bad_bus_configs() -> None:
    with pytest.raises(ValueError, match="at most 5 targets"):
        BusConfig(targets=("lambda", "sqs", "sns", "sfn", "lambda", "sqs"))
    with pytest.raises(ValueError, match="must not repeat"):
        BusConfig(targets=("lambda", "lambda"))
    with pytest.raises(ValueError, match="targets entry must be one of"):
        BusConfig(targets=("kinesis",))
    with pytest.raises(PatternError, match=r"detail\.amount"):
        BusConfig(pattern='{"detail": {"amount": [{"numeric": [">"]}]}}')


@given(st.lists(st.sampled_from([c[0] for c in CASES]), min_size=1, max_size=3))
def test_batched_equals_one_by_one_and_seeds(patterns: list) -> None:
    cfgs = [BusConfig(pattern=json.dumps(p), horizon_s=3600, dt_s=300, n_sample=500) for p in patterns]
    load = LoadTrace((Constant(50.0),), noise=0.2)
    many = simulate_many(cfgs, [load] * len(cfgs), seed=4)
    for i, cfg in enumerate(cfgs):
        one, res = simulate(cfg, load, seed=4), many.scenario(i)
        assert one.frame.equals(res.frame)
        assert one.events.drop(columns="scenario").equals(res.events.drop(columns="scenario"))


def test_routes_list_every_target_of_every_matching_rule() -> None:
    """Fan-out: an order placed goes to your rule's targets and to the audit rule's queue."""
    r = simulate(BusConfig(targets=("lambda", "sns"), horizon_s=3600, dt_s=300, n_sample=2000), 10.0, seed=1)
    first_order = next(i for i, d in enumerate(DOCS) if d["detail-type"] == "Order Placed")
    first_stop = next(i for i, d in enumerate(DOCS) if d["detail"].get("state") == "running")
    assert routes(r, [first_order]) == ["Lambda function (your-rule); SNS topic (your-rule); SQS queue (audit-shop)"]
    assert routes(r, [first_stop]) == ["nowhere: no rule matches"]


def test_simulate_many_returns_one_stacked_result_and_a_summary() -> None:
    """scenario(i) == simulate(config_i); summary=True: the same summary, frames emptied."""
    cfgs = [
        BusConfig(horizon_s=3600, dt_s=300, n_sample=500),
        BusConfig(pattern='{"source": ["aws.s3"]}', horizon_s=3600, dt_s=300),
    ]
    many = check_simulate_many(simulate, simulate_many, cfgs, 50.0, 2)
    assert many.summary["matched_pct"].iloc[0] == pytest.approx(100 * KINDS[0].weight)


def test_old_import_path_still_works() -> None:
    """engine.events (the lab's old name) is an alias of engine.eventbridge that warns once."""
    import importlib
    import sys

    sys.modules.pop("engine.events", None)
    with pytest.warns(DeprecationWarning, match="engine.eventbridge"):
        old = importlib.import_module("engine.events")
    for name in ("OPERATORS", "Column", "Condition", "EventTable", "Leaf", "Pattern", "PatternError", "match",
                 "parse_pattern", "BusConfig", "simulate", "simulate_many", "sample_table"):  # fmt: skip
        assert hasattr(old, name), name


def test_default_run_explains_its_lesson() -> None:
    """The page's default scenario (the default rule on a business day, the team's rules on): the log
    says what the rule matches, the fan-out to the team's rules and the day's volume."""
    from engine.load import preset

    kinds = set(simulate(BusConfig(), preset("Business day")).events["kind"])
    assert {"rule", "fan_out", "volume"} <= kinds

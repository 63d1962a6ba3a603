"""SNS fan-out (aws-facts.md §5): a copy per matching subscription; filter policies; size limit."""

from __future__ import annotations

import pytest

from engine.queues.sns import FanoutConfig, Subscription, simulate_fanout


def test_every_matching_subscriber_gets_its_copy() -> None:
    """§5: no filter policy = every message; a policy on type=order gets only the orders (60 %)."""
    subs = simulate_fanout(FanoutConfig.example(0.01), 100.0).extra["subscribers"]
    total = subs.groupby("subscriber", sort=False)["matched"].sum()
    assert total["analytics (SQS, no filter)"] == 360_000
    assert total["orders (SQS, type=order)"] == pytest.approx(0.6 * 360_000, abs=1)
    assert total["refunds (Lambda, type=refund)"] == pytest.approx(0.1 * 360_000, abs=1)


def test_a_slow_subscriber_queue_grows_while_the_others_stay_flat() -> None:
    """§5 fan-out: each SQS subscriber has its own queue; only the slow one backs up."""
    subs = simulate_fanout(FanoutConfig.example(1.0), 30.0).extra["subscribers"]
    peak = subs.groupby("subscriber", sort=False)["visible"].max()
    assert peak["analytics (SQS, no filter)"] > 10_000  # 30 msg/s vs 2 consumers x 1 msg/s
    assert peak["orders (SQS, type=order)"] <= 20


def test_sns_message_size_is_256_kb_in_both_editions() -> None:
    """§5, §9: SNS stays at 256 KB (SQS went to 1 MiB)."""
    for rules in ("course", "aws-today"):
        with pytest.raises(ValueError, match="message_kb must be between"):
            FanoutConfig(message_kb=300, rules=rules)


def test_filter_values_must_exist() -> None:
    with pytest.raises(ValueError, match="filter value of x must be one of"):
        FanoutConfig(subscriptions=(Subscription("x", "sqs", ("bogus",)),))


def test_the_old_engine_sns_path_still_imports_every_name() -> None:
    """``engine.sns`` moved to ``engine.queues.sns``: the old path warns and gives the same module."""
    import importlib
    import sys

    sys.modules.pop("engine.sns", None)
    with pytest.warns(DeprecationWarning, match="engine.queues.sns"):
        old = importlib.import_module("engine.sns")
    for name in ("SNS_MAX_KB", "FanoutConfig", "Subscription", "simulate_fanout", "SUBSCRIBER_SCHEMA", "PROTOCOLS"):
        assert hasattr(old, name), name


def test_fanout_result_declares_its_units() -> None:
    r = simulate_fanout(FanoutConfig.example(0.01), 10.0)
    assert set(r.frame.columns) | set(r.extra["subscribers"].columns) <= set(r.units)

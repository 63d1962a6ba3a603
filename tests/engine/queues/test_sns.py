"""SNS fan-out (aws-facts.md §5): a copy per matching subscription; filter policies; size limit."""

from __future__ import annotations

import numpy as np
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


def test_queue_sentences_name_their_subscriber() -> None:
    """§5 fan-out, one queue per SQS subscriber: the log says whose queue backs up. Analytics gets
    every message (30 msg/s) and 2 consumers x 1/0.5 s = 4 msg/s: its queue builds a backlog; orders
    (60 % = 18 msg/s vs 2 / 0.05 s = 40 msg/s) keeps up and has none."""
    ev = simulate_fanout(FanoutConfig.example(0.5), 30.0).events
    backlog = ev.loc[ev["kind"] == "backlog", "message"].tolist()
    assert backlog and all(m.startswith("analytics (SQS, no filter): A backlog builds") for m in backlog), backlog
    assert "producers send 30 msg/s, consumers delete 4 msg/s" in backlog[0]


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


def _http(**kw) -> FanoutConfig:
    return FanoutConfig(subscriptions=(Subscription("hook", "http", down_at_s=600.0, **kw),), horizon_s=1200.0)


def test_http_retries_three_times_20_s_apart_by_default() -> None:
    """SNS developer guide ("Set the delivery policy"): by default a failed HTTP/S delivery is retried
    3 times, 20 s apart, then discarded (no DLQ). Endpoint down 100 s from 600 s, 10 msg/s: a copy
    first tried at s waits 700 - s; retries at +20, +40, +60 s reach it when 700 - s <= 60, i.e.
    s >= 640: 60 s x 10 = 600 retried; s in [600, 640): 40 s x 10 = 400 discarded."""
    r = simulate_fanout(_http(down_s=100.0), 10.0)
    s = r.extra["subscribers"].sum(numeric_only=True)
    assert (s["failed"], s["retried"], s["discarded"], s["dead_lettered"]) == pytest.approx((1000, 600, 400, 0))
    assert s["deleted"] == pytest.approx(12_000 - 400)  # 1,200 s x 10 msg/s, less the discarded
    msg = r.events.loc[r.events["kind"] == "endpoint_down", "message"].iloc[0]
    assert "3 times, 20 s apart" in msg and "400 are discarded" in msg


def test_custom_delivery_policy_and_dlq() -> None:
    """A custom policy of 6 retries 30 s apart (180 s) outlasts a 100 s outage: all 1,000 retried. With
    1 retry 20 s apart and a DLQ: only copies waiting <= 20 s (s >= 680, 200 copies) are retried, the
    other 800 go to the DLQ."""
    s = (
        simulate_fanout(_http(down_s=100.0, retries=6, retry_delay_s=30.0), 10.0)
        .extra["subscribers"]
        .sum(numeric_only=True)
    )
    assert (s["retried"], s["discarded"]) == pytest.approx((1000, 0))
    s = simulate_fanout(_http(down_s=100.0, retries=1, dlq=True), 10.0).extra["subscribers"].sum(numeric_only=True)
    assert (s["retried"], s["dead_lettered"], s["discarded"]) == pytest.approx((200, 800, 0))


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"retries": 100, "retry_delay_s": 60.0}, "at most 3600 s"),  # 6,000 s > the 3,600 s hard limit
        ({"retries": 101}, "retries must be between 0 and 100"),
    ],
)
def test_delivery_policy_limits(kw: dict, needle: str) -> None:
    """SNS: the total retry time of an HTTP/S delivery policy cannot exceed 3,600 s (hard limit)."""
    with pytest.raises(ValueError, match=needle):
        Subscription("hook", "http", **kw)


def test_only_http_endpoints_go_down() -> None:
    with pytest.raises(ValueError, match="only an http subscription"):
        Subscription("q", "sqs", down_at_s=10.0)


POLICY_CASES = [
    # policy, scope, reference on the sample (attributes a / body b dicts)
    ({"type": ["order"]}, "MessageAttributes", lambda a, b: a["type"] == "order"),
    ({"store": [{"prefix": "eu-"}]}, "MessageAttributes", lambda a, b: a["store"].startswith("eu-")),
    ({"price_usd": [{"numeric": [">", 50, "<=", 200]}]}, "MessageAttributes", lambda a, b: 50 < a["price_usd"] <= 200),
    ({"channel": [{"anything-but": ["web", "app"]}]}, "MessageAttributes", lambda a, b: a["channel"] == "pos"),
    ({"coupon": [{"exists": False}], "type": ["review"]}, "MessageAttributes", lambda a, b: "coupon" not in a and a["type"] == "review"),
    ({"order": {"currency": ["EUR"]}, "customer": {"tier": ["gold"]}}, "MessageBody",
     lambda a, b: b["order"]["currency"] == "EUR" and b["customer"]["tier"] == "gold"),
    ({"customer": {"ip": [{"cidr": "198.51.100.0/25"}]}}, "MessageBody",
     lambda a, b: int(b["customer"]["ip"].rsplit(".", 1)[1]) < 128),
    ({"$or": [{"type": ["refund"]}, {"order": {"price_usd": [{"numeric": [">=", 300]}]}}]}, "MessageBody",
     lambda a, b: b["type"] == "refund" or b["order"]["price_usd"] >= 300),
]  # fmt: skip


@pytest.mark.parametrize(("policy", "scope", "ref"), POLICY_CASES)
def test_filter_policies_on_attributes_or_body(policy, scope, ref) -> None:
    """SNS filter policies (aws-facts §5; SNS "String value matching", "Numeric value matching",
    "filter policy scope"): the share a policy accepts equals a plain per-message check of the same
    seeded messages, on attributes or on the body."""
    import json

    from engine.queues.sns_policy import sample_messages

    cfg = FanoutConfig()
    sub = Subscription("s", "sqs", filter_policy=json.dumps(policy), filter_scope=scope)
    tables = sample_messages(cfg.type_shares)
    want = np.mean([ref(*_message(tables, i)) for i in range(tables["MessageAttributes"].n)])
    assert 0 < want < 1
    assert cfg.match_share(sub) == pytest.approx(want)


def _message(tables, i):
    """Message ``i`` of the sample as (attributes dict, body dict)."""
    out = []
    for scope in ("MessageAttributes", "MessageBody"):
        doc: dict = {}
        for path, col in tables[scope].columns.items():
            j = np.nonzero(col.owner == i)[0]
            if len(j):
                node = doc
                *parents, leaf = path.split(".")
                for p in parents:
                    node = node.setdefault(p, {})
                node[leaf] = str(col.s[j[0]]) if col.kind[j[0]] == 0 else float(col.x[j[0]])
        out.append(doc)
    return out


@pytest.mark.parametrize(
    ("policy", "scope", "needle"),
    [
        ('{"order": {"currency": ["EUR"]}}', "MessageAttributes", "cannot nest objects"),
        ('{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}', "MessageBody", "at most 5 keys"),
        ('{"a": [' + ",".join(f'"{i}"' for i in range(13)) + '], "b": [' + ",".join(f'"{i}"' for i in range(12)) + "]}",
         "MessageAttributes", "at most 150 value combinations, got 156"),
        ('{"store": [{"wildcard": "eu-*"}]}', "MessageAttributes", "SNS filter policies do not support it"),
        ('{"price_usd": [{"numeric": [">", 2e9]}]}', "MessageAttributes", "-1e9 to 1e9"),
        ('{"type": [{"begins": "o"}]}', "MessageAttributes", "unknown operator 'begins'"),
        ('{"type": ["order"]}', "Body", "filter_scope must be one of"),
    ],
)  # fmt: skip
def test_bad_filter_policies_name_the_rule(policy: str, scope: str, needle: str) -> None:
    """SNS filter policy constraints: flat attribute policies, 5 keys, 150 combinations, ±1e9, no wildcard."""
    with pytest.raises(ValueError, match=needle):
        Subscription("s", "sqs", filter_policy=policy, filter_scope=scope)


def test_filter_types_and_policy_agree() -> None:
    """``filter_types=("order",)`` is the policy {"type": ["order"]}: 60 % by the type shares; measured
    on the seeded batch the policy gives close to the same (sampling)."""
    import json

    cfg = FanoutConfig()
    a = cfg.match_share(Subscription("a", "sqs", ("order",)))
    b = cfg.match_share(Subscription("b", "sqs", filter_policy=json.dumps({"type": ["order"]})))
    assert a == pytest.approx(0.6) and b == pytest.approx(0.6, abs=0.03)

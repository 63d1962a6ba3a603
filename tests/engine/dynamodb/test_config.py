"""DynamoDB config: bad values are refused with a message naming the field and the rule."""

from __future__ import annotations

import pytest

from engine import dynamodb as ddb


def test_item_over_400_kb_is_refused_by_the_config() -> None:
    """§3.1: items are at most 400 KB."""
    with pytest.raises(ValueError, match="item_size_kb"):
        ddb.DynamoConfig(item_size_kb=500)


@pytest.mark.parametrize(
    ("kw", "text"),
    [
        ({"target_pct": 95}, "target_pct must be between 20 and 90"),
        ({"target_pct": 10}, "target_pct must be between 20 and 90"),
        ({"wcu": 0}, "wcu must be between 1 and 40000"),
        ({"rcu": -5}, "rcu must be between 1"),
        ({"min_wcu": 50, "max_wcu": 10}, "min_wcu 50 must not exceed max_wcu 10"),
        ({"consistency": "weak"}, "consistency must be one of"),
        ({"rules": "aws-1999"}, "rules must be one of"),
    ],
)
def test_bad_config_names_the_rule(kw: dict, text: str) -> None:
    """Bad input gives a message naming the field, the value and the allowed range."""
    with pytest.raises(ValueError, match=text):
        ddb.DynamoConfig(**kw)


def test_storage_message_states_the_limit_it_enforces() -> None:
    """§3.2: 10 GB per partition; at most 128 formula partitions are simulated (halving splits can
    need twice that, the kernel's 256 slots), so a run may hold at most 1,280 GB at its end:
    500 GB + 20 GB/h × 48 h = 1,460 GB is refused, naming the limit and the sum; 1,280 is accepted."""
    with pytest.raises(ValueError) as err:
        ddb.DynamoConfig(storage_gb=500, growth_gb_per_h=20, horizon_s=48 * 3600)
    assert str(err.value) == (
        "storage_gb + growth_gb_per_h × horizon must be at most 1,280 GB (128 partitions of 10 GB, the most "
        "simulated), got 500 GB + 20 GB/h × 48 h = 1,460 GB"
    )
    assert ddb.DynamoConfig(storage_gb=800, growth_gb_per_h=20, horizon_s=24 * 3600).storage_gb == 800

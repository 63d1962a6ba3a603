"""Lambda settings: reserved, unreserved and provisioned concurrency and the timeout, each refused
with the rule it breaks (aws-facts.md §6); Little's law."""

from __future__ import annotations

import pytest

from engine.lambda_ import LambdaConfig, steady_concurrency


def test_steady_concurrency_is_rate_times_duration() -> None:
    """§6: 100 req/s x 0.5 s = 50 concurrent (Little's law)."""
    assert steady_concurrency(100, 0.5) == 50.0


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"reserved": 1200}, "above the account limit of 1,000"),
        ({"reserved": 950}, "leaves 50 unreserved; Lambda keeps at least 100 unreserved"),
        ({"reserved": 500, "other_reserved": 450}, "at least 100 unreserved"),
        ({"duration_s": 1000}, "duration_s must be between 0.001 and 900"),
        ({"provisioned": 200, "reserved": 100}, "exceeds the function's cap of 100"),
    ],
)
def test_bad_settings_name_the_rule(kw, words) -> None:
    with pytest.raises(ValueError, match=words):
        LambdaConfig(**kw)

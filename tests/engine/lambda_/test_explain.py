"""Every Lambda event kind has a sentence; the scaling rule is written once."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pytest

from engine.kernel.events import Event
from engine.lambda_ import LambdaConfig, simulate
from engine.lambda_.explain import explain
from engine.lambda_.layout import KINDS


@pytest.mark.parametrize("kind", list(KINDS.enum), ids=lambda k: k.name)
def test_every_kind_has_a_sentence(kind) -> None:
    values = MappingProxyType(dict.fromkeys(KINDS.payload(kind), 1.0))
    for cfg in (LambdaConfig(), LambdaConfig(invocation="async", reserved=10, rules="aws-today")):
        assert explain(cfg, Event(0.0, kind, KINDS.tag(kind), values)).endswith(".")


def test_the_throttle_sentence_names_the_edition_rule() -> None:
    """§6, §9: +1,000 per 10 s per function today; the old Region burst then +500 per minute as
    AWS's older documented behaviour; in the course notes' model only the cap can throttle."""
    values = MappingProxyType({"over": 5.0, "ceiling": 300.0, "by_ceiling": 1.0})
    throttle = KINDS.enum["THROTTLE"]
    today = explain(LambdaConfig(rules="aws-today"), Event(0.0, throttle, "throttle", values))
    old = explain(LambdaConfig(burst=500, scaling="old-burst"), Event(0.0, throttle, "throttle", values))
    at_cap = MappingProxyType({"over": 5.0, "ceiling": 1000.0, "by_ceiling": 1.0})
    course = explain(LambdaConfig(), Event(0.0, throttle, "throttle", at_cap))
    assert "a scaling ceiling of 300 environments (+1,000 environments per 10 s per function" in today
    assert "AWS before Nov 2023: a Region burst of 500, then +500 per minute" in old
    assert "Throttling starts: 5 over the cap of 1,000 environments" in course
    by_rate = MappingProxyType({"over": 5.0, "ceiling": 1000.0, "by_ceiling": 0.0})
    rate = explain(LambdaConfig(rules="aws-today"), Event(0.0, throttle, "throttle", by_rate))
    assert "over the request-rate quota of 10,000 invocations/s" in rate


def test_throttling_is_rolled_up_into_episodes() -> None:
    """Issue 11: the log stays readable. 400 req/s of 1 s functions against reserved concurrency 300
    for 100 s, 100 s at 200 req/s, then 100 s at 400 again: two episodes, each logged once when it
    starts and once with its total (100 x 100 = 10,000 429s over 100 s), the last still running."""
    cfg = LambdaConfig(horizon_s=300, duration_s=1.0, reserved=300, cold_start_s=0)
    t = cfg.grid.t_s
    r = simulate(cfg, np.where((t >= 100) & (t < 200), 200.0, 400.0))
    ends = r.events[r.events["kind"] == "throttle_end"]
    assert (r.events["kind"] == "throttle").sum() == 2 and len(ends) == 2
    assert ends["message"].tolist() == [
        "10,000 429s returned over 1.67 min of throttling; then it stopped.",
        "10,000 429s returned over 1.67 min of throttling; still throttling when the run ends.",
    ]


def test_the_log_totals_every_count_the_page_shows() -> None:
    """Issue 11: the log reports what the metrics count. Reserved concurrency 50 at 200 req/s of
    0.5 s (100 needed) for 300 s: 50 / 0.5 = 100 run a second, 100 throttled: 30,000 invocations,
    30,000 429s, 50 cold starts (the first second's environments)."""
    r = simulate(LambdaConfig(horizon_s=300, reserved=50, cold_start_s=0), 200.0)
    line = r.events.loc[r.events["kind"] == "totals", "message"].tolist()
    assert line == [
        "Over the run: 30,000 invocations, 30,000 429s returned (0 over the request-rate quota), "
        "50 cold starts; peak concurrency 50 of a cap of 50."
    ]

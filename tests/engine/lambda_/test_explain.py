"""Every Lambda event kind has a sentence; the scaling rule is written once."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from engine.kernel.events import Event
from engine.lambda_ import LambdaConfig
from engine.lambda_.explain import explain
from engine.lambda_.layout import KINDS


@pytest.mark.parametrize("kind", list(KINDS.enum), ids=lambda k: k.name)
def test_every_kind_has_a_sentence(kind) -> None:
    values = MappingProxyType(dict.fromkeys(KINDS.payload(kind), 1.0))
    for cfg in (LambdaConfig(), LambdaConfig(invocation="async", reserved=10, rules="aws-today")):
        assert explain(cfg, Event(0.0, kind, KINDS.tag(kind), values)).endswith(".")


def test_the_throttle_sentence_names_the_edition_rule() -> None:
    """§6, §9: +1,000 per 10 s per function today; no limits in the course notes; the old Region
    burst then +500 per minute as AWS's older documented behaviour."""
    values = MappingProxyType({"over": 5.0, "ceiling": 3000.0})
    throttle = KINDS.enum["THROTTLE"]
    today = explain(LambdaConfig(rules="aws-today"), Event(0.0, throttle, "throttle", values))
    old = explain(LambdaConfig(burst=500, scaling="old-burst"), Event(0.0, throttle, "throttle", values))
    course = explain(LambdaConfig(), Event(0.0, throttle, "throttle", values))
    assert "+1,000 environments per 10 s per function" in today
    assert "AWS before Nov 2023: a Region burst of 500, then +500 per minute" in old
    assert "course notes: no limits to scaling" in course

"""Every queue event kind has a sentence; sentences read payloads by name and format durations
with the shared formatter."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from engine.kernel.events import Event
from engine.queues import QueueConfig, simulate
from engine.queues.explain import explain
from engine.queues.layout import KINDS


@pytest.mark.parametrize("kind", list(KINDS.enum), ids=lambda k: k.name)
def test_every_kind_has_a_sentence(kind) -> None:
    values = MappingProxyType(dict.fromkeys(KINDS.payload(kind), 1.0))
    for cfg in (QueueConfig(), QueueConfig(queue_type="fifo", scaling="backlog")):
        text = explain(cfg, Event(0.0, kind, KINDS.tag(kind), values))
        assert text and text.endswith((".", " ")), text


def test_a_visibility_overrun_names_both_durations() -> None:
    """§4: 40 s of processing against a 30 s visibility timeout."""
    r = simulate(QueueConfig(horizon_s=600, consumers=100, processing_s=40.0), 1.0)
    text = r.events.loc[r.events["kind"] == "redelivery", "message"].iloc[0]
    assert "(40 s) when the 30 s visibility timeout ran out" in text

"""Every queue event kind has a sentence; sentences read payloads by name and format durations
with the shared formatter."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
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


def test_a_backlog_builds_and_drains_in_the_log() -> None:
    """§4 (queue metrics once a minute): 10 consumers x 0.1 s take 100 msg/s. 150 msg/s for 600 s,
    then 50 msg/s. The backlog grows 50 a second to 50 x 600 = 30,000 and shrinks 50 a second, empty
    at 1,200 s. Served in order, the oldest visible message at time T arrived at T / 1.5, so it has
    waited T / 3: past 60 s (the log's threshold) just after T = 180 s; its age peaks at 900 / 3 =
    300 s when the last 150-msg/s message is reached."""
    cfg = QueueConfig(horizon_s=1800, consumers=10, processing_s=0.1)
    r = simulate(cfg, np.where(cfg.grid.t_s < 600, 150.0, 50.0))
    ev = r.events.set_index("kind")
    assert ev.loc["backlog", "t_s"] == pytest.approx(181, abs=3)
    assert "producers send 150 msg/s, consumers delete 100 msg/s" in ev.loc["backlog", "message"]
    assert ev.loc["drained", "t_s"] == pytest.approx(1200, abs=5)
    assert "peaked at 30,000 visible" in ev.loc["drained", "message"]
    assert r.frame["oldest_age_s"].max() == pytest.approx(300, abs=2)
    assert "totals" not in ev.index  # nothing duplicated, dead-lettered or expired: no totals line


def test_every_count_the_page_shows_is_in_the_log() -> None:
    """Issue 11: a run whose only happenings are at-least-once duplicates (0.1 % of receives, under
    the 1 % a window needs to be news) still reports them, once, rolled up for the run."""
    r = simulate(QueueConfig(horizon_s=3600, consumers=10, duplicate_rate=0.001), 50.0)
    dups = int(r.summary["duplicates_total"].iloc[0])
    assert dups > 0
    totals = r.events[r.events["kind"] == "totals"]
    assert len(totals) == 1 and len(r.events) == 1
    assert (
        f"Over the run: {dups:,} duplicate deliveries (a standard queue delivers at least once)"
        in (totals["message"].iloc[0])
    )

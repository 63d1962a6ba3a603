"""EventBridge figures: series present, bounded frames, bars per target and kind, small payload."""

from __future__ import annotations

from engine.eventbridge import BusConfig, simulate
from engine.load import preset
from views.eventbridge.figures import kinds_figure, targets_figure, timeline_figure

RES = simulate(BusConfig(targets=("lambda", "sqs"), incident_at_s=36_000.0), preset("Business day"))


def test_timeline() -> None:
    fig = timeline_figure(RES)
    assert {"Events on the bus", "Matched events", "Target deliveries"} <= {t.name for t in fig.data}
    assert 2 <= len(fig.frames) <= 40
    assert len(fig.to_json()) < 250_000
    assert not timeline_figure(RES, reduced_motion=True).frames


def test_targets_and_kinds_bars() -> None:
    t = targets_figure(RES)
    assert len(t.data[0].y) == 4  # your rule's 2 targets + 2 team rules
    assert any(label.startswith("your-rule → Lambda") for label in t.data[0].y)
    k = kinds_figure(RES)
    assert [tr.name for tr in k.data] == ["On the bus", "Matched by your rule"]
    assert len(k.data[0].x) == 5
    assert len(t.to_json()) + len(k.to_json()) < 30_000


def test_timeline_shows_retries_only_with_an_outage() -> None:
    """Without an outage the retry panels are left out; with one (retries for 1 h, a DLQ) they
    show the failed first tries, late deliveries, the DLQ and the copies waiting."""
    names = {t.name for t in timeline_figure(RES).data}
    assert "Failed first tries" not in names
    out = simulate(
        BusConfig(outage_at_s=36_000.0, outage_s=7_200.0, retry_max_age_s=3_600.0, dlq=True), preset("Business day")
    )
    names = {t.name for t in timeline_figure(out).data}
    assert {"Failed first tries", "Delivered by a retry", "Sent to the DLQ", "Copies waiting for a retry"} <= names
    assert "Dropped after retries" not in names

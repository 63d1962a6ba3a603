"""Queues figures: traces present, frames bounded, fixed ranges, payload small, units from the engine."""

from __future__ import annotations

from engine.core import format_duration, format_number
from engine.queues import QueueConfig, simulate
from engine.queues.sns import FanoutConfig, simulate_fanout
from views.queues.figures import fanout_figure, queue_figure


def check_figure(fig, max_bytes: int = 480_000, max_frames: int = 40) -> None:
    """Bounded frames, fixed ranges on the first two panels, a small payload."""
    assert len(fig.frames) <= max_frames
    for key in ("yaxis", "yaxis2"):
        assert fig.layout[key].autorange is False
    assert len(fig.to_json()) < max_bytes


def test_queue_figure_has_the_cloudwatch_lines_and_backlog_target() -> None:
    r = simulate(QueueConfig(horizon_s=86_400, scaling="backlog", consumers=2, max_consumers=30), 20.0)
    fig = queue_figure(r)
    names = {t.name for t in fig.data}
    assert {"Visible", "In flight", "Age of oldest message", "Duplicate deliveries", "Consumers"} <= names
    assert any("target" in a.text for a in fig.layout.annotations)
    check_figure(fig)
    static = queue_figure(r, reduced_motion=True)
    assert not static.frames


def test_queue_figure_axis_titles_come_from_the_engine_units() -> None:
    """The age panel is titled by its column and the unit the engine declares (s)."""
    r = simulate(QueueConfig(horizon_s=600), 5.0)
    fig = queue_figure(r)
    assert fig.layout.yaxis2.title.text == f"Age of oldest message ({r.units['oldest_age_s']})"
    assert r.units["load"] == "msg/s"


def test_fanout_figure_one_line_per_subscriber() -> None:
    r = simulate_fanout(FanoutConfig.example(1.0), 30.0)
    fig = fanout_figure(r)
    assert len(fig.data) == 3
    assert max(len(t.y) for t in fig.data) <= 200
    analytics = next(t for t in fig.data if t.name.startswith("analytics"))
    orders = next(t for t in fig.data if t.name.startswith("orders"))
    assert max(analytics.y) > 100 * max(1.0, *orders.y)
    assert len(fig.to_json()) < 50_000


def test_the_tiles_use_the_shared_formats() -> None:
    """The queue page's tiles went from a private formatter to engine.core's: same inputs."""
    assert format_duration(45) == "45 s" and format_duration(3600) == "1 h" and format_duration(36_000) == "10 h"
    assert format_number(950) == "950" and format_number(12_345) == "12,345" and format_number(1_050_000) == "1,050,000"
    assert format_number(0.26) == "0.26"

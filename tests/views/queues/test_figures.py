"""Queues figures: traces present, frames bounded, fixed ranges, payload small, units from the engine."""

from __future__ import annotations

import numpy as np
import pytest

from engine.core import format_duration, format_number
from engine.queues import QueueConfig, simulate
from engine.queues.sns import FanoutConfig, Subscription, simulate_fanout
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
    """One queue line per subscriber (the figure now also has the received/filtered-out bars, so the
    lines are told by their ``meta``); no HTTP/S outage: no delivery-outcome panel."""
    r = simulate_fanout(FanoutConfig.example(1.0), 30.0)
    fig = fanout_figure(r)
    lines = [t for t in fig.data if t.meta == "queues"]
    assert len(lines) == 3
    assert not [t for t in fig.data if t.meta == "http"]
    assert max(len(t.y) for t in lines) <= 200
    analytics = next(t for t in lines if t.name.startswith("analytics"))
    orders = next(t for t in lines if t.name.startswith("orders"))
    assert max(analytics.y) > 100 * max(1.0, *orders.y)
    assert len(fig.to_json()) < 50_000


def test_fanout_figure_shows_the_webhook_outcomes_and_what_each_filter_left_out() -> None:
    """SNS HTTP/S delivery (default policy: 3 retries, 20 s apart; no DLQ: discarded). 10 msg/s for
    1,200 s, endpoint down 100 s from 600 s: failed 100 x 10 = 1,000; copies first tried at s >= 640
    are reached by a retry (700 - s <= 60): 600; the 400 first tried in [600, 640) are discarded.
    The outcome lines are running totals: their last points are those totals. Bars (aws-facts §5, no
    policy = every message): the webhook received all 12,000 published, orders (type=order, 60 %)
    7,200 and filtered out 4,800."""
    subs = (
        Subscription("orders", "sqs", ("order",), 2, 0.05),
        Subscription("hook", "http", down_at_s=600.0, down_s=100.0),
    )
    r = simulate_fanout(FanoutConfig(subscriptions=subs, horizon_s=1200.0), 10.0)
    fig = fanout_figure(r, max_points=100)
    outcome = {t.name: float(t.y[-1]) for t in fig.data if t.meta == "http"}
    assert outcome == pytest.approx(
        {
            "Failed first tries": 1000,
            "Delivered by a retry": 600,
            "To the subscription DLQ": 0,
            "Discarded (no DLQ)": 400,
        }
    )
    bars = {t.name: dict(zip(t.y, t.x, strict=True)) for t in fig.data if t.meta == "filter"}
    assert bars["Passed the filter"] == pytest.approx({"orders": 7200, "hook": 12_000}, abs=1)
    assert bars["Filtered out"] == pytest.approx({"orders": 4800, "hook": 0}, abs=1)
    assert fig.layout.xaxis3.range == (0, 12_000)
    calm = FanoutConfig(subscriptions=(Subscription("hook", "http"),), horizon_s=1200.0)
    assert not [t for t in fanout_figure(simulate_fanout(calm, 10.0)).data if t.meta == "http"]
    for axis in ("yaxis", "yaxis2"):
        assert fig.layout[axis].autorange is False
    retried = next(t for t in fig.data if t.name == "Delivered by a retry").y
    assert np.all(np.diff(retried) >= 0) and retried[0] == 0  # cumulative, nothing before the outage


def test_the_tiles_use_the_shared_formats() -> None:
    """The queue page's tiles went from a private formatter to engine.core's: same inputs."""
    assert format_duration(45) == "45 s" and format_duration(3600) == "1 h" and format_duration(36_000) == "10 h"
    assert format_number(950) == "950" and format_number(12_345) == "12,345" and format_number(1_050_000) == "1,050,000"
    assert format_number(0.26) == "0.26"

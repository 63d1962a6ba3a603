"""Messaging figures: traces present, frames bounded, fixed ranges, payload small."""

from __future__ import annotations

from engine.coupling import CouplingConfig
from engine.coupling import simulate as coupling_sim
from engine.queues import QueueConfig
from engine.queues import simulate as queue_sim
from engine.serverless import LambdaConfig
from engine.serverless import simulate as lambda_sim
from engine.sns import FanoutConfig, simulate_fanout
from views.coupling_figures import coupling_figure
from views.queues_figures import compact, duration, fanout_figure, queue_figure
from views.serverless_figures import lambda_figure


def _check(fig, max_bytes: int = 480_000) -> None:
    assert len(fig.frames) <= 40
    for key in ("yaxis", "yaxis2"):
        assert fig.layout[key].autorange is False
    assert len(fig.to_json()) < max_bytes


def test_queue_figure_has_the_cloudwatch_lines_and_backlog_target() -> None:
    r = queue_sim(QueueConfig(horizon_s=86_400, scaling="backlog", consumers=2, max_consumers=30), 20.0)
    fig = queue_figure(r.frame, r.events, target=r.config.backlog_target)
    names = {t.name for t in fig.data}
    assert {"Visible", "In flight", "Age of oldest message", "Duplicate deliveries", "Consumers"} <= names
    assert any("target" in a.text for a in fig.layout.annotations)
    _check(fig)
    static = queue_figure(r.frame, r.events, reduced_motion=True)
    assert not static.frames


def test_lambda_figure_shows_the_cap_and_async_panel() -> None:
    r = lambda_sim(LambdaConfig(horizon_s=21_600, reserved=100, invocation="async"), 300.0)
    fig = lambda_figure(r.frame, r.events, cap=100, asynchronous=True)
    assert {"Concurrency", "Scaling ceiling", "Async events waiting"} <= {t.name for t in fig.data}
    assert any("cap 100" in a.text for a in fig.layout.annotations)
    _check(fig)


def test_coupling_figures_split_events_by_side() -> None:
    r = coupling_sim(CouplingConfig(), 30.0)
    tight = coupling_figure(r.frame, r.events, "tight")
    loose = coupling_figure(r.frame, r.events, "loose")
    assert "Failed (503/504)" in {t.name for t in tight.data}
    assert "Waiting in the queue" in {t.name for t in loose.data}
    for fig in (tight, loose):
        _check(fig)
        events = [t for t in fig.data if t.name and t.name.startswith("Events")]
        assert events and all(txt.split(" · ")[1].startswith(("Tight", "Loose")) for txt in events[0].hovertext)


def test_fanout_figure_one_line_per_subscriber() -> None:
    subs = simulate_fanout(FanoutConfig.example(1.0), 30.0).extra["subscribers"]
    fig = fanout_figure(subs)
    assert len(fig.data) == 3
    assert max(len(t.y) for t in fig.data) <= 200
    analytics = next(t for t in fig.data if t.name.startswith("analytics"))
    orders = next(t for t in fig.data if t.name.startswith("orders"))
    assert max(analytics.y) > 100 * max(1.0, *orders.y)
    assert len(fig.to_json()) < 50_000


def test_number_formats() -> None:
    assert duration(45) == "45 s" and duration(3600) == "60 min" and duration(36_000) == "10.0 h"
    assert compact(950) == "950" and compact(12_345) == "12.3k" and compact(1_050_000) == "1.05M"
    assert compact(0.26, "$") == "$0.26"

"""Figures of the Lambda lab: requests vs throttles, concurrency vs its ceiling, cold starts, cost."""

from __future__ import annotations

import plotly.graph_objects as go

from engine.core import Result, format_number
from views.animation import Panel, Ref, Trace, animated_figure

__all__ = ["lambda_figure"]


def lambda_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Animated panels: requests, concurrency under the cap and scaling ceiling, cold starts, the
    async queue (async invocations only), cost."""
    cfg = result.config
    flow = [
        Trace("load", name="Requests", agg="mean"),
        Trace("invocations", agg="mean"),
        Trace("throttled", agg="mean"),
    ]
    panels = [
        Panel.of(*flow, title="Per second"),
        Panel.of(
            Trace("concurrency", style="area"),
            Trace("environments", style="dot"),
            Trace("limit", style="dash", name="Scaling ceiling"),
            title="Environments",
            refs=(Ref(cfg.cap, f"cap {format_number(cfg.cap)}"),),
            height=1.3,
        ),
        Panel.of(Trace("cold_starts", style="area"), title="Cold starts / s"),
    ]
    if cfg.invocation == "async":
        panels.append(Panel.of(Trace("async_waiting", style="area"), title="Async events waiting"))
    panels.append(Panel.of(Trace("cost_usd", agg="last")))
    return animated_figure(
        result.frame,
        panels,
        units=result.units,
        events=result.events,
        reduced_motion=reduced_motion,
        max_points=240,
        max_frames=40,
    )

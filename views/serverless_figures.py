"""Figures of the Lambda lab: requests vs throttles, concurrency vs its ceiling, cold starts, cost."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from views.animation import Panel, Ref, Trace, animated_figure

__all__ = ["lambda_figure"]


def lambda_figure(
    frame: pd.DataFrame, events: pd.DataFrame | None, *, cap: float, asynchronous: bool = False,
    reduced_motion: bool = False,
) -> go.Figure:  # fmt: skip
    """Animated panels: requests, concurrency under the cap and scaling ceiling, cold starts, cost."""
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
            refs=(Ref(cap, f"cap {cap:,.0f}"),),
            height=1.3,
        ),
        Panel.of(Trace("cold_starts", style="area"), title="Cold starts / s"),
    ]
    if asynchronous:
        panels.append(Panel.of(Trace("async_waiting", style="area"), title="Async events waiting"))
    panels.append(Panel.of(Trace("cost_usd", agg="last"), title="Cost so far (USD)"))
    return animated_figure(frame, panels, events=events, reduced_motion=reduced_motion, max_points=240, max_frames=40)

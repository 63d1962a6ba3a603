"""Figures of the Lambda lab: requests vs throttles, concurrency vs its ceiling, cold starts, cost."""

from __future__ import annotations

import plotly.graph_objects as go

from engine.core import Result, format_number
from views.animation import Panel, Ref, Trace, animated_figure, per_second, rate

__all__ = ["lambda_figure"]


def lambda_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Animated panels: requests, concurrency under the cap and scaling ceiling, cold starts, the
    async queue (async invocations only), cost."""
    cfg = result.config
    f = result.frame
    # The axis fits the environments the run uses, not the account cap (10,000 would flatten the
    # lesson): the cap is drawn only when the run comes near it, else named in the panel heading.
    peak = float(max(f["concurrency"].max(), f["environments"].max(), 1.0))
    top = max(peak * 1.3, 10.0)
    near_cap = cfg.cap <= top
    env_heading = "Environments" if near_cap else f"Environments (account cap {format_number(cfg.cap)}, above the axis)"
    # invocations, throttles and cold starts are counted per step: drawn per second
    f, units = per_second(f, result.units, ("invocations", "throttled", "cold_starts"), cfg.dt_s)
    flow = [
        Trace("load", name="Requests", agg="mean"),
        rate("invocations", agg="mean"),
        rate("throttled", agg="mean"),
    ]
    panels = [
        Panel.of(*flow, title="Requests per second"),
        Panel.of(
            Trace("concurrency", style="area"),
            Trace("environments", style="dot"),
            Trace("limit", style="dash", name="Ceiling"),  # short: the row fits a 1280 px screen
            title="Environments",
            heading=env_heading,
            refs=(Ref(cfg.cap, f"cap {format_number(cfg.cap)}"),) if near_cap else (),
            y_max=top,
            height=1.3,
        ),
        Panel.of(rate("cold_starts", style="area"), title="Cold starts per second"),
    ]
    if cfg.invocation == "async":
        panels.append(Panel.of(Trace("async_waiting", style="area"), title="Async events waiting"))
    panels.append(Panel.of(Trace("cost_usd", agg="last")))
    return animated_figure(
        f,
        panels,
        units=units,
        events=result.events,
        reduced_motion=reduced_motion,
        max_points=240,
        max_frames=40,
    )

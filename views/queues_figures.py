"""Figures of the messaging labs: queue depth and consumers, SNS fan-out, Lambda, coupling."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from views.animation import Panel, Ref, Trace, animated_figure, downsample, time_axis
from views.style import COLORS, PALETTE

__all__ = ["compact", "duration", "fanout_figure", "queue_figure"]


def duration(seconds: float) -> str:
    """A duration for a metric: ``45 s``, ``12 min``, ``3.1 h``, ``2.0 d``."""
    if seconds < 120:
        return f"{seconds:,.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:,.0f} min"
    if seconds < 172_800:
        return f"{seconds / 3600:,.1f} h"
    return f"{seconds / 86_400:,.1f} d"


def compact(value: float, prefix: str = "") -> str:
    """A number short enough for a metric tile: ``950``, ``12.3k``, ``1.05M``."""
    v = abs(value)
    if v < 10_000:
        return f"{prefix}{value:,.0f}" if v >= 100 or not prefix else f"{prefix}{value:,.2f}"
    if v < 1e6:
        return f"{prefix}{value / 1e3:,.1f}k"
    return f"{prefix}{value / 1e6:,.2f}M"


SUB_COLORS = (PALETTE["purple"], PALETTE["orange"], PALETTE["sky"], PALETTE["green"], PALETTE["vermillion"])


def queue_figure(
    frame: pd.DataFrame, events: pd.DataFrame | None, *, reduced_motion: bool = False, target: float | None = None
) -> go.Figure:
    """Queue depth, age of oldest, consumers and message flow, as an animated stack of panels."""
    refs = (Ref(target, f"target {target:,.0f}/instance"),) if target else ()
    panels = [
        Panel.of(
            Trace("visible", style="area"),
            Trace("in_flight"),
            Trace("dead_lettered", style="dash", agg="last"),
            Trace("expired", style="dot", agg="last"),
            title="Messages",
            height=1.3,
        ),
        Panel.of(Trace("oldest_age_s", style="area"), title="Age of oldest (s)"),
        Panel.of(Trace("consumers", style="step"), Trace("pending", style="dot"), title="Consumers", refs=()),
        Panel.of(
            Trace("sent", agg="mean"),
            Trace("deleted", agg="mean"),
            Trace("duplicates", agg="mean"),
            Trace("out_of_order", style="dot", agg="mean"),
            title="Messages per step",
        ),
    ]
    if refs:
        panels.insert(
            3,
            Panel.of(Trace("metric", style="step", name="Backlog per instance"), title="Backlog / instance", refs=refs),
        )
    return animated_figure(frame, panels, events=events, reduced_motion=reduced_motion, max_points=240, max_frames=40)


def fanout_figure(subs: pd.DataFrame, *, max_points: int = 200) -> go.Figure:
    """One line per subscriber: messages waiting in its queue (Lambda/HTTP are pushed: flat at 0)."""
    fig = go.Figure()
    t = np.sort(subs["t_s"].unique())
    horizon = float(t[-1] - t[0]) + 1.0
    scale, unit = time_axis(horizon)
    xs = None
    for i, (name, part) in enumerate(subs.groupby("subscriber", sort=False)):
        y = downsample(part["visible"].to_numpy(dtype=float), max_points, "max").astype(np.float32)
        if xs is None:
            size = int(np.ceil(len(t) / len(y)))
            xs = (t[::size][: len(y)] / scale).astype(np.float32)
        fig.add_trace(
            go.Scatter(
                x=xs, y=y, name=str(name), mode="lines", line={"color": SUB_COLORS[i % len(SUB_COLORS)], "width": 2}
            )
        )
    top = float(subs["visible"].max())
    fig.update_layout(
        template="plotly_white",
        height=320,
        margin={"l": 60, "r": 20, "t": 30, "b": 40},
        legend={"orientation": "h", "y": 1.05, "yanchor": "bottom", "x": 0},
        xaxis={"title": f"Time ({unit})", "range": [0, horizon / scale], "autorange": False},
        yaxis={"title": "Waiting in the subscriber's queue", "range": [0, max(top * 1.08, 1.0)], "autorange": False},
        hovermode="x unified",
    )
    fig.add_annotation(
        x=0,
        y=1,
        xref="paper",
        yref="paper",
        showarrow=False,
        xanchor="left",
        yanchor="top",
        text="Each subscriber gets its own copy; only its own queue grows",
        font={"size": 11, "color": COLORS["event"]},
    )
    return fig

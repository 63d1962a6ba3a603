"""Figures of the queues lab: queue depth, age of oldest and consumers; SNS fan-out per subscriber."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.core import Result, format_number
from views.animation import Panel, Ref, Trace, animated_figure, downsample, time_axis
from views.style import COLORS, PALETTE

__all__ = ["fanout_figure", "queue_figure"]

SUB_COLORS = (PALETTE["purple"], PALETTE["orange"], PALETTE["sky"], PALETTE["green"], PALETTE["vermillion"])


def queue_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Queue depth, age of oldest, consumers and message flow, as an animated stack of panels; with
    consumers scaled on backlog per instance, a panel of that metric against its target."""
    cfg = result.config
    panels = [
        Panel.of(
            Trace("visible", style="area"),
            Trace("in_flight"),
            Trace("dead_lettered", style="dash", agg="last"),
            Trace("expired", style="dot", agg="last"),
            title="Messages",
            height=1.3,
        ),
        Panel.of(Trace("oldest_age_s", style="area")),
        Panel.of(Trace("consumers", style="step"), Trace("pending", style="dot"), title="Consumers", refs=()),
        Panel.of(
            Trace("sent", agg="mean"),
            Trace("deleted", agg="mean"),
            Trace("duplicates", agg="mean"),
            Trace("out_of_order", style="dot", agg="mean"),
            title="Messages per step",
        ),
    ]
    if cfg.scaling == "backlog":
        target = cfg.backlog_target
        refs = (Ref(target, f"target {format_number(target)}/instance"),)
        panels.insert(
            3,
            Panel.of(Trace("metric", style="step", name="Backlog per instance"), title="Backlog / instance", refs=refs),
        )
    return animated_figure(
        result.frame,
        panels,
        units=result.units,
        events=result.events,
        reduced_motion=reduced_motion,
        max_points=240,
        max_frames=40,
    )


def fanout_figure(result: Result, *, max_points: int = 200) -> go.Figure:
    """One line per subscriber of an SNS fan-out run: messages waiting in its queue (Lambda/HTTP
    subscribers are pushed to: flat at 0)."""
    subs = result.extra["subscribers"]
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
        yaxis={
            "title": f"Waiting in the subscriber's queue ({result.units.get('visible', '')})",
            "range": [0, max(top * 1.08, 1.0)],
            "autorange": False,
        },
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

"""Figures of the AWS Batch lab: jobs and vCPUs over time, and the queues by priority."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.core import Result
from views.animation import Panel, Ref, Trace, animated_figure, downsample, time_axis
from views.style import PALETTE

__all__ = ["jobs_figure", "queues_figure"]

QUEUE_COLORS = (PALETTE["blue"], PALETTE["orange"], PALETTE["purple"])


def jobs_figure(result: Result, *, reduced_motion: bool) -> go.Figure:
    """Job states, vCPUs (against the compute environments' max vCPUs) and outcomes over time
    (animated); scaling, interruptions and timeouts show as event markers."""
    max_vcpus = sum(ce.max_vcpus for ce in result.config.compute_environments)
    return animated_figure(
        result.frame,
        [
            Panel.of(
                Trace("runnable", style="area"),
                Trace("running"),
                Trace("submitted", style="dot", width=1.5),
                title="Jobs by state",
            ),
            Panel.of(
                Trace("vcpus", style="step"),
                Trace("vcpus_used", style="area"),
                refs=(Ref(max_vcpus, f"max {max_vcpus:,.0f} vCPUs"),),
            ),
            Panel.of(
                Trace("jobs_succeeded", agg="last"),
                Trace("jobs_failed", agg="last"),
                title="Outcomes",
            ),
        ],
        units=result.units,
        events=result.events,
        reduced_motion=reduced_motion,
        height=720,
        max_points=240,
        max_frames=40,
    )


def queues_figure(result: Result, *, max_points: int = 300) -> go.Figure:
    """RUNNABLE (dashed) and RUNNING (solid) jobs per queue: who gets the vCPUs first."""
    queues = result.extra["queues"]
    horizon = float(queues["t_s"].max()) or 1.0
    scale, unit = time_axis(horizon)
    data = []
    for i, (name, g) in enumerate(queues.groupby("queue", sort=False)):
        t = downsample(g["t_s"].to_numpy(np.float64), max_points, "last") / scale
        prio = int(g["priority"].iloc[0])
        for col, dash in (("running", "solid"), ("runnable", "dash")):
            y = downsample(g[col].to_numpy(np.float64), max_points, "max")
            data.append(
                {
                    "type": "scatter",
                    "x": t.astype(np.float32),
                    "y": y.astype(np.float32),
                    "name": f"{name} (priority {prio}) {col.upper()}",
                    "line": {"color": QUEUE_COLORS[i % 3], "dash": dash, "width": 2},
                    "meta": f"jobs of {name}",  # one colour per queue, its two states by dash
                }
            )
    layout = {
        "template": "plotly_white",
        "height": 340,
        "margin": {"l": 60, "r": 10, "t": 30, "b": 40},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": {"title": {"text": f"Time ({unit})"}, "range": [0, horizon / scale]},
        "yaxis": {"title": {"text": "Jobs"}, "rangemode": "tozero"},
        "hovermode": "x unified",
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)

"""Figures of the AWS Batch lab: jobs and vCPUs over time, and the queues by priority."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.core import Result
from views.animation import WIDE_LEGEND_ROW_PX, Panel, Ref, Trace, animated_figure
from views.style import color_for

__all__ = ["jobs_figure", "queues_figure"]


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
        legend_px=WIDE_LEGEND_ROW_PX,  # drawn across the page, under the controls
    )


def queues_figure(result: Result, *, max_points: int = 300) -> go.Figure:
    """RUNNING (solid) and RUNNABLE (dashed) jobs of each queue, one titled panel per queue (each
    on its own scale: a few high-priority jobs stay visible beside a 500-job burst), highest
    priority on top: who gets the vCPUs first."""
    queues = result.extra["queues"]
    groups = list(queues.groupby("queue", sort=False))
    groups.sort(key=lambda g: -int(g[1]["priority"].iloc[0]))
    t = groups[0][1]["t_s"].to_numpy(np.float64)
    columns: dict[str, np.ndarray] = {"t_s": t}
    for i, (_, g) in enumerate(groups):
        columns[f"q{i}_running"] = g["running"].to_numpy(np.float64)
        columns[f"q{i}_runnable"] = g["runnable"].to_numpy(np.float64)
    frame = pd.DataFrame(columns)
    units = {**result.units, **{c: "jobs" for c in columns if c != "t_s"}}
    panels = [
        Panel(
            (
                Trace(f"q{i}_running", name=f"{name} RUNNING", color=color_for("running"), quantity="running"),
                Trace(
                    f"q{i}_runnable",
                    style="dash",
                    name=f"{name} RUNNABLE",
                    color=color_for("runnable"),
                    quantity="runnable",
                ),
            ),
            title="Jobs",
            heading=f"Queue {name} (priority {int(g['priority'].iloc[0])})",
        )
        for i, (name, g) in enumerate(groups)
    ]
    return animated_figure(
        frame,
        panels,
        units=units,
        reduced_motion=True,
        height=int(150 + 170 * len(panels)),
        max_points=max_points,
        legend_px=WIDE_LEGEND_ROW_PX,
    )

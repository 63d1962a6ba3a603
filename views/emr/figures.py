"""Figures of the EMR lab: the cluster over time and runtime against cluster size (Amdahl)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from views.animation import Panel, Trace, animated_figure
from views.style import COLORS, PALETTE

__all__ = ["amdahl_figure", "cluster_figure"]


def cluster_figure(frame: pd.DataFrame, events: pd.DataFrame | None, *, reduced_motion: bool) -> go.Figure:
    """Core/task nodes, work left and recovery work, data in HDFS (animated)."""
    return animated_figure(
        frame,
        [
            Panel.of(
                Trace("core_nodes", style="area"),
                Trace("task_nodes", style="step"),
                Trace("pending_nodes", style="dot", width=1.5),
                title="Nodes",
            ),
            Panel.of(
                Trace("work_left_h", agg="last"),
                Trace("rereplication_h", style="dash"),
                Trace("recomputed_h", agg="last"),
                title="Node-hours",
            ),
            Panel.of(Trace("hdfs_gb", style="area", agg="last"), title="HDFS (GB)", height=0.7),
        ],
        events=events,
        reduced_motion=reduced_motion,
        height=680,
        max_points=240,
        max_frames=40,
    )


def amdahl_figure(
    nodes: np.ndarray, simulated_h: np.ndarray, analytic_h: np.ndarray, serial_h: float, current: float
) -> go.Figure:
    """Runtime against worker nodes: Amdahl's curve, simulated points and the serial floor."""
    xs = nodes.astype(float).tolist()
    data = [
        {
            "type": "scatter",
            "x": xs,
            "y": np.round(analytic_h, 4).tolist(),
            "name": "Amdahl: Σ s·W + (1−s)·W/N",
            "mode": "lines",
            "line": {"color": COLORS["capacity"], "width": 2},
        },
        {
            "type": "scatter",
            "x": xs,
            "y": np.round(simulated_h, 4).tolist(),
            "name": "simulated (10 s steps)",
            "mode": "markers",
            "marker": {"color": COLORS["demand"], "size": 9},
        },
        {
            "type": "scatter",
            "x": [xs[0], xs[-1]],
            "y": [serial_h, serial_h],
            "name": "serial part: no cluster is faster",
            "mode": "lines",
            "line": {"color": COLORS["target"], "dash": "dash", "width": 1.5},
        },
        {
            "type": "scatter",
            "x": [current],
            "y": [float(np.interp(current, nodes, analytic_h))],
            "name": "your cluster (at start)",
            "mode": "markers",
            "marker": {"color": PALETTE["vermillion"], "size": 14, "symbol": "star"},
        },
    ]
    layout = {
        "template": "plotly_white",
        "height": 360,
        "margin": {"l": 60, "r": 10, "t": 30, "b": 50},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": {
            "title": {"text": "Worker nodes (core + task), log scale"},
            "type": "log",
            "tickvals": xs,
            "ticktext": [f"{int(n)}" for n in xs],
        },
        "yaxis": {"title": {"text": "Job runtime (h)"}, "rangemode": "tozero"},
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)

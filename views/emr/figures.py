"""Figures of the EMR lab: the cluster over time and runtime against cluster size (Amdahl)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.core import Result, format_duration
from engine.emr import amdahl_runtime_s
from views.animation import Panel, Trace, animated_figure
from views.style import COLORS, PALETTE

__all__ = ["amdahl_figure", "cluster_figure"]


def cluster_figure(result: Result, *, reduced_motion: bool, until_s: float | None = None) -> go.Figure:
    """Core/task nodes, work left and recovery work, data in HDFS (animated), up to ``until_s``
    (default: the whole run)."""
    frame = result.frame if until_s is None else result.frame[result.frame["t_s"] <= until_s]
    return animated_figure(
        frame,
        [
            Panel.of(
                Trace("core_nodes", style="area"),
                Trace("task_nodes", style="step"),
                Trace("pending_nodes", style="dot", width=1.5),
                title="Cluster nodes",
            ),
            Panel.of(
                Trace("work_left_h", agg="last"),
                Trace("rereplication_h", style="dash"),
                Trace("recomputed_h", agg="last"),
                title="Work (node-h)",
            ),
            Panel.of(Trace("hdfs_gb", style="area", agg="last"), height=0.7),
        ],
        units=result.units,
        events=result.events,
        reduced_motion=reduced_motion,
        height=680,
        max_points=240,
        max_frames=40,
    )


def amdahl_figure(sweep: Result, *, current: float) -> go.Figure:
    """Runtime against worker nodes for a sweep of cluster sizes (``simulate_many`` over configs
    that differ in their nodes): Amdahl's curve, the simulated points, the serial floor and the
    learner's cluster (``current`` worker nodes) on the curve."""
    configs = sweep.config
    nodes = np.array([c.core_nodes + c.task_nodes for c in configs], dtype=float)
    steps = configs[0].steps
    simulated_h = sweep.summary["finish_s"].to_numpy(np.float64) / 3600
    analytic_h = np.array([amdahl_runtime_s(steps, n) / 3600 for n in nodes])
    serial_h = sum(s.serial_fraction * s.work_s for s in steps) / 3600
    dt = configs[0].dt_s
    xs = nodes.tolist()
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
            "name": f"simulated ({format_duration(dt)} steps)",
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

"""Figures and widget groups of the AWS Batch lab."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.batch import RESOURCE_TYPES, STRATEGIES
from views.animation import Panel, Ref, Trace, animated_figure, downsample, time_axis
from views.controls import Controls
from views.style import PALETTE

__all__ = ["ce_controls", "jobs_figure", "queue_controls", "queues_figure"]

QUEUE_COLORS = (PALETTE["blue"], PALETTE["orange"], PALETTE["purple"])


def ce_controls(ctrl: Controls) -> dict[str, Any]:
    """Compute environment 1 (managed) and the optional Spot CE 2."""
    import streamlit as st

    hours = ctrl.slider("Simulated hours", "hours", 1, 24, 4)
    st.markdown("**Compute environment 1 (managed)**")
    return {
        "hours": hours,
        "type": ctrl.select("Resource type", "type", list(RESOURCE_TYPES), "EC2"),
        "strategy": ctrl.select("Allocation strategy", "strategy", list(STRATEGIES), "BEST_FIT_PROGRESSIVE"),
        "min": ctrl.number("Min vCPUs", "min", 0, 10_000, 0),
        "max": ctrl.number("Max vCPUs", "max", 1, 10_000, 256),
        "spot2": (spot2 := ctrl.toggle("Add a Spot CE 2 after CE 1 (high queue overflows)", "spot2", False)),
        "spot2_max": ctrl.slider("CE 2 max vCPUs", "spot2_max", 16, 2048, 256, 16) if spot2 else 256,
        "intr": ctrl.slider(
            "Spot interruptions per instance-hour",
            "intr",
            0.0,
            5.0,
            0.1,
            0.1,
            help="Illustrative: AWS does not publish a rate.",
        ),
    }


def queue_controls(ctrl: Controls, prefix: str, d: Mapping[str, Any], where: Any) -> dict[str, Any]:
    """One queue and its job definition; returns keyword arguments for ``JobQueue``."""
    w = where
    timeout = ctrl.number("Timeout (s, 0 = none; else ≥ 60)", f"{prefix}_timeout", 0, 86_400, d["timeout"], where=w)
    burst_min = ctrl.slider("One-off burst at minute", f"{prefix}_burst_min", 0, 240, d["burst_min"], where=w)
    return {
        "priority": ctrl.number("Priority (higher first)", f"{prefix}_priority", 0, 1000, d["priority"], where=w),
        "submissions_per_h": float(ctrl.slider("Submissions per hour", f"{prefix}_rate", 0, 600, d["rate"], where=w)),
        "array_size": ctrl.number("Array size (1 = single job)", f"{prefix}_array", 1, 10_000, d["array"], where=w),
        "burst_arrays": ctrl.slider("Burst: array jobs submitted", f"{prefix}_burst", 0, 10, d["burst"], where=w),
        "burst_at_s": burst_min * 60.0,
        "vcpus": float(ctrl.select("vCPUs per job", f"{prefix}_vcpus", [1, 2, 4, 8, 16], d["vcpus"], where=w)),
        "memory_mib": ctrl.select(
            "Memory per job (MiB)", f"{prefix}_mem", [512, 1024, 2048, 4096, 8192, 16384], 2048, where=w
        ),
        "duration_s": ctrl.slider("Job duration (min)", f"{prefix}_dur", 1, 120, d["dur"], where=w) * 60.0,
        "attempts": ctrl.slider("Retry strategy: attempts", f"{prefix}_attempts", 1, 10, d["attempts"], where=w),
        "fail_p": ctrl.slider("Failure rate per attempt", f"{prefix}_fail", 0.0, 1.0, d["fail"], 0.05, where=w),
        "timeout_s": int(timeout) or None,
    }


def jobs_figure(
    frame: pd.DataFrame, events: pd.DataFrame | None, *, max_vcpus: float, reduced_motion: bool
) -> go.Figure:
    """Job states, vCPUs and outcomes over time (animated); interruptions show as event markers."""
    return animated_figure(
        frame,
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
                title="vCPUs",
                refs=(Ref(max_vcpus, f"max {max_vcpus:,.0f} vCPUs"),),
            ),
            Panel.of(
                Trace("jobs_succeeded", agg="last"),
                Trace("jobs_failed", agg="last"),
                title="Outcomes",
            ),
        ],
        events=events,
        reduced_motion=reduced_motion,
        height=720,
        max_points=240,
        max_frames=40,
    )


def queues_figure(queues: pd.DataFrame, *, max_points: int = 300) -> go.Figure:
    """RUNNABLE (dashed) and RUNNING (solid) jobs per queue: who gets the vCPUs first."""
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

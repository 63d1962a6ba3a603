"""What the Auto Scaling pages compare between scenario A and B (see :mod:`views.compare`)."""

from __future__ import annotations

import plotly.graph_objects as go

from engine.core import Result
from views.autoscaling.figures import compare_figure
from views.compare import Metric, Spec

__all__ = ["SPEC", "VERTICAL_SPEC"]


def in_service_figure(a: Result, b: Result, names: tuple[str, str]) -> go.Figure:
    """Both groups' instances in service over the day, with the demand they share."""
    return compare_figure([a, b], list(names))


SPEC = Spec(
    metrics=(
        Metric("Dropped", "dropped", "pct", per="offered", help="Share of offered requests lost."),
        Metric("Peak instances", "max_desired"),
        Metric("Cost (24 h)", "cost_usd", "usd"),
        Metric("Instance-hours", "instance_hours"),
        Metric("Mean latency", "mean_latency_ms", "ms"),
        Metric("Scaling activities", "activities"),
        Metric("Actions held back", "suppressed"),
    ),
    series=("in_service", "dropped_rps"),
    figure=in_service_figure,
)

VERTICAL_SPEC = Spec(
    metrics=(
        Metric("Dropped", "dropped", "pct", per=("served", "dropped"), help="Share of offered requests lost."),
        Metric("Dropped requests", "dropped"),
        Metric("Zero capacity (resizing)", "zero_capacity_s", "duration"),
        Metric("Cost (24 h)", "cost_usd", "usd"),
    ),
    series=("capacity_rps", "dropped_rps", "size"),
)
"""The horizontal-vs-vertical page: its vertical instance in A and in B."""

"""The heat map of a sweep: one metric as colour, a second as labelled contour lines over it, the
current scenario marked, every cell clickable (its hover says so)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from views.style import PALETTE
from views.sweep.axes import Axis, Metric

__all__ = ["CURRENT", "LINES", "heatmap_figure"]

LINES = PALETTE["purple"]
"""The contour lines' colour: it reads on both ends of the Cividis scale (navy and yellow)."""
CURRENT = "current scenario"
"""The name of the trace marking the scenario the page shows."""


def _cells(table: pd.DataFrame, metric: Metric, x: Axis, y: Axis) -> np.ndarray:
    return metric.values(table).reshape(len(y.values), len(x.values))


def heatmap_figure(
    table: pd.DataFrame, x: Axis, y: Axis, metric: Metric, contour: Metric | None, current: tuple[Any, Any]
) -> go.Figure:
    """The heat map of ``metric`` over the grid, ``contour`` as labelled lines over it, the current
    scenario marked, and one invisible clickable point per cell (a heat map's cells cannot be
    selected; its points can)."""
    z = _cells(table, metric, x, y)
    xs, ys = list(x.values), list(y.values)
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=xs,
            y=ys,
            colorscale="Cividis",
            hoverinfo="skip",
            name=metric.label,
            colorbar={"title": {"text": metric.title, "side": "right"}},
        )
    )
    hover = f"{x.title}: %{{x}}<br>{y.title}: %{{y}}<br>{metric.title}: %{{customdata[0]:,.4g}}"
    extra = z.reshape(-1, 1)
    if contour is not None:
        z2 = _cells(table, contour, x, y)
        fig.add_trace(
            go.Contour(
                z=z2,
                x=xs,
                y=ys,
                showscale=False,
                hoverinfo="skip",
                name=contour.label,
                ncontours=8,
                contours={"coloring": "lines", "showlabels": True, "labelfont": {"color": LINES, "size": 12}},
                colorscale=[[0, LINES], [1, LINES]],
                line={"width": 2},
            )
        )
        hover += f"<br>{contour.title}: %{{customdata[1]:,.4g}}"
        extra = np.column_stack([z.reshape(-1), z2.reshape(-1)])
    gx, gy = np.meshgrid(np.arange(len(xs)), np.arange(len(ys)))
    fig.add_trace(
        go.Scatter(
            x=[xs[i] for i in gx.reshape(-1)],
            y=[ys[j] for j in gy.reshape(-1)],
            mode="markers",
            marker={"symbol": "square", "size": max(6, 420 // max(len(xs), len(ys))), "opacity": 0},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            customdata=extra,
            hovertemplate=hover + "<br><b>Click to open this scenario</b><extra></extra>",
            name="cells",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[current[0]],
            y=[current[1]],
            mode="markers+text",
            text=["now"],
            textposition="top center",
            textfont={"color": "white", "size": 13},
            name="current scenario",
            hoverinfo="skip",
            marker={"symbol": "x-thin", "size": 18, "line": {"width": 4, "color": PALETTE["vermillion"]}},
        )
    )
    for axis, values in (("xaxis", xs), ("yaxis", ys)):
        edges = _edges(values)
        if edges is not None:
            fig.update_layout({axis: {"range": edges}})
    fig.update_layout(
        height=460,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        showlegend=False,
        clickmode="event+select",
        title={"text": f"{metric.title}" + (f", lines: {contour.title}" if contour else ""), "x": 0.01},
        xaxis_title=x.title,
        yaxis_title=y.title,
        dragmode=False,
    )
    return fig


def _edges(values: Sequence[Any]) -> list[float] | None:
    """The outer edges of numeric cells centred on ``values`` (``None`` for choices)."""
    if any(isinstance(v, (str, bool)) for v in values) or len(values) < 2:
        return None
    v = [float(a) for a in values]
    return [v[0] - (v[1] - v[0]) / 2, v[-1] + (v[-1] - v[-2]) / 2]

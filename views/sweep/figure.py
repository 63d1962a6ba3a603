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
    """The heat map of ``metric`` over the grid, ``contour`` as labelled lines over it and the
    current scenario marked. The heat map's own cells take the hover and the click (the contour
    lines and the marker let them through)."""
    z = _cells(table, metric, x, y)
    xs, ys = list(x.values), list(y.values)
    hover = f"{x.title}: %{{x}}<br>{y.title}: %{{y}}<br>{metric.title}: %{{z:,.4g}}"
    z2 = None if contour is None else _cells(table, contour, x, y)
    if contour is not None:
        hover += f"<br>{contour.title}: %{{customdata:,.4g}}"
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=xs,
            y=ys,
            customdata=z2,
            colorscale="Cividis",
            hovertemplate=hover + "<br><b>Click to open this scenario</b><extra></extra>",
            name=metric.label,
            colorbar={"title": {"text": metric.title, "side": "right"}},
        )
    )
    if contour is not None:
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
    fig.add_trace(
        go.Scatter(
            x=[current[0]],
            y=[current[1]],
            mode="markers+text",
            text=["now"],
            textposition="top center",
            textfont={"color": "white", "size": 13},
            name=CURRENT,
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
        clickmode="event",
        title={"text": f"{metric.title}" + (f", lines: {contour.title}" if contour else ""), "x": 0.01},
        xaxis={"title": x.title, "automargin": True},  # room for the tick labels and titles
        yaxis={"title": y.title, "automargin": True},
        dragmode=False,
    )
    return fig


def _edges(values: Sequence[Any]) -> list[float] | None:
    """The outer edges of numeric cells centred on ``values`` (``None`` for choices)."""
    if any(isinstance(v, (str, bool)) for v in values) or len(values) < 2:
        return None
    v = [float(a) for a in values]
    return [v[0] - (v[1] - v[0]) / 2, v[-1] + (v[-1] - v[-2]) / 2]

"""Figures of the queues lab: queue depth, age of oldest and consumers; SNS fan-out per subscriber."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.core import Result, format_number
from views.animation import (
    Panel,
    Ref,
    Trace,
    animated_figure,
    downsample,
    panel_legend,
    per_second,
    rate,
    time_axis,
)
from views.style import COLORS, PALETTE

__all__ = ["fanout_figure", "queue_figure"]

# No green (the delivered-by-a-retry line) nor vermillion (failed first tries) among the queue lines.
SUB_COLORS = (PALETTE["purple"], PALETTE["orange"], PALETTE["sky"], PALETTE["blue"], PALETTE["yellow"])


def queue_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Queue depth, age of oldest, consumers and message flow, as an animated stack of panels; with
    consumers scaled on backlog per instance, a panel of that metric against its target."""
    cfg = result.config
    # The engine counts messages per step (dt_s); the flow panel shows them per second.
    frame, units = per_second(result.frame, result.units, ("sent", "deleted", "duplicates", "out_of_order"), cfg.dt_s)

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
            rate("sent", agg="mean"),
            rate("deleted", agg="mean"),
            rate("duplicates", agg="mean"),
            rate("out_of_order", style="dot", agg="mean"),
            title="Messages per second",
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
        frame,
        panels,
        units=units,
        events=result.events,
        reduced_motion=reduced_motion,
        max_points=240,
        max_frames=40,
    )


_GAP_PX = 96  # between fan-out panels: tick labels, an axis title and the next panel's legend row

# The HTTP/S delivery outcomes of the fan-out figure: column, name, colour kind, dash.
OUTCOMES = (
    ("failed", "Failed first tries", "throttled", "solid"),
    ("retried", "Delivered by a retry", "served", "solid"),
    ("dead_lettered", "To the subscription DLQ", "queued", "dash"),
    ("discarded", "Discarded (no DLQ)", "lost", "dot"),
)


def fanout_figure(result: Result, *, max_points: int = 200) -> go.Figure:
    """An SNS fan-out run in up to three panels: messages waiting in each subscriber's queue (Lambda
    and HTTP/S subscribers are pushed to: flat at 0); when an HTTP/S subscriber's endpoint goes down
    in the run, its delivery outcomes (failed first tries, delivered by a retry, dead-lettered,
    discarded) as running totals, so the last point of each is the run's total; and per subscriber
    the copies that passed its filter policy (sent to it) vs the published messages the policy left out."""
    subs = result.extra["subscribers"]
    cfg = result.config
    http = [s.name for s in cfg.subscriptions if s.protocol == "http" and s.down_at_s is not None]
    rows = 3 if http else 2
    heights = (0.42, 0.3, 0.28) if http else (0.62, 0.38)
    height, margin = (760 if http else 520), {"l": 60, "r": 20, "t": 56, "b": 50}
    # between panels: the upper one's tick labels and axis title, then the lower one's legend row
    spacing = _GAP_PX / (height - margin["t"] - margin["b"])
    fig = make_subplots(rows=rows, cols=1, row_heights=list(heights), vertical_spacing=spacing)
    t = np.sort(subs["t_s"].unique())
    horizon = float(t[-1] - t[0]) + 1.0
    scale, unit = time_axis(horizon)
    xs = None
    groups = list(subs.groupby("subscriber", sort=False))
    for i, (name, part) in enumerate(groups):
        y = downsample(part["visible"].to_numpy(dtype=float), max_points, "max").astype(np.float32)
        if xs is None:
            size = int(np.ceil(len(t) / len(y)))
            xs = (t[::size][: len(y)] / scale).astype(np.float32)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=y,
                name=str(name).split(" (")[0],  # its protocol and filter are on the bars below
                legend="legend",
                meta="queues",
                mode="lines",
                line={"color": SUB_COLORS[i % len(SUB_COLORS)], "width": 2},
            ),
            row=1,
            col=1,
        )
    step_unit = result.units.get("matched", "")
    x_axis = {"range": [0, horizon / scale], "autorange": False}
    fig.update_xaxes(**x_axis, row=1, col=1)
    top = float(subs["visible"].max())
    fig.update_yaxes(
        title_text=f"Waiting ({result.units.get('visible', '')})",
        range=[0, max(top * 1.08, 1.0)],
        autorange=False,
        row=1,
        col=1,
    )
    if http:
        hooks = subs[subs["subscriber"].isin(http)].groupby("t_s", sort=True)
        peak = 1.0
        for col, label, kind, dash in OUTCOMES:
            y = downsample(np.cumsum(hooks[col].sum().to_numpy(dtype=float)), max_points, "last")
            peak = max(peak, float(y[-1]) if len(y) else 0.0)
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=y.astype(np.float32),
                    name=label,
                    legend="legend2",
                    meta="http",
                    mode="lines",
                    line={"color": COLORS[kind], "width": 2, "dash": dash},
                ),
                row=2,
                col=1,
            )
        fig.update_xaxes(**x_axis, title_text=f"Time ({unit})", row=2, col=1)
        fig.update_yaxes(
            title_text=f"HTTP/S so far ({step_unit})", range=[0, peak * 1.1], autorange=False, row=2, col=1
        )
    else:
        fig.update_xaxes(title_text=f"Time ({unit})", row=1, col=1)
    published = float(result.frame["published"].sum())
    received = subs.groupby("subscriber", sort=False)["matched"].sum()
    names = [str(n) for n in received.index]
    got = received.to_numpy(dtype=float)
    left_out = np.maximum(published - got, 0.0)
    for label, values, color in (
        ("Passed the filter", got, COLORS["served"]),
        ("Filtered out", left_out, COLORS["event"]),
    ):
        fig.add_trace(
            go.Bar(
                y=names,
                x=values.tolist(),
                name=label,
                legend=f"legend{rows}",
                meta="filter",
                orientation="h",
                marker_color=color,
                text=[format_number(round(v)) for v in values],
                textposition="inside",
                insidetextanchor="middle",
            ),
            row=rows,
            col=1,
        )
    fig.update_xaxes(
        title_text=f"Of {format_number(round(published))} published ({step_unit})",
        range=[0, max(published, 1.0)],
        autorange=False,
        row=rows,
        col=1,
    )
    fig.update_yaxes(autorange="reversed", automargin=True, row=rows, col=1)
    headings = ["Messages waiting", *(["Webhook (HTTP/S) deliveries so far"] if http else []), "Filter policies"]
    legends = {}
    for i, heading in enumerate(headings):
        key = "legend" if i == 0 else f"legend{i + 1}"
        names = [t.name for t in fig.data if t.legend == key]
        top = fig.layout[f"yaxis{i + 1 if i else ''}"].domain[1]
        legends[key] = {**panel_legend(heading, top, names), "traceorder": "normal"}
    fig.update_layout(
        template="plotly_white",
        height=height,
        barmode="stack",
        margin=margin,
        hovermode="closest",
        hoverlabel={"align": "left"},
        **legends,
    )
    fig.add_annotation(
        x=0,
        y=1,
        xref="x domain",
        yref="y domain",
        showarrow=False,
        xanchor="left",
        yanchor="top",
        text="Each subscriber gets its own copy; only its own queue grows",
        font={"size": 11, "color": COLORS["event"]},
    )
    return fig

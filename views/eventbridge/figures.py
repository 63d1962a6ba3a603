"""EventBridge lab figures: events and matches over time (animated), deliveries per target, matches per kind."""

from __future__ import annotations

import plotly.graph_objects as go

from engine.core import Result
from views.animation import Panel, Trace, animated_figure
from views.style import COLORS, unit_for

__all__ = ["kinds_figure", "targets_figure", "timeline_figure"]

_FONT = {"family": "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}


def timeline_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Events on the bus, those your rule matches, and deliveries to every target; with a target
    outage, the failed first tries, late deliveries, DLQ and drops, and the copies waiting to be retried."""
    f = result.frame
    panels = [
        Panel.of(
            Trace("events_rps", style="area", agg="mean"),
            Trace("matched_rps", agg="mean", width=2.5),
            title=f"Events ({unit_for('events_rps', result.units)})",
            height=1.3,
        ),
        Panel.of(Trace("delivered_rps", agg="mean")),
    ]
    if f["failed_rps"].any():
        panels.append(
            Panel.of(
                Trace("failed_rps", agg="mean"),
                Trace("retried_rps", agg="mean"),
                *(Trace(c, agg="mean") for c in ("dlq_rps", "lost_rps") if f[c].any()),
                title="Retries (copies/s)",
            )
        )
        panels.append(Panel.of(Trace("retrying", style="area"), title="Waiting (copies)"))
    return animated_figure(
        f,
        panels,
        units=result.units,
        events=result.events[result.events["t_s"] > 0] if len(result.events) else None,
        reduced_motion=reduced_motion,
        max_frames=40,
        max_points=144 if len(panels) > 2 else 288,  # the retry panels double the traces: keep the payload
    )


def _bars(fig: go.Figure, title: str, height: int, left: int) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": left, "r": 20, "t": 40, "b": 40},
        font=_FONT,
        title={"text": title, "x": 0, "xanchor": "left"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    return fig


def targets_figure(result: Result) -> go.Figure:
    """Deliveries per (rule, target) over the run: each matching rule sends each target a copy."""
    t = result.extra["targets"]
    labels = [f"{r} → {g}" for r, g in zip(t["rule"], t["target"], strict=True)]
    colors = [COLORS["served"] if r == "your-rule" else COLORS["forecast"] for r in t["rule"]]
    fig = go.Figure(
        go.Bar(
            y=labels[::-1],
            x=t["delivered"].round(0).tolist()[::-1],
            orientation="h",
            marker_color=colors[::-1],
            hovertemplate="%{y}: %{x:,.0f} deliveries<extra></extra>",
            name="Deliveries",
        )
    )
    fig.update_xaxes(title_text="Deliveries over the run", range=[0, max(1.0, float(t["delivered"].max()) * 1.08)])
    return _bars(fig, "Deliveries per target (your rule in green)", 120 + 40 * max(len(t), 1), 260)


def kinds_figure(result: Result) -> go.Figure:
    """Per kind of event: how many were on the bus and how many your rule matched."""
    k = result.extra["kinds"]
    dt = float(result.config.dt_s)
    g = k.groupby("kind", sort=False)[["events_rps", "matched_rps"]].sum() * dt
    fig = go.Figure(
        [
            go.Bar(
                x=list(g.index), y=g["events_rps"].round(0).tolist(), name="On the bus", marker_color=COLORS["demand"]
            ),
            go.Bar(
                x=list(g.index),
                y=g["matched_rps"].round(0).tolist(),
                name="Matched by your rule",
                marker_color=COLORS["served"],
            ),
        ]
    )
    fig.update_layout(
        barmode="group",
        yaxis={"title": {"text": "Events over the run"}, "range": [0, float(g["events_rps"].max()) * 1.1 or 1]},
    )
    return _bars(fig, "Which kinds of event your rule catches", 340, 60)

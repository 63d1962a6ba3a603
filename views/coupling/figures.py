"""Figures of the coupling lab: the same outage through a synchronous chain and through a queue."""

from __future__ import annotations

import plotly.graph_objects as go

from engine.core import Result
from engine.coupling.explain import LOOSE, TIGHT
from views.animation import Panel, Trace, animated_figure

__all__ = ["coupling_figure"]


def coupling_figure(result: Result, side: str, *, reduced_motion: bool = False) -> go.Figure:
    """One architecture's view (``side`` = ``"tight"`` or ``"loose"``), rates on a shared scale;
    only that side's events are marked."""
    frame, events = result.frame, result.events
    top = float(frame[["load", "queue_done", "sync_served"]].max().max()) * 1.15 or 1.0
    if events is not None and len(events):
        events = events[events["message"].str.startswith(TIGHT if side == "tight" else LOOSE)]
    if side == "tight":
        panels = [
            Panel.of(
                Trace("load", name="Requests", agg="mean"),
                Trace("sync_served", name="Answered", agg="mean"),
                Trace("sync_timed_out", name="Timed out (504)", agg="mean"),
                Trace("sync_refused", name="Refused (503)", agg="mean"),
                title="Requests per second",
                y_max=top,
            ),
            Panel.of(Trace("sync_waiting", style="area", name="Web threads held"), title="Held in the web tier"),
            Panel.of(Trace("sync_latency_s", style="area", name="Latency (answered)")),
        ]
    else:
        panels = [
            Panel.of(
                Trace("load", name="Requests", agg="mean"),
                Trace("queue_done", name="Processed", agg="mean"),
                title="Requests per second",
                y_max=top,
            ),
            Panel.of(Trace("queue_visible", style="area", name="Waiting in the queue"), title="Queue depth"),
            Panel.of(Trace("queue_oldest_s", style="area", name="Oldest message")),
        ]
    return animated_figure(
        frame,
        panels,
        units=result.units,
        events=events,
        reduced_motion=reduced_motion,
        max_points=160,
        max_frames=30,
        height=720,
        narrow=True,  # the two architectures side by side
    )

"""The class's answers as a bar chart: one bar per option, or numbers binned, with the true
answer marked once it is revealed."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from classroom import Snapshot

__all__ = ["bins", "tally_figure", "within"]

RIGHT, OTHER, MINE = "#2ca02c", "#4c78a8", "#ff7f0e"


def within(snap: Snapshot, value: str | None) -> bool | None:
    """Whether ``value`` is the revealed answer (within the tolerance for a number)."""
    if value is None or snap.true_answer is None:
        return None
    if snap.question.kind == "choice":
        return value == snap.true_answer
    return abs(float(value) - float(snap.true_answer)) <= snap.question.tolerance + 1e-9


def bins(values: tuple[float, ...], truth: float | None, tolerance: float) -> tuple[list[float], list[int], float]:
    """Up to 12 equal bins over the answers and the true answer: centres, counts, bin width."""
    pts = list(values) + ([truth] if truth is not None else [])
    if not pts:
        return [], [], 1.0
    lo, hi = min(pts), max(pts)
    if hi - lo < 1e-9:
        half = max(tolerance, abs(lo) * 0.05, 1.0)
        lo, hi = lo - half, hi + half
    n = min(12, max(4, int(math.sqrt(len(values))) + 3))
    edges = np.linspace(lo, hi, n + 1)
    counts, _ = np.histogram(np.asarray(values, dtype=float), bins=edges)
    width = float(edges[1] - edges[0])
    return [float(e) + width / 2 for e in edges[:-1]], [int(c) for c in counts], width


def tally_figure(snap: Snapshot, *, mine: str | None = None, height: int = 380) -> go.Figure:
    """Answers so far, one bar per option (or per range of numbers); after a reveal the right
    option is green, or a green line marks the true number with its tolerance band."""
    q, t = snap.question, snap.tally
    truth = snap.true_answer
    unit = f" {q.unit}" if q.unit else ""
    if q.kind == "choice":
        x, counts = list(t.counts), list(t.counts.values())
        colors = [RIGHT if truth == o else (MINE if mine == o else OTHER) for o in x]
        fig = go.Figure(go.Bar(x=x, y=counts, marker_color=colors, text=counts, textposition="outside", name="answers"))
        fig.update_xaxes(type="category", title="")
    else:
        xt = float(truth) if truth is not None else None
        x, counts, width = bins(t.numbers, xt, q.tolerance)
        mine_x = float(mine) if mine is not None else None
        colors = [MINE if mine_x is not None and abs(mine_x - c) <= width / 2 else OTHER for c in x]
        fig = go.Figure(
            go.Bar(
                x=x,
                y=counts,
                width=[width * 0.9] * len(x),
                marker_color=colors,
                text=counts,
                textposition="outside",
                name="answers",
                hovertemplate=f"%{{x:,.4g}}{unit}: %{{y}} students<extra></extra>",
            )
        )
        if xt is not None:
            if q.tolerance:
                fig.add_vrect(x0=xt - q.tolerance, x1=xt + q.tolerance, fillcolor=RIGHT, opacity=0.15, line_width=0)
            fig.add_vline(x=xt, line_color=RIGHT, line_width=4)
            fig.add_annotation(
                x=xt,
                y=1,
                yref="paper",
                text=f"true: {truth}{unit}",
                showarrow=False,
                yanchor="bottom",
                font={"color": RIGHT, "size": 16},
            )
        fig.update_xaxes(title=q.unit or "answer", tickformat=",.4~g")
    title = f"{t.total} answer{'s' if t.total != 1 else ''}"
    fig.update_layout(
        title=title,
        height=height,
        margin={"l": 40, "r": 20, "t": 70, "b": 50},
        yaxis={"title": "students", "rangemode": "tozero", "dtick": 1 if max(counts or [0]) < 10 else None},
        font={"size": 16},
        showlegend=False,
    )
    return fig

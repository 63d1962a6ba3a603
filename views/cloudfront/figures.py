"""CloudFront lab figures: the animated timeline, per-region bars and per-country geo bars.

No map traces (they fetch topojson from a CDN): countries are bars.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from engine.core import Result, format_duration
from views.animation import Panel, Ref, Trace, animated_figure
from views.style import COLORS, PALETTE, axis_title, unit_for

__all__ = ["countries_figure", "regions_figure", "timeline_figure", "ttl_figure"]

_FONT = {"family": "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}


def timeline_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Traffic and origin load, hit ratio and offload, latency — animated, with event markers."""
    cap = result.config.capacity_rps
    near = cap <= 1.5 * float(result.frame["requests"].max())  # only draw it where it matters
    refs = (Ref(cap, "origin capacity", COLORS["throttled"]),) if near else ()
    units = result.units
    return animated_figure(
        result.frame,
        [
            Panel.of(
                Trace("requests", style="area", agg="mean"),
                Trace("origin_rps", agg="mean"),
                Trace("origin_errors_rps", style="dash", agg="mean"),
                Trace("blocked_rps", style="dot", agg="mean"),
                title=axis_title("requests", units),
                refs=refs,
                height=1.3,
            ),
            Panel.of(
                Trace("hit_ratio", agg="mean"),
                Trace("offload_pct", style="dash", agg="mean"),
                title=f"Hit ratio / offload ({unit_for('hit_ratio', units)})",
                y_max=100.0,
            ),
            Panel.of(Trace("latency_ms", agg="mean")),
        ],
        units=units,
        events=result.events[result.events["t_s"] > 0] if len(result.events) else None,
        reduced_motion=reduced_motion,
        max_frames=40,
        max_points=240,
    )


def regions_figure(result: Result) -> go.Figure:
    """Per viewer region: hit ratio and mean latency over the run (bars)."""
    reg = result.extra["regions"]
    pct, ms = unit_for("hit_ratio", result.units), unit_for("latency_ms", result.units)
    g = reg.groupby("region", sort=False)
    req = g["allowed_rps"].sum()
    hits = g["edge_hits_rps"].sum()
    lat = reg.groupby("region", sort=False)["latency_ms"].mean()
    hr = (100 * hits / req.where(req > 0)).fillna(0.0)
    fig = go.Figure(
        [
            go.Bar(
                x=list(hr.index),
                y=hr.round(2).tolist(),
                name=f"Hit ratio ({pct})",
                marker_color=COLORS["served"],
                yaxis="y",
                offsetgroup="a",
                hovertemplate=f"%{{x}}: %{{y:.1f}}{pct} hits<extra></extra>",
            ),
            go.Bar(
                x=list(lat.index),
                y=lat.round(1).tolist(),
                name=f"Mean latency ({ms})",
                marker_color=COLORS["latency"],
                yaxis="y2",
                offsetgroup="b",
                hovertemplate=f"%{{x}}: %{{y:.0f}} {ms}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        template="plotly_white",
        height=320,
        margin={"l": 60, "r": 60, "t": 40, "b": 40},
        font=_FONT,
        title={"text": "By viewer region", "x": 0, "xanchor": "left"},
        barmode="group",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        yaxis={"title": {"text": f"Hit ratio ({pct})"}, "range": [0, 100], "autorange": False},
        yaxis2={
            "title": {"text": f"Latency ({ms})"},
            "overlaying": "y",
            "side": "right",
            "range": [0, 50.0 * math.ceil(max(50.0, float(lat.max()) * 1.1) / 50.0)],
            "autorange": False,
            "showgrid": False,
        },
    )
    return fig


def countries_figure(result: Result) -> go.Figure:
    """Per viewer country: requests served and blocked by geo restriction (stacked bars)."""
    c = result.extra["countries"].iloc[::-1]
    served = (c["total_requests"] - c["blocked_requests"]).round(0)
    fig = go.Figure(
        [
            go.Bar(
                y=c["country"].tolist(),
                x=served.tolist(),
                orientation="h",
                name="Served",
                marker_color=COLORS["served"],
                hovertemplate="%{y}: %{x:,.0f} served<extra></extra>",
            ),
            go.Bar(
                y=c["country"].tolist(),
                x=c["blocked_requests"].round(0).tolist(),
                orientation="h",
                name="Blocked (403)",
                marker_color=PALETTE["vermillion"],
                hovertemplate="%{y}: %{x:,.0f} blocked<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        template="plotly_white",
        height=440,
        barmode="stack",
        margin={"l": 170, "r": 20, "t": 40, "b": 40},
        font=_FONT,
        title={"text": "Requests by viewer country (whole run)", "x": 0, "xanchor": "left"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        xaxis={"title": {"text": "Requests"}, "range": [0, float(c["total_requests"].max()) * 1.05 or 1.0]},
    )
    return fig


def ttl_figure(sweep: Result, current_ttl_s: float) -> go.Figure:
    """Day-average hit ratio against TTL (log axis), the TTL in force marked; ``sweep`` is the
    stacked summary Result of :func:`engine.cloudfront.ttl_runs` (one scenario per TTL)."""
    ttls = [c.ttl_s for c in sweep.config]
    x = [max(t, 1.0) for t in ttls]  # a TTL of 0 is drawn at 1 s on the log axis
    labels = [format_duration(t) for t in ttls]
    fig = go.Figure(
        go.Scatter(
            x=x,
            y=sweep.summary["hit_ratio"].round(2).tolist(),
            mode="lines+markers",
            name="Hit ratio",
            line={"color": COLORS["served"], "width": 2},
            text=labels,
            hovertemplate="TTL %{text}: %{y:.1f}% hits<extra></extra>",
        )
    )
    fig.add_vline(x=max(current_ttl_s, 1.0), line={"color": COLORS["target"], "dash": "dash", "width": 1})
    at = math.log10(max(current_ttl_s, 1.0))
    right = at > 3.75  # past the middle of the 1 s .. 365 d axis: the label reads to the line's left
    fig.add_annotation(
        x=at,
        y=100,
        text="your TTL",
        showarrow=False,
        yanchor="bottom",
        xanchor="right" if right else "left",
        xshift=-4 if right else 4,  # beside the dashed line, not struck through by it
    )
    fig.update_layout(
        template="plotly_white",
        height=300,
        font=_FONT,
        margin={"l": 60, "r": 20, "t": 40, "b": 50},
        title={"text": "Hit ratio against TTL (same traffic, one batched run)", "x": 0, "xanchor": "left"},
        xaxis={"type": "log", "title": {"text": "TTL (log scale)"}, "tickvals": x, "ticktext": labels},
        yaxis={
            "title": {"text": f"Hit ratio ({unit_for('hit_ratio', sweep.units)})"},
            "range": [0, 105],
            "autorange": False,
        },
        showlegend=False,
    )
    return fig

"""Figures of the Auto Scaling pages: the animated group chart, policy comparison, forecast,
horizontal vs vertical. Each takes the engine's :class:`~engine.core.Result` (a comparison, the
Results it compares); axis units come from ``Result.units``. Lean payloads: downsampled,
float32, fixed axis ranges."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.core import Result
from views.animation import Panel, Ref, Trace, animated_figure, downsample, time_axis
from views.style import COLORS, PALETTE, axis_title, label_for

__all__ = ["around_peak", "compare_figure", "forecast_figure", "group_figure", "history_figure", "hv_figure"]

_POINTS = 360
# Plotly builds a validated go.Frame per frame and trace (~0.2 ms per array on these machines),
# so the animated figures here use fewer frames than the helper's default to keep reruns fast.
_FRAMES = 20


def group_figure(
    result: Result,
    *,
    target: float | None = None,
    target_label: str = "target",
    reduced_motion: bool = False,
    forecast: bool = False,
    metric: str = "cpu",
    scale_in: float | None = None,
) -> go.Figure:
    """Demand vs capacity (and drops), instances (desired, in service, pending), the alarm metric
    with its target and datapoints, and latency — animated, with the result's events marked.

    ``scale_in``: a target-tracking policy's scale-in alarm level (``low_factor x target``, about
    70 % of the target on EC2 Auto Scaling, aws-facts "Scale-in margin"), drawn below the target.

    ``metric`` is the first policy's alarm metric: ``"cpu"`` draws its datapoints and target on the
    CPU panel; ``"requests"`` on a panel of their own in req/s per instance (not on the % axis)."""
    units = result.units
    cap_traces = [Trace("load_rps", style="area"), Trace("capacity_rps", style="step"), Trace("dropped_rps")]
    if forecast:
        cap_traces.insert(1, Trace("forecast_rps", style="dash", agg="mean"))
    inst = [
        Trace("desired", style="step"),
        Trace("in_service", style="step", agg="last"),
        Trace("pending", style="step"),
    ]
    if forecast:
        inst.append(Trace("forecast_capacity", style="dot", agg="max"))
    refs = (Ref(target, target_label),) if target is not None else ()
    if scale_in is not None and target:
        refs += (Ref(scale_in, f"scale-in alarm ({100 * scale_in / target:.0f} %)", color=PALETTE["grey"]),)
    # hold each alarm datapoint until the next one (no all-NaN buckets when downsampling)
    frame = result.frame.assign(datapoint=result.frame["datapoint"].ffill().fillna(0.0))
    point = Trace("datapoint", style="step", name="alarm datapoint", width=1.5)
    cpu = Trace("cpu_pct", agg="mean", width=1.5)
    if metric == "cpu":
        metric_panels = [Panel((cpu, point), title=axis_title("cpu_pct", units), refs=refs, y_max=105.0)]
    else:
        metric_panels = [
            Panel((cpu,), title=axis_title("cpu_pct", units), y_max=105.0, height=0.7),
            Panel((point,), title="Alarm datapoint (req/s per instance)", refs=refs, height=0.8),
        ]
    panels = [
        Panel(tuple(cap_traces), height=1.2, heading="Requests per second"),
        Panel(tuple(inst), height=1.1, heading="Instances"),
        *metric_panels,
        Panel.of(Trace("latency_ms", agg="max"), height=0.7),
    ]
    return animated_figure(
        frame,
        panels,
        units=units,
        events=result.events,
        reduced_motion=reduced_motion,
        height=820,
        max_frames=_FRAMES,
        max_points=240,
    )


def around_peak(result: Result, hours: float = 4.0) -> Result:
    """The result cut to a ``hours`` window starting 1 h before the busiest step (frame and events)."""
    frame, events = result.frame, result.events
    t = frame["t_s"].to_numpy()
    span = hours * 3600.0
    start = float(np.clip(t[int(np.argmax(frame["load_rps"].to_numpy()))] - 3600.0, t[0], max(t[-1] - span, t[0])))
    keep = (t >= start) & (t < start + span)
    ev = events[(events["t_s"] >= start) & (events["t_s"] < start + span)] if len(events) else events
    return dataclasses.replace(result, frame=frame[keep].reset_index(drop=True), events=ev)


def _xs(frame: pd.DataFrame) -> tuple[np.ndarray, float, str]:
    t = frame["t_s"].to_numpy(dtype=float)
    scale, unit = time_axis(float(t[-1] - t[0]) + (t[1] - t[0] if len(t) > 1 else 1.0))
    return (downsample(t, _POINTS, "mean") / scale).astype(np.float32), scale, unit


def compare_figure(results: Sequence[Result], names: Sequence[str], column: str = "in_service") -> go.Figure:
    """Two (or more) runs on the same load: ``column`` over time, one line each, plus the demand."""
    frames = [r.frame for r in results]
    units = results[0].units
    xs, _, unit = _xs(frames[0])
    colors = [COLORS["in_service"], PALETTE["wine"], PALETTE["olive"]]
    data: list[dict] = []
    for f, name, color in zip(frames, names, colors, strict=False):
        y = downsample(f[column].to_numpy(dtype=float), _POINTS, "max").astype(np.float32)
        data.append({"type": "scatter", "x": xs, "y": y, "name": name, "line": {"color": color, "shape": "hv"}})
    load = downsample(frames[0]["load_rps"].to_numpy(dtype=float), _POINTS, "max").astype(np.float32)
    data.append(
        {
            "type": "scatter",
            "x": xs,
            "y": load,
            "name": f"{label_for('load_rps')} ({units['load_rps']}, right)",
            "yaxis": "y2",
            "line": {"color": COLORS["demand"], "width": 1, "dash": "dot"},
        }
    )
    layout = {
        "template": "plotly_white",
        "height": 300,
        "margin": {"l": 60, "r": 60, "t": 30, "b": 40},
        "xaxis": {"title": {"text": f"Time ({unit})"}, "range": [float(xs[0]), float(xs[-1])]},
        "yaxis": {"title": {"text": axis_title(column, units)}, "rangemode": "tozero"},
        "yaxis2": {"overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False},
        "legend": {"orientation": "h", "y": 1.1},
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def history_figure(result: Result) -> go.Figure:
    """Past days per hour of day (thin lines) and, per hour of the run, the forecast in force then
    (refreshed every 6 h, 48 h ahead) with its band, from a predictive run's ``history`` and
    ``forecast`` extra frames."""
    history, fc = result.extra["history"], result.extra["forecast"]
    forecast_rps, band = fc["forecast_rps"].to_numpy(), fc["band_rps"].to_numpy()
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": g["hour"].to_numpy(np.float32),
            "y": g["load_rps"].to_numpy(np.float32),
            "name": "past days",
            "legendgroup": "past",
            "line": {"color": COLORS["demand"], "width": 1},  # what was offered, as on every chart
            "opacity": 0.45,
            "showlegend": bool(day == -1),
        }
        for day, g in history.groupby("day")
    ]
    h = np.arange(len(forecast_rps), dtype=np.float32)
    hi, lo = (forecast_rps + band).astype(np.float32), np.maximum(forecast_rps - band, 0).astype(np.float32)
    data.append({"type": "scatter", "x": h, "y": hi, "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"})
    data.append(
        {
            "type": "scatter",
            "x": h,
            "y": lo,
            "fill": "tonexty",
            "line": {"width": 0},
            "name": "band (±1 std of past days)",
            "fillcolor": "rgba(140,140,140,0.25)",
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": h,
            "y": forecast_rps.astype(np.float32),
            "name": "forecast in force (refreshed every 6 h)",
            "line": {"color": COLORS["forecast"], "width": 3, "dash": "dash"},
        }
    )
    layout = {
        "template": "plotly_white",
        "height": 300,
        "margin": {"l": 60, "r": 20, "t": 30, "b": 40},
        "xaxis": {
            "title": {"text": "hour (past days: hour of day; forecast: hours from the start)"},
            "range": [0, max(48, len(h))],
        },
        "yaxis": {"title": {"text": axis_title("load_rps", result.units)}, "rangemode": "tozero"},
        "legend": {"orientation": "h", "y": 1.12},
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def forecast_figure(result: Result) -> go.Figure:
    """Forecast capacity (launched ahead by the buffer) vs desired and in service."""
    f = result.frame
    forecast = dataclasses.replace(result, frame=f.assign(in_service=f["forecast_capacity"]))
    return compare_figure([result, forecast], ["In service", "Forecast capacity"])


def hv_figure(vertical: Result, horizontal: Result, reduced_motion: bool = False) -> go.Figure:
    """Horizontal vs vertical on one load: capacity, drops, cost — animated side by side in time."""
    v_f, h_f = vertical.frame, horizontal.frame
    joined = pd.DataFrame(
        {
            "t_s": v_f["t_s"],
            "load_rps": v_f["load_rps"],
            "v_capacity": v_f["capacity_rps"],
            "h_capacity": h_f["capacity_rps"],
            "v_dropped": v_f["dropped_rps"],
            "h_dropped": h_f["dropped_rps"],
            "v_cost": v_f["cost_usd"],
            "h_cost": h_f["cost_usd"],
        }
    )
    u = vertical.units
    units = {
        **u,
        **{f"{w}_capacity": u["capacity_rps"] for w in "vh"},
        **{f"{w}_dropped": u["dropped_rps"] for w in "vh"},
        **{f"{w}_cost": u["cost_usd"] for w in "vh"},
    }
    # One colour per quantity (capacity, dropped, cost); vertical solid, horizontal dashed.
    cap, drop, cost = COLORS["capacity"], COLORS["throttled"], COLORS["cost"]
    panels = [
        Panel(
            (
                Trace("load_rps", style="area", name="Demand"),
                Trace("v_capacity", style="step", name="Vertical capacity", color=cap, quantity="capacity"),
                Trace("h_capacity", style="dash", name="Horizontal capacity", color=cap, quantity="capacity"),
            ),
            height=1.3,
            heading="Requests per second",
        ),
        Panel(
            (
                Trace("v_dropped", name="Vertical dropped", color=drop, quantity="throttled"),
                Trace("h_dropped", style="dash", name="Horizontal dropped", color=drop, quantity="throttled"),
            ),
            title=axis_title("dropped_rps", units),
        ),
        Panel(
            (
                Trace("v_cost", name="Vertical cost", color=cost, agg="last", quantity="cost"),
                Trace("h_cost", style="dash", name="Horizontal cost", color=cost, agg="last", quantity="cost"),
            ),
            title=axis_title("cost_usd", units),
            height=0.8,
        ),
    ]
    return animated_figure(
        joined, panels, units=units, reduced_motion=reduced_motion, height=700, max_frames=_FRAMES, max_points=240
    )

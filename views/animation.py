"""Client-side animated time-series figures, small enough to ship on every rerun.

:func:`animated_figure` turns a result frame into a Plotly figure with stacked panels that plays
in the browser: Play/Pause, speed ½×-4×, a time scrubber, event markers with hover text from the
event log, fixed axis ranges and ``redraw: false``. Payload stays small because

* each series is reduced to at most ``max_points`` points (bucket max/mean/last),
* there are at most ``max_frames`` frames and a frame carries only the *y prefix* of each trace
  (Plotly draws min(len(x), len(y)) points, so x is sent once), and
* arrays are float32, which Plotly serialises as compact base64 typed arrays.

Figures are assembled as plain dicts and wrapped once, so no per-frame validation cost.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.core import format_clock
from views.payload import AnimatedFigure, FramePrefixes, downsample, time_axis
from views.style import COLORS, LABELS, PALETTE, axis_title, color_for, label_for, unit_for

__all__ = [
    "NARROW_LEGEND_ROW_PX",
    "WIDE_LEGEND_ROW_PX",
    "AnimatedFigure",
    "Panel",
    "Ref",
    "Trace",
    "animated_figure",
    "control_rows",
    "downsample",
    "fits_heading",
    "legend_row_px",
    "panel_legend",
    "per_second",
    "quantity_of",
    "rate",
    "time_axis",
    "wrap_hover",
]

Agg = Literal["max", "mean", "last", "sum"]  # how a series is reduced to fewer points
Style = Literal["line", "step", "area", "dash", "dot", "markers"]
SPEEDS: tuple[tuple[str, float], ...] = (("½×", 0.5), ("1×", 1.0), ("2×", 2.0), ("4×", 4.0))
BASE_FRAME_MS = 110.0
# Play, Pause, speed and the time readout sit above the top panel, sized for a projector: Plotly
# makes a button max(1.3 × font, 30) + 3 px tall, so 25 px text gives 36 px targets.
CONTROL_FONT = 25
READOUT_FONT = 20
_BUTTONS_PX = 40  # the button row
_SLIDER_PX = 98  # the time readout and speed, the scrubber under them (its empty tick row reaches below)
_LEGEND_PX = 46  # one panel's legend: its heading and its traces, room for two rows on a narrow chart
CONTROLS_PX = _BUTTONS_PX + _SLIDER_PX  # the top margin the controls need, above the legend row


HOVER_WIDTH = 60  # characters per hover line: about 420 px of 13 px text, inside any chart


def wrap_hover(text: str, width: int = HOVER_WIDTH) -> str:
    """``text`` broken with ``<br>`` at word boundaries every ``width`` characters or fewer (its own
    ``<br>`` breaks kept): Plotly never wraps a hover label, so a long event sentence would run
    off the chart."""
    lines = str(text).split("<br>")
    return "<br>".join("<br>".join(textwrap.wrap(line, width, break_on_hyphens=False)) or line for line in lines)


def control_rows(plot_h: float, legend_px: float = _LEGEND_PX) -> tuple[float, float, float]:
    """Where the controls go, in paper units of a plot ``plot_h`` px tall with a legend row of
    ``legend_px`` above it: the bottoms of the button row, of the speed menu and of the scrubber."""
    return (
        1 + (legend_px + _SLIDER_PX) / plot_h,
        # beside the time readout, above the scrubber's right end, a clear gap under the buttons
        1 + (legend_px + 34) / plot_h,
        1 + (legend_px - 14) / plot_h,  # its empty tick row reaches into the legend row
    )


# Plotly wraps a horizontal legend's entries as if its title took no room, so a titled legend
# wider than its chart runs off the right edge instead of wrapping. A legend row estimated wider
# than a two-column chart at 1400 px goes untitled (its entries then wrap) and its panel's
# heading moves to the y axis. Estimates in px of 13 px text (14 px bold for the heading).
LEGEND_ROW_PX = 540
WIDE_LEGEND_ROW_PX = 800  # a chart across the whole main area (no controls column beside it)
NARROW_LEGEND_ROW_PX = 340  # one of two charts side by side
_ENTRY_PX, _CHAR_PX, _HEADING_CHAR_PX = 44.0, 6.8, 8.2


def legend_row_px(heading: str, names: Sequence[str]) -> float:
    """The estimated width of a legend row: its heading, then each entry's symbol and name."""
    return _HEADING_CHAR_PX * len(heading) + sum(_ENTRY_PX + _CHAR_PX * len(n) for n in names)


def panel_legend(heading: str, top: float, names: Sequence[str] = (), row_px: float = LEGEND_ROW_PX) -> dict:
    """The legend of one stacked panel whose plot area ends at ``top`` (paper units): a row just
    above the panel, headed by ``heading`` in bold, so a learner sees which panel a line is in.
    Hand-built figures give each panel one (``legend``, ``legend2`` …) as :func:`animated_figure` does.

    ``names``: the entries' names; a row too wide for a narrow chart (:data:`LEGEND_ROW_PX`) goes
    without its heading so it can wrap (see :func:`fits_heading`)."""
    titled = bool(heading) and fits_heading(heading, names, row_px)
    return {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": top,
        "yanchor": "bottom",
        "title": {"text": f"<b>{heading}</b>" if titled else "", "side": "left", "font": {"size": 14}},
        "font": {"size": 13},
        "bgcolor": "rgba(255,255,255,0)",
    }


def fits_heading(heading: str, names: Sequence[str], row_px: float = LEGEND_ROW_PX) -> bool:
    """Whether ``heading`` and the entries ``names`` fit one legend row of ``row_px`` (default: a
    two-column chart's)."""
    return legend_row_px(heading, names) <= row_px


@dataclass(frozen=True)
class Trace:
    """One plotted column: how to draw it and how to reduce it when there are many points."""

    column: str
    style: Style = "line"
    name: str | None = None
    color: str | None = None
    agg: Agg = "max"
    width: float = 2.0
    quantity: str | None = None  # the kind of quantity (views.style.COLORS); default: the column's


def quantity_of(tr: Trace) -> str:
    """The kind of quantity a trace shows: its own, its column's declared kind, or its column."""
    lab = LABELS.get(tr.column)
    return tr.quantity or (lab.kind if lab else tr.column)


@dataclass(frozen=True)
class Ref:
    """A horizontal reference line (a target, a limit) on a panel."""

    y: float
    label: str
    color: str = COLORS["target"]


@dataclass(frozen=True)
class Panel:
    """One stacked subplot: its traces, its y-axis title and optional reference lines.

    Each panel has its own legend, headed by ``heading`` (default: its ``title``, else the title
    made from its column or unit), so a learner sees which panel a line is in."""

    traces: tuple[Trace, ...]
    title: str | None = None
    refs: tuple[Ref, ...] = ()
    height: float = 1.0
    y_min: float | None = 0.0
    y_max: float | None = None
    heading: str | None = None

    @staticmethod
    def of(
        *columns: str | Trace,
        title: str | None = None,
        refs: Sequence[Ref] = (),
        heading: str | None = None,
        **kw: float | None,
    ) -> Panel:
        """A panel from column names or :class:`Trace` objects."""
        traces = tuple(c if isinstance(c, Trace) else Trace(c) for c in columns)
        return Panel(traces, title, tuple(refs), heading=heading, **kw)  # type: ignore[arg-type]


def per_second(
    frame: pd.DataFrame, units: Mapping[str, str], columns: Sequence[str], dt_s: float
) -> tuple[pd.DataFrame, dict[str, str]]:
    """``frame`` and ``units`` with ``<column>_per_s``: counts per step of ``dt_s`` seconds as rates
    per second, so an axis says "per second", never "per step" (a learner does not know the step)."""
    rates = {f"{c}_per_s": frame[c] / dt_s for c in columns}
    counted = {c: units.get(c, "") for c in columns}
    rate_units = {f"{c}_per_s": f"{u}/s" if u and u != "per step" else "per second" for c, u in counted.items()}
    return frame.assign(**rates), {**units, **rate_units}


def rate(column: str, **kw: object) -> Trace:
    """The trace of ``<column>_per_s`` (see :func:`per_second`), titled and coloured as ``column``."""
    lab = LABELS.get(column)
    kw.setdefault("name", label_for(column))
    return Trace(
        f"{column}_per_s",
        color=color_for(column),
        quantity=lab.kind if lab else column,
        **kw,  # type: ignore[arg-type]
    )


def _hover_unit(column: str, units: Mapping[str, str]) -> str:
    """The unit a hover label shows after the value (`` req/s``; none for a count or undeclared)."""
    unit = unit_for(column, units)
    return f" {unit}" if unit and unit not in ("count", "1", "-") else ""


def _line_props(tr: Trace) -> dict:
    color = tr.color or color_for(tr.column)
    props: dict = {"type": "scatter", "mode": "lines", "line": {"color": color, "width": tr.width}}
    if tr.style == "step":
        props["line"]["shape"] = "hv"
    elif tr.style == "area":
        props["fill"] = "tozeroy"
        props["line"]["width"] = 1
    elif tr.style == "dash":
        props["line"]["dash"] = "dash"
    elif tr.style == "dot":
        props["line"]["dash"] = "dot"
    elif tr.style == "markers":
        props["mode"] = "markers"
        props["marker"] = {"color": color, "size": 6}
        del props["line"]
    return props


def _panel_title(panel: Panel, units: Mapping[str, str]) -> str | None:
    """One trace: ``Title (unit)``; several sharing a unit: the unit; else no title."""
    if len(panel.traces) == 1:
        return axis_title(panel.traces[0].column, units)
    shared = {unit_for(tr.column, units) for tr in panel.traces}
    return shared.pop() or None if len(shared) == 1 else None


def _events_name(n_events: int, max_events: int) -> str:
    """The event markers' legend entry; short, as it shares the top panel's legend row."""
    return f"Events (first {max_events} of {n_events:,})" if n_events > max_events else "Events"


def _nice_max(values: list[np.ndarray], refs: Sequence[Ref]) -> float:
    top = max(
        [float(np.nanmax(v)) if len(v) and np.isfinite(np.nanmax(v)) else 0.0 for v in values]
        + [r.y for r in refs]
        + [0.0]
    )
    return top * 1.08 if top > 0 else 1.0


def animated_figure(
    frame: pd.DataFrame,
    panels: Sequence[Panel],
    *,
    units: Mapping[str, str],
    x: str = "t_s",
    events: pd.DataFrame | None = None,
    title: str | None = None,
    max_frames: int = 60,
    max_points: int = 360,
    max_events: int = 80,
    reduced_motion: bool = False,
    height: int | None = None,
    legend_px: float | None = None,
    narrow: bool = False,
) -> go.Figure:
    """An animated (or, with ``reduced_motion``, static) figure of ``frame`` in stacked panels.

    ``units`` are the engine's column units (``Result.units``): a panel without a title is titled
    by its column (one trace) or by the unit its traces share.

    ``events`` is an event-log frame (``t_s``, ``kind``, ``message``): each event becomes a faint
    vertical line and a hover marker on the top panel. At most ``max_events`` are drawn (the
    first ones in time; a note in the title says how many were left out).

    ``legend_px``: the width a panel's legend row may take (:data:`WIDE_LEGEND_ROW_PX` for a chart
    drawn across the whole main area); a wider row goes without its heading (:func:`panel_legend`).
    ``narrow``: one of two charts side by side: narrower legend rows, no legend entry for the event
    markers, and Pause drawn as its symbol so Play, Pause and Replay fit the chart's width at
    projector size.
    """
    if legend_px is None:
        legend_px = NARROW_LEGEND_ROW_PX if narrow else LEGEND_ROW_PX
    if not panels:
        raise ValueError("panels must hold at least one panel")
    if max_frames < 2:
        raise ValueError(f"max_frames must be at least 2, got {max_frames}")
    t = frame[x].to_numpy(dtype=np.float64)
    horizon = float(t[-1] - t[0]) + (float(t[1] - t[0]) if len(t) > 1 else 1.0)
    scale, unit = time_axis(horizon)
    n_pts = min(len(t), max_points)
    xs = (downsample(t, n_pts, "mean" if len(t) <= n_pts else "last") / scale).astype(np.float32)
    if len(t) > n_pts:  # bucket starts, so the first point sits at t0
        size = int(np.ceil(len(t) / n_pts))
        xs = (t[::size][: len(xs)] / scale).astype(np.float32)
    n_points = len(xs)

    n_panels = len(panels)
    weights = np.array([p.height for p in panels], dtype=float)
    total_h = height or int(220 + 190 * n_panels)
    controls_px = 0 if reduced_motion else CONTROLS_PX
    margin_t = (40 if title else 0) + controls_px + _LEGEND_PX + 6
    plot_h = max(total_h - margin_t - 50, 100)
    gap = (_LEGEND_PX + 12) / plot_h if n_panels > 1 else 0.0  # room for the next panel's legend
    usable = 1.0 - gap * (n_panels - 1)
    spans = usable * weights / weights.sum()
    layout: dict = {
        "template": "plotly_white",
        "margin": {"l": 60, "r": 20, "t": margin_t, "b": 50},
        "height": total_h,
        "hovermode": "x unified",
        "hoverlabel": {"align": "left"},
        "font": {"family": "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
        "shapes": [],
        "annotations": [],
    }
    if title:
        layout["title"] = {"text": title, "x": 0, "xanchor": "left"}

    data: list[dict] = []
    prefix_series: list[np.ndarray] = []
    top = 1.0
    for i, panel in enumerate(panels):
        ax = "" if i == 0 else str(i + 1)
        bottom = top - spans[i]
        xaxis = {
            "domain": [0, 1],
            "range": [float(t[0] / scale), float((t[0] + horizon) / scale)],
            "autorange": False,
            "anchor": f"y{ax}",
            "showticklabels": i == n_panels - 1,
            "matches": "x" if i else None,
            "showspikes": True,
            "spikemode": "across",
            "spikethickness": 1,
        }
        if i == n_panels - 1:
            xaxis["title"] = {"text": f"Time ({unit})"}
        layout[f"xaxis{ax}"] = {k: v for k, v in xaxis.items() if v is not None}
        ys = [
            downsample(frame[tr.column].to_numpy(dtype=np.float64), n_points, tr.agg).astype(np.float32)
            for tr in panel.traces
        ]
        y_max = panel.y_max if panel.y_max is not None else _nice_max(ys, panel.refs)
        heading = panel.heading or panel.title or _panel_title(panel, units) or ""
        y_title = panel.title or _panel_title(panel, units)
        legend = "legend" if i == 0 else f"legend{i + 1}"
        names = [tr.name or label_for(tr.column) for tr in panel.traces]
        if i == 0 and events is not None and len(events) and not narrow:
            names.append(_events_name(len(events), max_events))
        layout[legend] = panel_legend(heading, top, names, legend_px)
        if heading and not fits_heading(heading, names, legend_px):
            y_title = heading  # the legend wraps untitled: the axis names the panel
        layout[f"yaxis{ax}"] = {
            "domain": [max(bottom, 0.0), top],
            "range": [panel.y_min if panel.y_min is not None else float(min(0.0, *(np.nanmin(y) for y in ys))), y_max],
            "autorange": False,
            "anchor": f"x{ax}",
            "title": {"text": y_title or "", "font": {"size": 12}},
            "rangemode": "tozero",
        }
        low = min((r.y for r in panel.refs), default=None) if len(panel.refs) > 1 else None
        for ref in panel.refs:
            layout["shapes"].append(
                {
                    "type": "line",
                    "xref": f"x{ax} domain",
                    "yref": f"y{ax}",
                    "x0": 0,
                    "x1": 1,
                    "y0": ref.y,
                    "y1": ref.y,
                    "line": {"color": ref.color, "width": 1, "dash": "dash"},
                }
            )
            layout["annotations"].append(
                {
                    "xref": f"x{ax} domain",
                    "yref": f"y{ax}",
                    "x": 1,
                    "y": ref.y,
                    "text": ref.label,
                    "showarrow": False,
                    "xanchor": "right",
                    # several lines on a panel: the lowest one's label reads under it, so two
                    # close lines (a target and its scale-in alarm) never stack their labels
                    "yanchor": "top" if ref.y == low else "bottom",
                    "font": {"size": 11, "color": ref.color},
                    "bgcolor": "rgba(255,255,255,0.85)",  # readable where a plotted line runs under it
                }
            )
        for tr, y in zip(panel.traces, ys, strict=True):
            trace = _line_props(tr)
            trace.update(
                {
                    "x": xs,
                    "y": y,
                    "name": tr.name or label_for(tr.column),
                    "xaxis": f"x{ax}",
                    "yaxis": f"y{ax}",
                    "legend": legend,
                    "meta": quantity_of(tr),
                    "hovertemplate": "%{y:,.4~g}"
                    + _hover_unit(tr.column, units)
                    + "<extra>"
                    + (tr.name or label_for(tr.column))
                    + "</extra>",
                }
            )
            data.append(trace)
            prefix_series.append(y)
        top = bottom - gap

    event_trace_index = None
    if events is not None and len(events):
        ev = events.sort_values("t_s", kind="stable")
        left_out = max(0, len(ev) - max_events)
        ev = ev.head(max_events)
        ex = (ev["t_s"].to_numpy(dtype=np.float64) / scale).astype(np.float32)
        y_top = layout["yaxis"]["range"][1]
        for xv in ex:
            layout["shapes"].append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": float(xv),
                    "x1": float(xv),
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": PALETTE["grey"], "width": 1, "dash": "dot"},
                    "opacity": 0.35,
                    "layer": "below",
                }
            )
        texts = [wrap_hover(f"{format_clock(ts)} · {m}") for ts, m in zip(ev["t_s"], ev["message"], strict=True)]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": ex,
                "y": np.full(len(ex), y_top * 0.97, dtype=np.float32),
                "marker": {"symbol": "triangle-down", "size": 10, "color": COLORS["event"]},
                "name": _events_name(left_out + max_events if left_out else len(ev), max_events),
                "hovertext": texts,
                "hoverinfo": "text",
                "xaxis": "x",
                "yaxis": "y",
                "legend": "legend",
                "meta": "event",
                # a narrow chart's top legend row has no room for it: its caption names the triangles
                "showlegend": not narrow,
            }
        )
        event_trace_index = len(data) - 1

    if reduced_motion:
        return AnimatedFigure({"data": data, "layout": layout})

    n_frames = min(max_frames, n_points)
    cuts = np.unique(np.linspace(1, n_points, n_frames).round().astype(int))
    keeps: tuple[int, ...] = ()
    if event_trace_index is not None:
        ex = data[event_trace_index]["x"]
        keeps = tuple(int(np.searchsorted(ex, float(xs[c - 1]), side="right")) for c in cuts)
    # Each frame is a prefix of the base arrays: described once by its cut points, built on demand for
    # Plotly's own figure and in the browser by views.plotly_chart (so frames are not sent as copies).
    prefixes = FramePrefixes(tuple(range(len(prefix_series))), tuple(int(c) for c in cuts), event_trace_index, keeps)
    # The figure opens on the first frame's state, ready to play.
    for i, y in enumerate(prefix_series):
        data[i]["y"] = y  # full arrays in the base: a paused figure shows the whole run
    labels = [format_clock(float(xs[c - 1]) * scale) for c in cuts]

    def play(speed: float, label: str, *, from_start: bool = False) -> dict:
        return {
            "args": [
                None,
                {
                    "frame": {"duration": BASE_FRAME_MS / speed, "redraw": False},
                    "fromcurrent": not from_start,
                    "transition": {"duration": 0},
                    "mode": "immediate",
                },
            ],
            "label": label,
            "method": "animate",
        }

    pause = {
        "args": [
            [None],
            {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}},
        ],
        "label": "❚❚" if narrow else "❚❚ Pause",
        "method": "animate",
    }
    # Above the top panel and its legend: the buttons, then the time readout over the scrubber.
    buttons_y, speed_y, slider_y = control_rows(plot_h)
    layout["updatemenus"] = [
        {
            "type": "buttons",
            "direction": "left",
            "showactive": False,
            "x": 0,
            "xanchor": "left",
            "y": buttons_y,
            "yanchor": "bottom",
            "pad": {"t": 0, "r": 6, "b": 0},
            "font": {"size": CONTROL_FONT},
            "buttons": [play(1.0, "▶ Play"), pause, play(1.0, "↺ Replay", from_start=True)],
        },
        {
            # Speed as a dropdown on the readout's row, so narrow charts keep room for the buttons.
            "type": "dropdown",
            "direction": "down",
            "showactive": True,
            "active": 1,
            "x": 1,
            "xanchor": "right",
            "y": speed_y,
            "yanchor": "bottom",
            "pad": {"t": 0, "b": 0},
            "font": {"size": CONTROL_FONT},
            "buttons": [play(s, f"speed {lbl}") for lbl, s in SPEEDS],
        },
    ]
    layout["sliders"] = [
        {
            "active": len(cuts) - 1,
            "x": 0,
            "len": 1.0,
            "y": slider_y,
            "yanchor": "bottom",
            "pad": {"t": 0, "b": 0},
            "currentvalue": {
                "prefix": "t = ",
                "font": {"size": READOUT_FONT, "color": "#1F2933"},
                "xanchor": "left",
                "offset": 4,
            },
            "transition": {"duration": 0},
            "ticklen": 0,
            "minorticklen": 0,
            "font": {"size": 1, "color": "rgba(0,0,0,0)"},
            "steps": [
                {
                    "args": [
                        [str(k)],
                        {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}},
                    ],
                    "label": labels[k],
                    "method": "animate",
                }
                for k in range(len(cuts))
            ],
        }
    ]
    return AnimatedFigure({"data": data, "layout": layout}, prefixes=prefixes)

"""Kinesis lab figures: the shard heat map, stream totals, the hash ring, Firehose and Analytics.

The heat map animates without resending its cells: a veil hides the future and sweeps across
time while throttling markers appear as their time comes (tiny frames; redrawn, since Plotly drops a
heat map from a plot whose scatter traces animate without redraw).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.core import Result, format_clock, format_duration
from engine.kinesis import windowed
from engine.kinesis.hashing import HASH_SPACE, key_name, key_set
from views.animation import (
    CONTROL_FONT,
    CONTROLS_PX,
    READOUT_FONT,
    Panel,
    Ref,
    Trace,
    animated_figure,
    control_rows,
    time_axis,
)
from views.style import COLORS, PALETTE, axis_title, unit_for

__all__ = ["analytics_figure", "firehose_figure", "hash_ring_figure", "heatmap_figure", "stream_figure"]

FONT = {"family": "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}
HEAT_SCALE = [  # utilisation 0-200 %: pale to orange at the limit (100 %), vermillion to black above
    [0.0, "#F7F7F7"],
    [0.25, "#FBE3B0"],
    [0.5, PALETTE["orange"]],
    [0.5001, "#E5793A"],
    [0.75, PALETTE["vermillion"]],
    [1.0, "#5A1A00"],
]
U_MAX = 200.0


def _controls(n: int, labels: list[str], plot_h: float) -> tuple[list[dict], list[dict]]:
    """Play/pause buttons and a scrubber for ``n`` frames above a plot ``plot_h`` px tall (same
    look and place as views.animation)."""
    buttons_y, _, slider_y = control_rows(plot_h)
    # redraw: a heat map sharing the plot with animated scatter traces vanishes without a full redraw
    anim = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate", "transition": {"duration": 0}}
    play = {"frame": {"duration": 150, "redraw": True}, "fromcurrent": True, "transition": {"duration": 0}}
    menus = [
        {
            "type": "buttons",
            "direction": "left",
            "showactive": False,
            "x": 0,
            "y": buttons_y,
            "xanchor": "left",
            "yanchor": "bottom",
            "pad": {"t": 0, "r": 6, "b": 0},
            "font": {"size": CONTROL_FONT},
            "buttons": [
                {"args": [None, play], "label": "▶ Play", "method": "animate"},
                {"args": [[None], anim], "label": "❚❚ Pause", "method": "animate"},
            ],
        }
    ]
    sliders = [
        {
            "active": n - 1,
            "x": 0,
            "len": 1.0,
            "y": slider_y,
            "yanchor": "bottom",
            "pad": {"t": 0, "b": 0},
            "currentvalue": {"prefix": "t = ", "font": {"size": READOUT_FONT, "color": "#1F2933"}, "offset": 4},
            "ticklen": 0,
            "font": {"size": 1, "color": "rgba(0,0,0,0)"},
            "steps": [{"args": [[str(k)], anim], "label": labels[k], "method": "animate"} for k in range(n)],
        }
    ]
    return menus, sliders


def heatmap_figure(
    result: Result, *, max_cols: int = 100, max_frames: int = 24, reduced_motion: bool = False
) -> go.Figure:
    """Shard × time coloured by utilisation (incoming ÷ write limit); ✕ marks throttling."""
    sh = result.extra["shard"]
    t_all = result.frame["t_s"].to_numpy()
    n_t, dt = len(t_all), float(result.config.dt_s)
    shards = np.unique(sh["shard"].to_numpy())
    ti = np.rint(sh["t_s"].to_numpy() / dt).astype(np.int64)
    ri = np.searchsorted(shards, sh["shard"].to_numpy())
    util = np.full((len(shards), n_t), np.nan)
    thr = np.zeros((len(shards), n_t))
    util[ri, ti] = sh["utilization_pct"].to_numpy()
    thr[ri, ti] = sh["throttled_records"].to_numpy()
    size = int(np.ceil(n_t / max_cols))
    n_cols = int(np.ceil(n_t / size))
    pad = n_cols * size - n_t
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            z = np.nanmax(
                np.pad(util, ((0, 0), (0, pad)), constant_values=np.nan).reshape(len(shards), n_cols, size), 2
            )
    thr_b = np.pad(thr, ((0, 0), (0, pad))).reshape(len(shards), n_cols, size).sum(2) * dt
    scale, unit = time_axis(n_t * dt)
    x = (np.arange(n_cols) * size * dt / scale).astype(np.float32)
    x_end = float(n_t * dt / scale)
    y = [f"shard {s}" for s in shards]
    util_title, util_unit = axis_title("utilization_pct", result.units), unit_for("utilization_pct", result.units)
    hot_r, hot_c = np.nonzero(thr_b > 0.5)
    order = np.argsort(hot_c, kind="stable")
    hot_r, hot_c = hot_r[order], hot_c[order]
    hover = [
        f"{y[r]} · {format_clock(x[c] * scale)}<br>throttled {thr_b[r, c]:,.0f} writes"
        for r, c in zip(hot_r, hot_c, strict=True)
    ]
    n_rows = len(shards)
    data = [
        {
            "type": "heatmap",
            "x": x,
            "y": y,
            "z": np.round(np.minimum(z, 999), 0).astype(np.float32),
            "zmin": 0,
            "zmax": U_MAX,
            "colorscale": HEAT_SCALE,
            "colorbar": {"title": {"text": util_title}, "tickvals": [0, 50, 100, 150, 200], "len": 0.9},
            "hovertemplate": "%{y} · %{x:.4~g} " + unit + "<br>utilisation %{z:,.0f} " + util_unit + "<extra></extra>",
            "xgap": 0,
            "ygap": 1,
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": x[hot_c],
            "y": [y[r] for r in hot_r],
            "marker": {"symbol": "x-thin", "size": 7, "line": {"width": 1.5, "color": PALETTE["black"]}},
            "name": "throttled",
            "hovertext": hover,
            "hoverinfo": "text",
            "showlegend": True,
        },
    ]
    height = int(min(760, 260 + 16 * n_rows)) + (0 if reduced_motion else CONTROLS_PX)
    top = 36 + (0 if reduced_motion else CONTROLS_PX)  # the legend row, and the controls above it
    layout: dict = {
        "template": "plotly_white",
        "font": FONT,
        "height": height,
        "margin": {"l": 80, "r": 20, "t": top, "b": 50},
        "xaxis": {
            "title": {"text": f"Time ({unit})"},
            "range": [float(x[0]) - 0.5 * size * dt / scale, x_end],
            "autorange": False,
        },
        "yaxis": {"autorange": "reversed", "type": "category", "title": {"text": ""}},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    }
    if reduced_motion:
        return go.Figure({"data": data, "layout": layout}, _validate=False)
    veil = {
        "type": "scatter",
        "mode": "lines",
        "x": [x_end, x_end, x_end, x_end, x_end],
        "y": [-0.5, -0.5, n_rows - 0.5, n_rows - 0.5, -0.5],
        "fill": "toself",
        "fillcolor": "rgba(255,255,255,0.92)",
        "line": {"width": 2, "color": PALETTE["blue"]},
        "yaxis": "y2",
        "hoverinfo": "skip",
        "showlegend": False,
    }
    data.append(veil)
    layout["yaxis2"] = {"overlaying": "y", "range": [n_rows - 0.5, -0.5], "visible": False, "fixedrange": True}
    cuts = np.unique(np.linspace(1, n_cols, min(max_frames, n_cols)).round().astype(int))
    frames = []
    for k, cut in enumerate(cuts):
        edge = float(x[cut - 1]) + 0.5 * size * dt / scale if cut < n_cols else x_end
        shown = int(np.searchsorted(hot_c, cut, side="left"))
        frames.append(
            {
                "name": str(k),
                "data": [
                    {"x": x[hot_c[:shown]], "y": [y[r] for r in hot_r[:shown]]},
                    {"x": [edge, x_end, x_end, edge, edge]},
                ],
                "traces": [1, 2],
            }
        )
    menus, sliders = _controls(
        len(cuts), [format_clock(min(float(x[c - 1]) * scale + size * dt, n_t * dt)) for c in cuts], height - top - 50
    )
    layout["updatemenus"], layout["sliders"] = menus, sliders
    return go.Figure({"data": data, "layout": layout, "frames": frames}, _validate=False)


def stream_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Stream totals (incoming, accepted, throttled, lost), open shards, and iterator age."""
    cfg = result.config
    ret_s = cfg.retention_h * 3600.0
    age_refs = (Ref(ret_s, f"retention {cfg.retention_h:g} h", COLORS["lost"]),)
    age_max = max(float(result.frame["iterator_age_s"].max()), 60.0)
    return animated_figure(
        result.frame,
        [
            Panel.of(
                # short names: six entries share the row under the controls, two rows at most
                Trace("incoming_records", name="Incoming"),  # new records and retries (see the caption)
                Trace("write_capacity_records", style="dash", name="Write limit"),
                Trace("accepted_records", style="area"),
                Trace("throttled_records"),
                Trace("lost_records"),
                height=1.6,
            ),
            Panel.of(Trace("shards", style="step"), title="Open shards", height=0.6),
            Panel.of(
                Trace("iterator_age_s", style="area"),
                refs=age_refs if age_max > 0.25 * ret_s else (),
                height=0.8,
            ),
        ],
        units=result.units,
        events=result.events[result.events["kind"] != "consumers"],
        reduced_motion=reduced_motion,
        max_frames=15,
        max_points=200,
    )


def hash_ring_figure(result: Result, *, max_keys: int = 200) -> go.Figure:
    """The 128-bit hash space as a ring: open shards as arcs, the most popular keys as dots."""
    cfg = result.config
    table = result.extra["shards"]
    live = table[table["state"] == "OPEN"]
    ks = key_set(cfg.n_keys, cfg.key_prefix)
    w = cfg.weights()
    top = np.argsort(-w, kind="stable")[:max_keys]
    pos = np.empty(ks.n, np.int64)
    pos[ks.order] = np.arange(ks.n)
    angle = np.array([ks.hash_of_position(int(pos[i])) / HASH_SPACE * 360.0 for i in top])
    start = live["range_start_frac"].to_numpy() * 360.0
    width = (live["range_end_frac"] - live["range_start_frac"]).to_numpy() * 360.0
    traffic = live["traffic_pct"].to_numpy()
    data = [
        {
            "type": "barpolar",
            "r": np.ones(len(live)),
            "theta": start + width / 2,
            "width": width,
            "marker": {
                "color": traffic,
                "colorscale": [[0, "#E8F1F8"], [1, PALETTE["blue"]]],
                "cmin": 0,
                "cmax": max(float(traffic.max()) if len(traffic) else 1.0, 1.0),
                "line": {"color": "white", "width": 2},
            },
            "text": [f"shard {s}" for s in live["shard"]],
            "hovertemplate": "%{text}<br>%{customdata[0]:,} keys, %{customdata[1]:.1f} % of traffic<extra></extra>",
            "customdata": np.stack([live["keys"].to_numpy(), traffic], axis=1) if len(live) else [],
            "name": "shards",
            "base": 0.55,
        },
        {
            "type": "scatterpolar",
            "mode": "markers",
            "r": np.full(len(top), 1.72),
            "theta": angle,
            "marker": {
                "size": np.clip(5 + 60 * np.sqrt(w[top]), 5, 30),  # area grows with the key's traffic share
                "color": COLORS["demand"],  # traffic, as the shards' shading: not throttling
                "opacity": 0.7,
                "line": {"color": "white", "width": 1},
            },
            "text": [key_name(int(i), cfg.key_prefix) for i in top],
            "hovertemplate": "%{text}: %{customdata:.2f} % of traffic<extra></extra>",
            "customdata": 100 * w[top],
            "name": f"top {len(top)} keys by traffic",
        },
    ]
    layout = {
        "template": "plotly_white",
        "font": FONT,
        "height": 460,
        # wide side margins: the tick labels at 3 and 9 o'clock ("3·2¹²⁶") sit outside the ring
        "margin": {"l": 80, "r": 80, "t": 40, "b": 30},
        "polar": {
            "radialaxis": {"visible": False, "range": [0, 1.9]},
            "angularaxis": {
                "direction": "clockwise",
                "rotation": 90,
                "tickvals": [0, 90, 180, 270],
                "ticktext": ["0", "2¹²⁶", "2¹²⁷", "3·2¹²⁶"],
            },
            "hole": 0.0,
        },
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.05},
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def firehose_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """The Firehose buffer filling and emptying, and the batches delivered."""
    cfg = result.config
    return animated_figure(
        result.frame,
        [
            Panel.of(
                Trace("buffer_mb", style="area", agg="max"),
                refs=[Ref(cfg.buffer_mb, f"size hint {cfg.buffer_mb:g} {unit_for('buffer_mb', result.units)}")],
            ),
            Panel.of(Trace("delivered_total_mb", style="step", agg="last")),
        ],
        units=result.units,
        events=result.events,
        reduced_motion=reduced_motion,
        max_frames=12,
        max_points=240,
        height=500,
    )


def analytics_figure(result: Result, kind: str, window_s: float, *, slide_s: float | None = None) -> go.Figure:
    """Records per window per key group (one line each) of a stream's accepted records."""
    windows = windowed(result.extra["key_groups"], kind, min(window_s, result.config.horizon_s), slide_s=slide_s)
    scale, unit = time_axis(float(windows["window_end_s"].max()) if len(windows) else 60.0)
    colors = [PALETTE["vermillion"], PALETTE["orange"], PALETTE["purple"], PALETTE["blue"]]
    data = []
    for i, (name, g) in enumerate(windows.groupby("key_group", sort=False)):
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers" if kind == "tumbling" else "lines",
                "line": {"shape": "hv" if kind == "tumbling" else "linear", "color": colors[i % len(colors)]},
                "x": (g["window_end_s"].to_numpy() / scale).astype(np.float32),
                "y": g["records"].to_numpy().astype(np.float32),
                "name": str(name),
            }
        )
    layout = {
        "template": "plotly_white",
        "font": FONT,
        "height": 340,
        "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
        "xaxis": {"title": {"text": f"Window end ({unit})"}},
        "yaxis": {"title": {"text": f"Records per {format_duration(window_s)} window"}, "rangemode": "tozero"},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "hovermode": "x unified",
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)

"""Figures for the DynamoDB lab: capacity and partitions over time, a per-partition heat map,
the on-demand vs provisioned cost race, and the DAX panel. No simulation here."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.core import Result, format_duration, format_number
from engine.dynamodb import (
    PARTITION_FORMULA,
    PARTITION_MAX_RCU,
    PARTITION_MAX_WCU,
    PRICES_NOTE,
    breakeven_utilisation,
    partition_count,
    read_capacity_units,
    write_capacity_units,
)
from engine.dynamodb.capacity import ON_DEMAND_PEAK_FACTOR, READ_BLOCK_KB, WRITE_BLOCK_KB
from engine.dynamodb.dax import TABLE_READ_MS
from views.animation import Panel, Ref, Trace, animated_figure, time_axis
from views.style import COLORS, PALETTE, unit_for

__all__ = [
    "KEY_EVENTS",
    "calculator_numbers",
    "capacity_caption",
    "capacity_figure",
    "cost_figure",
    "dax_caption",
    "dax_figure",
    "heatmap_figure",
    "key_events",
    "shares_caption",
    "shares_figure",
    "summary_numbers",
]

KEY_EVENTS = (
    "split",
    "scaling",
    "manual_update",
    "decrease_refused",
    "throttle",
    "zero_traffic_hold",
    "zero_traffic",
    "workaround",
)
MAX_SHARE_POINTS = 120
"""Time points per partition in the shares figure."""


def key_events(events: pd.DataFrame, *, limit: int = 80) -> pd.DataFrame:
    """The events worth a marker on the chart: every split, throttling burst, refused decrease,
    zero-traffic note and workaround first, then scaling actions thinned to one per 30 minutes
    (target tracking takes many small steps on a ramp; the event log keeps them all)."""
    if events is None or events.empty:
        return events
    kind = events["kind"].to_numpy()
    t = events["t_s"].to_numpy()
    marked = np.isin(kind, KEY_EVENTS)
    rest = np.flatnonzero(marked & (kind != "scaling"))[:limit]
    scaling = np.flatnonzero(marked & (kind == "scaling"))
    first = np.unique(t[scaling] // 1800, return_index=True)[1]  # the first step of each half hour
    scaling = scaling[np.sort(first)][: limit - len(rest)]
    keep = np.concatenate([rest, scaling])
    return events.iloc[keep[np.argsort(t[keep], kind="stable")]]


def _title(text: str, column: str, units: Mapping[str, str]) -> str:
    """``text (unit of column)``: a panel title whose unit the engine declares."""
    return f"{text} ({unit_for(column, units)})"


def capacity_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Provisioned vs consumed WCU and RCU, throttled requests, and the partition count."""
    u = result.units
    panels = [
        Panel.of(
            Trace("provisioned_wcu", style="step", agg="max"),
            Trace("consumed_wcu", style="area", agg="max"),
            title=_title("Writes", "consumed_wcu", u),
        ),
        Panel.of(
            Trace("provisioned_rcu", style="step", agg="max"),
            Trace("consumed_rcu", style="area", agg="max"),
            title=_title("Reads", "consumed_rcu", u),
        ),
        Panel.of(
            Trace("throttled_writes", agg="max"),
            Trace("throttled_reads", agg="max", style="dash"),  # vs writes: same colour, dashed
            title=_title("Throttled", "throttled_writes", u),
            height=0.8,
        ),
        Panel.of(Trace("partitions", style="step", agg="max"), title="Partitions", height=0.6),
    ]
    if result.config.gsi and result.config.mode == "provisioned":
        panels.insert(
            3,
            Panel.of(
                Trace("gsi_provisioned_wcu", style="step", agg="max"),
                Trace("gsi_consumed_wcu", style="area", agg="max"),
                Trace("gsi_throttled_writes", agg="max", color=PALETTE["vermillion"], style="dash"),
                title=_title("GSI writes", "gsi_consumed_wcu", u),
                height=0.8,
            ),
        )
    return animated_figure(
        result.frame,
        panels,
        units=u,
        events=key_events(result.events),
        reduced_motion=reduced_motion,
        max_frames=30,
        max_points=240,
    )


def heatmap_figure(result: Result, *, max_cols: int = 100) -> go.Figure:
    """Per-partition demand as % of the partition ceiling (reads or writes, the higher), over time.

    At most ``max_cols`` time columns (buckets are averaged); a hot key shows as one bright row.
    """
    per = result.extra["partitions"]
    ts = np.sort(per["t_s"].unique())
    n_part = int(per["partition"].max()) + 1 if len(per) else 1
    heat = np.full((n_part, len(ts)), np.nan)
    thr = np.zeros((n_part, len(ts)))
    col = np.searchsorted(ts, per["t_s"].to_numpy())
    row = per["partition"].to_numpy()
    heat[row, col] = 100 * np.maximum(
        per["read_demand"].to_numpy() / PARTITION_MAX_RCU, per["write_demand"].to_numpy() / PARTITION_MAX_WCU
    )
    thr[row, col] = per["throttled"].to_numpy()
    group = max(1, int(np.ceil(len(ts) / max_cols)))
    n_cols = int(np.ceil(len(ts) / group))
    pad = n_cols * group - len(ts)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        h = np.nanmean(np.pad(heat, ((0, 0), (0, pad)), constant_values=np.nan).reshape(n_part, n_cols, group), axis=2)
        th = np.pad(thr, ((0, 0), (0, pad))).reshape(n_part, n_cols, group).max(axis=2)
    scale, unit = time_axis(float(ts[-1] - ts[0]) + float(ts[1] - ts[0]) if len(ts) > 1 else 60.0)
    x = (ts[::group] / scale).astype(np.float32)
    names = per.drop_duplicates("partition").sort_values("partition")["name"]
    heatmap = {
        "type": "heatmap",
        "x": x,
        "y": [f"{n} " for n in names],
        "z": h.astype(np.float32),
        "customdata": th.astype(np.float32),
        "zmin": 0,
        "zmax": 100,
        "colorscale": "Cividis",
        # cividis: perceptually uniform and colour-blind safe; a full-height bar with readable ticks
        "colorbar": {
            "title": {"text": "Demand, % of<br>partition ceiling", "font": {"size": 13}},
            "tickvals": [0, 25, 50, 75, 100],
            "ticktext": ["0 %", "25 %", "50 %", "75 %", "≥ 100 %"],
            "tickfont": {"size": 13},
            "thickness": 22,
            "len": 0.8,
            "y": 0.4,
            "yanchor": "middle",
        },
        "hovertemplate": "t=%{x:.2f} " + unit + "<br>partition %{y}<br>demand %{z:.0f} % of ceiling"
        f"<br>throttled ≤ %{{customdata:,.0f}} {unit_for('throttled', result.units)}<extra></extra>",
    }
    layout = {
        "template": "plotly_white",
        "height": max(300, min(520, 160 + 14 * n_part)),
        "margin": {"l": 60, "r": 20, "t": 30, "b": 40},
        "xaxis": {"title": {"text": f"Time ({unit})"}, "range": [float(x[0]), float(ts[-1] / scale)]},
        "yaxis": {"title": {"text": "Partition"}, "autorange": "reversed", "type": "category"},
    }
    return go.Figure({"data": [heatmap], "layout": layout}, _validate=False)


def shares_figure(result: Result) -> go.Figure:
    """Each partition's share of the provisioned capacity over time, stacked to 100 %: a split
    cuts a band in two. Hover gives the partition's share of the keys (the same, by the split
    rule) and of the traffic (which a hot key makes larger). On demand (no provisioned share)
    the bands are the shares of the keys."""
    per = result.extra["partitions"]
    t = per["t_s"].to_numpy()
    ts = np.unique(t)
    step = max(1, int(np.ceil(len(ts) / MAX_SHARE_POINTS)))
    keep = np.append(ts[::step], ts[-1]) if len(ts) else ts
    on_demand = result.config.mode != "provisioned"
    grid = _by_partition(per, np.unique(keep), "key_share" if on_demand else "capacity_share")
    at = np.searchsorted(grid.times, keep)  # the last time may be kept twice: its column twice
    scale, unit = time_axis(float(ts[-1] - ts[0]) + float(ts[1] - ts[0]) if len(ts) > 1 else 60.0)
    what = "keys" if on_demand else "capacity"
    colors = list(PALETTE.values())[1:]
    data = []
    for i, (name, band, keys, traffic) in enumerate(zip(grid.names, grid.band, grid.keys, grid.traffic, strict=True)):
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "stackgroup": "shares",
                "line": {"shape": "hv", "width": 0.5, "color": colors[i % len(colors)]},
                "name": name,
                "x": (keep / scale).astype(np.float32),
                "y": band[at].astype(np.float32),  # a partition is 0 % before it exists
                "customdata": np.stack([keys[at], traffic[at]], axis=1).astype(np.float32),
                "hovertemplate": f"partition {name}<br>t=%{{x:.2f}} {unit}<br>"
                f"{what} %{{y:.1f}} %<br>keys %{{customdata[0]:.1f}} %<br>traffic %{{customdata[1]:.1f}} %"
                "<extra></extra>",
            }
        )
    layout = {
        "template": "plotly_white",
        "height": 300,
        "margin": {"l": 60, "r": 20, "t": 30, "b": 40},
        "xaxis": {"title": {"text": f"Time ({unit})"}},
        "yaxis": {"title": {"text": f"Share of the {what} (%)"}, "range": [0, 100]},
        "legend": {"title": {"text": "Partition"}},
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)


@dataclass(frozen=True)
class _Shares:
    """The per-partition frame at some bucket times, one row per partition (in slot order) and one
    column per time; 0 where a partition does not exist yet."""

    times: np.ndarray
    names: list[str]
    band: np.ndarray
    keys: np.ndarray
    traffic: np.ndarray


def _by_partition(per: pd.DataFrame, times: np.ndarray, band: str) -> _Shares:
    """The shares figure's numbers at ``times`` (sorted, unique): the ``band`` share, the share of
    the keys, and the share of the traffic (a partition's read + write demand over the table's at
    that time; 0 when the table has none). The table's demand is summed partition by partition with
    a compensated (Kahan) sum, as pandas' group sums are, so the shares are the same to the bit."""
    rows = np.isin(per["t_s"].to_numpy(), times)
    slot = per["partition"].to_numpy()[rows]
    col = np.searchsorted(times, per["t_s"].to_numpy()[rows])
    slots = np.unique(slot)
    row = np.searchsorted(slots, slot)
    shape = (len(slots), len(times))
    demand = np.full(shape, np.nan)
    demand[row, col] = (per["read_demand"].to_numpy() + per["write_demand"].to_numpy())[rows]
    total, comp = np.zeros(len(times)), np.zeros(len(times))
    for d in demand:  # slot order, which is each time's row order in the frame
        here = ~np.isnan(d)
        y = d[here] - comp[here]
        s = total[here] + y
        comp[here] = s - total[here] - y
        total[here] = s
    with np.errstate(invalid="ignore", divide="ignore"):
        traffic = 100 * demand / np.where(total == 0.0, np.nan, total)
    values = {}
    for name in (band, "key_share"):
        grid = np.full(shape, np.nan)
        grid[row, col] = per[name].to_numpy()[rows]
        values[name] = np.nan_to_num(grid, nan=0.0)
    first = np.unique(per["partition"].to_numpy(), return_index=True)[1]
    names = dict(zip(per["partition"].to_numpy()[first], per["name"].to_numpy()[first], strict=True))
    return _Shares(
        times, [str(names[p]) for p in slots], values[band], values["key_share"], np.nan_to_num(traffic, nan=0.0)
    )


def shares_caption(result: Result) -> str:
    """What the shares figure shows in this run: each partition's share of keys, capacity and
    traffic at the end (§3.2: a split halves a partition's keys and capacity)."""
    per = result.extra["partitions"]
    last = per[per["t_s"] == per["t_s"].max()]
    demand = last["read_demand"] + last["write_demand"]
    traffic = 100 * demand / max(float(demand.sum()), 1e-12)
    rows = ", ".join(
        f"{n} {k:.0f} % of keys / {t:.0f} % of traffic"
        for n, k, t in zip(last["name"], last["key_share"], traffic, strict=True)
    )
    if len(last) > 8:
        rows = f"{len(last)} partitions"
    return (
        "**Each partition's share** — a split cuts its band in two: each half takes half of the keys and half "
        f"of the capacity, so shares of keys and capacity always agree (a uniform key space never throttles "
        f"below 100 %); a hot key makes a partition's traffic share larger. At the end: {rows}."
    )


def cost_figure(result: Result) -> go.Figure:
    """Cumulative cost of provisioned capacity-hours vs the same requests on demand."""
    unit = unit_for("cost_provisioned_usd", result.units)
    panel = Panel.of(
        Trace("cost_provisioned_usd", agg="last", color=COLORS["capacity"]),
        Trace("cost_on_demand_usd", agg="last", color=COLORS["demand"], style="dash"),
        title=f"Cost so far ({unit}, illustrative)",
    )
    return animated_figure(result.frame, [panel], units=result.units, reduced_motion=True, height=300, max_points=200)


def dax_figure(result: Result) -> go.Figure:
    """DAX hit ratio and mean read latency over time (static)."""
    frame = result.frame
    reads = frame["read_requests"].to_numpy()
    with np.errstate(all="ignore"):
        pct = np.where(reads > 0, 100 * frame["dax_hits"].to_numpy() / reads, 0.0)
    df = pd.DataFrame({"t_s": frame["t_s"], "dax_hit_pct": pct, "read_latency_ms": frame["read_latency_ms"]})
    panels = [
        Panel.of(Trace("dax_hit_pct", agg="mean"), y_max=100, refs=(Ref(50, "50 %"),)),
        Panel.of(Trace("read_latency_ms", agg="mean")),
    ]
    return animated_figure(df, panels, units=result.units, reduced_motion=True, height=420, max_points=200)


Number = tuple[str, str, str]


def calculator_numbers(result: Result) -> list[Number]:
    """(label, value, help) for the calculator: capacity units and partitions the peak needs."""
    config, frame = result.config, result.frame
    peak = float((frame["read_requests"] + frame["write_requests"]).max())
    rf = config.read_fraction
    need_r = read_capacity_units(config.item_size_kb, peak * rf, config.consistency)
    need_w = write_capacity_units(config.item_size_kb, peak * (1 - rf), config.transactional_writes)
    n0 = config.initial_partitions
    ceiling_r, ceiling_w = format_number(PARTITION_MAX_RCU), format_number(PARTITION_MAX_WCU)
    return [
        (
            "RCU at peak",
            f"{need_r:,}",
            f"{peak * rf:,.0f} reads/s × {config.rcu_per_read:g} RCU "
            f"({config.item_size_kb:g} KB in {READ_BLOCK_KB:g} KB blocks, {config.consistency})",
        ),
        (
            "WCU at peak",
            f"{need_w:,}",
            f"{peak * (1 - rf):,.0f} writes/s × {config.wcu_per_write:g} WCU ({WRITE_BLOCK_KB:g} KB blocks)",
        ),
        (
            "Partitions for that",
            str(partition_count(need_r, need_w, config.storage_gb)),
            f"{PARTITION_FORMULA} — the course formula",
        ),
        ("Partitions at start", str(n0), "The course formula on the starting capacity and stored data."),
        (
            "Share per partition",
            f"{config.start_rcu / n0:,.0f} / {config.start_wcu / n0:,.0f}",
            "RCU / WCU each partition gets at creation: capacity is spread equally (course notes). A partition's "
            "share of the capacity is always its share of the keys, and a split halves both.",
        )
        if config.mode == "provisioned"
        else (
            "Share per partition",
            f"≤ {ceiling_r} / {ceiling_w}",
            "On demand has no provisioned share: each partition "
            f"is bounded by its ceiling ({ceiling_r} RRU / {ceiling_w} WRU), the table by {ON_DEMAND_PEAK_FACTOR:g}× "
            "the previous peak.",
        ),
    ]


def summary_numbers(result: Result) -> list[Number]:
    """(label, value, help) for the run, from its summary: partitions, throttling, both costs, DAX."""
    config, s = result.config, result.summary.iloc[0]
    thr, offered = s["throttled_requests"], s["total_requests"]
    hours = len(result.frame) / 3600
    return [
        (
            "Partitions at the end",
            f"{int(s['final_partitions'])}",
            f"Started with {int(s['initial_partitions'])}; splits only, partitions never merge.",
        ),
        ("Requests throttled", f"{s['throttled_pct'] / 100:.2%}", f"{thr:,.0f} of {offered:,.0f} requests"),
        (
            f"Provisioned ({hours:.0f}\u00a0h)",
            f"${s['cost_provisioned_usd']:,.2f}",
            (
                PRICES_NOTE
                if config.mode == "provisioned"
                else "What an ideal auto-scaled provisioned table at "
                f"{config.target_pct:.0f} % utilisation would cost; {PRICES_NOTE}."
            ),
        ),
        (
            f"On demand ({hours:.0f}\u00a0h)",
            f"${s['cost_on_demand_usd']:,.2f}",
            f"Same requests per request unit. On demand is cheaper below ≈{breakeven_utilisation('write'):.0%} "
            f"average utilisation; {PRICES_NOTE}.",
        ),
        (
            "DAX hit ratio",
            f"{s['dax_hit_pct'] / 100:.0%}",
            "Only eventually consistent reads are cached; hits use no RCU.",
        ),
    ]


def dax_caption(result: Result) -> str:
    """One sentence on what DAX did in this run: hit ratio, RCU saved, latency (§3.5)."""
    config, frame = result.config, result.frame
    if not config.dax_effective:
        return (
            f"**DAX** is on, but reads are **{config.consistency}**: DAX passes strongly consistent and "
            "transactional reads through to the table, so it saves nothing here."
        )
    hits = frame["dax_hits"].to_numpy()
    reads = max(float(frame["read_requests"].sum()), 1.0)
    saved = hits * config.rcu_per_read
    return (
        f"**DAX** answered {hits.sum() / reads:.0%} of reads from its item cache (TTL {config.dax_ttl_s:g} s, "
        f"{config.dax_items:,} items), saving {saved.mean():,.0f} RCU/s on average and {saved.max():,.0f} at the "
        f"peak; mean read latency {format_duration(frame['read_latency_ms'].mean() / 1000)} against "
        f"~{format_duration(TABLE_READ_MS / 1000)} "
        "from the table. Writes go through DAX to the table (write-through) and update the cached item, so hits are not stale "
        "(the hit model counts reads only, a conservative estimate)."
    )


def capacity_caption(result: Result) -> str:
    """What the capacity chart shows in this run, read from the event log."""
    events = result.events
    kinds = events["kind"].value_counts() if len(events) else pd.Series(dtype=int)
    parts = ["Triangles mark splits, scaling actions, refused decreases and throttling bursts (hover for why)."]
    if kinds.get("split", 0):
        parts.append(f"{kinds['split']} split(s) in this run, and no merge: lowering capacity only thins the shares.")
    throttles = events[events["kind"] == "throttle"] if len(events) else events
    if len(throttles):
        bursts = sum(int(d.get("bursts", 1)) for d in throttles["data"])
        parts.append(f"{bursts} throttling burst(s); the first: {throttles['message'].iloc[0]}.")
    if kinds.get("decrease_refused", 0):
        parts.append(f"{kinds['decrease_refused']} decrease(s) refused by the daily budget.")
    if kinds.get("zero_traffic_hold", 0):
        parts.append("At zero traffic auto scaling held its capacity (course notes): try the two workarounds.")
    return " ".join(parts)

"""The sweep panel: two of a page's controls on the axes, one run per cell, a heat map of a metric.

A learner picks two knobs (:mod:`views.knobs`) and their ranges (at most :data:`MAX_AXIS` values
each) and a metric from the lab's summary; **Run sweep** runs every combination through
:func:`engine.sweep.sweep` in batched chunks with a progress bar. While it runs a **Cancel** button
stands beside the bar: a click makes Streamlit stop the run at the next progress update (every
Streamlit call is a point where a pending rerun interrupts the script), the next run says how far
the sweep got, and nothing is kept. A finished grid is cached for every session, keyed on the
scenario with the two swept fields set to the grid's first values, the grid, the load and the seed,
so moving one of the swept controls (or clicking a cell) keeps the same heat map on screen.

The heat map marks the scenario the page shows now (a ✕ at the controls' values), can draw a second
metric as contour lines over the first (cost over drops: the trade-off), and a click on a cell opens
that scenario: the page's two controls are set to the cell's values, as a preset sets them, so the
controls, the charts above and the address bar all follow.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine.sweep import sweep, with_value
from views import page
from views.knobs import Knob
from views.style import PALETTE

__all__ = ["DERIVED", "MAX_AXIS", "Axis", "Metric", "axis_values", "cached_grid", "heatmap_figure", "sweep_panel"]

MAX_AXIS = 40
"""The most values one axis takes: 40 × 40 = 1,600 scenarios, a few seconds of server time."""
STARTS: Mapping[str, tuple[tuple[str, str], str, str]] = {
    "autoscaling": (("cooldown", "target"), "dropped_pct", "cost_usd"),
    "dynamodb": (("wcu", "target"), "throttled_pct", "cost_provisioned_usd"),
    "kinesis": (("shards", "hot"), "throttled_records_total", "max_utilization_pct"),
    "queues": (("vis", "proc"), "duplicates_total", "peak_age_s"),
    "lambda_": (("prov", "dur"), "cold_starts_total", "cost_total_usd"),
}
"""What each lab's panel starts with: the two knobs on the axes, the colour metric and the lines
metric, chosen so the first sweep shows a trade-off (drops against cost, cold starts against cost)."""
LIMITS: Mapping[str, int] = {"dynamodb": 100}
"""Labs whose one scenario is slow (DynamoDB simulates every second of the day per partition, about
0.1-0.3 s a scenario here): their sweeps take at most this many scenarios, so one learner's sweep
does not hold the server for minutes."""
_STORE_ENTRIES = 32
LINES = PALETTE["purple"]
"""The contour lines' colour: it reads on both ends of the Cividis scale (navy and yellow)."""
_PROGRESS_STEPS = 10


@dataclass(frozen=True)
class Metric:
    """A figure a heat map can show: a summary column of the lab, or one computed from them."""

    name: str
    label: str
    unit: str
    compute: Callable[[pd.DataFrame], pd.Series] | None = None
    """For a derived metric: the column from the sweep's table (``None``: the column ``name``)."""

    @property
    def title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def values(self, table: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.compute(table) if self.compute else table[self.name], dtype=float)


def _dropped_pct(table: pd.DataFrame) -> pd.Series:
    return 100.0 * table["dropped"] / table["offered"].clip(lower=1e-9)


DERIVED: Mapping[str, tuple[Metric, ...]] = {
    "autoscaling": (Metric("dropped_pct", "Dropped", "%", _dropped_pct),),
}
"""Metrics computed from a lab's summary columns, offered first (the share the page's own metric shows)."""


def _label(name: str) -> str:
    """A summary column's name as a label, its unit suffix left to the unit (``cost_usd`` → Cost)."""
    words = name.split("_")
    if len(words) > 1 and words[-1] in {"usd", "pct", "ms", "s", "h"}:
        words = words[:-1]
    return " ".join(words).capitalize()


def metrics(lab: str) -> list[Metric]:
    """Every metric of ``lab``'s sweep: its derived ones, then its summary columns with their units."""
    import importlib

    schema = importlib.import_module(f"engine.{lab}").SUMMARY
    own = [Metric(c.name, _label(c.name), c.unit) for c in schema.columns]
    return [*DERIVED.get(lab, ()), *own]


@dataclass(frozen=True)
class Axis:
    """One axis of a sweep: a knob and its values, as the page's control takes them."""

    knob: Knob
    values: tuple[Any, ...]

    @property
    def title(self) -> str:
        unit = self.knob.unit
        return f"{self.knob.label} ({unit})" if unit and f"({unit})" not in self.knob.label else self.knob.label

    def config_values(self) -> list[Any]:
        return [self.knob.to_config(v) for v in self.values]


def axis_values(knob: Knob, lo: float, hi: float, points: int) -> tuple[Any, ...]:
    """``points`` values from ``lo`` to ``hi`` on the knob's step (a choice knob: all its choices).

    Raises ``ValueError`` saying what is allowed: at most :data:`MAX_AXIS` points, ``lo`` not above
    ``hi``, both inside the control's range.
    """
    if knob.choices:
        return tuple(knob.choices)
    if points > MAX_AXIS:
        raise ValueError(
            f"{knob.label}: {points} points asked; a sweep takes at most {MAX_AXIS} per axis "
            f"({MAX_AXIS} × {MAX_AXIS} = {MAX_AXIS * MAX_AXIS:,} scenarios). Ask for fewer points"
        )
    if points < 2:
        raise ValueError(f"{knob.label}: a sweep needs at least 2 points per axis, got {points}")
    assert knob.lo is not None and knob.hi is not None
    if not knob.lo <= lo <= hi <= knob.hi:
        raise ValueError(
            f"{knob.label}: the range must run upwards inside {knob.lo:g} to {knob.hi:g}, got {lo:g} to {hi:g}"
        )
    raw = np.linspace(lo, hi, points)
    if knob.step:
        raw = knob.lo + np.round((raw - knob.lo) / knob.step) * knob.step
    integer = _integer(knob)
    values = sorted({int(np.rint(v)) if integer else round(float(v), 9) for v in np.clip(raw, knob.lo, knob.hi)})
    return tuple(values)


def _integer(knob: Knob) -> bool:
    """A whole-number control (its slider's bounds and step are ints), as :class:`views.controls.Controls` decides."""
    return all(isinstance(v, int) and not isinstance(v, bool) for v in (knob.lo, knob.hi)) and isinstance(
        knob.step if knob.step is not None else 1, int
    )


def _field(config: Any, path: str) -> Any:
    """The value at dotted ``path`` of a config (``policies.0.target``)."""
    for part in path.split("."):
        config = config[int(part)] if isinstance(config, tuple) else getattr(config, part)
    return config


def _has_field(config: Any, path: str) -> bool:
    """Whether the config has the dotted field (the first policy's ``target`` only if it tracks one)."""
    try:
        _field(config, path)
    except (AttributeError, IndexError, ValueError):
        return False
    return True


# ---- the grid store: one computed grid per scenario, grid, load and seed, shared by every session ----


class _Store:
    """The most recent grids, least recently used dropped (thread-safe: sessions run in threads)."""

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._data: OrderedDict[str, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> pd.DataFrame | None:
        with self._lock:
            table = self._data.get(key)
            if table is not None:
                self._data.move_to_end(key)
            return table

    def put(self, key: str, table: pd.DataFrame) -> None:
        with self._lock:
            self._data[key] = table
            self._data.move_to_end(key)
            while len(self._data) > self._entries:
                self._data.popitem(last=False)


_GRIDS = _Store(_STORE_ENTRIES)


def grid_key(lab: str, base: Any, x: Axis, y: Axis, load: Any, seed: int) -> str:
    """The cache key of a grid: the scenario with the swept fields at the grid's first values (so
    moving a swept control keeps the key), the two axes, the load and the seed."""
    anchored = with_value(with_value(base, x.knob.field, x.config_values()[0]), y.knob.field, y.config_values()[0])
    blob = pickle.dumps((lab, anchored, x.knob.field, x.values, y.knob.field, y.values, load, seed), protocol=5)
    return hashlib.sha256(blob).hexdigest()


def cached_grid(lab: str, base: Any, x: Axis, y: Axis, load: Any, seed: int) -> pd.DataFrame | None:
    """The grid computed before for this scenario, axes, load and seed, or ``None``."""
    return _GRIDS.get(grid_key(lab, base, x, y, load, seed))


def compute_grid(
    lab: str,
    base: Any,
    x: Axis,
    y: Axis,
    load: Any,
    seed: int,
    progress: Callable[[int, int], bool | None] | None = None,
) -> pd.DataFrame | None:
    """Run the grid (``y`` outer, ``x`` fastest, so the table reshapes to rows of y) and store it.
    ``None`` when ``progress`` cancelled it (nothing is stored)."""
    total = len(x.values) * len(y.values)
    chunk = max(50, -(-total // _PROGRESS_STEPS))
    grid = {y.knob.field: y.config_values(), x.knob.field: x.config_values()}
    table = sweep(lab, base, grid, load, seed=seed, progress=progress, chunk_size=chunk)
    if len(table) < total:
        return None
    _GRIDS.put(grid_key(lab, base, x, y, load, seed), table)
    return table


# ---- the figure ------------------------------------------------------------------------------------


def _cells(table: pd.DataFrame, metric: Metric, x: Axis, y: Axis) -> np.ndarray:
    return metric.values(table).reshape(len(y.values), len(x.values))


def heatmap_figure(
    table: pd.DataFrame, x: Axis, y: Axis, metric: Metric, contour: Metric | None, current: tuple[Any, Any]
) -> go.Figure:
    """The heat map of ``metric`` over the grid, ``contour`` as labelled lines over it, the current
    scenario marked, and one invisible clickable point per cell (a heat map's cells cannot be
    selected; its points can)."""
    z = _cells(table, metric, x, y)
    xs, ys = list(x.values), list(y.values)
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=xs,
            y=ys,
            colorscale="Cividis",
            hoverinfo="skip",
            name=metric.label,
            colorbar={"title": {"text": metric.title, "side": "right"}},
        )
    )
    hover = f"{x.title}: %{{x}}<br>{y.title}: %{{y}}<br>{metric.title}: %{{customdata[0]:,.4g}}"
    extra = z.reshape(-1, 1)
    if contour is not None:
        z2 = _cells(table, contour, x, y)
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
        hover += f"<br>{contour.title}: %{{customdata[1]:,.4g}}"
        extra = np.column_stack([z.reshape(-1), z2.reshape(-1)])
    gx, gy = np.meshgrid(np.arange(len(xs)), np.arange(len(ys)))
    fig.add_trace(
        go.Scatter(
            x=[xs[i] for i in gx.reshape(-1)],
            y=[ys[j] for j in gy.reshape(-1)],
            mode="markers",
            marker={"symbol": "square", "size": max(6, 420 // max(len(xs), len(ys))), "opacity": 0},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            customdata=extra,
            hovertemplate=hover + "<br><b>Click to open this scenario</b><extra></extra>",
            name="cells",
            showlegend=False,
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
            name="current scenario",
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
        clickmode="event+select",
        title={"text": f"{metric.title}" + (f", lines: {contour.title}" if contour else ""), "x": 0.01},
        xaxis_title=x.title,
        yaxis_title=y.title,
        dragmode=False,
    )
    return fig


def _edges(values: Sequence[Any]) -> list[float] | None:
    """The outer edges of numeric cells centred on ``values`` (``None`` for choices)."""
    if any(isinstance(v, (str, bool)) for v in values) or len(values) < 2:
        return None
    v = [float(a) for a in values]
    return [v[0] - (v[1] - v[0]) / 2, v[-1] + (v[-1] - v[-2]) / 2]


# ---- the panel --------------------------------------------------------------------------------------


def _state(page_prefix: str, name: str) -> str:
    """A panel widget's key: outside the page's control keys, so it is never a URL parameter."""
    return f"__sweep.{page_prefix}.{name}"


def _axis_inputs(page_prefix: str, which: str, knob: Knob, where: Any, default_points: int) -> tuple[Any, ...]:
    """The range inputs of one axis (from, to, points); a choice knob takes all its choices."""
    if knob.choices:
        where.caption(f"{knob.label}: all {len(knob.choices)} choices")
        return tuple(knob.choices)
    k = f"{which}.{knob.name}"
    num = int if _integer(knob) else float
    lo_, hi_, step = num(knob.lo), num(knob.hi), num(knob.step) if knob.step else None
    lo = where.number_input(f"{which.upper()} from", lo_, hi_, lo_, step, key=_state(page_prefix, k + ".lo"))
    hi = where.number_input(f"{which.upper()} to", lo_, hi_, hi_, step, key=_state(page_prefix, k + ".hi"))
    n = where.number_input(
        f"{which.upper()} points",
        2,
        1000,
        default_points,
        1,
        key=_state(page_prefix, k + ".n"),
        help=f"At most {MAX_AXIS} per axis.",
    )
    return axis_values(knob, lo, hi, int(n))


def _pick(page_prefix: str, chart_key: str, x: Axis, y: Axis, cells: int) -> None:
    """A cell was clicked (a chart callback, before the rerun): set the two controls to its values.
    ``cells`` is the index of the figure's trace of clickable cell centres."""
    event = st.session_state.get(chart_key)
    points = (event or {}).get("selection", {}).get("points", [])
    cell = next((p for p in points if p.get("curve_number") == cells and "point_index" in p), None)
    if not cell:
        return
    j, i = divmod(int(cell["point_index"]), len(x.values))
    st.session_state[f"{page_prefix}.{x.knob.name}"] = x.values[i]
    st.session_state[f"{page_prefix}.{y.knob.name}"] = y.values[j]


def _cancel(page_prefix: str) -> None:
    st.session_state[_state(page_prefix, "cancelled")] = True


def sweep_panel(
    page_prefix: str,
    lab: str,
    base: Any,
    load: Any,
    seed: int,
    knobs: Sequence[Knob],
    *,
    axes: tuple[str, str] | None = None,
    metric: str | None = None,
    lines: str | None = None,
) -> None:
    """The sweep panel of a page: ``base`` is the scenario the page simulates, ``knobs`` its
    sweepable controls (named as on the page, prefix ``page_prefix``). ``axes`` (two knob names),
    ``metric`` and ``lines`` (metric names) are what the panel starts with."""
    knobs = [k for k in knobs if _has_field(base, k.field)]  # a step policy has no target: not an axis
    if len(knobs) < 2:
        return
    start = STARTS.get(lab)
    if start is not None:
        axes, metric, lines = axes or start[0], metric or start[1], lines or start[2]
    s = st.session_state
    box = page.lazy_expander(
        ":material/grid_on: Sweep two settings: one run per combination, as a heat map",
        _state(page_prefix, "open"),
        expanded=bool(s.get(_state(page_prefix, "opened"))),
    )
    if box is None:  # closed: its controls and grid are not drawn (cheap on a rerun)
        return
    with box:
        by_label = {k.label: k for k in knobs}
        labels = list(by_label)
        names = [k.name for k in knobs]
        ix, iy = (names.index(axes[0]), names.index(axes[1])) if axes and set(axes) <= set(names) else (0, 1)
        c = st.columns(2)
        xk = by_label[c[0].selectbox("X axis", labels, ix, key=_state(page_prefix, "x"))]
        yk = by_label[c[1].selectbox("Y axis", labels, iy, key=_state(page_prefix, "y"))]
        lab_metrics = metrics(lab)
        titles = [m.title for m in lab_metrics]
        by_name = {m.name: m.title for m in lab_metrics}
        by_title = {m.title: m for m in lab_metrics}
        m = st.columns(2)
        first = titles.index(by_name[metric]) if metric else 0
        shown = by_title[m[0].selectbox("Colour: metric", titles, first, key=_state(page_prefix, "metric"))]
        second = ["none", *titles].index(by_name[lines]) if lines else 0
        picked = m[1].selectbox("Lines: second metric", ["none", *titles], second, key=_state(page_prefix, "contour"))
        contour = by_title.get(picked)
        if xk == yk:
            st.warning("Pick two different settings for the axes.", icon=":material/swap_horiz:")
            return
        try:
            r = st.columns(2)
            x = Axis(xk, _axis_inputs(page_prefix, "x", xk, r[0], 10))
            y = Axis(yk, _axis_inputs(page_prefix, "y", yk, r[1], 10))
        except ValueError as exc:
            st.error(f"{exc}.", icon=":material/block:")
            return
        total = len(x.values) * len(y.values)
        limit = LIMITS.get(lab)
        if limit is not None and total > limit:
            st.error(
                f"{total:,} scenarios asked; this lab's sweeps take at most {limit:,} (each scenario simulates "
                "every second of the day). Use fewer points.",
                icon=":material/block:",
            )
            return
        go_col, cancel_col = st.columns([3, 1])
        run = go_col.button(f"Run sweep ({total:,} scenarios)", key=_state(page_prefix, "run"), type="primary")
        _body(page_prefix, lab, base, load, seed, x, y, shown, contour, run, cancel_col)


def _body(
    page_prefix: str,
    lab: str,
    base: Any,
    load: Any,
    seed: int,
    x: Axis,
    y: Axis,
    metric: Metric,
    contour: Metric | None,
    run: bool,
    cancel_col: Any,
) -> None:
    """Run (with progress and cancel), or report the cancel, then draw the grid if there is one."""
    s = st.session_state
    running, cancelled = _state(page_prefix, "running"), _state(page_prefix, "cancelled")
    stopped = s.pop(running, None)  # left by a run a click interrupted
    if s.pop(cancelled, False) and stopped:
        st.info(
            f"Sweep cancelled after {stopped[0]:,} of {stopped[1]:,} scenarios; nothing was kept. "
            "Press **Run sweep** to start it again.",
            icon=":material/stop_circle:",
        )
    elif stopped:
        st.info(
            "The sweep stopped because the page changed while it ran; press **Run sweep** again.",
            icon=":material/stop_circle:",
        )
    try:
        table = cached_grid(lab, base, x, y, load, seed)
        if run:
            s[_state(page_prefix, "opened")] = True
            if table is None:
                table = _run_with_progress(page_prefix, lab, base, x, y, load, seed, cancel_col)
    except ValueError as exc:
        st.error(f"This grid cannot be simulated: {exc}. Narrow the range named above.", icon=":material/block:")
        return
    if table is None:
        if s.get(_state(page_prefix, "opened")):
            st.caption("No grid for these settings yet: press **Run sweep**.")
        return
    current = (x.knob.from_config(_field(base, x.knob.field)), y.knob.from_config(_field(base, y.knob.field)))
    fig = page.figure(heatmap_figure, table, x, y, metric, contour, current)
    chart_key = f"sweep-chart.{page_prefix}"
    st.plotly_chart(
        fig,
        key=chart_key,
        on_select=lambda: _pick(page_prefix, chart_key, x, y, 2 if contour else 1),
        selection_mode="points",
        config=page.PLOTLY_CONFIG,
        width="stretch",
    )
    st.caption(_caption(table, x, y, metric, contour, current))


def _run_with_progress(
    page_prefix: str, lab: str, base: Any, x: Axis, y: Axis, load: Any, seed: int, cancel_col: Any
) -> pd.DataFrame | None:
    """Compute the grid with a progress bar and a Cancel button (see the module docstring)."""
    s = st.session_state
    running, cancelled = _state(page_prefix, "running"), _state(page_prefix, "cancelled")
    total = len(x.values) * len(y.values)
    slot = cancel_col.empty()
    slot.button("Cancel", key=_state(page_prefix, "cancel"), on_click=_cancel, args=(page_prefix,))
    bar = st.progress(0.0, text=f"Simulating 0 of {total:,} scenarios…")
    s[running] = (0, total)

    def progress(done: int, total: int) -> bool:
        s[running] = (done, total)
        bar.progress(done / total, text=f"Simulating {done:,} of {total:,} scenarios…")  # a cancel stops here
        return not s.get(cancelled, False)

    table = compute_grid(lab, base, x, y, load, seed, progress)
    s.pop(running, None)
    bar.empty()
    slot.empty()
    return table


def _caption(table: pd.DataFrame, x: Axis, y: Axis, metric: Metric, contour: Metric | None, current: tuple) -> str:
    """What the grid says: its best cell by the metric (lowest), and where the current scenario is."""
    z = metric.values(table)
    # the lowest metric; among equals (many cells drop nothing), the lowest second metric
    tie = contour.values(table) if contour is not None else np.zeros_like(z)
    best = int(np.lexsort((np.nan_to_num(tie, nan=np.inf), np.nan_to_num(z, nan=np.inf)))[0])
    j, i = divmod(best, len(x.values))
    text = (
        f"{len(table):,} scenarios, one per cell. Lowest {metric.label.lower()}: {metric.title} = {z[best]:,.4g} "
        f"at {x.knob.label} {x.values[i]}, {y.knob.label} {y.values[j]}"
    )
    if contour is not None:
        text += f" (there {contour.title} = {contour.values(table)[best]:,.4g})"
    return text + ". ✕ marks the scenario shown above. Click a cell to open it: the controls and the link follow."

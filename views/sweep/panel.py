"""The sweep panel on a page: axis and metric inputs, **Run sweep** with a progress bar and a
**Cancel** button, the heat map, and a click on a cell that opens that scenario.

Cancel: a click makes Streamlit stop the run at the next progress update (every Streamlit call is a
point where a pending rerun interrupts the script); the next run says how far the sweep got, and
nothing is kept. Only a whole run can be interrupted so, so while the panel is open the page's
body is no fragment (``views.page.body``).

A click on a cell: the chart's click callback sets the page's two controls to the cell's values
before the rerun, as a preset's button sets them, so the controls, the charts above and the
address bar all follow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from views import page
from views.knobs import Knob
from views.plotly_chart import plotly_chart
from views.sweep.axes import MAX_AXIS, Axis, Metric, axis_values, field_value, has_field, integer, metrics
from views.sweep.figure import heatmap_figure
from views.sweep.grid import cached_grid, compute_grid

__all__ = ["LIMITS", "STARTS", "sweep_panel"]

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


def _state(page_prefix: str, name: str) -> str:
    """A panel widget's key: outside the page's control keys, so it is never a URL parameter."""
    return f"__sweep.{page_prefix}.{name}"


def _axis_inputs(page_prefix: str, which: str, knob: Knob, where: Any, default_points: int) -> tuple[Any, ...]:
    """The range inputs of one axis (from, to, points); a choice knob takes all its choices."""
    if knob.choices:
        where.caption(f"{knob.label}: all {len(knob.choices)} choices")
        return tuple(knob.choices)
    k = f"{which}.{knob.name}"
    num = int if integer(knob) else float
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


def _pick(page_prefix: str, chart_key: str, x: Axis, y: Axis) -> None:
    """A cell was clicked (the chart's click callback, before the rerun): set the two controls to
    its values. The heat map's point is ``[row, column]``; a click on anything else is ignored."""
    click = getattr(st.session_state.get(chart_key), "click", None)
    if not isinstance(click, dict) or click.get("curve") != 0:
        return
    point = click.get("point")
    if not (isinstance(point, list) and len(point) == 2 and all(isinstance(n, int) for n in point)):
        return
    j, i = point
    if not (0 <= i < len(x.values) and 0 <= j < len(y.values)):
        return
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
    knobs = [k for k in knobs if has_field(base, k.field)]  # a step policy has no target: not an axis
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
        whole_runs=True,  # Cancel interrupts a running sweep, which no control in a fragment can
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
    current = (x.knob.from_config(field_value(base, x.knob.field)), y.knob.from_config(field_value(base, y.knob.field)))
    fig = page.figure(heatmap_figure, table, x, y, metric, contour, current)
    chart_key = f"sweep-chart.{page_prefix}"
    plotly_chart(fig, chart_key, page.PLOTLY_CONFIG, on_click=lambda: _pick(page_prefix, chart_key, x, y))
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

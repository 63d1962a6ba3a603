"""Figures and panels of the Step Functions vs SWF lab: executions over time, a Gantt chart, the SWF history."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine.core import Result, format_duration
from engine.stepfunctions import INPUT_FIELDS, swf_history, swf_summary
from engine.stepfunctions.asl import STATE_TYPES
from engine.stepfunctions.swf import SWF_MAX_EXECUTION_S, SWF_RETENTION_DAYS
from views.animation import Panel, Trace, animated_figure, panel_legend, time_axis
from views.style import COLORS, PALETTE

__all__ = ["DEFINITION_HELP", "OUTCOME_COLORS", "executions_figure", "gantt_figure", "swf_panel"]

OUTCOME_COLORS = {
    "ok": COLORS["served"],
    "retried": COLORS["pending"],
    "caught": PALETTE["purple"],
    "failed": COLORS["throttled"],
    "stopped": PALETTE["grey"],
}

DEFINITION_HELP = (
    f"Edit and press Ctrl+Enter. Supported: {', '.join(STATE_TYPES)}; Retry (with MaxDelaySeconds and "
    "JitterStrategy) and Catch. Choice rules read "
    f"the simulated order input ({', '.join('$.' + k for k in INPUT_FIELDS if k != 'order_id')})."
)


def executions_figure(result: Result, *, reduced_motion: bool) -> go.Figure:
    """Executions running and started over time; outcomes accumulating below."""
    return animated_figure(
        result.frame,
        [
            Panel.of(
                Trace("in_progress", style="area", agg="max"),
                Trace("started", style="step", agg="sum"),
                title="Executions",
            ),
            Panel.of(
                Trace("succeeded", agg="last"),
                Trace("failed", agg="last"),
                Trace("timed_out", agg="last", style="dash"),
                title="Finished (total)",
            ),
        ],
        units=result.units,
        events=result.events,
        reduced_motion=reduced_motion,
        height=560,
    )


def gantt_figure(result: Result, execution: int, *, max_bars: int = 400) -> go.Figure:
    """One execution's states as horizontal bars (retries olive, caught purple, failed red,
    stopped grey: cut short because another Parallel branch or Map iteration failed)."""
    visits = result.extra["visits"]
    v = visits[visits["execution"] == execution].head(max_bars)
    if v.empty:
        layout = {"height": 200, "template": "plotly_white", "title": {"text": "No states ran for this execution"}}
        return go.Figure({"data": [], "layout": layout}, _validate=False)
    t0 = float(v["start_s"].min())
    span = max(float(v["end_s"].max()) - t0, 1e-3)
    scale, unit = time_axis(span)
    order = list(dict.fromkeys(v["state"]))
    min_w = span / scale * 0.004
    names = {
        "ok": "ran",
        "retried": "error → retried",
        "caught": "error → caught",
        "failed": "failed",
        "stopped": "stopped (a sibling failed)",
    }
    data = []
    for outcome, color in OUTCOME_COLORS.items():
        g = v[v["outcome"] == outcome]
        if g.empty:
            continue
        start = ((g["start_s"] - t0) / scale).to_numpy(np.float64)
        width = np.maximum(((g["end_s"] - g["start_s"]) / scale).to_numpy(np.float64), min_w)
        data.append(
            {
                "type": "bar",
                "y": g["state"].tolist(),
                "x": np.round(width, 4).tolist(),
                "base": np.round(start, 4).tolist(),
                "orientation": "h",
                "name": names[outcome],
                "marker": {"color": color, "opacity": 0.85},
                "hovertemplate": "%{y}<br>from %{base:.2f} for %{x:.2f} " + unit + "<extra></extra>",
            }
        )
    layout = {
        "template": "plotly_white",
        "barmode": "overlay",
        "height": int(150 + 26 * len(order)),
        "margin": {"l": 10, "r": 10, "t": 40, "b": 40},
        "legend": panel_legend("Each state's visits", 1.0, [d["name"] for d in data]),
        "hoverlabel": {"align": "left"},
        "xaxis": {"title": {"text": f"Time since the execution started ({unit})"}, "range": [0, span / scale * 1.02]},
        "yaxis": {"categoryorder": "array", "categoryarray": order[::-1], "automargin": True},
    }
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def swf_panel(result: Result, execution: int) -> None:
    """The execution as an SWF history (decider and activity tasks), with the counts that compare."""
    st.subheader("The same execution on Amazon SWF")
    hist = swf_history(result.extra["visits"], execution)
    s = swf_summary(hist)
    c = st.columns(4)
    c[0].metric("SWF history events", s["history_events"])
    c[1].metric("Decision tasks (your decider)", s["decision_tasks"])
    c[2].metric("Activity tasks (your workers)", s["activity_tasks"])
    c[3].metric("Steps that are decider code", s["decider_code_steps"])
    shown = hist.assign(t_s=[format_duration(t) for t in hist["t_s"]]).rename(columns={"t_s": "at"})
    st.table(shown, hide_index=True, height=280)
    st.markdown(
        "In **SWF** (aws-facts §8.2) *activity workers* long-poll a task list for work and a *decider* polls "
        "for decision tasks, reads the whole history and returns decisions: every Choice, retry timer and "
        "parallel fan-out above is code you write and run. **Step Functions** declares the same flow as JSON, "
        "shows it visually with real-time status and handles retries and errors for you: the course notes "
        "and AWS recommend it for new applications. SWF remains for external or human-driven processes that "
        f"need custom decider logic (executions up to {SWF_MAX_EXECUTION_S / 86_400:,.0f} days, histories kept "
        f"at most {SWF_RETENTION_DAYS} days)."
    )

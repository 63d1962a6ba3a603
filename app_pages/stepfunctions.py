"""Step Functions vs SWF lab: run a state machine for many executions; the same flow as SWF decisions."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from engine.core import format_duration, format_number
from engine.stepfunctions import (
    EXPRESS_MAX_S,
    HISTORY_LIMIT,
    ORDER_FULFILMENT,
    PRICES,
    WORKFLOW_TYPES,
    WorkflowConfig,
    parse,
    simulate,
    task_names,
)
from views import compare, exports, page
from views.controls import Controls
from views.lessons import panel as lesson_panel
from views.stepfunctions.compare import SPEC
from views.stepfunctions.figures import DEFINITION_HELP, executions_figure, gantt_figure, swf_panel
from views.stepfunctions.knobs import KNOBS
from views.stepfunctions.presets import PRESETS

P = "stepfunctions"


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(config: WorkflowConfig, seed: int):
    """Cached engine call."""
    return simulate(config, seed=seed)


def _tasks(text: str) -> list[str]:
    try:
        return task_names(parse(text))
    except ValueError:
        return []


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "Step Functions vs SWF",
        "A workflow is a **state machine**: Step Functions runs one you *declare* in the Amazon States "
        "Language, with retries, error catching, branches and parallel steps built in. Run a thousand "
        "orders through it and watch the **limits** bite: an **Express** workflow stops at "
        f"**{format_duration(EXPRESS_MAX_S)}**, a **Standard** one keeps at most "
        f"**{format_number(HISTORY_LIMIT)} history events**; Standard bills every state transition, "
        "Express bills requests and duration. Below, the same order as **SWF** would run it: your own "
        "decider code polling for decisions — why AWS recommends Step Functions for new work.",
        icon=":material/account_tree:",
    )
    page.body(P, body, cfg)


def body(cfg: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1, 1.6], gap="large")
    with left:
        text = ctrl.text("State machine definition (Amazon States Language, JSON)", "definition", ORDER_FULFILMENT,
                         area=True, height=320, help=DEFINITION_HELP)  # fmt: skip
        wtype = ctrl.select("Workflow type", "type", list(WORKFLOW_TYPES), "STANDARD", radio=True)
        n = ctrl.slider("Executions", "executions", 10, 5000, 1000, 10)
        rate = ctrl.slider("Start rate (executions/min)", "rate", 1, 2000, 60)
        names = sorted(set(_tasks(ORDER_FULFILMENT) + _tasks(text)))
        flaky = ctrl.select("Make a state flaky", "flaky", ["(none)", *names], "(none)")
        flaky_p = ctrl.slider("…its failure rate per attempt", "flaky_p", 0.0, 1.0, 0.0, 0.05)
        items = ctrl.slider("Max line items per order (Map size)", "items", 1, 5000, 5)
        stock = ctrl.slider("Orders in stock", "stock", 0.0, 1.0, 0.9, 0.05)
        scale = ctrl.slider("Task time scale", "scale", 0.1, 20.0, 1.0, 0.1, help="Multiplies every Task's duration.")
    versus = compare.controls(ctrl, KNOBS, where=left)
    ctrl.notices()
    tasks = _tasks(text)
    try:
        config = WorkflowConfig(
            definition=text,
            workflow_type=wtype,
            executions=n,
            rate_per_min=float(rate),
            flaky_task=flaky if flaky in tasks else "",
            flaky_fail=flaky_p,
            max_items=items,
            in_stock_p=stock,
            task_time_scale=scale,
        )
    except ValueError as exc:
        page.config_error(exc)
        config = WorkflowConfig()
    res = run(config, cfg.seed)
    guide.reveal(res)
    other = run(
        replace(config, workflow_type="EXPRESS" if config.workflow_type == "STANDARD" else "STANDARD"),
        cfg.seed,
    )
    ex = res.extra["executions"]
    with right:
        c = st.columns(4)
        c[0].metric("Succeeded", f"{(ex['status'] == 'SUCCEEDED').mean():.1%}")
        c[1].metric(
            "Failed", f"{(ex['status'] == 'FAILED').sum():,}", help="Uncaught errors, Fail states, history limit."
        )
        c[2].metric(
            "Timed out",
            f"{(ex['status'] == 'TIMED_OUT').sum():,}",
            help=f"Express max {format_duration(EXPRESS_MAX_S)}.",
        )
        c[3].metric("p99 duration", format_duration(res.summary["p99_duration_s"].iloc[0]))
        c = st.columns(4)
        c[0].metric("Transitions / execution", f"{ex['transitions'].mean():,.1f}")
        c[1].metric(
            "Max history events",
            f"{ex['history_events'].max():,}",
            help=f"Standard limit {format_number(HISTORY_LIMIT)}.",
        )
        c[2].metric(f"Cost ({config.workflow_type.title()})", f"${ex['cost_usd'].sum():,.4f}")
        c[3].metric(
            f"Same run as {other.config.workflow_type.title()}",
            f"${other.extra['executions']['cost_usd'].sum():,.4f}",
            help="Illustrative us-east-1 list prices as of 2026: Standard "
            f"${PRICES['standard_per_transition'] * 1000:.3f} per 1,000 transitions; Express "
            f"${PRICES['express_per_request'] * 1e6:.2f} per million requests + ${PRICES['express_per_gb_s']:.8f} "
            f"per GB-s ({PRICES['express_memory_gb'] * 1024:.0f} MB, 100 ms rounding).",
        )
        page.chart(page.figure(executions_figure, res, reduced_motion=cfg.reduced_motion), f"{P}.timeline")
        st.caption(
            "Running executions rise with the start rate × duration (Little's law); outcomes accumulate below. "
            "Markers are the events in the log."
        )
    unusual = [ex.index[ex["status"] != "SUCCEEDED"], ex.index[ex["retries"] > 0], ex.index]
    pick = int(next(ix for ix in unusual if len(ix))[0])  # a failed or timed-out one first, then a retried one
    st.subheader(f"Execution {pick}: states over time")
    page.chart(page.figure(gantt_figure, res, pick), f"{P}.gantt")
    row = ex.loc[pick]
    st.caption(
        f"Execution {pick} ({row['status']}, {format_duration(row['duration_s'])}, {row['retries']} retries, "
        f"order total ${row['in_total']:,.0f}, {row['in_items']} items). Olive bars are failed attempts "
        "that were retried after IntervalSeconds × BackoffRate^n (capped by MaxDelaySeconds); purple ones were "
        "caught; grey ones were stopped because another Parallel branch or Map item failed first. Map items run "
        "in waves of MaxConcurrency, at most 40 at once inline."
    )
    swf_panel(res, pick)
    compare.panel(versus, config, None, cfg.seed, run, SPEC, result=res)
    page.events_panel(res.events, chart=f"{P}.timeline")
    page.editions_panel("stepfunctions", cfg.rules)
    exports.panel(P, ctrl, res)


main()

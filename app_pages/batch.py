"""AWS Batch lab: compute environments, prioritised job queues, array jobs, Spot interruptions."""

from __future__ import annotations

import streamlit as st

from engine.batch import (
    ARRAY_SIZE,
    ATTEMPTS,
    MAX_CES_PER_QUEUE,
    MIN_TIMEOUT_S,
    PRICES,
    BatchConfig,
    ComputeEnvironment,
    JobQueue,
    simulate,
)
from engine.core import format_duration, format_number
from views import compare, exports, page
from views.batch.compare import SPEC
from views.batch.controls import ce_controls, queue_controls
from views.batch.figures import jobs_figure, queues_figure
from views.batch.knobs import KNOBS
from views.batch.presets import HIGH, LOW, PRESETS
from views.controls import Controls
from views.lessons import panel as lesson_panel

P = "batch"


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(config: BatchConfig, seed: int):
    """Cached engine call."""
    return simulate(config, seed=seed)


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "AWS Batch",
        "Batch runs **jobs**, not servers: you define a **compute environment** (managed EC2, Spot or "
        "Fargate, between min and max vCPUs), **job queues** with a **priority** (higher numbers are "
        f"scheduled first) mapped to up to {MAX_CES_PER_QUEUE} environments, and **job definitions** (vCPUs, "
        f"memory, {ATTEMPTS[0]}-{ATTEMPTS[1]} attempts, a timeout ≥ {format_duration(MIN_TIMEOUT_S)}). Submit jobs "
        f"and array jobs ({ARRAY_SIZE[0]}-{format_number(ARRAY_SIZE[1])} children) and watch them move "
        "SUBMITTED → RUNNABLE → RUNNING → SUCCEEDED/FAILED while the environment scales its vCPUs with "
        "demand and Spot reclaims instances.",
        icon=":material/inventory_2:",
    )
    page.body(P, body, cfg)


def body(cfg: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    results = st.container()  # the numbers and the jobs chart, drawn above the controls (first screen)
    ce_col, q1, q2 = st.columns(3, gap="medium")
    with ce_col:
        ce = ce_controls(ctrl)
    q1.markdown("**Queue `high`**")
    high = queue_controls(ctrl, "high", HIGH, q1)
    q2.markdown("**Queue `low`**")
    low = queue_controls(ctrl, "low", LOW, q2)
    versus = compare.controls(ctrl, KNOBS)
    ctrl.notices()
    try:
        ces = [ComputeEnvironment("ce-1", ce["type"], True, ce["min"], ce["max"], ce["strategy"], ce["inst"])]
        if ce["spot2"]:
            ces.append(ComputeEnvironment("ce-2-spot", "SPOT", True, 0, ce["spot2_max"], "SPOT_CAPACITY_OPTIMIZED"))
        config = BatchConfig(
            compute_environments=tuple(ces),
            queues=(
                JobQueue("high", compute_environments=(0, 1) if ce["spot2"] else (0,), **high),
                JobQueue("low", compute_environments=(0,), **low),
            ),
            spot_interruptions_per_h=ce["intr"],
            horizon_s=ce["hours"] * 3600.0,
            rules=cfg.rules,
        )
    except ValueError as exc:
        page.config_error(exc)
        config = BatchConfig()
    res = run(config, cfg.seed)
    guide.reveal(res)
    s = res.summary.iloc[0]
    with results:
        c = st.columns(6)
        c[0].metric("Jobs submitted", f"{s['jobs_submitted']:,.0f}")
        c[1].metric("Succeeded", f"{s['jobs_succeeded']:,.0f}")
        c[2].metric("Failed", f"{s['jobs_failed']:,.0f}", help="Attempts used up, or timed out (never retried).")
        c[3].metric("Spot-interrupted attempts", f"{s['interrupted']:,.0f}")
        c[4].metric("Peak vCPUs", f"{s['peak_vcpus']:,.0f}", help="Managed scaling follows RUNNABLE demand.")
        c[5].metric(
            "Cost",
            f"${s['cost_usd']:,.2f}",
            help=f"Illustrative us-east-1 prices as of 2026: EC2 ${PRICES['EC2'][0]}, Spot ${PRICES['SPOT'][0]} per "
            f"vCPU-hour (idle or not); Fargate ${PRICES['FARGATE'][0]} per vCPU-hour + ${PRICES['FARGATE'][1]} per "
            "GB-hour of running jobs.",
        )
        st.caption(
            f"{format_duration(config.horizon_s)} simulated in {format_duration(config.dt_s)} steps. Average RUNNABLE "
            f"backlog {s['mean_runnable']:,.0f} jobs; vCPU utilisation {s['vcpu_utilisation']:.0%} (idle vCPUs still "
            "cost on EC2/Spot)."
        )
        page.chart(page.figure(jobs_figure, res, reduced_motion=cfg.reduced_motion), f"{P}.jobs")
        st.caption(
            "RUNNABLE jobs wait for vCPUs; the CE launches instances (after a delay) up to max vCPUs, then releases "
            "surplus ones. Markers: scaling, Spot interruption and timeout events."
        )
    st.subheader("Who gets the vCPUs: queues by priority")
    page.chart(page.figure(queues_figure, res), f"{P}.queues")
    st.caption(
        "Solid: RUNNING, dashed: RUNNABLE. Among queues sharing a compute environment, the one with the higher "
        "priority number is scheduled first (aws-facts §8.3); the lower one only gets what is left."
    )
    compare.panel(versus, config, None, cfg.seed, run, SPEC, result=res)
    page.events_panel(res.events, chart=f"{P}.jobs")
    page.editions_panel("batch", cfg.rules)
    exports.panel(P, ctrl, res)


main()

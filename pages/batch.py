"""AWS Batch lab: compute environments, prioritised job queues, array jobs, Spot interruptions."""

from __future__ import annotations

import streamlit as st

from engine.batch import BatchConfig, ComputeEnvironment, JobQueue, simulate
from views import page
from views.batch_figures import ce_controls, jobs_figure, queue_controls, queues_figure
from views.controls import Controls

P = "batch"
HIGH = {"priority": 10, "rate": 20, "array": 1, "burst": 0, "burst_min": 30, "vcpus": 2, "dur": 10}
HIGH |= {"attempts": 1, "fail": 0.0, "timeout": 0}
LOW = {**HIGH, "priority": 1, "rate": 0, "array": 500, "burst": 1, "burst_min": 20, "vcpus": 1, "dur": 5}
BASE = {
    "hours": 4,
    "type": "EC2",
    "strategy": "BEST_FIT_PROGRESSIVE",
    "min": 0,
    "max": 256,
    "spot2": False,
    "spot2_max": 256,
}
BASE |= {"intr": 0.1} | {f"high_{k}": v for k, v in HIGH.items()} | {f"low_{k}": v for k, v in LOW.items()}


SPOT = {"type": "SPOT", "strategy": "SPOT_CAPACITY_OPTIMIZED", "max": 512, "intr": 2.0}
PRESETS = {
    name: (why, {**BASE, **over})
    for name, why, over in (
        (
            "Priority: high before low",
            "Both queues share one 64-vCPU CE: the priority-10 burst runs first, the priority-1 array waits.",
            {"max": 64, "high_burst": 1, "high_array": 400, "high_rate": 0},
        ),
        (
            "Spot array job with retries",
            "A 5,000-child array on Spot: interruptions cost attempts; 3 attempts save most jobs.",
            {**SPOT, "low_array": 5000, "low_attempts": 3, "high_rate": 0},
        ),
        (
            "Timeout too short",
            "5-minute jobs with a 360 s timeout: the slowest quarter is killed and, per the docs, not retried.",
            {"low_array": 2000, "low_timeout": 360, "low_attempts": 3, "high_rate": 0},
        ),
        (
            "Overflow to Spot",
            "The high queue fills a small on-demand CE, then spills to its second CE, a Spot one.",
            {"max": 32, "spot2": True, "high_burst": 2, "high_array": 300, "high_burst_min": 10, "high_rate": 0},
        ),
    )
}


@st.cache_data(max_entries=32, show_spinner=False)
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
        "scheduled first) mapped to up to 3 environments, and **job definitions** (vCPUs, memory, 1-10 "
        "attempts, a timeout ≥ 60 s). Submit jobs and array jobs (2-10,000 children) and watch them move "
        "SUBMITTED → RUNNABLE → RUNNING → SUCCEEDED/FAILED while the environment scales its vCPUs with "
        "demand and Spot reclaims instances.",
        icon="📦",
    )
    ctrl = Controls(P)
    page.presets(P, PRESETS)
    ce_col, q1, q2 = st.columns(3, gap="medium")
    with ce_col:
        ce = ce_controls(ctrl)
    q1.markdown("**Queue `high`**")
    high = queue_controls(ctrl, "high", HIGH, q1)
    q2.markdown("**Queue `low`**")
    low = queue_controls(ctrl, "low", LOW, q2)
    ctrl.notices()
    try:
        ces = [ComputeEnvironment("ce-1", ce["type"], True, ce["min"], ce["max"], ce["strategy"])]
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
    f = res.frame
    last = f.iloc[-1]
    hours = config.horizon_s / 3600
    c = st.columns(6)
    c[0].metric("Jobs submitted", f"{last['arrived']:,.0f}")
    c[1].metric("Succeeded", f"{last['jobs_succeeded']:,.0f}")
    c[2].metric("Failed", f"{last['jobs_failed']:,.0f}", help="Attempts used up, or timed out (never retried).")
    c[3].metric("Spot-interrupted attempts", f"{f['interrupted'].sum():,.0f}")
    c[4].metric("Peak vCPUs", f"{f['vcpus'].max():,.0f}", help="Managed scaling follows RUNNABLE demand.")
    c[5].metric(
        "Cost",
        f"${last['cost_usd']:,.2f}",
        help="Illustrative us-east-1 prices as of 2026: EC2 $0.0425, Spot $0.015 per vCPU-hour (idle or not); "
        "Fargate $0.04048 per vCPU-hour + $0.004445 per GB-hour of running jobs.",
    )
    st.caption(
        f"{hours:.0f} h simulated in {config.dt_s:.0f} s steps. Average RUNNABLE backlog "
        f"{f['runnable'].mean():,.0f} jobs; vCPU utilisation "
        f"{f['vcpus_used'].sum() / max(f['vcpus'].sum(), 1e-9):.0%} (idle vCPUs still cost on EC2/Spot)."
    )
    max_v_total = sum(ce.max_vcpus for ce in config.compute_environments)
    page.chart(jobs_figure(f, res.events, max_vcpus=max_v_total, reduced_motion=cfg.reduced_motion), f"{P}.jobs")
    st.caption(
        "RUNNABLE jobs wait for vCPUs; the CE launches instances (after a delay) up to max vCPUs, then releases "
        "surplus ones. Markers: scaling, Spot interruption and timeout events."
    )
    st.subheader("Who gets the vCPUs: queues by priority")
    page.chart(queues_figure(res.extra["queues"]), f"{P}.queues")
    st.caption(
        "Solid: RUNNING, dashed: RUNNABLE. Among queues sharing a compute environment, the one with the higher "
        "priority number is scheduled first (aws-facts §8.3); the lower one only gets what is left."
    )
    page.events_panel(res.events)
    page.editions_panel("batch", cfg.rules)


main()

"""Elastic MapReduce lab: runtime vs cluster size, managed scaling, Spot task vs core nodes."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.core import Result, format_duration
from engine.emr import (
    COMPONENTS,
    MANAGED_EXAMPLE,
    REPLICATION,
    EmrConfig,
    amdahl_runtime_s,
    simulate,
    simulate_many,
    word_count,
)
from views import compare, exports, page
from views.controls import Controls
from views.emr.compare import SPEC
from views.emr.figures import amdahl_figure, cluster_figure
from views.emr.knobs import KNOBS
from views.emr.presets import PRESETS
from views.lessons import panel as lesson_panel

P = "emr"
SIZES = np.array([1, 2, 4, 8, 16, 32, 64, 128])


def _replication() -> str:
    """:data:`REPLICATION` in words: ``1 below 4, 2 below 10, else 3``."""
    return ", ".join(f"{r} below {below}" if below else f"else {r}" for below, r in REPLICATION)


def _grid(seconds: float) -> tuple[float, float]:
    horizon = float(min(72 * 3600.0, max(3600.0, seconds)))
    return horizon, float(max(10.0, round(horizon / 3000)))


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(config: EmrConfig, seed: int):
    """Cached engine call."""
    return simulate(config, seed=seed)


@page.simulation_cache(max_entries=16, show_spinner=False)
def sweep(gb: float, serial: float) -> Result:
    """Fixed on-demand clusters of SIZES worker nodes (a third of them core), summaries only."""
    steps = word_count(gb, serial)
    horizon, dt = _grid(1.1 * amdahl_runtime_s(steps, 1) + 1800)
    cfgs = [EmrConfig(steps, 1, max(1, n // 3), n - max(1, n // 3), horizon_s=horizon, dt_s=dt) for n in SIZES]
    return simulate_many(cfgs, summary=True)


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "Elastic MapReduce",
        "EMR runs your **steps** (here the notes' word count) on a cluster of EC2 instances: one **master** "
        "node coordinates, **core** nodes compute *and* store HDFS blocks, **task** nodes only compute. More "
        "nodes help only the parallel part of each step (**Amdahl's law**: a step of W node-seconds with serial "
        "fraction s takes s·W + (1−s)·W/N). **Managed scaling** grows the cluster with pending work up to a "
        "maximum, core nodes up to a core cap and task nodes beyond it. On Spot, a lost **task** node costs only "
        "its running containers; a lost **core** node takes HDFS blocks with it.",
        icon=":material/lan:",
    )
    page.body(P, body, cfg)


def body(cfg: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    # Controls on the left, the run on the right: its chart is on the first screen.
    top = st.container()
    left, right = st.columns([1, 2.2], gap="large")
    a = b = c = left
    gb = ctrl.slider("Input size (GB)", "gb", 10, 2000, 200, 10, where=a)
    serial = ctrl.slider("Serial fraction of each step", "serial", 0.0, 0.9, 0.05, 0.01, where=a)
    core = ctrl.slider("Core nodes at start", "core", 1, 50, 4, where=a)
    task = ctrl.slider("Task nodes at start", "task", 0, 200, 6, where=a)
    core_mkt = ctrl.select("Core nodes market", "core_mkt", ["ON_DEMAND", "SPOT"], "ON_DEMAND", radio=True, where=b)
    task_mkt = ctrl.select("Task nodes market", "task_mkt", ["ON_DEMAND", "SPOT"], "ON_DEMAND", radio=True, where=b)
    loss = ctrl.slider(
        "Spot losses per node-hour", "loss", 0.0, 5.0, 0.2, 0.1, help="Illustrative; AWS publishes none.", where=b
    )
    managed = ctrl.toggle("Managed scaling", "managed", False, where=c)
    lo = ctrl.number("MinimumCapacityUnits", "min", 1, 2000, 2, where=c)
    hi = ctrl.number("MaximumCapacityUnits", "max", 1, 2000, MANAGED_EXAMPLE[0], where=c)
    cap = ctrl.number("MaximumCoreCapacityUnits", "core_cap", 1, 2000, MANAGED_EXAMPLE[1], where=c)
    versus = compare.controls(ctrl, KNOBS, where=left)
    ctrl.notices()
    steps = word_count(gb, serial)
    start_n = min(lo, core + task) if managed else core + task
    horizon, dt = _grid(2.0 * amdahl_runtime_s(steps, max(start_n, 1)) + 3600)
    try:
        config = EmrConfig(
            steps, 1, core, task, core_mkt, task_mkt, managed, lo, hi, cap, loss, horizon, dt, rules=cfg.rules
        )
    except ValueError as exc:
        page.config_error(exc)
        config = EmrConfig(steps, horizon_s=horizon, dt_s=dt)
    res = run(config, cfg.seed)
    guide.reveal(res)
    s = res.summary.iloc[0]
    fin = float(s["finish_s"])
    m = top.columns(5)
    m[0].metric("Job runtime", format_duration(fin) if fin >= 0 else "not finished")
    m[1].metric(
        "Amdahl at start size",
        format_duration(amdahl_runtime_s(steps, config.core_nodes + config.task_nodes)),
        help="Σ s·W + (1−s)·W/N with the starting worker nodes.",
    )
    m[2].metric("Peak nodes", f"{s['peak_nodes']:,.0f}", help="Core + task (master excluded).")
    m[3].metric("Work redone", f"{s['recomputed_h']:,.2f} node-h", help="Lost containers and lost HDFS data.")
    m[4].metric(
        "Cost",
        f"${s['cost_usd']:,.2f}",
        help="Illustrative us-east-1 prices as of 2026 per node-hour: on-demand $0.192, Spot $0.07, EMR charge $0.048.",
    )
    right.caption(
        f"HDFS replication {config.replication} (EMR default for {config.core_nodes} core node(s): {_replication()}). "
        "The cluster terminates after its last step."
    )
    until = fin * 1.1 + 600 if fin >= 0 else None  # the cluster is gone after the job
    with right:
        page.chart(page.figure(cluster_figure, res, reduced_motion=cfg.reduced_motion, until_s=until), f"{P}.cluster")
    right.caption(
        "Nodes (top) follow the work left (middle): during a step's serial part one node works and the rest wait. "
        "Dashed: block copies after a core node is lost; red: work redone when a lost node held every copy of some blocks (always with replication 1). HDFS empties when the cluster terminates."
    )
    st.subheader("Runtime against cluster size")
    serial_h = sum(st_.serial_fraction * st_.work_s for st_ in steps) / 3600
    page.chart(
        page.figure(amdahl_figure, sweep(float(gb), float(serial)), current=config.core_nodes + config.task_nodes),
        f"{P}.amdahl",
    )
    st.caption(
        f"Doubling nodes halves only the parallel part: with s = {serial:.0%} no cluster finishes faster than "
        f"{serial_h:,.2f} h, the serial part. Points: the simulator on fixed on-demand clusters."
    )
    st.subheader("What runs where: EMR's components (course notes)")
    st.table(COMPONENTS, hide_index=True)
    compare.panel(versus, config, None, cfg.seed, run, SPEC, result=res)
    page.events_panel(res.events, chart=f"{P}.cluster")
    page.editions_panel("emr", cfg.rules)
    exports.panel(P, ctrl, res)


main()

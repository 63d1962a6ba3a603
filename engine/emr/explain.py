"""The EMR event log: job steps starting, managed scaling and Spot losses, in words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.core import EventLog, format_duration, format_number
from engine.emr.amdahl import amdahl_runtime_s
from engine.emr.config import EmrConfig
from engine.emr.layout import EV, KINDS
from engine.kernel.events import Event, write_log

__all__ = ["events"]


def events(cfg: EmrConfig, ev: np.ndarray, n: int, finish_s: float, *, scenario: int = 0) -> pd.DataFrame:
    """The event log frame of one scenario (``ev``, ``n``: its event buffer and count); a job that
    did not finish (``finish_s < 0``) gets an ``unfinished`` event at the horizon."""
    log = EventLog()
    write_log(log, KINDS, ev, n, dt_s=cfg.dt_s, explain=lambda e: _sentence(cfg, e), scenario=scenario)
    if finish_s < 0:
        log.add(cfg.horizon_s, "unfinished", "The job did not finish within the simulated horizon.", scenario=scenario)
    return log.frame()


def _hours(node_s: float) -> str:
    return f"{node_s / 3600:,.2f} node-h"


def _sentence(cfg: EmrConfig, e: Event) -> str:
    if e.kind == EV.STEP:
        k, nodes = int(e["step"]), e["nodes"]
        st = cfg.steps[k]
        return (
            f"Step {k + 1} '{st.name}' starts on {format_number(nodes)} worker nodes: Amdahl gives "
            f"{format_duration(amdahl_runtime_s((st,), max(nodes, 1)))} ({st.serial_fraction:.0%} of it serial)."
        )
    if e.kind == EV.DONE:
        return (
            f"All {len(cfg.steps)} steps done after {format_duration(e.t * cfg.dt_s)}: the cluster terminates and "
            "its HDFS data goes with it (results must be written to S3)."
        )
    if e.kind == EV.SCALE_OUT:
        have, want, add_core = e["have"], e["want"], e["add_core"]
        return (
            f"Managed scaling: pending containers want {format_number(want)} nodes (max {cfg.max_units}); "
            f"adds {format_number(want - have)}: {format_number(add_core)} core (cap {cfg.max_core_units}), "
            f"{format_number(want - have - add_core)} task."
        )
    if e.kind == EV.SCALE_IN:
        return (
            f"Managed scaling: fewer containers pending for {format_duration(cfg.scale_in_after_s)}, removes "
            f"{format_number(e['drop_task'])} task node(s) (min {cfg.min_units}); core nodes stay while the job "
            "runs: they hold HDFS blocks."
        )
    if e.kind == EV.CORE_LOST:
        return _core_lost(cfg, e)
    return (
        f"Spot reclaims {format_number(e['nodes'])} task node(s): only their running containers "
        f"({_hours(e['redo_s'])}) are redone; no data is lost (no HDFS on task nodes)."
    )


def _core_lost(cfg: EmrConfig, e: Event) -> str:
    """A Spot loss of core nodes: which blocks went, which steps are recomputed, what is left."""
    lost, left, r = e["nodes"], e["left"], cfg.replication
    head = f"Spot reclaims {format_number(lost)} core node(s), {format_number(left)} left"
    if e["lost_gb"] > 0:
        k = int(e["step"])
        steps = f"step 1 '{cfg.steps[0].name}'" if k == 0 else f"steps 1–{k + 1}"
        what = (
            f"{e['lost_gb']:,.1f} GB of HDFS had every copy (replication {r}) on the lost nodes and is gone: "
            f"{steps} recompute it ({_hours(e['redo_s'])})"
        )
    elif r >= 2:
        what = f"every HDFS block still has a copy (replication {r}): the missing copies are re-replicated"
    else:
        what = "HDFS was still empty, so nothing is lost yet"
    tail = (
        f"; fewer core nodes than the replication factor {r}, so blocks keep only {format_number(left)} "
        "cop(ies) and the next loss can take them"
        if left < r
        else ""
    )
    return f"{head}: {what}{tail}."

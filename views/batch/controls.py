"""Control groups of the AWS Batch page: the compute environments and one job queue with its job definition."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from engine.batch import ARRAY_SIZE, ATTEMPTS, MIN_TIMEOUT_S, RESOURCE_TYPES, STRATEGIES
from views.controls import Controls

__all__ = ["ce_controls", "queue_controls"]


def ce_controls(ctrl: Controls) -> dict[str, Any]:
    """Compute environment 1 (managed) and the optional Spot CE 2."""
    hours = ctrl.slider("Simulated hours", "hours", 1, 24, 4)
    st.markdown("**Compute environment 1 (managed)**")
    return {
        "hours": hours,
        "type": ctrl.select("Resource type", "type", list(RESOURCE_TYPES), "EC2"),
        "strategy": ctrl.select("Allocation strategy", "strategy", list(STRATEGIES), "BEST_FIT_PROGRESSIVE"),
        "min": ctrl.number("Min vCPUs", "min", 0, 10_000, 0),
        "max": ctrl.number("Max vCPUs", "max", 1, 10_000, 256),
        "inst": ctrl.select(
            "vCPUs per instance",
            "inst",
            [2, 4, 8, 16, 32, 64],
            16,
            help="EC2/Spot: a job runs on one instance, so a job bigger than the instance stays RUNNABLE.",
        ),
        "spot2": (
            spot2 := ctrl.toggle(
                "Spot CE 2 for overflow",
                "spot2",
                False,
                help="Adds a second compute environment (Spot) after CE 1 in the high queue's order: "
                "its jobs run there when CE 1 has no room.",
            )
        ),
        "spot2_max": ctrl.slider("CE 2 max vCPUs", "spot2_max", 16, 2048, 256, 16) if spot2 else 256,
        "intr": ctrl.slider(
            "Spot interruptions per instance-hour",
            "intr",
            0.0,
            5.0,
            0.1,
            0.1,
            help="Illustrative: AWS does not publish a rate.",
        ),
    }


def queue_controls(ctrl: Controls, prefix: str, d: Mapping[str, Any], where: Any) -> dict[str, Any]:
    """One queue and its job definition; returns keyword arguments for ``JobQueue``."""
    w = where
    timeout = ctrl.number(
        f"Timeout (s, 0 = none; else ≥ {MIN_TIMEOUT_S})", f"{prefix}_timeout", 0, 86_400, d["timeout"], where=w
    )
    burst_min = ctrl.slider("One-off burst at minute", f"{prefix}_burst_min", 0, 240, d["burst_min"], where=w)
    return {
        "priority": ctrl.number("Priority (higher first)", f"{prefix}_priority", 0, 1000, d["priority"], where=w),
        "submissions_per_h": float(ctrl.slider("Submissions per hour", f"{prefix}_rate", 0, 600, d["rate"], where=w)),
        "array_size": ctrl.number(
            "Array size (1 = single job)", f"{prefix}_array", 1, ARRAY_SIZE[1], d["array"], where=w
        ),
        "burst_arrays": ctrl.slider("Burst: array jobs submitted", f"{prefix}_burst", 0, 10, d["burst"], where=w),
        "burst_at_s": burst_min * 60.0,
        "vcpus": float(ctrl.select("vCPUs per job", f"{prefix}_vcpus", [1, 2, 4, 8, 16, 32], d["vcpus"], where=w)),
        "memory_mib": ctrl.select(
            "Memory per job (MiB)", f"{prefix}_mem", [512, 1024, 2048, 4096, 8192, 16384], 2048, where=w
        ),
        "duration_s": ctrl.slider("Job duration (min)", f"{prefix}_dur", 1, 120, d["dur"], where=w) * 60.0,
        "attempts": ctrl.slider("Retry strategy: attempts", f"{prefix}_attempts", *ATTEMPTS, d["attempts"], where=w),
        "fail_p": ctrl.slider("Failure rate per attempt", f"{prefix}_fail", 0.0, 1.0, d["fail"], 0.05, where=w),
        "timeout_s": int(timeout) or None,
    }

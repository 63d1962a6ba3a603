"""Presets of the AWS Batch page, and the default settings of its two queues."""

from __future__ import annotations

from typing import Any

from views.preset import Preset

__all__ = ["HIGH", "LOW", "PRESETS"]

HIGH: dict[str, Any] = {
    "priority": 10,
    "rate": 20,
    "array": 1,
    "burst": 0,
    "burst_min": 30,
    "vcpus": 2,
    "dur": 10,
    "attempts": 1,
    "fail": 0.0,
    "timeout": 0,
}
"""Queue ``high``'s controls (by name after ``high_``) at their defaults."""
LOW: dict[str, Any] = {
    **HIGH,
    "priority": 1,
    "rate": 0,
    "array": 500,
    "burst": 1,
    "burst_min": 20,
    "vcpus": 1,
    "dur": 5,
}
"""Queue ``low``'s controls (by name after ``low_``) at their defaults."""

_BASE = {"hours": 4, "type": "EC2", "strategy": "BEST_FIT_PROGRESSIVE", "min": 0, "max": 256, "inst": 16}
_BASE |= {"spot2": False}
_BASE |= {"intr": 0.1} | {f"high_{k}": v for k, v in HIGH.items()}
_BASE |= {f"low_{k}": v for k, v in LOW.items()}
_SPOT = {"type": "SPOT", "strategy": "SPOT_CAPACITY_OPTIMIZED", "max": 512, "intr": 2.0}

PRESETS: dict[str, dict[str, Preset]] = {
    "batch": {
        name: Preset(why, {**_BASE, **over}, claim=claim)
        for name, why, over, claim in (
            (
                "Priority: high before low",
                "Both queues share one 64-vCPU CE: the priority-10 burst runs first, the priority-1 array waits.",
                {"max": 64, "high_burst": 1, "high_array": 400, "high_rate": 0},
                {
                    "all": [
                        {"==": [{"summary": "peak_vcpus"}, 64]},
                        {">": [{"summary": "mean_runnable"}, 0]},
                        {"==": [{"summary": "jobs_succeeded"}, {"summary": "jobs_submitted"}]},
                    ]
                },
            ),
            (
                "Spot array job with retries",
                "A 5,000-child array on Spot: interruptions cost attempts; 3 attempts save most jobs.",
                {**_SPOT, "low_array": 5000, "low_attempts": 3, "high_rate": 0},
                {
                    "all": [
                        {">": [{"summary": "interrupted"}, 0]},
                        {">": [{"/": [{"summary": "jobs_succeeded"}, {"summary": "jobs_submitted"}]}, 0.99]},
                    ]
                },
            ),
            (
                "Timeout too short",
                "5-minute jobs with a 360 s timeout: the slowest quarter is killed and, per the docs, not retried.",
                {"low_array": 2000, "low_timeout": 360, "low_attempts": 3, "high_rate": 0},
                {
                    "all": [
                        {">=": [{"count": "timeout"}, 1]},
                        {">": [{"/": [{"summary": "jobs_failed"}, {"summary": "jobs_submitted"}]}, 0.15]},
                        {"<": [{"/": [{"summary": "jobs_failed"}, {"summary": "jobs_submitted"}]}, 0.35]},
                    ]
                },
            ),
            (
                "Job bigger than any instance",
                "32-vCPU jobs on 16-vCPU instances: a job runs on one instance, so the high queue's jobs stay "
                "RUNNABLE (the log says why) while the low queue's array runs.",
                {"inst": 16, "high_vcpus": 32, "high_burst": 1, "high_array": 20, "high_burst_min": 5, "high_rate": 0},
                {
                    "all": [
                        {">=": [{"count": "unplaceable"}, 1]},
                        {"<": [{"summary": "jobs_succeeded"}, {"summary": "jobs_submitted"}]},
                        {">": [{"summary": "jobs_succeeded"}, 0]},
                    ]
                },
            ),
            (
                "Overflow to Spot",
                "The high queue fills a small on-demand CE, then spills to its second CE, a Spot one.",
                {"max": 32, "spot2": True, "high_burst": 2, "high_array": 300, "high_burst_min": 10, "high_rate": 0},
                {"all": [{">": [{"summary": "peak_vcpus"}, 32]}, {">=": [{"count": "scale_out"}, 2]}]},
            ),
        )
    }
}

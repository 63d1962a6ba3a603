"""Amdahl's law: the runtime a job of steps needs on N worker nodes.

A step of W single-node seconds with serial fraction s takes ``s*W + (1-s)*W/N`` on N worker
nodes (core + task), so no cluster beats ``s*W``.

>>> from engine.emr.config import JobStep
>>> amdahl_runtime_s((JobStep("count", 1000.0, 0.2, 10.0),), 4)
400.0
"""

from __future__ import annotations

from engine.emr.config import JobStep

__all__ = ["amdahl_runtime_s"]


def amdahl_runtime_s(steps: tuple[JobStep, ...], nodes: float) -> float:
    """Amdahl's law summed over the steps: sum(s*W + (1-s)*W/N)."""
    return float(sum(st.serial_fraction * st.work_s + (1 - st.serial_fraction) * st.work_s / nodes for st in steps))

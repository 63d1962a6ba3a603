"""ScaleLab's simulation engine: pure, deterministic, batched numpy; no UI imports.

The public API is curated here. Lab modules (``engine.autoscaling``, ``engine.kinesis`` ...)
are imported on first access, so ``import engine`` stays cheap and a lab's compiled kernels
load only when that lab is used.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from engine.core import Column, EventLog, Result, Schema, TimeGrid, format_clock
from engine.load import (
    PRESETS,
    Bursts,
    Constant,
    Diurnal,
    LoadTrace,
    Ramp,
    Series,
    Spike,
    Step,
    as_load,
    preset,
)
from engine.rules import EDITIONS, Difference, differences
from engine.trace_csv import TraceCsvError, parse_trace_csv

LAB_MODULES: tuple[str, ...] = (
    "autoscaling",
    "kinesis",
    "dynamodb",
    "queues",
    "serverless",
    "coupling",
    "caching",
    "events",
    "workflows",
    "batch",
    "emr",
    "mq",
    "costs",
)

__all__ = [
    "EDITIONS",
    "LAB_MODULES",
    "PRESETS",
    "Bursts",
    "Column",
    "Constant",
    "Difference",
    "Diurnal",
    "EventLog",
    "LoadTrace",
    "Ramp",
    "Result",
    "Schema",
    "Series",
    "Spike",
    "Step",
    "TimeGrid",
    "TraceCsvError",
    "as_load",
    "differences",
    "format_clock",
    "parse_trace_csv",
    "preset",
    "warmup",
]


def __getattr__(name: str) -> ModuleType:
    """Import a lab module on first access (``engine.kinesis`` ...)."""
    if name in LAB_MODULES:
        return importlib.import_module(f"engine.{name}")
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


def warmup() -> list[str]:
    """Compile every lab's kernels once (each lab module may define ``warmup()``).

    Returns the names of the labs warmed. Called once when the app starts, so a learner's first
    slider move does not pay numba's compile time.
    """
    warmed = []
    for name in LAB_MODULES:
        try:
            module = importlib.import_module(f"engine.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"engine.{name}":
                continue
            raise
        fn = getattr(module, "warmup", None)
        if callable(fn):
            fn()
            warmed.append(name)
    return warmed

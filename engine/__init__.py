"""ScaleLab's simulation engine: pure, deterministic, batched numpy; no UI imports.

The public API is curated here. Lab modules (``engine.autoscaling``, ``engine.kinesis`` ...)
are imported on first access, so ``import engine`` stays cheap and a lab's compiled kernels
load only when that lab is used.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pkgutil
import tempfile
from pathlib import Path
from types import ModuleType


def _numba_cache_dir() -> str:
    """A numba cache folder keyed by the hash of every engine source file.

    numba's ``cache=True`` re-compiles a function only when *its own* file changes, so a kernel
    calling a helper from another module (``engine.target_tracking``) would keep a stale compiled
    copy of that helper after an edit or an upgrade. Keying the whole cache by the engine's
    sources makes any change start from a clean cache. Set before numba is first imported.
    """
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(here.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    base = here.parent / ".numba_cache"
    try:
        base.mkdir(exist_ok=True)
        probe = base / ".write-test"
        probe.touch()
        probe.unlink()
    except OSError:  # a read-only deployment: use the temp folder instead
        base = Path(tempfile.gettempdir()) / "scalelab-numba-cache"
    return str(base / digest.hexdigest()[:16])


os.environ.setdefault("NUMBA_CACHE_DIR", _numba_cache_dir())

# The imports below come after the cache folder is set, in case any of them loads numba.
from engine.core import Column, EventLog, Result, Schema, TimeGrid, format_clock  # noqa: E402
from engine.load import (  # noqa: E402
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
from engine.rules import EDITIONS, Difference, differences  # noqa: E402
from engine.trace_csv import TraceCsvError, parse_trace_csv  # noqa: E402

LAB_MODULES: tuple[str, ...] = tuple(
    sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).resolve().parent)])
        if m.name not in {"core", "load", "rules", "trace_csv"}
    )
)
"""Every lab module in this package (found on disk, so a new lab needs no registration)."""

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
        module = importlib.import_module(f"engine.{name}")
        fn = getattr(module, "warmup", None)
        if callable(fn):
            fn()
            warmed.append(name)
    return warmed

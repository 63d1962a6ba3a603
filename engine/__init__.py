"""ScaleLab's simulation engine: pure, deterministic, batched numpy; no UI imports.

The public API is curated here. Each lab is a package (``engine.autoscaling``,
``engine.kinesis`` ...) imported on first access, so ``import engine`` stays cheap and a lab's
compiled kernels load only when that lab is used. Labs that were renamed keep their old import
path as a deprecated alias (:data:`MOVED`) that warns once and names the new one.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import pkgutil
import sys
import tempfile
import warnings
from pathlib import Path
from types import ModuleType


def _numba_cache_dir() -> str:
    """A numba cache folder keyed by the hash of every engine source file.

    numba's ``cache=True`` re-compiles a function only when *its own* file changes, so a kernel
    calling a helper from another module (``engine.kernel.target_tracking``) would keep a stale compiled
    copy of that helper after an edit or an upgrade. Keying the whole cache by the engine's
    sources makes any change start from a clean cache. Set before numba is first imported.
    """
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(here.rglob("*.py")):
        digest.update(str(path.relative_to(here)).encode())
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

SHARED_PACKAGES = frozenset({"kernel", "export"})
"""Subpackages every lab shares (compiled rules and the event writer; exports): not labs."""

LABS: tuple[str, ...] = tuple(
    sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).resolve().parent)])
        if m.ispkg and m.name not in SHARED_PACKAGES
    )
)
"""Every lab package (found on disk, so a new lab needs no registration)."""

MOVED: dict[str, str] = {
    "events": "eventbridge",
    "workflows": "stepfunctions",
    "serverless": "lambda_",
    "sns": "queues.sns",
}
"""Old import paths of renamed labs (``engine.events``) and the module each now is."""


class _MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Makes ``import engine.events`` give ``engine.eventbridge``, with one DeprecationWarning."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        old = fullname.removeprefix(f"{__name__}.")
        if fullname == old or old not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        old = spec.name.removeprefix(f"{__name__}.")
        new = f"{__name__}.{MOVED[old]}"
        warnings.warn(f"{spec.name} has moved to {new}; import that instead", DeprecationWarning, stacklevel=2)
        return importlib.import_module(new)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module is the new one, already imported."""


if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
    sys.meta_path.append(_MovedFinder())

__all__ = [
    "EDITIONS",
    "LABS",
    "MOVED",
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
    """Import a lab package on first access (``engine.kinesis`` ...), or a moved one's alias."""
    if name in LABS or name in MOVED:
        return importlib.import_module(f"engine.{name}")
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


def warmup() -> list[str]:
    """Compile every lab's kernels once (each lab package may define ``warmup()``).

    Returns the names of the labs warmed. Called once when the app starts, so a learner's first
    slider move does not pay numba's compile time.
    """
    warmed = []
    for name in LABS:
        module = importlib.import_module(f"engine.{name}")
        fn = getattr(module, "warmup", None)
        if callable(fn):
            fn()
            warmed.append(name)
    return warmed

"""A sweep's grid: every combination of two axes run through :func:`engine.sweep.sweep` in batched
chunks (with progress, and a cancel between chunks), and the finished grids kept for every session.

A grid is keyed on the scenario with the two swept fields set to the grid's first values, the
grid, the load and the seed, so moving one of the swept controls (or clicking a cell) keeps the
same grid, and the same heat map, on screen.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd

from engine.sweep import sweep, with_value
from views.sweep.axes import Axis

__all__ = ["cached_grid", "compute_grid", "grid_key"]

_STORE_ENTRIES = 32
_PROGRESS_STEPS = 10


class _Store:
    """The most recent grids, least recently used dropped (thread-safe: sessions run in threads)."""

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._data: OrderedDict[str, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> pd.DataFrame | None:
        with self._lock:
            table = self._data.get(key)
            if table is not None:
                self._data.move_to_end(key)
            return table

    def put(self, key: str, table: pd.DataFrame) -> None:
        with self._lock:
            self._data[key] = table
            self._data.move_to_end(key)
            while len(self._data) > self._entries:
                self._data.popitem(last=False)


_GRIDS = _Store(_STORE_ENTRIES)


def grid_key(lab: str, base: Any, x: Axis, y: Axis, load: Any, seed: int) -> str:
    """The cache key of a grid: the scenario with the swept fields at the grid's first values (so
    moving a swept control keeps the key), the two axes, the load and the seed."""
    anchored = with_value(with_value(base, x.knob.field, x.config_values()[0]), y.knob.field, y.config_values()[0])
    blob = pickle.dumps((lab, anchored, x.knob.field, x.values, y.knob.field, y.values, load, seed), protocol=5)
    return hashlib.sha256(blob).hexdigest()


def cached_grid(lab: str, base: Any, x: Axis, y: Axis, load: Any, seed: int) -> pd.DataFrame | None:
    """The grid computed before for this scenario, axes, load and seed, or ``None``."""
    return _GRIDS.get(grid_key(lab, base, x, y, load, seed))


def compute_grid(
    lab: str,
    base: Any,
    x: Axis,
    y: Axis,
    load: Any,
    seed: int,
    progress: Callable[[int, int], bool | None] | None = None,
) -> pd.DataFrame | None:
    """Run the grid (``y`` outer, ``x`` fastest, so the table reshapes to rows of y) and store it.
    ``None`` when ``progress`` cancelled it (nothing is stored)."""
    total = len(x.values) * len(y.values)
    chunk = max(50, -(-total // _PROGRESS_STEPS))
    grid = {y.knob.field: y.config_values(), x.knob.field: x.config_values()}
    table = sweep(lab, base, grid, load, seed=seed, progress=progress, chunk_size=chunk)
    if len(table) < total:
        return None
    _GRIDS.put(grid_key(lab, base, x, y, load, seed), table)
    return table

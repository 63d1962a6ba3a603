"""Named slots for the plain arrays a compiled kernel reads and writes.

A kernel takes its parameters as arrays (one row per scenario) and writes its outputs into
arrays; :func:`slots` names their columns once, so the code that packs a config, the kernel that
indexes it and the code that builds the frame all say ``GI.COOLDOWN`` instead of ``gi[s, 11]``.
A slot set is a ``namedtuple`` *instance* whose fields are the indices 0..n-1: numba freezes a
global tuple as constants and caches the compiled code (``jitclass`` cannot be cached, and an
``IntEnum`` member cannot be stored into a float array), so indexing by name costs nothing.

>>> GI = slots("GroupInts", "MIN MAX DESIRED")
>>> GI.MAX, len(GI)
(1, 3)
>>> pack(GI, [{"min": 1, "max": 4, "desired": 2}], np.int64).tolist()
[[1, 4, 2]]
>>> sorted(columns(np.array([[1, 4, 2]]), GI, axis=1))
['desired', 'max', 'min']
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["columns", "pack", "slot_names", "slots"]


def slots(name: str, names: str | Sequence[str]) -> Any:
    """A slot set: ``names`` (upper case, space-separated or a sequence) numbered from 0.

    Raises ``ValueError`` on a duplicate or an empty name list: two columns at one index would
    silently overwrite each other.
    """
    fields = names.split() if isinstance(names, str) else list(names)
    if not fields:
        raise ValueError(f"slot set {name} needs at least one slot")
    if len(set(fields)) != len(fields):
        raise ValueError(f"slot set {name} names a slot twice: {fields}")
    return namedtuple(name, fields)(*range(len(fields)))


def slot_names(layout: Any) -> tuple[str, ...]:
    """The lower-case names of a slot set, in index order (the frame's column names)."""
    return tuple(f.lower() for f in layout._fields)


def pack(layout: Any, rows: Sequence[Mapping[str, Any]], dtype: Any = np.float64) -> np.ndarray:
    """One array row per mapping, one column per slot, read by lower-case slot name.

    Raises ``KeyError`` naming the slots a row does not give and the names it gives that are no
    slot: a layout and its packer must not drift apart.
    """
    names = slot_names(layout)
    out = np.zeros((len(rows), len(names)), dtype=dtype)
    for r, row in enumerate(rows):
        missing = [n for n in names if n not in row]
        extra = [k for k in row if k not in names]
        if missing or extra:
            raise KeyError(f"{type(layout).__name__} row {r}: missing {missing}, not slots {extra}")
        out[r] = [row[n] for n in names]
    return out


def columns(array: np.ndarray, layout: Any, *, axis: int = -1) -> dict[str, np.ndarray]:
    """The slices of ``array`` along ``axis``, keyed by lower-case slot name (views, not copies:
    building a frame from them copies once)."""
    names = slot_names(layout)
    if array.shape[axis] != len(names):
        raise ValueError(f"axis {axis} has {array.shape[axis]} entries but {type(layout).__name__} has {len(names)}")
    lead = (slice(None),) * (axis % array.ndim)
    return {n: array[(*lead, i)] for i, n in enumerate(names)}

"""A sweep's axes and metrics: a knob and the values it takes on one axis, and the figures of a
lab's summary (or computed from it) that a heat map can show."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from views.knobs import Knob

__all__ = ["DERIVED", "MAX_AXIS", "Axis", "Metric", "axis_values", "field_value", "has_field", "integer", "metrics"]

MAX_AXIS = 40
"""The most values one axis takes: 40 × 40 = 1,600 scenarios, a few seconds of server time."""


@dataclass(frozen=True)
class Metric:
    """A figure a heat map can show: a summary column of the lab, or one computed from them."""

    name: str
    label: str
    unit: str
    compute: Callable[[pd.DataFrame], pd.Series] | None = None
    """For a derived metric: the column from the sweep's table (``None``: the column ``name``)."""

    @property
    def title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def values(self, table: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.compute(table) if self.compute else table[self.name], dtype=float)


def _dropped_pct(table: pd.DataFrame) -> pd.Series:
    return 100.0 * table["dropped"] / table["offered"].clip(lower=1e-9)


DERIVED: Mapping[str, tuple[Metric, ...]] = {
    "autoscaling": (Metric("dropped_pct", "Dropped", "%", _dropped_pct),),
}
"""Metrics computed from a lab's summary columns, offered first (the share the page's own metric shows)."""


def _label(name: str) -> str:
    """A summary column's name as a label, its unit suffix left to the unit (``cost_usd`` → Cost)."""
    words = name.split("_")
    if len(words) > 1 and words[-1] in {"usd", "pct", "ms", "s", "h"}:
        words = words[:-1]
    return " ".join(words).capitalize()


def metrics(lab: str) -> list[Metric]:
    """Every metric of ``lab``'s sweep: its derived ones, then its summary columns with their units."""
    schema = importlib.import_module(f"engine.{lab}").SUMMARY
    own = [Metric(c.name, _label(c.name), c.unit) for c in schema.columns]
    return [*DERIVED.get(lab, ()), *own]


@dataclass(frozen=True)
class Axis:
    """One axis of a sweep: a knob and its values, as the page's control takes them."""

    knob: Knob
    values: tuple[Any, ...]

    @property
    def title(self) -> str:
        unit = self.knob.unit
        return f"{self.knob.label} ({unit})" if unit and f"({unit})" not in self.knob.label else self.knob.label

    def config_values(self) -> list[Any]:
        return [self.knob.to_config(v) for v in self.values]


def axis_values(knob: Knob, lo: float, hi: float, points: int) -> tuple[Any, ...]:
    """``points`` values from ``lo`` to ``hi`` on the knob's step (a choice knob: all its choices).

    Raises ``ValueError`` saying what is allowed: at most :data:`MAX_AXIS` points, ``lo`` not above
    ``hi``, both inside the control's range.
    """
    if knob.choices:
        return tuple(knob.choices)
    if points > MAX_AXIS:
        raise ValueError(
            f"{knob.label}: {points} points asked; a sweep takes at most {MAX_AXIS} per axis "
            f"({MAX_AXIS} × {MAX_AXIS} = {MAX_AXIS * MAX_AXIS:,} scenarios). Ask for fewer points"
        )
    if points < 2:
        raise ValueError(f"{knob.label}: a sweep needs at least 2 points per axis, got {points}")
    assert knob.lo is not None and knob.hi is not None
    if not knob.lo <= lo <= hi <= knob.hi:
        raise ValueError(
            f"{knob.label}: the range must run upwards inside {knob.lo:g} to {knob.hi:g}, got {lo:g} to {hi:g}"
        )
    raw = np.linspace(lo, hi, points)
    if knob.step:
        raw = knob.lo + np.round((raw - knob.lo) / knob.step) * knob.step
    whole = integer(knob)
    values = sorted({int(np.rint(v)) if whole else round(float(v), 9) for v in np.clip(raw, knob.lo, knob.hi)})
    return tuple(values)


def integer(knob: Knob) -> bool:
    """A whole-number control (its slider's bounds and step are ints), as :class:`views.controls.Controls` decides."""
    return all(isinstance(v, int) and not isinstance(v, bool) for v in (knob.lo, knob.hi)) and isinstance(
        knob.step if knob.step is not None else 1, int
    )


def field_value(config: Any, path: str) -> Any:
    """The value at dotted ``path`` of a config (``policies.0.target``)."""
    for part in path.split("."):
        config = config[int(part)] if isinstance(config, tuple) else getattr(config, part)
    return config


def has_field(config: Any, path: str) -> bool:
    """Whether the config has the dotted field (the first policy's ``target`` only if it tracks one)."""
    try:
        field_value(config, path)
    except (AttributeError, IndexError, ValueError):
        return False
    return True

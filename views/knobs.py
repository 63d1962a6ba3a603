"""Knobs: the page controls that map onto one field of a lab's engine config.

A knob is what the compare panel lets a learner change for scenario B and what a sweep panel puts
on an axis: the control's name on its page (its URL key after the page prefix), its label and
range as the page draws it, and the dotted config field it sets (``engine.sweep.with_value``),
with the factor between the control's unit and the config's (a percentage control on a fraction
field has ``scale=0.01``). Each lab declares its knobs once, in ``views/<lab>/knobs.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.sweep import with_value

__all__ = ["Knob", "apply"]


@dataclass(frozen=True)
class Knob:
    """One control that sets one config field."""

    name: str
    """The control's name on its page (``rcu`` for the URL key ``dynamodb.rcu``)."""
    label: str
    field: str
    """The dotted config field it sets (``"rcu"``, ``"policies.0.target"``)."""
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple[Any, ...] = ()
    """For a choice control: its options, as the config takes them (then lo/hi/step are unused)."""
    scale: float = 1.0
    """Config value = control value × scale (a % control on a fraction field: 0.01)."""
    unit: str = ""

    def __post_init__(self) -> None:
        numeric = self.lo is not None and self.hi is not None
        if numeric == bool(self.choices):
            raise ValueError(f"knob {self.name!r}: give either lo and hi, or choices")
        if numeric and not self.lo <= self.hi:  # type: ignore[operator]
            raise ValueError(f"knob {self.name!r}: lo {self.lo} is above hi {self.hi}")

    def to_config(self, value: Any) -> Any:
        """The config field's value for the control's ``value``."""
        if self.choices or isinstance(value, bool):
            return value
        out = value * self.scale
        return int(out) if isinstance(value, int) and float(self.scale).is_integer() else out

    def from_config(self, value: Any) -> Any:
        """The control's value for a config field's ``value``."""
        if self.choices or isinstance(value, bool):
            return value
        return value / self.scale if self.scale != 1.0 else value


def apply(config: Any, knobs: Sequence[Knob], values: dict[str, Any]) -> Any:
    """``config`` with each named knob's control value written to its field (validated by the config)."""
    by_name = {k.name: k for k in knobs}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise ValueError(f"unknown knob(s) {', '.join(unknown)}; known: {', '.join(sorted(by_name))}")
    for name, value in values.items():
        knob = by_name[name]
        config = with_value(config, knob.field, knob.to_config(value))
    return config

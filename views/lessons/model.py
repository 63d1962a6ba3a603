"""What a guided lesson is: a scenario, a question, how its answer is computed, what explains it.

Lessons are data (``views/<lab>/lessons.yaml``, read by :mod:`views.lessons.loader`); these frozen
records are what the rest of the app (the lesson panel, the lessons page, class rooms) reads.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

__all__ = ["KINDS", "Lesson", "Option", "Step", "matches"]

KINDS = ("choice", "number")
"""A question is multiple choice or a number (with a tolerance and a unit)."""


@dataclass(frozen=True)
class Option:
    """One answer of a multiple-choice question: the true answer is this ``value`` exactly, or
    lies in ``[between[0], between[1])``."""

    label: str
    value: Any = None
    between: tuple[float, float] | None = None

    def holds(self, answer: Any) -> bool:
        """Whether the computed ``answer`` is this option."""
        if self.between is not None:
            return _number(answer) is not None and self.between[0] <= _number(answer) < self.between[1]
        return matches(answer, self.value)


@dataclass(frozen=True)
class Step:
    """One predict-then-reveal step: set ``scenario`` (control values; a later step's are a change
    on top of the earlier ones), ask ``question``, compute the truth with the ``answer``
    expression over the run's Result, and explain it with the ``events`` kinds of its log."""

    question: str
    kind: str
    answer: Any
    scenario: Mapping[str, Any] = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    tolerance: float = 0.0
    unit: str = ""
    events: tuple[str, ...] = ()
    explain: str = ""
    change: str = ""

    @property
    def expression(self) -> str:
        """The answer expression as canonical JSON text (hashable: a memo key)."""
        return json.dumps(self.answer, sort_keys=True)

    def right(self, truth: Any, guess: Any) -> bool:
        """Whether the learner's ``guess`` (an option's index, or a number) is right."""
        if guess is None:
            return False
        if self.kind == "choice":
            return 0 <= int(guess) < len(self.options) and self.options[int(guess)].holds(truth)
        t, g = _number(truth), _number(guess)
        return t is not None and g is not None and abs(g - t) <= self.tolerance + 1e-9

    def truth_label(self, truth: Any) -> str:
        """The computed answer as the question phrases it (its option's label, or the number and unit)."""
        if self.kind == "choice":
            hit = [o.label for o in self.options if o.holds(truth)]
            return hit[0] if len(hit) == 1 else str(truth)
        number = _number(truth)
        text = f"{number:,.4g}" if number is not None and abs(number) < 1e4 else f"{number:,.0f}"
        return f"{text} {self.unit}".strip()


@dataclass(frozen=True)
class Lesson:
    """A guided lesson of one lab page: ``page`` is the page's file stem (its URL prefix),
    ``path`` its address, ``notes`` the course-notes statement it demonstrates (the notes' own
    words), ``controls`` the controls the lesson page shows (the rest are under "All controls"),
    ``editions`` the rules editions its answers are checked in."""

    id: str
    lab: str
    page: str
    path: str
    title: str
    notes: str
    steps: tuple[Step, ...]
    controls: tuple[str, ...] = ()
    editions: tuple[str, ...] = ("course",)
    source: str = ""

    def scenario(self, step: int) -> dict[str, Any]:
        """The control values of step ``step`` (1-based): the first step's, then each change."""
        values: dict[str, Any] = {}
        for s in self.steps[:step]:
            values.update(s.scenario)
        return values

    def link(self, step: int = 1, **params: str) -> str:
        """The lesson's address: ``/dynamodb?lesson=lower-wcu`` (``&step=2`` for a later step)."""
        query = {"lesson": self.id, **({"step": str(step)} if step > 1 else {}), **params}
        return f"/{self.path}?{urlencode(query)}"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def matches(answer: Any, value: Any) -> bool:
    """An option's ``value`` equals the computed ``answer``: booleans and text exactly, numbers
    to a millionth (an engine count may come back as a float)."""
    if isinstance(value, bool) or isinstance(answer, bool) or isinstance(value, str) or isinstance(answer, str):
        return type(_plain(answer)) is type(_plain(value)) and _plain(answer) == _plain(value)
    a, v = _number(answer), _number(value)
    return a is not None and v is not None and abs(a - v) <= 1e-6 * max(1.0, abs(v))


def _plain(value: Any) -> Any:
    """numpy scalars as Python ones (``np.True_`` is no ``bool``)."""
    return value.item() if hasattr(value, "item") else value

"""How a control's value is read from the address bar and written into it: the raw text of a
number, a choice's label, a toggle's ``true``/``false``, and the parsers a closed control group
uses to read a link value as its widget would (``UNUSABLE`` for one the widget would refuse)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from views import control_group
from views.control_group import UNUSABLE

__all__ = [
    "SHOWN_CHARS",
    "bool_parser",
    "choice_form",
    "choice_parser",
    "num",
    "number_form",
    "number_parser",
    "number_text",
    "same",
    "shown",
]

T = TypeVar("T")
SHOWN_CHARS = 40  # of a link value quoted in a notice


def num(raw: str, integer: bool) -> float | int | None:
    """``raw`` as the number a widget would take, or ``None`` (not a number, not finite, or
    not whole for a whole-number control)."""
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    if integer:
        return int(value) if value.is_integer() else None
    return value


def shown(raw: str) -> str:
    """A URL value as a notice quotes it: no backticks or line breaks (it sits in a code span,
    so nothing in it is rendered), long values shortened."""
    text = raw.replace("`", "'").replace("\r", " ").replace("\n", " ")
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def same(a: object, b: object) -> bool:
    """Whether two control values are equal (a range slider's tuple equals the same list)."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    return bool(a == b)


def number_text(value: object) -> str | None:
    """A number as the address holds it (Streamlit's form: no trailing ``.0``), or ``None``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def number_form(value: object) -> str | list[str] | None:
    """A number control's value (one number, or a range slider's pair) as the address holds it."""
    if isinstance(value, (list, tuple)):
        texts = [number_text(v) for v in value]
        return None if None in texts else [t for t in texts if t is not None]
    return number_text(value)


def number_parser(integer: bool, lo: float, hi: float, pair: bool) -> control_group.Parser:
    """A number control's link value as its widget would take it (a range slider's: two), or
    :data:`UNUSABLE`."""

    def parse(values: list[str]) -> Any:
        if len(values) != (2 if pair else 1):
            return UNUSABLE
        numbers = [num(v, integer) for v in values]
        if any(n is None or not lo <= n <= hi for n in numbers):
            return UNUSABLE
        return tuple(sorted(numbers)) if pair else numbers[0]  # type: ignore[type-var]

    return parse


def choice_parser(options: Sequence[Any], labels: Sequence[str]) -> control_group.Parser:
    """A choice's link value (its shown label) as the option, or :data:`UNUSABLE`."""

    def parse(values: list[str]) -> Any:
        if len(values) == 1 and values[0] in labels:
            return options[list(labels).index(values[0])]
        return UNUSABLE

    return parse


def bool_parser(values: list[str]) -> Any:
    """An on/off switch's link value, or :data:`UNUSABLE`."""
    if len(values) == 1 and values[0].lower() in ("true", "false"):
        return values[0].lower() == "true"
    return UNUSABLE


def choice_form(options: Sequence[T], format_func: Callable[[T], str]) -> Callable[[Any], str | None]:
    """A choice control's value as the address holds it: its shown label (``None`` for no option)."""

    def form(value: Any) -> str | None:
        for option in options:
            if option == value:
                return format_func(option)
        return None

    return form

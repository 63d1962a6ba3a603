"""EventBridge event patterns: parse and validate a pattern, then match it against a batch of events
held column by column, with numpy (no loop over events).

>>> parse_pattern('{"source": ["aws.ec2"], "detail": {"state": ["stopped", {"prefix": "term"}]}}').fields
['source', 'detail.state']

Semantics implemented (EventBridge user guide, "Event patterns" and "Content filtering"; the course
notes: "Setup rules to filter and send events to targets"):

* A pattern is a JSON object. Keys are **ANDed**; a nested object walks into the event
  (``{"detail": {"state": [...]}}`` looks at ``detail.state``); a leaf is a non-empty **array of
  match values, ORed**.
* Match values: an exact string, number (``5`` matches ``5.0``), ``true``/``false`` or ``null``;
  or one operator object: ``{"prefix": s}``, ``{"suffix": s}``, ``{"equals-ignore-case": s}``,
  ``{"anything-but": v}`` where ``v`` is a value, a list of strings or of numbers, or
  ``{"prefix": s}`` / ``{"suffix": s}``; ``{"numeric": [op, n (, op, n)]}`` with ops ``< <= = > >=``;
  ``{"exists": true|false}``.
* An event field holding an **array** matches when any element matches. A field that is absent
  matches only ``{"exists": false}`` (``anything-but`` needs the field to be present).

A bad pattern raises :class:`PatternError` naming the place (``detail.amount[0]``) and the rule.
One lab rule is stricter than EventBridge: a key containing ``.`` is refused, because EventBridge
would look for that literal key (``"detail.state"`` does not reach ``detail`` → ``state``) and a
learner who writes it almost always meant nesting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "OPERATORS",
    "Column",
    "Condition",
    "EventTable",
    "Leaf",
    "Pattern",
    "PatternError",
    "match",
    "parse_pattern",
]

OPERATORS: tuple[str, ...] = ("prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists")
NUMERIC_OPS: tuple[str, ...] = ("<", "<=", "=", ">", ">=")
STR, NUM, BOOL, NULL = 0, 1, 2, 3


class PatternError(ValueError):
    """An invalid event pattern; ``path`` is where in the document (``detail.amount[0]``)."""

    def __init__(self, path: str, rule: str) -> None:
        self.path = path
        self.rule = rule
        super().__init__(f"{path}: {rule}" if path else rule)


@dataclass(frozen=True)
class Condition:
    """One match value of a leaf: its operator and argument (already validated)."""

    op: str  # exact | prefix | suffix | ignore-case | not-in | not-prefix | not-suffix | numeric | exists
    value: Any


@dataclass(frozen=True)
class Leaf:
    """A field path and its ORed conditions."""

    path: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Pattern:
    """A validated pattern: its leaves are ANDed."""

    leaves: tuple[Leaf, ...]
    text: str = ""

    @property
    def fields(self) -> list[str]:
        """The event fields the pattern looks at."""
        return [leaf.path for leaf in self.leaves]


def _kind(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    return "an object"


def _scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def _numeric(path: str, arg: Any) -> tuple[float, bool, float, bool]:
    """``[op, n (, op, n)]`` -> (lo, lo_inclusive, hi, hi_inclusive)."""
    rule = f"numeric needs [op, number] or [op, number, op, number] with op one of {', '.join(NUMERIC_OPS)}"
    if not isinstance(arg, list) or len(arg) not in (2, 4):
        raise PatternError(path, f"{rule}; got {json.dumps(arg)}")
    lo, lo_inc, hi, hi_inc = -np.inf, False, np.inf, False
    seen: set[str] = set()
    for op, n in zip(arg[::2], arg[1::2], strict=True):
        if op not in NUMERIC_OPS or isinstance(n, bool) or not isinstance(n, (int, float)):
            raise PatternError(path, f"{rule}; got {json.dumps(arg)}")
        side = "lower" if op in (">", ">=") else "upper" if op in ("<", "<=") else "equal"
        if side in seen or (side == "equal" and seen) or ("equal" in seen):
            raise PatternError(
                path, f"numeric takes at most one lower and one upper bound (or one '='); got {json.dumps(arg)}"
            )
        seen.add(side)
        if side in ("lower", "equal"):
            lo, lo_inc = float(n), op in (">=", "=")
        if side in ("upper", "equal"):
            hi, hi_inc = float(n), op in ("<=", "=")
    if lo > hi or (lo == hi and not (lo_inc and hi_inc)):
        raise PatternError(path, f"numeric range is empty: lower bound {lo:g} is not below upper bound {hi:g}")
    return lo, lo_inc, hi, hi_inc


def _anything_but(path: str, arg: Any) -> Condition:
    if isinstance(arg, dict):
        if len(arg) != 1 or next(iter(arg)) not in ("prefix", "suffix"):
            raise PatternError(
                path, f'anything-but takes a value, a list, or {{"prefix": s}} / {{"suffix": s}}; got {json.dumps(arg)}'
            )
        key, s = next(iter(arg.items()))
        if not isinstance(s, str) or not s:
            raise PatternError(path, f"anything-but {key} needs a non-empty string, got {json.dumps(s)}")
        return Condition(f"not-{key}", s)
    values = arg if isinstance(arg, list) else [arg]
    if not values:
        raise PatternError(path, "anything-but needs at least one value, got an empty list")
    strs = all(isinstance(v, str) for v in values)
    nums = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    if not (strs or nums):
        raise PatternError(path, f"anything-but takes only strings or only numbers; got {json.dumps(arg)}")
    return Condition("not-in", tuple(values))


def _condition(path: str, v: Any) -> Condition:
    if _scalar(v):
        return Condition("exact", v)
    if isinstance(v, list):
        raise PatternError(
            path, "a match value must be a string, number, true, false, null or an operator object; got a list"
        )
    if len(v) != 1:
        keys = ", ".join(v) or "none"
        raise PatternError(path, f"an operator object must have exactly one key, got {len(v)} ({keys})")
    op, arg = next(iter(v.items()))
    if op not in OPERATORS:
        raise PatternError(path, f"unknown operator {op!r}; use one of {', '.join(OPERATORS)}")
    if op in ("prefix", "suffix", "equals-ignore-case"):
        if not isinstance(arg, str):
            raise PatternError(path, f"{op} needs a string, got {_kind(arg)} {json.dumps(arg)}")
        return Condition(
            {"equals-ignore-case": "ignore-case"}.get(op, op), arg if op != "equals-ignore-case" else arg.lower()
        )
    if op == "exists":
        if not isinstance(arg, bool):
            raise PatternError(path, f"exists must be true or false, got {json.dumps(arg)}")
        return Condition("exists", arg)
    if op == "numeric":
        return Condition("numeric", _numeric(path, arg))
    return _anything_but(path, arg)


def _walk(obj: dict, prefix: str, leaves: list[Leaf]) -> None:
    if not obj:
        raise PatternError(
            prefix,
            "an object in a pattern must have at least one field"
            if prefix
            else "the pattern must have at least one field",
        )
    for key, val in obj.items():
        path = f"{prefix}.{key}" if prefix else key
        if "." in key or not key:
            raise PatternError(
                path,
                f"a field name is matched literally, so {key!r} would look for a key with that exact name; "
                'to reach a nested field, nest objects: {"detail": {"state": [...]}}',
            )
        if isinstance(val, dict):
            _walk(val, path, leaves)
        elif isinstance(val, list):
            if not val:
                raise PatternError(path, "the array of match values must not be empty")
            leaves.append(Leaf(path, tuple(_condition(f"{path}[{i}]", v) for i, v in enumerate(val))))
        else:
            raise PatternError(
                path, f'match values must be in an array, e.g. "{key}": [{json.dumps(val)}]; got {_kind(val)}'
            )


def parse_pattern(text: str) -> Pattern:
    """Parse and validate a pattern from JSON text (``PatternError`` with the place and the rule)."""
    try:
        doc = json.loads(text)
        if not isinstance(doc, dict):
            raise PatternError(
                "", f'the pattern must be a JSON object like {{"source": ["aws.ec2"]}}, got {_kind(doc)}'
            )
        leaves: list[Leaf] = []
        _walk(doc, "", leaves)
    except json.JSONDecodeError as exc:
        raise PatternError(
            "", f"the pattern is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise PatternError(
            "", "the pattern is nested too deeply: a pattern nests objects a few levels at most"
        ) from None
    return Pattern(tuple(leaves), text)


@dataclass(frozen=True, eq=False)
class Column:
    """One event field for a batch: one row per *element* (an array field has several per event).

    ``owner``: event index of each element; ``kind``: STR/NUM/BOOL/NULL; ``s``: string values
    ('' otherwise); ``x``: numbers (booleans as 0/1, NaN otherwise); ``present``: per event.
    """

    owner: np.ndarray
    kind: np.ndarray
    s: np.ndarray
    x: np.ndarray
    present: np.ndarray


@dataclass(frozen=True, eq=False)
class EventTable:
    """A batch of ``n`` events, stored as one :class:`Column` per flattened field path."""

    n: int
    columns: dict[str, Column]


def _element_mask(c: Condition, col: Column) -> np.ndarray:
    is_str = col.kind == STR
    op, v = c.op, c.value
    if op == "exact":
        if v is None:
            return col.kind == NULL
        if isinstance(v, bool):
            return (col.kind == BOOL) & (col.x == float(v))
        if isinstance(v, str):
            return is_str & (col.s == v)
        return (col.kind == NUM) & (col.x == float(v))
    if op == "prefix":
        return is_str & np.char.startswith(col.s, v)
    if op == "suffix":
        return is_str & np.char.endswith(col.s, v)
    if op == "ignore-case":
        return is_str & (np.char.lower(col.s) == v)
    if op == "not-prefix":
        return is_str & ~np.char.startswith(col.s, v)
    if op == "not-suffix":
        return is_str & ~np.char.endswith(col.s, v)
    if op == "numeric":
        lo, lo_inc, hi, hi_inc = v
        x = col.x
        ok = (x >= lo) if lo_inc else (x > lo)
        ok &= (x <= hi) if hi_inc else (x < hi)
        return (col.kind == NUM) & ok
    # not-in: any present value other than those listed (strings compared as strings, numbers as numbers)
    if isinstance(v[0], str):
        return ~(is_str & np.isin(col.s, np.array(v)))
    return ~((col.kind == NUM) & np.isin(col.x, np.array(v, dtype=float)))


def match(pattern: Pattern, table: EventTable) -> np.ndarray:
    """Which events of ``table`` the pattern matches (bool array of length ``table.n``)."""
    result = np.ones(table.n, dtype=bool)
    for leaf in pattern.leaves:
        col = table.columns.get(leaf.path)
        hit = np.zeros(table.n, dtype=bool)
        for c in leaf.conditions:
            if c.op == "exists":
                present = col.present if col is not None else np.zeros(table.n, dtype=bool)
                hit |= present if c.value else ~present
            elif col is not None and len(col.owner):
                hit[col.owner[_element_mask(c, col)]] = True
        result &= hit
        if not result.any():
            break
    return result

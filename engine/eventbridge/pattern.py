"""EventBridge event patterns: parse and validate a pattern into :class:`Pattern` (the matching
against a batch of events is :mod:`engine.eventbridge.matching`).

>>> parse_pattern('{"source": ["aws.ec2"], "detail": {"state": ["stopped", {"prefix": "term"}]}}').fields
['source', 'detail.state']

Semantics implemented (EventBridge user guide, "Event patterns", "Content filtering" and
"Comparison operators for use in event patterns", docs.aws.amazon.com/eventbridge/latest/userguide/
eb-create-pattern-operators.html; the course notes: "Setup rules to filter and send events to targets"):

* A pattern is a JSON object. Keys are **ANDed**; a nested object walks into the event
  (``{"detail": {"state": [...]}}`` looks at ``detail.state``); a leaf is a non-empty **array of
  match values, ORed**. ``{"$or": [p1, p2, ...]}`` (at any level, beside other keys) matches when
  any of the sub-patterns matches; its sub-patterns' fields are relative to where ``$or`` stands.
* Match values: an exact string, number (``5`` matches ``5.0``), ``true``/``false`` or ``null``;
  or one operator object:

  - ``{"prefix": s}`` / ``{"suffix": s}``, or ``{"prefix": {"equals-ignore-case": s}}`` (and the
    same for suffix) to ignore case; ``{"equals-ignore-case": s}``;
  - ``{"wildcard": s}``: ``*`` stands for any run of characters (``\\*`` is a literal star);
    two ``*`` in a row are refused, as EventBridge refuses them;
  - ``{"anything-but": v}`` where ``v`` is a value, a list of strings or of numbers, or one of
    ``{"prefix": s}``, ``{"suffix": s}``, ``{"equals-ignore-case": s or [s, ...]}``,
    ``{"wildcard": s or [s, ...]}``;
  - ``{"numeric": [op, n (, op, n)]}`` with ops ``< <= = > >=`` and numbers within ±5.0e9
    (the documented range of numeric matching);
  - ``{"cidr": "10.0.0.0/24"}``: the field holds an IPv4 or IPv6 address inside the block;
  - ``{"exists": true|false}``.
* An event field holding an **array** matches when any element matches. A field that is absent
  matches only ``{"exists": false}`` (``anything-but`` needs the field to be present).

A bad pattern raises :class:`PatternError` naming the place (``detail.amount[0]``) and the rule;
an unsupported operator is named (``unknown operator 'contains'``), also when it is written where a
field name belongs. One lab rule is stricter than EventBridge: a key containing ``.`` is refused,
because EventBridge would look for that literal key (``"detail.state"`` does not reach ``detail`` →
``state``) and a learner who writes it almost always meant nesting.

"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "NUMERIC_LIMIT",
    "OPERATORS",
    "Condition",
    "Leaf",
    "Pattern",
    "PatternError",
    "parse_pattern",
]

OPERATORS: tuple[str, ...] = (
    "prefix",
    "suffix",
    "equals-ignore-case",
    "wildcard",
    "anything-but",
    "numeric",
    "cidr",
    "exists",
)
NUMERIC_OPS: tuple[str, ...] = ("<", "<=", "=", ">", ">=")
NUMERIC_LIMIT = 5.0e9
"""Numeric matching works on numbers between -5.0e9 and +5.0e9 inclusive (EventBridge content filtering docs)."""
ANYTHING_BUT_FORMS: tuple[str, ...] = ("prefix", "suffix", "equals-ignore-case", "wildcard")


class PatternError(ValueError):
    """An invalid event pattern; ``path`` is where in the document (``detail.amount[0]``)."""

    def __init__(self, path: str, rule: str) -> None:
        self.path = path
        self.rule = rule
        super().__init__(f"{path}: {rule}" if path else rule)


@dataclass(frozen=True)
class Condition:
    """One match value of a leaf: its operator and argument (already validated).

    ``op`` is one of: exact, prefix, suffix, prefix-ic, suffix-ic, ignore-case, wildcard, cidr,
    numeric, exists, not-in, not-prefix, not-suffix, not-ignore-case, not-wildcard.
    """

    op: str
    value: Any


@dataclass(frozen=True)
class Leaf:
    """A field path and its ORed conditions."""

    path: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Pattern:
    """A validated pattern: its leaves are ANDed, and so is each ``$or`` (an OR over sub-patterns)."""

    leaves: tuple[Leaf, ...]
    text: str = ""
    ors: tuple[tuple[Pattern, ...], ...] = ()

    @property
    def fields(self) -> list[str]:
        """The event fields the pattern looks at (those inside ``$or`` after the rest)."""
        out = [leaf.path for leaf in self.leaves]
        for alternatives in self.ors:
            for alt in alternatives:
                out += [f for f in alt.fields if f not in out]
        return out


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


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _numeric(path: str, arg: Any) -> tuple[float, bool, float, bool]:
    """``[op, n (, op, n)]`` -> (lo, lo_inclusive, hi, hi_inclusive)."""
    rule = f"numeric needs [op, number] or [op, number, op, number] with op one of {', '.join(NUMERIC_OPS)}"
    if not isinstance(arg, list) or len(arg) not in (2, 4):
        raise PatternError(path, f"{rule}; got {json.dumps(arg)}")
    lo, lo_inc, hi, hi_inc = -np.inf, False, np.inf, False
    seen: set[str] = set()
    for op, n in zip(arg[::2], arg[1::2], strict=True):
        if op not in NUMERIC_OPS or not _number(n):
            raise PatternError(path, f"{rule}; got {json.dumps(arg)}")
        if abs(n) > NUMERIC_LIMIT:
            raise PatternError(path, f"numeric matching works on numbers from -5.0e9 to 5.0e9, got {n:g}")
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


def _wildcard(path: str, op: str, s: Any) -> str:
    if not isinstance(s, str):
        raise PatternError(path, f"{op} needs a string, got {_kind(s)} {json.dumps(s)}")
    if re.search(r"(?<!\\)\*\*", s):
        raise PatternError(path, f"{op} does not allow two * in a row, got {json.dumps(s)}")
    return s


def _cidr(path: str, s: Any) -> str:
    if not isinstance(s, str) or "/" not in s:
        raise PatternError(path, f'cidr needs an IP block like "10.0.0.0/24" or "2001:db8::/32", got {json.dumps(s)}')
    try:
        ipaddress.ip_network(s, strict=False)
    except ValueError:
        raise PatternError(path, f"cidr {s!r} is not a valid IPv4 or IPv6 block") from None
    return s


def _strings(path: str, what: str, arg: Any) -> tuple[str, ...]:
    values = arg if isinstance(arg, list) else [arg]
    if not values or not all(isinstance(v, str) for v in values):
        raise PatternError(path, f"{what} needs a string or a non-empty list of strings, got {json.dumps(arg)}")
    return tuple(values)


def _anything_but(path: str, arg: Any) -> Condition:
    if isinstance(arg, dict):
        if len(arg) != 1 or next(iter(arg)) not in ANYTHING_BUT_FORMS:
            forms = " / ".join(f'{{"{k}": ...}}' for k in ANYTHING_BUT_FORMS)
            raise PatternError(path, f"anything-but takes a value, a list, or one of {forms}; got {json.dumps(arg)}")
        key, s = next(iter(arg.items()))
        if key in ("prefix", "suffix"):
            if not isinstance(s, str) or not s:
                raise PatternError(path, f"anything-but {key} needs a non-empty string, got {json.dumps(s)}")
            return Condition(f"not-{key}", s)
        if key == "equals-ignore-case":
            return Condition("not-ignore-case", tuple(v.lower() for v in _strings(path, f"anything-but {key}", s)))
        values = _strings(path, f"anything-but {key}", s)
        return Condition("not-wildcard", tuple(_wildcard(path, "anything-but wildcard", v) for v in values))
    values = arg if isinstance(arg, list) else [arg]
    if not values:
        raise PatternError(path, "anything-but needs at least one value, got an empty list")
    strs = all(isinstance(v, str) for v in values)
    nums = all(_number(v) for v in values)
    if not (strs or nums):
        raise PatternError(path, f"anything-but takes only strings or only numbers; got {json.dumps(arg)}")
    return Condition("not-in", tuple(values))


def _affix(path: str, op: str, arg: Any) -> Condition:
    """``{"prefix": s}`` or ``{"prefix": {"equals-ignore-case": s}}`` (and suffix)."""
    if isinstance(arg, dict):
        if len(arg) != 1 or "equals-ignore-case" not in arg:
            raise PatternError(path, f'{op} takes a string or {{"equals-ignore-case": s}}, got {json.dumps(arg)}')
        s = arg["equals-ignore-case"]
        if not isinstance(s, str):
            raise PatternError(path, f"{op} equals-ignore-case needs a string, got {_kind(s)} {json.dumps(s)}")
        return Condition(f"{op}-ic", s.lower())
    if not isinstance(arg, str):
        raise PatternError(path, f"{op} needs a string, got {_kind(arg)} {json.dumps(arg)}")
    return Condition(op, arg)


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
    if op in ("prefix", "suffix"):
        return _affix(path, op, arg)
    if op == "equals-ignore-case":
        if not isinstance(arg, str):
            raise PatternError(path, f"{op} needs a string, got {_kind(arg)} {json.dumps(arg)}")
        return Condition("ignore-case", arg.lower())
    if op == "wildcard":
        return Condition("wildcard", _wildcard(path, op, arg))
    if op == "cidr":
        return Condition("cidr", _cidr(path, arg))
    if op == "exists":
        if not isinstance(arg, bool):
            raise PatternError(path, f"exists must be true or false, got {json.dumps(arg)}")
        return Condition("exists", arg)
    if op == "numeric":
        return Condition("numeric", _numeric(path, arg))
    return _anything_but(path, arg)


def _walk(obj: dict, prefix: str, leaves: list[Leaf], ors: list[tuple[Pattern, ...]]) -> None:
    if not obj:
        raise PatternError(
            prefix,
            "an object in a pattern must have at least one field"
            if prefix
            else "the pattern must have at least one field",
        )
    for key, val in obj.items():
        path = f"{prefix}.{key}" if prefix else key
        if key == "$or":
            ors.append(_alternatives(path, prefix, val))
            continue
        if key.startswith("$"):
            raise PatternError(path, f"unknown operator {key!r}: the only $ operator is $or")
        if key in OPERATORS and not isinstance(val, dict):
            raise PatternError(
                path,
                f"{key!r} is an operator, not a field: put it in the array of match values, "
                f'e.g. "{prefix.rpartition(".")[2] or "field"}": [{{"{key}": {json.dumps(val)}}}]',
            )
        if "." in key or not key:
            raise PatternError(
                path,
                f"a field name is matched literally, so {key!r} would look for a key with that exact name; "
                'to reach a nested field, nest objects: {"detail": {"state": [...]}}',
            )
        if isinstance(val, dict):
            _walk(val, path, leaves, ors)
        elif isinstance(val, list):
            if not val:
                raise PatternError(path, "the array of match values must not be empty")
            leaves.append(Leaf(path, tuple(_condition(f"{path}[{i}]", v) for i, v in enumerate(val))))
        else:
            raise PatternError(
                path, f'match values must be in an array, e.g. "{key}": [{json.dumps(val)}]; got {_kind(val)}'
            )


def _alternatives(path: str, prefix: str, val: Any) -> tuple[Pattern, ...]:
    """The sub-patterns of one ``$or`` (each an object, at least two)."""
    if not isinstance(val, list) or len(val) < 2 or not all(isinstance(v, dict) for v in val):
        raise PatternError(path, f"$or needs a list of at least two pattern objects, got {json.dumps(val)}")
    out = []
    for i, alt in enumerate(val):
        leaves: list[Leaf] = []
        ors: list[tuple[Pattern, ...]] = []
        try:
            _walk(alt, prefix, leaves, ors)
        except PatternError as exc:
            if not alt:
                raise PatternError(f"{path}[{i}]", "an $or alternative must have at least one field") from None
            raise exc from None
        out.append(Pattern(tuple(leaves), "", tuple(ors)))
    return tuple(out)


def parse_pattern(text: str) -> Pattern:
    """Parse and validate a pattern from JSON text (``PatternError`` with the place and the rule)."""
    try:
        doc = json.loads(text)
        if not isinstance(doc, dict):
            raise PatternError(
                "", f'the pattern must be a JSON object like {{"source": ["aws.ec2"]}}, got {_kind(doc)}'
            )
        leaves: list[Leaf] = []
        ors: list[tuple[Pattern, ...]] = []
        _walk(doc, "", leaves, ors)
    except json.JSONDecodeError as exc:
        raise PatternError(
            "", f"the pattern is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise PatternError(
            "", "the pattern is nested too deeply: a pattern nests objects a few levels at most"
        ) from None
    return Pattern(tuple(leaves), text, tuple(ors))

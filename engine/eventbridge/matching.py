"""Matching a parsed EventBridge pattern (:mod:`engine.eventbridge.pattern`) against a batch of
events held column by column, with numpy (no loop over events).

String operators that need more than a comparison (wildcard, cidr, the ignore-case prefix and
suffix) are evaluated once per *distinct* string of a column and broadcast back (``np.unique``), so
the cost follows the number of distinct values, not of events.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from engine.eventbridge.pattern import Condition, Leaf, Pattern

__all__ = ["BOOL", "NULL", "NUM", "STR", "Column", "EventTable", "match"]

STR, NUM, BOOL, NULL = 0, 1, 2, 3
"""The kinds of an event field's element (:attr:`Column.kind`)."""


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


@lru_cache(maxsize=256)
def _wildcard_regex(text: str) -> re.Pattern[str]:
    """``*`` is any run of characters, ``\\*`` a literal star; everything else is literal."""
    parts = re.split(r"(\\\*|\*)", text)
    return re.compile("".join(".*" if p == "*" else re.escape("*" if p == "\\*" else p) for p in parts), re.DOTALL)


@lru_cache(maxsize=256)
def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(text, strict=False)


def _in_network(s: str, net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    try:
        ip = ipaddress.ip_address(s)
    except ValueError:
        return False
    return ip.version == net.version and ip in net


def _per_distinct(strings: np.ndarray, test: Any) -> np.ndarray:
    """``test`` (str -> bool) on each distinct string, broadcast back to every element."""
    if not len(strings):
        return np.zeros(0, dtype=bool)
    uniq, inverse = np.unique(strings, return_inverse=True)
    return np.array([test(str(u)) for u in uniq], dtype=bool)[inverse]


def _string_mask(op: str, v: Any, s: np.ndarray) -> np.ndarray:
    """The string operators on the column's strings (meaningful where the element is a string)."""
    if op == "prefix":
        return np.char.startswith(s, v)
    if op == "suffix":
        return np.char.endswith(s, v)
    if op == "ignore-case":
        return np.char.lower(s) == v
    if op == "prefix-ic":
        return np.char.startswith(np.char.lower(s), v)
    if op == "suffix-ic":
        return np.char.endswith(np.char.lower(s), v)
    if op == "wildcard":
        rx = _wildcard_regex(v)
        return _per_distinct(s, lambda u: rx.fullmatch(u) is not None)
    if op == "cidr":
        net = _network(v)
        return _per_distinct(s, lambda u: _in_network(u, net))
    if op == "not-ignore-case":
        return ~np.isin(np.char.lower(s), np.array(v))
    if op == "not-wildcard":
        rxs = [_wildcard_regex(w) for w in v]
        return _per_distinct(s, lambda u: not any(rx.fullmatch(u) for rx in rxs))
    if op == "not-prefix":
        return ~np.char.startswith(s, v)
    if op == "not-suffix":
        return ~np.char.endswith(s, v)
    raise AssertionError(op)


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
    if op == "numeric":
        lo, lo_inc, hi, hi_inc = v
        x = col.x
        ok = (x >= lo) if lo_inc else (x > lo)
        ok &= (x <= hi) if hi_inc else (x < hi)
        return (col.kind == NUM) & ok
    if op == "not-in":  # any present value other than those listed (strings as strings, numbers as numbers)
        if isinstance(v[0], str):
            return ~(is_str & np.isin(col.s, np.array(v)))
        return ~((col.kind == NUM) & np.isin(col.x, np.array(v, dtype=float)))
    return is_str & _string_mask(op, v, col.s)


def _leaf_hits(leaf: Leaf, table: EventTable) -> np.ndarray:
    col = table.columns.get(leaf.path)
    hit = np.zeros(table.n, dtype=bool)
    for c in leaf.conditions:
        if c.op == "exists":
            present = col.present if col is not None else np.zeros(table.n, dtype=bool)
            hit |= present if c.value else ~present
        elif col is not None and len(col.owner):
            hit[col.owner[_element_mask(c, col)]] = True
    return hit


def match(pattern: Pattern, table: EventTable) -> np.ndarray:
    """Which events of ``table`` the pattern matches (bool array of length ``table.n``)."""
    result = np.ones(table.n, dtype=bool)
    for leaf in pattern.leaves:
        result &= _leaf_hits(leaf, table)
        if not result.any():
            return result
    for alternatives in pattern.ors:
        any_alt = np.zeros(table.n, dtype=bool)
        for alt in alternatives:
            any_alt |= match(alt, table)
        result &= any_alt
    return result

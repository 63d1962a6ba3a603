"""A small declarative query language over a :class:`engine.core.Result`: what a preset promises
or a lesson asks, written as data (a YAML/JSON-friendly mapping) and checked against a run.

An expression is a number (a literal) or a mapping with one operator key:

* values of the run — ``{max: col}``, ``{min: col}``, ``{mean: col}``, ``{sum: col}``,
  ``{last: col}`` (frame columns); ``{total: col}`` (a per-second rate integrated over time:
  sum × the frame's step); ``{at: {col: c, t: seconds}}`` (the step containing ``t``);
  ``{summary: col}`` (the whole-run figure); ``{count: kind}`` (events of that kind, or of any
  kind of a list); ``{first_t: kind}`` (time of the first such event, NaN if none); and
  ``{sequence: col}`` (the column's successive distinct values, e.g. 10 → 11 → 14). Each may
  carry ``scenario: i`` to read scenario ``i`` of a batched result (default 0);
* arithmetic — ``{"+" | "-" | "*" | "/": [a, b]}``;
* comparisons — ``{">" | ">=" | "<" | "<=" | "==": [a, b]}``, ``{starts_with: [sequence, [10, 11]]}``;
* logic — ``{all: [...]}``, ``{any: [...]}``, ``{not: expr}``.

:func:`validate` checks the shape (operators, operand counts, types) and raises ``ValueError``
with the path of the bad part (``claim.all[1].max: ...``) and what is allowed; column names are
checked by :func:`evaluate`, against the columns the result's frame (or summary) declares.
Pure and deterministic: no Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from engine.core import Result

__all__ = ["COMPARISONS", "FRAME_VALUES", "OPERATORS", "evaluate", "validate"]

Kind = Literal["number", "bool", "list"]

FRAME_VALUES: tuple[str, ...] = ("max", "min", "mean", "sum", "total", "last", "sequence")
"""Value operators that read one column of the frame (``{op: column}``)."""
_EVENT_VALUES: tuple[str, ...] = ("count", "first_t")
_VALUES: tuple[str, ...] = (*FRAME_VALUES, "at", "summary", *_EVENT_VALUES)
_ARITHMETIC: tuple[str, ...] = ("+", "-", "*", "/")
COMPARISONS: tuple[str, ...] = (">", ">=", "<", "<=", "==")
_LOGIC: tuple[str, ...] = ("all", "any", "not")
OPERATORS: tuple[str, ...] = (*_VALUES, *_ARITHMETIC, *COMPARISONS, "starts_with", *_LOGIC)
"""Every operator an expression may use."""

_NOUN: dict[str, str] = {"number": "number", "bool": "condition", "list": "sequence"}
_REL_TOL = 1e-9
"""Relative tolerance of ``==`` between numbers (floats from a frame are sums of floats)."""


def _where(path: str) -> str:
    return f"{path}: "


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))


def _operator(expr: Mapping[str, Any], path: str) -> tuple[str, Any]:
    """The one operator of a mapping expression and its operand (``scenario`` aside)."""
    keys = [k for k in expr if k != "scenario"]
    if len(keys) != 1:
        found = ", ".join(repr(k) for k in keys) or "none"
        raise ValueError(f"{_where(path)}an expression has exactly one operator, found {found}")
    op = keys[0]
    if op not in OPERATORS:
        raise ValueError(f"{_where(path)}unknown operator {op!r}; allowed: {', '.join(OPERATORS)}")
    if "scenario" in expr:
        if op not in _VALUES:
            raise ValueError(
                f"{_where(path)}'scenario' goes with a value operator ({', '.join(_VALUES)}), not with {op!r}"
            )
        s = expr["scenario"]
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool) or s < 0:
            raise ValueError(f"{_where(path + '.scenario')}must be a whole number ≥ 0, got {s!r}")
    return str(op), expr[op]


def _pair(operand: Any, op: str, path: str) -> Sequence[Any]:
    if not isinstance(operand, (list, tuple)) or len(operand) != 2:
        raise ValueError(f"{_where(path + '.' + op)}takes a list of two operands [a, b], got {operand!r}")
    return operand


def _column_name(operand: Any, path: str) -> str:
    if not isinstance(operand, str) or not operand:
        raise ValueError(f"{_where(path)}takes a column name (text), got {operand!r}")
    return operand


def _kinds(operand: Any, path: str) -> list[str]:
    items = [operand] if isinstance(operand, str) else operand
    if not isinstance(items, (list, tuple)) or not items or not all(isinstance(k, str) and k for k in items):
        raise ValueError(f"{_where(path)}takes an event kind or a non-empty list of kinds (text), got {operand!r}")
    return list(items)


def _literal_list(operand: Any, path: str) -> list[float]:
    if not isinstance(operand, (list, tuple)) or not all(_is_number(v) for v in operand):
        raise ValueError(f"{_where(path)}must be a list of numbers, got {operand!r}")
    return [float(v) for v in operand]


def _check(expr: Any, path: str) -> Kind:
    """Validate ``expr`` and return what it evaluates to."""
    if _is_number(expr):
        if not math.isfinite(float(expr)):
            raise ValueError(f"{_where(path)}a literal must be a finite number, got {expr!r}")
        return "number"
    if not isinstance(expr, Mapping):
        raise ValueError(
            f"{_where(path)}an expression is a number or a mapping with one operator "
            f"({', '.join(OPERATORS)}), got {expr!r}"
        )
    op, arg = _operator(expr, path)
    here = f"{path}.{op}"
    if op in FRAME_VALUES or op == "summary":
        _column_name(arg, here)
        return "list" if op == "sequence" else "number"
    if op == "at":
        if not isinstance(arg, Mapping) or set(arg) != {"col", "t"}:
            raise ValueError(f"{_where(here)}takes {{col: column, t: seconds}}, got {arg!r}")
        _column_name(arg["col"], here + ".col")
        if not _is_number(arg["t"]) or not math.isfinite(float(arg["t"])) or arg["t"] < 0:
            raise ValueError(f"{_where(here + '.t')}must be a time in seconds ≥ 0, got {arg['t']!r}")
        return "number"
    if op in _EVENT_VALUES:
        _kinds(arg, here)
        return "number"
    if op in _ARITHMETIC:
        for i, part in enumerate(_pair(arg, op, path)):
            if (kind := _check(part, f"{here}[{i}]")) != "number":
                raise ValueError(f"{_where(f'{here}[{i}]')}arithmetic takes numbers, not a {_NOUN[kind]}")
        return "number"
    if op in COMPARISONS:
        kinds = [_check(part, f"{here}[{i}]") for i, part in enumerate(_pair(arg, op, path))]
        if op == "==":
            if "bool" in kinds or kinds[0] != kinds[1]:
                raise ValueError(
                    f"{_where(here)}compares two numbers or two sequences, got a {_NOUN[kinds[0]]} and a {_NOUN[kinds[1]]}"
                )
        elif kinds != ["number", "number"]:
            bad = kinds.index(next(k for k in kinds if k != "number"))
            raise ValueError(f"{_where(f'{here}[{bad}]')}{op!r} compares numbers, not a {_NOUN[kinds[bad]]}")
        return "bool"
    if op == "starts_with":
        seq, prefix = _pair(arg, op, path)
        if _check(seq, f"{here}[0]") != "list":
            raise ValueError(f"{_where(here + '[0]')}must be a sequence expression ({{sequence: column}})")
        if not _literal_list(prefix, f"{here}[1]"):
            raise ValueError(f"{_where(here + '[1]')}must list at least one number")
        return "bool"
    if op == "not":
        if _check(arg, here) != "bool":
            raise ValueError(f"{_where(here)}takes a condition (a comparison, all, any or not)")
        return "bool"
    # all / any
    if not isinstance(arg, (list, tuple)) or not arg:
        raise ValueError(f"{_where(here)}takes a non-empty list of conditions, got {arg!r}")
    for i, part in enumerate(arg):
        if _check(part, f"{here}[{i}]") != "bool":
            raise ValueError(f"{_where(f'{here}[{i}]')}must be a condition (a comparison, all, any or not)")
    return "bool"


def validate(expr: Any, *, path: str = "claim") -> None:
    """Raise ``ValueError`` naming the bad part of ``expr`` (by ``path``) and what is allowed."""
    _check(expr, path)


def evaluate(
    expr: Any, result: Result, *, path: str = "claim", kinds: Collection[str] | None = None
) -> float | bool | list[float]:
    """The value of ``expr`` on ``result``: a number, a truth value or a list of numbers.

    ``kinds``: the event kinds the lab can log; given, an unknown kind in ``count``/``first_t`` is
    an error rather than a silent zero. Raises ``ValueError`` (with ``path``) for a malformed
    expression, an unknown column or scenario.
    """
    _check(expr, path)
    return _eval(expr, result, path, _Scenarios(result), None if kinds is None else set(kinds))


class _Scenarios:
    """Scenario views of one result, each made once per evaluation."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self._views: dict[int, Result] = {}

    def get(self, i: int, path: str) -> Result:
        if i not in self._views:
            n = self.result.n_scenarios
            if i >= n:
                raise ValueError(
                    f"{_where(path + '.scenario')}scenario {i} does not exist; this result has 0 to {n - 1}"
                )
            self._views[i] = self.result.scenario(i)
        return self._views[i]


def _column(frame: pd.DataFrame, col: str, path: str, what: str = "frame") -> pd.Series:
    declared = [c for c in frame.columns if c != "scenario"]
    if col not in declared:
        raise ValueError(f"{_where(path)}unknown column {col!r}; the {what} has {', '.join(map(str, declared))}")
    return frame[col]


def _step(run: Result, path: str) -> float:
    t = run.frame["t_s"].to_numpy(dtype=float) if "t_s" in run.frame else np.empty(0)
    if len(t) >= 2:
        return float(t[1] - t[0])
    dt = getattr(run.config, "dt_s", None)
    if _is_number(dt):
        return float(dt)
    raise ValueError(f"{_where(path)}'total' needs a frame of at least two steps (t_s) or a config with dt_s")


def _eval(expr: Any, result: Result, path: str, runs: _Scenarios, kinds: set[str] | None) -> Any:
    if _is_number(expr):
        return float(expr)
    op, arg = _operator(expr, path)
    here = f"{path}.{op}"
    if op in _VALUES:
        return _value(op, arg, runs.get(int(expr.get("scenario", 0)), path), here, kinds)
    if op in _ARITHMETIC:
        a, b = (_eval(part, result, f"{here}[{i}]", runs, kinds) for i, part in enumerate(arg))
        return _arith(op, a, b)
    if op in COMPARISONS:
        a, b = (_eval(part, result, f"{here}[{i}]", runs, kinds) for i, part in enumerate(arg))
        return _compare(op, a, b)
    if op == "starts_with":
        seq = _eval(arg[0], result, f"{here}[0]", runs, kinds)
        prefix = [float(v) for v in arg[1]]
        return len(seq) >= len(prefix) and all(_same(a, b) for a, b in zip(seq, prefix, strict=False))
    if op == "not":
        return not _eval(arg, result, here, runs, kinds)
    parts = (_eval(part, result, f"{here}[{i}]", runs, kinds) for i, part in enumerate(arg))
    return all(parts) if op == "all" else any(parts)


def _value(op: str, arg: Any, run: Result, path: str, kinds: set[str] | None) -> Any:
    if op in _EVENT_VALUES:
        wanted = _kinds(arg, path)
        if kinds is not None and (unknown := [k for k in wanted if k not in kinds]):
            raise ValueError(
                f"{_where(path)}unknown event kind {unknown[0]!r}; this lab logs {', '.join(sorted(kinds))}"
            )
        events = run.events
        hits = events[events["kind"].isin(wanted)] if len(events) else events
        if op == "count":
            return float(len(hits))
        return float(hits["t_s"].min()) if len(hits) else math.nan
    if op == "summary":
        column = _column(run.summary, arg, path, "summary")
        if len(column) != 1:
            raise ValueError(f"{_where(path)}the summary holds {len(column)} rows for this scenario, not one")
        return float(column.iloc[0])
    if op == "at":
        values = _column(run.frame, arg["col"], path + ".col").to_numpy(dtype=float)
        t = run.frame["t_s"].to_numpy(dtype=float)
        i = int(np.searchsorted(t, float(arg["t"]), side="right")) - 1
        end = t[-1] + _step(run, path + ".col") if len(t) else 0.0
        if i < 0 or float(arg["t"]) >= end:
            raise ValueError(f"{_where(path + '.t')}t = {arg['t']} s is outside the run (0 to {end:g} s)")
        return float(values[i])
    values = _column(run.frame, arg, path).to_numpy(dtype=float)
    if op == "sequence":
        if not len(values):
            return []
        keep = np.concatenate([[True], values[1:] != values[:-1]])
        return [float(v) for v in values[keep]]
    if not len(values):
        raise ValueError(f"{_where(path)}the frame has no rows")
    if op == "total":
        return float(values.sum() * _step(run, path))
    return float({"max": np.max, "min": np.min, "mean": np.mean, "sum": np.sum, "last": lambda v: v[-1]}[op](values))


def _arith(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
    return a / b


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_REL_TOL, abs_tol=1e-12)


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "==":
        if isinstance(a, list):
            return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
        return _same(a, b)
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]

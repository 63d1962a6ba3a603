"""Shared core of every lab: the time grid, validation helpers, the event log and `Result`.

Every simulation in ScaleLab returns a :class:`Result`: a tidy frame (one row per time step,
``t_s`` first, declared columns only), an event log that explains each discrete change, optional
long frames (per shard, per partition ...) and the config that produced it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "EVENT_COLUMNS",
    "Column",
    "EventLog",
    "Result",
    "Schema",
    "TimeGrid",
    "broadcast_loads",
    "check_choice",
    "check_int",
    "check_range",
    "format_clock",
    "format_duration",
    "format_number",
    "shared_grid",
    "stack_frames",
    "stack_results",
    "stack_scenarios",
]


def _fmt(value: object) -> str:
    """Format a value for an error message: floats without noise, strings quoted (cut to 40
    characters), integers past 15 digits by their first digits and length."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and abs(int(value)) >= 10**16:
        digits = str(abs(int(value)))
        return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:4]}e+{len(digits) - 1} (a {len(digits)}-digit number)"
    return str(value)


def check_range(
    name: str,
    value: float,
    lo: float | None = None,
    hi: float | None = None,
    *,
    unit: str = "",
) -> None:
    """Raise ``ValueError`` naming the field, the value and the allowed range if out of bounds.

    NaN and infinities are always rejected: no lab has a meaningful infinite setting.
    """
    suffix = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {_fmt(value)}")
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):  # an int is finite, however long
        raise ValueError(f"{name} must be a finite number, got {value}")
    if lo is not None and hi is not None and not (lo <= value <= hi):
        raise ValueError(f"{name} must be between {_fmt(lo)} and {_fmt(hi)}{suffix}, got {_fmt(value)}")
    if lo is not None and value < lo:
        raise ValueError(f"{name} must be at least {_fmt(lo)}{suffix}, got {_fmt(value)}")
    if hi is not None and value > hi:
        raise ValueError(f"{name} must be at most {_fmt(hi)}{suffix}, got {_fmt(value)}")


def check_int(name: str, value: int, lo: int | None = None, hi: int | None = None) -> None:
    """Like :func:`check_range` but the value must also be a whole number."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number, got {_fmt(value)}")
    check_range(name, int(value), lo, hi)


def check_choice(name: str, value: object, allowed: Iterable[object]) -> None:
    """Raise ``ValueError`` if ``value`` is not one of ``allowed``, listing what is allowed."""
    options = list(allowed)
    if value not in options:
        listed = ", ".join(_fmt(o) for o in options)
        raise ValueError(f"{name} must be one of {listed}, got {_fmt(value)}")


def format_clock(t_s: float) -> str:
    """Seconds from start as a wall-clock label: ``02:05:30`` or ``d2 02:05`` past one day."""
    t = round(float(t_s))
    days, rem = divmod(t, 86_400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    if days:
        return f"d{days + 1} {h:02d}:{m:02d}"
    return f"{h:02d}:{m:02d}:{s:02d}"


def format_number(value: float, unit: str = "") -> str:
    """A number for a sentence, a tile or a tooltip: thousands separators, about three significant
    digits (whole numbers from 100 on), then the unit if one is given: the one number formatter
    of the engine and the views.

    >>> [format_number(v) for v in (0, 0.25, 3.14159, 42.5, 1234.5, 333336, 0.001234)]
    ['0', '0.25', '3.14', '42.5', '1,234', '333,336', '0.00123']
    >>> format_number(32.71, "%"), format_number(1500, "req/s")
    ('32.7 %', '1,500 req/s')
    """
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    a = abs(v)
    if a >= 100 or a == 0:
        decimals = 0
    elif a >= 10:
        decimals = 1
    elif a >= 1:
        decimals = 2
    else:  # below 1: three significant digits (0.25, 0.0123), at most 12 decimals
        decimals = min(12, 2 - math.floor(math.log10(a)))
    text = f"{v:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return f"{text} {unit}" if unit else text


_DURATION_UNITS: tuple[tuple[str, float], ...] = (("d", 86_400.0), ("h", 3600.0), ("min", 60.0), ("s", 1.0))
"""Duration units, largest first, with their seconds."""


def format_duration(seconds: float) -> str:
    """A duration in the largest unit it fills at least once (ms below 1 s, then s, min, h, d),
    about three significant digits (:func:`format_number`): the one duration formatter of the
    engine and the views. A value that rounds up to the next unit is said in it (59.99 s: 1 min).

    >>> [format_duration(s) for s in (0.25, 45, 90, 336, 3600, 5400, 86_400, 604_800)]
    ['250 ms', '45 s', '1.5 min', '5.6 min', '1 h', '1.5 h', '1 d', '7 d']
    >>> [format_duration(s) for s in (0.9999, 59.999, 3599.9, 86_313, 333.336)]
    ['1 s', '1 min', '1 h', '1 d', '5.56 min']
    """
    s = float(seconds)
    if not math.isfinite(s):
        return str(s)
    a = abs(s)
    if 0 < a < 1:
        text = format_number(s * 1000)
        if abs(float(text.replace(",", ""))) < 1000:
            return f"{text} ms"
        a, s = 1.0, math.copysign(1.0, s)
    i = next(i for i, (u, z) in enumerate(_DURATION_UNITS) if a >= z or u == "s")
    unit, size = _DURATION_UNITS[i]
    text = format_number(s / size)
    rounded = float(text.replace(",", ""))
    if i > 0 and abs(rounded) * size >= _DURATION_UNITS[i - 1][1]:
        unit, bigger = _DURATION_UNITS[i - 1]  # 59.99 s rounds to 60 s: one minute
        text = format_number(rounded * size / bigger)
    return f"{text} {unit}"


@dataclass(frozen=True)
class TimeGrid:
    """A uniform time grid: ``n_steps`` steps of ``dt_s`` seconds covering ``horizon_s``.

    Step ``i`` covers ``[i*dt_s, (i+1)*dt_s)`` and is labelled by its start ``t_s = i*dt_s``.
    """

    horizon_s: float = 86_400.0
    dt_s: float = 60.0

    MAX_STEPS: int = field(default=2_000_000, init=False, repr=False)

    def __post_init__(self) -> None:
        check_range("dt_s", self.dt_s, 0.001, 3600.0, unit="s")
        check_range("horizon_s", self.horizon_s, self.dt_s, 366 * 86_400.0, unit="s")
        steps = math.ceil(self.horizon_s / self.dt_s - 1e-9)
        if steps > self.MAX_STEPS:
            raise ValueError(
                f"horizon_s / dt_s gives {steps:,} steps; at most {self.MAX_STEPS:,} are allowed "
                "(use a larger dt_s or a shorter horizon)"
            )

    @property
    def n_steps(self) -> int:
        """Number of steps on the grid."""
        return math.ceil(self.horizon_s / self.dt_s - 1e-9)

    @property
    def t_s(self) -> np.ndarray:
        """Start time of each step, in seconds from the start."""
        return np.arange(self.n_steps, dtype=np.float64) * self.dt_s


@dataclass(frozen=True)
class Column:
    """One declared output column: its name, unit and meaning."""

    name: str
    unit: str
    description: str


class Schema:
    """An ordered set of declared columns; frames built through it have exactly these columns."""

    def __init__(self, *columns: Column) -> None:
        names = [c.name for c in columns]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate column names in schema: {names}")
        self.columns: tuple[Column, ...] = columns

    @property
    def names(self) -> list[str]:
        """Column names in declared order."""
        return [c.name for c in self.columns]

    def units(self) -> dict[str, str]:
        """Column name to unit."""
        return {c.name: c.unit for c in self.columns}

    def frame(self, data: Mapping[str, Any]) -> pd.DataFrame:
        """Build a DataFrame with exactly the declared columns, in order.

        Raises ``KeyError`` naming any missing or undeclared column: a schema drift is a bug.
        """
        missing = [n for n in self.names if n not in data]
        extra = [n for n in data if n not in self.names]
        if missing or extra:
            raise KeyError(f"frame does not match schema: missing {missing}, undeclared {extra}")
        return pd.DataFrame({n: data[n] for n in self.names})

    def describe(self) -> pd.DataFrame:
        """The schema as a table (name, unit, description), for docs and the UI."""
        return pd.DataFrame(
            {
                "column": [c.name for c in self.columns],
                "unit": [c.unit for c in self.columns],
                "description": [c.description for c in self.columns],
            }
        )


EVENT_COLUMNS: tuple[str, ...] = ("t_s", "kind", "message", "scenario", "data")


class EventLog:
    """Collects discrete happenings: when, what kind, a sentence that explains it, the numbers.

    ``kind`` is a short machine tag (``scale_out``, ``split``, ``throttle`` ...); ``message`` is
    the sentence a learner reads; ``data`` holds the numbers behind it (metric value, limit ...).
    """

    def __init__(self) -> None:
        self._rows: list[tuple[float, str, str, int, dict[str, Any]]] = []

    def add(self, t_s: float, kind: str, message: str, *, scenario: int = 0, **data: Any) -> None:
        """Record one event."""
        self._rows.append((float(t_s), kind, message, int(scenario), data))

    def extend(self, rows: Iterable[tuple[float, str, str, dict[str, Any]]], *, scenario: int = 0) -> None:
        """Record many events of one scenario at once: ``(t_s, kind, message, data)`` each (the
        kernels' event reader writes this way)."""
        s = int(scenario)
        self._rows.extend((float(t), kind, message, s, data) for t, kind, message, data in rows)

    def __len__(self) -> int:
        return len(self._rows)

    def frame(self) -> pd.DataFrame:
        """The log as a DataFrame sorted by time (stable), with columns :data:`EVENT_COLUMNS`."""
        df = pd.DataFrame(self._rows, columns=list(EVENT_COLUMNS))
        if df.empty:
            return df.astype({"t_s": "float64", "scenario": "int64"})
        return df.sort_values(["scenario", "t_s"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Result:
    """What every simulation returns.

    ``frame``: one row per step (per scenario in a sweep: a ``scenario`` column then appears),
    ``t_s`` first. ``events``: the event log frame. ``extra``: named long frames (per shard,
    per partition ...). ``config``: the frozen config that produced it. ``units``: the unit of
    every column of ``frame``, ``extra`` and ``summary`` (what axis titles read). ``summary``: one
    row per scenario of whole-run figures (``scenario`` first), what sweeps compare.
    """

    frame: pd.DataFrame
    events: pd.DataFrame
    config: Any
    units: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)

    def events_between(self, t0: float, t1: float) -> pd.DataFrame:
        """Events with ``t0 <= t_s < t1``."""
        e = self.events
        return e[(e["t_s"] >= t0) & (e["t_s"] < t1)]

    def scenario(self, i: int) -> Result:
        """The single-scenario view of a sweep result (``scenario`` column dropped)."""
        if "scenario" not in self.frame.columns:
            if i != 0:
                raise IndexError(f"scenario {i} does not exist: this result has one scenario")
            return self
        frame = self.frame[self.frame["scenario"] == i].drop(columns="scenario")
        events = self.events[self.events["scenario"] == i] if len(self.events) else self.events
        extra = {
            k: (v[v["scenario"] == i].drop(columns="scenario") if "scenario" in v else v) for k, v in self.extra.items()
        }
        cfg = self.config[i] if isinstance(self.config, Sequence) else self.config
        summary = self.summary
        if "scenario" in summary:
            summary = summary[summary["scenario"] == i].drop(columns="scenario")
        return Result(
            frame=frame.reset_index(drop=True),
            events=events.reset_index(drop=True),
            config=cfg,
            units=self.units,
            extra={k: v.reset_index(drop=True) for k, v in extra.items()},
            summary=summary.reset_index(drop=True),
        )

    @property
    def n_scenarios(self) -> int:
        """How many scenarios this result holds (1 for :func:`simulate`, len(configs) for a sweep)."""
        if "scenario" in self.summary:
            return len(self.summary)
        return int(self.frame["scenario"].max()) + 1 if "scenario" in self.frame and len(self.frame) else 1


def broadcast_loads(loads: object, n: int) -> list:
    """One load per config: a single load (a ``LoadTrace``, a number, ``None``, a 1-D array) is
    repeated ``n`` times; a sequence (or a 2-D array, one row per config) is listed as is.

    Raises ``ValueError`` if a sequence does not hold exactly ``n`` loads.
    """
    if isinstance(loads, np.ndarray):
        single = loads.ndim <= 1
    else:
        single = isinstance(loads, (str, bytes)) or not isinstance(loads, Iterable)
    per = [loads] * n if single else list(loads)
    if len(per) != n:
        raise ValueError(f"loads must be one load or one per config ({n}), got {len(per)}")
    return per


def shared_grid(configs: Sequence[Any]) -> TimeGrid:
    """The time grid every config of a batch shares (``config.grid``); ``ValueError`` if they differ."""
    grid = configs[0].grid
    if any(c.grid != grid for c in configs):
        raise ValueError("all configs in a batch must share horizon_s and dt_s")
    return grid


def stack_frames(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Per-scenario frames as one frame: frame ``i`` gets ``scenario = i`` (an existing
    ``scenario`` column is overwritten in place; a new one goes last)."""
    return pd.concat([f.assign(scenario=i) for i, f in enumerate(frames)], ignore_index=True)


def stack_results(results: Sequence[Result], *, summary_only: bool = False) -> Result:
    """Single-scenario results as one stacked :class:`Result`: the shape every lab's
    ``simulate_many`` returns.

    Frames, events, extras and summaries get a ``scenario`` column (``i`` for ``results[i]``);
    ``config`` becomes the list of configs. ``summary_only`` keeps just the summary (frame, events
    and extras empty with their columns): the fast path for big sweeps.
    """
    if not results:
        raise ValueError("no scenario to stack")

    def stack(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
        # summary only: stack the empty frames (their columns), never the rows a sweep drops
        return stack_frames([f.iloc[:0] for f in frames] if summary_only else frames)

    events = [r.events.assign(scenario=i) if len(r.events) else r.events for i, r in enumerate(results)]
    non_empty = [e for e in events if len(e)]
    log = (
        pd.concat(non_empty, ignore_index=True)
        if non_empty and not summary_only
        else EventLog().frame().astype({"t_s": "float64", "scenario": "int64"})
    )
    names = [k for k in results[0].extra]
    return Result(
        frame=stack([r.frame for r in results]),
        events=log,
        config=[r.config for r in results],
        units=results[0].units,
        extra={k: stack([r.extra[k] for r in results]) for k in names},
        summary=stack_frames([r.summary for r in results]).pipe(_scenario_first),
    )


def _scenario_first(frame: pd.DataFrame) -> pd.DataFrame:
    """The same frame with its ``scenario`` column first."""
    return frame[["scenario", *[c for c in frame.columns if c != "scenario"]]]


def stack_scenarios(
    runs: Iterable[tuple[pd.DataFrame, Iterable[tuple[float, str, str]]]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-scenario ``(frame, events)`` pairs, events as ``(t_s, kind, message)``, as one frame
    with a ``scenario`` column (:func:`stack_frames`) and one event log frame with each event's
    scenario. Raises ``ValueError`` when there is no run.
    """
    frames, log = [], EventLog()
    for s, (frame, events) in enumerate(runs):
        frames.append(frame)
        for t, kind, msg in events:
            log.add(t, kind, msg, scenario=s)
    if not frames:
        raise ValueError("no scenario to stack")
    return stack_frames(frames), log.frame()

"""Load traces: seeded, deterministic demand curves on a :class:`~engine.core.TimeGrid`.

A :class:`LoadTrace` is a sum of shape components (constant, step, ramp, diurnal, spike, random
bursts, an uploaded series) times an optional noise overlay, floored at zero. Every lab takes its
load from here, so one trace can drive EC2, Kinesis, DynamoDB and SQS alike. Units are the lab's
(requests/s, records/s, messages/s ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from engine.core import TimeGrid, check_int, check_range, shared_grid

__all__ = [
    "PRESETS",
    "UNITS",
    "Bursts",
    "Component",
    "Constant",
    "Diurnal",
    "LoadTrace",
    "Ramp",
    "Series",
    "Spike",
    "Step",
    "as_load",
    "batch_loads",
    "preset",
    "retimed",
    "scaled",
]

MAX_RATE = 1e9
UNITS: dict[str, str] = {"t_s": "s", "load": "req/s"}
"""Units of a sampled trace as a frame (``t_s``, ``load``); a lab that carries messages or
records declares its own load column's unit."""


@dataclass(frozen=True)
class Constant:
    """A flat level."""

    level: float = 100.0

    def __post_init__(self) -> None:
        check_range("level", self.level, 0, MAX_RATE)

    def sample(self, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Values at times ``t``."""
        return np.full(t.shape, float(self.level))


@dataclass(frozen=True)
class Step:
    """Adds ``height`` from ``at_s`` on (negative heights step down)."""

    height: float = 100.0
    at_s: float = 3600.0

    def __post_init__(self) -> None:
        check_range("height", self.height, -MAX_RATE, MAX_RATE)
        check_range("at_s", self.at_s, 0, 366 * 86_400)

    def sample(self, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Values at times ``t``."""
        return np.where(t >= self.at_s, float(self.height), 0.0)


@dataclass(frozen=True)
class Ramp:
    """Rises linearly by ``height`` between ``start_s`` and ``end_s``, then holds."""

    height: float = 100.0
    start_s: float = 0.0
    end_s: float = 3600.0

    def __post_init__(self) -> None:
        check_range("height", self.height, -MAX_RATE, MAX_RATE)
        check_range("start_s", self.start_s, 0, 366 * 86_400)
        check_range("end_s", self.end_s, self.start_s, 366 * 86_400)

    def sample(self, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Values at times ``t``."""
        span = max(self.end_s - self.start_s, 1e-9)
        return float(self.height) * np.clip((t - self.start_s) / span, 0.0, 1.0)


@dataclass(frozen=True)
class Diurnal:
    """A daily sine: ``mean * (1 + amplitude * cos(2π (h - peak_hour) / 24))``.

    ``amplitude`` is a fraction of the mean (0 = flat, 1 = drops to zero at the trough).
    """

    mean: float = 100.0
    amplitude: float = 0.5
    peak_hour: float = 14.0
    period_s: float = 86_400.0

    def __post_init__(self) -> None:
        check_range("mean", self.mean, 0, MAX_RATE)
        check_range("amplitude", self.amplitude, 0, 1)
        check_range("peak_hour", self.peak_hour, 0, 24, unit="h")
        check_range("period_s", self.period_s, 60, 366 * 86_400, unit="s")

    def sample(self, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Values at times ``t`` (``peak_hour`` is in hours of a 24-hour period, scaled with it)."""
        phase = t / self.period_s - self.peak_hour / 24.0
        return self.mean * (1 + self.amplitude * np.cos(2 * np.pi * phase))


@dataclass(frozen=True)
class Spike:
    """A flash crowd: linear rise over ``rise_s``, plateau ``hold_s``, exponential decay.

    ``decay_s`` is the time constant of the decay (the excess falls to 1/e after it).
    """

    height: float = 500.0
    at_s: float = 3600.0
    rise_s: float = 60.0
    hold_s: float = 600.0
    decay_s: float = 600.0

    def __post_init__(self) -> None:
        check_range("height", self.height, 0, MAX_RATE)
        check_range("at_s", self.at_s, 0, 366 * 86_400)
        check_range("rise_s", self.rise_s, 0, 86_400)
        check_range("hold_s", self.hold_s, 0, 366 * 86_400)
        check_range("decay_s", self.decay_s, 0, 86_400)

    def sample(self, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Values at times ``t``."""
        rel = t - self.at_s
        rise = np.clip(rel / max(self.rise_s, 1e-9), 0.0, 1.0)
        after = rel - self.rise_s - self.hold_s
        decay = np.where(after > 0, np.exp(-after / max(self.decay_s, 1e-9)), 1.0)
        return np.where(rel >= 0, self.height * rise * decay, 0.0)


@dataclass(frozen=True)
class Bursts:
    """Random bursts (a Poisson process of ``per_hour`` starts), each ``height`` for ``duration_s``."""

    per_hour: float = 2.0
    height: float = 200.0
    duration_s: float = 120.0

    def __post_init__(self) -> None:
        check_range("per_hour", self.per_hour, 0, 3600)
        check_range("height", self.height, 0, MAX_RATE)
        check_range("duration_s", self.duration_s, 1, 86_400)

    def sample(self, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Values at times ``t``: burst starts drawn from ``rng``, so the trace is seeded."""
        if len(t) == 0 or self.per_hour == 0:
            return np.zeros(t.shape)
        horizon = float(t[-1]) + 1.0
        n = rng.poisson(self.per_hour * horizon / 3600.0)
        starts = np.sort(rng.uniform(0.0, horizon, size=n))
        # Count overlapping bursts at each t via two searchsorted calls (no per-burst loop).
        started = np.searchsorted(starts, t, side="right")
        ended = np.searchsorted(starts + self.duration_s, t, side="right")
        return self.height * (started - ended)


@dataclass(frozen=True, eq=True)
class Series:
    """An explicit series (for example an uploaded CSV): values at times, resampled to the grid.

    Between points the value is linearly interpolated; before the first and after the last it
    holds the end values. ``name`` labels it in the UI.
    """

    times_s: tuple[float, ...]
    values: tuple[float, ...]
    name: str = "uploaded"

    def __post_init__(self) -> None:
        if len(self.times_s) != len(self.values):
            raise ValueError(
                f"times_s and values must have the same length, got {len(self.times_s)} and {len(self.values)}"
            )
        if len(self.times_s) == 0:
            raise ValueError("a series needs at least one point, got none")
        t = np.asarray(self.times_s, dtype=float)
        v = np.asarray(self.values, dtype=float)
        if not np.all(np.isfinite(t)) or not np.all(np.isfinite(v)):
            raise ValueError("series times and values must be finite numbers")
        if np.any(np.diff(t) <= 0):
            raise ValueError("series times must be strictly increasing")
        if np.any(v < 0):
            raise ValueError("series values must be at least 0")

    def sample(self, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Values at times ``t`` (linear interpolation, ends held)."""
        return np.interp(t, np.asarray(self.times_s, float), np.asarray(self.values, float))


Component = Constant | Step | Ramp | Diurnal | Spike | Bursts | Series
SEEDED: tuple[type, ...] = (Bursts,)
"""The components that draw from the trace's generator; every other one is a fixed curve."""


@lru_cache(maxsize=16)
def _fixed_curve(comp: Component, grid: TimeGrid) -> np.ndarray:
    """A fixed (unseeded) component sampled on ``grid``, once per component and grid: traces that
    differ only in their seed (a class on different scenarios) share the costly part, the
    cosines and exponentials of a day of seconds. Read-only, so no caller can change it."""
    curve = comp.sample(grid.t_s, np.random.default_rng(0))
    curve.setflags(write=False)
    return curve


@dataclass(frozen=True)
class LoadTrace:
    """A load: the sum of ``components`` with multiplicative noise of relative size ``noise``.

    ``noise`` is the coefficient of variation of a per-step Gaussian factor (0 = none); the result
    is floored at 0. ``sample(grid, seed)`` is deterministic for a given seed.
    """

    components: tuple[Component, ...] = field(default_factory=lambda: (Constant(100.0),))
    noise: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.components, tuple):
            object.__setattr__(self, "components", tuple(self.components))
        if len(self.components) == 0:
            raise ValueError("components must hold at least one shape, got none")
        if len(self.components) > 12:
            raise ValueError(f"components may hold at most 12 shapes, got {len(self.components)}")
        check_range("noise", self.noise, 0, 1)

    def sample(self, grid: TimeGrid, seed: int = 0) -> np.ndarray:
        """The trace on ``grid`` as a float64 array of length ``grid.n_steps``."""
        check_int("seed", seed, 0, 2**32 - 1)
        rng = np.random.default_rng(seed)
        t = grid.t_s
        total = np.zeros(t.shape)
        for comp in self.components:
            total += comp.sample(t, rng) if isinstance(comp, SEEDED) else _fixed_curve(comp, grid)
        if self.noise > 0:
            total *= 1.0 + self.noise * rng.standard_normal(t.shape)
        return np.maximum(total, 0.0)

    @property
    def peak_hint(self) -> float:
        """A quick upper estimate of the peak (no sampling), for sizing axes and defaults."""
        peak = 0.0
        for c in self.components:
            if isinstance(c, Constant):
                peak += c.level
            elif isinstance(c, Diurnal):
                peak += c.mean * (1 + c.amplitude)
            elif isinstance(c, Series):
                peak += max(c.values)
            elif isinstance(c, (Step, Ramp)):
                peak += max(c.height, 0.0)
            elif isinstance(c, (Spike, Bursts)):
                peak += c.height
        return peak * (1 + 3 * self.noise)


def as_load(load: LoadTrace | np.ndarray | float, grid: TimeGrid, seed: int = 0) -> np.ndarray:
    """Normalise what a lab's ``simulate`` accepts as load to an array on ``grid``.

    A :class:`LoadTrace` is sampled; a number is a constant; an array must already have
    ``grid.n_steps`` values along its last axis (a 2-D array is a batch of scenarios).
    """
    if isinstance(load, LoadTrace):
        return _capped(load.sample(grid, seed))
    if isinstance(load, (int, float)) and not isinstance(load, bool):
        check_range("load", float(load), 0, MAX_RATE)
        return np.full(grid.n_steps, float(load))
    arr = np.asarray(load, dtype=np.float64)
    if arr.ndim not in (1, 2) or arr.shape[-1] != grid.n_steps:
        raise ValueError(f"load must have {grid.n_steps} values per scenario (one per step), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError("load values must be finite and at least 0")
    return _capped(arr)


def _capped(arr: np.ndarray) -> np.ndarray:
    """``arr`` if no value exceeds :data:`MAX_RATE` (components sum, so a trace can), else ``ValueError``."""
    peak = float(arr.max(initial=0.0))
    if peak > MAX_RATE:
        raise ValueError(f"load must be at most {MAX_RATE:.0e} per second at every step, got a peak of {peak:.3g}")
    return arr


def batch_loads(configs: Sequence[Any], loads: Sequence[Any], seed: int = 0) -> tuple[TimeGrid | None, np.ndarray]:
    """A batch's shared grid and its loads (one per config, see :func:`as_load`) as one
    ``[scenario, step]`` array; ``(None, empty)`` for an empty batch.

    Raises ``ValueError`` if the counts differ or the configs do not share one grid.
    """
    if len(configs) != len(loads):
        raise ValueError(f"configs and loads must have the same length, got {len(configs)} and {len(loads)}")
    if not configs:
        return None, np.zeros((0, 0))
    grid = shared_grid(configs)
    return grid, np.stack([as_load(ld, grid, seed) for ld in loads])


def _day(h: float) -> float:
    return h * 3600.0


PRESETS: dict[str, LoadTrace] = {
    "Flat": LoadTrace((Constant(100.0),)),
    "Business day": LoadTrace((Diurnal(mean=100.0, amplitude=0.6, peak_hour=14.0),), noise=0.05),
    "Flash crowd": LoadTrace(
        (Constant(80.0), Spike(height=400.0, at_s=_day(10), rise_s=60, hold_s=1800, decay_s=1200)),
        noise=0.03,
    ),
    "Morning ramp": LoadTrace((Constant(40.0), Ramp(height=160.0, start_s=_day(7), end_s=_day(9)))),
    "Step up at noon": LoadTrace((Constant(60.0), Step(height=140.0, at_s=_day(12)))),
    "Random bursts": LoadTrace((Constant(60.0), Bursts(per_hour=1.5, height=150.0, duration_s=600.0)), noise=0.05),
    "Day with a flash sale": LoadTrace(
        (
            Diurnal(mean=100.0, amplitude=0.5, peak_hour=13.0),
            Spike(height=300.0, at_s=_day(19), rise_s=120, hold_s=900, decay_s=900),
        ),
        noise=0.04,
    ),
}


def preset(name: str) -> LoadTrace:
    """A named trace from :data:`PRESETS` (``ValueError`` listing the names if unknown)."""
    if name not in PRESETS:
        raise ValueError(f"unknown load preset {name!r}; choose one of {', '.join(PRESETS)}")
    return PRESETS[name]


def scaled(trace: LoadTrace, factor: float) -> LoadTrace:
    """The same trace shape with every level multiplied by ``factor`` (for reusing presets)."""
    check_range("factor", factor, 0, 1e6)
    out: list[Component] = []
    for c in trace.components:
        if isinstance(c, Constant):
            out.append(Constant(c.level * factor))
        elif isinstance(c, Diurnal):
            out.append(Diurnal(c.mean * factor, c.amplitude, c.peak_hour))
        elif isinstance(c, Series):
            out.append(Series(c.times_s, tuple(v * factor for v in c.values), c.name))
        else:
            out.append(type(c)(**{**c.__dict__, "height": c.height * factor}))
    return LoadTrace(tuple(out), trace.noise)


def retimed(trace: LoadTrace, factor: float) -> LoadTrace:
    """The same trace with its time axis stretched by ``factor`` (0.5 squeezes a day into 12 h).

    Lets a lab with a one-hour horizon reuse the daily presets.
    """
    check_range("factor", factor, 1e-4, 1e4)
    out: list[Component] = []
    for c in trace.components:
        if isinstance(c, Constant):
            out.append(c)
        elif isinstance(c, Step):
            out.append(Step(c.height, c.at_s * factor))
        elif isinstance(c, Ramp):
            out.append(Ramp(c.height, c.start_s * factor, c.end_s * factor))
        elif isinstance(c, Diurnal):
            out.append(Diurnal(c.mean, c.amplitude, c.peak_hour, max(60.0, c.period_s * factor)))
        elif isinstance(c, Spike):
            out.append(Spike(c.height, c.at_s * factor, c.rise_s * factor, c.hold_s * factor, c.decay_s * factor))
        elif isinstance(c, Bursts):
            out.append(Bursts(min(3600.0, c.per_hour / factor), c.height, max(1.0, c.duration_s * factor)))
        else:
            out.append(Series(tuple(t * factor for t in c.times_s), c.values, c.name))
    return LoadTrace(tuple(out), trace.noise)

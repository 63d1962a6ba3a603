"""Predictive scaling's forecast (aws-facts.md §1.9), by a method we document (AWS does not).

Method: take ``history_days`` past days of load (see :func:`history`), average each day per hour,
then average those hourly means across days per hour of day (the daily *profile*) and take their
spread (standard deviation across days) as the forecast band. A linear trend of the daily means
(least squares over the days) is extrapolated from the middle of the history to each forecast
day. Forecast for absolute hour *h* = ``profile[h mod 24] x (1 + trend x days from the history's
middle)``, floored at 0. Hourly, for up to 48 h (§1.9 horizon).

Capacity for hour *h* = ``ceil(forecast / (target_pct/100 x capacity per instance))``; it is
launched ``buffer_s`` (SchedulingBufferTime, default 300 s, < 3600 s) before the hour starts.
``IncreaseMaxCapacity`` lets max rise to ``ceil(capacity x (1 + max_buffer_pct/100))``.

Simplification: AWS refreshes the forecast every 6 h; here one forecast is made at the start of
the run from the past days (the simulated day itself is never used to forecast itself).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.autoscaling.config import PredictivePolicy
from engine.core import Column, Schema, TimeGrid
from engine.load import LoadTrace

__all__ = [
    "FORECAST",
    "HISTORY",
    "HORIZON_H",
    "Forecast",
    "capacity_needed",
    "forecast",
    "forecast_on_grid",
    "history",
]

DAY_S = 86_400.0
HORIZON_H = 48
"""Hours predictive scaling forecasts ahead (aws-facts.md §1.9)."""

HISTORY = Schema(
    Column("day", "d", "day before the run (-1 = yesterday)"),
    Column("hour", "h", "hour of that day"),
    Column("load_rps", "req/s", "mean load of that hour"),
)
"""The ``history`` extra frame: the past days the forecast learns from, hourly."""
FORECAST = Schema(
    Column("hour", "h", "hour from the start of the run"),
    Column("forecast_rps", "req/s", "forecast load of that hour"),
    Column("band_rps", "req/s", "spread (std) of past days for that hour of day"),
    Column("capacity", "instances", "capacity the forecast asks for in that hour"),
)
"""The ``forecast`` extra frame: the hourly forecast and the capacity it asks for."""


def history(load: LoadTrace | np.ndarray, dt_s: float, days: int, growth_per_day: float, seed: int) -> np.ndarray:
    """``days`` past days of load as a ``(days, steps per day)`` array, oldest first.

    A trace is drawn once per past day with seeds ``seed + 1 ... seed + days`` (same shape, other
    noise); an array repeats its first day. Day *d* before today is scaled by
    ``(1 + growth_per_day) ** -d`` so a growing load shows a trend.
    """
    grid = TimeGrid(DAY_S, dt_s)
    rows = []
    for back in range(days, 0, -1):
        if isinstance(load, LoadTrace):
            day = load.sample(grid, seed + back)
        else:
            arr = np.asarray(load, dtype=float)
            first = arr[: grid.n_steps]
            day = np.resize(first, grid.n_steps)
        rows.append(day * (1.0 + growth_per_day) ** (-back))
    return np.array(rows)


@dataclass(frozen=True, eq=False)
class Forecast:
    """Hourly forecast and what it makes predictive scaling do on the step grid."""

    hourly_rps: np.ndarray
    band_rps: np.ndarray
    capacity: np.ndarray
    step_capacity: np.ndarray
    step_max: np.ndarray
    history: pd.DataFrame

    def frame(self) -> pd.DataFrame:
        """The hourly forecast as the :data:`FORECAST` frame."""
        hours = np.arange(len(self.hourly_rps))
        return FORECAST.frame(
            {"hour": hours, "forecast_rps": self.hourly_rps, "band_rps": self.band_rps, "capacity": self.capacity}
        )


def forecast(
    policy: PredictivePolicy,
    load: LoadTrace | np.ndarray,
    grid: TimeGrid,
    capacity_rps: float,
    max_size: int,
    seed: int = 0,
) -> Forecast:
    """Forecast the next 48 h from the history and map it onto ``grid`` (see module docstring)."""
    hist = history(load, grid.dt_s, policy.history_days, policy.growth_per_day, seed)
    per_hour = round(3600.0 / grid.dt_s)
    hourly = hist.reshape(hist.shape[0], 24, per_hour).mean(axis=2)  # (days, 24)
    profile = hourly.mean(axis=0)
    band = hourly.std(axis=0)
    daily = hourly.mean(axis=1)
    n = len(daily)
    if n >= 2 and daily.mean() > 0:
        x = np.arange(n) - (n - 1) / 2.0
        slope = float(np.dot(x, daily - daily.mean()) / np.dot(x, x)) / daily.mean()
    else:
        slope = 0.0
    hours = np.arange(HORIZON_H)
    days_ahead = (n - 1) / 2.0 + 1.0 + hours // 24
    fc = np.maximum(profile[hours % 24] * (1.0 + slope * days_ahead), 0.0)
    per_instance = policy.target_pct / 100.0 * capacity_rps
    cap = np.ceil(fc / per_instance - 1e-9).astype(np.int64)
    t = grid.t_s
    hour_of_step = np.minimum(((t + policy.buffer_s) // 3600).astype(np.int64), HORIZON_H - 1)
    step_cap = cap[hour_of_step]
    if policy.max_breach == "IncreaseMaxCapacity":
        raised = np.ceil(cap * (1.0 + policy.max_buffer_pct / 100.0) - 1e-9).astype(np.int64)
        step_max = np.where(raised[hour_of_step] > max_size, raised[hour_of_step], -1)
    else:
        step_max = np.full(len(t), -1, np.int64)
    frame = HISTORY.frame(
        {
            "day": np.repeat(np.arange(-n, 0), 24),
            "hour": np.tile(np.arange(24), n),
            "load_rps": hourly.ravel(),
        }
    )
    return Forecast(fc, band[hours % 24], cap, step_cap, step_max.astype(np.int64), frame)


def forecast_on_grid(fc: Forecast, grid: TimeGrid) -> tuple[np.ndarray, np.ndarray]:
    """The hourly forecast and its band as step series on ``grid`` (for the frame)."""
    h = np.minimum((grid.t_s // 3600).astype(np.int64), HORIZON_H - 1)
    return fc.hourly_rps[h], fc.band_rps[h]


def capacity_needed(rps: float, target_pct: float, capacity_rps: float) -> int:
    """Instances needed to serve ``rps`` at ``target_pct`` utilisation."""
    return math.ceil(rps / (target_pct / 100.0 * capacity_rps) - 1e-9)

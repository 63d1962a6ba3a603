"""Predictive scaling's forecast (aws-facts.md §1.9), by a method we document (AWS does not).

Refreshes (§1.9): a forecast is made every :data:`REFRESH_H` hours (at 00:00, 06:00, … of the run)
for the next :data:`HORIZON_H` hours, from the history available *then*: the last
``history_days`` x 24 hours of load, i.e. the past days before the run (see :func:`history`)
followed by the run's own load up to the refresh. So on day 4 of a daily pattern the forecast
still rises and falls, learned from days 1-3. A run never forecasts from load it has not seen yet.

Method of one forecast: cut the window into 24-hour rows ending at the refresh, average per hour;
the mean per hour of day across rows is the daily *profile*, their spread (standard deviation) the
band. A linear trend of the rows' means (least squares) is extrapolated from the window's middle:
forecast for hour *h* = ``profile[h mod 24] x (1 + trend x days from the window's middle)``,
floored at 0. Predictive scaling at a moment uses the latest forecast made by then.

Capacity for hour *h* = ``ceil(forecast / (target_pct/100 x capacity per instance))``; it is
launched ``buffer_s`` (SchedulingBufferTime, default 300 s, < 3600 s) before the hour starts.
``IncreaseMaxCapacity`` lets max rise to ``ceil(capacity x (1 + max_buffer_pct/100))``.

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
    "REFRESH_H",
    "Forecast",
    "capacity_needed",
    "forecast",
    "forecast_on_grid",
    "history",
]

DAY_S = 86_400.0
HORIZON_H = 48
"""Hours predictive scaling forecasts ahead (aws-facts.md §1.9)."""
REFRESH_H = 6
"""Hours between two forecasts (aws-facts.md §1.9: refreshed every 6 h)."""

HISTORY = Schema(
    Column("day", "d", "day before the run (-1 = yesterday)"),
    Column("hour", "h", "hour of that day"),
    Column("load_rps", "req/s", "mean load of that hour"),
)
"""The ``history`` extra frame: the past days the forecast learns from, hourly."""
FORECAST = Schema(
    Column("hour", "h", "hour from the start of the run"),
    Column("issued_h", "h", "hour of the run at which the forecast in force for that hour was made"),
    Column("forecast_rps", "req/s", "forecast load of that hour"),
    Column("band_rps", "req/s", "spread (std) of past days for that hour of day"),
    Column("capacity", "instances", "capacity the forecast asks for in that hour"),
)
"""The ``forecast`` extra frame: per hour, the latest forecast made by then and the capacity it asks for."""


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
    issued_h: np.ndarray
    band_rps: np.ndarray
    capacity: np.ndarray
    step_capacity: np.ndarray
    step_max: np.ndarray
    history: pd.DataFrame

    def frame(self) -> pd.DataFrame:
        """The hourly forecast as the :data:`FORECAST` frame."""
        hours = np.arange(len(self.hourly_rps))
        return FORECAST.frame(
            {
                "hour": hours,
                "issued_h": self.issued_h,
                "forecast_rps": self.hourly_rps,
                "band_rps": self.band_rps,
                "capacity": self.capacity,
            }
        )


def forecast(
    policy: PredictivePolicy,
    load: LoadTrace | np.ndarray,
    grid: TimeGrid,
    capacity_rps: float,
    max_size: int,
    seed: int = 0,
    run_load: np.ndarray | None = None,
) -> Forecast:
    """Forecasts every :data:`REFRESH_H` h over ``grid`` (see the module docstring) and what they make
    predictive scaling do on each step. ``run_load`` is the run's load on ``grid`` (the history each
    refresh after the first adds); without it every refresh sees only the past days."""
    hist = history(load, grid.dt_s, policy.history_days, policy.growth_per_day, seed)
    per_hour = round(3600.0 / grid.dt_s)
    past = hist.reshape(hist.shape[0], 24, per_hour).mean(axis=2)  # (days, 24)
    window_h = past.size
    run_h = np.zeros(0)
    if run_load is not None:
        whole = len(run_load) // per_hour
        run_h = np.asarray(run_load[: whole * per_hour], dtype=float).reshape(whole, per_hour).mean(axis=1)
    seen = np.concatenate([past.ravel(), run_h])
    horizon_h = max(1, math.ceil(grid.n_steps * grid.dt_s / 3600.0))
    refreshes = np.arange(0, horizon_h, REFRESH_H)
    ends = np.minimum(refreshes, len(run_h))  # the history seen at each refresh ends here (run hours)
    made = [
        _one_forecast(seen[e : e + window_h], int(e), int(r), past.shape[0])
        for e, r in zip(ends, refreshes, strict=True)
    ]
    fc_table = np.array([m[0] for m in made])  # (refreshes, HORIZON_H): hours r .. r + 47
    band_table = np.array([m[1] for m in made])
    per_instance = policy.target_pct / 100.0 * capacity_rps
    cap_table = np.ceil(fc_table / per_instance - 1e-9).astype(np.int64)
    # per hour of the run (and the last forecast's 48 h): the latest forecast made by then
    n_out = int(refreshes[-1]) + HORIZON_H
    hours = np.arange(n_out)
    k = np.minimum(hours // REFRESH_H, len(refreshes) - 1)
    offset = hours - refreshes[k]
    hourly, band, cap = fc_table[k, offset], band_table[k, offset], cap_table[k, offset]
    # per step: the forecast in force at the step, read at the hour the buffer looks ahead to
    t = grid.t_s
    k_t = np.minimum((t // (REFRESH_H * 3600.0)).astype(np.int64), len(refreshes) - 1)
    ahead = np.minimum(((t + policy.buffer_s) // 3600).astype(np.int64) - refreshes[k_t], HORIZON_H - 1)
    step_cap = cap_table[k_t, ahead]
    if policy.max_breach == "IncreaseMaxCapacity":
        raised = np.ceil(step_cap * (1.0 + policy.max_buffer_pct / 100.0) - 1e-9).astype(np.int64)
        step_max = np.where(raised > max_size, raised, -1)
    else:
        step_max = np.full(len(t), -1, np.int64)
    n = past.shape[0]
    frame = HISTORY.frame(
        {"day": np.repeat(np.arange(-n, 0), 24), "hour": np.tile(np.arange(24), n), "load_rps": past.ravel()}
    )
    return Forecast(hourly, refreshes[k].astype(np.int64), band, cap, step_cap, step_max.astype(np.int64), frame)


def _one_forecast(window: np.ndarray, end: int, r: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The forecast made at hour ``r`` of the run for hours ``r .. r + 47`` and its band, from ``n``
    days of hourly ``window`` ending at hour ``end`` of the run (``end`` = ``r`` when the run's own
    load is known up to the refresh)."""
    rows = window.reshape(n, 24)  # column c of every row is hour of day (end + c) % 24
    hod = (end + np.arange(24)) % 24
    profile, spread = np.empty(24), np.empty(24)
    profile[hod], spread[hod] = rows.mean(axis=0), rows.std(axis=0)
    daily = rows.mean(axis=1)
    if n >= 2 and daily.mean() > 0:
        x = np.arange(n) - (n - 1) / 2.0
        slope = float(np.dot(x, daily - daily.mean()) / np.dot(x, x)) / daily.mean()
    else:
        slope = 0.0
    hours = r + np.arange(HORIZON_H)
    days_from_middle = (hours + 0.5 - (end - 12.0 * n)) / 24.0
    fc = np.maximum(profile[hours % 24] * (1.0 + slope * days_from_middle), 0.0)
    return fc, spread[hours % 24]


def forecast_on_grid(fc: Forecast, grid: TimeGrid) -> tuple[np.ndarray, np.ndarray]:
    """The hourly forecast and its band as step series on ``grid`` (for the frame)."""
    h = np.minimum((grid.t_s // 3600).astype(np.int64), HORIZON_H - 1)
    return fc.hourly_rps[h], fc.band_rps[h]


def capacity_needed(rps: float, target_pct: float, capacity_rps: float) -> int:
    """Instances needed to serve ``rps`` at ``target_pct`` utilisation."""
    return math.ceil(rps / (target_pct / 100.0 * capacity_rps) - 1e-9)

"""Predictive scaling (§1.9): capacity launched SchedulingBufferTime ahead; max capacity breach."""

from __future__ import annotations

import pytest

from engine.autoscaling import GroupConfig, PredictivePolicy, simulate
from engine.load import Constant, LoadTrace, Step
from tests.engine.autoscaling.common import FAST, H
from tests.engine.autoscaling.common import at as _at


def _peak_load() -> LoadTrace:
    return LoadTrace((Constant(50.0), Step(150.0, 12 * H)))


def test_predictive_capacity_rises_before_the_peak_by_the_buffer() -> None:
    """§1.9: hourly forecast; capacity launched SchedulingBufferTime ahead. Hour 12 needs
    200 / (50 % x 10) = 40 instances; with a 600 s buffer desired reaches 40 at 11:50."""
    pred = PredictivePolicy(mode="ForecastAndScale", buffer_s=600.0, history_days=3)
    cfg = GroupConfig(min_size=1, max_size=60, desired=10, capacity_rps=10.0, policies=(), predictive=pred, **{**FAST, "horizon_s": 86_400.0})  # fmt: skip
    r = simulate(cfg, _peak_load())
    assert _at(r, 12 * H - 610) < 40 and _at(r, 12 * H - 600) == 40
    only = simulate(GroupConfig(**{**cfg.__dict__, "predictive": PredictivePolicy(buffer_s=600.0)}), _peak_load())
    assert only.frame["desired"].max() == 10 and only.frame["forecast_capacity"].max() == 40


def test_predictive_max_capacity_breach() -> None:
    """§1.9: HonorMaxCapacity caps at max; IncreaseMaxCapacity raises max to forecast + buffer %."""
    base = {"min_size": 1, "desired": 10, "capacity_rps": 10.0, "policies": (), **FAST, "horizon_s": 86_400.0}
    honor = simulate(GroupConfig(max_size=20, predictive=PredictivePolicy("ForecastAndScale"), **base), _peak_load())
    inc = PredictivePolicy("ForecastAndScale", max_breach="IncreaseMaxCapacity", max_buffer_pct=10.0)
    raised = simulate(GroupConfig(max_size=20, predictive=inc, **base), _peak_load())
    assert honor.frame["desired"].max() == 20
    assert raised.frame["desired"].max() == 40 and raised.frame["max_size"].max() == 44


def test_forecast_is_refreshed_every_6_hours_and_still_rises_and_falls_on_day_4() -> None:
    """§1.9: an hourly forecast for the next 48 h, refreshed every 6 h. Before this fix the one
    forecast made at the start was held flat after hour 48.

    A daily sine, 100 x (1 + 0.5 cos(2π (h - 12) / 24)) req/s, no noise: every past day is the same,
    so the forecast for an hour is that hour's mean. Over [12:00, 13:00) cos averages
    sin(π/12) / (π/12) = 0.98862, so 100 x (1 + 0.5 x 0.98862) = 149.43 req/s; over [00:00, 01:00)
    -0.98862: 50.57 req/s. At 50 % of 10 req/s per instance: ceil(149.43 / 5) = 30 and
    ceil(50.57 / 5) = 11 instances. On day 4 (hours 72-95) the forecast in force is the one made at
    the latest 6 h refresh (hour 84 from the refresh at 84, hour 72 from the one at 72).
    """
    from engine.load import Diurnal

    pred = PredictivePolicy(mode="ForecastAndScale", history_days=3)
    cfg = GroupConfig(min_size=1, max_size=60, desired=10, capacity_rps=10.0, policies=(), predictive=pred,
                      **{**FAST, "horizon_s": 5 * 86_400.0})  # fmt: skip
    r = simulate(cfg, LoadTrace((Diurnal(100.0, 0.5, 12.0),)))
    fc = r.extra["forecast"].set_index("hour")
    assert fc.loc[84, "forecast_rps"] == pytest.approx(149.43, abs=0.01) and fc.loc[84, "capacity"] == 30
    assert fc.loc[72, "forecast_rps"] == pytest.approx(50.57, abs=0.01) and fc.loc[72, "capacity"] == 11
    assert fc.loc[84, "issued_h"] == 84 and fc.loc[75, "issued_h"] == 72 and set(fc["issued_h"] % 6) == {0}
    day4 = r.frame[(r.frame["t_s"] >= 72 * H) & (r.frame["t_s"] < 96 * H)]["forecast_capacity"]
    assert day4.max() == 30 and day4.min() == 11


def test_each_refresh_forecasts_from_the_history_available_then() -> None:
    """§1.9: a refresh uses the history up to that moment, the run's own load included, never load
    still to come. One day of history (50 req/s); the run doubles to 100 req/s at hour 24. The
    refresh at hour 18 has seen only 50 req/s: hour 20 forecast 50. The one at 48 has seen hours
    24-47 at 100: hour 50 forecast 100, i.e. ceil(100 / (50 % x 10)) = 20 instances; the one at 30
    has 6 hours at 100 (hours of day 0-5) and 18 at 50: hour 31 (hour of day 7) is still 50."""
    pred = PredictivePolicy(mode="ForecastOnly", history_days=1)
    cfg = GroupConfig(min_size=1, max_size=60, desired=10, capacity_rps=10.0, policies=(), predictive=pred,
                      **{**FAST, "horizon_s": 3 * 86_400.0})  # fmt: skip
    fc = simulate(cfg, LoadTrace((Constant(50.0), Step(50.0, 24 * H)))).extra["forecast"].set_index("hour")
    assert (fc.loc[20, "issued_h"], fc.loc[20, "forecast_rps"]) == (18, pytest.approx(50.0))
    assert (fc.loc[31, "issued_h"], fc.loc[31, "forecast_rps"]) == (30, pytest.approx(50.0))
    assert (fc.loc[50, "issued_h"], fc.loc[50, "forecast_rps"], fc.loc[50, "capacity"]) == (
        48,
        pytest.approx(100.0),
        20,
    )

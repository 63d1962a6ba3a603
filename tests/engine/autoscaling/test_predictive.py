"""Predictive scaling (§1.9): capacity launched SchedulingBufferTime ahead; max capacity breach."""

from __future__ import annotations

from engine.autoscaling import GroupConfig, PredictivePolicy, simulate
from engine.load import Constant, LoadTrace, Step

H = 3600.0
FAST = {"launch_s": 60.0, "warmup_s": 0.0, "app_boot_s": 0.0, "horizon_s": 2 * H}


def _at(r, t_s: float, col: str = "desired"):
    return r.frame.loc[r.frame["t_s"] == t_s, col].item()


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

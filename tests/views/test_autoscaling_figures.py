"""Auto Scaling figures: traces, bounded frames, fixed ranges, payload size."""

from __future__ import annotations

from engine.autoscaling import GroupConfig, PredictivePolicy, VerticalConfig, simulate
from engine.load import preset
from engine.predictive import forecast
from engine.vertical import horizontal_equivalent
from views.autoscaling_figures import around_peak, compare_figure, group_figure, history_figure, hv_figure

LOAD = preset("Flash crowd")


def test_group_figure_is_bounded_and_fixed() -> None:
    r = simulate(GroupConfig(), LOAD)
    fig = group_figure(r.frame, r.events, target=50.0)
    names = {t.name for t in fig.data}
    assert {"Demand", "Capacity", "Desired capacity", "In service", "alarm datapoint", "Latency"} <= names
    assert len(fig.frames) <= 30
    assert fig.layout.yaxis3.autorange is False and fig.layout.yaxis3.range[1] == 105
    assert len(fig.to_json()) < 400_000
    assert any(s.y0 == 50.0 for s in fig.layout.shapes)  # the target line


def test_around_peak_crops_frame_and_events() -> None:
    r = simulate(GroupConfig(), LOAD)
    f, ev = around_peak(r.frame, r.events)
    assert f["t_s"].iloc[-1] - f["t_s"].iloc[0] < 4 * 3600
    assert ev["t_s"].between(f["t_s"].iloc[0], f["t_s"].iloc[-1] + 10).all()


def test_compare_and_forecast_figures_are_small() -> None:
    cfg = GroupConfig(predictive=PredictivePolicy("ForecastAndScale"))
    r = simulate(cfg, preset("Business day"))
    cmp = compare_figure([r.frame, r.frame], ["a", "b"])
    assert [t.name for t in cmp.data][:2] == ["a", "b"] and len(cmp.to_json()) < 50_000
    fc = forecast(cfg.predictive, preset("Business day"), cfg.grid, cfg.capacity_rps, cfg.max_size)
    hist = history_figure(fc.history, fc.hourly_rps, fc.band_rps)
    assert list(hist.layout.xaxis.range) == [0, 48] and len(hist.to_json()) < 60_000


def test_hv_figure_has_both_ways() -> None:
    v = VerticalConfig()
    rv, rh = simulate(v, LOAD), simulate(horizontal_equivalent(v), LOAD)
    fig = hv_figure(rv.frame, rh.frame)
    names = [t.name for t in fig.data]
    assert "Vertical capacity" in names and "Horizontal capacity" in names
    assert len(fig.to_json()) < 500_000

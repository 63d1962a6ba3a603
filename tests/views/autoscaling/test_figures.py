"""Auto Scaling figures: traces, bounded frames, fixed ranges, payload size."""

from __future__ import annotations

from engine.autoscaling import GroupConfig, PredictivePolicy, VerticalConfig, horizontal_equivalent, simulate
from engine.load import preset
from views.autoscaling.figures import (
    around_peak,
    compare_figure,
    forecast_figure,
    group_figure,
    history_figure,
    hv_figure,
)

LOAD = preset("Flash crowd")


def test_group_figure_is_bounded_and_fixed() -> None:
    r = simulate(GroupConfig(), LOAD)
    fig = group_figure(r, target=50.0)
    names = {t.name for t in fig.data}
    assert {"Demand", "Capacity", "Desired capacity", "In service", "alarm datapoint", "Latency"} <= names
    assert len(fig.frames) <= 30
    assert fig.layout.yaxis3.autorange is False and fig.layout.yaxis3.range[1] == 105
    assert len(fig.to_json()) < 400_000
    assert any(s.y0 == 50.0 for s in fig.layout.shapes)  # the target line
    titles = [fig.layout[f"yaxis{k}"].title.text for k in ("", "2", "3", "4")]
    assert titles == ["req/s", "instances", "Average CPU (%)", "Latency (ms)"]  # from Result.units


def test_a_requests_metric_gets_its_own_axis_not_the_cpu_one() -> None:
    """A requests-per-instance alarm's datapoints and target are in req/s, so they get their own
    panel; the CPU panel keeps only CPU."""
    from engine.autoscaling import TargetTrackingPolicy

    r = simulate(GroupConfig(policies=(TargetTrackingPolicy(target=30, metric="requests"),)), LOAD)
    fig = group_figure(r, target=30.0, metric="requests")
    titles = [fig.layout[f"yaxis{k}"].title.text for k in ("", "2", "3", "4", "5")]
    assert titles == ["req/s", "instances", "Average CPU (%)", "Alarm datapoint (req/s per instance)", "Latency (ms)"]
    point = next(t for t in fig.data if t.name == "alarm datapoint")
    assert point.yaxis == "y4"
    assert any(sh.y0 == 30.0 and sh.yref == "y4" for sh in fig.layout.shapes)


def test_around_peak_crops_frame_and_events() -> None:
    r = simulate(GroupConfig(), LOAD)
    cut = around_peak(r)
    f, ev = cut.frame, cut.events
    assert f["t_s"].iloc[-1] - f["t_s"].iloc[0] < 4 * 3600
    assert ev["t_s"].between(f["t_s"].iloc[0], f["t_s"].iloc[-1] + 10).all()


def test_compare_and_forecast_figures_are_small() -> None:
    cfg = GroupConfig(predictive=PredictivePolicy("ForecastAndScale"))
    r = simulate(cfg, preset("Business day"))
    cmp = compare_figure([r, r], ["a", "b"])
    assert [t.name for t in cmp.data][:2] == ["a", "b"] and len(cmp.to_json()) < 50_000
    assert cmp.layout.yaxis.title.text == "In service (instances)"
    hist = history_figure(r)
    # a 24 h run: the last refresh (18 h) forecasts to 18 + 48 = 66 h (§1.9: refreshed every 6 h)
    assert list(hist.layout.xaxis.range) == [0, 66] and len(hist.to_json()) < 60_000
    assert hist.layout.yaxis.title.text == "Demand (req/s)"
    fc = forecast_figure(r)
    assert [t.name for t in fc.data][:2] == ["In service", "Forecast capacity"]


def test_hv_figure_has_both_ways() -> None:
    v = VerticalConfig()
    rv, rh = simulate(v, LOAD), simulate(horizontal_equivalent(v), LOAD)
    fig = hv_figure(rv, rh)
    names = [t.name for t in fig.data]
    assert "Vertical capacity" in names and "Horizontal capacity" in names
    assert len(fig.to_json()) < 500_000

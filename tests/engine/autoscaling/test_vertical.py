"""Vertical scaling (course notes: horizontal vs vertical): downtime per resize, the ceiling."""

from __future__ import annotations

import numpy as np

from engine.autoscaling import VerticalConfig, horizontal_equivalent, simulate
from engine.autoscaling.vertical import totals
from engine.core import format_duration


def test_vertical_resize_has_zero_capacity_for_the_downtime() -> None:
    """Course notes: vertical scaling requires downtime. CPU > 75 % for 60 s on m5.large
    (50 req/s) triggers a resize: 180 s (18 steps) with zero capacity, then m5.xlarge."""
    cfg = VerticalConfig(start_size=0, up_after_s=60.0, downtime_s=180.0, horizon_s=3600.0)
    r = simulate(cfg, 45.0)
    up = r.events[r.events["kind"] == "scale_up"]
    assert len(up) == 1
    i = int(up["t_s"].iloc[0] / 10)
    cap = r.frame["capacity_rps"].to_numpy()
    assert (cap[i + 1 : i + 19] == 0).all() and cap[i] == 50 and cap[i + 19] == 100
    assert r.frame["dropped_rps"].iloc[i + 1 : i + 19].sum() == 45 * 18


def test_vertical_ceiling_is_logged() -> None:
    """Course notes: the largest size is a ceiling (horizontal scaling is theoretically unlimited)."""
    cfg = VerticalConfig(n_sizes=2, start_size=1, up_after_s=60.0, horizon_s=3600.0)
    r = simulate(cfg, 500.0)
    assert (r.events["kind"] == "ceiling").any()
    assert r.frame["dropped_rps"].iloc[-1] == 400.0


def test_vertical_result_has_its_summary_and_units() -> None:
    """The vertical Result's summary holds the comparison's totals; every column has a unit."""
    cfg = VerticalConfig(start_size=0, up_after_s=60.0, downtime_s=180.0, horizon_s=3600.0)
    r = simulate(cfg, 45.0)
    assert r.summary.iloc[0].to_dict() == totals(r.frame, cfg.dt_s)
    assert r.summary["zero_capacity_s"].iloc[0] == 180.0
    assert set(r.frame.columns) | set(r.summary.columns) <= set(r.units)
    assert r.events["message"].iloc[0].startswith(f"CPU above 75 % for {format_duration(60)} → scale up to m5.xlarge")
    np.testing.assert_array_equal(r.frame["desired"].unique(), [1])


def test_horizontal_equivalent_starts_with_the_same_capacity() -> None:
    h = horizontal_equivalent(VerticalConfig(start_size=2))
    assert h.start_desired == 4 and h.rules == "aws-today"

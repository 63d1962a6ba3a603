"""Load traces: shapes computed by hand, determinism, noise, presets and retiming."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.core import TimeGrid
from engine.load import (
    PRESETS,
    Bursts,
    Constant,
    Diurnal,
    LoadTrace,
    Ramp,
    Series,
    Spike,
    Step,
    as_load,
    batch_loads,
    preset,
    retimed,
    scaled,
)

GRID = TimeGrid(86_400, 60)


def test_constant_step_and_ramp_by_hand() -> None:
    t = np.array([0.0, 1800.0, 3600.0, 5400.0, 7200.0])
    rng = np.random.default_rng(0)
    assert list(Constant(5).sample(t, rng)) == [5, 5, 5, 5, 5]
    assert list(Step(10, 3600).sample(t, rng)) == [0, 0, 10, 10, 10]
    assert list(Ramp(100, 1800, 5400).sample(t, rng)) == [0, 0, 50, 100, 100]


def test_diurnal_peaks_at_peak_hour_and_troughs_twelve_hours_later() -> None:
    d = Diurnal(mean=100, amplitude=0.5, peak_hour=14)
    y = d.sample(np.array([14 * 3600.0, 2 * 3600.0]), np.random.default_rng(0))
    assert y == pytest.approx([150.0, 50.0])


def test_spike_rises_holds_and_decays() -> None:
    s = Spike(height=400, at_s=1000, rise_s=100, hold_s=200, decay_s=100)
    y = s.sample(np.array([999.0, 1050.0, 1100.0, 1300.0, 1400.0]), np.random.default_rng(0))
    assert y == pytest.approx([0, 200, 400, 400, 400 / np.e])


def test_bursts_are_seeded() -> None:
    trace = LoadTrace((Bursts(per_hour=4, height=10, duration_s=300),))
    a, b, c = trace.sample(GRID, 1), trace.sample(GRID, 1), trace.sample(GRID, 2)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert set(np.unique(a)) <= {0.0, 10.0, 20.0, 30.0, 40.0}


def test_series_interpolates_and_holds_ends() -> None:
    s = Series((0.0, 100.0), (10.0, 20.0))
    assert list(s.sample(np.array([-5.0, 50.0, 500.0]), np.random.default_rng(0))) == [10, 15, 20]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Constant(-1), "level must be between 0 and"),
        (lambda: Diurnal(amplitude=1.5), "amplitude must be between 0 and 1"),
        (lambda: LoadTrace(()), "at least one shape"),
        (lambda: LoadTrace((Constant(1),), noise=2), "noise must be between 0 and 1"),
        (lambda: Series((0.0, 0.0), (1.0, 2.0)), "strictly increasing"),
        (lambda: Series((0.0,), (-1.0,)), "at least 0"),
        (lambda: preset("nope"), "unknown load preset 'nope'"),
    ],
)
def test_bad_shapes_are_refused_with_the_rule(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_presets_sample_and_scale() -> None:
    for name, trace in PRESETS.items():
        y = trace.sample(GRID, 0)
        assert y.shape == (GRID.n_steps,), name
        assert np.all(y >= 0), name
    flat = scaled(preset("Flat"), 3).sample(GRID, 0)
    assert np.all(flat == 300)


def test_retimed_squeezes_a_day_into_an_hour() -> None:
    day = LoadTrace((Constant(10), Step(5, 43_200)))
    hour = retimed(day, 1 / 24)
    y = hour.sample(TimeGrid(3600, 60), 0)
    assert y[29] == 10 and y[30] == 15


def test_as_load_accepts_traces_numbers_and_arrays() -> None:
    g = TimeGrid(600, 60)
    assert np.all(as_load(7, g) == 7)
    assert as_load(np.ones((3, 10)), g).shape == (3, 10)
    with pytest.raises(ValueError, match="must have 10 values per scenario"):
        as_load(np.ones(9), g)
    with pytest.raises(ValueError, match="finite and at least 0"):
        as_load(-np.ones(10), g)


@given(
    level=st.floats(0, 1e4),
    amp=st.floats(0, 1),
    noise=st.floats(0, 0.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_traces_are_deterministic_and_never_negative(level: float, amp: float, noise: float, seed: int) -> None:
    trace = LoadTrace((Constant(level), Diurnal(level, amp, 12)), noise=noise)
    a = trace.sample(GRID, seed)
    assert np.array_equal(a, trace.sample(GRID, seed))
    assert np.all(a >= 0) and np.all(np.isfinite(a))


def test_batch_loads_stacks_one_row_per_config() -> None:
    class C:
        def __init__(self, dt: float) -> None:
            self.grid = TimeGrid(600, dt)

    grid, rate = batch_loads([C(60), C(60)], [5.0, LoadTrace((Constant(2.0),))])
    assert grid == TimeGrid(600, 60) and rate.shape == (2, 10)
    assert rate[0].tolist() == [5.0] * 10 and rate[1].tolist() == [2.0] * 10
    assert batch_loads([], [])[0] is None
    with pytest.raises(ValueError, match="same length, got 1 and 2"):
        batch_loads([C(60)], [1.0, 2.0])
    with pytest.raises(ValueError, match="share horizon_s and dt_s"):
        batch_loads([C(60), C(10)], [1.0, 1.0])

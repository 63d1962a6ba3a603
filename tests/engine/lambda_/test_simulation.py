"""Lambda engine: the issue's hand-computed cases and properties (aws-facts.md §6, §9)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.lambda_ import PRICES, LambdaConfig, simulate, simulate_many, steady_concurrency
from tests.engine.public_shape import check_simulate_many


def test_concurrency_is_rate_times_duration() -> None:
    """§6: 100 req/s x 0.5 s = 50 concurrent (Little's law), in the formula and in the simulation."""
    assert steady_concurrency(100, 0.5) == 50.0
    f = simulate(LambdaConfig(horizon_s=300, duration_s=0.5), 100.0).frame
    assert f["concurrency"].iloc[-60:].mean() == pytest.approx(50.0, abs=0.5)
    assert f["throttled"].sum() == 0


def test_aws_today_scales_zero_to_5000_in_50_seconds() -> None:
    """§6 (docs scaling-behavior): +1,000 environments per 10 s per function: 0 -> 5,000 takes 50 s."""
    cfg = LambdaConfig(horizon_s=120, duration_s=1.0, account_limit=10_000, rules="aws-today", cold_start_s=0)
    f = simulate(cfg, 10_000.0).frame
    first = int(np.argmax(f["concurrency"].to_numpy() >= 5000 - 1e-9))
    assert f["t_s"][first] + cfg.dt_s == pytest.approx(50.0)


def test_course_burst_then_500_per_minute() -> None:
    """§6 [HIST], §9: a Region burst of 3,000, then +500 per minute: 5,000 after 3000 + 4 x 500 -> 240 s."""
    cfg = LambdaConfig(horizon_s=400, duration_s=1.0, account_limit=10_000, burst=3000, cold_start_s=0)
    f = simulate(cfg, 10_000.0).frame
    assert f["concurrency"].iloc[0] == 3000
    first = int(np.argmax(f["concurrency"].to_numpy() >= 5000 - 1e-9))
    assert f["t_s"][first] == pytest.approx(240.0, abs=1)


def test_reserved_concurrency_caps_and_sync_callers_get_429s() -> None:
    """§6: reserved concurrency is a hard cap; synchronous overflow is throttled (429), not retried."""
    f = simulate(LambdaConfig(horizon_s=300, reserved=50), 200.0).frame  # needs 100
    assert f["concurrency"].max() == pytest.approx(50.0)
    assert f["throttled"].sum() == 300 * 200 - f["invocations"].sum()
    assert f["throttled"].sum() == pytest.approx(300 * 100, rel=0.01)


def test_reserved_zero_throttles_everything() -> None:
    """§6: reserved concurrency 0 stops the function: every synchronous call is throttled."""
    f = simulate(LambdaConfig(horizon_s=60, reserved=0), 10.0).frame
    assert f["invocations"].sum() == 0
    assert f["throttled"].sum() == 600


def test_async_events_wait_and_are_dropped_after_max_age() -> None:
    """§6: async throttles are retried (queued) up to MaximumEventAgeInSeconds, then dropped."""
    cfg = LambdaConfig(horizon_s=600, reserved=50, invocation="async", max_event_age_s=120)
    f = simulate(cfg, 200.0).frame
    assert f["async_dropped"].iloc[-1] > 0
    total = f["load"].sum()
    assert f["invocations"].sum() + f["async_waiting"].iloc[-1] + f["async_dropped"].iloc[-1] == total


def test_provisioned_concurrency_removes_cold_starts_at_a_cost() -> None:
    """§6: provisioned environments are initialised in advance (no cold starts) and charged: with the
    illustrative prices, busy provisioned time is cheaper than on-demand, idle provisioned time is not."""
    base = dict(horizon_s=600, duration_s=0.5)
    cold = simulate(LambdaConfig(**base), 100.0).frame
    warm = simulate(LambdaConfig(provisioned=60, **base), 100.0).frame
    assert cold["cold_starts"].sum() == 50
    assert warm["cold_starts"].sum() == 0
    assert warm["cost_usd"].iloc[-1] < cold["cost_usd"].iloc[-1]  # 50 of 60 busy
    idle = simulate(LambdaConfig(provisioned=500, **base), 100.0).frame
    assert idle["cost_usd"].iloc[-1] > cold["cost_usd"].iloc[-1]  # 50 of 500 busy


def test_cost_per_request_and_gb_second() -> None:
    """Illustrative prices (2026): 600 s x 100 req/s x 0.5 s x 0.5 GB = 15,000 GB-s plus 60,000 requests."""
    f = simulate(LambdaConfig(horizon_s=600, duration_s=0.5, memory_mb=512, cold_start_s=0), 100.0).frame
    expected = 60_000 * PRICES["request"] + 15_000 * PRICES["gb_s"]
    assert f["cost_usd"].iloc[-1] == pytest.approx(expected, rel=1e-6)


cfgs = st.builds(
    LambdaConfig,
    invocation=st.sampled_from(["sync", "async"]),
    duration_s=st.sampled_from([0.05, 0.5, 3.0]),
    reserved=st.sampled_from([None, 20, 400]),
    provisioned=st.sampled_from([0, 10]),
    burst=st.sampled_from([500, 3000]),
    max_event_age_s=st.sampled_from([60.0, 600.0]),
    horizon_s=st.just(300.0),
    rules=st.sampled_from(["course", "aws-today"]),
)


@given(cfgs, st.floats(0, 500))
def test_requests_conserved_and_concurrency_within_limits(cfg, rate) -> None:
    f = simulate(cfg, rate).frame
    arrived = np.floor(np.cumsum(f["load"].to_numpy()) + 1e-9)
    if cfg.invocation == "sync":
        assert np.all(np.cumsum(f["invocations"] + f["throttled"]) == arrived)
    else:
        assert np.all(np.cumsum(f["invocations"]) + f["async_waiting"] + f["async_dropped"] == arrived)
    assert np.all(f["concurrency"] <= f["limit"] + 1e-6)
    assert np.all(f["concurrency"] <= cfg.cap + 1e-6)
    assert f["async_waiting"].min() >= 0


@given(st.lists(cfgs, min_size=1, max_size=3), st.integers(0, 3))
def test_batched_equals_one_by_one(configs, seed) -> None:
    batch = simulate_many(configs, 150.0, seed=seed)
    for i, cfg in enumerate(configs):
        assert batch.scenario(i).frame.equals(simulate(cfg, 150.0, seed=seed).frame)


def test_simulate_many_returns_a_stacked_result_whose_scenarios_are_simulate() -> None:
    """The shared shape, on a capped sync function and a capped async one."""
    configs = [LambdaConfig(horizon_s=300, reserved=50), LambdaConfig(horizon_s=300, invocation="async", reserved=20)]
    many = check_simulate_many(simulate, simulate_many, configs, 200.0, seed=1)
    assert many.summary["peak_concurrency"].tolist() == [50.0, 20.0]


def test_the_old_engine_serverless_path_still_imports_every_name() -> None:
    """``engine.serverless`` became ``engine.lambda_``: the old path warns and names the new one."""
    import importlib
    import sys

    sys.modules.pop("engine.serverless", None)
    with pytest.warns(DeprecationWarning, match="engine.lambda_"):
        old = importlib.import_module("engine.serverless")
    for name in ("PRICES", "SCHEMA", "LambdaConfig", "simulate", "simulate_many", "steady_concurrency", "warmup"):
        assert hasattr(old, name), name

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


def test_aws_today_adds_1000_at_once_then_1000_every_10_seconds() -> None:
    """§6 (docs scaling-behavior), §9: each function adds up to 1,000 execution environments every
    10 s, refilled continuously, unused rate not accumulated: 0 -> 1,000 at once, then +100 a second.

    10,000 req/s of 1 s functions, account limit 10,000, no cold start: concurrency 1,000 at t = 0,
    1,000 + 100 x 10 = 2,000 at t = 10 s, 1,000 + 100 x 40 = 5,000 at t = 40 s; the rest are 429s.
    (This test used to expect a ramp from 100, reaching 5,000 at 50 s: that throttled a burst AWS
    absorbs.)"""
    cfg = LambdaConfig(horizon_s=120, duration_s=1.0, account_limit=10_000, rules="aws-today", cold_start_s=0)
    f = simulate(cfg, 10_000.0).frame.set_index("t_s")
    assert f.loc[0.0, "concurrency"] == 1000
    assert f.loc[10.0, "concurrency"] == 2000
    assert f.loc[40.0, "concurrency"] == 5000
    assert f.loc[0.0, "throttled"] == 9000
    assert f.loc[90.0, "concurrency"] == 10_000  # the account limit, after 1,000 + 100 x 90 s


def test_aws_today_absorbs_a_burst_of_1000_at_once() -> None:
    """§6: a function at rest takes a jump to 1,000 concurrent without throttling (AWS today)."""
    cfg = LambdaConfig(horizon_s=60, duration_s=1.0, rules="aws-today", cold_start_s=0)
    f = simulate(cfg, 1000.0).frame
    assert f["throttled"].sum() == 0
    assert f["concurrency"].iloc[0] == 1000


def test_course_edition_has_no_scaling_limits() -> None:
    """Course notes (Lambda): "No limits to scaling a function since AWS dynamically allocates
    capacity"; aws-facts §9. 10,000 req/s of 1 s functions with an account limit of 10,000 run at
    10,000 concurrent from the first second: nothing throttled."""
    cfg = LambdaConfig(horizon_s=60, duration_s=1.0, account_limit=10_000, cold_start_s=0)
    assert cfg.model == "unlimited" and cfg.rps_quota is None
    f = simulate(cfg, 10_000.0).frame
    assert f["concurrency"].iloc[0] == 10_000
    assert f["throttled"].sum() == 0


def test_old_burst_model_then_500_per_minute() -> None:
    """§6 [HIST], §9: AWS's older documented model (docs to Oct 2023), a lab option in either
    edition: a Region burst of 3,000, then +500 per minute: 5,000 after 3,000 + 4 x 500 -> 240 s."""
    for rules in ("course", "aws-today"):
        cfg = LambdaConfig(horizon_s=400, duration_s=1.0, account_limit=10_000, burst=3000, cold_start_s=0,
                           scaling="old-burst", rules=rules)  # fmt: skip
        assert cfg.model == "old-burst"
        f = simulate(cfg, 10_000.0).frame
        assert f["concurrency"].iloc[0] == 3000
        first = int(np.argmax(f["concurrency"].to_numpy() >= 5000 - 1e-9))
        assert f["t_s"][first] == pytest.approx(240.0, abs=1)


def test_request_rate_quota_is_10_times_the_concurrency_limit() -> None:
    """§6 (LAM-DG gettingstarted-limits): invocations/s are capped at 10 x the account concurrency
    quota. 50,000 req/s of 10 ms functions need only 50,000 x 0.01 = 500 concurrent (under the
    1,000 limit), but AWS today runs 10 x 1,000 = 10,000 a second: over 60 s 600,000 run and
    2,400,000 get 429s, every one of them over the rate quota. The course edition (no limits) runs
    all 3,000,000."""
    base = dict(horizon_s=60, duration_s=0.01, cold_start_s=0)
    today = simulate(LambdaConfig(rules="aws-today", **base), 50_000.0)
    s = today.summary.iloc[0]
    assert s["invocations_total"] == 600_000
    assert s["throttled_total"] == s["rate_limited_total"] == 2_400_000
    assert "rate_limit" in set(today.events["kind"])
    throttle = today.events.loc[today.events["kind"] == "throttle", "message"].iloc[0]
    assert "over the request-rate quota of 10,000 invocations/s" in throttle  # not an environment ceiling
    course = simulate(LambdaConfig(**base), 50_000.0).summary.iloc[0]
    assert course["invocations_total"] == 3_000_000 and course["throttled_total"] == 0


def test_rate_quota_and_concurrency_cap_together_the_tighter_binds() -> None:
    """§6, both limits at once. Account limit 200: concurrency <= 200 and invocations <= 2,000/s.
    5,000 req/s of 0.2 s functions: 200 / 0.2 = 1,000/s fit the environments, under the 2,000/s
    quota: 1,000 run, 4,000 throttled, none by the quota. Of 0.05 s functions: 200 / 0.05 = 4,000/s
    would fit, the quota lets 2,000 run: 3,000 throttled, 2,000 of them by the quota."""
    base = dict(horizon_s=30, account_limit=200, cold_start_s=0, rules="aws-today")
    slow = simulate(LambdaConfig(duration_s=0.2, **base), 5_000.0).frame
    assert (slow["invocations"] == 1000).all() and (slow["throttled"] == 4000).all()
    assert slow["rate_limited"].sum() == 0
    fast = simulate(LambdaConfig(duration_s=0.05, **base), 5_000.0).frame
    assert (fast["invocations"] == 2000).all() and (fast["throttled"] == 3000).all()
    assert (fast["rate_limited"] == 2000).all()
    assert fast["concurrency"].max() == pytest.approx(100.0)


def test_scaling_rate_then_the_cap() -> None:
    """§6: AWS today, account limit 3,000, 5,000 req/s of 1 s functions: 1,000 at once, +100/s, the
    cap of 3,000 reached at t = 20 s (1,000 + 100 x 20) and held; the log names both."""
    cfg = LambdaConfig(horizon_s=60, duration_s=1.0, account_limit=3_000, rules="aws-today", cold_start_s=0)
    r = simulate(cfg, 5_000.0)
    f = r.frame.set_index("t_s")
    assert f.loc[19.0, "concurrency"] == 2900 and f.loc[20.0, "concurrency"] == 3000
    assert f["concurrency"].max() == 3000
    at_cap = r.events[r.events["kind"] == "at_cap"]
    assert at_cap["t_s"].tolist() == [20.0]
    assert {"throttle", "at_cap"} <= set(r.events["kind"])


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
    scaling=st.sampled_from(["edition", "old-burst"]),
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
    if cfg.rps_quota is not None:
        assert f["invocations"].max() <= cfg.rps_quota * cfg.dt_s
    assert np.all(f["rate_limited"] <= f["throttled"])
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

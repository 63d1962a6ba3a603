"""Step Functions runs: Retry/Catch timings, limits and cost, invariants, batches (aws-facts §8.1)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.core import Result
from engine.stepfunctions import (
    EXAMPLES,
    EXPRESS_MAX_S,
    HISTORY_LIMIT,
    PRICES,
    SUMMARY,
    WorkflowConfig,
    simulate,
    simulate_many,
)
from tests.engine.public_shape import check_simulate_many
from tests.engine.stepfunctions.machines import ARN, machine

# --- Retry and Catch ----------------------------------------------------------------------------


def test_retry_backoff_waits_2_4_8_then_catch() -> None:
    """SFN-DG error handling: IntervalSeconds 2, BackoffRate 2, MaxAttempts 3 -> waits 2, 4, 8 s;
    when the retries run out, Catch routes the error to its Next (aws-facts §8.1)."""
    cfg = WorkflowConfig(EXAMPLES["Retry with backoff"], executions=3, flaky_task="CallFlakyApi", flaky_fail=1.0)
    res = simulate(cfg, seed=1)
    v = res.extra["visits"]
    for e in range(3):
        calls = v[(v["execution"] == e) & (v["state"] == "CallFlakyApi")].sort_values("start_s")
        assert list(calls["outcome"]) == ["retried", "retried", "retried", "caught"]
        gaps = calls["start_s"].to_numpy()[1:] - calls["end_s"].to_numpy()[:-1]
        np.testing.assert_allclose(gaps, [2.0, 4.0, 8.0])
        after = v[(v["execution"] == e) & (v["start_s"] >= calls["end_s"].max())]["state"].tolist()
        assert after[-2:] == ["GiveUp", "Failed"]
    ex = res.extra["executions"]
    assert (ex["status"] == "FAILED").all() and (ex["error"] == "ApiUnavailable").all()
    assert (ex["retries"] == 3).all() and (ex["caught"] == 1).all()


def test_task_timeout_raises_states_timeout_and_is_retried() -> None:
    """A Task's TimeoutSeconds ends the attempt with States.Timeout, which a retrier can match."""
    text = machine(
        {
            "Slow": {
                "Type": "Task",
                "Resource": ARN,
                "TimeoutSeconds": 1,
                "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 1, "MaxAttempts": 1}],
                "End": True,
            }
        }
    )
    res = simulate(WorkflowConfig(text, executions=5, default_task_s=100.0), seed=0)
    ex = res.extra["executions"]
    assert (ex["error"] == "States.Timeout").all()
    np.testing.assert_allclose(ex["duration_s"], 1 + 1 + 1)  # attempt, wait 1 s, attempt


def test_choice_routes_on_the_input() -> None:
    """No order in stock: every execution takes the Default branch (4 state transitions)."""
    res = simulate(WorkflowConfig(executions=50, in_stock_p=0.0), seed=0)
    ex = res.extra["executions"]
    assert (ex["status"] == "SUCCEEDED").all()
    assert (ex["transitions"] == 4).all()
    assert set(res.extra["visits"]["state"]) == {"ValidateOrder", "CheckStock", "InStock?", "NotifyBackorder"}


# --- limits and cost ---------------------------------------------------------------------------


def test_express_stops_at_five_minutes_standard_does_not() -> None:
    """§8.1: Express max duration 5 min; Standard 1 year."""
    text = machine({"Review": {"Type": "Wait", "Seconds": 400, "End": True}})
    exp = simulate(WorkflowConfig(text, workflow_type="EXPRESS", executions=4), seed=0).extra["executions"]
    std = simulate(WorkflowConfig(text, workflow_type="STANDARD", executions=4), seed=0).extra["executions"]
    assert (exp["status"] == "TIMED_OUT").all()
    np.testing.assert_allclose(exp["duration_s"], EXPRESS_MAX_S)
    assert (std["status"] == "SUCCEEDED").all()
    np.testing.assert_allclose(std["duration_s"], 400)


def test_history_limit_fails_a_huge_standard_map_only() -> None:
    """§8.1: a Standard execution's history holds at most 25,000 events; Express keeps none."""
    text = machine(
        {
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "Iterator": {"StartAt": "Do", "States": {"Do": {"Type": "Task", "Resource": ARN, "End": True}}},
                "End": True,
            }
        }
    )
    kw = {"executions": 3, "max_items": 10_000, "default_task_s": 0.1}
    std = simulate(WorkflowConfig(text, **kw), seed=0).extra["executions"]
    big = std["history_events"] > HISTORY_LIMIT
    assert big.any()
    assert (std.loc[big, "status"] == "FAILED").all()
    exp = simulate(WorkflowConfig(text, workflow_type="EXPRESS", **kw), seed=0).extra["executions"]
    assert (exp["status"] == "SUCCEEDED").all()


def test_standard_cost_is_per_transition_express_per_request_and_duration() -> None:
    """§8.1 pricing model; illustrative prices."""
    text = machine({"W": {"Type": "Wait", "Seconds": 10, "Next": "P"}, "P": {"Type": "Pass", "End": True}})
    std = simulate(WorkflowConfig(text, executions=10), seed=0).extra["executions"]
    np.testing.assert_allclose(std["cost_usd"], 2 * PRICES["standard_per_transition"])
    exp = simulate(WorkflowConfig(text, workflow_type="EXPRESS", executions=10), seed=0).extra["executions"]
    per = PRICES["express_per_request"] + 10 * PRICES["express_memory_gb"] * PRICES["express_per_gb_s"]
    np.testing.assert_allclose(exp["cost_usd"], per)


def test_map_runs_in_waves_of_max_concurrency() -> None:
    """MaxConcurrency 2 and 5 items: three waves (documented approximation)."""
    text = machine(
        {
            "Each": {
                "Type": "Map",
                "MaxConcurrency": 2,
                "Iterator": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": True}}},
                "End": True,
            }
        }
    )
    ex = simulate(WorkflowConfig(text, executions=30, max_items=5), seed=0).extra["executions"]
    np.testing.assert_allclose(ex["duration_s"], 10 * np.ceil(ex["in_items"] / 2))


# --- invariants ---------------------------------------------------------------------------------


@given(
    n=st.integers(1, 300),
    rate=st.floats(1, 500),
    fail=st.floats(0, 1),
    items=st.integers(0, 20),
    wtype=st.sampled_from(["STANDARD", "EXPRESS"]),
    seed=st.integers(0, 1000),
)
def test_executions_are_conserved(n, rate, fail, items, wtype, seed) -> None:
    cfg = WorkflowConfig(
        executions=n,
        rate_per_min=rate,
        flaky_task="ChargePayment",
        flaky_fail=fail,
        max_items=items,
        workflow_type=wtype,
    )
    res = simulate(cfg, seed=seed)
    f = res.frame
    total = f["in_progress"] + f["succeeded"] + f["failed"] + f["timed_out"] + f["not_started"]
    assert (total == n).all()
    assert (f[["in_progress", "started", "not_started"]] >= 0).all().all()
    assert f["succeeded"].iloc[-1] + f["failed"].iloc[-1] + f["timed_out"].iloc[-1] == n
    ex = res.extra["executions"]
    assert (ex["end_s"] >= ex["start_s"]).all()
    assert (ex["duration_s"] <= cfg.max_duration_s + 1e-9).all()


def test_same_seed_same_result_and_batched_equals_one_by_one() -> None:
    cfgs = [WorkflowConfig(executions=50), WorkflowConfig(executions=30, workflow_type="EXPRESS", flaky_task="Pack")]
    a, b = simulate(cfgs[0], seed=3), simulate(cfgs[0], seed=3)
    assert a.frame.equals(b.frame) and a.extra["visits"].equals(b.extra["visits"])
    many = simulate_many(cfgs, seed=3)
    for i, c in enumerate(cfgs):
        one = simulate(c, seed=3)
        assert many.scenario(i).frame.equals(one.frame)
        assert many.scenario(i).extra["executions"].equals(one.extra["executions"])


def test_a_definition_that_loops_forever_is_stopped_and_explained() -> None:
    """A Choice that always loops back: the simulator stops after its visit limit, fails the lanes
    with States.Runtime and says so in the event log."""
    text = machine(
        {
            "A": {"Type": "Wait", "Seconds": 1, "Next": "B"},
            "B": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.in_stock", "BooleanEquals": True, "Next": "A"}],
                "Default": "C",
            },
            "C": {"Type": "Succeed"},
        }
    )
    res = simulate(WorkflowConfig(text, executions=50, in_stock_p=1.0), seed=0)
    assert (res.extra["executions"]["error"] == "States.Runtime").all()
    assert "loop" in set(res.events["kind"])


def test_simulate_many_is_a_result_of_its_scenarios_and_summary_only_keeps_the_summary() -> None:
    cfgs = [WorkflowConfig(executions=40), WorkflowConfig(executions=25, workflow_type="EXPRESS", flaky_task="Pack")]
    check_simulate_many(simulate, simulate_many, cfgs, None, 5)
    many = simulate_many(cfgs, seed=5)
    assert isinstance(many, Result) and many.n_scenarios == 2 and many.config == cfgs
    for i, c in enumerate(cfgs):
        one = simulate(c, seed=5)
        assert many.scenario(i).frame.equals(one.frame)
        assert many.scenario(i).events.drop(columns="scenario").equals(one.events.drop(columns="scenario"))
        assert many.scenario(i).summary.equals(one.summary)
    fast = simulate_many(cfgs, seed=5, summary=True)
    assert fast.frame.empty and list(fast.frame.columns) == list(many.frame.columns)
    assert fast.summary.equals(many.summary)
    assert list(fast.summary.columns) == ["scenario", *SUMMARY.names]
    shown = set(many.frame.columns) | set(many.extra["executions"].columns) | set(many.extra["visits"].columns)
    assert set(many.units) >= shown | set(SUMMARY.names)


def test_a_single_config_still_gives_a_stacked_result() -> None:
    many = simulate_many([WorkflowConfig(executions=3)], seed=0)
    assert isinstance(many, Result) and list(many.summary["scenario"]) == [0]

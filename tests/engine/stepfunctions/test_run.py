"""Step Functions lab: ASL validation, Retry/Catch timings, limits and cost (aws-facts §8.1, §8.2)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.core import Result
from engine.stepfunctions import (
    EXAMPLES,
    EXPRESS_MAX_S,
    HISTORY_LIMIT,
    ORDER_FULFILMENT,
    PRICES,
    SUMMARY,
    WorkflowConfig,
    parse,
    simulate,
    simulate_many,
    swf_history,
    swf_summary,
)

ARN = "arn:aws:lambda:us-east-1:1:function:f"


def machine(states: dict, start: str | None = None, **top) -> str:
    return json.dumps({"StartAt": start or next(iter(states)), "States": states, **top})


# --- validation: messages name the JSON path -------------------------------------------------


def test_unknown_next_names_the_path() -> None:
    doc = json.loads(ORDER_FULFILMENT)
    doc["States"]["CheckStock"]["Next"] = "Ship!"
    with pytest.raises(ValueError, match=r"States\.CheckStock\.Next: 'Ship!' is not a state"):
        parse(json.dumps(doc))


def test_nested_paths_and_several_problems_are_listed() -> None:
    doc = json.loads(ORDER_FULFILMENT)
    pick = doc["States"]["Fulfil"]["Branches"][0]["States"]["PickItems"]["Iterator"]["States"]["PickItem"]
    pick["Retry"][0]["BackoffRate"] = 0.5
    doc["States"]["Ship"]["Type"] = "Job"
    with pytest.raises(ValueError) as exc:
        parse(json.dumps(doc))
    msg = str(exc.value)
    assert "States.Fulfil.Branches[0].States.PickItems.Iterator.States.PickItem.Retry[0].BackoffRate" in msg
    assert "States.Ship.Type: must be one of Task" in msg


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{not json", "not valid JSON: line 1 column 2"),
        ("", "definition is empty"),
        (machine({"A": {"Type": "Pass", "End": True}}, start="B"), "StartAt: 'B' is not a state"),
        (machine({"A": {"Type": "Pass"}}), "States.A: needs exactly one of Next"),
        (machine({"A": {"Type": "Pass", "End": True}, "B": {"Type": "Succeed"}}), "States.B: is not reachable"),
        (
            machine(
                {
                    "A": {
                        "Type": "Task",
                        "Resource": ARN,
                        "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}],
                        "End": True,
                    }
                }
            ),
            "States.A.Retry[0].ErrorEquals: a retrier with 'States.ALL' must be the last one",
        ),
        (machine({"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "Next": "A"}]}}), "exactly one comparison"),
        (machine({"A": {"Type": "Task", "End": True}}), "States.A.Resource: is required"),
        (machine({"A": {"Type": "Wait", "Next": "B"}, "B": {"Type": "Succeed"}}), "exactly one of Seconds"),
    ],
)
def test_invalid_definitions_are_explained(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse(text)
    assert fragment in str(exc.value)


def test_config_rejects_bad_values_naming_the_field() -> None:
    with pytest.raises(ValueError, match="executions must be between 1 and 10000"):
        WorkflowConfig(executions=0)
    with pytest.raises(ValueError, match="workflow_type must be one of"):
        WorkflowConfig(workflow_type="FAST")
    with pytest.raises(ValueError, match="flaky_task 'Nope' is not a Task state"):
        WorkflowConfig(flaky_task="Nope")
    bad = machine(
        {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.colour", "StringEquals": "red", "Next": "E"}],
                "Default": "E",
            },
            "E": {"Type": "Succeed"},
        }
    )
    with pytest.raises(ValueError, match=r"States.C.Choices\[0\].Variable: '\$.colour' is not a field"):
        WorkflowConfig(bad)


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


def test_swf_history_has_decisions_for_each_activity() -> None:
    """§8.2: each activity is scheduled by a decision and its result triggers another decision task."""
    res = simulate(WorkflowConfig(executions=5, in_stock_p=0.0), seed=0)
    s = swf_summary(swf_history(res.extra["visits"], 0))
    assert s["activity_tasks"] == 3  # Validate, CheckStock, NotifyBackorder
    assert s["decision_tasks"] == 4  # the first, then one after each activity
    assert s["decider_code_steps"] == 1  # the Choice


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
    assert set(many.units) >= shown - {"scenario"} | set(SUMMARY.names)


def test_a_single_config_still_gives_a_stacked_result() -> None:
    many = simulate_many([WorkflowConfig(executions=3)], seed=0)
    assert isinstance(many, Result) and list(many.summary["scenario"]) == [0]

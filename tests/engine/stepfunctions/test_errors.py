"""Step Functions error handling and concurrency, hand-computed (aws-facts §8.1; SFN-DG pages named
in each test: ``concepts-error-handling``, ``state-parallel``, ``state-map-inline``,
``integrate-optimized``)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.stepfunctions import WorkflowConfig, simulate
from tests.engine.stepfunctions.machines import ARN, machine


def _gaps(visits, state: str, execution: int = 0) -> np.ndarray:
    """Seconds between the end of one attempt of ``state`` and the start of the next."""
    calls = visits[(visits["execution"] == execution) & (visits["state"] == state)].sort_values("start_s")
    return calls["start_s"].to_numpy()[1:] - calls["end_s"].to_numpy()[:-1]


def _always_failing(retrier: dict) -> str:
    return machine({"Call": {"Type": "Task", "Resource": ARN, "Retry": [retrier], "End": True}})


# --- retrier backoff --------------------------------------------------------------------------


def test_max_delay_seconds_caps_the_backoff() -> None:
    """SFN-DG concepts-error-handling: retry n waits IntervalSeconds × BackoffRate^(n-1), at most
    MaxDelaySeconds. IntervalSeconds 3, BackoffRate 2, MaxAttempts 5, MaxDelaySeconds 10:
    3, 6, 12 -> 10, 24 -> 10, 48 -> 10, so the waits are 3, 6, 10, 10, 10 s; then the sixth
    attempt fails and the error ends the execution."""
    text = _always_failing(
        {
            "ErrorEquals": ["States.ALL"],
            "IntervalSeconds": 3,
            "BackoffRate": 2.0,
            "MaxAttempts": 5,
            "MaxDelaySeconds": 10,
        }
    )
    res = simulate(WorkflowConfig(text, executions=4, default_fail=1.0), seed=3)
    for e in range(4):
        np.testing.assert_allclose(_gaps(res.extra["visits"], "Call", e), [3, 6, 10, 10, 10])
    ex = res.extra["executions"]
    assert (ex["retries"] == 5).all() and (ex["status"] == "FAILED").all()


def test_full_jitter_waits_a_seeded_random_time_up_to_the_capped_backoff() -> None:
    """SFN-DG concepts-error-handling: JitterStrategy FULL waits a random time between 0 and the
    (capped) backoff. IntervalSeconds 4, BackoffRate 2, MaxDelaySeconds 5 -> caps 4, 5, 5 s; the
    draws come from the seed, so the same seed gives the same waits and another seed others."""
    text = _always_failing(
        {
            "ErrorEquals": ["States.ALL"],
            "IntervalSeconds": 4,
            "BackoffRate": 2.0,
            "MaxAttempts": 3,
            "MaxDelaySeconds": 5,
            "JitterStrategy": "FULL",
        }
    )
    cfg = WorkflowConfig(text, executions=50, default_fail=1.0)
    v = simulate(cfg, seed=1).extra["visits"]
    gaps = np.array([_gaps(v, "Call", e) for e in range(50)])
    assert gaps.shape == (50, 3)
    assert (gaps >= 0).all() and (gaps <= np.array([4, 5, 5]) + 1e-9).all()
    assert gaps.std() > 0.5  # not the fixed 4, 5, 5
    np.testing.assert_allclose(gaps.mean(axis=0), [2.0, 2.5, 2.5], atol=0.6)  # uniform: half the cap
    again = simulate(cfg, seed=1).extra["visits"]
    np.testing.assert_array_equal(again["start_s"], v["start_s"])
    other = simulate(cfg, seed=2).extra["visits"]
    assert not np.allclose(_gaps(other, "Call", 0), gaps[0])


def test_bad_retrier_fields_are_named() -> None:
    text = _always_failing({"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": 0, "JitterStrategy": "HALF"})
    with pytest.raises(ValueError, match=r"Retry\[0\]\.MaxDelaySeconds.*from 1") as exc:
        WorkflowConfig(text)
    assert "JitterStrategy: must be one of NONE, FULL, got 'HALF'" in str(exc.value)


# --- error names --------------------------------------------------------------------------------


def test_task_failed_matches_every_error_but_states_timeout() -> None:
    """SFN-DG concepts-error-handling: States.TaskFailed matches any error except States.Timeout.
    A task that raises 'PaymentDeclined' is retried twice (MaxAttempts 2) by a TaskFailed retrier;
    one that times out (TimeoutSeconds 1, tasks of 100 s) is not retried and fails at 1 s."""
    retry = {"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 2}
    declined = WorkflowConfig(_always_failing(retry), executions=5, profiles=(("Call", 0.5, 1.0, "PaymentDeclined"),))
    ex = simulate(declined, seed=0).extra["executions"]
    assert (ex["retries"] == 2).all() and (ex["error"] == "PaymentDeclined").all()
    slow = machine({"Call": {"Type": "Task", "Resource": ARN, "TimeoutSeconds": 1, "Retry": [retry], "End": True}})
    ex = simulate(WorkflowConfig(slow, executions=5, default_task_s=100.0), seed=0).extra["executions"]
    assert (ex["retries"] == 0).all() and (ex["error"] == "States.Timeout").all()
    np.testing.assert_allclose(ex["duration_s"], 1.0)


def test_task_failed_retry_and_all_catch_together() -> None:
    """Two rules at once: a TaskFailed retrier skips the timeout, so the States.ALL catcher after it
    routes the error on at the first attempt's end (TimeoutSeconds 2 -> 2 s, then a Pass)."""
    text = machine(
        {
            "Call": {
                "Type": "Task",
                "Resource": ARN,
                "TimeoutSeconds": 2,
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 3}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fallback"}],
                "End": True,
            },
            "Fallback": {"Type": "Pass", "End": True},
        }
    )
    ex = simulate(WorkflowConfig(text, executions=5, default_task_s=60.0), seed=0).extra["executions"]
    assert (ex["status"] == "SUCCEEDED").all() and (ex["caught"] == 1).all() and (ex["retries"] == 0).all()
    np.testing.assert_allclose(ex["duration_s"], 2.0)


# --- Parallel -----------------------------------------------------------------------------------


def _branch(states: dict) -> dict:
    return {"StartAt": next(iter(states)), "States": states}


def test_a_failed_branch_fails_the_parallel_at_once_and_stops_the_others() -> None:
    """SFN-DG state-parallel: branch A waits 5 s and fails; branch B would wait 100 s then Pass.
    The Parallel fails at 5 s with A's error, B's Wait is cut at 5 s (stopped) and its Pass never
    runs. Transitions: Parallel, A.Wait, A.Fail, B.Wait = 4 (B.Pass is not billed)."""
    text = machine(
        {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    _branch(
                        {
                            "WaitA": {"Type": "Wait", "Seconds": 5, "Next": "Broke"},
                            "Broke": {"Type": "Fail", "Error": "A.Broke"},
                        }
                    ),
                    _branch(
                        {
                            "WaitB": {"Type": "Wait", "Seconds": 100, "Next": "DoneB"},
                            "DoneB": {"Type": "Pass", "End": True},
                        }
                    ),
                ],
                "End": True,
            }
        }
    )
    res = simulate(WorkflowConfig(text, executions=3), seed=0)
    ex = res.extra["executions"]
    assert (ex["status"] == "FAILED").all() and (ex["error"] == "A.Broke").all()
    np.testing.assert_allclose(ex["duration_s"], 5.0)
    assert (ex["transitions"] == 4).all()
    v = res.extra["visits"]
    wait_b = v[v["state"] == "Both › WaitB"]
    assert (wait_b["outcome"] == "stopped").all()
    np.testing.assert_allclose(wait_b["end_s"] - wait_b["start_s"], 5.0)
    assert "Both › DoneB" not in set(v["state"])
    assert "stopped" in set(res.events["kind"])


def test_the_parallel_error_is_the_earliest_failure_not_the_first_branch() -> None:
    """SFN-DG state-parallel: the first branch fails at 20 s ('Late'), the second at 5 s ('Early'):
    the state fails at 5 s with 'Early', and a Catch on it routes on at 5 s."""
    text = machine(
        {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    _branch(
                        {"W1": {"Type": "Wait", "Seconds": 20, "Next": "F1"}, "F1": {"Type": "Fail", "Error": "Late"}}
                    ),
                    _branch(
                        {"W2": {"Type": "Wait", "Seconds": 5, "Next": "F2"}, "F2": {"Type": "Fail", "Error": "Early"}}
                    ),
                ],
                "Catch": [{"ErrorEquals": ["Early"], "Next": "Handled"}],
                "End": True,
            },
            "Handled": {"Type": "Wait", "Seconds": 1, "End": True},
        }
    )
    res = simulate(WorkflowConfig(text, executions=2), seed=0)
    ex = res.extra["executions"]
    assert (ex["status"] == "SUCCEEDED").all() and (ex["caught"] == 1).all()
    np.testing.assert_allclose(ex["duration_s"], 5.0 + 1.0)
    v = res.extra["visits"]
    assert (v.loc[v["state"] == "Both › W1", "outcome"] == "stopped").all()
    assert "Both › F1" not in set(v["state"])


# --- inline Map ---------------------------------------------------------------------------------


def _map(iterator: dict, **extra) -> str:
    return machine({"Each": {"Type": "Map", "ItemsPath": "$.items", "Iterator": iterator, **extra, "End": True}})


def test_inline_map_runs_at_most_40_iterations_at_once() -> None:
    """SFN-DG state-map-inline: up to 40 concurrent iterations. Items of a 10 s Wait: 100 items run
    in waves of 40, 40, 20 -> 30 s; in general 10 s × ceil(items / 40). MaxConcurrency 0 (no limit)
    and MaxConcurrency 50 both give 40; MaxConcurrency 25 gives ceil(items / 25)."""
    wait = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": True}}}
    for mc, c in ((None, 40), (50, 40), (25, 25)):
        text = _map(wait, **({} if mc is None else {"MaxConcurrency": mc}))
        res = simulate(WorkflowConfig(text, executions=60, max_items=100), seed=4)
        ex = res.extra["executions"]
        np.testing.assert_allclose(ex["duration_s"], 10 * np.ceil(ex["in_items"] / c))
        assert "map_concurrency" in set(res.events["kind"])
        if c == 40:  # 81 to 100 items: three waves of at most 40 -> 30 s
            big = ex["in_items"] > 80
            assert big.any()
            np.testing.assert_allclose(ex.loc[big, "duration_s"], 30.0)


def test_a_failed_iteration_fails_the_map_and_stops_the_rest() -> None:
    """SFN-DG state-map-inline: each iteration waits 10 s and fails ('ItemBad'). The first wave of
    min(items, 40) iterations fails at 10 s, which fails the Map then: later waves never start,
    so every execution records min(items, 40) Wait visits and ends at 10 s with ItemBad."""
    it = {
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "Bad"}, "Bad": {"Type": "Fail", "Error": "ItemBad"}},
    }
    res = simulate(WorkflowConfig(_map(it), executions=40, max_items=100), seed=5)
    ex = res.extra["executions"]
    assert (ex["status"] == "FAILED").all() and (ex["error"] == "ItemBad").all()
    np.testing.assert_allclose(ex["duration_s"], 10.0)
    v = res.extra["visits"]
    waits = v[v["state"] == "Each › W"].groupby("execution").size()
    np.testing.assert_array_equal(waits.reindex(ex["execution"]).to_numpy(), np.minimum(ex["in_items"], 40))
    assert (ex["in_items"] > 40).any()


def test_a_map_iteration_failing_late_stops_the_running_ones() -> None:
    """MaxConcurrency 2, items wait 10 s; every iteration fails after its Wait except that with
    only two items the second iteration runs alongside: both fail at 10 s, the Map fails at 10 s.
    With a Catch on the Map the execution goes on to a 1 s Wait: 11 s in all, one catch."""
    it = {
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "Bad"}, "Bad": {"Type": "Fail", "Error": "ItemBad"}},
    }
    text = machine(
        {
            "Each": {
                "Type": "Map",
                "MaxConcurrency": 2,
                "Iterator": it,
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "After"}],
                "End": True,
            },
            "After": {"Type": "Wait", "Seconds": 1, "End": True},
        }
    )
    ex = simulate(WorkflowConfig(text, executions=20, max_items=6), seed=0).extra["executions"]
    assert (ex["status"] == "SUCCEEDED").all() and (ex["caught"] == 1).all()
    np.testing.assert_allclose(ex["duration_s"], 11.0)


# --- Express integration patterns ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "why"),
    [
        ("arn:aws:states:::batch:submitJob.sync", ".sync"),
        ("arn:aws:states:::ecs:runTask.sync:2", ".sync"),
        ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", ".waitForTaskToken"),
        ("arn:aws:states:us-east-1:123456789012:activity:approve", "activity"),
    ],
)
def test_express_refuses_sync_callback_and_activity_tasks(resource: str, why: str) -> None:
    """aws-facts §8.1: .sync, .waitForTaskToken and activities are Standard only (SFN-DG
    integrate-optimized: Express supports only Request Response). The message names the nested
    state's JSON path; the same definition runs as STANDARD."""
    text = machine(
        {
            "Both": {
                "Type": "Parallel",
                "Branches": [_branch({"Run": {"Type": "Task", "Resource": resource, "End": True}})],
                "End": True,
            }
        }
    )
    with pytest.raises(ValueError, match=r"States\.Both\.Branches\[0\]\.States\.Run\.Resource") as exc:
        WorkflowConfig(text, workflow_type="EXPRESS")
    assert why in str(exc.value) and "STANDARD" in str(exc.value)
    assert WorkflowConfig(text, workflow_type="STANDARD").workflow_type == "STANDARD"

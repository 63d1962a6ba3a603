"""The same execution as an SWF history (aws-facts §8.2)."""

from __future__ import annotations

from engine.stepfunctions import WorkflowConfig, simulate, swf_history, swf_summary
from tests.engine.stepfunctions.machines import ARN, failing_parallel


def test_swf_history_has_decisions_for_each_activity() -> None:
    """§8.2: each activity is scheduled by a decision and its result triggers another decision task."""
    res = simulate(WorkflowConfig(executions=5, in_stock_p=0.0), seed=0)
    s = swf_summary(swf_history(res.extra["visits"], 0))
    assert s["activity_tasks"] == 3  # Validate, CheckStock, NotifyBackorder
    assert s["decision_tasks"] == 4  # the first, then one after each activity
    assert s["decider_code_steps"] == 1  # the Choice


def test_a_stopped_branch_is_a_cancelled_activity_in_swf() -> None:
    """A Parallel whose first branch fails at 1 s stops a 60 s Task in the second (SFN-DG
    state-parallel); in SWF the decider would cancel that activity (aws-facts §8.2: the decider
    owns the logic), so the history shows ActivityTaskCancelRequested and ActivityTaskCanceled."""
    text = failing_parallel("Long", {"Type": "Task", "Resource": ARN})
    res = simulate(WorkflowConfig(text, executions=1, default_task_s=60.0), seed=0)
    events = list(swf_history(res.extra["visits"], 0)["event"])
    assert "ActivityTaskCancelRequested" in events and "ActivityTaskCanceled" in events
    assert "ActivityTaskCompleted" not in events

"""The same execution as an SWF history (aws-facts §8.2)."""

from __future__ import annotations

from engine.stepfunctions import WorkflowConfig, simulate, swf_history, swf_summary


def test_swf_history_has_decisions_for_each_activity() -> None:
    """§8.2: each activity is scheduled by a decision and its result triggers another decision task."""
    res = simulate(WorkflowConfig(executions=5, in_stock_p=0.0), seed=0)
    s = swf_summary(swf_history(res.extra["visits"], 0))
    assert s["activity_tasks"] == 3  # Validate, CheckStock, NotifyBackorder
    assert s["decision_tasks"] == 4  # the first, then one after each activity
    assert s["decider_code_steps"] == 1  # the Choice

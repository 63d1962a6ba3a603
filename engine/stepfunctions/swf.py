"""The same workflow as Amazon SWF would record it: decision and activity tasks in a history.

Facts (aws-facts §8.2; course notes, "Simple Workflow Service"): a *decider* polls the decision
task list, reads the whole history and returns decisions (schedule an activity, start a timer,
complete or fail the workflow); *activity workers* long-poll the activity task list and run the
work. Branching, retries with backoff and parallelism are code in the decider, not a declared
definition: that is why AWS recommends Step Functions for new applications. An execution lasts
at most 1 year; the domain keeps histories at most 90 days.
"""

from __future__ import annotations

import pandas as pd

from engine.core import format_duration

__all__ = ["SWF_MAX_EXECUTION_S", "SWF_RETENTION_DAYS", "swf_history", "swf_summary"]

SWF_MAX_EXECUTION_S = 365 * 86_400.0
"""§8.2: an SWF workflow execution lasts at most 1 year."""
SWF_RETENTION_DAYS = 90
"""§8.2: a domain keeps closed execution histories at most 90 days."""


def _row(rows: list, t: float, event: str, actor: str, detail: str) -> None:
    rows.append((t, event, actor, detail))


def _decision(rows: list, t: float, decides: str) -> None:
    _row(rows, t, "DecisionTaskScheduled", "SWF", "a decision task is put on the decision task list")
    _row(rows, t, "DecisionTaskStarted", "decider", "the decider's long poll returns it with the full history")
    _row(rows, t, "DecisionTaskCompleted", "decider", decides)


def swf_history(visits: pd.DataFrame, execution: int = 0) -> pd.DataFrame:
    """The SWF history events of one execution, from the Step Functions run's state visits."""
    v = visits[visits["execution"] == execution].sort_values("start_s", kind="stable")
    rows: list[tuple[float, str, str, str]] = []
    t0 = float(v["start_s"].min()) if len(v) else 0.0
    _row(rows, t0, "WorkflowExecutionStarted", "starter", "StartWorkflowExecution with the order as input")
    _decision(rows, t0, "decides what runs first")
    finished = False
    for r in v.itertuples():
        name = r.state.rsplit(" › ", 1)[-1]
        if r.type in ("Parallel", "Map"):
            _row(
                rows, r.start_s, "(decider code)", "decider", f"{name}: code that schedules several activities at once"
            )
        elif r.type in ("Choice", "Pass"):
            _row(rows, r.start_s, "(decider code)", "decider", f"{name}: a branch or pass evaluated in code, no event")
        elif r.type == "Fail":
            _row(rows, r.end_s, "WorkflowExecutionFailed", "decider", f"FailWorkflowExecution decision ({name})")
            finished = True
        elif r.type == "Succeed":
            _row(rows, r.end_s, "WorkflowExecutionCompleted", "decider", "CompleteWorkflowExecution decision")
            finished = True
        elif r.type == "Wait" and r.outcome == "stopped":
            _row(rows, r.start_s, "TimerStarted", "decider", f"{name}: StartTimer decision")
            _row(rows, r.end_s, "TimerCanceled", "decider", f"{name}: CancelTimer decision (another branch failed)")
        elif r.type == "Wait":
            _row(rows, r.start_s, "TimerStarted", "decider", f"{name}: StartTimer decision")
            _row(
                rows, r.end_s, "TimerFired", "SWF", f"{name}: timer fired after {format_duration(r.end_s - r.start_s)}"
            )
            _decision(rows, r.end_s, "decides the next step")
        else:
            _row(rows, r.start_s, "ActivityTaskScheduled", "decider", f"{name}: ScheduleActivityTask decision")
            _row(rows, r.start_s, "ActivityTaskStarted", "activity worker", f"{name}: a worker's long poll picks it up")
            if r.outcome == "stopped":
                why = "another branch failed: RequestCancelActivityTask decision"
                _row(rows, r.end_s, "ActivityTaskCancelRequested", "decider", f"{name}: {why}")
                _row(rows, r.end_s, "ActivityTaskCanceled", "activity worker", f"{name}: the worker stops")
            elif r.outcome == "ok":
                _row(rows, r.end_s, "ActivityTaskCompleted", "activity worker", f"{name}: result recorded")
                _decision(rows, r.end_s, "reads the result, decides the next step")
            else:
                _row(rows, r.end_s, "ActivityTaskFailed", "activity worker", f"{name}: the worker reports an error")
                if r.outcome == "retried":
                    _decision(rows, r.end_s, "retry logic in code: StartTimer for the backoff")
                    _row(rows, r.end_s, "TimerStarted", "decider", f"{name}: backoff timer")
                else:
                    _decision(rows, r.end_s, "error handling in code: route to the handler")
    if not finished and len(v):
        _row(rows, float(v["end_s"].max()), "WorkflowExecutionCompleted", "decider", "CompleteWorkflowExecution")
    df = pd.DataFrame(rows, columns=["t_s", "event", "actor", "detail"])
    return df.sort_values("t_s", kind="stable").reset_index(drop=True)


def swf_summary(history: pd.DataFrame) -> dict[str, int]:
    """Counts that compare the two services for one execution."""
    ev = history["event"]
    return {
        "history_events": int((ev != "(decider code)").sum()),
        "decision_tasks": int((ev == "DecisionTaskCompleted").sum()),
        "activity_tasks": int((ev == "ActivityTaskScheduled").sum()),
        "decider_code_steps": int((ev == "(decider code)").sum()),
    }

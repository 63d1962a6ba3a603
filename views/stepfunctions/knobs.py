"""The Step Functions page's controls that set one field of :class:`~engine.stepfunctions.WorkflowConfig`
(compare and sweep panels); ranges and labels are the page's own."""

from __future__ import annotations

from engine.stepfunctions import WORKFLOW_TYPES
from views.knobs import Knob

__all__ = ["KNOBS"]

KNOBS: tuple[Knob, ...] = (
    Knob("type", "Workflow type", "workflow_type", choices=tuple(WORKFLOW_TYPES)),
    Knob("executions", "Executions", "executions", 10, 5000, 10),
    Knob("rate", "Start rate (executions/min)", "rate_per_min", 1, 2000, 1),
    Knob("flaky_p", "Flaky state's failure rate per attempt", "flaky_fail", 0.0, 1.0, 0.05),
    Knob("items", "Max line items per order (Map size)", "max_items", 1, 2000, 1),
    Knob("stock", "Orders in stock", "in_stock_p", 0.0, 1.0, 0.05),
    Knob("scale", "Task time scale", "task_time_scale", 0.1, 20.0, 0.1),
)

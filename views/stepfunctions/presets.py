"""Presets of the Step Functions page: each sets several controls to a scenario that teaches one thing."""

from __future__ import annotations

from engine.core import format_duration, format_number
from engine.stepfunctions import EXAMPLES, EXPRESS_MAX_S, HISTORY_LIMIT, ORDER_FULFILMENT
from views.preset import Preset

__all__ = ["PRESETS"]

_BASE = {"type": "STANDARD", "executions": 1000, "rate": 60, "flaky": "(none)", "flaky_p": 0.0, "items": 5}

PRESETS: dict[str, dict[str, Preset]] = {
    "stepfunctions": {
        "Order fulfilment": Preset(
            "The course notes' use case on a Standard workflow.",
            {**_BASE, "definition": ORDER_FULFILMENT},
            claim={"all": [{">": [{"summary": "succeeded"}, 0]}, {"==": [{"summary": "timed_out"}, 0]}]},
        ),
        f"Express hits {format_duration(EXPRESS_MAX_S)}": Preset(
            "Big orders wait 10 min for a manual review: an Express workflow is stopped at "
            f"{format_duration(EXPRESS_MAX_S)}.",
            {**_BASE, "type": "EXPRESS", "definition": ORDER_FULFILMENT},
            claim={"all": [{">": [{"summary": "timed_out"}, 0]}]},
        ),
        "Flaky payment API": Preset(
            "ChargePayment fails 60 % of attempts: retries wait 2, 4, 8 s, then Catch routes to PaymentFailed.",
            {**_BASE, "flaky": "ChargePayment", "flaky_p": 0.6, "definition": ORDER_FULFILMENT},
            claim={
                "all": [
                    {">": [{"summary": "retries"}, 0]},
                    {">=": [{"count": "caught"}, 1]},
                    {">": [{"summary": "failed"}, 0]},
                ]
            },
        ),
        "Huge Map: history limit": Preset(
            f"5,000 line items per order: a Standard execution's history passes {format_number(HISTORY_LIMIT)} "
            "events and fails.",
            {**_BASE, "executions": 20, "items": 5000, "definition": ORDER_FULFILMENT},
            claim={"all": [{">": [{"summary": "max_history_events"}, 25000]}, {">": [{"summary": "failed"}, 0]}]},
        ),
        "Retry with backoff": Preset(
            "A single flaky call: see the 2, 4, 8 s waits on the Gantt chart.",
            {**_BASE, "executions": 200, "definition": EXAMPLES["Retry with backoff"]},
            claim={"all": [{">": [{"summary": "retries"}, 0]}, {">=": [{"count": "retry"}, 1]}]},
        ),
    }
}

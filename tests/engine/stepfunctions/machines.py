"""Small state machines for the Step Functions tests."""

from __future__ import annotations

import json

ARN = "arn:aws:lambda:us-east-1:1:function:f"


def machine(states: dict, start: str | None = None, **top) -> str:
    """An ASL definition (JSON text) of ``states``, starting at the first unless ``start`` is given."""
    return json.dumps({"StartAt": start or next(iter(states)), "States": states, **top})


def failing_parallel(name: str, state: dict) -> str:
    """A Parallel 'Both' whose first branch waits 1 s then fails; its second branch is one state
    ``name`` (``state`` without its End), which the failure stops (SFN-DG state-parallel)."""
    fails = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Next": "F"}, "F": {"Type": "Fail"}}}
    other = {"StartAt": name, "States": {name: {**state, "End": True}}}
    return machine({"Both": {"Type": "Parallel", "Branches": [fails, other], "End": True}})

"""Small state machines for the Step Functions tests."""

from __future__ import annotations

import json

ARN = "arn:aws:lambda:us-east-1:1:function:f"


def machine(states: dict, start: str | None = None, **top) -> str:
    """An ASL definition (JSON text) of ``states``, starting at the first unless ``start`` is given."""
    return json.dumps({"StartAt": start or next(iter(states)), "States": states, **top})

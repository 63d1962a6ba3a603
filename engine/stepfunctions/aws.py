"""The Step Functions scenario as AWS takes it: CreateStateMachine with the learner's Amazon States
Language definition and its type (STANDARD or EXPRESS). The simulated task durations and failure
rates are how the tasks behave, not part of the definition."""

from __future__ import annotations

import json

from engine.export.aws import ACCOUNT, Artefact, api
from engine.stepfunctions.config import WorkflowConfig

__all__ = ["artefacts"]


def artefacts(c: WorkflowConfig) -> tuple[Artefact, ...]:
    """The CreateStateMachine input of a workflow scenario."""
    try:
        definition = json.dumps(json.loads(c.definition), separators=(",", ":"))
    except ValueError:
        definition = c.definition
    body = {
        "name": "scalelab-workflow",
        "definition": definition,
        "roleArn": f"arn:aws:iam::{ACCOUNT}:role/scalelab-states",
        "type": c.workflow_type,
    }
    return (api("CreateStateMachine", "stepfunctions", "CreateStateMachine", body),)

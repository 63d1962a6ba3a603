"""Step Functions settings: a bad value names the field, a bad definition the JSON path."""

from __future__ import annotations

import pytest

from engine.stepfunctions import WorkflowConfig
from tests.engine.stepfunctions.machines import machine


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

"""Amazon States Language parsing: every problem is named by its JSON path (aws-facts §8.1)."""

from __future__ import annotations

import json

import pytest

from engine.stepfunctions import ORDER_FULFILMENT, parse
from tests.engine.stepfunctions.machines import ARN, machine


def test_unknown_next_names_the_path() -> None:
    doc = json.loads(ORDER_FULFILMENT)
    doc["States"]["CheckStock"]["Next"] = "Ship!"
    with pytest.raises(ValueError, match=r"States\.CheckStock\.Next: 'Ship!' is not a state"):
        parse(json.dumps(doc))


def test_nested_paths_and_several_problems_are_listed() -> None:
    doc = json.loads(ORDER_FULFILMENT)
    pick = doc["States"]["Fulfil"]["Branches"][0]["States"]["PickItems"]["Iterator"]["States"]["PickItem"]
    pick["Retry"][0]["BackoffRate"] = 0.5
    doc["States"]["Ship"]["Type"] = "Job"
    with pytest.raises(ValueError) as exc:
        parse(json.dumps(doc))
    msg = str(exc.value)
    assert "States.Fulfil.Branches[0].States.PickItems.Iterator.States.PickItem.Retry[0].BackoffRate" in msg
    assert "States.Ship.Type: must be one of Task" in msg


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{not json", "not valid JSON: line 1 column 2"),
        ("", "definition is empty"),
        (machine({"A": {"Type": "Pass", "End": True}}, start="B"), "StartAt: 'B' is not a state"),
        (machine({"A": {"Type": "Pass"}}), "States.A: needs exactly one of Next"),
        (machine({"A": {"Type": "Pass", "End": True}, "B": {"Type": "Succeed"}}), "States.B: is not reachable"),
        (
            machine(
                {
                    "A": {
                        "Type": "Task",
                        "Resource": ARN,
                        "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}],
                        "End": True,
                    }
                }
            ),
            "States.A.Retry[0].ErrorEquals: a retrier with 'States.ALL' must be the last one",
        ),
        (machine({"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "Next": "A"}]}}), "exactly one comparison"),
        (machine({"A": {"Type": "Task", "End": True}}), "States.A.Resource: is required"),
        (machine({"A": {"Type": "Wait", "Next": "B"}, "B": {"Type": "Succeed"}}), "exactly one of Seconds"),
    ],
)
def test_invalid_definitions_are_explained(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse(text)
    assert fragment in str(exc.value)

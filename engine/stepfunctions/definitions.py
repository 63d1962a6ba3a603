"""Example state machines and the simulated work behind their Task states (Step Functions lab).

The default is the course notes' use case, order fulfilment ("Out-of-the box coordination of AWS
components (e.g. Order processing flow)"; "Best suited for ... order fulfillment", course notes,
SWF and Step Functions). Durations and failure rates are illustrative teaching values, not AWS
numbers.
"""

from __future__ import annotations

import json

__all__ = ["DEFAULT_PROFILES", "EXAMPLES", "ORDER_FULFILMENT"]

_ARN = "arn:aws:lambda:us-east-1:123456789012:function:"

ORDER_FULFILMENT: str = json.dumps(
    {
        "Comment": "Order fulfilment (the course notes' use case)",
        "StartAt": "ValidateOrder",
        "States": {
            "ValidateOrder": {"Type": "Task", "Resource": _ARN + "validate-order", "Next": "CheckStock"},
            "CheckStock": {"Type": "Task", "Resource": _ARN + "check-stock", "Next": "InStock?"},
            "InStock?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.in_stock", "BooleanEquals": True, "Next": "ChargePayment"}],
                "Default": "NotifyBackorder",
            },
            "NotifyBackorder": {"Type": "Task", "Resource": _ARN + "notify-backorder", "End": True},
            "ChargePayment": {
                "Type": "Task",
                "Resource": _ARN + "charge-payment",
                "TimeoutSeconds": 10,
                "Retry": [
                    {
                        "ErrorEquals": ["States.TaskFailed", "States.Timeout"],
                        "IntervalSeconds": 2,
                        "MaxAttempts": 3,
                        "BackoffRate": 2.0,
                    }
                ],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "PaymentFailed"}],
                "Next": "BigOrder?",
            },
            "BigOrder?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.total", "NumericGreaterThan": 500, "Next": "ManualReview"}],
                "Default": "Fulfil",
            },
            "ManualReview": {"Type": "Wait", "Seconds": 600, "Next": "Fulfil"},
            "Fulfil": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "PickItems",
                        "States": {
                            "PickItems": {
                                "Type": "Map",
                                "ItemsPath": "$.items",
                                "MaxConcurrency": 5,
                                "Iterator": {
                                    "StartAt": "PickItem",
                                    "States": {
                                        "PickItem": {
                                            "Type": "Task",
                                            "Resource": _ARN + "pick-item",
                                            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}],
                                            "End": True,
                                        }
                                    },
                                },
                                "Next": "Pack",
                            },
                            "Pack": {"Type": "Task", "Resource": _ARN + "pack", "End": True},
                        },
                    },
                    {
                        "StartAt": "SendConfirmation",
                        "States": {"SendConfirmation": {"Type": "Task", "Resource": _ARN + "send-email", "End": True}},
                    },
                ],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "RefundPayment"}],
                "Next": "Ship",
            },
            "Ship": {"Type": "Task", "Resource": _ARN + "ship", "Next": "Done"},
            "Done": {"Type": "Succeed"},
            "RefundPayment": {"Type": "Task", "Resource": _ARN + "refund", "Next": "OrderFailed"},
            "PaymentFailed": {"Type": "Fail", "Error": "PaymentFailed", "Cause": "Card declined after retries"},
            "OrderFailed": {"Type": "Fail", "Error": "FulfilmentFailed"},
        },
    },
    indent=2,
)

# Task name -> (mean duration s, failure probability per attempt, error name). Illustrative.
DEFAULT_PROFILES: tuple[tuple[str, float, float, str], ...] = (
    ("ValidateOrder", 0.2, 0.0, "States.TaskFailed"),
    ("CheckStock", 0.5, 0.0, "States.TaskFailed"),
    ("NotifyBackorder", 0.3, 0.0, "States.TaskFailed"),
    ("ChargePayment", 1.5, 0.15, "States.TaskFailed"),
    ("PickItem", 2.0, 0.02, "States.TaskFailed"),
    ("Pack", 3.0, 0.0, "States.TaskFailed"),
    ("SendConfirmation", 0.3, 0.0, "States.TaskFailed"),
    ("Ship", 1.0, 0.0, "States.TaskFailed"),
    ("RefundPayment", 1.0, 0.0, "States.TaskFailed"),
    ("CallFlakyApi", 1.0, 0.5, "States.TaskFailed"),
)

_RETRY_DEMO: str = json.dumps(
    {
        "Comment": "One flaky call with exponential backoff, caught when retries run out",
        "StartAt": "CallFlakyApi",
        "States": {
            "CallFlakyApi": {
                "Type": "Task",
                "Resource": _ARN + "flaky-api",
                "Retry": [
                    {"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}
                ],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "GiveUp"}],
                "End": True,
            },
            "GiveUp": {"Type": "Pass", "Next": "Failed"},
            "Failed": {"Type": "Fail", "Error": "ApiUnavailable"},
        },
    },
    indent=2,
)

EXAMPLES: dict[str, str] = {"Order fulfilment": ORDER_FULFILMENT, "Retry with backoff": _RETRY_DEMO}

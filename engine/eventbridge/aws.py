"""The EventBridge scenario as AWS takes it: PutRule with the learner's event pattern, PutTargets for
its targets (placeholder ARNs) with the retry policy and dead-letter queue, and the SAM template of
the stack (engine.eventbridge.sam) with the same pattern and targets."""

from __future__ import annotations

import json

from engine.eventbridge.config import BusConfig
from engine.eventbridge.sam import SamSettings, template
from engine.export.aws import ACCOUNT, REGION, Artefact
from engine.export.aws import api as api_call

__all__ = ["RULE", "artefacts"]

RULE = "scalelab-rule"
_ARNS = {
    "lambda": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:OrderHandler",
    "sqs": f"arn:aws:sqs:{REGION}:{ACCOUNT}:scalelab-orders",
    "sns": f"arn:aws:sns:{REGION}:{ACCOUNT}:scalelab-orders",
    "stepfunctions": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:scalelab",
    "kinesis": f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/scalelab-stream",
}
_ROLE = f"arn:aws:iam::{ACCOUNT}:role/scalelab-eventbridge"


def _compact(pattern: str) -> str:
    try:
        return json.dumps(json.loads(pattern), separators=(",", ":"))
    except ValueError:
        return pattern


def artefacts(c: BusConfig) -> tuple[Artefact, ...]:
    """Every artefact of an EventBridge scenario."""
    pattern = _compact(c.pattern)
    rule = {"Name": RULE, "EventPattern": pattern, "State": "ENABLED", "EventBusName": "default"}
    targets = []
    for i, t in enumerate(c.targets):
        target = {
            "Id": f"{t}-{i + 1}",
            "Arn": _ARNS.get(t, _ARNS["lambda"]),
            "RetryPolicy": {
                "MaximumRetryAttempts": int(c.retry_attempts),
                "MaximumEventAgeInSeconds": int(c.retry_max_age_s),
            },
        }
        if t in ("stepfunctions", "kinesis"):
            target["RoleArn"] = _ROLE
        if t == "kinesis":
            target["KinesisParameters"] = {"PartitionKeyPath": "$.id"}
        if c.dlq:
            target["DeadLetterConfig"] = {"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:scalelab-rule-dlq"}
        targets.append(target)
    arts = [
        api_call("PutRule", "events", "PutRule", rule),
        api_call("PutTargets", "events", "PutTargets", {"Rule": RULE, "EventBusName": "default", "Targets": targets}),
    ]
    try:
        sam = template(SamSettings(pattern=c.pattern, targets=tuple(c.targets)))
    except ValueError:
        sam = template(SamSettings())
    arts.append(Artefact("SAM template", "sam", sam, "sam deploy --guided --template-file sam-template.yaml"))
    return tuple(arts)

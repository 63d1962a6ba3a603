"""The coupling scenario as AWS takes it: the queue between the tiers (CreateQueue with the
visibility timeout and retention), and for Lambda workers the event source mapping's maximum
concurrency. The synchronous chain has no AWS setting."""

from __future__ import annotations

from engine.coupling.config import CouplingConfig
from engine.export.aws import ACCOUNT, REGION, Artefact, api

__all__ = ["artefacts"]


def artefacts(c: CouplingConfig) -> tuple[Artefact, ...]:
    """The loosely coupled side's queue (and Lambda event source mapping)."""
    attrs = {"VisibilityTimeout": str(int(c.visibility_timeout_s)), "MessageRetentionPeriod": str(int(c.retention_s))}
    arts = [api("CreateQueue", "sqs", "CreateQueue", {"QueueName": "scalelab-work", "Attributes": attrs})]
    if c.worker == "lambda":
        body = {
            "FunctionName": "scalelab-worker",
            "EventSourceArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:scalelab-work",
            "ScalingConfig": {"MaximumConcurrency": max(2, int(c.lambda_max_concurrency))},
        }
        arts.append(api("CreateEventSourceMapping", "lambda", "CreateEventSourceMapping", body))
    return tuple(arts)

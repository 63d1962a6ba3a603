"""The queue scenario as AWS takes it: CreateQueue with its attributes (visibility timeout,
retention, delay, FIFO and content-based deduplication, §4), the dead-letter queue and the
RedrivePolicy JSON (maxReceiveCount), and for the SNS fan-out Subscribe with its FilterPolicy and
FilterPolicyScope. SQS attribute values are strings (the API model says so)."""

from __future__ import annotations

import json

from engine.export.aws import ACCOUNT, REGION, Artefact, api, note
from engine.queues.config import QueueConfig
from engine.queues.sns import FanoutConfig

__all__ = ["QUEUE", "artefacts"]

QUEUE = "scalelab-queue"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:scalelab-topic"


def _queue(c: QueueConfig) -> tuple[Artefact, ...]:
    fifo = c.queue_type == "fifo"
    suffix = ".fifo" if fifo else ""
    attrs = {
        "VisibilityTimeout": str(int(c.visibility_timeout_s)),
        "MessageRetentionPeriod": str(int(c.retention_s)),
        "DelaySeconds": str(int(c.delay_s)),
    }
    if c.message_kb > 256:  # past the course notes' 256 KB: AWS today's 1 MiB limit (§4)
        attrs["MaximumMessageSize"] = "1048576"
    if fifo:
        attrs |= {"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    arts = []
    if c.dlq:
        dlq = f"{QUEUE}-dlq{suffix}"
        dlq_attrs = {"MessageRetentionPeriod": "1209600", **({"FifoQueue": "true"} if fifo else {})}
        arts.append(
            api("CreateQueue dead-letter queue", "sqs", "CreateQueue", {"QueueName": dlq, "Attributes": dlq_attrs})
        )
        redrive = {
            "deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{dlq}",
            "maxReceiveCount": int(c.max_receive_count),
        }
        attrs["RedrivePolicy"] = json.dumps(redrive)
    notes = []
    if c.per_message_delays:
        notes.append("Per-message delays are SendMessage's DelaySeconds (message timers), set by the producer.")
    if c.scaling != "fixed":
        notes.append(
            "Consumers scaling on the backlog is an EC2 Auto Scaling target-tracking policy on a custom metric "
            "(backlog per instance = ApproximateNumberOfMessagesVisible ÷ InService instances), not a queue attribute."
        )
    arts.insert(0, api("CreateQueue", "sqs", "CreateQueue", {"QueueName": QUEUE + suffix, "Attributes": attrs}, *notes))
    return tuple(arts)


def _fanout(c: FanoutConfig) -> tuple[Artefact, ...]:
    arts = []
    for i, s in enumerate(c.subscriptions):
        name = "scalelab-" + "".join(ch if ch.isalnum() else "-" for ch in s.name.lower()).strip("-")
        endpoint = {
            "sqs": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}",
            "lambda": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}",
        }.get(s.protocol, "https://example.com/scalelab-webhook")
        attrs: dict[str, str] = {}
        if s.filter_policy:
            attrs = {"FilterPolicy": s.filter_policy, "FilterPolicyScope": s.filter_scope}
        elif s.filter_types:
            attrs = {
                "FilterPolicy": json.dumps({"type": list(s.filter_types)}),
                "FilterPolicyScope": "MessageAttributes",
            }
        protocol = s.protocol if s.protocol in ("sqs", "lambda") else "https"
        body = {"TopicArn": TOPIC, "Protocol": protocol, "Endpoint": endpoint, "ReturnSubscriptionArn": True}
        if attrs:
            body["Attributes"] = attrs
        arts.append(api(f"Subscribe {i + 1} {s.name}", "sns", "Subscribe", body))
    return tuple(arts)


def artefacts(c: QueueConfig | FanoutConfig) -> tuple[Artefact, ...]:
    """Every artefact of a queue or fan-out scenario."""
    if isinstance(c, FanoutConfig):
        return _fanout(c)
    if isinstance(c, QueueConfig):
        return _queue(c)
    return (note("Nothing to export", "This configuration has no AWS form."),)

"""One plain-language lead per event kind: the words a learner reads before the engine's sentence.

The engine's sentences carry the numbers and the rule (``cooldown 300 s still running: 2 of 3
alarm breaches held back``); where that jargon is dense, the event log opens the row with a short
lead that says what happened in everyday words. Keyed by the event-log kind (the tags declared with
each lab's :class:`engine.kernel.events.EventKinds`, or written by its explain module); a kind that
reads plainly on its own (``scale_out``: "desired 2 → 3") has none, so a lead never just repeats
the sentence.
"""

from __future__ import annotations

__all__ = ["LEADS", "kind_label", "lead_for"]

LEADS: dict[str, str] = {
    # compute scaling (Auto Scaling groups, vertical scaling, Batch, EMR)
    "suppressed": "The group waited: cooldown or warm-up held this change back",
    "capped": "The group hit its minimum or maximum size",
    "refused": "A change was refused: it breaks a limit",
    "replace": "Unhealthy instances were replaced",
    "unhealthy": "A health check failed",
    "predictive": "Predictive scaling raised capacity ahead of the forecast",
    "max_raised": "The maximum was raised for the forecast",
    "scale_up": "A bigger instance type: more capacity per instance",
    "restarted": "The instance restarted to change size: capacity was down meanwhile",
    "ceiling": "The largest instance type is reached: only more instances can help",
    "spot_interruption": "AWS took a Spot instance back",
    "unplaceable": "No instance type can run this job",
    "core_lost": "A core node was lost: its HDFS data goes with it",
    "task_lost": "A task node was lost: only its running work is redone",
    # partitions and shards (DynamoDB, Kinesis)
    "split": "A partition (or shard) split: one became two, each with its own limit",
    "merge": "Two shards became one: fewer shards to pay for",
    "expiry": "Records aged out of retention before being read: data lost",
    "throttle": "Requests refused: over the limit",
    "decrease_refused": "A decrease was refused: the daily limit on decreases is used up",
    "zero_traffic": "No traffic: auto scaling does not scale in on zero requests",
    "zero_traffic_hold": "No traffic: capacity stays where it is",
    "workaround": "An operator's workaround: capacity set by hand",
    # functions (Lambda)
    "cold_start": "New execution environments started: those requests waited for a cold start",
    "at_cap": "Concurrency reached its limit",
    "rate_limit": "Concurrency could not grow faster: the scaling rate limit",
    # queues, topics and brokers (SQS, SNS, Amazon MQ, coupling)
    "redelivery": "A message came back: its visibility timeout ran out before it was deleted",
    "dead_letter": "A message went to the dead-letter queue after too many receives",
    "expired": "Messages were deleted unread: retention ran out",
    "poison": "A message that always fails is blocking its group",
    "saturated": "A component is saturated: work piles up in front of it",
    "flow_control": "The broker slowed the producers down",
    "fifo_limit": "The FIFO throughput limit was reached",
    # edges and workflows (CloudFront, EventBridge, Step Functions)
    "origin_saturated": "The origin is overloaded: cache misses wait",
    "origin_shield": "Origin Shield absorbed requests for the edges",
    "invalidation_rejected": "An invalidation was refused: over the limit",
    "retries_exhausted": "Every retry failed: the work is given up",
    "caught": "A Catch handled the error",
    "truncated": "The log is full: later events were not kept",
}
"""Event kind -> plain-language lead (one line, no numbers: the sentence after it has them)."""


def lead_for(kind: str) -> str:
    """The plain-language lead of ``kind`` ("" when the kind reads plainly on its own); a kind a
    page prefixed with its side (``vertical · scale_up``) has the lead of its last part."""
    return LEADS.get(str(kind).rsplit(" · ", 1)[-1], "")


def kind_label(kind: str) -> str:
    """An event kind as the log names it: ``scale_out`` -> ``scale out``."""
    return str(kind).replace("_", " ")
